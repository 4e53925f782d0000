//! AMF3 serialization.
//!
//! Structs are written as anonymous objects with **sealed** traits: the
//! member names go out once, and every later instance of the same struct
//! refers to them by a traits reference. Because serde announces a struct's
//! field names one at a time, the serializer learns them the first time a
//! struct shape is seen (by a cheap pass over the struct's `Serialize` impl
//! that records the names and skips the values), caches them per struct name
//! and length, and checks every later instance against the cache (falling
//! back to a fresh traits block when `skip_serializing_if` changes the set
//! of fields).
//!
//! Layout: this module holds the [`Serializer`] (its state, the framing of
//! top-level values with retry and rollback, the low-level writers) and the
//! `to_*` functions; `dispatch` maps serde's data model onto those writers,
//! `shapes` caches struct shapes as sealed traits, `compound` writes the
//! members of arrays, structs and maps, `keys` writes map keys, `probe`
//! holds the serializers that look at a value without writing it, and
//! `value` writes a [`Value`] with every AMF3 detail kept.

mod compound;
mod dispatch;
mod keys;
mod probe;
mod shapes;
mod value;

pub use compound::Compound;

use compound::State;
use probe::probe_keys;
use shapes::{Pending, Sealed, Sig, SigInfo, SIG_CACHE};
use value::ValueTraits;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io;

use serde::ser::Serialize;

use crate::amf3::marker::{self as m, write_u29, U29_MAX};
use crate::amf3::strings::{key_words, write_ref_code, KeyWords, StrTable};
use crate::error::{Error, ErrorCode, Result};
use crate::num;
use crate::util::FxHasher;
use crate::value::Value;

/// Largest length a U29 header can carry next to its flag bit.
const MAX_LEN: u64 = m::MAX_LEN as u64;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

struct Snapshot {
    out: usize,
    strings: u32,
    traits: u32,
    objects: u32,
    level: u32,
}

/// A structure for serializing Rust values into AMF3.
///
/// Every top-level value gets fresh reference tables, as with ActionScript's
/// `ByteArray.writeObject`. Bytes reach the writer when a top-level value is
/// complete.
///
/// The memory of the string table is reused: a dropped serializer leaves
/// its emptied table to the next one made on the same thread (tables of
/// more than 2^16 strings are freed instead, so a thread keeps a few MiB at
/// most). Encoding many messages in a row then does not grow a new table
/// for each.
///
/// ```
/// use serde::Serialize;
///
/// let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
/// "foo".serialize(&mut ser)?;
/// "foo".serialize(&mut ser)?; // new value, new tables: no reference
/// assert_eq!(ser.into_inner(), [0x06, 0x07, b'f', b'o', b'o', 0x06, 0x07, b'f', b'o', b'o']);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # How often a `Serialize` impl runs
///
/// Once per value written, except for structs written with sealed traits
/// (inside a container, or at the top through [`Serializer::serialize_value`],
/// [`to_vec`] and [`to_writer`]):
///
/// * The first instance of a struct shape (name, variant, field count) in a
///   top-level value is called three times: an attempt that stops at
///   `serialize_struct` (before any field), a probe that collects the field
///   names without serializing any field value, and the write. Its fields'
///   impls run once.
/// * Later instances of a known shape are called once.
/// * An instance whose field names differ from the shape's (same field
///   count, other names, as `skip_serializing_if` on two fields can give)
///   is rolled back when the difference is seen and written again after a
///   probe: the struct's impl runs three times, and the impls of the fields
///   written before the difference run twice. From then on every instance
///   of that shape is called three times (attempt, probe, write), its
///   fields once.
///
/// A struct at the very top written with `value.serialize(&mut serializer)`
/// gets dynamic traits and is called once. `tests/amf3_spec/serialize_calls.rs`
/// (`serialize_calls_per_value`) pins these counts.
pub struct Serializer<W> {
    pub(crate) out: Vec<u8>,
    writer: W,
    /// `to_vec`: keep everything in `out`.
    buffer_only: bool,
    /// `to_vec`: one value, then the serializer is dropped (no need to
    /// reset the tables afterwards).
    pub(crate) single_value: bool,
    strings: StrTable,
    traits_count: u32,
    /// Values written so far that entered the object table.
    pub(crate) object_count: u32,
    /// Object-table index of each shared [`Value`] node written, by address.
    ids: FxMap<usize, u32>,
    /// Traits written for [`Value`] objects.
    value_traits: ValueTraits,
    /// The `Value`s written in this top-level value, kept alive so that the
    /// node addresses in `ids` stay unique (a dropped node's address could
    /// be reused by the next one).
    pub(crate) keep_alive: Vec<Value>,
    anon_dynamic: Option<u32>,
    sigs: FxMap<Sig, SigInfo>,
    /// A direct-mapped cache in front of `sigs` for stable shapes: the
    /// sealed entry of recently written struct shapes (cleared whenever
    /// `sigs` changes).
    sig_cache: [Option<(Sig, u32)>; SIG_CACHE],
    sealed: Vec<Sealed>,
    pending: Pending,
    /// Number of `emit` frames on the stack (retry is possible when > 0).
    in_emit: u32,
    /// Nesting level of open containers (0 between top-level values).
    pub(crate) level: u32,
    /// The next map is the `#[amf(dynamic)]` field: write its entries as
    /// the dynamic members of the enclosing object.
    dynamic_members: bool,
    /// [`Options::with_max_encode_depth`](crate::Options::with_max_encode_depth).
    pub(crate) max_depth: usize,
    /// [`Options::with_lossy_integers`](crate::Options::with_lossy_integers).
    pub(crate) lossy_integers: bool,
}

