//! Map keys: strings as they are, integers in decimal (an integer key makes
//! the map an ECMA array); which keys are accepted is the shared rule of
//! [`KeySerializer`](crate::ser_common::KeySerializer).

use crate::error::Result;
use crate::ser_common::{KeySerializer, KeySink};

/// A map key as text, and whether it was an integer (which makes the map an
/// ECMA array).
pub(super) struct Key {
    pub(super) text: String,
    pub(super) integer: bool,
}

/// Turns a map key into text: strings as they are, integers in decimal.
pub(super) struct KeyText;

impl KeyText {
    /// The serializer that turns a key into a [`Key`].
    pub(super) fn serializer() -> KeySerializer<KeyText> {
        KeySerializer(KeyText)
    }
}

impl KeySink for KeyText {
    type Ok = Key;

    fn string(self, key: &str) -> Result<Key> {
        self.owned_string(key.to_owned())
    }

    fn owned_string(self, text: String) -> Result<Key> {
        Ok(Key {
            text,
            integer: false,
        })
    }

    fn integer<I: std::fmt::Display>(self, key: I) -> Result<Key> {
        Ok(Key {
            text: key.to_string(),
            integer: true,
        })
    }
}
