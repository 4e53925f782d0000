//! The accessors handed to visitors: sequences, numeric vectors,
//! dictionaries, objects (with the `#[amf(dynamic)]` field), mixed arrays,
//! enums, and the deserializer of member names.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::seq::Ahead;
use super::{Deserializer, ObjectHead};
use crate::amf3::marker as m;
use crate::de_common::VariantContent;
use crate::error::{Error, ErrorCode, Result};
use crate::read::{Read, Reference};
use crate::value::Value;
#[derive(PartialEq)]
pub(super) enum Stage {
    Members,
    Extra,
    Done,
}

/// The members of an object read into a struct with a `#[amf(dynamic)]`
/// field: members named like a field go to it, the others are collected and
/// handed to the dynamic field at the end as one map.
pub(super) struct DynamicAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) traits: usize,
    pub(super) next: u32,
    pub(super) sealed: u32,
    pub(super) dynamic: bool,
    pub(super) fields: &'static [&'static str],
    pub(super) extra: Vec<(String, Value)>,
    pub(super) stage: Stage,
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for DynamicAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        loop {
            match self.stage {
                Stage::Done => return Ok(None),
                Stage::Extra => {
                    self.stage = Stage::Done;
                    let key = Reference::Borrowed(crate::__private::DYNAMIC_FIELD);
                    return seed.deserialize(KeyDeserializer { key }).map(Some);
                }
                Stage::Members => {}
            }
            let name: String = if self.next < self.sealed {
                let n = self.de.traits[self.traits].sealed[self.next as usize]
                    .as_str()
                    .to_owned();
                self.next += 1;
                n
            } else if self.dynamic {
                let key = self.de.read_str()?;
                if key.is_empty() {
                    self.dynamic = false;
                    self.stage = Stage::Extra;
                    continue;
                }
                key.to_owned()
            } else {
                self.stage = Stage::Extra;
                continue;
            };
            let field = self
                .fields
                .iter()
                .find(|f| **f == name && **f != crate::__private::DYNAMIC_FIELD);
            match field {
                Some(field) => {
                    let key = Reference::Borrowed(*field);
                    return seed.deserialize(KeyDeserializer { key }).map(Some);
                }
                None => {
                    let v = self.de.read_value()?;
                    self.extra.push((name, v));
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        if self.stage == Stage::Done {
            let members = std::mem::take(&mut self.extra);
            return seed.deserialize(Value::from(crate::types::Object::anonymous(members)));
        }
        seed.deserialize(&mut *self.de)
    }
}

// ------------------------------------------------------------- accessors

// The counted rule of amf0/de/access.rs's `SeqAccess` (and of `DictAccess`'s keys below), kept per
// format on purpose: this is the access type of the hot `seq` path (seq.rs), and one generic
// `SeqAccess` for both (tried on branch dup17) measured slower (BENCHMARKS.md, issue 17,
// "duplicates (dup17)").
pub(super) struct SeqAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) remaining: u32,
    /// The elements, when they were all read ahead as doubles (a short
    /// array: see `seq.rs`).
    pub(super) doubles: Option<Ahead>,
}

impl<'de, R: Read<'de>> de::SeqAccess<'de> for SeqAccess<'_, 'de, R> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        if let Some(ahead) = &mut self.doubles {
            let one = ahead.take();
            return seed.deserialize(one.on(&mut *self.de)).map(Some);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.size_hint(self.remaining)
    }
}

/// The elements of a dense array met by `deserialize_any` (dynamic data:
/// `serde_json::Value`, untyped sequences), one by one: [`SeqAccess`]'s
/// rule without its read-ahead doubles. Another type on purpose: the
/// visitor's `visit_seq` over it is then one loop that hands each element
/// from `deserialize_any` to the visitor, instead of merging it with the
/// read-ahead path's values, which made LLVM move every element through
/// the stack in pieces that were then read back whole (store-forwarding
/// stalls; BENCHMARKS.md, issue 23, session 6).
pub(super) struct DenseAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) remaining: u32,
}

impl<'de, R: Read<'de>> de::SeqAccess<'de> for DenseAccess<'_, 'de, R> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.size_hint(self.remaining)
    }
}

pub(super) struct NumVectorAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) marker: u8,
    pub(super) remaining: u32,
    pub(super) hint: Option<usize>,
}

impl<'de, R: Read<'de>> de::SeqAccess<'de> for NumVectorAccess<'_, 'de, R> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        let pos = self.de.read.pos();
        let v = match self.marker {
            m::VECTOR_INT => {
                let n = i32::from_be_bytes(self.de.read.read_array()?);
                seed.deserialize(IntoDeserializer::<Error>::into_deserializer(n))
            }
            m::VECTOR_UINT => {
                let n = u32::from_be_bytes(self.de.read.read_array()?);
                seed.deserialize(IntoDeserializer::<Error>::into_deserializer(n))
            }
            _ => {
                let n = f64::from_be_bytes(self.de.read.read_array()?);
                seed.deserialize(IntoDeserializer::<Error>::into_deserializer(n))
            }
        };
        v.map(Some).map_err(|e| e.fix_offset(pos))
    }

    fn size_hint(&self) -> Option<usize> {
        self.hint.map(|h| h.min(self.remaining as usize))
    }
}

