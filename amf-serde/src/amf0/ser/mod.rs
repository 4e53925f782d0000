//! AMF0 serialization: the [`Serializer`] (its state, the primitive
//! writers and the `serde::Serializer` impl) and the `to_vec` family.
//!
//! The other parts live beside it: [`Value`](crate::Value) writing in `value.rs`,
//! containers being written (`Compound`) in `compound.rs`, map keys in
//! `keys.rs`.

mod compound;
mod keys;
mod value;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io;

use serde::ser::{self, Serialize};

use super::marker as m;
use crate::amf3;
use crate::error::{Error, Result};
use crate::num;
use crate::options::{Amf0Bytes, Amf0Switch, Options};
use crate::ser_common::{forward_data_model, serialize_newtype, NativeWriter};
use crate::types::Date;
use crate::util::FxHasher;
use crate::value::Value;

pub use compound::Compound;
use compound::State;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A structure for serializing Rust values into AMF0.
///
/// Every top-level value has its own reference tables (AMF0 and, for values
/// behind the `0x11` switch, AMF3). To write the several values of an RTMP
/// command, serialize them one after another:
///
/// ```
/// use amf_serde::amf0::Serializer;
///
/// let mut ser = Serializer::new(Vec::new());
/// ser.serialize_value(&"connect")?;
/// ser.serialize_value(&1.0)?;
/// ser.serialize_value(&())?;
/// assert_eq!(ser.into_inner(), [
///     0x02, 0x00, 0x07, b'c', b'o', b'n', b'n', b'e', b'c', b't',
///     0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
///     0x05,
/// ]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # How often a `Serialize` impl runs
///
/// Once per value written: AMF0 writes member names inline, so nothing is
/// probed or retried. A value behind the `0x11` switch is written by the
/// embedded AMF3 serializer, where a struct's impl can run up to three
/// times (see [`amf3::Serializer`](crate::amf3::Serializer)).
/// `tests/amf3_spec/serialize_calls.rs` (`serialize_calls_per_value_amf0_and_to_value`)
/// pins these counts.
pub struct Serializer<W> {
    /// Owns the output buffer, the writer and the AMF3 tables.
    pub(crate) amf3: amf3::Serializer<W>,
    /// AMF0 reference-table entries written in this value.
    pub(crate) refs: u32,
    /// Reference index of each shared `Value` node, by address.
    ids: FxMap<usize, u32>,
    pub(crate) level: u32,
    bytes: Amf0Bytes,
    /// Which values go behind the `0x11` switch.
    pub(crate) switch: Amf0Switch,
    /// The next map is the `#[amf(dynamic)]` field: its entries join the
    /// enclosing object's properties.
    dynamic_members: bool,
}

impl<W: io::Write> Serializer<W> {
    /// Writes AMF0 to `writer`.
    pub fn new(writer: W) -> Self {
        Serializer::with_options(writer, &Options::new())
    }

    /// Writes AMF0 to `writer` with the given options (see
    /// [`Options::with_amf0_bytes`]).
    pub fn with_options(writer: W, opts: &Options) -> Self {
        Serializer::build(amf3::Serializer::with_options(writer, opts), opts)
    }

    fn build(mut amf3: amf3::Serializer<W>, opts: &Options) -> Self {
        amf3.configure(opts);
        Serializer {
            amf3,
            refs: 0,
            ids: FxMap::default(),
            level: 0,
            bytes: opts.amf0_bytes,
            switch: opts.amf0_switch,
            dynamic_members: false,
        }
    }

    /// Gives back the writer.
    pub fn into_inner(self) -> W {
        self.amf3.into_inner()
    }

