//! What the encoders (AMF0, AMF3, `.sol`) share, written once: which serde
//! values can be a map key ([`KeySerializer`]), how the crate's private
//! newtype names reach a serializer natively ([`serialize_newtype`]), and
//! the serde calls and compound impls that every AMF serializer derives
//! from others (`forward_data_model!`, `compound_forwards!`).

use serde::ser::{self, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::types::Date;
use crate::value::Value;

/// What a format does with a map key that passed the rule of
/// [`KeySerializer`]: strings (also characters and unit variants, by their
/// name) and, where the format allows them, integers.
pub(crate) trait KeySink: Sized {
    /// What a key turns into.
    type Ok;
    /// A string key.
    fn string(self, key: &str) -> Result<Self::Ok>;
    /// A string key the sink may keep without copying.
    fn owned_string(self, key: String) -> Result<Self::Ok> {
        self.string(&key)
    }
    /// An integer key (AMF0 and `.sol` write it in decimal; AMF3 member
    /// names must be strings, so its sink rejects it).
    fn integer<I: std::fmt::Display>(self, key: I) -> Result<Self::Ok>;
}

/// The error for a map key that cannot be a member name.
#[cold]
pub(crate) fn key_must_be_a_string(found: &'static str) -> Error {
    Error::code(ErrorCode::KeyMustBeAString { found })
}

/// The one map-key rule of the encoders: strings, characters, unit
/// variants and integers go to the sink; a `Value` key counts as its string
/// or integer; anything else is [`ErrorCode::KeyMustBeAString`].
pub(crate) struct KeySerializer<K>(pub(crate) K);

macro_rules! int_key {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method(self, v: $ty) -> Result<K::Ok> {
            self.0.integer(v)
        }
    )*};
}

macro_rules! reject_key {
    ($($method:ident($($arg:ty),*) -> $ret:ty => $found:literal;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ret> {
            Err(key_must_be_a_string($found))
        }
    )*};
}

impl<K: KeySink> ser::Serializer for KeySerializer<K> {
    type Ok = K::Ok;
    type Error = Error;
    type SerializeSeq = ser::Impossible<K::Ok, Error>;
    type SerializeTuple = ser::Impossible<K::Ok, Error>;
    type SerializeTupleStruct = ser::Impossible<K::Ok, Error>;
    type SerializeTupleVariant = ser::Impossible<K::Ok, Error>;
    type SerializeMap = ser::Impossible<K::Ok, Error>;
    type SerializeStruct = ser::Impossible<K::Ok, Error>;
    type SerializeStructVariant = ser::Impossible<K::Ok, Error>;

    #[inline]
    fn serialize_str(self, v: &str) -> Result<K::Ok> {
        self.0.string(v)
    }