impl<W: io::Write> Serializer<W> {
    /// Writes AMF3 to `writer`.
    pub fn new(writer: W) -> Self {
        Serializer::with_writer(writer, false)
    }

    /// Gives back the writer.
    pub fn into_inner(self) -> W {
        self.writer
    }

    pub(crate) fn with_writer(writer: W, buffer_only: bool) -> Self {
        Serializer {
            out: Vec::new(),
            writer,
            buffer_only,
            single_value: false,
            strings: StrTable::new(),
            traits_count: 0,
            object_count: 0,
            ids: FxMap::default(),
            value_traits: ValueTraits::default(),
            keep_alive: Vec::new(),
            anon_dynamic: None,
            sigs: FxMap::default(),
            sig_cache: [None; SIG_CACHE],
            sealed: Vec::new(),
            pending: Pending::None,
            in_emit: 0,
            level: 0,
            dynamic_members: false,
            max_depth: crate::Options::DEFAULT_MAX_ENCODE_DEPTH,
            lossy_integers: false,
        }
    }

    /// Applies the encoder settings of `opts`.
    pub(crate) fn configure(&mut self, opts: &crate::Options) {
        self.max_depth = opts.max_encode_depth;
        self.lossy_integers = opts.lossy_integers;
    }

    /// Writes AMF3 to `writer` with the encoder settings of `opts`
    /// ([`Options::with_max_encode_depth`](crate::Options::with_max_encode_depth),
    /// [`Options::with_lossy_integers`](crate::Options::with_lossy_integers)).
    pub fn with_options(writer: W, opts: &crate::Options) -> Self {
        let mut ser = Serializer::with_writer(writer, false);
        ser.configure(opts);
        ser
    }

