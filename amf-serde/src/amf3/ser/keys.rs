//! Map keys: a map that became an anonymous dynamic object writes its keys
//! as member names, which must be strings (the rule itself is
//! [`KeySerializer`](crate::ser_common::KeySerializer)'s).

use std::io;

use super::Serializer;
use crate::error::Result;
use crate::ser_common::{key_must_be_a_string, KeySerializer, KeySink};

/// Writes the keys of a map that became an anonymous dynamic object.
pub(super) struct MapKeySerializer<'a, W> {
    pub(super) ser: &'a mut Serializer<W>,
}

impl<'a, W> MapKeySerializer<'a, W> {
    /// The serializer that writes a key as a member name.
    #[inline]
    pub(super) fn serializer(ser: &'a mut Serializer<W>) -> KeySerializer<Self> {
        KeySerializer(MapKeySerializer { ser })
    }
}

impl<W: io::Write> KeySink for MapKeySerializer<'_, W> {
    type Ok = ();

    #[inline]
    fn string(self, key: &str) -> Result<()> {
        self.ser.write_member_name(key)
    }

    fn integer<I: std::fmt::Display>(self, _: I) -> Result<()> {
        Err(key_must_be_a_string("an integer"))
    }
}
