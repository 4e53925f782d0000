//! Owns the Flex wrapper classes: [`ArrayCollection<T>`] and
//! [`ObjectProxy<T>`] (externalizable, one AMF3 value as the body), and the
//! ordered [`Headers`] map of a message.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::value::Value;

// The prefix of these names is `crate::tokens::EXTERNAL_VALUE_PREFIX`.
const ARRAY_COLLECTION_TOKEN: &str =
    "$amf_serde::private::external_value::flex.messaging.io.ArrayCollection";
const OBJECT_PROXY_TOKEN: &str =
    "$amf_serde::private::external_value::flex.messaging.io.ObjectProxy";

/// Class alias of [`ArrayCollection`].
pub const ARRAY_COLLECTION: &str = "flex.messaging.io.ArrayCollection";
/// Class alias of [`ObjectProxy`].
pub const OBJECT_PROXY: &str = "flex.messaging.io.ObjectProxy";

/// `flex.messaging.io.ArrayCollection` (`mx.collections.ArrayCollection`):
/// a list, written as an externalizable object whose body is the source
/// array. What BlazeDS sends for every Java `Collection`.
///
/// Decoding accepts the externalizable form, a plain array or vector, and
/// (old peers) an object with a `source` member. Elements are read
/// straight into `T` (no intermediate [`Value`]).
///
/// ```
/// use amf_serde::flex::ArrayCollection;
///
/// // An ArrayCollection of one string, as Flex writes it
/// let bytes = amf_serde::to_vec(&ArrayCollection(vec!["eggs"]))?;
/// let mut expected = vec![0x0a, 0x07, 0x43];
/// expected.extend(b"flex.messaging.io.ArrayCollection");
/// expected.extend([0x09, 0x03, 0x01, 0x06, 0x09, b'e', b'g', b'g', b's']);
/// assert_eq!(bytes, expected);
/// let back: ArrayCollection<&str> = amf_serde::from_slice(&bytes)?;
/// assert_eq!(back.0, ["eggs"]);
/// // a plain array is accepted too
/// let plain: ArrayCollection<&str> = amf_serde::from_slice(&bytes[36..])?;
/// assert_eq!(plain, back);
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArrayCollection<T = Value>(pub Vec<T>);

impl<T> Default for ArrayCollection<T> {
    fn default() -> Self {
        ArrayCollection(Vec::new())
    }
}

impl<T> std::ops::Deref for ArrayCollection<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> std::ops::DerefMut for ArrayCollection<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> From<Vec<T>> for ArrayCollection<T> {
    fn from(v: Vec<T>) -> Self {
        ArrayCollection(v)
    }
}

impl<T> FromIterator<T> for ArrayCollection<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        ArrayCollection(iter.into_iter().collect())
    }
}

impl<T> IntoIterator for ArrayCollection<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: Serialize> Serialize for ArrayCollection<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(ARRAY_COLLECTION_TOKEN, &self.0)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ArrayCollection<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = ArrayCollection<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ArrayCollection (an array, or an object with a `source` array)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(x) = seq.next_element()? {
                    v.push(x);
                }
                Ok(ArrayCollection(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut source = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "source" && source.is_none() {
                        source = Some(map.next_value::<Vec<T>>()?);
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                source
                    .map(ArrayCollection)
                    .ok_or_else(|| de::Error::missing_field("source"))
            }
        }
        deserializer.deserialize_seq(V(PhantomData))
    }
}

/// `flex.messaging.io.ObjectProxy` (`mx.utils.ObjectProxy`): an object
/// wrapped for change notification, written as an externalizable object
/// whose body is the wrapped object. `T` is a struct or a map (or
/// [`Value`]).
///
/// Decoding accepts the three forms writers use: a dynamic anonymous
/// object (Flex, PyAMF), a sealed anonymous object (BlazeDS), an
/// associative array (BlazeDS `legacyMap`).
///
/// ```
/// use std::collections::BTreeMap;
/// use amf_serde::flex::ObjectProxy;
///
/// let mut m = BTreeMap::new();
/// m.insert("a", "spam");
/// let bytes = amf_serde::to_vec(&ObjectProxy(m.clone()))?;
/// // The PyAMF form
/// let mut expected = vec![0x0a, 0x07, 0x3b];
/// expected.extend(b"flex.messaging.io.ObjectProxy");
/// expected.extend([0x0a, 0x0b, 0x01, 0x03, b'a', 0x06, 0x09, b's', b'p', b'a', b'm', 0x01]);
/// assert_eq!(bytes, expected);
/// let back: ObjectProxy<BTreeMap<&str, &str>> = amf_serde::from_slice(&bytes)?;
/// assert_eq!(back.0, m);
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ObjectProxy<T = Value>(pub T);

