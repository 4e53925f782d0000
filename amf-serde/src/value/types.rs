//! The serde impls of the types in [`crate::types`]. Every one travels
//! through [`Value`]: to the AMF serializers it is a `Value` node written
//! natively (exact marker, fixed flag, type name…); to other formats it has
//! the plain shape `Value` has there (a date is a number of milliseconds,
//! XML a string, a vector a sequence, a dictionary a map or a list of
//! pairs).

use super::Value;
use crate::types::{
    Array, ByteArray, Date, Dense, Dictionary, Members, Name, ObjectVector, Undefined, Vector,
    VectorItem, Xml, XmlDocument,
};
use std::sync::Arc;

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::ser::{self, Serialize, Serializer};

fn invalid(found: &Value, expected: &str) -> String {
    format!(
        "invalid type: {}, expected {expected}",
        crate::value::kind(found)
    )
}

fn to_value_ser<T: ?Sized + Serialize, E: ser::Error>(v: &T) -> Result<Value, E> {
    crate::value::to_value(v).map_err(E::custom)
}

fn from_value_de<T: DeserializeOwned>(v: Value) -> Result<T, String> {
    crate::value::from_value(v).map_err(|e| e.to_string())
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The AMF serializers take the date from the slot and write it
        // directly; others see `DateBody`, the `Value` path.
        crate::value::hand_over_date(*self, || {
            s.serialize_newtype_struct(crate::value::DATE_TOKEN, &DateBody(*self))
        })
    }
}

/// A [`Date`] as serializers that do not know the date token see it: a
/// [`Value::Date`] (milliseconds, in the plain shape of other formats).
struct DateBody(Date);

impl Serialize for DateBody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::value::serialize_value(Value::Date(Arc::new(self.0)), s)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(crate::value::DATE_TOKEN, DateVisitor)
    }
}

/// The AMF3 deserializer hands a date (or a number) to `visit_f64`; other
/// deserializers call `visit_newtype_struct`, which reads a [`Value`].
struct DateVisitor;

impl<'de> serde::de::Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a date")
    }

    fn visit_f64<E: serde::de::Error>(self, ms: f64) -> Result<Date, E> {
        Ok(Date::from_millis(ms))
    }

    fn visit_i32<E: serde::de::Error>(self, ms: i32) -> Result<Date, E> {
        Ok(Date::from_millis(ms.into()))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Date, D::Error> {
        crate::value::deserialize_via(d, |v| match v.inner() {
            Value::Date(x) => Ok(**x),
            Value::Double(ms) => Ok(Date::from_millis(*ms)),
            Value::Integer(ms) => Ok(Date::from_millis((*ms).into())),
            other => Err(invalid(other, "a date")),
        })
    }
}

impl Serialize for ByteArray {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for ByteArray {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_bytes::ByteBuf::deserialize(d).map(|b| ByteArray(b.into_vec()))
    }
}

macro_rules! text_type {
    ($ty:ident, $variant:ident, $what:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::value::serialize_value(Value::$variant(Arc::new(self.clone())), s)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::value::deserialize_via(d, |v| match v.inner() {
                    Value::$variant(x) => Ok((**x).clone()),
                    Value::String(s) => Ok($ty(s.clone())),
                    other => Err(invalid(other, $what)),
                })
            }
        }
    };
}

text_type!(Xml, Xml, "XML");
text_type!(XmlDocument, XmlDocument, "an XML document");

impl Serialize for Undefined {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::value::serialize_value(Value::Undefined, s)
    }
}

impl<'de> Deserialize<'de> for Undefined {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, |v| match v.inner() {
            Value::Undefined | Value::Null => Ok(Undefined),
            other => Err(invalid(other, "undefined")),
        })
    }
}

impl<T: VectorItem + DeserializeOwned> Serialize for Vector<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::value::serialize_value(T::wrap(self.clone()), s)
    }
}

impl<'de, T: VectorItem + DeserializeOwned> Deserialize<'de> for Vector<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, |v| match T::unwrap(v.inner().clone()) {
            Ok(v) => Ok(v),
            Err(other) => Ok(Vector {
                fixed: false,
                items: from_value_de(other)?,
            }),
        })
    }
}