// Its keys follow `SeqAccess`'s counted rule above; kept as its own type for the same reason (see
// `SeqAccess`).
pub(super) struct DictAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) remaining: u32,
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for DictAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.size_hint(self.remaining)
    }
}

/// Members of an object: sealed names from the traits, then dynamic
/// name/value pairs up to the empty name.
pub(super) struct ObjectAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) traits: usize,
    pub(super) next: u32,
    pub(super) sealed: u32,
    pub(super) dynamic: bool,
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for ObjectAccess<'_, 'de, R> {
    type Error = Error;

    // Always inlined: with one codegen unit, LLVM kept one of its two call
    // sites in `serde_json::Value`'s `visit_map` (the loop's keys) out of
    // line, each key's `Result<Option<String>>` then handed back through
    // memory (BENCHMARKS.md, issue 23, session 6).
    #[inline(always)]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.next < self.sealed {
            let key = &self.de.traits[self.traits].sealed[self.next as usize];
            self.next += 1;
            return seed
                .deserialize(KeyDeserializer { key: key.as_ref() })
                .map(Some);
        }
        if self.dynamic {
            // The common cases inline: the empty name that ends the members,
            // and a name by a short reference.
            if let [0x01, ..] = self.de.read.buffered() {
                let pos = self.de.read.pos();
                self.de.read.seek(pos + 1);
                self.dynamic = false;
                return Ok(None);
            }
            if let Some(key) = self.de.short_str_ref() {
                return seed.deserialize(KeyDeserializer { key }).map(Some);
            }
            let key = self.de.read_str()?;
            if key.is_empty() {
                self.dynamic = false;
                return Ok(None);
            }
            return seed.deserialize(KeyDeserializer { key }).map(Some);
        }
        Ok(None)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }
}

/// An array with an associative part, visited as a map: the named entries,
/// then the dense entries under their index as a decimal string key.
pub(super) struct MixedAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) dense: u32,
    pub(super) next: u32,
    pub(super) in_assoc: bool,
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for MixedAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.in_assoc {
            let key = self.de.read_str()?;
            if !key.is_empty() {
                return seed.deserialize(KeyDeserializer { key }).map(Some);
            }
            self.in_assoc = false;
        }
        if self.next < self.dense {
            let index = self.next.to_string();
            self.next += 1;
            return seed
                .deserialize(KeyDeserializer {
                    key: Reference::Copied(&index),
                })
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }
}

pub(super) struct EnumAccess<'a, 'b, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) obj: &'b ObjectHead,
}

impl<'a, 'de, R: Read<'de>> de::EnumAccess<'de> for EnumAccess<'a, '_, 'de, R> {
    type Error = Error;
    type Variant = VariantContent<'a, Deserializer<'de, R>>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let v = if self.obj.sealed == 1 {
            let key = &self.de.traits[self.obj.traits].sealed[0];
            seed.deserialize(KeyDeserializer { key: key.as_ref() })?
        } else {
            let key = self.de.read_str()?;
            if key.is_empty() {
                return Err(Error::code(ErrorCode::InvalidEnumShape));
            }
            seed.deserialize(KeyDeserializer { key })?
        };
        Ok((v, VariantContent(self.de)))
    }
}

/// Deserializes an object member name or array key: a string that also
/// parses as a number when the target is numeric (like `serde_json`'s map
/// keys).
pub(crate) struct KeyDeserializer<'a, 'de> {
    pub(crate) key: Reference<'de, 'a, str>,
}

macro_rules! deserialize_key_int {
    ($($method:ident => $visit:ident: $ty:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.key.parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => self.deserialize_any(visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_, 'de> {
    type Error = Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.key {
            Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
            Reference::Copied(s) => visitor.visit_str(s),
        }
    }

    deserialize_key_int! {
        deserialize_i8 => visit_i8: i8;
        deserialize_i16 => visit_i16: i16;
        deserialize_i32 => visit_i32: i32;
        deserialize_i64 => visit_i64: i64;
        deserialize_i128 => visit_i128: i128;
        deserialize_u8 => visit_u8: u8;
        deserialize_u16 => visit_u16: u16;
        deserialize_u32 => visit_u32: u32;
        deserialize_u64 => visit_u64: u64;
        deserialize_u128 => visit_u128: u128;
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    // serde's signature, as in amf3/de/dispatch.rs and amf0/de/visit.rs; a member name is the
    // whole input here, so no wire rule applies.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    // serde's signature, as in amf3/de/dispatch.rs and amf0/de/visit.rs; here the member name
    // itself is a unit variant.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        crate::de_common::visit_enum_str(self.key, visitor)
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    serde::forward_to_deserialize_any! {
        bool f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}
