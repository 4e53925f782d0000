//! `Deserialize for Value` and `Value` as a `Deserializer` ([`from_value`]).

use std::fmt;
use std::sync::Arc;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use super::{budget, take_stash, Parts, Value, VALUE_TOKEN};
use crate::error::{Error, ErrorCode, Result};
use crate::types::{Array, ByteArray, Dense, Dictionary, Name, Object};

/// Deserializes a [`Value`] through the private token (natively from the
/// AMF formats) and converts it with `f`, inside the deserializer's call so
/// that a conversion error gets the byte offset of the value.
pub(crate) fn deserialize_via<'de, D, T, F>(d: D, f: F) -> std::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(Value) -> std::result::Result<T, String>,
{
    d.deserialize_newtype_struct(VALUE_TOKEN, Via { f })
}

struct Via<F> {
    f: F,
}

impl<'de, T, F: FnOnce(Value) -> std::result::Result<T, String>> Visitor<'de> for Via<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an AMF value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        let v = match take_stash() {
            Some(v) => v,
            None => d.deserialize_any(ValueVisitor)?,
        };
        (self.f)(v).map_err(de::Error::custom)
    }
}

impl<'de> de::Deserialize<'de> for Value {
    /// From the AMF deserializers: natively, with every AMF detail and shared
    /// references kept. From other formats: what their data model says
    /// (integers in the 29-bit range become [`Value::Integer`], maps become
    /// anonymous dynamic objects when their keys are strings, dictionaries
    /// otherwise).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_newtype_struct(VALUE_TOKEN, ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any AMF value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match take_stash() {
            Some(v) => Ok(v),
            None => d.deserialize_any(ValueVisitor),
        }
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        super::exact_int(v).map_err(de::Error::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        super::exact_uint(v).map_err(de::Error::custom)
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Double(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::ByteArray(Arc::new(ByteArray(v.to_vec()))))
    }

    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::ByteArray(Arc::new(ByteArray(v))))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        de::Deserialize::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        // Up to two values inline (see `Dense`), more on the heap.
        let mut dense = Dense::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element()? {
            dense.push(v);
        }
        Ok(Value::Array(Arc::new(Array {
            dense,
            assoc: crate::types::assoc::Assoc::new(),
        })))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(Value, Value)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<Value, Value>()? {
            entries.push((k, v));
        }
        if entries
            .iter()
            .all(|(k, _)| matches!(k, Value::String(s) if !s.is_empty()))
        {
            let members = entries.into_iter().map(|(mut k, v)| match &mut k {
                Value::String(s) => (std::mem::take(s), v),
                _ => (String::new(), v),
            });
            Ok(Value::from(Object::anonymous(members)))
        } else {
            Ok(Value::from(Dictionary {
                weak_keys: false,
                entries,
            }))
        }
    }
}

/// Converts a [`Value`] into any `T: Deserialize`, like
/// `serde_json::from_value`.
///
/// ```
/// use amf_serde::{types::Object, Value};
///
/// #[derive(serde::Deserialize, PartialEq, Debug)]
/// struct P { x: i32, y: f64 }
///
/// let v = Value::from(Object::anonymous([("x", Value::Integer(1)), ("y", Value::Integer(2))]));
/// assert_eq!(amf_serde::from_value::<P>(v)?, P { x: 1, y: 2.0 });
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// A node held in several places is converted once per place, and all
/// that work is charged against a budget proportional to the value's own
/// size (see [`Options::with_max_work`](crate::Options::with_max_work)), so
/// a small decoded value that unfolds into an exponentially large tree is
/// an error, not a hang. Nesting is limited to 512 levels (inside a
/// decoder: its depth limit).
///
/// # Errors
/// When the value does not fit `T`, holds a cycle, or unfolds beyond the
/// budget (the work-limit error) or the nesting limit.
pub fn from_value<T: de::DeserializeOwned>(value: Value) -> Result<T> {
    T::deserialize(value)
}

