//! [`Compound`]: the members of an array, struct, struct variant or map
//! being written, and the checks made when it ends.

use std::io;

use serde::ser::{self, Serialize};

use super::keys::MapKeySerializer;
use super::probe::is_string_key;
use super::{too_long, Serializer, MAX_LEN};
use crate::amf3::marker::{self as m, write_u29};
use crate::error::{Error, ErrorCode, Result};
use crate::ser_common::compound_forwards;
pub(super) enum State {
    Array {
        expected: Option<usize>,
        count: usize,
        patch: Option<usize>,
    },
    Sealed {
        entry: usize,
        next: usize,
        speculative: bool,
        /// The `#[amf(dynamic)]` field wrote the dynamic members.
        members: bool,
    },
    Dynamic {
        members: bool,
    },
    /// The entries of the `#[amf(dynamic)]` field, as dynamic members.
    Members,
    /// A map whose first key decides between object and Dictionary.
    MapUndecided {
        len: Option<usize>,
    },
    MapObject,
    MapDict {
        expected: Option<usize>,
        count: usize,
        patch: Option<usize>,
    },
}

// Same fields as amf0/ser/compound.rs's `Compound`, over AMF3's `Serializer` and `State`
// (dictionaries, shape cache): one type per format, as serde's `Serializer` impls need.
/// The state of a container being written.
#[doc(hidden)]
pub struct Compound<'a, W> {
    pub(super) ser: &'a mut Serializer<W>,
    pub(super) state: State,
    /// Also close the one-member object of an enum variant.
    pub(super) close_variant: bool,
}

impl<W: io::Write> Compound<'_, W> {
    pub(super) fn close(self) -> Result<()> {
        match self.state {
            State::Array {
                expected,
                count,
                patch,
            }
            | State::MapDict {
                expected,
                count,
                patch,
            } => {
                if let Some(at) = patch {
                    patch_count(&mut self.ser.out, at, count)?;
                } else if expected != Some(count) {
                    return Err(ser::Error::custom(format_args!(
                        "the Serialize impl announced {} elements but produced {count}",
                        expected.unwrap_or(0)
                    )));
                }
            }
            State::Sealed {
                entry,
                next,
                members,
                ..
            } => {
                if next != self.ser.sealed[entry].keys.len() {
                    return Err(Error::code(ErrorCode::Retry));
                }
                if self.ser.sealed[entry].dynamic && !members {
                    self.ser.out.push(0x01);
                }
            }
            State::Dynamic { members: true } => {}
            State::Dynamic { members: false } | State::MapObject | State::Members => {
                self.ser.out.push(0x01)
            }
            State::MapUndecided { .. } => {
                self.ser.write_dynamic_header();
                self.ser.out.push(0x01);
            }
        }
        if self.close_variant {
            self.ser.end_variant();
        }
        self.ser.level -= 1;
        self.ser.done()
    }

    /// Counts `n` elements written straight through `ser` (by
    /// `collect_seq`), as `serialize_element` counts one.
    #[inline(always)]
    pub(super) fn add_elements(&mut self, n: usize) {
        if let State::Array { count, .. } | State::MapDict { count, .. } = &mut self.state {
            *count += n;
        }
    }

    /// `end` of a sequence: the common case (an array of the announced
    /// length) inline, the others through [`Compound::close`].
    #[inline]
    pub(super) fn end_array(self) -> Result<()> {
        if let State::Array {
            expected: Some(expected),
            count,
            patch: None,
        } = self.state
        {
            if expected == count && !self.close_variant {
                self.ser.level -= 1;
                return self.ser.done();
            }
        }
        self.close()
    }

    /// `end` of a struct: the common case (a sealed object with all its
    /// members, no dynamic part) inline, the others through
    /// [`Compound::close`].
    #[inline]
    pub(super) fn end_struct(self) -> Result<()> {
        if let State::Sealed { entry, next, .. } = self.state {
            if let Some(e) = self.ser.sealed.get(entry) {
                if next == e.keys.len() && !e.dynamic && !self.close_variant {
                    self.ser.level -= 1;
                    return self.ser.done();
                }
            }
        }
        self.close()
    }

    pub(super) fn field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        let dynamic_field = key == crate::__private::DYNAMIC_FIELD;
        match &mut self.state {
            State::Sealed {
                entry,
                next,
                speculative,
                members,
            } => {
                *members |= dynamic_field;
                let expected = self.ser.sealed[*entry].keys.get(*next);
                let ok = match expected {
                    Some(k) => std::ptr::eq(*k, key) || *k == key,
                    None => false,
                };
                if !ok {
                    if *speculative {
                        let sig_entry = *entry;
                        for info in self.ser.sigs.values_mut() {
                            if info.entries.contains(&sig_entry) {
                                info.unstable = true;
                            }
                        }
                        self.ser.clear_sig_cache();
                    }
                    return Err(Error::code(ErrorCode::Retry));
                }
                *next += 1;
            }
            State::Dynamic { members } if dynamic_field => *members = true,
            _ => self.ser.write_member_name(key)?,
        }
        if dynamic_field {
            self.ser.dynamic_members = true;
            let r = self.ser.emit(value);
            self.ser.dynamic_members = false;
            return r;
        }
        self.ser.emit(value)
    }
}

