//! The [`serde::Serializer`] impl: each call of serde's data model mapped
//! onto the AMF3 writers of [`Serializer`], including the magic newtype
//! names through which dates, [`Value`](crate::Value)s and externalizable
//! wrappers reach the serializer.

use std::io;

use serde::ser::{self, Serialize};

use super::compound::{Compound, State};
use super::shapes::{Pending, Sig};
use super::Serializer;
use crate::amf3::marker as m;
use crate::error::{Error, ErrorCode, Result};
use crate::num;
use crate::ser_common::{forward_data_model, serialize_newtype, NativeWriter};
use crate::types::Date;
use crate::value::Value;
// serde's associated types, as in amf0/ser/mod.rs: each format has its own `Compound`; the calls
// both answer alike are written once in `forward_data_model!`, the crate's names in
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
        self.out.push(if v { m::TRUE } else { m::FALSE });
        self.done()
    }

    fn serialize_i64(self, v: i64) -> Result<()> {
        self.write_int(v)
    }

    fn serialize_i128(self, v: i128) -> Result<()> {
        match i64::try_from(v) {
            Ok(v) => self.write_int(v),
            Err(_) => {
                let f = num::i128_to_wire_f64(v, self.lossy_integers)?;
                self.write_double(f)
            }
        }
    }

    fn serialize_u64(self, v: u64) -> Result<()> {
        self.write_uint(v)
    }

    fn serialize_u128(self, v: u128) -> Result<()> {
        match u64::try_from(v) {
            Ok(v) => self.write_uint(v),
            Err(_) => {
                let f = num::u128_to_wire_f64(v, self.lossy_integers)?;
                self.write_double(f)
            }
        }
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        self.write_double(v)
    }

    #[inline]
    fn serialize_str(self, v: &str) -> Result<()> {
        self.out.push(m::STRING);
        self.write_str_vr(v)?;
        self.done()
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.object_count += 1;
        self.out.push(m::BYTE_ARRAY);
        self.write_len_header(v.len(), "byte array")?;
        self.out.extend_from_slice(v);
        self.done()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        self.emit(value)
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.push(m::NULL);
        self.done()
    }

    forward_data_model!(small_ints: write_int, array: begin_array, undecided_map(len): State::MapUndecided { len });

    /// serde's `collect_seq` (what a `Vec`, a slice and `serde_json::Value`'s
    /// arrays call), with the element count kept in a register: serde's own
    /// version counts through `serialize_element` into the `Compound` in
    /// memory, and the 16-byte loads that move the `Compound` into `end`
    /// then stall on that 8-byte store (store forwarding), once per array
    /// (a third of `collect_seq`'s time on citm's `serde_json::Value`).
    /// Same bytes and errors: the count is added before `end` checks it.
    #[inline]
    fn collect_seq<I>(self, iter: I) -> Result<()>
    where
        I: IntoIterator,
        <I as IntoIterator>::Item: Serialize,
    {
        let iter = iter.into_iter();
        let len = match iter.size_hint() {
            (lo, Some(hi)) if lo == hi => Some(lo),
            _ => None,
        };
        let mut seq = self.begin_array(len)?;
        let mut n = 0usize;
        for item in iter {
            n += 1;
            seq.ser.emit(&item)?;
        }
        seq.add_elements(n);
        ser::SerializeSeq::end(seq)
    }

    // AMF3's own name (an externalizable wrapper's object, written here); amf0/ser/mod.rs switches
    // to AMF3 with `11` for it. Shared names: `ser_common::serialize_newtype`.
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        serialize_newtype(self, name, value, |ser, value| {
            if let Some(class) = name.strip_prefix(crate::tokens::EXTERNAL_VALUE_PREFIX) {
                // An externalizable object whose body is one value
                // (`flex::ArrayCollection`, `flex::ObjectProxy`): the wrapper
                // takes its object-table slot before the value, as Flash does.
                ser.object_count += 1;
                ser.out.push(m::OBJECT);
                ser.write_value_traits(0, class, false, true, super::value::NO_NAMES, 0)?;
                ser.level += 1;
                let r = ser.emit(value);
                ser.level -= 1;
                r?;
                return ser.done();
            }
            ser.emit(value)
        })
    }

    #[inline(always)]
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        self.begin_struct(name, Sig::new(name, "", len), len, false)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W>> {
        if matches!(self.pending, Pending::None) && self.in_emit > 0 {
            // Make sure the keys are known before the outer object is written.
            if self.stable_entry(Sig::new(name, variant, len)).is_none() {
                return Err(Error::code(ErrorCode::Retry));
            }
        }
        let pending = std::mem::replace(&mut self.pending, Pending::None);
        self.begin_variant(variant)?;
        self.pending = pending;
        self.begin_struct("", Sig::new(name, variant, len), len, true)
    }
}

impl<W: io::Write> NativeWriter for Serializer<W> {
    fn write_native_date(&mut self, date: Date) -> Result<()> {
        self.object_count += 1;
        self.out.extend_from_slice(&[m::DATE, 0x01]);
        self.out.extend_from_slice(&date.millis().to_be_bytes());
        self.done()
    }

    fn write_native_value(&mut self, value: &Value) -> Result<()> {
        self.write_value(value, 0)
    }

    fn keep_alive(&mut self, value: Value) {
        self.keep_alive.push(value);
    }

    fn end_value(&mut self) -> Result<()> {
        self.done()
    }
}