// A thread-local setting rather than a field of the `Value` deserializer.
//
// Why no type carries it: the setting must reach every conversion nested
// in one `from_value_with` call, and some of those are started by code
// that gets no deserializer of ours to read a field from: the public
// `from_value(v)` called inside a `Deserialize` impl (`ObjectVector<T>`,
// `Dictionary<K, V>` and `Array<V>` convert their items that way after
// `Visitor::visit_newtype_struct` handed them the whole `Value`, and so do
// `#[amf]` enum variants, `read_object_as` and users' own impls). A field
// on a private wrapper would cover the direct path only and change what
// those nested conversions accept. No benchmark is involved (one `Cell`
// read per aliased struct).
//
// What keeps it safe: `StrictGuard` restores the previous value when the
// call ends, also on a panic in a `Deserialize` impl, so the setting
// applies to exactly one `from_value_with` call (or one conversion an AMF3
// decoder runs inside its work budget, `amf3::de::Deserializer::budgeted`)
// and the calls nested in it (a nested call sets its own, then gives the
// outer one back). Pinned by `tests/handoffs.rs`
// (`strict_aliases_cover_nested_...`, `a_strict_decoder_...`).
thread_local! {
    /// [`Options::with_strict_aliases`](crate::Options::with_strict_aliases)
    /// of the [`from_value_with`] (or decoder conversion) running on this
    /// thread.
    static STRICT_ALIASES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Restores the previous strictness when a conversion ends (also on a
/// panic in a `Deserialize` impl).
struct StrictGuard(bool);

impl Drop for StrictGuard {
    fn drop(&mut self) {
        STRICT_ALIASES.with(|s| s.set(self.0));
    }
}

/// [`from_value`] with the given [`Options`](crate::Options). Of the
/// settings, [`with_strict_aliases`](crate::Options::with_strict_aliases)
/// applies (a `Value` is already in memory, so the input limits and
/// externalizable readers have done their work when it was decoded).
///
/// ```
/// #[amf_serde::amf(alias = "P")]
/// #[derive(serde::Deserialize, Debug)]
/// struct P { x: i32 }
///
/// let anonymous = amf_serde::amf_value!({"x": 1});
/// assert!(amf_serde::from_value::<P>(anonymous.clone()).is_ok());
/// let strict = amf_serde::Options::new().with_strict_aliases(true);
/// assert!(amf_serde::from_value_with::<P>(anonymous, &strict).is_err());
/// ```
///
/// # Errors
/// As [`from_value`].
pub fn from_value_with<T: de::DeserializeOwned>(value: Value, opts: &crate::Options) -> Result<T> {
    with_strict_aliases(opts.strict_aliases, || T::deserialize(value))
}

/// Runs `f` with `strict` as this thread's alias strictness, giving the
/// previous one back when `f` returns or panics. `from_value_with` runs its
/// conversion under it, and so does a decoder for the `Value` conversions
/// it runs inside its work budget (items of an `ObjectVector`, enum
/// dispatch by alias), so that its own
/// [`with_strict_aliases`](crate::Options::with_strict_aliases) reaches
/// them.
pub(crate) fn with_strict_aliases<R>(strict: bool, f: impl FnOnce() -> R) -> R {
    let _guard = StrictGuard(STRICT_ALIASES.with(|s| s.replace(strict)));
    f()
}

impl<'de> IntoDeserializer<'de, Error> for Value {
    type Deserializer = Value;

    fn into_deserializer(self) -> Value {
        self
    }
}

/// The node itself if this is its last owner, else a copy (charged).
fn unwrap<T: Clone>(a: Arc<T>, copy_cost: impl FnOnce(&T) -> Result<()>) -> Result<T> {
    if Arc::strong_count(&a) > 1 {
        copy_cost(&a)?;
    }
    Ok(Arc::unwrap_or_clone(a))
}

/// Charges copying the members of a shared node.
fn members_cost(m: &[(Name, Value)]) -> u64 {
    m.iter()
        .map(|(k, v)| {
            1 + (k.len() / 32) as u64
                + if v.node_addr().is_some() {
                    0
                } else {
                    budget::cost(v)
                }
        })
        .sum()
}

fn values_cost<'a>(items: impl Iterator<Item = &'a Value>) -> u64 {
    items
        .map(|v| {
            if v.node_addr().is_some() {
                1
            } else {
                budget::cost(v)
            }
        })
        .sum()
}

/// Runs `f` one nesting level down, charging `node`.
fn nested<T>(node: &Value, f: impl FnOnce() -> Result<T>) -> Result<T> {
    budget::enter(node)?;
    let r = f();
    budget::leave();
    r
}

/// If no budget is in force, runs the method again under one sized by the
/// value (see [`budget`]).
macro_rules! guard {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        if !budget::active() {
            let size = budget::size(&$self);
            return budget::within_measured(size, move || $self.$method($($arg),*));
        }
    };
}

/// A map over owned `(key, value)` pairs.
struct MapDe<I> {
    iter: I,
    value: Option<Value>,
}

