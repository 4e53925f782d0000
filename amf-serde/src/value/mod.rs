//! [`Value`]: any AMF value, losslessly, including shared and cyclic
//! references.

use std::sync::Arc;

use crate::types::ByteArray;

mod access;
pub(crate) mod budget;
mod de;
mod display;
mod drop;
mod eq;
mod external;
mod index;
#[cfg(feature = "serde_json")]
mod json;
mod nodes;
mod ser;
mod types;

pub(crate) use de::{collection_source, deserialize_via};
pub use de::{from_value, from_value_with};
pub use index::Index;
pub(crate) use nodes::{Parts, WeakValue};
pub use ser::{to_value, to_value_with};

pub(crate) use crate::tokens::{DATE_TOKEN, VALUE_TOKEN};
pub use crate::types::value::{Cycle, Value};
pub(crate) use crate::types::WeakNode;

// The two thread-local hand-offs of the crate's serializers.
//
// Why: serde passes a value to `serialize_newtype_struct` only as a generic
// `&T: Serialize`, and a generic serializer cannot downcast it. A `Value`
// must reach the AMF serializers as the node itself (shared nodes become
// object references, traits and every AMF detail are kept), and a `Date`
// carries its time-zone field, which the plain shape other formats see (the
// milliseconds) has no room for. Going through the plain shape instead
// would lose both; passing a date as a `Value` node costs an allocation per
// date (the records benchmark writes one per record).
//
// What keeps them safe: the slot is filled immediately before the one
// `serialize_newtype_struct(TOKEN, ..)` call that consumes it, on the same
// thread, and the first reader empties it (`take`): a serializer that knows
// the token takes it at once; one that does not serializes the fallback
// body, which takes it (`Fallback`) or ignores it (a date's `DateBody`
// carries its own copy, and a stale date is overwritten by the next one
// before anything reads it). Only the serializer's own
// `serialize_newtype_struct` runs between the fill and the take, and the
// crate's serializers take the slot before doing anything else, so a value
// nested inside cannot see its parent's slot.
thread_local! {
    /// The date being serialized, for serializers that know [`DATE_TOKEN`]
    /// (set by `Serialize for Date` just before the newtype call).
    static DATE_STASH: std::cell::Cell<Option<crate::types::Date>> =
        const { std::cell::Cell::new(None) };
}

pub(crate) fn stash_date(d: crate::types::Date) {
    DATE_STASH.with(|s| s.set(Some(d)));
}

pub(crate) fn take_date() -> Option<crate::types::Date> {
    DATE_STASH.with(std::cell::Cell::take)
}

thread_local! {
    /// Hands a `Value` between a format's native code and the `Value` serde
    /// impls (serde has no other way to pass a concrete type through a
    /// generic `Serializer`/`Deserializer`).
    static STASH: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

pub(crate) fn stash(v: Value) {
    STASH.with(|s| *s.borrow_mut() = Some(v));
}

pub(crate) fn take_stash() -> Option<Value> {
    STASH.with(|s| s.borrow_mut().take())
}

/// Serializes `v` through the private token (natively for the AMF
/// serializers, in its plain shape for others).
pub(crate) fn serialize_value<S: serde::Serializer>(v: Value, s: S) -> Result<S::Ok, S::Error> {
    ser::serialize_owned(v, s)
}

/// A short name of the kind of `v`, for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Undefined => "undefined",
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Integer(_) => "integer",
        Value::Double(_) => "double",
        Value::String(_) => "string",
        Value::Date(_) => "date",
        Value::XmlDocument(_) => "XML document",
        Value::Xml(_) => "XML",
        Value::ByteArray(_) => "byte array",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::External(_) => "externalizable object",
        Value::VectorInt(_) | Value::VectorUint(_) | Value::VectorDouble(_) => "vector",
        Value::VectorObject(_) => "object vector",
        Value::Dictionary(_) => "dictionary",
        Value::EcmaArray(_) => "ECMA array",
        Value::Unsupported => "unsupported",
        Value::Amf3(_) => kind(v.inner()),
        Value::Cycle(_) => "cycle",
    }
}

impl Drop for Value {
    /// Drops without a deep recursion: a value nested a million deep drops
    /// in constant stack space.
    fn drop(&mut self) {
        drop::drop_value(self);
    }
}

