//! What the AMF0 and AMF3 decoders share, written once: the private
//! newtype names ([`deserialize_newtype`]), the struct plan, enum variants
//! from a string or `{variant: content}`, one-value documents and streams,
//! cyclic nodes, and the serde calls both map the same way
//! (`forward_de_data_model!`).

use serde::de::{self, IntoDeserializer, Visitor};

use crate::error::{Error, Result};
use crate::read::Reference;
use crate::value::Value;

/// What a struct needs from a decoder beyond a plain map: the class its
/// `#[amf(alias = "…")]` names, and whether its last field is the
/// `#[amf(dynamic)]` map. `None` when it needs neither (decode it as any
/// value).
pub(crate) fn struct_plan(
    name: &'static str,
    fields: &'static [&'static str],
) -> Option<(Option<&'static str>, bool)> {
    let class = crate::__private::class_of(name).map(|(alias, _)| alias);
    let dynamic_field = fields.last() == Some(&crate::__private::DYNAMIC_FIELD);
    if class.is_none() && !dynamic_field {
        return None;
    }
    Some((class, dynamic_field))
}

/// A string read where an enum is expected: the name of a unit variant.
pub(crate) fn visit_enum_str<'de, V: Visitor<'de>>(
    s: Reference<'de, '_, str>,
    visitor: V,
) -> Result<V::Value> {
    match s {
        Reference::Borrowed(s) => {
            visitor.visit_enum(de::value::BorrowedStrDeserializer::<Error>::new(s))
        }
        Reference::Copied(s) => visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(s)),
    }
}

/// The content of an enum variant written as `{variant: content}`: unit
/// variants read a `null`, newtype variants their value, tuple variants a
/// sequence, struct variants an object.
pub(crate) struct VariantContent<'a, D>(pub(crate) &'a mut D);

impl<'de, D> de::VariantAccess<'de> for VariantContent<'_, D>
where
    for<'b> &'b mut D: de::Deserializer<'de, Error = Error>,
{
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(&mut *self.0)
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(&mut *self.0)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(&mut *self.0, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_any(&mut *self.0, visitor)
    }
}

/// The elements of a counted container (an AMF0 strict array, an AMF3
/// dense array, the keys of an AMF3 dictionary): `remaining` more values,
/// each read by `&mut D`.
pub(crate) struct SeqAccess<'a, D> {
    pub(crate) de: &'a mut D,
    pub(crate) remaining: u32,
}

/// How many elements a decoder lets a visitor preallocate for `count`
/// announced ones (no more than the input can back).
pub(crate) trait CountHint {
    /// The capacity hint for `count` announced elements.
    fn count_hint(&self, count: u32) -> Option<usize>;
}

impl<'de, D> de::SeqAccess<'de> for SeqAccess<'_, D>
where
    D: CountHint,
    for<'b> &'b mut D: de::Deserializer<'de, Error = Error>,
{
    type Error = Error;

    #[inline]
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.count_hint(self.remaining)
    }
}

/// Visits the `len` elements of a counted array as a sequence; a visitor
/// that stops before the last one is an error (AMF0 strict arrays, AMF3
/// dense arrays met by `deserialize_any`). AMF3's `deserialize_seq`
/// (`amf3/de/seq.rs`) has its own access type on purpose (it also hands out
/// the elements of short arrays read ahead as doubles) and checks the count
/// in `seq_end`; `dense_cold` visits through a third one, so that a
/// sequence visitor keeps one caller on the hot path (BENCHMARKS.md,
/// issue 23).
#[inline(always)]
pub(crate) fn visit_counted<'de, D, V>(de: &mut D, len: u32, visitor: V) -> Result<V::Value>
where
    D: CountHint,
    for<'b> &'b mut D: de::Deserializer<'de, Error = Error>,
    V: Visitor<'de>,
{
    let mut access = SeqAccess { de, remaining: len };
    let v = visitor.visit_seq(&mut access)?;
    if access.remaining > 0 {
        return Err(fewer_elements(len));
    }
    Ok(v)
}

/// The error for a visitor that read fewer elements than an array holds.
#[cold]
pub(crate) fn fewer_elements(len: u32) -> Error {
    de::Error::invalid_length(len as usize, &"fewer elements in the array")
}

/// The wire-specific half of [`deserialize_newtype`]: reading a whole
/// value as a [`Value`] and running code under the decoder's budget.
pub(crate) trait NativeReader {
    /// Reads the next value as a `Value` (with the externalizable readers
    /// the type being decoded handed over), and the offset its errors
    /// point at.
    fn read_native_value(&mut self) -> Result<(Value, usize)>;
    /// Runs `f` under what is left of the decoder's work and depth limits.
    fn visit_budgeted<T>(&mut self, pos: usize, f: impl FnOnce() -> Result<T>) -> Result<T>;
}