impl<T: Serialize> Serialize for ObjectVector<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items = self
            .items
            .iter()
            .map(to_value_ser)
            .collect::<Result<Vec<_>, _>>()?;
        let v = ObjectVector {
            fixed: self.fixed,
            type_name: self.type_name.clone(),
            items,
        };
        crate::value::serialize_value(Value::VectorObject(Arc::new(v)), s)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for ObjectVector<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, |v| {
            let (fixed, type_name, items) = match v.inner() {
                Value::VectorObject(v) => (v.fixed, v.type_name.clone(), v.items.clone()),
                other => (
                    false,
                    Name::default(),
                    from_value_de::<Vec<Value>>(other.clone())?,
                ),
            };
            Ok(ObjectVector {
                fixed,
                type_name,
                items: items
                    .into_iter()
                    .map(from_value_de)
                    .collect::<Result<_, _>>()?,
            })
        })
    }
}

impl<K: Serialize, V: Serialize> Serialize for Dictionary<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entries = self
            .entries
            .iter()
            .map(|(k, v)| Ok((to_value_ser(k)?, to_value_ser(v)?)))
            .collect::<Result<Vec<_>, S::Error>>()?;
        let d = Dictionary {
            weak_keys: self.weak_keys,
            entries,
        };
        crate::value::serialize_value(Value::Dictionary(Arc::new(d)), s)
    }
}

impl<'de, K: DeserializeOwned, V: DeserializeOwned> Deserialize<'de> for Dictionary<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, Self::from_value)
    }
}

impl<K: DeserializeOwned, V: DeserializeOwned> Dictionary<K, V> {
    fn from_value(v: Value) -> Result<Self, String> {
        let (weak_keys, entries): (bool, Vec<(Value, Value)>) = match v.inner() {
            Value::Dictionary(d) => (d.weak_keys, d.entries.clone()),
            Value::Object(o) => (
                false,
                o.members()
                    .map(|(k, v)| (Value::String(k.to_string()), v.clone()))
                    .collect(),
            ),
            Value::Array(a) if a.dense.iter().all(|p| p.get(1).is_some()) => (
                false,
                a.dense
                    .iter()
                    .map(|p| (p[0].clone(), p[1].clone()))
                    .collect(),
            ),
            other => return Err(invalid(other, "a dictionary")),
        };
        Ok(Dictionary {
            weak_keys,
            entries: entries
                .into_iter()
                .map(|(k, v)| Ok((from_value_de(k)?, from_value_de(v)?)))
                .collect::<Result<_, String>>()?,
        })
    }
}

impl<V: Serialize> Serialize for Array<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = Array {
            dense: self
                .dense
                .iter()
                .map(to_value_ser)
                .collect::<Result<_, _>>()?,
            assoc: self
                .assoc
                .iter()
                .map(|(k, v)| Ok((k.clone(), to_value_ser(v)?)))
                .collect::<Result<Members, S::Error>>()?
                .into(),
        };
        crate::value::serialize_value(Value::Array(Arc::new(a)), s)
    }
}

impl<'de, V: DeserializeOwned> Deserialize<'de> for Array<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, Self::from_value)
    }
}

impl<V: DeserializeOwned> Array<V> {
    fn from_value(v: Value) -> Result<Self, String> {
        let (dense, assoc) = match v.inner() {
            Value::Array(a) => (a.dense.clone(), a.assoc.clone().into_members()),
            Value::Object(o) => {
                // A JSON object: numeric keys 0, 1, … first are the dense part.
                let members: Vec<(Name, Value)> = o.members().cloned().collect();
                let n = members
                    .iter()
                    .enumerate()
                    .take_while(|(i, (k, _))| *k == i.to_string())
                    .count();
                let mut members = members.into_iter();
                let dense = members.by_ref().take(n).map(|(_, v)| v).collect();
                (dense, members.collect())
            }
            Value::EcmaArray(e) => (Dense::new(), e.entries.clone()),
            other => return Err(invalid(other, "an array")),
        };
        Ok(Array {
            dense: dense
                .into_iter()
                .map(from_value_de)
                .collect::<Result<_, _>>()?,
            assoc: assoc
                .into_iter()
                .map(|(k, v)| Ok((k, from_value_de(v)?)))
                .collect::<Result<Members<V>, String>>()?
                .into(),
        })
    }
}