impl<T> std::ops::Deref for ObjectProxy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for ObjectProxy<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Serialize> Serialize for ObjectProxy<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(OBJECT_PROXY_TOKEN, &self.0)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectProxy<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(ObjectProxy)
    }
}

/// The `headers` of a Flex message: string keys in the order they were
/// read or inserted, [`Value`] values. Written as an anonymous dynamic
/// object, as Flash Player does.
///
/// ```
/// use amf_serde::flex::{Headers, DS_ID};
/// use amf_serde::Value;
///
/// let mut h = Headers::new();
/// h.insert(DS_ID, "nil");
/// h.insert("DSMessagingVersion", 1);
/// assert_eq!(h.get_str(DS_ID), Some("nil"));
/// assert_eq!(h.get("DSMessagingVersion"), Some(&Value::Integer(1)));
/// assert_eq!(h.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Headers(Vec<(String, Value)>);

impl Headers {
    /// No headers.
    pub const fn new() -> Self {
        Headers(Vec::new())
    }

    /// The value of header `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The value of header `name` if it is a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// Sets header `name` (in place if present, else at the end) and
    /// returns the old value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        let name = name.into();
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Removes header `name`.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(i).1)
    }

    /// The headers in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of headers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `true` if there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut h = Headers::new();
        for (k, v) in iter {
            h.insert(k, v);
        }
        h
    }
}

impl Serialize for Headers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Headers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("message headers (an object) or null")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Headers, A::Error> {
                // A repeated name keeps its first place and its last value.
                // Past a few entries the names are indexed, so that input
                // with many members stays linear.
                let mut h: Vec<(String, Value)> = Vec::new();
                let mut index: std::collections::HashMap<String, usize> =
                    std::collections::HashMap::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    if h.len() == 16 {
                        index.extend(h.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)));
                    }
                    let found = if h.len() < 16 {
                        h.iter().position(|(name, _)| *name == k)
                    } else {
                        index.get(&k).copied()
                    };
                    match found {
                        Some(i) => h[i].1 = v,
                        None => {
                            if h.len() >= 16 {
                                index.insert(k.clone(), h.len());
                            }
                            h.push((k, v));
                        }
                    }
                }
                Ok(Headers(h))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Headers, E> {
                Ok(Headers::new())
            }
            fn visit_none<E: de::Error>(self) -> Result<Headers, E> {
                Ok(Headers::new())
            }
        }
        deserializer.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_decode_keeps_first_place_last_value() {
        let mut members: Vec<(String, Value)> = (0..40)
            .map(|i| (format!("k{}", i % 30), Value::from(i)))
            .collect();
        members.push(("k3".into(), Value::from("last")));
        let obj = Value::from(crate::types::Object::anonymous(members));
        let bytes = crate::to_vec(&obj).unwrap();
        let h: Headers = crate::from_slice(&bytes).unwrap();
        assert_eq!(h.len(), 30);
        assert_eq!(h.iter().next().map(|(k, _)| k), Some("k0"));
        assert_eq!(h.get("k3"), Some(&Value::from("last")));
        assert_eq!(h.get("k29"), Some(&Value::from(29)));
        assert_eq!(h.get("k5"), Some(&Value::from(35)));
        assert_eq!(h.iter().nth(5).map(|(k, _)| k), Some("k5"));
    }

    #[test]
    fn tokens_match_the_prefix_and_aliases() {
        use crate::tokens::EXTERNAL_VALUE_PREFIX;
        assert_eq!(
            ARRAY_COLLECTION_TOKEN,
            format!("{EXTERNAL_VALUE_PREFIX}{ARRAY_COLLECTION}")
        );
        assert_eq!(
            OBJECT_PROXY_TOKEN,
            format!("{EXTERNAL_VALUE_PREFIX}{OBJECT_PROXY}")
        );
    }
}