/// `deserialize_newtype_struct` of the AMF decoders: the crate's private
/// names (a type with an `#[amf(dynamic)]` field, a `Value`) are handled
/// here, the same way for every wire; any other newtype goes to `other`.
#[inline]
pub(crate) fn deserialize_newtype<'de, 's, D, V>(
    de: &'s mut D,
    name: &'static str,
    visitor: V,
    other: impl FnOnce(&'s mut D, V) -> Result<V::Value>,
) -> Result<V::Value>
where
    D: NativeReader,
    &'s mut D: de::Deserializer<'de, Error = Error>,
    V: Visitor<'de>,
{
    // `Deserializer for Value` (value/de.rs) answers the same two names for
    // a value already in memory: nothing to read, no budget to lend.
    if name == crate::dynamic::PROBE {
        crate::dynamic::enter_amf();
        return visitor.visit_newtype_struct(de);
    }
    if name == crate::value::VALUE_TOKEN {
        // The value is decoded natively (shared nodes stay shared) and
        // handed to `Value`'s visitor, which takes it at once.
        let (v, pos) = de.read_native_value()?;
        return crate::value::hand_over(v, || {
            de.visit_budgeted(pos, || {
                visitor.visit_newtype_struct(de::value::UnitDeserializer::<Error>::new())
            })
        })
        .map_err(|e| e.fix_offset(pos));
    }
    other(de, visitor)
}

/// The serde calls that every AMF decoder answers with another of its own
/// calls: `f32` is read as `f64`, tuples as sequences; neither is human
/// readable. Every integer type is read by the wire's `$ints!` macro, given
/// the type's name and signedness. Expanded inside `impl
/// serde::Deserializer`.
macro_rules! forward_de_data_model {
    (ints: $ints:ident) => {
        $ints! {
            deserialize_i8 => "i8", true;
            deserialize_i16 => "i16", true;
            deserialize_i32 => "i32", true;
            deserialize_i64 => "i64", true;
            deserialize_i128 => "i128", true;
            deserialize_u8 => "u8", false;
            deserialize_u16 => "u16", false;
            deserialize_u32 => "u32", false;
            deserialize_u64 => "u64", false;
            deserialize_u128 => "u128", false;
        }

        fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.deserialize_f64(visitor)
        }

        #[inline(always)]
        fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
            self.deserialize_seq(visitor)
        }

        // `ColdDe` (amf3/de/seq.rs) has its own tuple calls on purpose: they go to the cold
        // sequence path, these to `deserialize_seq`.
        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _len: usize,
            visitor: V,
        ) -> Result<V::Value> {
            self.deserialize_seq(visitor)
        }

        fn is_human_readable(&self) -> bool {
            false
        }
    };
}
pub(crate) use forward_de_data_model;

/// What the document-level rules need from a decoder: a look at the next
/// byte and the end-of-input check.
pub(crate) trait Document {
    /// The next byte, `None` at the end of the input.
    fn peek_byte(&mut self) -> Result<Option<u8>>;
    /// Checks that the input ends here.
    fn end_of_input(&mut self) -> Result<()>;
}

/// `from_slice`/`from_reader` of every decoder: one value, then the end of
/// the input.
pub(crate) fn from_document<'de, D, T>(mut de: D) -> Result<T>
where
    D: Document,
    for<'a> &'a mut D: de::Deserializer<'de, Error = Error>,
    T: de::Deserialize<'de>,
{
    let value = T::deserialize(&mut de)?;
    de.end_of_input()?;
    Ok(value)
}

/// The next item of a stream of values: `None` at the end of the input
/// or after an error (which is yielded once).
pub(crate) fn stream_next<'de, D, T>(de: &mut D, failed: &mut bool) -> Option<Result<T>>
where
    D: Document,
    for<'a> &'a mut D: de::Deserializer<'de, Error = Error>,
    T: de::Deserialize<'de>,
{
    if *failed {
        return None;
    }
    match de.peek_byte() {
        Ok(None) => None,
        Ok(Some(_)) => {
            let r = T::deserialize(de);
            *failed = r.is_err();
            Some(r)
        }
        Err(e) => {
            *failed = true;
            Some(Err(e))
        }
    }
}

/// Builds a node inside `Arc::new_cyclic`, so that references to it from
/// its own children can be weak cycles: `build` gets the weak pointer
/// (to register the node before reading its children) and reads the
/// contents. On an error the half-built node is dropped and the error
/// returned.
pub(crate) fn new_cyclic<T: Default>(
    build: impl FnOnce(&std::sync::Weak<T>) -> Result<T>,
) -> Result<std::sync::Arc<T>> {
    let mut err = None;
    let node = std::sync::Arc::new_cyclic(|w| {
        build(w).unwrap_or_else(|e| {
            err = Some(e);
            T::default()
        })
    });
    match err {
        Some(e) => Err(e),
        None => Ok(node),
    }
}
