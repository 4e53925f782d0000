//! `Serialize for Value` and [`to_value`].

use std::sync::Arc;

use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{hand_over, take_stash, Value, VALUE_TOKEN};
use crate::error::{Error, ErrorCode, Result};
use crate::types::{Array, ByteArray, Dense, Dictionary, Name, Object};

impl Serialize for Value {
    /// To the AMF serializers: natively, every detail and shared reference
    /// kept, byte for byte. To other formats: a plain shape (objects and
    /// ECMA arrays as maps, arrays as sequences or, with an associative part,
    /// maps, dates as milliseconds, XML as text, byte arrays as bytes,
    /// dictionaries as maps or, with non-string keys, lists of pairs).
    ///
    /// Nothing is deep-copied: scalars go straight to the serializer's
    /// methods (the AMF serializers write them exactly as they write the
    /// node), and a complex node is handed over as its reference-counted
    /// pointer (a count increment). Every serde entry point therefore writes
    /// a `Value` the same way: `value.serialize(&mut ser)`,
    /// `ser.serialize_value(&value)`, `to_vec(&value)` and a `Value` inside a
    /// typed struct give the same bytes.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Integer(i) if (crate::num::INT_MIN..=crate::num::INT_MAX).contains(i) => {
                serializer.serialize_i32(*i)
            }
            Value::Double(d) => serializer.serialize_f64(*d),
            Value::String(s) => serializer.serialize_str(s),
            // Reference counts only (an `Amf3` box holds one node or scalar).
            _ => serialize_owned(self.clone(), serializer),
        }
    }
}

pub(super) fn serialize_owned<S: Serializer>(v: Value, serializer: S) -> Result<S::Ok, S::Error> {
    hand_over(v, || {
        serializer.serialize_newtype_struct(VALUE_TOKEN, &Fallback)
    })
}

/// What a serializer that does not know [`VALUE_TOKEN`] sees inside the
/// newtype: the stashed value in its plain shape.
struct Fallback;

impl Serialize for Fallback {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match take_stash() {
            // Walked as a tree: charged against a budget (see `budget`).
            Some(v) => super::budget::within(&v, || Plain(&v).serialize(serializer)),
            None => serializer.serialize_unit(),
        }
    }
}

/// An array index as a map key: its decimal text, written without an
/// intermediate `String`.
struct IndexKey(usize);

impl Serialize for IndexKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// The plain serde shape of a value (no stash, no token).
struct Plain<'a>(&'a Value);

fn member_refs<'a, S: Serializer>(
    serializer: S,
    entries: impl Iterator<Item = &'a (Name, Value)>,
    len: usize,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(len))?;
    for (k, v) in entries {
        map.serialize_entry(k, &Plain(v))?;
    }
    map.end()
}

fn seq<'a, S: Serializer>(
    serializer: S,
    items: impl ExactSizeIterator<Item = &'a Value>,
) -> Result<S::Ok, S::Error> {
    let mut s = serializer.serialize_seq(Some(items.len()))?;
    for v in items {
        s.serialize_element(&Plain(v))?;
    }
    s.end()
}

impl Serialize for Plain<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use super::budget;
        let v = self.0;
        if matches!(v, Value::Amf3(_)) || v.node_addr().is_some() {
            budget::enter(v).map_err(ser::Error::custom)?;
            let r = self.serialize_inner(serializer);
            budget::leave();
            r
        } else {
            budget::charge(budget::cost(v)).map_err(ser::Error::custom)?;
            self.serialize_inner(serializer)
        }
    }
}

impl Plain<'_> {
    fn serialize_inner<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Undefined | Value::Null | Value::Unsupported => serializer.serialize_unit(),
            Value::Amf3(v) => Plain(v).serialize(serializer),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Integer(i) => serializer.serialize_i32(*i),
            Value::Double(d) => serializer.serialize_f64(*d),
            Value::String(s) => serializer.serialize_str(s),
            Value::Date(d) => serializer.serialize_f64(d.millis()),
            Value::Xml(x) => serializer.serialize_str(&x.0),
            Value::XmlDocument(x) => serializer.serialize_str(&x.0),
            Value::ByteArray(b) => serializer.serialize_bytes(&b.0),
            Value::Array(a) if a.assoc.is_empty() => seq(serializer, a.dense.iter()),
            Value::Array(a) => {
                // Borrowed: the dense indices as decimal keys, then the
                // named entries (nothing is copied).
                let mut map = serializer.serialize_map(Some(a.dense.len() + a.assoc.len()))?;
                for (i, v) in a.dense.iter().enumerate() {
                    map.serialize_entry(&IndexKey(i), &Plain(v))?;
                }
                for (k, v) in a.assoc.iter() {
                    map.serialize_entry(k, &Plain(v))?;
                }
                map.end()
            }
            Value::Object(o) => member_refs(serializer, o.members(), o.len()),
            Value::External(e) => match e.value() {
                Some(v) => Plain(super::collection_source(&e.class, v)).serialize(serializer),
                None => {
                    let items: Vec<Value> = e.body.iter().cloned().map(Value::from).collect();
                    seq(serializer, items.iter())
                }
            },
            Value::VectorInt(v) => v.items.serialize(serializer),
            Value::VectorUint(v) => v.items.serialize(serializer),
            Value::VectorDouble(v) => v.items.serialize(serializer),
            Value::VectorObject(v) => seq(serializer, v.items.iter()),
            Value::Dictionary(d) => {
                if d.entries.iter().all(|(k, _)| matches!(k, Value::String(_))) {
                    let mut map = serializer.serialize_map(Some(d.entries.len()))?;
                    for (k, v) in &d.entries {
                        map.serialize_entry(&Plain(k), &Plain(v))?;
                    }
                    map.end()
                } else {
                    let mut s = serializer.serialize_seq(Some(d.entries.len()))?;
                    for (k, v) in &d.entries {
                        s.serialize_element(&(Plain(k), Plain(v)))?;
                    }
                    s.end()
                }
            }
            Value::EcmaArray(e) => member_refs(serializer, e.entries.iter(), e.entries.len()),
            Value::Cycle(_) => Err(ser::Error::custom(
                "a Value::Cycle can only be written by the AMF serializers",
            )),
        }
    }
}