/// Calls `f` on each child of `v` (members, elements, keys and values,
/// externalizable body values, the value inside [`Value::Amf3`]); not
/// through cycles.
pub(crate) fn for_each_child<'a>(v: &'a Value, mut f: impl FnMut(&'a Value)) {
    match v {
        Value::Amf3(v) => f(v),
        Value::Array(a) => {
            a.dense.iter().for_each(&mut f);
            a.assoc.iter().for_each(|(_, v)| f(v));
        }
        Value::Object(o) => o.members().for_each(|(_, v)| f(v)),
        Value::External(e) => e.body.iter().for_each(|i| {
            if let crate::types::DataItem::Value(v) = i {
                f(v)
            }
        }),
        Value::VectorObject(o) => o.items.iter().for_each(f),
        Value::Dictionary(d) => d.entries.iter().for_each(|(k, v)| {
            f(k);
            f(v)
        }),
        Value::EcmaArray(e) => e.entries.iter().for_each(|(_, v)| f(v)),
        _ => {}
    }
}

impl Value {
    /// The value itself, or the AMF3 value inside a [`Value::Amf3`].
    pub fn inner(&self) -> &Value {
        let mut v = self;
        while let Value::Amf3(inner) = v {
            v = inner;
        }
        v
    }

    /// `true` if both are the same shared node (or a cycle pointing at it).
    pub fn ptr_eq(&self, other: &Value) -> bool {
        match (self.node_addr(), other.node_addr()) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

impl From<crate::types::DataItem> for Value {
    /// The value of an externalizable body item: numbers as numbers, text as
    /// strings, raw bytes as a ByteArray.
    fn from(item: crate::types::DataItem) -> Value {
        use crate::types::DataItem as D;
        match item {
            D::Bool(b) => Value::Bool(b),
            D::Byte(n) => Value::Integer(n.into()),
            D::UnsignedByte(n) => Value::Integer(n.into()),
            D::Short(n) => Value::Integer(n.into()),
            D::UnsignedShort(n) => Value::Integer(n.into()),
            D::Int(n) => int_value(n.into()),
            D::UnsignedInt(n) => int_value(n.into()),
            D::Float(f) => Value::Double(f.into()),
            D::Double(f) => Value::Double(f),
            D::Utf(s) | D::UtfBytes(s) => Value::String(s),
            D::Bytes(b) => Value::ByteArray(Arc::new(ByteArray(b))),
            D::Value(v) => v,
        }
    }
}

impl TryFrom<i64> for Value {
    type Error = crate::Error;

    /// [`Value::Integer`] in −2^28 … 2^28−1, else a [`Value::Double`] if a
    /// double holds the integer exactly.
    ///
    /// ```
    /// use amf_serde::Value;
    ///
    /// assert_eq!(Value::try_from(7_i64)?, Value::Integer(7));
    /// assert_eq!(Value::try_from(1_i64 << 60)?, Value::Double(2f64.powi(60)));
    /// assert!(Value::try_from((1_i64 << 60) + 1).is_err());
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    ///
    /// # Errors
    /// An integer a double cannot hold (see
    /// [`Options::with_lossy_integers`](crate::Options::with_lossy_integers)
    /// for writing the nearest double instead).
    fn try_from(v: i64) -> crate::Result<Value> {
        exact_int(v)
    }
}

impl TryFrom<u64> for Value {
    type Error = crate::Error;

    /// As `TryFrom<i64>`.
    ///
    /// # Errors
    /// An integer a double cannot hold.
    fn try_from(v: u64) -> crate::Result<Value> {
        exact_uint(v)
    }
}

/// `v` as a [`Value`] if a double holds it exactly (an error naming
/// [`Options::with_lossy_integers`](crate::Options::with_lossy_integers)
/// otherwise).
pub(crate) fn exact_int(v: i64) -> crate::Result<Value> {
    if (i64::from(crate::num::INT_MIN)..=i64::from(crate::num::INT_MAX)).contains(&v)
        || crate::num::i64_to_f64(v).is_some()
    {
        Ok(int_value(v))
    } else {
        Err(not_exact(v))
    }
}

/// As [`exact_int`], for `u64`.
pub(crate) fn exact_uint(v: u64) -> crate::Result<Value> {
    match i64::try_from(v) {
        Ok(v) => exact_int(v),
        Err(_) => crate::num::u64_to_f64(v)
            .map(Value::Double)
            .ok_or_else(|| not_exact(v)),
    }
}

pub(crate) use crate::num::not_exact;

/// An integer as AMF3 would carry it: `Integer` in −2^28 … 2^28−1, else
/// `Double`.
pub(crate) fn int_value(v: i64) -> Value {
    if (i64::from(crate::num::INT_MIN)..=i64::from(crate::num::INT_MAX)).contains(&v) {
        Value::Integer(v as i32)
    } else {
        Value::Double(v as f64)
    }
}