    /// Serializes `value` as one top-level value, writing structs with sealed
    /// traits. (`value.serialize(&mut serializer)` works too, but a struct at
    /// the very top is then written with dynamic traits, since its keys cannot
    /// be collected first.)
    ///
    /// # Errors
    /// As [`to_vec`].
    pub fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.emit(value)
    }

    // ------------------------------------------------------------ framing

    /// Serializes a child value, collecting struct keys and retrying when the
    /// struct cache does not know (or mispredicted) the shape.
    fn emit<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.emit_inline(value)
    }

    /// [`Serializer::emit`] inlined into the caller: for the values of maps
    /// (dynamic data such as `serde_json::Value`, whose `Serialize` is
    /// recursive), one call per member instead of two.
    #[inline(always)]
    pub(super) fn emit_inline<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let snap = Snapshot {
            out: self.out.len(),
            strings: self.strings.len() as u32,
            traits: self.traits_count,
            objects: self.object_count,
            level: self.level,
        };
        self.in_emit += 1;
        let mut r = value.serialize(&mut *self);
        if matches!(&r, Err(e) if e.is_retry()) {
            self.rollback(&snap);
            self.pending = match probe_keys(value) {
                Some(keys) => Pending::Keys(keys),
                None => Pending::Dynamic,
            };
            r = value.serialize(&mut *self);
            if matches!(&r, Err(e) if e.is_retry()) {
                // The keys changed between two calls of the same impl.
                self.rollback(&snap);
                self.pending = Pending::Dynamic;
                r = value.serialize(&mut *self);
            }
            self.pending = Pending::None;
        }
        self.in_emit -= 1;
        r
    }

    #[cold]
    fn rollback(&mut self, snap: &Snapshot) {
        self.out.truncate(snap.out);
        self.level = snap.level;
        if self.object_count > snap.objects {
            self.object_count = snap.objects;
            self.ids.retain(|_, i| *i < snap.objects);
        }
        self.strings.truncate(snap.strings as usize);
        if self.traits_count > snap.traits {
            self.traits_count = snap.traits;
            self.value_traits.truncate(snap.traits);
            if self.anon_dynamic.is_some_and(|t| t >= snap.traits) {
                self.anon_dynamic = None;
            }
            let keep = self
                .sealed
                .iter()
                .position(|s| s.traits >= snap.traits)
                .unwrap_or(self.sealed.len());
            self.sealed.truncate(keep);
            for info in self.sigs.values_mut() {
                info.entries.retain(|&e| e < keep);
            }
            self.clear_sig_cache();
        }
    }

    /// Called after each complete value: at the top level, hands the bytes to
    /// the writer and starts fresh tables.
    #[inline]
    fn done(&mut self) -> Result<()> {
        if self.level == 0 {
            self.finish_top()?;
        }
        Ok(())
    }

    pub(crate) fn finish_top(&mut self) -> Result<()> {
        if self.single_value {
            // `to_vec`: the serializer is dropped after this value.
            return Ok(());
        }
        self.strings.clear();
        self.traits_count = 0;
        self.object_count = 0;
        self.ids.clear();
        self.value_traits.clear();
        self.keep_alive.clear();
        self.anon_dynamic = None;
        self.sealed.clear();
        self.sigs.clear();
        self.clear_sig_cache();
        if !self.buffer_only {
            self.writer
                .write_all(&self.out)
                .map_err(|e| Error::io(e, None))?;
            self.out.clear();
        }
        Ok(())
    }

    // ------------------------------------------------------------ writers

    #[inline]
    pub(crate) fn write_len_header(&mut self, len: usize, what: &'static str) -> Result<()> {
        if len as u64 > MAX_LEN {
            return Err(too_long(what, len));
        }
        write_u29(&mut self.out, ((len as u32) << 1) | 1);
        Ok(())
    }

    /// Writes a UTF-8-vr through the string table.
    #[inline]
    pub(crate) fn write_str_vr(&mut self, s: &str) -> Result<()> {
        if s.is_empty() {
            self.out.push(0x01);
            return Ok(());
        }
        if s.len() as u64 > MAX_LEN {
            return Err(too_long("string", s.len()));
        }
        let header = ((s.len() as u32) << 1) | 1;
        let literal_at = self.out.len() + m::u29_len(header);
        match self.strings.find_or_insert(s, &self.out, literal_at) {
            // Indices past 2^28 - 1 cannot be written: send the literal.
            Ok(index) if index <= MAX_LEN as u32 => write_u29(&mut self.out, index << 1),
            _ => {
                write_u29(&mut self.out, header);
                self.out.extend_from_slice(s.as_bytes());
            }
        }
        Ok(())
    }

    #[inline]
    fn write_int(&mut self, v: i64) -> Result<()> {
        if (i64::from(m::INT_MIN)..=i64::from(m::INT_MAX)).contains(&v) {
            m::write_marked_u29(&mut self.out, m::INTEGER, (v as u32) & U29_MAX);
            return self.done();
        }
        let f = num::i64_to_wire_f64(v, self.lossy_integers)?;
        self.write_double(f)
    }

    fn write_uint(&mut self, v: u64) -> Result<()> {
        if v <= m::INT_MAX as u64 {
            return self.write_int(v as i64);
        }
        let f = num::u64_to_wire_f64(v, self.lossy_integers)?;
        self.write_double(f)
    }

    #[inline]
    fn write_double(&mut self, v: f64) -> Result<()> {
        let [b0, b1, b2, b3, b4, b5, b6, b7] = v.to_be_bytes();
        self.out
            .extend_from_slice(&[m::DOUBLE, b0, b1, b2, b3, b4, b5, b6, b7]);
        self.done()
    }

    /// Writes `0a` and dynamic traits with no sealed members for `class`.
    fn write_dynamic_header_for(&mut self, class: &str) -> Result<()> {
        if class.is_empty() {
            self.write_dynamic_header();
            return Ok(());
        }
        self.object_count += 1;
        self.out.push(m::OBJECT);
        self.write_value_traits(0, class, true, false, value::NO_NAMES, 0)
    }

    /// Writes `0a` and anonymous dynamic traits (inline the first time, then
    /// by reference, as Flash does).
    ///
    /// Inline for the common case (a one-byte reference: every map of a
    /// map-shaped document after the first).
    #[inline]
    fn write_dynamic_header(&mut self) {
        match self.anon_dynamic {
            Some(t @ 0..32) => {
                self.object_count += 1;
                self.out
                    .extend_from_slice(&[m::OBJECT, ((t << 2) | 1) as u8]);
            }
            _ => self.write_dynamic_header_slow(),
        }
    }

    #[inline(never)]
    fn write_dynamic_header_slow(&mut self) {
        self.object_count += 1;
        self.out.push(m::OBJECT);
        match self.anon_dynamic {
            Some(t) => write_u29(&mut self.out, (t << 2) | 1),
            None => {
                self.out.extend_from_slice(&[0x0B, 0x01]);
                self.anon_dynamic = Some(self.traits_count);
                self.traits_count += 1;
            }
        }
    }

    /// Writes a dynamic member name (never empty: that ends the list).
    ///
    /// Names of up to 23 bytes (`strings::MAX_CACHED_KEY`) are looked up in the string
    /// table's member-name cache first (see `strings::KeySlot`).
    #[inline]
    fn write_member_name(&mut self, key: &str) -> Result<()> {
        if let Some(words) = key_words(key.as_bytes()) {
            if let Some(code) = self.strings.cached_key(words) {
                write_ref_code(&mut self.out, code);
                return Ok(());
            }
            return self.write_cached_member_name(key, words);
        }
        if key.is_empty() {
            return Err(Error::code(ErrorCode::EmptyDynamicKey));
        }
        self.write_str_vr(key)
    }

    /// [`Serializer::write_member_name`] for a short name the cache does
    /// not have: written as [`Serializer::write_str_vr`] does, then cached.
    #[inline(never)]
    fn write_cached_member_name(&mut self, key: &str, words: KeyWords) -> Result<()> {
        // 1 to MAX_CACHED_KEY bytes: the header is one byte.
        let literal_at = self.out.len() + 1;
        let index = match self.strings.find_or_insert(key, &self.out, literal_at) {
            Ok(index) if index <= MAX_LEN as u32 => {
                write_u29(&mut self.out, index << 1);
                index
            }
            Ok(index) | Err(index) => {
                write_u29(&mut self.out, ((key.len() as u32) << 1) | 1);
                self.out.extend_from_slice(key.as_bytes());
                index
            }
        };
        self.strings.cache_key(words, index);
        Ok(())
    }

    /// Starts an object holding one member named after an enum variant.
    fn begin_variant(&mut self, variant: &'static str) -> Result<()> {
        self.level += 1;
        self.write_dynamic_header();
        self.write_member_name(variant)
    }

    /// Closes the object [`Self::begin_variant`] opened (the empty name
    /// ends its dynamic members).
    fn end_variant(&mut self) {
        self.out.push(0x01);
        self.level -= 1;
    }

    // Always inlined, like the `serialize_*` methods that call it: the
    // `Compound` is then built in registers, not returned through a stack
    // slot written in parts and read whole (a store-forwarding stall per
    // array or struct).
    #[inline(always)]
    fn begin_array(&mut self, len: Option<usize>) -> Result<Compound<'_, W>> {
        // One construction of the `Compound` after the branches, from
        // scalars, so that it can stay out of memory.
        let patch = match len {
            Some(len @ 0..=63) => {
                // Short arrays: marker, one-byte header, empty associative part.
                self.level += 1;
                self.object_count += 1;
                self.out
                    .extend_from_slice(&[m::ARRAY, ((len as u8) << 1) | 1, 0x01]);
                None
            }
            _ => self.begin_array_slow(len)?,
        };
        Ok(Compound {
            ser: self,
            state: State::Array {
                expected: len,
                count: 0,
                patch,
            },
            close_variant: false,
        })
    }

    /// [`Serializer::begin_array`] for long arrays and unknown lengths:
    /// writes the start, returns where the count is to be patched.
    #[inline(never)]
    fn begin_array_slow(&mut self, len: Option<usize>) -> Result<Option<usize>> {
        self.level += 1;
        self.object_count += 1;
        self.out.push(m::ARRAY);
        let patch = match len {
            Some(len) => {
                self.write_len_header(len, "array")?;
                None
            }
            None => {
                let at = self.out.len();
                self.out.extend_from_slice(&[0x80, 0x80, 0x80, 0x01]);
                Some(at)
            }
        };
        self.out.push(0x01);
        Ok(patch)
    }
}