/// Converts any `T: Serialize` into a [`Value`], the way the AMF3 serializer
/// would write it (structs become anonymous objects with sealed members,
/// maps with string keys anonymous dynamic objects, other maps
/// dictionaries), like `serde_json::to_value`.
///
/// ```
/// use amf_serde::Value;
///
/// #[derive(serde::Serialize)]
/// struct P { x: i32, name: &'static str }
///
/// let v = amf_serde::to_value(&P { x: 1, name: "a" })?;
/// assert_eq!(v["x"], Value::Integer(1));
/// assert_eq!(v["name"].as_str(), Some("a"));
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// `value`'s `Serialize` impl, and each nested one, runs once (nothing is
/// probed; pinned by `tests/amf3_spec/serialize_calls.rs`).
///
/// # Errors
/// As [`crate::to_vec`]: integers a double cannot hold, an empty map key.
pub fn to_value<T: ?Sized + Serialize>(value: &T) -> Result<Value> {
    value.serialize(ValueSerializer)
}

/// [`to_value`] with the given [`Options`](crate::Options), for symmetry
/// with the other entry points. No setting concerns building a `Value`
/// today (the decoding limits apply to input bytes, the encoder settings
/// and the AMF0 byte mode to bytes written; in particular
/// [`with_lossy_integers`](crate::Options::with_lossy_integers) does not
/// make `to_value` round, it still reports an integer a double cannot
/// hold): the table in [`options`](crate::options) lists where each one
/// applies.
///
/// # Errors
/// As [`to_value`].
pub fn to_value_with<T: ?Sized + Serialize>(value: &T, opts: &crate::Options) -> Result<Value> {
    let _ = opts;
    to_value(value)
}

/// Builds a [`Value`] from the serde data model.
struct ValueSerializer;

/// Integers of up to 32 bits, which a `Value` always holds exactly
/// (`Value::from`: an `Integer` in the 29-bit range, else a `Double`).
macro_rules! small_ints {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method(self, v: $ty) -> Result<Value> {
            Ok(Value::from(v))
        }
    )*};
}

impl Serializer for ValueSerializer {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = VariantBuilder<SeqBuilder>;
    type SerializeMap = MapBuilder;
    type SerializeStruct = StructBuilder;
    type SerializeStructVariant = VariantBuilder<StructBuilder>;

