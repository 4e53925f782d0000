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

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io;

use serde::ser::{self, Serialize};

use super::marker::{self as m, write_u29, U29_MAX};
use crate::error::{Error, ErrorCode, Result};
use crate::types::{DataItem, Name};
use crate::util::{FxHasher, StrTable};
use crate::value::Value;

/// Largest length a U29 header can carry next to its flag bit.
const MAX_LEN: u64 = (1 << 28) - 1;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Identity of a struct shape as serde announces it: the struct (or enum)
/// name, the variant name for struct variants, and the field count.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Sig {
    name: (usize, usize),
    variant: (usize, usize),
    len: usize,
}

/// Slots of [`Serializer::sig_cache`].
const SIG_CACHE: usize = 16;

impl Sig {
    /// The slot of this shape in the signature cache.
    #[inline]
    fn slot(&self) -> usize {
        let h = (self.name.0 ^ self.variant.0.rotate_left(17) ^ self.len) as u64;
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as usize % SIG_CACHE
    }

    fn new(name: &'static str, variant: &'static str, len: usize) -> Self {
        Sig {
            name: (name.as_ptr() as usize, name.len()),
            variant: (variant.as_ptr() as usize, variant.len()),
            len,
        }
    }
}

/// Sealed traits already written in this value.
struct Sealed {
    /// Field names as serde gives them (the `#[amf(dynamic)]` field last).
    keys: Vec<&'static str>,
    traits: u32,
    /// The class alias (`""` for plain structs).
    class: &'static str,
    dynamic: bool,
}

#[derive(Default)]
struct SigInfo {
    /// Indices into `Serializer::sealed`.
    entries: Vec<usize>,
    /// A later instance had different keys: always collect keys first.
    unstable: bool,
}

/// What the next `serialize_struct` must do (set by the retry logic).
enum Pending {
    None,
    Keys(Vec<&'static str>),
    Dynamic,
}

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

    fn write_int(&mut self, v: i64) -> Result<()> {
        if (i64::from(m::INT_MIN)..=i64::from(m::INT_MAX)).contains(&v) {
            self.out.push(m::INTEGER);
            write_u29(&mut self.out, (v as u32) & U29_MAX);
            return self.done();
        }
        let f = v as f64;
        if (f >= 9.223_372_036_854_776e18 || f as i64 != v) && !self.lossy_integers {
            return Err(not_exact(v));
        }
        self.write_double(f)
    }

    fn write_uint(&mut self, v: u64) -> Result<()> {
        if v <= m::INT_MAX as u64 {
            return self.write_int(v as i64);
        }
        let f = v as f64;
        if (f >= 1.844_674_407_370_955_2e19 || f as u64 != v) && !self.lossy_integers {
            return Err(not_exact(v));
        }
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
        self.write_value_traits(class, true, false, &[])
    }

