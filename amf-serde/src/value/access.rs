//! serde_json's everyday `Value` API: accessors, predicates, mutation
//! (copy-on-write through shared nodes), JSON pointers, comparisons with
//! primitives and conversions from Rust values.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{int_value, Index, Value};
use crate::error::{Error, ErrorCode};
use crate::types::{
    Array, ByteArray, Date, Dictionary, EcmaArray, External, Members, Name, Object, ObjectVector,
    Vector, Xml, XmlDocument,
};

impl Value {
    /// The value inside a [`Value::Amf3`], mutably (the value itself
    /// otherwise).
    pub fn inner_mut(&mut self) -> &mut Value {
        match self {
            Value::Amf3(v) => v.inner_mut(),
            v => v,
        }
    }

    /// `true` for `null` and `undefined` (AMF's two empty values; use
    /// [`is_undefined`](Value::is_undefined) to tell them apart).
    pub fn is_null(&self) -> bool {
        matches!(self.inner(), Value::Null | Value::Undefined)
    }

    /// `true` for `undefined`.
    pub fn is_undefined(&self) -> bool {
        matches!(self.inner(), Value::Undefined)
    }

    /// `Some(())` for `null` and `undefined`.
    pub fn as_null(&self) -> Option<()> {
        self.is_null().then_some(())
    }