    fn serialize_bool(self, v: bool) -> Result<Value> {
        Ok(Value::Bool(v))
    }
    small_ints! {
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
    }
    fn serialize_i64(self, v: i64) -> Result<Value> {
        super::exact_int(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Value> {
        super::exact_uint(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Value> {
        Ok(Value::Double(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Value> {
        Ok(Value::Double(v))
    }
    fn serialize_char(self, v: char) -> Result<Value> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value> {
        Ok(Value::String(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value> {
        Ok(Value::ByteArray(Arc::new(ByteArray(v.to_vec()))))
    }
    fn serialize_none(self) -> Result<Value> {
        Ok(Value::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Value> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value> {
        Ok(Value::String(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Value> {
        if name == crate::dynamic::PROBE {
            crate::dynamic::enter_amf();
            return value.serialize(self);
        }
        if name == VALUE_TOKEN {
            if let Some(v) = take_stash() {
                return Ok(v);
            }
        }
        if let Some(class) = name.strip_prefix(crate::tokens::EXTERNAL_VALUE_PREFIX) {
            // `flex::ArrayCollection` and friends keep their class.
            let body = value.serialize(self)?;
            return Ok(Value::External(std::sync::Arc::new(
                crate::types::External {
                    class: class.into(),
                    body: vec![crate::types::DataItem::Value(body)],
                    dynamic: false,
                },
            )));
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value> {
        Ok(variant_value(variant, to_value(value)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder> {
        Ok(SeqBuilder(Dense::with_capacity(len.unwrap_or(0).min(4096))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqBuilder> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<SeqBuilder>> {
        Ok(VariantBuilder {
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapBuilder> {
        Ok(MapBuilder {
            entries: Vec::new(),
            key: None,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<StructBuilder> {
        let (class, dynamic) = crate::tokens::class_of(name).unwrap_or(("", false));
        Ok(StructBuilder {
            class,
            sealed: Vec::with_capacity(len.min(256)),
            dynamic: dynamic.then(Vec::new),
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<StructBuilder>> {
        Ok(VariantBuilder {
            variant,
            inner: self.serialize_struct("", len)?,
        })
    }
    fn is_human_readable(&self) -> bool {
        false
    }
}

#[doc(hidden)]
pub struct SeqBuilder(Dense<Value>);

impl SerializeSeq for SeqBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.0.push(to_value(value)?);
        Ok(())
    }
    fn end(self) -> Result<Value> {
        Ok(Value::Array(Arc::new(Array {
            dense: self.0,
            assoc: crate::types::assoc::Assoc::new(),
        })))
    }
}

/// Tuples and tuple structs are sequences.
macro_rules! seq_forms {
    ($($trait:ident::$method:ident;)*) => {$(
        impl ser::$trait for SeqBuilder {
            type Ok = Value;
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
                SerializeSeq::serialize_element(self, value)
            }
            fn end(self) -> Result<Value> {
                SerializeSeq::end(self)
            }
        }
    )*};
}

seq_forms! {
    SerializeTuple::serialize_element;
    SerializeTupleStruct::serialize_field;
}

#[doc(hidden)]
pub struct StructBuilder {
    class: &'static str,
    sealed: Vec<(Name, Value)>,
    dynamic: Option<Vec<(Name, Value)>>,
}

// serde's `SerializeStruct` signature, also in amf0/ser/compound.rs, ser_common.rs and
// sol/write.rs; here a field becomes a `Value` member (the dynamic field's map merges), nothing is
// written.
impl ser::SerializeStruct for StructBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        let value = to_value(value)?;
        if key == crate::tokens::DYNAMIC_FIELD {
            let members = self.dynamic.get_or_insert_with(Vec::new);
            if let Some(o) = value.as_object() {
                members.extend(o.members().cloned());
            }
            return Ok(());
        }
        self.sealed.push((Name::new(key), value));
        Ok(())
    }
    fn end(self) -> Result<Value> {
        Ok(Value::from(Object {
            class: Name::new(self.class),
            sealed: self.sealed.into(),
            dynamic: self.dynamic.map(Into::into),
            traits_copy: 0,
        }))
    }
}

/// An enum variant with content: `{variant: content}` (serde's externally
/// tagged shape, which the AMF serializers write too).
fn variant_value(variant: &'static str, content: Value) -> Value {
    Value::from(Object::anonymous([(variant, content)]))
}

#[doc(hidden)]
pub struct VariantBuilder<B> {
    variant: &'static str,
    inner: B,
}

impl ser::SerializeTupleVariant for VariantBuilder<SeqBuilder> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        SerializeSeq::serialize_element(&mut self.inner, value)
    }
    fn end(self) -> Result<Value> {
        Ok(variant_value(self.variant, SerializeSeq::end(self.inner)?))
    }
}

impl ser::SerializeStructVariant for VariantBuilder<StructBuilder> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<Value> {
        Ok(variant_value(
            self.variant,
            ser::SerializeStruct::end(self.inner)?,
        ))
    }
}

#[doc(hidden)]
pub struct MapBuilder {
    entries: Vec<(Value, Value)>,
    key: Option<Value>,
}

impl SerializeMap for MapBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.key = Some(to_value(key)?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let key = self.key.take().unwrap_or(Value::Null);
        self.entries.push((key, to_value(value)?));
        Ok(())
    }
    fn end(self) -> Result<Value> {
        let strings = self
            .entries
            .first()
            .is_none_or(|(k, _)| matches!(k, Value::String(_)));
        if strings {
            let mut members = Vec::with_capacity(self.entries.len());
            for (mut k, v) in self.entries {
                match &mut k {
                    Value::String(s) if !s.is_empty() => members.push((std::mem::take(s), v)),
                    Value::String(_) => return Err(Error::code(ErrorCode::EmptyDynamicKey)),
                    _ => {
                        return Err(Error::code(ErrorCode::KeyMustBeAString {
                            found: "a non-string key after a string key",
                        }))
                    }
                }
            }
            Ok(Value::from(Object::anonymous(members)))
        } else {
            Ok(Value::from(Dictionary {
                weak_keys: false,
                entries: self.entries,
            }))
        }
    }
}