    /// Serializes `value` as one top-level value.
    ///
    /// # Errors
    /// As [`to_vec`].
    pub fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self)
    }

    fn out(&mut self) -> &mut Vec<u8> {
        &mut self.amf3.out
    }

    fn done(&mut self) -> Result<()> {
        if self.level == 0 {
            self.refs = 0;
            self.ids.clear();
            self.amf3.finish_top()?;
        }
        Ok(())
    }

    fn write_f64(&mut self, v: f64) -> Result<()> {
        let out = self.out();
        out.push(m::NUMBER);
        out.extend_from_slice(&v.to_be_bytes());
        self.done()
    }

    fn write_int(&mut self, v: i64) -> Result<()> {
        let f = num::i64_to_wire_f64(v, self.amf3.lossy_integers)?;
        self.write_f64(f)
    }

    /// A string value: `02` up to 65535 bytes, `0C` up to 2^32 − 1 bytes
    /// (longer: an error, as for [`Self::write_long_text`]).
    fn write_string(&mut self, s: &str) -> Result<()> {
        let long = match u16::try_from(s.len()) {
            Ok(_) => None,
            Err(_) => Some(
                u32::try_from(s.len())
                    .map_err(|_| Error::too_long("long string", s.len(), u32::MAX.into()))?,
            ),
        };
        let out = self.out();
        match long {
            None => {
                out.push(m::STRING);
                out.extend_from_slice(&(s.len() as u16).to_be_bytes());
            }
            Some(len) => {
                out.push(m::LONG_STRING);
                out.extend_from_slice(&len.to_be_bytes());
            }
        }
        out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn write_long_text(&mut self, marker: u8, s: &str) -> Result<()> {
        let len = u32::try_from(s.len())
            .map_err(|_| Error::too_long("long string", s.len(), u32::MAX.into()))?;
        let out = self.out();
        out.push(marker);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    /// A property key or class alias: `U16` length, no marker.
    pub(crate) fn write_key(&mut self, key: &str) -> Result<()> {
        let len = u16::try_from(key.len())
            .map_err(|_| Error::too_long("AMF0 property name", key.len(), u16::MAX.into()))?;
        let out = self.out();
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(key.as_bytes());
        Ok(())
    }

    fn end_properties(&mut self) {
        self.out().extend_from_slice(&[0x00, 0x00, m::OBJECT_END]);
    }

    /// Writes a marker that enters the reference table.
    fn complex(&mut self, marker: u8) {
        self.refs = self.refs.saturating_add(1);
        self.out().push(marker);
    }

    fn begin_object(&mut self) {
        self.level += 1;
        self.complex(m::OBJECT);
    }

    /// `{variant: …}`: an object with one member named after the variant.
    fn begin_variant(&mut self, variant: &str) -> Result<()> {
        self.begin_object();
        self.write_key(variant)
    }

    /// Closes the object [`Self::begin_variant`] opened.
    fn end_variant(&mut self) {
        self.end_properties();
        self.level -= 1;
    }

    /// Writes one value (the content of a newtype variant).
    fn emit<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn begin_strict_array(&mut self, len: Option<usize>) -> Result<Compound<'_, W>> {
        self.level += 1;
        self.complex(m::STRICT_ARRAY);
        let at = self.out().len();
        let count = match len {
            Some(n) => {
                u32::try_from(n).map_err(|_| Error::too_long("strict array", n, u32::MAX.into()))?
            }
            None => 0,
        };
        self.out().extend_from_slice(&count.to_be_bytes());
        Ok(Compound {
            ser: self,
            state: State::Array {
                at,
                count: 0,
                expected: len,
            },
            close_variant: false,
        })
    }

    fn write_bytes(&mut self, v: &[u8]) -> Result<()> {
        match self.bytes {
            Amf0Bytes::Amf3ByteArray => {
                self.out().push(m::AVMPLUS);
                self.amf3.object_count += 1;
                self.out().push(amf3::marker::BYTE_ARRAY);
                self.amf3.write_len_header(v.len(), "byte array")?;
                self.out().extend_from_slice(v);
            }
            Amf0Bytes::NumberArray => {
                let n = u32::try_from(v.len())
                    .map_err(|_| Error::too_long("strict array", v.len(), u32::MAX.into()))?;
                self.complex(m::STRICT_ARRAY);
                self.out().extend_from_slice(&n.to_be_bytes());
                for b in v {
                    self.out().push(m::NUMBER);
                    self.out().extend_from_slice(&f64::from(*b).to_be_bytes());
                }
            }
        }
        self.done()
    }
}

