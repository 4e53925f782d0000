//! The struct-shape cache: how a struct announced by serde becomes an object
//! with sealed traits (learnt once per shape, then written by traits
//! reference), and how a mispredicted shape asks [`Serializer::emit`] to
//! retry.

use std::io;

use super::compound::{Compound, State};
use super::{too_long, Serializer};
use crate::amf3::marker::{self as m, write_u29};
use crate::error::{Error, ErrorCode, Result};
/// Identity of a struct shape as serde announces it: the struct (or enum)
/// name, the variant name for struct variants, and the field count.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Sig {
    pub(super) name: (usize, usize),
    pub(super) variant: (usize, usize),
    pub(super) len: usize,
}

/// Slots of [`Serializer::sig_cache`].
pub(super) const SIG_CACHE: usize = 16;

impl Sig {
    /// The slot of this shape in the signature cache.
    #[inline]
    pub(super) fn slot(&self) -> usize {
        let h = (self.name.0 ^ self.variant.0.rotate_left(17) ^ self.len) as u64;
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as usize % SIG_CACHE
    }

    pub(super) fn new(name: &'static str, variant: &'static str, len: usize) -> Self {
        Sig {
            name: (name.as_ptr() as usize, name.len()),
            variant: (variant.as_ptr() as usize, variant.len()),
            len,
        }
    }
}

/// Sealed traits already written in this value.
pub(super) struct Sealed {
    /// Field names as serde gives them (the `#[amf(dynamic)]` field last).
    pub(super) keys: Vec<&'static str>,
    pub(super) traits: u32,
    /// The class alias (`""` for plain structs).
    pub(super) class: &'static str,
    pub(super) dynamic: bool,
}

#[derive(Default)]
pub(super) struct SigInfo {
    /// Indices into `Serializer::sealed`.
    pub(super) entries: Vec<usize>,
    /// A later instance had different keys: always collect keys first.
    pub(super) unstable: bool,
}

/// What the next `serialize_struct` must do (set by the retry logic).
pub(super) enum Pending {
    None,
    Keys(Vec<&'static str>),
    Dynamic,
}

impl<W: io::Write> Serializer<W> {
    /// Starts a struct (or the inner object of a struct variant).
    #[inline(always)]
    pub(super) fn begin_struct(
        &mut self,
        name: &'static str,
        sig: Sig,
        len: usize,
        close_variant: bool,
    ) -> Result<Compound<'_, W>> {
        // The common case: a known stable shape inside a container, its
        // traits already written (a traits reference). As in `begin_array`,
        // the `Compound` is built once, after the branches.
        let mut fast = None;
        if matches!(self.pending, Pending::None) && self.in_emit > 0 {
            if let Some(entry) = self.stable_entry(sig) {
                let t = self.sealed[entry].traits;
                if t != u32::MAX && t < self.traits_count {
                    self.object_count += 1;
                    self.out.push(m::OBJECT);
                    write_u29(&mut self.out, (t << 2) | 1);
                    self.level += 1;
                    fast = Some((entry, true));
                }
            }
        }
        let sealed = match fast {
            Some(f) => Some(f),
            None => self.begin_struct_slow(name, sig, len)?,
        };
        let state = match sealed {
            Some((entry, speculative)) => State::Sealed {
                entry,
                next: 0,
                speculative,
                members: false,
            },
            None => State::Dynamic { members: false },
        };
        Ok(Compound {
            ser: self,
            state,
            close_variant,
        })
    }