impl<'de, I: Iterator<Item = (Value, Value)>> MapAccess<'de> for MapDe<I> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(KeyDe(k)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(self.value.take().unwrap_or(Value::Null))
    }
}

struct SeqDe<I> {
    iter: I,
}

impl<'de, I: Iterator<Item = Value>> SeqAccess<'de> for SeqDe<I> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.iter.next() {
            Some(v) => seed.deserialize(v).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.iter.size_hint().1
    }
}

fn visit_seq<'de, V: Visitor<'de>>(
    items: impl Iterator<Item = Value>,
    visitor: V,
) -> Result<V::Value> {
    let mut seq = SeqDe { iter: items };
    let v = visitor.visit_seq(&mut seq)?;
    match seq.iter.next() {
        None => Ok(v),
        Some(_) => Err(de::Error::custom("more elements than the visitor read")),
    }
}

fn visit_members<'de, V: Visitor<'de>>(
    members: impl Iterator<Item = (Name, Value)>,
    visitor: V,
) -> Result<V::Value> {
    visitor.visit_map(MapDe {
        iter: members.map(|(k, v)| (Value::String(k.into()), v)),
        value: None,
    })
}

fn array_entries(a: Array) -> impl Iterator<Item = (Name, Value)> {
    a.dense
        .into_iter()
        .enumerate()
        .map(|(i, v)| (Name::from(i.to_string()), v))
        .chain(a.assoc)
}

#[cold]
fn cycle_error() -> Error {
    Error::code(ErrorCode::Message(
        "a Value::Cycle cannot be decoded into a tree-shaped type".into(),
    ))
}

/// The value inside any [`Value::Amf3`] wrappers (a chain of any length,
/// without recursion).
fn strip(mut v: Value) -> Value {
    while let Value::Amf3(_) = v {
        v = match v.into_parts() {
            Parts::Amf3(inner) => inner,
            _ => Value::Null,
        };
    }
    v
}

fn integer<'de, V: Visitor<'de>>(v: Value, ty: &'static str, visitor: V) -> Result<V::Value> {
    match strip(v) {
        Value::Integer(i) => visitor.visit_i32(i),
        Value::Double(d) => match (crate::num::f64_to_i64(d), crate::num::f64_to_u64(d)) {
            (Some(i), _) => visitor.visit_i64(i),
            (None, Some(u)) => visitor.visit_u64(u),
            (None, None) => Err(Error::code(ErrorCode::NumberOutOfRange {
                value: format!("{d:?}").into(),
                ty,
            })),
        },
        other => other.deserialize_any(visitor),
    }
}

macro_rules! deserialize_integer {
    ($($method:ident => $ty:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            guard!(self.$method(visitor));
            budget::charge(1)?;
            integer(self, $ty, visitor)
        }
    )*};
}

/// The array an `ArrayCollection` or `ArrayList` body holds: the body
/// itself, or (older peers such as PyAMF, which still accepts it) the `source` member of an object.
pub(crate) fn collection_source<'a>(class: &str, body: &'a Value) -> &'a Value {
    if matches!(
        class,
        "flex.messaging.io.ArrayCollection" | "flex.messaging.io.ArrayList"
    ) {
        if let Some(o) = body.inner().as_object() {
            if let Some(source) = o.get("source") {
                if source.as_array().is_some()
                    || matches!(
                        source.inner(),
                        Value::VectorObject(_)
                            | Value::VectorInt(_)
                            | Value::VectorUint(_)
                            | Value::VectorDouble(_)
                    )
                {
                    return source;
                }
            }
        }
    }
    body
}

