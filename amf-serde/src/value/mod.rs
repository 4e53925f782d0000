//! [`Value`]: any AMF value, losslessly, including shared and cyclic
//! references.

use std::fmt;
use std::sync::{Arc, Weak};

use crate::types::{
    Array, ByteArray, Date, Dictionary, EcmaArray, External, Object, ObjectVector, Vector, Xml,
    XmlDocument,
};

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
mod ser;
mod types;

pub(crate) use de::{collection_source, deserialize_via};
pub use de::{from_value, from_value_with};
pub use index::Index;
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

impl Clone for Value {
    /// Shares the node (complex values are behind an [`Arc`]); copies
    /// scalars and strings. A chain of [`Value::Amf3`] wrappers is copied
    /// without recursion.
    fn clone(&self) -> Value {
        let mut wrappers = 0usize;
        let mut v = self;
        while let Value::Amf3(inner) = v {
            wrappers += 1;
            v = inner;
        }
        let mut out = match v {
            Value::Undefined => Value::Undefined,
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(*b),
            Value::Integer(i) => Value::Integer(*i),
            Value::Double(d) => Value::Double(*d),
            Value::String(s) => Value::String(s.clone()),
            Value::Date(a) => Value::Date(a.clone()),
            Value::XmlDocument(a) => Value::XmlDocument(a.clone()),
            Value::Xml(a) => Value::Xml(a.clone()),
            Value::ByteArray(a) => Value::ByteArray(a.clone()),
            Value::Array(a) => Value::Array(a.clone()),
            Value::Object(a) => Value::Object(a.clone()),
            Value::External(a) => Value::External(a.clone()),
            Value::VectorInt(a) => Value::VectorInt(a.clone()),
            Value::VectorUint(a) => Value::VectorUint(a.clone()),
            Value::VectorDouble(a) => Value::VectorDouble(a.clone()),
            Value::VectorObject(a) => Value::VectorObject(a.clone()),
            Value::Dictionary(a) => Value::Dictionary(a.clone()),
            Value::EcmaArray(a) => Value::EcmaArray(a.clone()),
            Value::Unsupported => Value::Unsupported,
            Value::Cycle(c) => Value::Cycle(c.clone()),
            Value::Amf3(_) => Value::Null,
        };
        for _ in 0..wrappers {
            out = Value::Amf3(Box::new(out));
        }
        out
    }
}

impl Drop for Value {
    /// Drops without a deep recursion: a value nested a million deep drops
    /// in constant stack space.
    fn drop(&mut self) {
        drop::drop_value(self);
    }
}

/// A [`Value`] taken apart: its variants without `Value`'s `Drop`, so that
/// their contents can be moved out.
pub(crate) enum Parts {
    Undefined,
    Null,
    Bool(bool),
    Integer(i32),
    Double(f64),
    String(String),
    Date(Arc<Date>),
    XmlDocument(Arc<XmlDocument>),
    Xml(Arc<Xml>),
    ByteArray(Arc<ByteArray>),
    Array(Arc<Array>),
    Object(Arc<Object>),
    External(Arc<External>),
    VectorInt(Arc<Vector<i32>>),
    VectorUint(Arc<Vector<u32>>),
    VectorDouble(Arc<Vector<f64>>),
    VectorObject(Arc<ObjectVector>),
    Dictionary(Arc<Dictionary>),
    EcmaArray(Arc<EcmaArray>),
    Unsupported,
    Amf3(Value),
    Cycle,
}