    /// [`Serializer::begin_struct`] when the shape is new, unstable, or
    /// its traits are not written yet: writes the object's start, returns
    /// the sealed entry and whether it is speculative, or `None` for a
    /// dynamic object.
    #[inline(never)]
    pub(super) fn begin_struct_slow(
        &mut self,
        name: &'static str,
        sig: Sig,
        len: usize,
    ) -> Result<Option<(usize, bool)>> {
        let pending = std::mem::replace(&mut self.pending, Pending::None);
        let (class, dynamic) = crate::__private::class_of(name).unwrap_or(("", false));
        let sealed = match pending {
            Pending::Keys(keys) => {
                let entry = self.sealed_entry(sig, keys, class, dynamic);
                self.write_sealed_header(entry)?;
                Some((entry, false))
            }
            Pending::Dynamic => {
                self.write_dynamic_header_for(class)?;
                None
            }
            Pending::None if self.in_emit == 0 => {
                self.write_dynamic_header_for(class)?;
                None
            }
            Pending::None => match self.stable_entry(sig) {
                Some(entry) => {
                    self.write_sealed_header(entry)?;
                    Some((entry, true))
                }
                _ => return Err(Error::code(ErrorCode::Retry)),
            },
        };
        let _ = len;
        self.level += 1;
        Ok(sealed)
    }

    /// The one sealed entry of a shape known to be stable, through the
    /// signature cache.
    #[inline]
    pub(super) fn stable_entry(&mut self, sig: Sig) -> Option<usize> {
        let slot = sig.slot();
        if let Some((s, e)) = self.sig_cache[slot] {
            if s == sig {
                return Some(e as usize);
            }
        }
        match self.sigs.get(&sig) {
            Some(info) if !info.unstable && info.entries.len() == 1 => {
                let e = info.entries[0];
                self.sig_cache[slot] = Some((sig, e as u32));
                Some(e)
            }
            _ => None,
        }
    }

    /// Forgets the signature cache (`sigs` changed).
    #[inline]
    pub(super) fn clear_sig_cache(&mut self) {
        self.sig_cache = [None; SIG_CACHE];
    }

    /// Finds or creates the sealed traits for `keys` under `sig`.
    pub(super) fn sealed_entry(
        &mut self,
        sig: Sig,
        keys: Vec<&'static str>,
        class: &'static str,
        dynamic: bool,
    ) -> usize {
        self.clear_sig_cache();
        let info = self.sigs.entry(sig).or_default();
        for &e in &info.entries {
            if self.sealed[e].keys == keys {
                return e;
            }
        }
        if !info.entries.is_empty() {
            info.unstable = true;
        }
        // Another struct with the same class and member names shares the
        // traits (a traits reference, as Flash and PyAMF write for one class).
        let same = self
            .sealed
            .iter()
            .position(|s| s.class == class && s.dynamic == dynamic && s.keys == keys);
        if let Some(e) = same {
            info.entries.push(e);
            return e;
        }
        let e = self.sealed.len();
        info.entries.push(e);
        self.sealed.push(Sealed {
            keys,
            traits: u32::MAX,
            class,
            dynamic,
        });
        e
    }

    pub(super) fn write_sealed_header(&mut self, entry: usize) -> Result<()> {
        self.object_count += 1;
        self.out.push(m::OBJECT);
        let t = self.sealed[entry].traits;
        if t != u32::MAX && t < self.traits_count {
            write_u29(&mut self.out, (t << 2) | 1);
            return Ok(());
        }
        let t = self.traits_count;
        self.traits_count += 1;
        let Sealed {
            ref keys,
            class,
            dynamic,
            ..
        } = self.sealed[entry];
        let keys = keys.clone();
        self.sealed[entry].traits = t;
        let sealed = keys
            .iter()
            .filter(|k| **k != crate::__private::DYNAMIC_FIELD)
            .count() as u32;
        if sealed > m::MAX_SEALED {
            return Err(too_long("sealed member list", sealed as usize));
        }
        write_u29(
            &mut self.out,
            (sealed << 4) | 0x03 | if dynamic { 0x08 } else { 0 },
        );
        self.write_str_vr(class)?;
        for key in keys {
            if key != crate::__private::DYNAMIC_FIELD {
                // Sealed names are written through the string table; empty
                // names are legal here (they are not terminators).
                self.write_str_vr(key)?;
            }
        }
        Ok(())
    }
}
