//! The accessors serde visitors read containers through: property lists
//! ([`PropertyAccess`]) and `{variant: …}` enums ([`EnumAccess`],
//! [`VariantAccess`]); strict arrays go through `de_common::SeqAccess`.

use serde::de::{self, DeserializeSeed, IntoDeserializer};

use super::{m, Deserializer};
use crate::amf3;
use crate::de_common::VariantContent;
use crate::error::{Error, ErrorCode, Result};
use crate::read::{Read, Reference};

impl<'de, R: Read<'de>> crate::de_common::CountHint for Deserializer<'de, R> {
    fn count_hint(&self, count: u32) -> Option<usize> {
        self.inner.size_hint(count)
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