    fn serialize_char(self, v: char) -> Result<K::Ok> {
        self.0.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<K::Ok> {
        self.0.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<K::Ok> {
        if name == crate::value::VALUE_TOKEN {
            return match crate::value::take_stash().as_mut() {
                Some(Value::String(s)) => self.0.owned_string(std::mem::take(s)),
                Some(Value::Integer(i)) => self.0.integer(*i),
                _ => Err(key_must_be_a_string("a non-string Value")),
            };
        }
        value.serialize(self)
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<K::Ok> {
        self.0.owned_string(value.to_string())
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

    reject_key! {
        serialize_bool(bool) -> K::Ok => "a boolean";
        serialize_f32(f32) -> K::Ok => "a float";
        serialize_f64(f64) -> K::Ok => "a float";
        serialize_bytes(&[u8]) -> K::Ok => "bytes";
        serialize_none() -> K::Ok => "none";
        serialize_unit() -> K::Ok => "unit";
        serialize_unit_struct(&'static str) -> K::Ok => "a unit struct";
        serialize_seq(Option<usize>) -> Self::SerializeSeq => "a sequence";
        serialize_tuple(usize) -> Self::SerializeTuple => "a tuple";
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct => "a tuple struct";
        serialize_tuple_variant(&'static str, u32, &'static str, usize)
            -> Self::SerializeTupleVariant => "an enum variant";
        serialize_map(Option<usize>) -> Self::SerializeMap => "a map";
        serialize_struct(&'static str, usize) -> Self::SerializeStruct => "a struct";
        serialize_struct_variant(&'static str, u32, &'static str, usize)
            -> Self::SerializeStructVariant => "an enum variant";
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<K::Ok> {
        Err(key_must_be_a_string("an option"))
    }

    // serde's signature, as in amf3/ser/probe.rs's `Probe`, which answers `false`; a key cannot be
    // a newtype variant, so this errors.
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<K::Ok> {
        Err(key_must_be_a_string("an enum variant"))
    }
}

/// The wire-specific half of [`serialize_newtype`]: how a serializer writes
/// a date and a `Value` that reached it natively.
pub(crate) trait NativeWriter {
    /// Writes a date with every field the wire has (AMF0 keeps the time
    /// zone) and ends the value.
    fn write_native_date(&mut self, date: Date) -> Result<()>;
    /// Writes a `Value` node as it is (shared nodes as references).
    fn write_native_value(&mut self, value: &Value) -> Result<()>;
    /// Keeps a shared node alive until the top-level value ends, so that
    /// its address (the key of the object table) is not reused.
    fn keep_alive(&mut self, value: Value);
    /// Ends a value (at the top level: flushes it to the writer).
    fn end_value(&mut self) -> Result<()>;
}

/// `serialize_newtype_struct` of the AMF serializers: the crate's private
/// names (a type with an `#[amf(dynamic)]` field, a date, a `Value`) are
/// handled here, the same way for every wire; any other newtype goes to
/// `other`, which knows the wire's own names and the plain case.
#[inline]
pub(crate) fn serialize_newtype<'s, S, T>(
    ser: &'s mut S,
    name: &'static str,
    value: &T,
    other: impl FnOnce(&'s mut S, &T) -> Result<()>,
) -> Result<()>
where
    S: NativeWriter,
    &'s mut S: ser::Serializer<Ok = (), Error = Error>,
    T: ?Sized + Serialize,
{
    if name == crate::dynamic::PROBE {
        // The content must be serialized exactly once, right after the
        // flag is set (see `dynamic`): no retry wrapper here.
        crate::dynamic::enter_amf();
        return value.serialize(ser);
    }
    if name == crate::value::DATE_TOKEN {
        if let Some(d) = crate::value::take_date() {
            return ser.write_native_date(d);
        }
    }
    if name == crate::value::VALUE_TOKEN {
        if let Some(v) = crate::value::take_stash() {
            ser.write_native_value(&v)?;
            if v.node_addr().is_some() {
                ser.keep_alive(v);
            }
            return ser.end_value();
        }
    }
    other(ser, value)
}

/// The serde calls that every AMF serializer answers with another of its
/// own calls, and the shapes they share: integers up to 32 bits go to the
/// wire's `$small` writer (AMF0: a double, AMF3: an integer or a double if
/// it does not fit 29 bits), a character is a one-character
/// string, `None`, a unit struct and unit are `null`, a unit variant is its
/// name, `f32` widens to `f64`; sequences and tuples are arrays (written by
/// the wire's `$array` method), a newtype variant is `{variant: value}` and
/// a tuple variant `{variant: [..]}` (between the serializer's
/// `begin_variant` and `end_variant`, the value through its `emit`); a map
/// that follows the dynamic-members flag becomes the members of the object
/// being written, any other starts as `$undecided` (the first key decides
/// what it becomes). Expanded inside `impl serde::Serializer for &mut
/// Serializer<W>` with `Compound<'a, W>` as every compound type.
macro_rules! forward_data_model {
    (
        small_ints: $small:ident,
        array: $array:ident,
        undecided_map($len:ident): $undecided:expr
    ) => {
        fn serialize_i8(self, v: i8) -> Result<()> {
            self.$small(v.into())
        }

        fn serialize_i16(self, v: i16) -> Result<()> {
            self.$small(v.into())
        }

        fn serialize_i32(self, v: i32) -> Result<()> {
            self.$small(v.into())
        }

        fn serialize_u8(self, v: u8) -> Result<()> {
            self.$small(v.into())
        }

        fn serialize_u16(self, v: u16) -> Result<()> {
            self.$small(v.into())
        }

        fn serialize_u32(self, v: u32) -> Result<()> {
            self.$small(v.into())
        }

        fn serialize_char(self, v: char) -> Result<()> {
            self.serialize_str(v.encode_utf8(&mut [0; 4]))
        }

        fn serialize_none(self) -> Result<()> {
            self.serialize_unit()
        }

        fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
            self.serialize_unit()
        }

        fn serialize_unit_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
        ) -> Result<()> {
            self.serialize_str(variant)
        }

        fn serialize_f32(self, v: f32) -> Result<()> {
            self.serialize_f64(v.into())
        }

        #[inline(always)]
        fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, W>> {
            self.$array(len)
        }

        #[inline(always)]
        fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>> {
            self.$array(Some(len))
        }

        #[inline(always)]
        fn serialize_tuple_struct(
            self,
            _name: &'static str,
            len: usize,
        ) -> Result<Compound<'a, W>> {
            self.$array(Some(len))
        }

        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
            value: &T,
        ) -> Result<()> {
            self.begin_variant(variant)?;
            self.emit(value)?;
            self.end_variant();
            self.done()
        }

        fn serialize_tuple_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
            len: usize,
        ) -> Result<Compound<'a, W>> {
            self.begin_variant(variant)?;
            let mut c = self.$array(Some(len))?;
            c.close_variant = true;
            Ok(c)
        }

        fn serialize_map(self, $len: Option<usize>) -> Result<Compound<'a, W>> {
            self.level += 1;
            let state = if std::mem::take(&mut self.dynamic_members) {
                State::Members
            } else {
                $undecided
            };
            Ok(Compound {
                ser: self,
                state,
                close_variant: false,
            })
        }

        fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
            self.serialize_str(&value.to_string())
        }