// serde's associated types, as in amf3/ser/dispatch.rs: each format has its own `Compound`; the
// calls both answer alike are written once in `forward_data_model!`, the crate's names in
// `ser_common::serialize_newtype`.
impl<'a, W: io::Write> ser::Serializer for &'a mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out().extend_from_slice(&[m::BOOLEAN, u8::from(v)]);
        self.done()
    }

    fn serialize_i64(self, v: i64) -> Result<()> {
        self.write_int(v)
    }

    fn serialize_i128(self, v: i128) -> Result<()> {
        let f = num::i128_to_wire_f64(v, self.amf3.lossy_integers)?;
        self.write_f64(f)
    }

    fn serialize_u64(self, v: u64) -> Result<()> {
        let f = num::u64_to_wire_f64(v, self.amf3.lossy_integers)?;
        self.write_f64(f)
    }

    fn serialize_u128(self, v: u128) -> Result<()> {
        let f = num::u128_to_wire_f64(v, self.amf3.lossy_integers)?;
        self.write_f64(f)
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        self.write_f64(v)
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        self.write_string(v)?;
        self.done()
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.write_bytes(v)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.out().push(m::NULL);
        self.done()
    }

    forward_data_model!(small_ints: write_f64, array: begin_strict_array, undecided_map(_len): State::MapUndecided);

    // AMF0's own names (the `11` switch for `remoting::Amf3` and externalizable wrappers);
    // amf3/ser/dispatch.rs writes an externalizable wrapper's object itself. Shared names:
    // `ser_common::serialize_newtype`.
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        serialize_newtype(self, name, value, |ser, value| {
            if name == crate::tokens::AMF3_TOKEN
                || name.starts_with(crate::tokens::EXTERNAL_VALUE_PREFIX)
            {
                // `remoting::Amf3` (or an externalizable Flex wrapper, which
                // only AMF3 can hold): the switch, then one AMF3 value whose
                // tables stay open for the rest of this AMF0 value (the AMF3
                // level is raised so that the value's end does not reset them).
                ser.out().push(m::AVMPLUS);
                ser.amf3.level += 1;
                let r = if name == crate::tokens::AMF3_TOKEN {
                    ser.amf3.serialize_value(value)
                } else {
                    ser::Serializer::serialize_newtype_struct(&mut ser.amf3, name, value)
                };
                ser.amf3.level -= 1;
                r?;
                return ser.done();
            }
            value.serialize(ser)
        })
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'a, W>> {
        match crate::__private::class_of(name) {
            Some((alias, _)) => {
                self.level += 1;
                self.complex(m::TYPED_OBJECT);
                self.write_key(alias)?;
            }
            None => self.begin_object(),
        }
        Ok(Compound {
            ser: self,
            state: State::Object,
            close_variant: false,
        })
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        self.begin_variant(variant)?;
        self.begin_object();
        Ok(Compound {
            ser: self,
            state: State::Object,
            close_variant: true,
        })
    }
}

// ------------------------------------------------------------- functions

/// Encodes `value` as AMF0 into a new `Vec<u8>`.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Person { name: &'static str, age: f64 }
///
/// let bytes = amf_serde::amf0::to_vec(&Person { name: "Mike", age: 30.0 })?;
/// assert_eq!(bytes, [
///     0x03,
///     0x00, 0x04, b'n', b'a', b'm', b'e', 0x02, 0x00, 0x04, b'M', b'i', b'k', b'e',
///     0x00, 0x03, b'a', b'g', b'e', 0x00, 0x40, 0x3e, 0, 0, 0, 0, 0, 0,
///     0x00, 0x00, 0x09,
/// ]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// An integer a double cannot hold exactly, a property name over 65535
/// bytes, a map key that is neither a string nor an integer, an error from
/// the value's `Serialize` impl.
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    to_vec_with(value, &Options::new())
}

/// Encodes `value` as AMF0 into `writer`.
///
/// # Errors
/// As [`to_vec`], plus I/O errors.
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    to_writer_with(writer, value, &Options::new())
}

/// [`to_writer`] with the given [`Options`] (see
/// [`Options::with_amf0_bytes`]).
///
/// # Errors
/// As [`to_writer`].
pub fn to_writer_with<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
    opts: &Options,
) -> Result<()> {
    let mut ser = Serializer::with_options(writer, opts);
    value.serialize(&mut ser)
}

/// [`to_vec`] with the given [`Options`] (see [`Options::with_amf0_bytes`]).
///
/// ```
/// use amf_serde::{options::Amf0Bytes, Options};
///
/// let opts = Options::new().with_amf0_bytes(Amf0Bytes::NumberArray);
/// let bytes = amf_serde::amf0::to_vec_with(&serde_bytes::Bytes::new(&[7]), &opts)?;
/// assert_eq!(bytes, [0x0a, 0, 0, 0, 1, 0x00, 0x40, 0x1c, 0, 0, 0, 0, 0, 0]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// As [`to_vec`].
pub fn to_vec_with<T: ?Sized + Serialize>(value: &T, opts: &Options) -> Result<Vec<u8>> {
    let mut inner = amf3::Serializer::with_writer(io::sink(), true);
    inner.single_value = true;
    let mut ser = Serializer::build(inner, opts);
    value.serialize(&mut ser)?;
    Ok(std::mem::take(&mut ser.amf3.out))
}

impl<W: io::Write> NativeWriter for Serializer<W> {
    fn write_native_date(&mut self, date: Date) -> Result<()> {
        let out = self.out();
        out.push(m::DATE);
        out.extend_from_slice(&date.millis().to_be_bytes());
        out.extend_from_slice(&date.timezone().to_be_bytes());
        self.done()
    }

    fn write_native_value(&mut self, value: &Value) -> Result<()> {
        self.write_value(value, 0)
    }

    fn keep_alive(&mut self, value: Value) {
        self.amf3.keep_alive.push(value);
    }

    fn end_value(&mut self) -> Result<()> {
        self.done()
    }
}
