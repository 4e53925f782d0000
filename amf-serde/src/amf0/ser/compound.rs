//! The state of a container being written ([`Compound`]): strict arrays,
//! objects, maps that become objects or ECMA arrays by their first key, and
//! the members of a `#[amf(dynamic)]` field; the `serde::ser::Serialize*`
//! impls.

use std::io;

use serde::ser::{self, Serialize};

use super::keys::KeyText;
use super::{m, Serializer};
use crate::error::{Error, Result};
use crate::ser_common::compound_forwards;

pub(super) enum State {
    Array {
        /// Offset of the `U32` count.
        at: usize,
        count: usize,
        expected: Option<usize>,
    },
    Object,
    /// The entries of a `#[amf(dynamic)]` field.
    Members,
    MapUndecided,
    Ecma {
        at: usize,
        count: u32,
    },
}

// Same fields as amf3/ser/compound.rs's `Compound`, over AMF0's `Serializer` and `State` (ECMA
// arrays, `00 00 09` ends): one type per format, as serde's `Serializer` impls need.
/// The state of a container being written.
#[doc(hidden)]
pub struct Compound<'a, W> {
    pub(super) ser: &'a mut Serializer<W>,
    pub(super) state: State,
    pub(super) close_variant: bool,
}

impl<W: io::Write> Compound<'_, W> {
    fn close(self) -> Result<()> {
        match self.state {
            State::Array {
                at,
                count,
                expected,
            } => {
                if expected.is_some_and(|n| n != count) {
                    return Err(ser::Error::custom(format_args!(
                        "the Serialize impl announced {} elements but produced {count}",
                        expected.unwrap_or(0)
                    )));
                }
                let n = u32::try_from(count)
                    .map_err(|_| Error::too_long("strict array", count, u32::MAX.into()))?;
                self.ser.out()[at..at + 4].copy_from_slice(&n.to_be_bytes());
            }
            State::Object => self.ser.end_properties(),
            State::Members => {}
            State::MapUndecided => {
                self.ser.complex(m::OBJECT);
                self.ser.end_properties();
            }
            State::Ecma { at, count } => {
                self.ser.out()[at..at + 4].copy_from_slice(&count.to_be_bytes());
                self.ser.end_properties();
            }
        }
        if self.close_variant {
            self.ser.end_variant();
        }
        self.ser.level -= 1;
        self.ser.done()
    }
}

// AMF0's element count and end (strict array length patched in `close`); amf3/ser/compound.rs
// counts dictionary entries too and ends with `end_array`. The derived impls:
// `compound_forwards!`.
impl<W: io::Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if let State::Array { count, .. } = &mut self.state {
            *count += 1;
        }
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

compound_forwards!(tuple_end: close);

// serde's `SerializeStruct` signature, also in amf3/ser/compound.rs, ser_common.rs
// (`compound_forwards!`), sol/write.rs and value/ser.rs; AMF0's body: the dynamic field's map
// merges into the members, any other field is a UTF-8 name then the value.
impl<W: io::Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        if key == crate::__private::DYNAMIC_FIELD {
            self.ser.dynamic_members = true;
            let r = value.serialize(&mut *self.ser);
            self.ser.dynamic_members = false;
            return r;
        }
        self.ser.write_key(key)?;
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

// AMF0's map rule (integer keys make an ECMA array); amf3/ser/compound.rs's decides between an
// object and a dictionary.
impl<W: io::Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        let text = key.serialize(KeyText::serializer())?;
        if let State::Members = self.state {
            return self.ser.write_key(&text.text);
        }
        if let State::MapUndecided = self.state {
            if text.integer {
                self.ser.complex(m::ECMA_ARRAY);
                let at = self.ser.out().len();
                self.ser.out().extend_from_slice(&[0, 0, 0, 0]);
                self.state = State::Ecma { at, count: 0 };
            } else {
                self.ser.complex(m::OBJECT);
                self.state = State::Object;
            }
        }
        if let State::Ecma { count, .. } = &mut self.state {
            *count = count.saturating_add(1);
        }
        self.ser.write_key(&text.text)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}
