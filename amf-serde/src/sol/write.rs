//! This file owns writing `.sol` files: the header, the body's entries
//! over one AMF0 or AMF3 encoder whose reference tables live for the whole
//! body, the length field computed at the end, and the serde `Serializer`
//! that turns a struct or map into entries.

use serde::ser::{self, Impossible, Serialize};

use super::{Version, MAGIC, SIGNATURE};
use crate::error::{Error, ErrorCode, Result};
use crate::options::Options;
use crate::ser_common::{KeySerializer, KeySink};
use crate::value::{Value, VALUE_TOKEN};
use crate::{amf0, amf3};

/// Writes the header with a zero length field (patched by [`finish`]).
fn header(out: &mut Vec<u8>, name: &str, version: Version) -> Result<()> {
    let name_len = u16::try_from(name.len()).map_err(|_| {
        Error::code(ErrorCode::TooLong {
            what: ".sol name",
            len: name.len() as u64,
            max: u16::MAX.into(),
        })
    })?;
    out.reserve(22 + name.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&SIGNATURE);
    out.extend_from_slice(&name_len.to_be_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&[0, 0, 0, version.byte()]);
    Ok(())
}

/// The body's encoder, kept at nesting level 1 so that its tables are not
/// reset between entries.
pub(crate) enum BodyWriter {
    Amf0(amf0::Serializer<Vec<u8>>),
    Amf3(amf3::Serializer<Vec<u8>>),
}

impl BodyWriter {
    /// Starts a file: the header is written, entries follow.
    pub(crate) fn new(name: &str, version: Version, opts: &Options) -> Result<Self> {
        let mut out = Vec::new();
        header(&mut out, name, version)?;
        Ok(match version {
            Version::Amf0 => {
                let mut ser = amf0::Serializer::with_options(Vec::new(), opts);
                ser.amf3.out = out;
                ser.level = 1;
                // AMF0 object #0 is the shared object's `data` (see read.rs).
                ser.refs = 1;
                BodyWriter::Amf0(ser)
            }
            Version::Amf3 => {
                let mut ser = amf3::Serializer::with_writer(Vec::new(), true);
                ser.out = out;
                ser.level = 1;
                BodyWriter::Amf3(ser)
            }
        })
    }

    fn out(&mut self) -> &mut Vec<u8> {
        match self {
            BodyWriter::Amf0(s) => &mut s.amf3.out,
            BodyWriter::Amf3(s) => &mut s.out,
        }
    }

    /// Writes one entry: key, value, `00`.
    pub(crate) fn entry<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        match self {
            BodyWriter::Amf0(s) => {
                s.write_key(key)?;
                s.serialize_value(value)?;
            }
            BodyWriter::Amf3(s) => {
                s.write_str_vr(key)?;
                s.serialize_value(value)?;
            }
        }
        self.out().push(0);
        Ok(())
    }

    /// Writes one entry whose value is a [`Value`]: straight to the
    /// encoder's `Value` writer (as [`Self::entry`] would, without handing
    /// a clone through serde).
    pub(crate) fn entry_value(&mut self, key: &str, value: &Value) -> Result<()> {
        match self {
            BodyWriter::Amf0(s) => {
                s.write_key(key)?;
                s.write_value(value, 0)?;
            }
            BodyWriter::Amf3(s) => {
                s.write_str_vr(key)?;
                s.write_value(value, 0)?;
            }
        }
        self.out().push(0);
        Ok(())
    }

    /// Makes room for `n` more bytes of output.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.out().reserve(n);
    }

    /// The bytes written so far (header included).
    pub(crate) fn len(&mut self) -> usize {
        self.out().len()
    }

    /// Makes room in the AMF0 reference map for `n` shared nodes.
    pub(crate) fn reserve_shared(&mut self, n: usize) {
        if let BodyWriter::Amf0(s) = self {
            s.reserve_shared(n);
        }
    }

    /// Appends `body` as the entries (bytes known to be valid), then
    /// finishes.
    pub(crate) fn finish_with_body(mut self, body: &[u8]) -> Result<Vec<u8>> {
        self.out().extend_from_slice(body);
        self.finish()
    }

    /// Fills in the length field and returns the file.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>> {
        let mut out = std::mem::take(self.out());
        let len = u32::try_from(out.len() - 6).map_err(|_| {
            Error::code(ErrorCode::TooLong {
                what: ".sol file",
                len: out.len() as u64,
                max: u64::from(u32::MAX) + 6,
            })
        })?;
        out[2..6].copy_from_slice(&len.to_be_bytes());
        Ok(out)
    }
}