impl Value {
    fn any_inner<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        budget::charge(budget::cost(&self))?;
        match self.into_parts() {
            Parts::Undefined | Parts::Null | Parts::Unsupported => visitor.visit_unit(),
            Parts::Amf3(v) => nested(&Value::Null, || v.any_inner(visitor)),
            Parts::Bool(b) => visitor.visit_bool(b),
            Parts::Integer(i) => visitor.visit_i32(i),
            Parts::Double(d) => visitor.visit_f64(d),
            Parts::String(s) => visitor.visit_string(s),
            Parts::Date(d) => visitor.visit_f64(d.millis()),
            Parts::Xml(x) => visitor.visit_string(unwrap(x, |_| Ok(()))?.0),
            Parts::XmlDocument(x) => visitor.visit_string(unwrap(x, |_| Ok(()))?.0),
            Parts::ByteArray(b) => visitor.visit_byte_buf(unwrap(b, |_| Ok(()))?.0),
            Parts::Array(a) => nested(&Value::Null, || {
                let a = unwrap(a, |a| {
                    budget::charge(values_cost(a.dense.iter()) + members_cost(&a.assoc))
                })?;
                if a.assoc.is_empty() {
                    visit_seq(a.dense.into_iter(), visitor)
                } else {
                    visit_members(array_entries(a), visitor)
                }
            }),
            Parts::Object(o) => nested(&Value::Null, || {
                let o = unwrap(o, |o| {
                    budget::charge(
                        members_cost(&o.sealed) + o.dynamic.as_deref().map_or(0, members_cost),
                    )
                })?;
                visit_members(
                    o.sealed.into_iter().chain(o.dynamic.into_iter().flatten()),
                    visitor,
                )
            }),
            Parts::External(e) => nested(&Value::Null, || {
                if let Some(v) = e.value() {
                    let body = collection_source(&e.class, v).clone();
                    drop(e);
                    return body.any_inner(visitor);
                }
                let e = unwrap(e, |e| budget::charge(1 + e.body.len() as u64))?;
                visit_seq(e.body.into_iter().map(Value::from), visitor)
            }),
            Parts::VectorInt(v) => nested(&Value::Null, || {
                visit_seq(
                    unwrap(v, |_| Ok(()))?.items.into_iter().map(Value::from),
                    visitor,
                )
            }),
            Parts::VectorUint(v) => nested(&Value::Null, || {
                visit_seq(
                    unwrap(v, |_| Ok(()))?.items.into_iter().map(Value::from),
                    visitor,
                )
            }),
            Parts::VectorDouble(v) => nested(&Value::Null, || {
                visit_seq(
                    unwrap(v, |_| Ok(()))?.items.into_iter().map(Value::Double),
                    visitor,
                )
            }),
            Parts::VectorObject(v) => nested(&Value::Null, || {
                let v = unwrap(v, |v| budget::charge(values_cost(v.items.iter())))?;
                visit_seq(v.items.into_iter(), visitor)
            }),
            Parts::Dictionary(d) => nested(&Value::Null, || {
                let d = unwrap(d, |d| {
                    budget::charge(values_cost(d.entries.iter().flat_map(|(k, v)| [k, v])))
                })?;
                visitor.visit_map(MapDe {
                    iter: d.entries.into_iter(),
                    value: None,
                })
            }),
            Parts::EcmaArray(e) => nested(&Value::Null, || {
                let e = unwrap(e, |e| budget::charge(members_cost(&e.entries)))?;
                visit_members(e.entries.into_iter(), visitor)
            }),
            Parts::Cycle => Err(cycle_error()),
        }
    }
}