/// Replaces the 4-byte placeholder count at `at` by the minimal U29.
pub(super) fn patch_count(out: &mut Vec<u8>, at: usize, count: usize) -> Result<()> {
    if count as u64 > MAX_LEN {
        return Err(too_long("array", count));
    }
    let mut enc = Vec::with_capacity(4);
    write_u29(&mut enc, ((count as u32) << 1) | 1);
    out.splice(at..at + 4, enc);
    Ok(())
}

// AMF3's element count (arrays and dictionaries) and end; amf0/ser/compound.rs counts strict-array
// elements and ends with `close`. The derived impls: `compound_forwards!`.
impl<W: io::Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if let State::Array { count, .. } | State::MapDict { count, .. } = &mut self.state {
            *count += 1;
        }
        self.ser.emit(value)
    }

    #[inline]
    fn end(self) -> Result<()> {
        self.end_array()
    }
}

compound_forwards!(tuple_end: end_array);

// serde's `SerializeStruct` signature, as in amf0/ser/compound.rs; AMF3's body is `field` (sealed
// members through the shape cache).
impl<W: io::Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }

    #[inline]
    fn end(self) -> Result<()> {
        self.end_struct()
    }
}

// AMF3's map rule (string keys make an object, others a dictionary); amf0/ser/compound.rs's makes
// an ECMA array of integer keys.
impl<W: io::Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        if let State::MapUndecided { len } = self.state {
            if is_string_key(key) {
                self.ser.write_dynamic_header();
                self.state = State::MapObject;
            } else {
                self.ser.object_count += 1;
                self.ser.out.push(m::DICTIONARY);
                let patch = match len {
                    Some(len) => {
                        self.ser.write_len_header(len, "dictionary")?;
                        None
                    }
                    None => {
                        let at = self.ser.out.len();
                        self.ser.out.extend_from_slice(&[0x80, 0x80, 0x80, 0x01]);
                        Some(at)
                    }
                };
                self.ser.out.push(0x00); // strong keys
                self.state = State::MapDict {
                    expected: len,
                    count: 0,
                    patch,
                };
            }
        }
        match &mut self.state {
            State::MapDict { count, .. } => {
                *count += 1;
                self.ser.emit(key)
            }
            _ => key.serialize(MapKeySerializer::serializer(&mut *self.ser)),
        }
    }

    #[inline]
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.ser.emit_inline(value)
    }

    /// The common case (a map written as a dynamic object) inline, the
    /// others through [`Compound::close`].
    #[inline]
    fn end(self) -> Result<()> {
        if matches!(self.state, State::MapObject) && !self.close_variant {
            self.ser.out.push(0x01);
            self.ser.level -= 1;
            return self.ser.done();
        }
        self.close()
    }
}