    /// `true` for booleans.
    pub fn is_boolean(&self) -> bool {
        self.as_bool().is_some()
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self.inner() {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// `true` for numbers ([`Value::Integer`] and [`Value::Double`]).
    pub fn is_number(&self) -> bool {
        matches!(self.inner(), Value::Integer(_) | Value::Double(_))
    }

    /// `true` if [`as_i64`](Value::as_i64) is `Some`.
    pub fn is_i64(&self) -> bool {
        self.as_i64().is_some()
    }

    /// `true` if [`as_u64`](Value::as_u64) is `Some`.
    pub fn is_u64(&self) -> bool {
        self.as_u64().is_some()
    }

    /// `true` for [`Value::Double`] (AMF writes integers outside
    /// −2^28 … 2^28−1 as doubles, so an integral double is still a double
    /// here, while [`is_i64`](Value::is_i64) is true for it too).
    pub fn is_f64(&self) -> bool {
        matches!(self.inner(), Value::Double(_))
    }

    /// The number as `f64`, for integers and doubles.
    pub fn as_f64(&self) -> Option<f64> {
        match self.inner() {
            Value::Integer(i) => Some(f64::from(*i)),
            Value::Double(d) => Some(*d),
            _ => None,
        }
    }

    /// The number as `i64`, for integers and integral doubles in range
    /// (AMF has no 64-bit integers: larger ones arrive as doubles).
    pub fn as_i64(&self) -> Option<i64> {
        match self.inner() {
            Value::Integer(i) => Some(i64::from(*i)),
            Value::Double(d) => crate::num::f64_to_i64(*d),
            _ => None,
        }
    }

    /// The number as `u64`, for non-negative integers and integral doubles
    /// in range.
    pub fn as_u64(&self) -> Option<u64> {
        match self.inner() {
            Value::Integer(i) => u64::try_from(*i).ok(),
            Value::Double(d) => crate::num::f64_to_u64(*d),
            _ => None,
        }
    }

    /// `true` for strings.
    pub fn is_string(&self) -> bool {
        matches!(self.inner(), Value::String(_))
    }

    /// The string, for strings, XML and XML documents.
    pub fn as_str(&self) -> Option<&str> {
        match self.inner() {
            Value::String(s) => Some(s),
            Value::Xml(x) => Some(&x.0),
            Value::XmlDocument(x) => Some(&x.0),
            _ => None,
        }
    }

    /// The string, mutably (strings only).
    pub fn as_string_mut(&mut self) -> Option<&mut String> {
        match self.inner_mut() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes of a ByteArray.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self.inner() {
            Value::ByteArray(b) => Some(&b.0),
            _ => None,
        }
    }

    /// The bytes of a ByteArray, mutably (copy-on-write, see
    /// [`get_mut`](Value::get_mut)).
    pub fn as_bytes_mut(&mut self) -> Option<&mut Vec<u8>> {
        match self.inner_mut() {
            Value::ByteArray(b) => Some(&mut Arc::make_mut(b).0),
            _ => None,
        }
    }

    /// The date.
    pub fn as_date(&self) -> Option<&Date> {
        match self.inner() {
            Value::Date(d) => Some(d),
            _ => None,
        }
    }

    /// `true` for arrays (dense and/or associative).
    pub fn is_array(&self) -> bool {
        matches!(self.inner(), Value::Array(_))
    }

    /// The array (it derefs to its dense part, a slice).
    pub fn as_array(&self) -> Option<&Array> {
        match self.inner() {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The array, mutably (copy-on-write, see [`get_mut`](Value::get_mut)).
    pub fn as_array_mut(&mut self) -> Option<&mut Array> {
        match self.inner_mut() {
            Value::Array(a) => Some(Arc::make_mut(a)),
            _ => None,
        }
    }

    /// `true` for objects (anonymous or typed).
    pub fn is_object(&self) -> bool {
        matches!(self.inner(), Value::Object(_))
    }

    /// The object.
    pub fn as_object(&self) -> Option<&Object> {
        match self.inner() {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The object, mutably (copy-on-write, see [`get_mut`](Value::get_mut)).
    pub fn as_object_mut(&mut self) -> Option<&mut Object> {
        match self.inner_mut() {
            Value::Object(o) => Some(Arc::make_mut(o)),
            _ => None,
        }
    }

    /// The AMF0 ECMA array.
    pub fn as_ecma_array(&self) -> Option<&EcmaArray> {
        match self.inner() {
            Value::EcmaArray(e) => Some(e),
            _ => None,
        }
    }

    /// The AMF0 ECMA array, mutably (copy-on-write).
    pub fn as_ecma_array_mut(&mut self) -> Option<&mut EcmaArray> {
        match self.inner_mut() {
            Value::EcmaArray(e) => Some(Arc::make_mut(e)),
            _ => None,
        }
    }

    /// The object vector.
    pub fn as_object_vector(&self) -> Option<&ObjectVector> {
        match self.inner() {
            Value::VectorObject(v) => Some(v),
            _ => None,
        }
    }

    /// The dictionary.
    pub fn as_dictionary(&self) -> Option<&Dictionary> {
        match self.inner() {
            Value::Dictionary(d) => Some(d),
            _ => None,
        }
    }

    /// The dictionary, mutably (copy-on-write).
    pub fn as_dictionary_mut(&mut self) -> Option<&mut Dictionary> {
        match self.inner_mut() {
            Value::Dictionary(d) => Some(Arc::make_mut(d)),
            _ => None,
        }
    }

    /// The externalizable object.
    pub fn as_external(&self) -> Option<&External> {
        match self.inner() {
            Value::External(e) => Some(e),
            _ => None,
        }
    }

    /// The class alias of a typed object or externalizable object.
    pub fn class(&self) -> Option<&str> {
        match self.inner() {
            Value::Object(o) if !o.class.is_empty() => Some(&o.class),
            Value::External(e) => Some(&e.class),
            _ => None,
        }
    }

    /// Looks up `index` (a `&str` member or key, or a `usize` position);
    /// `None` if absent. Lookups see through [`Value::Amf3`] but not through
    /// a [`Value::Cycle`] (use [`Cycle::upgrade`](super::Cycle::upgrade) to
    /// get the node).
    ///
    /// A `usize` indexes the dense part of an array (then its associative
    /// part under the decimal key, where AMF puts indices after a gap), an
    /// object vector, and an ECMA array by its decimal key; a `&str` finds
    /// object members, associative-array and ECMA-array keys and
    /// string-keyed dictionary entries.
    pub fn get<I: Index>(&self, index: I) -> Option<&Value> {
        index.index_into(self)
    }

    /// Like [`get`](Value::get), mutably.
    ///
    /// # Shared nodes: copy-on-write
    ///
    /// Complex values sit behind an [`Arc`], and a decoded value can hold
    /// one node in several places (an object referenced twice). Changing a
    /// node through one holder never changes what the other holders see:
    /// the mutable accessors ([`get_mut`](Value::get_mut), `value[..] = …`,
    /// [`as_object_mut`](Value::as_object_mut),
    /// [`pointer_mut`](Value::pointer_mut), …) call [`Arc::make_mut`], which
    /// changes an unshared node in place and gives a shared one its own copy
    /// first (shallow: the children stay shared). This is how
    /// `serde_json::Value` behaves (values, not references), and it keeps a
    /// value that is being written by one thread unchanged while another
    /// edits its copy. To change a node for every holder, build the value
    /// with the change (or use [`Arc`]s you keep yourself).
    ///
    /// A node that a [`Value::Cycle`] points back at is detached by a
    /// change (the cycle's weak pointer then no longer reaches it and
    /// [`Cycle::upgrade`](super::Cycle::upgrade) gives `None`): edit cyclic
    /// values by building them again with [`Arc::new_cyclic`].
    ///
    /// A lookup that finds nothing does not copy anything.
    ///
    /// ```
    /// use amf_serde::{amf_value, Value};
    ///
    /// // [o, o]: one object, two holders (as decoded from references)
    /// let o = amf_value!({"n": 1});
    /// let mut v = Value::from(vec![o.clone(), o]);
    /// assert!(v[0].ptr_eq(&v[1]));
    /// *v[0].get_mut("n").unwrap() = Value::from(2);
    /// assert_eq!(v[0]["n"], 2);
    /// assert_eq!(v[1]["n"], 1); // the other holder keeps the old node
    /// assert!(!v[0].ptr_eq(&v[1]));
    /// ```
    pub fn get_mut<I: Index>(&mut self, index: I) -> Option<&mut Value> {
        index.index_into(self)?;
        index.index_into_mut(self)
    }

    /// Takes the value out, leaving `Null` (like `serde_json`'s `take`).
    pub fn take(&mut self) -> Value {
        std::mem::replace(self, Value::Null)
    }

    /// Looks up a value by a JSON Pointer (RFC 6901): `""` is the value
    /// itself, `"/a/0"` member `a`, then position 0; `~1` stands for `/`
    /// and `~0` for `~` in a key.
    ///
    /// ```
    /// let v = amf_serde::amf_value!({"x": {"y": ["a", "b"]}, "a/b": 1});
    /// assert_eq!(v.pointer("/x/y/1"), Some(&"b".into()));
    /// assert_eq!(v.pointer("/a~1b"), Some(&1.into()));
    /// assert_eq!(v.pointer("/x/z"), None);
    /// ```
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        let mut target = self;
        for token in tokens(pointer)? {
            target = step(target, &token)?;
        }
        Some(target)
    }

    /// Like [`pointer`](Value::pointer), mutably (copy-on-write, see
    /// [`get_mut`](Value::get_mut)).
    ///
    /// ```
    /// let mut v = amf_serde::amf_value!({"x": {"y": [1, 2]}});
    /// *v.pointer_mut("/x/y/0").unwrap() = 5.into();
    /// assert_eq!(v["x"]["y"][0], 5);
    /// ```
    pub fn pointer_mut(&mut self, pointer: &str) -> Option<&mut Value> {
        self.pointer(pointer)?;
        let mut target = self;
        for token in tokens(pointer)? {
            target = match pointer_index(target, &token) {
                Some(i) => target.get_mut(i)?,
                None => target.get_mut(token.as_ref())?,
            };
        }
        Some(target)
    }
}

/// The reference tokens of a JSON pointer, unescaped.
fn tokens(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return None;
    }
    Some(pointer.split('/').skip(1).map(|t| {
        if t.contains('~') {
            Cow::Owned(t.replace("~1", "/").replace("~0", "~"))
        } else {
            Cow::Borrowed(t)
        }
    }))
}

/// The position a token names in a sequence-like `v`: digits without a
/// leading zero (RFC 6901).
fn pointer_index(v: &Value, token: &str) -> Option<usize> {
    if !matches!(v.inner(), Value::Array(_) | Value::VectorObject(_)) {
        return None;
    }
    if token.is_empty()
        || !token.bytes().all(|b| b.is_ascii_digit())
        || (token.len() > 1 && token.starts_with('0'))
    {
        return None;
    }
    token.parse().ok()
}

fn step<'v>(v: &'v Value, token: &str) -> Option<&'v Value> {
    match pointer_index(v, token) {
        Some(i) => v.get(i),
        None => v.get(token),
    }
}

// ------------------------------------------------------------ comparisons

impl PartialEq<str> for Value {
    /// `true` for a string with this text.
    fn eq(&self, other: &str) -> bool {
        matches!(self.inner(), Value::String(s) if s == other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<String> for Value {
    fn eq(&self, other: &String) -> bool {
        *self == **other
    }
}

impl PartialEq<Value> for str {
    fn eq(&self, other: &Value) -> bool {
        *other == *self
    }
}

impl PartialEq<Value> for &str {
    fn eq(&self, other: &Value) -> bool {
        *other == **self
    }
}

impl PartialEq<Value> for String {
    fn eq(&self, other: &Value) -> bool {
        *other == **self
    }
}

macro_rules! eq_prim {
    ($($ty:ty => |$v:ident, $o:ident| $e:expr;)*) => {$(
        impl PartialEq<$ty> for Value {
            fn eq(&self, other: &$ty) -> bool {
                let ($v, $o) = (self.inner(), *other);
                $e
            }
        }

        impl PartialEq<$ty> for &Value {
            fn eq(&self, other: &$ty) -> bool {
                **self == *other
            }
        }

        impl PartialEq<$ty> for &mut Value {
            fn eq(&self, other: &$ty) -> bool {
                **self == *other
            }
        }

        impl PartialEq<Value> for $ty {
            fn eq(&self, other: &Value) -> bool {
                *other == *self
            }
        }
    )*};
}

eq_prim! {
    bool => |v, o| v.as_bool() == Some(o);
    i8 => |v, o| v.as_i64() == Some(i64::from(o));
    i16 => |v, o| v.as_i64() == Some(i64::from(o));
    i32 => |v, o| v.as_i64() == Some(i64::from(o));
    i64 => |v, o| v.as_i64() == Some(o);
    isize => |v, o| v.as_i64().map(i128::from) == Some(o as i128);
    u8 => |v, o| v.as_u64() == Some(u64::from(o));
    u16 => |v, o| v.as_u64() == Some(u64::from(o));
    u32 => |v, o| v.as_u64() == Some(u64::from(o));
    u64 => |v, o| v.as_u64() == Some(o);
    usize => |v, o| v.as_u64().map(u128::from) == Some(o as u128);
    f32 => |v, o| v.as_f64() == Some(f64::from(o));
    f64 => |v, o| v.as_f64() == Some(o);
}

// ------------------------------------------------------------ conversions

macro_rules! from_impls {
    ($($ty:ty => |$v:ident| $e:expr;)*) => {$(
        impl From<$ty> for Value {
            fn from($v: $ty) -> Value {
                $e
            }
        }
    )*};
}

from_impls! {
    () => |_v| Value::Null;
    bool => |v| Value::Bool(v);
    i8 => |v| Value::Integer(v.into());
    i16 => |v| Value::Integer(v.into());
    u8 => |v| Value::Integer(v.into());
    u16 => |v| Value::Integer(v.into());
    i32 => |v| int_value(v.into());
    u32 => |v| int_value(v.into());
    f32 => |v| Value::Double(v.into());
    f64 => |v| Value::Double(v);
    char => |v| Value::String(v.to_string());
    String => |v| Value::String(v);
    &str => |v| Value::String(v.to_owned());
    &String => |v| Value::String(v.clone());
    Cow<'_, str> => |v| Value::String(v.into_owned());
    Date => |v| Value::Date(Arc::new(v));
    ByteArray => |v| Value::ByteArray(Arc::new(v));
    Xml => |v| Value::Xml(Arc::new(v));
    XmlDocument => |v| Value::XmlDocument(Arc::new(v));
    Array => |v| Value::Array(Arc::new(v));
    Object => |v| Value::Object(Arc::new(v));
    External => |v| Value::External(Arc::new(v));
    Vector<i32> => |v| Value::VectorInt(Arc::new(v));
    Vector<u32> => |v| Value::VectorUint(Arc::new(v));
    Vector<f64> => |v| Value::VectorDouble(Arc::new(v));
    ObjectVector => |v| Value::VectorObject(Arc::new(v));
    Dictionary => |v| Value::Dictionary(Arc::new(v));
    EcmaArray => |v| Value::EcmaArray(Arc::new(v));
    Members => |v| Value::Object(Arc::new(Object {
        class: Name::default(),
        sealed: Members::new(),
        dynamic: Some(v),
        traits_copy: 0,
    }));
    crate::types::Undefined => |_v| Value::Undefined;
}

/// An integer that a double holds exactly, as AMF3 carries it.
fn exact(v: i128) -> Result<Value, Error> {
    const LIMIT: i128 = 1 << 53;
    if (-LIMIT..=LIMIT).contains(&v) {
        Ok(int_value(v as i64))
    } else {
        Err(Error::code(ErrorCode::NotExactlyRepresentable {
            what: "integer",
            value: v.to_string().into(),
        }))
    }
}

macro_rules! try_from_int {
    ($($ty:ty),*) => {$(
        impl TryFrom<$ty> for Value {
            type Error = Error;

            /// The integer as a number, if a double holds it exactly
            /// (|v| ≤ 2^53); AMF has no wider integers.
            fn try_from(v: $ty) -> Result<Value, Error> {
                exact(v as i128)
            }
        }
    )*};
}

try_from_int!(isize, usize);

impl<T: Into<Value>> From<Option<T>> for Value {
    /// `None` is `null`.
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    /// A dense array.
    fn from(v: Vec<T>) -> Value {
        v.into_iter().collect()
    }
}

impl<T: Clone + Into<Value>> From<&[T]> for Value {
    /// A dense array of clones.
    fn from(v: &[T]) -> Value {
        v.iter().cloned().collect()
    }
}

impl<T: Into<Value>, const N: usize> From<[T; N]> for Value {
    /// A dense array.
    fn from(v: [T; N]) -> Value {
        v.into_iter().collect()
    }
}

impl<K: Into<Name>, V: Into<Value>> From<BTreeMap<K, V>> for Value {
    /// An anonymous dynamic object, members in key order.
    fn from(m: BTreeMap<K, V>) -> Value {
        m.into_iter().collect()
    }
}

impl<K: Into<Name>, V: Into<Value>, S> From<HashMap<K, V, S>> for Value {
    /// An anonymous dynamic object, members in the map's iteration order.
    fn from(m: HashMap<K, V, S>) -> Value {
        m.into_iter().collect()
    }
}

impl<T: Into<Value>> FromIterator<T> for Value {
    /// A dense array.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Value {
        Value::Array(Arc::new(iter.into_iter().map(Into::into).collect()))
    }
}

impl<K: Into<Name>, V: Into<Value>> FromIterator<(K, V)> for Value {
    /// An anonymous dynamic object; a repeated key keeps its first place
    /// and takes the last value (like building a `serde_json::Map`).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Value {
        let mut m = Members::new();
        for (k, v) in iter {
            m.insert(k, v.into());
        }
        Value::from(m)
    }
}