/// The "too long" error for a U29 length.
#[cold]
fn too_long(what: &'static str, len: usize) -> Error {
    Error::too_long(what, len, MAX_LEN)
}

// ------------------------------------------------------------ functions

/// Encodes `value` as AMF3 into a new `Vec<u8>`.
///
/// ```
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct P { x: i32, y: i32 }
///
/// let bytes = amf_serde::amf3::to_vec(&[P { x: 1, y: 2 }, P { x: 3, y: 4 }])?;
/// assert_eq!(bytes, [
///     0x09, 0x05, 0x01,                         // array of 2
///     0x0a, 0x23, 0x01, 0x03, 0x78, 0x03, 0x79, // sealed traits: "", "x", "y"
///     0x04, 0x01, 0x04, 0x02,                   // x=1, y=2
///     0x0a, 0x01,                               // traits reference #0
///     0x04, 0x03, 0x04, 0x04,                   // x=3, y=4
/// ]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// A value AMF3 cannot hold: an integer a double cannot represent exactly, a
/// string or byte array of 2^28 bytes or more, a map key that is the empty
/// string, or an error raised by the value's `Serialize` impl.
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    to_vec_with(value, &crate::Options::new())
}

/// [`to_vec`] with the given [`Options`](crate::Options).
///
/// # Errors
/// As [`to_vec`].
pub fn to_vec_with<T: ?Sized + Serialize>(value: &T, opts: &crate::Options) -> Result<Vec<u8>> {
    let mut ser = Serializer::with_writer(io::sink(), true);
    ser.configure(opts);
    ser.single_value = true;
    ser.emit(value)?;
    Ok(ser.out)
}

/// Encodes `value` as AMF3 into `writer`.
///
/// ```
/// let mut out = Vec::new();
/// amf_serde::amf3::to_writer(&mut out, &("a", 1.5))?;
/// assert_eq!(out, [0x09, 0x05, 0x01, 0x06, 0x03, 0x61, 0x05, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// As [`to_vec`], plus I/O errors.
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    to_writer_with(writer, value, &crate::Options::new())
}

/// [`to_writer`] with the given [`Options`](crate::Options).
///
/// # Errors
/// As [`to_writer`].
pub fn to_writer_with<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
    opts: &crate::Options,
) -> Result<()> {
    let mut ser = Serializer::with_options(writer, opts);
    ser.emit(value)
}
