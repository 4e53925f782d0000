//! Probing serializers: they look at what a value serializes as (a struct's
//! field names, whether a map key is a string) without writing anything.

use serde::ser::{self, Serialize};
/// The error of the probing serializers: "not what I was looking for".
#[derive(Debug)]
pub(super) struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("probe stopped")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

/// Collects the field names of the struct (or struct variant) that `value`
/// serializes as, without serializing the field values.
pub(super) fn probe_keys<T: ?Sized + Serialize>(value: &T) -> Option<Vec<&'static str>> {
    let mut keys = Vec::new();
    match value.serialize(Probe::Keys(&mut keys)) {
        Ok(true) => Some(keys),
        _ => None,
    }
}

/// `true` if `key` serializes as a string (so the map becomes an object).
pub(super) fn is_string_key<T: ?Sized + Serialize>(key: &T) -> bool {
    matches!(key.serialize(Probe::StringKey), Ok(true))
}

pub(super) enum Probe<'a> {
    Keys(&'a mut Vec<&'static str>),
    StringKey,
}

/// Collects keys for [`probe_keys`].
pub(super) struct KeyCollector<'a> {
    pub(super) keys: &'a mut Vec<&'static str>,
}

/// The one rule of [`KeyCollector`], for structs and struct variants
/// alike: note the field's name, never look at its value.
macro_rules! collect_field_names {
    ($($trait:ident),*) => {$(
        impl ser::$trait for KeyCollector<'_> {
            type Ok = bool;
            type Error = Stop;

            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                _: &T,
            ) -> Result<(), Stop> {
                self.keys.push(key);
                Ok(())
            }

            fn end(self) -> Result<bool, Stop> {
                Ok(true)
            }
        }
    )*};
}

collect_field_names!(SerializeStruct, SerializeStructVariant);

macro_rules! probe_false {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<bool, Stop> {
            Ok(false)
        }
    )*};
}

impl<'a> ser::Serializer for Probe<'a> {
    type Ok = bool;
    type Error = Stop;
    type SerializeSeq = ser::Impossible<bool, Stop>;
    type SerializeTuple = ser::Impossible<bool, Stop>;
    type SerializeTupleStruct = ser::Impossible<bool, Stop>;
    type SerializeTupleVariant = ser::Impossible<bool, Stop>;
    type SerializeMap = ser::Impossible<bool, Stop>;
    type SerializeStruct = KeyCollector<'a>;
    type SerializeStructVariant = KeyCollector<'a>;

    fn serialize_str(self, _: &str) -> Result<bool, Stop> {
        Ok(matches!(self, Probe::StringKey))
    }

    fn serialize_char(self, _: char) -> Result<bool, Stop> {
        Ok(matches!(self, Probe::StringKey))
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<bool, Stop> {
        Ok(matches!(self, Probe::StringKey))
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, _: &T) -> Result<bool, Stop> {
        Ok(matches!(self, Probe::StringKey))
    }

    probe_false! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<bool, Stop> {
        match self {
            Probe::Keys(_) => value.serialize(self),
            Probe::StringKey => Ok(false),
        }
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<bool, Stop> {
        if name == crate::dynamic::PROBE {
            crate::dynamic::enter_amf();
        }
        value.serialize(self)
    }

    // serde's signature, as in `KeySerializer` (ser_common.rs), which errors; the probe answers
    // "not a string key, no struct" and never fails.
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, Stop> {
        Ok(false)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
        Err(Stop)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        Err(Stop)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Err(Stop)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<KeyCollector<'a>, Stop> {
        match self {
            Probe::Keys(keys) => Ok(KeyCollector { keys }),
            Probe::StringKey => Err(Stop),
        }
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<KeyCollector<'a>, Stop> {
        match self {
            Probe::Keys(keys) => Ok(KeyCollector { keys }),
            Probe::StringKey => Err(Stop),
        }
    }
}