/// Writes `value`'s fields or entries as a `.sol` file.
pub(crate) fn to_vec<T: ?Sized + Serialize>(
    name: &str,
    value: &T,
    version: Version,
    opts: &Options,
) -> Result<Vec<u8>> {
    let mut w = BodyWriter::new(name, version, opts)?;
    value.serialize(EntriesSer { w: &mut w })?;
    w.finish()
}

/// Accepts a struct or a map (or a unit: no entries) and writes each
/// field or map entry as an entry.
struct EntriesSer<'a> {
    w: &'a mut BodyWriter,
}

#[cold]
fn not_a_map(found: &str) -> Error {
    Error::code(ErrorCode::Message(
        format!("the data of a .sol file must be a struct or a map, found {found}")
            .into_boxed_str(),
    ))
}

/// The fields of the struct or the entries of the map being written.
pub(crate) struct EntriesCompound<'a> {
    w: &'a mut BodyWriter,
    key: Option<String>,
}

// serde's `SerializeStruct` signature, also in amf0/ser/compound.rs, ser_common.rs and
// value/ser.rs; a `.sol` body's field is a top-level entry (name, value, trailing zero), not an
// object member.
impl ser::SerializeStruct for EntriesCompound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.w.entry(key, value)
    }

    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeMap for EntriesCompound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key.serialize(KeySerializer(KeyText))?);
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ser::Error::custom("serialize_value called before serialize_key"))?;
        self.w.entry(&key, value)
    }

    fn end(self) -> Result<()> {
        Ok(())
    }
}

macro_rules! reject {
    ($($method:ident($($arg:ty),*) => $what:literal;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<()> {
            Err(not_a_map($what))
        }
    )*};
}

impl<'a> ser::Serializer for EntriesSer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = EntriesCompound<'a>;
    type SerializeStruct = EntriesCompound<'a>;
    type SerializeStructVariant = Impossible<(), Error>;

    reject! {
        serialize_bool(bool) => "a boolean";
        serialize_i8(i8) => "an integer";
        serialize_i16(i16) => "an integer";
        serialize_i32(i32) => "an integer";
        serialize_i64(i64) => "an integer";
        serialize_u8(u8) => "an integer";
        serialize_u16(u16) => "an integer";
        serialize_u32(u32) => "an integer";
        serialize_u64(u64) => "an integer";
        serialize_f32(f32) => "a number";
        serialize_f64(f64) => "a number";
        serialize_char(char) => "a character";
        serialize_str(&str) => "a string";
        serialize_bytes(&[u8]) => "bytes";
        serialize_unit_variant(&'static str, u32, &'static str) => "an enum variant";
    }

    fn serialize_none(self) -> Result<()> {
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == VALUE_TOKEN {
            // A `Value`: an object's members become the entries, each
            // written natively (undefined stays undefined, and so on).
            if let Some(v) = crate::value::take_stash() {
                return write_value_entries(self.w, &v);
            }
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<()> {
        Err(not_a_map("an enum variant"))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(not_a_map("a sequence"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(not_a_map("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(not_a_map("a tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(not_a_map("an enum variant"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(EntriesCompound {
            w: self.w,
            key: None,
        })
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Ok(EntriesCompound {
            w: self.w,
            key: None,
        })
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(not_a_map("an enum variant"))
    }
}

fn write_value_entries(w: &mut BodyWriter, v: &Value) -> Result<()> {
    match v {
        Value::Amf3(inner) => write_value_entries(w, inner),
        Value::Object(o) => {
            for (k, v) in o.members() {
                w.entry(k, v)?;
            }
            Ok(())
        }
        Value::Null | Value::Undefined => Ok(()),
        other => Err(not_a_map(crate::value::kind(other))),
    }
}

/// Turns a map key into an entry key: strings and characters as they are,
/// integers in decimal (as ActionScript names array indices); which keys
/// are accepted is the shared rule of [`KeySerializer`].
struct KeyText;

impl KeySink for KeyText {
    type Ok = String;

    fn string(self, key: &str) -> Result<String> {
        Ok(key.to_owned())
    }

    fn owned_string(self, key: String) -> Result<String> {
        Ok(key)
    }

    fn integer<I: std::fmt::Display>(self, key: I) -> Result<String> {
        Ok(key.to_string())
    }
}
