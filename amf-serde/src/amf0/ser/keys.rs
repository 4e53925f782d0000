//! Map keys: strings as they are, integers in decimal (an integer key makes
//! the map an ECMA array); any other key is an error.

use serde::ser::{self, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::value::Value;

/// A map key as text, and whether it was an integer (which makes the map an
/// ECMA array).
pub(super) struct Key {
    pub(super) text: String,
    pub(super) integer: bool,
}

/// Turns a map key into text: strings as they are, integers in decimal.
pub(super) struct KeyText;

#[cold]
fn bad_key(found: &'static str) -> Error {
    Error::code(ErrorCode::KeyMustBeAString { found })
}

macro_rules! int_key {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method(self, v: $ty) -> Result<Key> {
            Ok(Key { text: v.to_string(), integer: true })
        }
    )*};
}

impl ser::Serializer for KeyText {
    type Ok = Key;
    type Error = Error;
    type SerializeSeq = ser::Impossible<Key, Error>;
    type SerializeTuple = ser::Impossible<Key, Error>;
    type SerializeTupleStruct = ser::Impossible<Key, Error>;
    type SerializeTupleVariant = ser::Impossible<Key, Error>;
    type SerializeMap = ser::Impossible<Key, Error>;
    type SerializeStruct = ser::Impossible<Key, Error>;
    type SerializeStructVariant = ser::Impossible<Key, Error>;

    fn serialize_str(self, v: &str) -> Result<Key> {
        Ok(Key {
            text: v.to_owned(),
            integer: false,
        })
    }

    fn serialize_char(self, v: char) -> Result<Key> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Key> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Key> {
        if name == crate::value::VALUE_TOKEN {
            return match crate::value::take_stash().as_mut() {
                Some(Value::String(s)) => Ok(Key {
                    text: std::mem::take(s),
                    integer: false,
                }),
                Some(Value::Integer(i)) => Ok(Key {
                    text: i.to_string(),
                    integer: true,
                }),
                _ => Err(bad_key("a non-string Value")),
            };
        }
        value.serialize(self)
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<Key> {
        self.serialize_str(&value.to_string())
    }

    int_key! {
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_u128(u128);
    }

    fn serialize_bool(self, _: bool) -> Result<Key> {
        Err(bad_key("a boolean"))
    }

    fn serialize_f32(self, _: f32) -> Result<Key> {
        Err(bad_key("a float"))
    }

    fn serialize_f64(self, _: f64) -> Result<Key> {
        Err(bad_key("a float"))
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<Key> {
        Err(bad_key("bytes"))
    }

    fn serialize_none(self) -> Result<Key> {
        Err(bad_key("none"))
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Key> {
        Err(bad_key("an option"))
    }

    fn serialize_unit(self) -> Result<Key> {
        Err(bad_key("unit"))
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Key> {
        Err(bad_key("a unit struct"))
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Key> {
        Err(bad_key("an enum variant"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(bad_key("a sequence"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(bad_key("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(bad_key("a tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(bad_key("an enum variant"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(bad_key("a map"))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(bad_key("a struct"))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(bad_key("an enum variant"))
    }
}
