//! [`Value`]: any AMF value, losslessly, including shared and cyclic
//! references.

use std::cell::Cell;
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

pub(crate) use de::{collection_source, deserialize_via, with_strict_aliases};
pub use de::{from_value, from_value_with};
pub use index::Index;
pub(crate) use nodes::{Parts, WeakValue};
pub use ser::{to_value, to_value_with};

pub(crate) use crate::tokens::{DATE_TOKEN, VALUE_TOKEN};
pub use crate::types::value::{Cycle, Value};
pub(crate) use crate::types::WeakNode;

// The two thread-local hand-offs of the crate's serializers and
// deserializers: a `Value` (`STASH`) and a date (`DATE_STASH`).
//
// Why no type carries them: serde hands a serializer the content of a
// newtype only as `Serializer::serialize_newtype_struct<T: ?Sized +
// Serialize>(self, name, value: &T)`, and a deserializer's result only
// through `Visitor::visit_newtype_struct<D: Deserializer>(self, d: D)`;
// both are generic with no `'static` bound, so neither side can downcast
// to a `Value` or a `Date`, and stable Rust has no specialization that
// would let `Serialize for Value` call a method of our own serializers.
// The only typed alternative is the plain shape other formats see (what
// `Fallback` writes and `ValueVisitor` reads), which loses shared
// references, class names, traits and every AMF detail of a `Value`, and
// the time zone of a date (its plain shape is the milliseconds).
//
// Why a second slot for dates: a date could travel as a `Value::Date` node
// through `STASH`, at the cost of an allocation, an object-table entry by
// address and a kept-alive node per date. BENCHMARKS.md ("Issue 17:
// thread-locals (tl17)") measures that against this slot.
//
// What keeps them safe: `hand_over` and `hand_over_date` fill the slot,
// make the one serde call that hands the content on, and empty the slot
// when that call returns or unwinds, whether or not anything took the
// content (a serializer of another format may refuse a newtype without
// looking at it). The crate's consumers take the slot before doing
// anything else (`serialize_newtype`, `Fallback`, `ValueVisitor`, `Via`,
// `ValueSerializer`, the key and `.sol` serializers), so a value of the
// same kind nested inside fills and empties the slot again for itself and
// never sees its parent's; nothing is left for a later call on the thread.
// Pinned by `tests/handoffs.rs`.
thread_local! {
    /// The `Value` being handed on (see above).
    static STASH: Cell<Option<Value>> = const { Cell::new(None) };
    /// The date being serialized, for serializers that know [`DATE_TOKEN`].
    static DATE_STASH: Cell<Option<crate::types::Date>> = const { Cell::new(None) };
}

/// Empties a slot when the hand-off call ends (also on a panic).
struct Empty<T: 'static>(&'static std::thread::LocalKey<Cell<Option<T>>>);

impl<T: 'static> Drop for Empty<T> {
    fn drop(&mut self) {
        // `try_with`: a thread being torn down has nothing left to read it.
        let left = self.0.try_with(Cell::take);
        drop(left);
    }
}

/// Runs `f`, the one serde call that hands `v` on (to a serializer under
/// [`VALUE_TOKEN`], or to a `Value` visitor), with `v` in the slot that
/// [`take_stash`] reads; the slot is empty again when `f` returns.
#[inline]
pub(crate) fn hand_over<R>(v: Value, f: impl FnOnce() -> R) -> R {
    STASH.with(|s| s.set(Some(v)));
    let _empty = Empty(&STASH);
    f()
}

/// The `Value` being handed on, once (see [`hand_over`]).
#[inline]
pub(crate) fn take_stash() -> Option<Value> {
    STASH.with(Cell::take)
}

/// As [`hand_over`], for a date under [`DATE_TOKEN`] ([`take_date`]).
#[inline]
pub(crate) fn hand_over_date<R>(d: crate::types::Date, f: impl FnOnce() -> R) -> R {
    DATE_STASH.with(|s| s.set(Some(d)));
    let _empty = Empty(&DATE_STASH);
    f()
}

/// The date being handed on, once (see [`hand_over_date`]).
#[inline]
pub(crate) fn take_date() -> Option<crate::types::Date> {
    DATE_STASH.with(Cell::take)
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
    ///
    /// A value without children (a scalar, a string, an empty container)
    /// has nothing to take apart: only values with children go through
    /// `drop_value` (and of arrays, only those that are not pairs of
    /// childless values: `drop::walk`).
    #[inline]
    fn drop(&mut self) {
        if drop::walk(self) {
            drop::drop_value(self);
        }
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