impl Value {
    /// Takes the value apart (a node changes owner: one reference count
    /// up, one down).
    pub(crate) fn into_parts(mut self) -> Parts {
        match &mut self {
            Value::Undefined => Parts::Undefined,
            Value::Null => Parts::Null,
            Value::Bool(b) => Parts::Bool(*b),
            Value::Integer(i) => Parts::Integer(*i),
            Value::Double(d) => Parts::Double(*d),
            Value::String(s) => Parts::String(std::mem::take(s)),
            Value::Date(a) => Parts::Date(a.clone()),
            Value::XmlDocument(a) => Parts::XmlDocument(a.clone()),
            Value::Xml(a) => Parts::Xml(a.clone()),
            Value::ByteArray(a) => Parts::ByteArray(a.clone()),
            Value::Array(a) => Parts::Array(a.clone()),
            Value::Object(a) => Parts::Object(a.clone()),
            Value::External(a) => Parts::External(a.clone()),
            Value::VectorInt(a) => Parts::VectorInt(a.clone()),
            Value::VectorUint(a) => Parts::VectorUint(a.clone()),
            Value::VectorDouble(a) => Parts::VectorDouble(a.clone()),
            Value::VectorObject(a) => Parts::VectorObject(a.clone()),
            Value::Dictionary(a) => Parts::Dictionary(a.clone()),
            Value::EcmaArray(a) => Parts::EcmaArray(a.clone()),
            Value::Unsupported => Parts::Unsupported,
            Value::Amf3(b) => Parts::Amf3(std::mem::take(&mut **b)),
            Value::Cycle(_) => Parts::Cycle,
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

/// A weak handle on any shared node: what the decoders' object tables keep
/// of a node they built, so that a later reference shares it without the
/// table owning it.
#[derive(Clone)]
pub(crate) enum WeakValue {
    /// A container (also what a cycle points at while it is being read).
    Node(WeakNode),
    Date(Weak<Date>),
    XmlDocument(Weak<XmlDocument>),
    Xml(Weak<Xml>),
    ByteArray(Weak<ByteArray>),
    VectorInt(Weak<Vector<i32>>),
    VectorUint(Weak<Vector<u32>>),
    VectorDouble(Weak<Vector<f64>>),
}

impl WeakValue {
    /// The node, if it is still alive.
    pub(crate) fn upgrade(&self) -> Option<Value> {
        Some(match self {
            WeakValue::Node(n) => return Cycle(n.clone()).upgrade(),
            WeakValue::Date(w) => Value::Date(w.upgrade()?),
            WeakValue::XmlDocument(w) => Value::XmlDocument(w.upgrade()?),
            WeakValue::Xml(w) => Value::Xml(w.upgrade()?),
            WeakValue::ByteArray(w) => Value::ByteArray(w.upgrade()?),
            WeakValue::VectorInt(w) => Value::VectorInt(w.upgrade()?),
            WeakValue::VectorUint(w) => Value::VectorUint(w.upgrade()?),
            WeakValue::VectorDouble(w) => Value::VectorDouble(w.upgrade()?),
        })
    }

    /// A weak handle on `v` if it is a shared node without children (the
    /// containers get theirs while they are being read).
    pub(crate) fn leaf(v: &Value) -> Option<WeakValue> {
        Some(match v {
            Value::Date(a) => WeakValue::Date(Arc::downgrade(a)),
            Value::XmlDocument(a) => WeakValue::XmlDocument(Arc::downgrade(a)),
            Value::Xml(a) => WeakValue::Xml(Arc::downgrade(a)),
            Value::ByteArray(a) => WeakValue::ByteArray(Arc::downgrade(a)),
            Value::VectorInt(a) => WeakValue::VectorInt(Arc::downgrade(a)),
            Value::VectorUint(a) => WeakValue::VectorUint(Arc::downgrade(a)),
            Value::VectorDouble(a) => WeakValue::VectorDouble(Arc::downgrade(a)),
            _ => return None,
        })
    }

    /// A weak handle on `v` if it is any shared node.
    pub(crate) fn of(v: &Value) -> Option<WeakValue> {
        WeakValue::leaf(v).or_else(|| Cycle::to(v).map(|c| WeakValue::Node(c.0)))
    }
}

impl Cycle {
    /// The value referred to, if it is still alive.
    pub fn upgrade(&self) -> Option<Value> {
        Some(match &self.0 {
            WeakNode::Array(w) => Value::Array(w.upgrade()?),
            WeakNode::Object(w) => Value::Object(w.upgrade()?),
            WeakNode::External(w) => Value::External(w.upgrade()?),
            WeakNode::VectorObject(w) => Value::VectorObject(w.upgrade()?),
            WeakNode::Dictionary(w) => Value::Dictionary(w.upgrade()?),
            WeakNode::EcmaArray(w) => Value::EcmaArray(w.upgrade()?),
        })
    }

    /// The address of the referred-to node (for identity checks).
    pub(crate) fn addr(&self) -> usize {
        match &self.0 {
            WeakNode::Array(w) => w.as_ptr() as usize,
            WeakNode::Object(w) => w.as_ptr() as usize,
            WeakNode::External(w) => w.as_ptr() as usize,
            WeakNode::VectorObject(w) => w.as_ptr() as usize,
            WeakNode::Dictionary(w) => w.as_ptr() as usize,
            WeakNode::EcmaArray(w) => w.as_ptr() as usize,
        }
    }

    /// A cycle pointing at `value`, which must be an array, object,
    /// externalizable object, object vector, dictionary or ECMA array.
    pub fn to(value: &Value) -> Option<Cycle> {
        Some(Cycle(match value {
            Value::Array(a) => WeakNode::Array(Arc::downgrade(a)),
            Value::Object(a) => WeakNode::Object(Arc::downgrade(a)),
            Value::External(a) => WeakNode::External(Arc::downgrade(a)),
            Value::VectorObject(a) => WeakNode::VectorObject(Arc::downgrade(a)),
            Value::Dictionary(a) => WeakNode::Dictionary(Arc::downgrade(a)),
            Value::EcmaArray(a) => WeakNode::EcmaArray(Arc::downgrade(a)),
            Value::Cycle(c) => c.0.clone(),
            _ => return None,
        }))
    }
}

macro_rules! cycle_from_weak {
    ($($ty:ty => $variant:ident;)*) => {$(
        impl From<Weak<$ty>> for Cycle {
            /// A cycle pointing at the node behind `weak`: with
            /// [`Arc::new_cyclic`], a value can contain itself.
            fn from(weak: Weak<$ty>) -> Cycle {
                Cycle(WeakNode::$variant(weak))
            }
        }
    )*};
}

cycle_from_weak! {
    Array => Array;
    Object => Object;
    External => External;
    ObjectVector => VectorObject;
    Dictionary => Dictionary;
    EcmaArray => EcmaArray;
}

impl fmt::Debug for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.0 {
            WeakNode::Array(_) => "Array",
            WeakNode::Object(_) => "Object",
            WeakNode::External(_) => "External",
            WeakNode::VectorObject(_) => "VectorObject",
            WeakNode::Dictionary(_) => "Dictionary",
            WeakNode::EcmaArray(_) => "EcmaArray",
        };
        write!(f, "Cycle(<{kind}>)")
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

    /// The address of the shared node, for complex values.
    pub(crate) fn node_addr(&self) -> Option<usize> {
        Some(match self.inner() {
            Value::Date(a) => Arc::as_ptr(a) as usize,
            Value::XmlDocument(a) => Arc::as_ptr(a) as usize,
            Value::Xml(a) => Arc::as_ptr(a) as usize,
            Value::ByteArray(a) => Arc::as_ptr(a) as usize,
            Value::Array(a) => Arc::as_ptr(a) as usize,
            Value::Object(a) => Arc::as_ptr(a) as usize,
            Value::External(a) => Arc::as_ptr(a) as usize,
            Value::VectorInt(a) => Arc::as_ptr(a) as usize,
            Value::VectorUint(a) => Arc::as_ptr(a) as usize,
            Value::VectorDouble(a) => Arc::as_ptr(a) as usize,
            Value::VectorObject(a) => Arc::as_ptr(a) as usize,
            Value::Dictionary(a) => Arc::as_ptr(a) as usize,
            Value::EcmaArray(a) => Arc::as_ptr(a) as usize,
            Value::Cycle(c) => c.addr(),
            _ => return None,
        })
    }

    /// `true` for a node (array, object, …) that nothing else holds: one
    /// strong owner and no weak pointers (no [`Value::Cycle`] points at it).
    /// Such a node can occur only once in a tree, so an encoder walking the
    /// tree never meets it again and need not remember its address.
    #[inline]
    pub(crate) fn is_sole_owner(&self) -> bool {
        fn sole<T: ?Sized>(a: &Arc<T>) -> bool {
            Arc::strong_count(a) == 1 && Arc::weak_count(a) == 0
        }
        match self.inner() {
            Value::Date(a) => sole(a),
            Value::XmlDocument(a) => sole(a),
            Value::Xml(a) => sole(a),
            Value::ByteArray(a) => sole(a),
            Value::Array(a) => sole(a),
            Value::Object(a) => sole(a),
            Value::External(a) => sole(a),
            Value::VectorInt(a) => sole(a),
            Value::VectorUint(a) => sole(a),
            Value::VectorDouble(a) => sole(a),
            Value::VectorObject(a) => sole(a),
            Value::Dictionary(a) => sole(a),
            Value::EcmaArray(a) => sole(a),
            _ => false,
        }
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
