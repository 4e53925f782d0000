//! [`Value`], the enum of every AMF node, and [`Cycle`], its weak
//! back-reference: the data only. Their behaviour (clone, drop, access,
//! equality, display, serde) is in `crate::value`.

use std::sync::{Arc, Weak};

use super::{
    Array, ByteArray, Date, Dictionary, EcmaArray, External, Object, ObjectVector, Vector, Xml,
    XmlDocument,
};

/// Any AMF0 or AMF3 value, holding everything the wire can say so that a
/// decoded value writes back byte for byte.
///
/// Complex values (objects, arrays, dates, byte arrays, XML, vectors,
/// dictionaries) sit behind an [`Arc`]: when the input refers to one object
/// from several places, the `Value` holds one object with several owners,
/// and the encoder writes the same references back. A reference to an
/// enclosing object (a cycle) is a [`Value::Cycle`], a weak pointer, so
/// cyclic values drop without leaking, and comparing or printing them ends.
///
/// Equality is structural and sharing-aware: two values are equal when they
/// have the same shape, the same scalars (doubles compared bit for bit, so
/// `NaN == NaN` and `0.0 != -0.0`) and the same pattern of shared and cyclic
/// references.
///
/// ```
/// use amf_serde::Value;
///
/// // [o, o] where o = {a: 1}: one object, two holders.
/// let bytes = [0x09, 0x05, 0x01, 0x0a, 0x0b, 0x01, 0x03, 0x61, 0x04, 0x01, 0x01, 0x0a, 0x02];
/// let v: Value = amf_serde::from_slice(&bytes)?;
/// assert_eq!(v[0]["a"], Value::Integer(1));
/// assert!(v[0].ptr_eq(&v[1]));
/// assert_eq!(amf_serde::to_vec(&v)?, bytes);
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Default)]
#[non_exhaustive]
pub enum Value {
    /// `undefined` (AMF3 `0x00`, AMF0 `0x06`).
    Undefined,
    /// `null` (AMF3 `0x01`, AMF0 `0x05`).
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// An AMF3 integer (`0x04`), −2^28 … 2^28−1.
    Integer(i32),
    /// A double (AMF3 `0x05`, AMF0 `0x00`).
    Double(f64),
    /// A string.
    String(String),
    /// A date.
    Date(Arc<Date>),
    /// A legacy XML document (AMF3 `0x07`, AMF0 `0x0F`).
    XmlDocument(Arc<XmlDocument>),
    /// An E4X XML value (AMF3 `0x0B`).
    Xml(Arc<Xml>),
    /// A ByteArray (AMF3 `0x0C`).
    ByteArray(Arc<ByteArray>),
    /// An array: dense and associative parts (AMF3 `0x09`, AMF0 strict array
    /// `0x0A`).
    Array(Arc<Array>),
    /// An object, anonymous or typed, sealed and/or dynamic.
    Object(Arc<Object>),
    /// An object of an externalizable class.
    External(Arc<External>),
    /// `Vector.<int>`.
    VectorInt(Arc<Vector<i32>>),
    /// `Vector.<uint>`.
    VectorUint(Arc<Vector<u32>>),
    /// `Vector.<Number>`.
    VectorDouble(Arc<Vector<f64>>),
    /// `Vector.<Object>` (any element type).
    VectorObject(Arc<ObjectVector>),
    /// A `Dictionary`.
    Dictionary(Arc<Dictionary>),
    /// An AMF0 ECMA array (`0x08`).
    EcmaArray(Arc<EcmaArray>),
    /// AMF0 `unsupported` (`0x0D`).
    Unsupported,
    /// A mark: write this value behind the AMF0 `0x11` switch (as `0x11` +
    /// one AMF3 value) when it is written in AMF0. AMF3 output ignores it.
    ///
    /// Decoders do not produce it: the AMF0 decoder returns the value
    /// behind a switch bare, so `matches!(v, Value::String(_))` holds for a
    /// string that came as `11 06 …` (unless asked for the marks with
    /// [`Options::with_switch_marks`](crate::Options::with_switch_marks),
    /// for byte-exact copies of input whose switches follow no rule). The
    /// API sees through a mark: [`get`](Value::get)/[`get_mut`](Value::get_mut),
    /// `value[..]` (also assignment), [`pointer`](Value::pointer), every
    /// `as_*`/`is_*`, `==` (also with strings and numbers),
    /// [`Display`](std::fmt::Display), [`from_value`](crate::from_value) and typed decoding all see
    /// the value inside; [`inner`](Value::inner) is that value.
    ///
    /// ```
    /// use amf_serde::Value;
    ///
    /// // "a" behind the switch, as PyAMF in AMF3 mode writes it
    /// let v: Value = amf_serde::amf0::from_slice(&[0x11, 0x06, 0x03, b'a'])?;
    /// assert!(matches!(v, Value::String(ref s) if s == "a"));
    ///
    /// let marked = Value::Amf3(Box::new(v));
    /// assert_eq!(marked, "a");
    /// assert_eq!(marked, Value::String("a".into()));
    /// assert_eq!(amf_serde::amf0::to_vec(&marked)?, [0x11, 0x06, 0x03, b'a']);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    ///
    /// Where the switch goes without marks: kinds only AMF3 has (byte
    /// arrays, XML, vectors, dictionaries, externalizable objects) always;
    /// complex values inside AMF0 containers with
    /// [`Amf0Switch::Complex`](crate::options::Amf0Switch::Complex) (Flash
    /// Player's rule); the top of a remoting header or body as its carrier
    /// says ([`Body::is_amf3`](crate::remoting::Body::is_amf3),
    /// [`Body::amf3`](crate::remoting::Body::amf3)). See the
    /// [`Value` guide](crate::guide::value) for the whole rule.
    Amf3(Box<Value>),
    /// A reference back to an enclosing value (a cycle in the input).
    Cycle(Cycle),
}

/// A weak reference from inside a value to one of its ancestors.
#[derive(Clone)]
pub struct Cycle(pub(crate) WeakNode);

#[derive(Clone)]
pub(crate) enum WeakNode {
    Array(Weak<Array>),
    Object(Weak<Object>),
    External(Weak<External>),
    VectorObject(Weak<ObjectVector>),
    Dictionary(Weak<Dictionary>),
    EcmaArray(Weak<EcmaArray>),
}