impl<'de> Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        guard!(self.deserialize_any(visitor));
        self.any_inner(visitor)
    }

    deserialize_integer! {
        deserialize_i8 => "i8";
        deserialize_i16 => "i16";
        deserialize_i32 => "i32";
        deserialize_i64 => "i64";
        deserialize_u8 => "u8";
        deserialize_u16 => "u16";
        deserialize_u32 => "u32";
        deserialize_u64 => "u64";
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        guard!(self.deserialize_f64(visitor));
        match strip(self) {
            Value::Integer(i) => {
                budget::charge(1)?;
                visitor.visit_f64(f64::from(i))
            }
            other => other.any_inner(visitor),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        guard!(self.deserialize_option(visitor));
        match strip(self) {
            Value::Null | Value::Undefined => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        guard!(self.deserialize_newtype_struct(name, visitor));
        // The private names, as `de_common::deserialize_newtype` answers them
        // for the AMF decoders; here the value is already in memory (nothing
        // to read, no decoder budget to lend), and `de_common` is a layer up.
        if name == crate::dynamic::PROBE {
            crate::dynamic::enter_amf();
            return visitor.visit_newtype_struct(self);
        }
        if name == VALUE_TOKEN {
            return super::hand_over(self, || {
                visitor.visit_newtype_struct(de::value::UnitDeserializer::<Error>::new())
            });
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // The enum shapes the decoders' `deserialize_enum` read (a string, or
        // an object of one member), on a value already in memory.
        guard!(self.deserialize_enum(name, variants, visitor));
        let this = strip(self);
        budget::charge(budget::cost(&this))?;
        match this.into_parts() {
            Parts::String(s) => visitor.visit_enum(s.into_deserializer()),
            Parts::Object(o) if o.len() == 1 => nested(&Value::Null, || {
                let o = unwrap(o, |o| {
                    budget::charge(
                        members_cost(&o.sealed) + o.dynamic.as_deref().map_or(0, members_cost),
                    )
                })?;
                let (k, v) = match o
                    .sealed
                    .into_iter()
                    .chain(o.dynamic.into_iter().flatten())
                    .next()
                {
                    Some(kv) => kv,
                    None => return Err(Error::code(ErrorCode::InvalidEnumShape)),
                };
                visitor.visit_enum(EnumDe {
                    variant: k.into(),
                    value: v,
                })
            }),
            _ => Err(Error::code(ErrorCode::InvalidEnumShape)),
        }
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // The class check of the decoders' `deserialize_struct` (and
        // `amf3/de/seq.rs`'s `ColdDe`, which forwards there), on a value in
        // memory: the object is already built, so members are not read.
        guard!(self.deserialize_struct(name, fields, visitor));
        let class = crate::tokens::class_of(name).map(|(alias, _)| alias);
        let dynamic_field = fields.last() == Some(&crate::tokens::DYNAMIC_FIELD);
        let o = match strip(self) {
            this @ Value::Object(_) => match this.into_parts() {
                Parts::Object(o) => o,
                _ => return Err(cycle_error()),
            },
            other => return other.any_inner(visitor),
        };
        if let Some(expected) = class {
            let strict = STRICT_ALIASES.with(std::cell::Cell::get);
            let opts = crate::Options::new().with_strict_aliases(strict);
            opts.check_class(expected, &o.class)?;
        }
        if !dynamic_field {
            return Value::Object(o).any_inner(visitor);
        }
        budget::charge(1 + members_cost(&o.sealed) + o.dynamic.as_deref().map_or(0, members_cost))?;
        nested(&Value::Null, || {
            let mut known = Vec::new();
            let mut members = Vec::new();
            for (k, v) in o.members().cloned() {
                match fields.iter().find(|f| **f == k) {
                    Some(f) if *f != crate::tokens::DYNAMIC_FIELD => {
                        known.push((Value::String(k.into()), v))
                    }
                    _ => members.push((k, v)),
                }
            }
            drop(o);
            known.push((
                Value::String(crate::tokens::DYNAMIC_FIELD.to_owned()),
                Value::from(Object::anonymous(members)),
            ));
            visitor.visit_map(MapDe {
                iter: known.into_iter(),
                value: None,
            })
        })
    }

    /// Skips the value without looking inside it, as `serde_json::Value`
    /// does: a shared node or a [`Value::Cycle`] is skipped like any other
    /// value (there is nothing to rebuild, so a cycle is no error here).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        drop(self);
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i128 u128 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map identifier
    }
}

struct EnumDe {
    variant: String,
    value: Value,
}

impl<'de> de::EnumAccess<'de> for EnumDe {
    type Error = Error;
    type Variant = Value;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Value)> {
        let v = seed.deserialize(Value::String(self.variant))?;
        Ok((v, self.value))
    }
}

impl<'de> de::VariantAccess<'de> for Value {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }
}

/// A map key: a [`Value`] whose strings also parse as numbers when the key
/// type is numeric (member names are strings, like `serde_json`'s keys).
struct KeyDe(Value);

macro_rules! key_int {
    ($($method:ident => $visit:ident: $ty:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            if let Value::String(s) = &self.0 {
                if let Ok(n) = s.parse::<$ty>() {
                    return visitor.$visit(n);
                }
            }
            self.0.$method(visitor)
        }
    )*};
}

/// The calls where a key is read as the value it holds.
macro_rules! as_value {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value> {
            self.0.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for KeyDe {
    type Error = Error;

    as_value! {
        deserialize_any();
    }

    key_int! {
        deserialize_i8 => visit_i8: i8;
        deserialize_i16 => visit_i16: i16;
        deserialize_i32 => visit_i32: i32;
        deserialize_i64 => visit_i64: i64;
        deserialize_u8 => visit_u8: u8;
        deserialize_u16 => visit_u16: u16;
        deserialize_u32 => visit_u32: u32;
        deserialize_u64 => visit_u64: u64;
    }

    as_value! {
        deserialize_option();
        deserialize_newtype_struct(name: &'static str);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_f64();
        deserialize_f32();
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    serde::forward_to_deserialize_any! {
        bool i128 u128 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}