        fn is_human_readable(&self) -> bool {
            false
        }
    };
}
pub(crate) use forward_data_model;

/// The compound impls every AMF serializer derives from two others: the
/// elements of tuples, tuple structs and tuple variants are sequence
/// elements (ended by the wire's `$tuple_end`), the fields of a struct
/// variant are struct fields. Expanded where `Compound<'_, W>` implements
/// `SerializeSeq` and `SerializeStruct` and has a `close` method.
macro_rules! compound_forwards {
    (tuple_end: $tuple_end:ident) => {
        $crate::ser_common::compound_forwards!(@seq $tuple_end,
            SerializeTuple::serialize_element,
            SerializeTupleStruct::serialize_field,
            SerializeTupleVariant::serialize_field);

        // serde's `SerializeStruct` signature, also in amf0/ser/compound.rs, sol/write.rs and
        // value/ser.rs; here a struct variant's field is forwarded to the format's own
        // `SerializeStruct`.
        impl<W: io::Write> ser::SerializeStructVariant for Compound<'_, W> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<()> {
                ser::SerializeStruct::serialize_field(self, key, value)
            }

            fn end(self) -> Result<()> {
                self.close()
            }
        }
    };
    (@seq $end:ident, $($trait:ident::$method:ident),*) => {$(
        impl<W: io::Write> ser::$trait for Compound<'_, W> {
            type Ok = ();
            type Error = Error;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
                ser::SerializeSeq::serialize_element(self, value)
            }

            #[inline]
            fn end(self) -> Result<()> {
                self.$end()
            }
        }
    )*};
}
pub(crate) use compound_forwards;
