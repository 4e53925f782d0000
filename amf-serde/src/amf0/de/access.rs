//! The accessors serde visitors read containers through: strict arrays
//! ([`SeqAccess`]), property lists ([`PropertyAccess`]) and `{variant: …}`
//! enums ([`EnumAccess`], [`VariantAccess`]).

use serde::de::{self, DeserializeSeed, IntoDeserializer};

use super::{m, Deserializer};
use crate::amf3;
use crate::de_common::VariantContent;
use crate::error::{Error, ErrorCode, Result};
use crate::read::{Read, Reference};

// The counted rule of amf3/de/access.rs's `SeqAccess`, kept per format on purpose: one generic
// `SeqAccess` for both (tried on branch dup17) read canada AMF0 typed decode 10-20% slower in
// every alternating round (BENCHMARKS.md, issue 17, "duplicates (dup17)").
pub(super) struct SeqAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) remaining: u32,
}

impl<'de, R: Read<'de>> de::SeqAccess<'de> for SeqAccess<'_, 'de, R> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.inner.size_hint(self.remaining)
    }
}

/// A property list: `UTF-8` key, value, …, `00 00 09`.
pub(super) struct PropertyAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
    pub(super) done: bool,
}

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    /// Reads the next property key, or `None` at the end marker.
    pub(super) fn next_key(&mut self) -> Result<Option<Reference<'de, '_, str>>> {
        let len = self.read_u16()?;
        if len == 0 && self.inner.peek_or_eof()? == m::OBJECT_END {
            self.inner.read.next()?;
            return Ok(None);
        }
        self.read_utf8(len.into()).map(Some)
    }
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for PropertyAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        match self.de.next_key()? {
            None => {
                self.done = true;
                Ok(None)
            }
            Some(key) => seed
                .deserialize(amf3::de::KeyDeserializer { key })
                .map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }
}

pub(super) struct EnumAccess<'a, 'de, R> {
    pub(super) de: &'a mut Deserializer<'de, R>,
}

impl<'a, 'de, R: Read<'de>> de::EnumAccess<'de> for EnumAccess<'a, 'de, R> {
    type Error = Error;
    type Variant = VariantContent<'a, Deserializer<'de, R>>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let v = match self.de.next_key()? {
            None => return Err(Error::code(ErrorCode::InvalidEnumShape)),
            Some(Reference::Borrowed(s)) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(s))?
            }
            Some(Reference::Copied(s)) => {
                seed.deserialize(IntoDeserializer::<Error>::into_deserializer(s))?
            }
        };
        Ok((v, VariantContent(self.de)))
    }
}