    /// Writes `0a` and anonymous dynamic traits (inline the first time, then
    /// by reference, as Flash does).
    fn write_dynamic_header(&mut self) {
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
    fn write_member_name(&mut self, key: &str) -> Result<()> {
        if key.is_empty() {
            return Err(Error::code(ErrorCode::EmptyDynamicKey));
        }
        self.write_str_vr(key)
    }

    /// Starts an object holding one member named after an enum variant.
    fn begin_variant(&mut self, variant: &'static str) -> Result<()> {
        self.level += 1;
        self.write_dynamic_header();
        self.write_member_name(variant)
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

    /// Starts a struct (or the inner object of a struct variant).
    #[inline(always)]
    fn begin_struct(
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
    fn begin_struct_slow(
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
    fn stable_entry(&mut self, sig: Sig) -> Option<usize> {
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
    fn clear_sig_cache(&mut self) {
        self.sig_cache = [None; SIG_CACHE];
    }

    /// Finds or creates the sealed traits for `keys` under `sig`.
    fn sealed_entry(
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

    fn write_sealed_header(&mut self, entry: usize) -> Result<()> {
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
        if u64::from(sealed) > (1 << 25) - 1 {
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

/// Traits written for `Value` objects, found by (class, dynamic,
/// externalizable, sealed names).
#[derive(Default)]
struct ValueTraits {
    by_hash: FxMap<u64, Vec<usize>>,
    entries: Vec<(u32, TraitsKey)>,
}

#[derive(PartialEq)]
struct TraitsKey {
    class: String,
    dynamic: bool,
    external: bool,
    names: Vec<String>,
}

impl ValueTraits {
    fn hash(class: &str, dynamic: bool, external: bool, names: &[&str]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = FxHasher::default();
        class.hash(&mut h);
        dynamic.hash(&mut h);
        external.hash(&mut h);
        names.hash(&mut h);
        h.finish()
    }

    fn find(
        &self,
        hash: u64,
        class: &str,
        dynamic: bool,
        external: bool,
        names: &[&str],
    ) -> Option<u32> {
        self.by_hash.get(&hash)?.iter().find_map(|&e| {
            let (index, key) = &self.entries[e];
            (key.class == class
                && key.dynamic == dynamic
                && key.external == external
                && key.names.len() == names.len()
                && key.names.iter().zip(names).all(|(a, b)| a == b))
            .then_some(*index)
        })
    }

    fn insert(&mut self, hash: u64, index: u32, key: TraitsKey) {
        self.by_hash
            .entry(hash)
            .or_default()
            .push(self.entries.len());
        self.entries.push((index, key));
    }

    fn clear(&mut self) {
        self.by_hash.clear();
        self.entries.clear();
    }

    fn truncate(&mut self, traits: u32) {
        if self.entries.iter().any(|(i, _)| *i >= traits) {
            self.entries.retain(|(i, _)| *i < traits);
            self.by_hash.clear();
            for (n, (_, key)) in self.entries.iter().enumerate() {
                let names: Vec<&str> = key.names.iter().map(String::as_str).collect();
                let h = Self::hash(&key.class, key.dynamic, key.external, &names);
                self.by_hash.entry(h).or_default().push(n);
            }
        }
    }
}

/// The AMF3 marker a reference to `v` is written with.
fn ref_marker(v: &Value) -> u8 {
    match v {
        Value::Date(_) => m::DATE,
        Value::XmlDocument(_) => m::XML_DOC,
        Value::Xml(_) => m::XML,
        Value::ByteArray(_) => m::BYTE_ARRAY,
        Value::Object(_) | Value::External(_) => m::OBJECT,
        Value::VectorInt(_) => m::VECTOR_INT,
        Value::VectorUint(_) => m::VECTOR_UINT,
        Value::VectorDouble(_) => m::VECTOR_DOUBLE,
        Value::VectorObject(_) => m::VECTOR_OBJECT,
        Value::Dictionary(_) => m::DICTIONARY,
        _ => m::ARRAY,
    }
}

#[cold]
fn too_long(what: &'static str, len: usize) -> Error {
    Error::code(ErrorCode::TooLong {
        what,
        len: len as u64,
        max: MAX_LEN,
    })
}

impl<W: io::Write> Serializer<W> {
    /// Writes a [`Value`] as it is: shared nodes by object reference, traits
    /// by traits reference, every AMF3 detail kept.
    pub(crate) fn write_value(&mut self, v: &Value, depth: usize) -> Result<()> {
        if depth > self.max_depth {
            return Err(ser::Error::custom(format_args!(
                "Value nested too deeply to encode (more than {} levels; see Options::with_max_encode_depth)",
                self.max_depth
            )));
        }
        match v {
            Value::Undefined | Value::Unsupported => self.out.push(m::UNDEFINED),
            Value::Amf3(inner) => self.write_value(inner, depth + 1)?,
            Value::Null => self.out.push(m::NULL),
            Value::Bool(b) => self.out.push(if *b { m::TRUE } else { m::FALSE }),
            Value::Integer(i) if (m::INT_MIN..=m::INT_MAX).contains(i) => {
                self.out.push(m::INTEGER);
                write_u29(&mut self.out, (*i as u32) & U29_MAX);
            }
            Value::Integer(i) => self.write_raw_double(f64::from(*i)),
            Value::Double(d) => self.write_raw_double(*d),
            Value::String(s) => {
                self.out.push(m::STRING);
                self.write_str_vr(s)?;
            }
            Value::Cycle(c) => match self.ids.get(&c.addr()) {
                Some(&index) => {
                    let target = c.upgrade().unwrap_or(Value::Null);
                    self.out.push(ref_marker(&target));
                    write_u29(&mut self.out, index << 1);
                }
                None => match c.upgrade() {
                    Some(target) => self.write_value(&target, depth + 1)?,
                    None => {
                        return Err(ser::Error::custom(
                            "a Value::Cycle points at a value that no longer exists",
                        ))
                    }
                },
            },
            complex => {
                let addr = complex.node_addr().unwrap_or(0);
                if let Some(&index) = self.ids.get(&addr) {
                    self.out.push(ref_marker(complex));
                    write_u29(&mut self.out, index << 1);
                    return Ok(());
                }
                self.ids.insert(addr, self.object_count);
                self.object_count += 1;
                self.write_complex(complex, depth)?;
            }
        }
        Ok(())
    }

    fn write_raw_double(&mut self, d: f64) {
        self.out.push(m::DOUBLE);
        self.out.extend_from_slice(&d.to_be_bytes());
    }

    fn write_members(&mut self, members: &[(Name, Value)], depth: usize) -> Result<()> {
        for (k, v) in members {
            self.write_member_name(k)?;
            self.write_value(v, depth + 1)?;
        }
        self.out.push(0x01);
        Ok(())
    }

    /// Writes the traits of a `Value` object (or externalizable object):
    /// by reference when the same traits were written before.
    fn write_value_traits(
        &mut self,
        class: &str,
        dynamic: bool,
        external: bool,
        names: &[&str],
    ) -> Result<()> {
        if class.is_empty() && dynamic && !external && names.is_empty() {
            if let Some(t) = self.anon_dynamic {
                write_u29(&mut self.out, (t << 2) | 1);
            } else {
                self.out.extend_from_slice(&[0x0B, 0x01]);
                self.anon_dynamic = Some(self.traits_count);
                self.traits_count += 1;
            }
            return Ok(());
        }
        let hash = ValueTraits::hash(class, dynamic, external, names);
        if let Some(t) = self
            .value_traits
            .find(hash, class, dynamic, external, names)
        {
            write_u29(&mut self.out, (t << 2) | 1);
            return Ok(());
        }
        if names.len() as u64 > (1 << 25) - 1 {
            return Err(too_long("sealed member list", names.len()));
        }
        let header = if external {
            0x07
        } else {
            ((names.len() as u32) << 4) | 0x03 | if dynamic { 0x08 } else { 0 }
        };
        write_u29(&mut self.out, header);
        self.write_str_vr(class)?;
        for name in names {
            self.write_str_vr(name)?;
        }
        let t = self.traits_count;
        self.traits_count += 1;
        self.value_traits.insert(
            hash,
            t,
            TraitsKey {
                class: class.to_owned(),
                dynamic,
                external,
                names: names.iter().map(|n| (*n).to_owned()).collect(),
            },
        );
        Ok(())
    }

    fn write_complex(&mut self, v: &Value, depth: usize) -> Result<()> {
        match v {
            Value::Date(d) => {
                self.out.extend_from_slice(&[m::DATE, 0x01]);
                self.out.extend_from_slice(&d.millis().to_be_bytes());
            }
            Value::XmlDocument(x) => self.write_text(m::XML_DOC, &x.0)?,
            Value::Xml(x) => self.write_text(m::XML, &x.0)?,
            Value::ByteArray(b) => {
                self.out.push(m::BYTE_ARRAY);
                self.write_len_header(b.0.len(), "byte array")?;
                self.out.extend_from_slice(&b.0);
            }
            Value::Array(a) => {
                self.out.push(m::ARRAY);
                self.write_len_header(a.dense.len(), "array")?;
                for (k, v) in &a.assoc {
                    self.write_member_name(k)?;
                    self.write_value(v, depth + 1)?;
                }
                self.out.push(0x01);
                for v in &a.dense {
                    self.write_value(v, depth + 1)?;
                }
            }
            Value::EcmaArray(e) => {
                // AMF3 has no ECMA array: keys "0", "1", … from the start go
                // to the dense part, the rest to the associative part.
                let dense = e
                    .entries
                    .iter()
                    .enumerate()
                    .take_while(|(i, (k, _))| *k == i.to_string())
                    .count();
                self.out.push(m::ARRAY);
                self.write_len_header(dense, "array")?;
                for (k, v) in &e.entries[dense..] {
                    self.write_member_name(k)?;
                    self.write_value(v, depth + 1)?;
                }
                self.out.push(0x01);
                for (_, v) in &e.entries[..dense] {
                    self.write_value(v, depth + 1)?;
                }
            }
            Value::Object(o) => {
                self.out.push(m::OBJECT);
                let names: Vec<&str> = o.sealed.iter().map(|(k, _)| k.as_str()).collect();
                self.write_value_traits(&o.class, o.dynamic.is_some(), false, &names)?;
                for (_, v) in &o.sealed {
                    self.write_value(v, depth + 1)?;
                }
                if let Some(members) = &o.dynamic {
                    self.write_members(members, depth)?;
                }
            }
            Value::External(e) => {
                self.out.push(m::OBJECT);
                self.write_value_traits(&e.class, false, true, &[])?;
                for item in &e.body {
                    self.write_item(item, depth)?;
                }
            }
            Value::VectorInt(x) => {
                self.out.push(m::VECTOR_INT);
                self.write_len_header(x.items.len(), "vector")?;
                self.out.push(u8::from(x.fixed));
                for i in &x.items {
                    self.out.extend_from_slice(&i.to_be_bytes());
                }
            }
            Value::VectorUint(x) => {
                self.out.push(m::VECTOR_UINT);
                self.write_len_header(x.items.len(), "vector")?;
                self.out.push(u8::from(x.fixed));
                for i in &x.items {
                    self.out.extend_from_slice(&i.to_be_bytes());
                }
            }
            Value::VectorDouble(x) => {
                self.out.push(m::VECTOR_DOUBLE);
                self.write_len_header(x.items.len(), "vector")?;
                self.out.push(u8::from(x.fixed));
                for i in &x.items {
                    self.out.extend_from_slice(&i.to_be_bytes());
                }
            }
            Value::VectorObject(x) => {
                self.out.push(m::VECTOR_OBJECT);
                self.write_len_header(x.items.len(), "vector")?;
                self.out.push(u8::from(x.fixed));
                self.write_str_vr(&x.type_name)?;
                for v in &x.items {
                    self.write_value(v, depth + 1)?;
                }
            }
            Value::Dictionary(d) => {
                self.out.push(m::DICTIONARY);
                self.write_len_header(d.entries.len(), "dictionary")?;
                self.out.push(u8::from(d.weak_keys));
                for (k, v) in &d.entries {
                    self.write_value(k, depth + 1)?;
                    self.write_value(v, depth + 1)?;
                }
            }
            // Scalars and cycles are handled by `write_value`.
            _ => self.write_value(v, depth + 1)?,
        }
        Ok(())
    }

    fn write_text(&mut self, marker: u8, text: &str) -> Result<()> {
        self.out.push(marker);
        self.write_len_header(text.len(), "XML text")?;
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }

    fn write_item(&mut self, item: &DataItem, depth: usize) -> Result<()> {
        match item {
            DataItem::Bool(b) => self.out.push(u8::from(*b)),
            DataItem::Byte(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::UnsignedByte(n) => self.out.push(*n),
            DataItem::Short(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::UnsignedShort(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::Int(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::UnsignedInt(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::Float(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::Double(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::Utf(s) => {
                let len = u16::try_from(s.len()).map_err(|_| {
                    Error::code(ErrorCode::TooLong {
                        what: "writeUTF string",
                        len: s.len() as u64,
                        max: u64::from(u16::MAX),
                    })
                })?;
                self.out.extend_from_slice(&len.to_be_bytes());
                self.out.extend_from_slice(s.as_bytes());
            }
            DataItem::UtfBytes(s) => self.out.extend_from_slice(s.as_bytes()),
            DataItem::Bytes(b) => self.out.extend_from_slice(b),
            DataItem::Value(v) => self.write_value(v, depth + 1)?,
        }
        Ok(())
    }
}

#[cold]
fn not_exact<T: std::fmt::Display>(v: T) -> Error {
    Error::code(ErrorCode::NotExactlyRepresentable {
        what: "integer",
        value: v.to_string().into(),
    })
}

enum State {
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

/// The state of a container being written.
#[doc(hidden)]
pub struct Compound<'a, W> {
    ser: &'a mut Serializer<W>,
    state: State,
    /// Also close the one-member object of an enum variant.
    close_variant: bool,
}

impl<W: io::Write> Compound<'_, W> {
    fn close(self) -> Result<()> {
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
            self.ser.out.push(0x01);
            self.ser.level -= 1;
        }
        self.ser.level -= 1;
        self.ser.done()
    }

    /// `end` of a sequence: the common case (an array of the announced
    /// length) inline, the others through [`Compound::close`].
    #[inline]
    fn end_array(self) -> Result<()> {
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
    fn end_struct(self) -> Result<()> {
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

    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<()> {
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
fn patch_count(out: &mut Vec<u8>, at: usize, count: usize) -> Result<()> {
    if count as u64 > MAX_LEN {
        return Err(too_long("array", count));
    }
    let mut enc = Vec::with_capacity(4);
    write_u29(&mut enc, ((count as u32) << 1) | 1);
    out.splice(at..at + 4, enc);
    Ok(())
}

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

impl<W: io::Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    #[inline]
    fn end(self) -> Result<()> {
        self.end_array()
    }
}

impl<W: io::Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

impl<W: io::Write> ser::SerializeTupleVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

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

impl<W: io::Write> ser::SerializeStructVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

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
            _ => key.serialize(MapKeySerializer {
                ser: &mut *self.ser,
            }),
        }
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.ser.emit(value)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

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

    fn serialize_i8(self, v: i8) -> Result<()> {
        self.write_int(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<()> {
        self.write_int(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<()> {
        self.write_int(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<()> {
        self.write_int(v)
    }

    fn serialize_i128(self, v: i128) -> Result<()> {
        match i64::try_from(v) {
            Ok(v) => self.write_int(v),
            Err(_) => {
                let f = v as f64;
                if self.lossy_integers
                    || (f.is_finite() && f as i128 == v && f < 1.7014118346046923e38)
                {
                    self.write_double(f)
                } else {
                    Err(not_exact(v))
                }
            }
        }
    }

    fn serialize_u8(self, v: u8) -> Result<()> {
        self.write_int(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<()> {
        self.write_int(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<()> {
        self.write_int(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<()> {
        self.write_uint(v)
    }

    fn serialize_u128(self, v: u128) -> Result<()> {
        match u64::try_from(v) {
            Ok(v) => self.write_uint(v),
            Err(_) => {
                let f = v as f64;
                if self.lossy_integers
                    || (f.is_finite() && f as u128 == v && f < 3.402_823_669_209_385e38)
                {
                    self.write_double(f)
                } else {
                    Err(not_exact(v))
                }
            }
        }
    }

    fn serialize_f32(self, v: f32) -> Result<()> {
        self.write_double(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        self.write_double(v)
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
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

    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        self.emit(value)
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.push(m::NULL);
        self.done()
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

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == crate::dynamic::PROBE {
            crate::dynamic::enter_amf();
            return value.serialize(self);
        }
        if name == crate::value::DATE_TOKEN {
            if let Some(d) = crate::value::take_date() {
                self.object_count += 1;
                self.out.extend_from_slice(&[m::DATE, 0x01]);
                self.out.extend_from_slice(&d.millis().to_be_bytes());
                return self.done();
            }
        }
        if name == crate::value::VALUE_TOKEN {
            if let Some(v) = crate::value::take_stash() {
                self.write_value(&v, 0)?;
                if v.node_addr().is_some() {
                    self.keep_alive.push(v);
                }
                return self.done();
            }
        }
        if let Some(class) = name.strip_prefix(crate::flex::EXTERNAL_VALUE_PREFIX) {
            // An externalizable object whose body is one value
            // (`flex::ArrayCollection`, `flex::ObjectProxy`): the wrapper
            // takes its object-table slot before the value, as Flash does.
            self.object_count += 1;
            self.out.push(m::OBJECT);
            self.write_value_traits(class, false, true, &[])?;
            self.level += 1;
            let r = self.emit(value);
            self.level -= 1;
            r?;
            return self.done();
        }
        self.emit(value)
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
        self.out.push(0x01);
        self.level -= 1;
        self.done()
    }

    #[inline(always)]
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, W>> {
        self.begin_array(len)
    }

    #[inline(always)]
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>> {
        self.begin_array(Some(len))
    }

    #[inline(always)]
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        self.begin_array(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W>> {
        self.begin_variant(variant)?;
        let mut c = self.begin_array(Some(len))?;
        c.close_variant = true;
        Ok(c)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, W>> {
        self.level += 1;
        let state = if std::mem::take(&mut self.dynamic_members) {
            State::Members
        } else {
            State::MapUndecided { len }
        };
        Ok(Compound {
            ser: self,
            state,
            close_variant: false,
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

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        self.serialize_str(&value.to_string())
    }

    fn is_human_readable(&self) -> bool {
        false
    }
}

// --------------------------------------------------------- map keys

/// Writes the keys of a map that became an anonymous dynamic object.
struct MapKeySerializer<'a, W> {
    ser: &'a mut Serializer<W>,
}

#[cold]
fn key_must_be_a_string(found: &'static str) -> Error {
    Error::code(ErrorCode::KeyMustBeAString { found })
}

macro_rules! reject_key {
    ($($method:ident($($arg:ty),*) => $found:literal;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<()> {
            Err(key_must_be_a_string($found))
        }
    )*};
}

impl<W: io::Write> ser::Serializer for MapKeySerializer<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<()> {
        self.ser.write_member_name(v)
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.ser.write_member_name(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.ser.write_member_name(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        self.ser.write_member_name(&value.to_string())
    }

    reject_key! {
        serialize_bool(bool) => "a boolean";
        serialize_i8(i8) => "an integer";
        serialize_i16(i16) => "an integer";
        serialize_i32(i32) => "an integer";
        serialize_i64(i64) => "an integer";
        serialize_u8(u8) => "an integer";
        serialize_u16(u16) => "an integer";
        serialize_u32(u32) => "an integer";
        serialize_u64(u64) => "an integer";
        serialize_f32(f32) => "a float";
        serialize_f64(f64) => "a float";
        serialize_bytes(&[u8]) => "bytes";
        serialize_none() => "none";
        serialize_unit() => "unit";
        serialize_unit_struct(&'static str) => "a unit struct";
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
        Err(key_must_be_a_string("an option"))
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(key_must_be_a_string("an enum variant"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string("a sequence"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string("a tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string("an enum variant"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string("a map"))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string("a struct"))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string("an enum variant"))
    }
}

// ------------------------------------------------------------ probes

/// The error of the probing serializers: "not what I was looking for".
#[derive(Debug)]
struct Stop;

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
fn probe_keys<T: ?Sized + Serialize>(value: &T) -> Option<Vec<&'static str>> {
    let mut keys = Vec::new();
    match value.serialize(Probe::Keys(&mut keys)) {
        Ok(true) => Some(keys),
        _ => None,
    }
}

/// `true` if `key` serializes as a string (so the map becomes an object).
fn is_string_key<T: ?Sized + Serialize>(key: &T) -> bool {
    matches!(key.serialize(Probe::StringKey), Ok(true))
}

enum Probe<'a> {
    Keys(&'a mut Vec<&'static str>),
    StringKey,
}

/// Collects keys for [`probe_keys`].
struct KeyCollector<'a> {
    keys: &'a mut Vec<&'static str>,
}

impl ser::SerializeStruct for KeyCollector<'_> {
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

impl ser::SerializeStructVariant for KeyCollector<'_> {
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
