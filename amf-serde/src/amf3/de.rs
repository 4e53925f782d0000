//! AMF3 deserialization.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::marker::{self as m, sign_extend};
use crate::error::{Error, ErrorCode, Result, Version};
use crate::external::ExternalCodec;
use crate::options::Options;
use crate::read::{IoRead, Read, Reference, SliceRead};
use crate::types::Name;
use crate::value::{Cycle, Value, WeakValue};

/// A string held by the string table or the traits table: borrowed from the
/// input when decoding from a slice, owned otherwise.
pub(crate) enum Str<'de> {
    Borrowed(&'de str),
    Owned(Box<str>),
}

impl Str<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s,
        }
    }
}

impl<'de> Str<'de> {
    fn into_owned(self) -> Str<'static> {
        match self {
            Str::Borrowed(s) => Str::Owned(s.into()),
            Str::Owned(s) => Str::Owned(s),
        }
    }

    fn from_ref(r: &Reference<'de, '_, str>) -> Self {
        match *r {
            Reference::Borrowed(s) => Str::Borrowed(s),
            Reference::Copied(s) => Str::Owned(s.into()),
        }
    }

    fn as_ref(&self) -> Reference<'de, '_, str> {
        match self {
            Str::Borrowed(s) => Reference::Borrowed(s),
            Str::Owned(s) => Reference::Copied(s),
        }
    }
}

/// An object reference table (AMF3 objects, AMF0 complex values): where
/// each inline value starts and whether it has been read completely (a
/// reference to an incomplete one is a cycle). One word per entry, so that
/// inputs with many small arrays (coordinate pairs) stay cheap; the nodes
/// built by the `Value` decoders live in a separate, sparse column.
#[derive(Default)]
pub(crate) struct ObjTable {
    /// `pos << 1 | done` per entry.
    slots: Vec<usize>,
    /// A weak handle on the node built for entry `i` when decoding into
    /// [`Value`] (shorter than `slots` when the last entries have none).
    /// While the entry is not done, the handle is what references to it
    /// (cycles) point at; once done, a reference upgrades it to share the
    /// node. The table does not own the nodes: no reference count to move
    /// per node, and nothing to drop with the table.
    natives: Vec<Option<WeakValue>>,
}

impl ObjTable {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Enters an object that starts at `pos`; returns its index.
    #[inline]
    pub(crate) fn push(&mut self, pos: usize) -> usize {
        self.slots.push(pos << 1);
        self.slots.len() - 1
    }

    #[inline]
    pub(crate) fn mark_done(&mut self, index: usize) {
        if let Some(s) = self.slots.get_mut(index) {
            *s |= 1;
        }
    }

    /// The start offset of entry `index` and whether it is complete.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<(usize, bool)> {
        self.slots.get(index).map(|&s| (s >> 1, s & 1 == 1))
    }

    pub(crate) fn native(&self, index: usize) -> Option<&WeakValue> {
        self.natives.get(index).and_then(Option::as_ref)
    }

    #[inline]
    pub(crate) fn set_native(&mut self, index: usize, native: WeakValue) {
        if index >= self.slots.len() {
            return;
        }
        if index == self.natives.len() {
            self.natives.push(Some(native));
            return;
        }
        if index > self.natives.len() {
            self.natives.resize_with(index + 1, || None);
        }
        self.natives[index] = Some(native);
    }

    /// What a reference to entry `index` means for the `Value` decoders:
    /// the shared node, a cycle to a node being read, or (`Ok(None)`) a
    /// replay of the entry's bytes (no node, or it was dropped).
    pub(crate) fn shared(&self, index: usize, done: bool) -> Result<Option<Value>, ()> {
        match self.native(index) {
            Some(w) if done => Ok(w.upgrade()),
            Some(WeakValue::Node(n)) => Ok(Some(Value::Cycle(Cycle(n.clone())))),
            Some(_) => Ok(None),
            None if done => Ok(None),
            None => Err(()),
        }
    }

    pub(crate) fn clear(&mut self) {
        self.slots.clear();
        self.natives.clear();
    }

    /// Swaps with `other` if that one has room for more entries.
    pub(crate) fn keep_larger(&mut self, other: &mut ObjTable) {
        if other.slots.capacity() > self.slots.capacity() {
            std::mem::swap(self, other);
        }
    }
}

/// Spare decoder tables, one set per thread: a decoder takes them when it is
/// made and gives them back, emptied, when it is dropped, so that decoding
/// many documents in a row does not grow (and fault in) new tables each
/// time. Tables with more than [`pool::MAX_ENTRIES`] entries are freed
/// instead, which bounds what a thread keeps.
mod pool {
    use super::{ObjTable, Str};
    use std::cell::Cell;

    /// The largest table (in entries) kept for the next decoder.
    pub(super) const MAX_ENTRIES: usize = 1 << 17;

    #[derive(Default)]
    pub(super) struct Spare {
        pub(super) strings: Vec<Str<'static>>,
        pub(super) objects: ObjTable,
    }

    thread_local! {
        static SPARE: Cell<Option<Spare>> = const { Cell::new(None) };
    }

    /// This thread's spare tables (empty ones if another decoder holds them).
    pub(super) fn take() -> Spare {
        SPARE
            .try_with(Cell::take)
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Empties `strings` and `objects` and keeps them for the next decoder.
    pub(super) fn give_back(strings: &mut Vec<Str<'_>>, objects: &mut ObjTable) {
        let mut strings = std::mem::take(strings);
        let mut objects = std::mem::take(objects);
        if strings.capacity() > MAX_ENTRIES
            || objects.slots.capacity() > MAX_ENTRIES
            || objects.natives.capacity() > MAX_ENTRIES
        {
            return;
        }
        strings.clear();
        objects.clear();
        // The (empty) vector of borrowing strings becomes one of `'static`
        // strings in place (same layout: the allocation is reused).
        let strings: Vec<Str<'static>> = strings.into_iter().map(Str::into_owned).collect();
        let _ = SPARE.try_with(|c| c.set(Some(Spare { strings, objects })));
    }
}

/// An entry in the traits table.
pub(crate) struct Traits<'de> {
    /// Offset of the traits header (for finding the entry again on replay).
    pos: usize,
    /// Offset just after the traits block.
    end: usize,
    pub(crate) class: Str<'de>,
    pub(crate) sealed: Vec<Str<'de>>,
    dynamic: bool,
    external: bool,
    /// Bytes of the class and member names (charged per traits reference).
    names_len: usize,
    /// The class and sealed member names as [`Name`]s, made by the `Value`
    /// decoder the first time it reads an object with these traits, then
    /// copied into every such object (empty until then).
    pub(crate) names: Vec<Name>,
}

/// The start of a value: its marker and, for complex types, the U29 header
/// of the inline occurrence (references are already followed).
struct Head {
    marker: u8,
    /// Offset of the value in the input (of the reference, if one was followed).
    pos: usize,
    /// The header U29 of a complex value.
    u29: u32,
    /// Where to continue after replaying a referenced object.
    restore: Option<usize>,
    /// Object-table slot to mark complete when the value ends.
    slot: Option<usize>,
}

/// An object header after its traits have been read.
pub(crate) struct ObjectHead {
    pub(crate) traits: usize,
    pub(crate) sealed: u32,
    pub(crate) dynamic: bool,
    pub(crate) external: bool,
}

/// A structure that deserializes AMF3 into Rust values.
///
/// Use [`from_slice`]/[`from_reader`] for one value; use a `Deserializer`
/// directly to read several values in a row from one stream (each top-level
/// value has its own reference tables, as with `ByteArray.readObject`).
///
/// The memory of the reference tables is reused: a dropped decoder leaves
/// its emptied string and object tables to the next one made on the same
/// thread (tables of more than 2^17 entries are freed instead, so a thread
/// keeps a few MiB at most). Decoding many messages in a row then does not
/// grow new tables for each.
///
/// ```
/// use serde::Deserialize;
///
/// let bytes = [0x06, 0x05, 0x68, 0x69, 0x04, 0x07]; // "hi" then 7
/// let mut de = amf_serde::amf3::Deserializer::from_slice(&bytes);
/// let s = <&str>::deserialize(&mut de)?;
/// let n = i32::deserialize(&mut de)?;
/// de.end()?;
/// assert_eq!((s, n), ("hi", 7));
/// # Ok::<(), amf_serde::Error>(())
/// ```
pub struct Deserializer<'de, R> {
    pub(crate) read: R,
    pub(crate) strings: Vec<Str<'de>>,
    pub(crate) objects: ObjTable,
    pub(crate) traits: Vec<Traits<'de>>,
    /// > 0 while re-reading a referenced object: tables are not appended to.
    pub(crate) replaying: u32,
    /// Above zero while skipping an object (`IgnoredAny`): the `Value`
    /// items of an externalizable body read inside may refer to objects
    /// still being skipped, which is not an error there.
    pub(crate) skipping: u32,
    pub(crate) depth: usize,
    pub(crate) work: u64,
    /// The work limit as of the bytes seen so far (recomputed when reached,
    /// since a reader's input grows as it is read).
    pub(crate) work_limit: u64,
    pub(crate) opts: Options,
    /// Readers of the classes the type being decoded names itself, while a
    /// value for it is read (see `external::with_hints`).
    pub(crate) hints: Vec<(&'static str, crate::external::ExternalReader)>,
}

impl<R> Drop for Deserializer<'_, R> {
    fn drop(&mut self) {
        pool::give_back(&mut self.strings, &mut self.objects);
    }
}

impl<'a> Deserializer<'a, SliceRead<'a>> {
    /// Reads from a slice; strings and byte arrays borrow from it.
    pub fn from_slice(bytes: &'a [u8]) -> Self {
        Deserializer::new(SliceRead::new(bytes))
    }
}

impl<'de, R: std::io::Read> Deserializer<'de, IoRead<R>> {
    /// Reads from an [`std::io::Read`].
    pub fn from_reader(reader: R) -> Self {
        Deserializer::new(IoRead::new(reader))
    }
}

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    /// Reads from `read` with the default [`Options`].
    pub fn new(read: R) -> Self {
        Deserializer::with_options(read, &Options::new())
    }

    /// Reads from `read` with the given options.
    pub fn with_options(read: R, opts: &Options) -> Self {
        let opts = opts.clone();
        let spare = pool::take();
        Deserializer {
            read,
            strings: spare.strings,
            objects: spare.objects,
            traits: Vec::new(),
            replaying: 0,
            skipping: 0,
            depth: 0,
            work: 0,
            work_limit: 0,
            opts,
            hints: Vec::new(),
        }
    }

    /// Reads one value as a [`Value`] with the readers the caller's type
    /// named (see `external::with_hints`).
    pub(crate) fn read_value_hinted(&mut self) -> Result<Value> {
        let hints = crate::external::take_hints();
        if hints.is_empty() {
            return self.read_value();
        }
        let saved = std::mem::replace(&mut self.hints, hints);
        let v = self.read_value();
        self.hints = saved;
        v
    }

    /// Runs code that may walk a [`Value`] as a tree (enum dispatch by
    /// alias, an externalizable reader, a `Deserialize` impl handed a
    /// `Value`) under what is left of this decoder's work and depth limits,
    /// and charges what it used. Running out is the work-limit (or depth
    /// limit) error at `pos`.
    pub(crate) fn budgeted<T>(
        &mut self,
        pos: usize,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let limit = self.opts.max_work(self.read.extent() as u64);
        let left = limit.saturating_sub(self.work);
        let depth_left = self.opts.max_depth.saturating_sub(self.depth);
        let (r, outcome) = crate::value::budget::with_limit(left, depth_left, || f(self));
        self.work = self.work.saturating_add(outcome.used);
        match r {
            Ok(v) if !outcome.exceeded => Ok(v),
            Ok(_) | Err(_) if outcome.exceeded => {
                Err(Error::at(ErrorCode::WorkLimitExceeded { limit }, pos))
            }
            Err(_) if outcome.too_deep => Err(Error::at(
                ErrorCode::DepthLimitExceeded {
                    limit: self.opts.max_depth,
                },
                pos,
            )),
            r => r,
        }
    }

    /// The offset of the next byte to be read.
    pub fn byte_offset(&self) -> usize {
        self.read.pos()
    }

    /// Checks that the input has been consumed entirely.
    ///
    /// # Errors
    /// A syntax error if bytes remain.
    pub fn end(&mut self) -> Result<()> {
        match self.read.peek()? {
            None => Ok(()),
            Some(_) => Err(Error::at(
                ErrorCode::TrailingBytes {
                    count: self.read.remaining().map(|n| n as u64),
                },
                self.read.pos(),
            )),
        }
    }

    /// Turns the deserializer into an iterator over consecutive values of
    /// type `T`, ending cleanly at the end of the input.
    #[allow(clippy::should_implement_trait)] // the serde_json name; it takes a type parameter
    pub fn into_iter<T: de::Deserialize<'de>>(self) -> StreamDeserializer<'de, R, T> {
        StreamDeserializer {
            de: self,
            failed: false,
            _marker: std::marker::PhantomData,
        }
    }

    // ---------------------------------------------------------------- bytes

    #[inline]
    pub(crate) fn read_u29(&mut self) -> Result<u32> {
        let mut v = 0u32;
        for _ in 0..3 {
            let b = self.read.next()?;
            v = (v << 7) | u32::from(b & 0x7F);
            if b < 0x80 {
                return Ok(v);
            }
        }
        let b = self.read.next()?;
        Ok((v << 8) | u32::from(b))
    }

    #[inline]
    pub(crate) fn read_f64(&mut self) -> Result<f64> {
        Ok(f64::from_be_bytes(self.read.read_array::<8>()?))
    }

    /// Reads a UTF-8-vr, resolving string references and entering literals
    /// into the string table.
    pub(crate) fn read_str(&mut self) -> Result<Reference<'de, '_, str>> {
        let pos = self.read.pos();
        let u = self.read_u29()?;
        if u & 1 == 0 {
            let index = u >> 1;
            // A reference can repeat a long string many times over from a
            // few bytes; what it may cost a caller that copies it counts as
            // work.
            if let Some(s) = self.strings.get(index as usize) {
                let len = s.as_str().len();
                self.charge_bytes(len, pos)?;
            }
            return match self.strings.get(index as usize) {
                Some(s) => Ok(s.as_ref()),
                None => Err(Error::at(
                    ErrorCode::StringRefOutOfRange {
                        index,
                        len: self.strings.len(),
                    },
                    pos,
                )),
            };
        }
        let len = (u >> 1) as usize;
        if len == 0 {
            return Ok(Reference::Borrowed(""));
        }
        let start = self.read.pos();
        self.check_bytes(len)?;
        let replaying = self.replaying > 0;
        match self.read.read_bytes(len)? {
            Reference::Borrowed(b) => {
                let s =
                    std::str::from_utf8(b).map_err(|_| Error::at(ErrorCode::InvalidUtf8, start))?;
                if !replaying {
                    self.strings.push(Str::Borrowed(s));
                }
                Ok(Reference::Borrowed(s))
            }
            Reference::Copied(b) => {
                let s =
                    std::str::from_utf8(b).map_err(|_| Error::at(ErrorCode::InvalidUtf8, start))?;
                if replaying {
                    // Re-reading a referenced object: the literal is already
                    // in the table; hand out the reader's copy.
                    Ok(Reference::Copied(s))
                } else {
                    self.strings.push(Str::Owned(s.into()));
                    match self.strings.last() {
                        Some(s) => Ok(s.as_ref()),
                        None => Ok(Reference::Borrowed("")),
                    }
                }
            }
        }
    }
}

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    // ------------------------------------------------------ value framing

    /// Reads a marker and, for complex types, the U29 header, following an
    /// object reference to the inline occurrence it names.
    #[inline]
    fn begin(&mut self) -> Result<Head> {
        if self.depth == 0 && self.replaying == 0 {
            self.reset();
        }
        let pos = self.read.pos();
        self.count_work(pos)?;
        let marker = self.read.next()?;
        if !m::is_complex(marker) {
            return Ok(Head {
                marker,
                pos,
                u29: 0,
                restore: None,
                slot: None,
            });
        }
        let u29 = self.read_u29()?;
        if u29 & 1 == 1 {
            let slot = if self.replaying == 0 {
                Some(self.objects.push(pos))
            } else {
                None
            };
            return Ok(Head {
                marker,
                pos,
                u29,
                restore: None,
                slot,
            });
        }
        self.follow(pos, u29 >> 1)
    }

    #[cold]
    fn follow(&mut self, pos: usize, index: u32) -> Result<Head> {
        let target = match self.objects.get(index as usize) {
            Some((pos, true)) => pos,
            Some(_) => return Err(Error::at(ErrorCode::CyclicReference { index }, pos)),
            None => {
                return Err(Error::at(
                    ErrorCode::ObjectRefOutOfRange {
                        index,
                        len: self.objects.len(),
                    },
                    pos,
                ))
            }
        };
        self.enter(pos)?;
        let restore = self.read.pos();
        self.read.seek(target);
        self.replaying += 1;
        let marker = self.read.next()?;
        let u29 = self.read_u29()?;
        Ok(Head {
            marker,
            pos,
            u29,
            restore: Some(restore),
            slot: None,
        })
    }

    #[inline]
    fn finish(&mut self, head: &Head) {
        if let Some(slot) = head.slot {
            self.objects.mark_done(slot);
        }
        if let Some(restore) = head.restore {
            self.read.seek(restore);
            self.replaying -= 1;
            self.depth -= 1;
        }
    }

    /// Runs `f` on the next value, with the framing and error offsets.
    #[inline]
    fn value<T>(&mut self, f: impl FnOnce(&mut Self, &Head) -> Result<T>) -> Result<T> {
        let head = self.begin()?;
        match f(self, &head) {
            Ok(v) => {
                self.finish(&head);
                Ok(v)
            }
            Err(e) => Err(e.fix_offset(head.pos)),
        }
    }

    pub(crate) fn peek_or_eof(&mut self) -> Result<u8> {
        match self.read.peek()? {
            Some(b) => Ok(b),
            None => Err(Error::eof(self.read.pos())),
        }
    }

    /// Checks a byte length claim against the string limit and the input.
    #[inline]
    pub(crate) fn check_bytes(&self, len: usize) -> Result<()> {
        self.read.check_available(len as u64)?;
        if len as u64 > self.opts.max_bytes {
            return Err(Error::at(
                ErrorCode::LengthLimitExceeded {
                    what: "string or byte array length",
                    len: len as u64,
                    limit: self.opts.max_bytes,
                    setter: "Options::with_max_string_len",
                },
                self.read.pos(),
            ));
        }
        Ok(())
    }

    /// Counts `bytes` repeated by a reference (a string or traits names)
    /// against the work limit, one unit per 32 bytes.
    #[inline]
    pub(crate) fn charge_bytes(&mut self, bytes: usize, pos: usize) -> Result<()> {
        if bytes < 32 {
            return Ok(());
        }
        self.work += (bytes / 32) as u64 - 1;
        self.count_work(pos)
    }

    /// For numbers inside a container: if the next marker is `marker`,
    /// consumes it (counting the work) and returns its offset, skipping the
    /// general value framing.
    #[inline]
    fn scalar_fast_path(&mut self, marker: u8) -> Result<Option<usize>> {
        if self.depth == 0 || self.read.peek()? != Some(marker) {
            return Ok(None);
        }
        let pos = self.read.pos();
        self.count_work(pos)?;
        self.read.next()?;
        Ok(Some(pos))
    }

    /// Counts one decoded value against the work limit.
    #[inline]
    pub(crate) fn count_work(&mut self, pos: usize) -> Result<()> {
        self.work += 1;
        if self.work > self.work_limit {
            self.work_limit = self.opts.max_work(self.read.extent() as u64);
            if self.work > self.work_limit {
                return Err(Error::at(
                    ErrorCode::WorkLimitExceeded {
                        limit: self.work_limit,
                    },
                    pos,
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn reset(&mut self) {
        self.strings.clear();
        self.objects.clear();
        self.traits.clear();
        self.work = 0;
        self.read.discard_history();
        self.work_limit = self.opts.max_work(self.read.extent() as u64);
    }

    #[inline]
    pub(crate) fn enter(&mut self, pos: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > self.opts.max_depth {
            return Err(Error::at(
                ErrorCode::DepthLimitExceeded {
                    limit: self.opts.max_depth,
                },
                pos,
            ));
        }
        Ok(())
    }

    #[inline]
    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Checks a count of items that take at least `unit` bytes each against
    /// the bytes left.
    #[inline]
    pub(crate) fn check_len(&self, count: u32, unit: u64) -> Result<()> {
        self.read.check_available(u64::from(count) * unit)?;
        if u64::from(count) > self.opts.max_items {
            return Err(Error::at(
                ErrorCode::LengthLimitExceeded {
                    what: "collection length",
                    len: count.into(),
                    limit: self.opts.max_items,
                    setter: "Options::with_max_collection_len",
                },
                self.read.pos(),
            ));
        }
        Ok(())
    }

    pub(crate) fn size_hint(&self, count: u32) -> Option<usize> {
        Some(match self.read.remaining() {
            Some(rem) => (count as usize).min(rem),
            None => (count as usize).min(4096),
        })
    }

    // ------------------------------------------------------------ objects

    /// Reads the traits part of an object header (`u29` is the header).
    pub(crate) fn object_head(&mut self, u29: u32, at: usize) -> Result<ObjectHead> {
        let pos = self.read.pos();
        let index = if u29 & 3 == 1 {
            let index = u29 >> 2;
            if index as usize >= self.traits.len() {
                return Err(Error::at(
                    ErrorCode::TraitsRefOutOfRange {
                        index,
                        len: self.traits.len(),
                    },
                    at,
                ));
            }
            let names = self.traits[index as usize].names_len;
            self.charge_bytes(names, at)?;
            index as usize
        } else if self.replaying > 0 {
            // The inline traits were entered into the table on first read.
            match self.traits.binary_search_by_key(&pos, |t| t.pos) {
                Ok(i) => {
                    let end = self.traits[i].end;
                    self.read.seek(end);
                    i
                }
                Err(_) => self.read_traits(u29, pos)?,
            }
        } else {
            self.read_traits(u29, pos)?
        };
        let t = &self.traits[index];
        Ok(ObjectHead {
            traits: index,
            sealed: t.sealed.len() as u32,
            dynamic: t.dynamic,
            external: t.external,
        })
    }

    fn read_traits(&mut self, u29: u32, pos: usize) -> Result<usize> {
        let external = u29 & 4 != 0;
        let dynamic = !external && u29 & 8 != 0;
        let count = if external { 0 } else { u29 >> 4 };
        let class = Str::from_ref(&self.read_str()?);
        self.check_len(count, 1)?;
        let mut sealed = Vec::with_capacity((count as usize).min(64));
        for _ in 0..count {
            sealed.push(Str::from_ref(&self.read_str()?));
        }
        let names_len =
            class.as_str().len() + sealed.iter().map(|n| n.as_str().len()).sum::<usize>();
        self.traits.push(Traits {
            pos,
            end: self.read.pos(),
            class,
            sealed,
            dynamic,
            external,
            names_len,
            names: Vec::new(),
        });
        Ok(self.traits.len() - 1)
    }

    /// If `obj` is an externalizable class that wraps one value, returns
    /// `true` (the body follows); otherwise an error naming the class.
    /// Reads the body of an externalizable object for a typed target: a
    /// one-value body (Flex `ArrayCollection`…) is the value itself; a body
    /// read by a registered reader is visited as the sequence of its items.
    fn external_body<V: Visitor<'de>>(
        &mut self,
        head: &Head,
        obj: &ObjectHead,
        visitor: V,
        f: impl FnOnce(&mut Self, V) -> Result<V::Value>,
    ) -> Result<V::Value> {
        self.enter(head.pos)?;
        let class = self.traits[obj.traits].class.as_str();
        let collection = matches!(
            class,
            "flex.messaging.io.ArrayCollection" | "flex.messaging.io.ArrayList"
        );
        let codec = self.opts.external(class, &[]);
        let object_body = collection && self.read.peek()? == Some(m::OBJECT);
        let class = self.traits[obj.traits].class.as_str();
        let v = match codec {
            Some(ExternalCodec::OneValue) if object_body => {
                // An older peer's ArrayCollection: an object whose `source`
                // member is the array (the older form PyAMF accepts).
                let class = class.to_owned();
                let body = self.read_value()?;
                let source = crate::value::collection_source(&class, &body).clone();
                drop(body);
                self.budgeted(head.pos, |_| {
                    de::Deserializer::deserialize_any(source, visitor)
                })?
            }
            Some(ExternalCodec::OneValue) => f(self, visitor)?,
            Some(ExternalCodec::Reader(_)) => {
                let class = class.to_owned();
                let items = self.external_items(&class)?;
                let items: Vec<Value> = items.into_iter().map(Value::from).collect();
                self.budgeted(head.pos, |_| {
                    de::Deserializer::deserialize_any(Value::from(items), visitor)
                })?
            }
            None => {
                return Err(Error::code(ErrorCode::UnknownExternalizable {
                    alias: class.into(),
                }))
            }
        };
        self.leave();
        Ok(v)
    }

    // ------------------------------------------------------ deserialize_any

    fn any<V: Visitor<'de>>(&mut self, head: &Head, visitor: V) -> Result<V::Value> {
        match head.marker {
            m::UNDEFINED | m::NULL => visitor.visit_unit(),
            m::FALSE => visitor.visit_bool(false),
            m::TRUE => visitor.visit_bool(true),
            m::INTEGER => {
                let u = self.read_u29()?;
                visitor.visit_i32(sign_extend(u))
            }
            m::DOUBLE => visitor.visit_f64(self.read_f64()?),
            m::STRING => match self.read_str()? {
                Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
                Reference::Copied(s) => visitor.visit_str(s),
            },
            m::XML_DOC | m::XML => {
                let len = (head.u29 >> 1) as usize;
                let start = self.read.pos();
                self.check_bytes(len)?;
                match self.read.read_bytes(len)? {
                    Reference::Borrowed(b) => visitor.visit_borrowed_str(
                        std::str::from_utf8(b)
                            .map_err(|_| Error::at(ErrorCode::InvalidUtf8, start))?,
                    ),
                    Reference::Copied(b) => visitor.visit_str(
                        std::str::from_utf8(b)
                            .map_err(|_| Error::at(ErrorCode::InvalidUtf8, start))?,
                    ),
                }
            }
            m::DATE => visitor.visit_f64(self.read_f64()?),
            m::BYTE_ARRAY => {
                let len = (head.u29 >> 1) as usize;
                self.check_bytes(len)?;
                match self.read.read_bytes(len)? {
                    Reference::Borrowed(b) => visitor.visit_borrowed_bytes(b),
                    Reference::Copied(b) => visitor.visit_bytes(b),
                }
            }
            m::ARRAY => {
                let len = head.u29 >> 1;
                self.enter(head.pos)?;
                let v = if self.peek_or_eof()? == 0x01 {
                    self.read.next()?;
                    self.dense(len, visitor)?
                } else {
                    self.check_len(len, 1)?;
                    let mut access = MixedAccess {
                        de: self,
                        dense: len,
                        next: 0,
                        in_assoc: true,
                    };
                    let v = visitor.visit_map(&mut access)?;
                    if access.in_assoc || access.next < access.dense {
                        return Err(de::Error::invalid_length(
                            len as usize,
                            &"fewer entries in the array",
                        ));
                    }
                    v
                };
                self.leave();
                Ok(v)
            }
            m::OBJECT => self.object_value(head, visitor, |de, visitor| {
                de::Deserializer::deserialize_any(de, visitor)
            }),
            m::VECTOR_INT | m::VECTOR_UINT | m::VECTOR_DOUBLE => {
                let len = head.u29 >> 1;
                let _fixed = self.read.next()?;
                let unit = if head.marker == m::VECTOR_DOUBLE {
                    8
                } else {
                    4
                };
                self.check_len(len, unit)?;
                let hint = self.size_hint(len);
                let mut access = NumVectorAccess {
                    de: self,
                    marker: head.marker,
                    remaining: len,
                    hint,
                };
                let v = visitor.visit_seq(&mut access)?;
                if access.remaining > 0 {
                    return Err(de::Error::invalid_length(
                        len as usize,
                        &"fewer elements in the vector",
                    ));
                }
                Ok(v)
            }
            m::VECTOR_OBJECT => {
                let len = head.u29 >> 1;
                let _fixed = self.read.next()?;
                let _type_name = self.read_str()?;
                self.enter(head.pos)?;
                let v = self.dense(len, visitor)?;
                self.leave();
                Ok(v)
            }
            m::DICTIONARY => {
                let len = head.u29 >> 1;
                let _weak = self.read.next()?;
                self.check_len(len, 2)?;
                self.enter(head.pos)?;
                let mut access = DictAccess {
                    de: self,
                    remaining: len,
                };
                let v = visitor.visit_map(&mut access)?;
                if access.remaining > 0 {
                    return Err(de::Error::invalid_length(
                        len as usize,
                        &"fewer entries in the dictionary",
                    ));
                }
                self.leave();
                Ok(v)
            }
            marker => Err(Error::at(
                ErrorCode::InvalidMarker {
                    version: Version::Amf3,
                    marker,
                },
                head.pos,
            )),
        }
    }

    /// `deserialize_seq` outside the fast path (out of line, so that the
    /// fast path keeps a small frame).
    #[inline(never)]
    fn seq_slow<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            // The common case first: a dense array without associative part.
            m::ARRAY if de.read.peek()? == Some(0x01) => {
                de.enter(head.pos)?;
                de.read.next()?;
                let v = de.dense(head.u29 >> 1, visitor)?;
                de.leave();
                Ok(v)
            }
            m::OBJECT => de.object_value(head, visitor, |de, visitor| {
                de::Deserializer::deserialize_seq(de, visitor)
            }),
            _ => de.any(head, visitor),
        })
    }

    /// `deserialize_f64` outside the fast path: an integer, a double at top
    /// level, or another type.
    #[inline(never)]
    fn f64_slow<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            m::INTEGER => {
                let u = de.read_u29()?;
                visitor.visit_f64(f64::from(sign_extend(u)))
            }
            _ => de.any(head, visitor),
        })
    }

    /// Visits `len` consecutive values as a sequence.
    #[inline(always)]
    fn dense<V: Visitor<'de>>(&mut self, len: u32, visitor: V) -> Result<V::Value> {
        self.check_len(len, 1)?;
        let mut access = SeqAccess {
            de: self,
            remaining: len,
        };
        let v = visitor.visit_seq(&mut access)?;
        if access.remaining > 0 {
            return Err(de::Error::invalid_length(
                len as usize,
                &"fewer elements in the array",
            ));
        }
        Ok(v)
    }

    /// An object (`0a`, header in `head`) for `visitor`; the body of an
    /// externalizable one is read with `external`.
    fn object_value<V: Visitor<'de>>(
        &mut self,
        head: &Head,
        visitor: V,
        external: impl FnOnce(&mut Self, V) -> Result<V::Value>,
    ) -> Result<V::Value> {
        let obj = self.object_head(head.u29, head.pos + 1)?;
        if obj.external {
            return self.external_body(head, &obj, visitor, external);
        }
        self.enter(head.pos)?;
        let v = self.object(obj, visitor)?;
        self.leave();
        Ok(v)
    }

    fn object<V: Visitor<'de>>(&mut self, obj: ObjectHead, visitor: V) -> Result<V::Value> {
        let mut access = ObjectAccess {
            de: self,
            traits: obj.traits,
            next: 0,
            sealed: obj.sealed,
            dynamic: obj.dynamic,
        };
        let v = visitor.visit_map(&mut access)?;
        if access.next < access.sealed || access.dynamic {
            return Err(de::Error::invalid_length(
                access.next as usize,
                &"fewer members in the object",
            ));
        }
        Ok(v)
    }

    /// Converts a double to an integer for an integer-typed target, refusing
    /// fractions and values out of the `i64`/`u64` range.
    pub(crate) fn visit_double_as_int<V: Visitor<'de>>(
        d: f64,
        ty: &'static str,
        signed: bool,
        visitor: V,
    ) -> Result<V::Value> {
        if d.fract() == 0.0 {
            if signed && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&d) {
                return visitor.visit_i64(d as i64);
            }
            if !signed && (0.0..1.844_674_407_370_955_2e19).contains(&d) {
                return visitor.visit_u64(d as u64);
            }
            if signed && (-1.701_411_834_604_692_3e38..0.0).contains(&d) {
                return visitor.visit_i128(d as i128);
            }
            if d.is_finite() && d > 0.0 && d < 3.402_823_669_209_385e38 {
                return visitor.visit_u128(d as u128);
            }
        }
        Err(Error::code(ErrorCode::NumberOutOfRange {
            value: format!("{d:?}").into(),
            ty,
        }))
    }
}

macro_rules! deserialize_int {
    ($($method:ident => $ty:literal, $signed:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            if let Some(pos) = self.scalar_fast_path(m::INTEGER)? {
                let u = self.read_u29()?;
                return visitor.visit_i32(sign_extend(u)).map_err(|e: Error| e.fix_offset(pos));
            }
            self.value(|de, head| match head.marker {
                m::INTEGER => {
                    let u = de.read_u29()?;
                    visitor.visit_i32(sign_extend(u))
                }
                m::DOUBLE => {
                    let d = de.read_f64()?;
                    Deserializer::<R>::visit_double_as_int(d, $ty, $signed, visitor)
                }
                _ => de.any(head, visitor),
            })
        }
    )*};
}

impl<'de, R: Read<'de>> de::Deserializer<'de> for &mut Deserializer<'de, R> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.value(|de, head| de.any(head, visitor))
    }

    deserialize_int! {
        deserialize_i8 => "i8", true;
        deserialize_i16 => "i16", true;
        deserialize_i32 => "i32", true;
        deserialize_i64 => "i64", true;
        deserialize_i128 => "i128", true;
        deserialize_u8 => "u8", false;
        deserialize_u16 => "u16", false;
        deserialize_u32 => "u32", false;
        deserialize_u64 => "u64", false;
        deserialize_u128 => "u128", false;
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    #[inline]
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.depth > 0 {
            if let [m::DOUBLE, b0, b1, b2, b3, b4, b5, b6, b7, ..] = *self.read.buffered() {
                let pos = self.read.pos();
                self.count_work(pos)?;
                self.read.seek(pos + 9);
                let d = f64::from_be_bytes([b0, b1, b2, b3, b4, b5, b6, b7]);
                return visitor.visit_f64(d).map_err(|e: Error| e.fix_offset(pos));
            }
        }
        self.f64_slow(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.read.peek()? {
            Some(m::UNDEFINED | m::NULL) => self.value(|_, _| visitor.visit_none()),
            _ => visitor.visit_some(self),
        }
    }

    // Always inlined: the element visitor's (tuple's) result then stays in
    // registers instead of going through a stack slot that is written in
    // halves and read whole (a store-forwarding stall per coordinate pair;
    // canada typed decode 0.90 -> 0.40 ms).
    #[inline(always)]
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Fast path for short dense arrays inside a container (coordinate
        // pairs, tags): marker, one-byte inline header, empty assoc part.
        if self.depth > 0 && self.replaying == 0 {
            if let [m::ARRAY, h, 0x01, ..] = *self.read.buffered() {
                if h & 0x81 == 0x01 {
                    let pos = self.read.pos();
                    self.count_work(pos)?;
                    self.read.seek(pos + 3);
                    let slot = self.objects.push(pos);
                    self.enter(pos)?;
                    let v = self
                        .dense(u32::from(h >> 1), visitor)
                        .map_err(|e| e.fix_offset(pos))?;
                    self.leave();
                    self.objects.mark_done(slot);
                    return Ok(v);
                }
            }
        }
        self.seq_slow(visitor)
    }

    #[inline(always)]
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == crate::dynamic::PROBE {
            crate::dynamic::enter_amf();
            return visitor.visit_newtype_struct(self);
        }
        if name == crate::value::DATE_TOKEN {
            return self.value(|de, head| match head.marker {
                m::DATE | m::DOUBLE => visitor.visit_f64(de.read_f64()?),
                _ => de.any(head, visitor),
            });
        }
        if name == crate::value::VALUE_TOKEN {
            let pos = self.read.pos();
            let v = self.read_value_hinted().map_err(|e| e.fix_offset(pos))?;
            crate::value::stash(v);
            return self
                .budgeted(pos, |_| {
                    visitor.visit_newtype_struct(de::value::UnitDeserializer::<Error>::new())
                })
                .map_err(|e| e.fix_offset(pos));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            m::STRING => match de.read_str()? {
                Reference::Borrowed(s) => {
                    visitor.visit_enum(de::value::BorrowedStrDeserializer::<Error>::new(s))
                }
                Reference::Copied(s) => {
                    visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(s))
                }
            },
            m::OBJECT => {
                let obj = de.object_head(head.u29, head.pos + 1)?;
                if obj.external || obj.sealed > 1 || (obj.sealed == 0 && !obj.dynamic) {
                    return Err(Error::code(ErrorCode::InvalidEnumShape));
                }
                de.enter(head.pos)?;
                let v = visitor.visit_enum(EnumAccess {
                    de: &mut *de,
                    obj: &obj,
                })?;
                if obj.dynamic && !de.read_str()?.is_empty() {
                    return Err(Error::code(ErrorCode::InvalidEnumShape));
                }
                de.leave();
                Ok(v)
            }
            _ => de.any(head, visitor),
        })
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    /// Skips a value. Object references are checked but not followed: there
    /// is nothing to rebuild, so skipping is linear and cycles are harmless.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let pos = self.read.pos();
        if let Some(marker) = self.read.peek()? {
            if m::is_complex(marker) && self.depth > 0 {
                let save = self.read.pos();
                self.read.next()?;
                let u29 = self.read_u29()?;
                if u29 & 1 == 0 {
                    let index = u29 >> 1;
                    if index as usize >= self.objects.len() {
                        return Err(Error::at(
                            ErrorCode::ObjectRefOutOfRange {
                                index,
                                len: self.objects.len(),
                            },
                            pos,
                        ));
                    }
                    return visitor.visit_unit();
                }
                self.read.seek(save);
            }
        }
        // The body of an externalizable object is skipped by the same rules
        // (a reference in it to the object itself is not a cycle error).
        self.value(|de, head| match head.marker {
            m::OBJECT => {
                de.skipping += 1;
                let r = de.object_value(head, visitor, |de, visitor| {
                    de::Deserializer::deserialize_ignored_any(de, visitor)
                });
                de.skipping -= 1;
                r
            }
            _ => de.any(head, visitor),
        })
    }

    /// Structs with `#[amf(alias = "…")]` check the class of the incoming
    /// object; a `#[amf(dynamic)]` field receives the members that match no
    /// other field.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let class = crate::__private::class_of(name).map(|(alias, _)| alias);
        let dynamic_field = fields.last() == Some(&crate::__private::DYNAMIC_FIELD);
        if class.is_none() && !dynamic_field {
            return self.deserialize_any(visitor);
        }
        self.value(|de, head| match head.marker {
            m::OBJECT => {
                let obj = de.object_head(head.u29, head.pos + 1)?;
                if let Some(expected) = class {
                    let found = de.traits[obj.traits].class.as_str();
                    crate::de_common::check_class(expected, found, &de.opts)?;
                }
                if obj.external {
                    return de.external_body(head, &obj, visitor, |de, visitor| {
                        de::Deserializer::deserialize_struct(de, name, fields, visitor)
                    });
                }
                de.enter(head.pos)?;
                let v = if dynamic_field {
                    let mut access = DynamicAccess {
                        de: &mut *de,
                        traits: obj.traits,
                        next: 0,
                        sealed: obj.sealed,
                        dynamic: obj.dynamic,
                        fields,
                        extra: Vec::new(),
                        stage: Stage::Members,
                    };
                    visitor.visit_map(&mut access)?
                } else {
                    de.object(obj, visitor)?
                };
                de.leave();
                Ok(v)
            }
            _ => de.any(head, visitor),
        })
    }

    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if let Some(pos) = self.scalar_fast_path(m::STRING)? {
            return match self.read_str()? {
                Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
                Reference::Copied(s) => visitor.visit_str(s),
            }
            .map_err(|e: Error| e.fix_offset(pos));
        }
        self.deserialize_any(visitor)
    }

    #[inline]
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    #[inline]
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.depth > 0 {
            if let Some(b @ (m::FALSE | m::TRUE)) = self.read.peek()? {
                let pos = self.read.pos();
                self.count_work(pos)?;
                self.read.next()?;
                return visitor
                    .visit_bool(b == m::TRUE)
                    .map_err(|e: Error| e.fix_offset(pos));
            }
        }
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct map identifier
    }
}

#[derive(PartialEq)]
enum Stage {
    Members,
    Extra,
    Done,
}

/// The members of an object read into a struct with a `#[amf(dynamic)]`
/// field: members named like a field go to it, the others are collected and
/// handed to the dynamic field at the end as one map.
struct DynamicAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    traits: usize,
    next: u32,
    sealed: u32,
    dynamic: bool,
    fields: &'static [&'static str],
    extra: Vec<(String, Value)>,
    stage: Stage,
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for DynamicAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        loop {
            match self.stage {
                Stage::Done => return Ok(None),
                Stage::Extra => {
                    self.stage = Stage::Done;
                    let key = Reference::Borrowed(crate::__private::DYNAMIC_FIELD);
                    return seed.deserialize(KeyDeserializer { key }).map(Some);
                }
                Stage::Members => {}
            }
            let name: String = if self.next < self.sealed {
                let n = self.de.traits[self.traits].sealed[self.next as usize]
                    .as_str()
                    .to_owned();
                self.next += 1;
                n
            } else if self.dynamic {
                let key = self.de.read_str()?;
                if key.is_empty() {
                    self.dynamic = false;
                    self.stage = Stage::Extra;
                    continue;
                }
                key.to_owned()
            } else {
                self.stage = Stage::Extra;
                continue;
            };
            let field = self
                .fields
                .iter()
                .find(|f| **f == name && **f != crate::__private::DYNAMIC_FIELD);
            match field {
                Some(field) => {
                    let key = Reference::Borrowed(*field);
                    return seed.deserialize(KeyDeserializer { key }).map(Some);
                }
                None => {
                    let v = self.de.read_value()?;
                    self.extra.push((name, v));
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        if self.stage == Stage::Done {
            let members = std::mem::take(&mut self.extra);
            return seed.deserialize(Value::from(crate::types::Object::anonymous(members)));
        }
        seed.deserialize(&mut *self.de)
    }
}

// ------------------------------------------------------------- accessors

struct SeqAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    remaining: u32,
}

impl<'de, R: Read<'de>> de::SeqAccess<'de> for SeqAccess<'_, 'de, R> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.size_hint(self.remaining)
    }
}

struct NumVectorAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    marker: u8,
    remaining: u32,
    hint: Option<usize>,
}

impl<'de, R: Read<'de>> de::SeqAccess<'de> for NumVectorAccess<'_, 'de, R> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        let pos = self.de.read.pos();
        let v = match self.marker {
            m::VECTOR_INT => {
                let n = i32::from_be_bytes(self.de.read.read_array()?);
                seed.deserialize(IntoDeserializer::<Error>::into_deserializer(n))
            }
            m::VECTOR_UINT => {
                let n = u32::from_be_bytes(self.de.read.read_array()?);
                seed.deserialize(IntoDeserializer::<Error>::into_deserializer(n))
            }
            _ => {
                let n = f64::from_be_bytes(self.de.read.read_array()?);
                seed.deserialize(IntoDeserializer::<Error>::into_deserializer(n))
            }
        };
        v.map(Some).map_err(|e| e.fix_offset(pos))
    }

    fn size_hint(&self) -> Option<usize> {
        self.hint.map(|h| h.min(self.remaining as usize))
    }
}

struct DictAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    remaining: u32,
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for DictAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.size_hint(self.remaining)
    }
}

/// Members of an object: sealed names from the traits, then dynamic
/// name/value pairs up to the empty name.
struct ObjectAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    traits: usize,
    next: u32,
    sealed: u32,
    dynamic: bool,
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for ObjectAccess<'_, 'de, R> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.next < self.sealed {
            let key = &self.de.traits[self.traits].sealed[self.next as usize];
            self.next += 1;
            return seed
                .deserialize(KeyDeserializer { key: key.as_ref() })
                .map(Some);
        }
        if self.dynamic {
            let key = self.de.read_str()?;
            if key.is_empty() {
                self.dynamic = false;
                return Ok(None);
            }
            return seed.deserialize(KeyDeserializer { key }).map(Some);
        }
        Ok(None)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }
}

/// An array with an associative part, visited as a map: the named entries,
/// then the dense entries under their index as a decimal string key.
struct MixedAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    dense: u32,
    next: u32,
    in_assoc: bool,
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for MixedAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.in_assoc {
            let key = self.de.read_str()?;
            if !key.is_empty() {
                return seed.deserialize(KeyDeserializer { key }).map(Some);
            }
            self.in_assoc = false;
        }
        if self.next < self.dense {
            let index = self.next.to_string();
            self.next += 1;
            return seed
                .deserialize(KeyDeserializer {
                    key: Reference::Copied(&index),
                })
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }
}

struct EnumAccess<'a, 'b, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    obj: &'b ObjectHead,
}

impl<'a, 'de, R: Read<'de>> de::EnumAccess<'de> for EnumAccess<'a, '_, 'de, R> {
    type Error = Error;
    type Variant = VariantAccess<'a, 'de, R>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let v = if self.obj.sealed == 1 {
            let key = &self.de.traits[self.obj.traits].sealed[0];
            seed.deserialize(KeyDeserializer { key: key.as_ref() })?
        } else {
            let key = self.de.read_str()?;
            if key.is_empty() {
                return Err(Error::code(ErrorCode::InvalidEnumShape));
            }
            seed.deserialize(KeyDeserializer { key })?
        };
        Ok((v, VariantAccess { de: self.de }))
    }
}

struct VariantAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
}

impl<'de, R: Read<'de>> de::VariantAccess<'de> for VariantAccess<'_, 'de, R> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(&mut *self.de)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(&mut *self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(&mut *self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }
}

/// Deserializes an object member name or array key: a string that also
/// parses as a number when the target is numeric (like `serde_json`'s map
/// keys).
pub(crate) struct KeyDeserializer<'a, 'de> {
    pub(crate) key: Reference<'de, 'a, str>,
}

macro_rules! deserialize_key_int {
    ($($method:ident => $visit:ident: $ty:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.key.parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => self.deserialize_any(visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_, 'de> {
    type Error = Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.key {
            Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
            Reference::Copied(s) => visitor.visit_str(s),
        }
    }

    deserialize_key_int! {
        deserialize_i8 => visit_i8: i8;
        deserialize_i16 => visit_i16: i16;
        deserialize_i32 => visit_i32: i32;
        deserialize_i64 => visit_i64: i64;
        deserialize_i128 => visit_i128: i128;
        deserialize_u8 => visit_u8: u8;
        deserialize_u16 => visit_u16: u16;
        deserialize_u32 => visit_u32: u32;
        deserialize_u64 => visit_u64: u64;
        deserialize_u128 => visit_u128: u128;
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.key {
            Reference::Borrowed(s) => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<Error>::new(s))
            }
            Reference::Copied(s) => {
                visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(s))
            }
        }
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    serde::forward_to_deserialize_any! {
        bool f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

// --------------------------------------------------------------- streams

/// An iterator over consecutive AMF3 values in one input, from
/// [`Deserializer::into_iter`]. Ends at the end of the input; yields an error
/// (and then ends) on bad input.
///
/// ```
/// let bytes = [0x04, 0x01, 0x04, 0x02, 0x04, 0x03];
/// let de = amf_serde::amf3::Deserializer::from_slice(&bytes);
/// let values: Vec<i32> = de.into_iter().collect::<Result<_, _>>()?;
/// assert_eq!(values, [1, 2, 3]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
pub struct StreamDeserializer<'de, R, T> {
    de: Deserializer<'de, R>,
    failed: bool,
    _marker: std::marker::PhantomData<T>,
}

impl<'de, R: Read<'de>, T> StreamDeserializer<'de, R, T> {
    /// Offset of the first byte after the last value read.
    pub fn byte_offset(&self) -> usize {
        self.de.read.pos()
    }
}

impl<'de, R: Read<'de>, T: de::Deserialize<'de>> Iterator for StreamDeserializer<'de, R, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.failed {
            return None;
        }
        match self.de.read.peek() {
            Ok(None) => None,
            Ok(Some(_)) => {
                let r = T::deserialize(&mut self.de);
                self.failed = r.is_err();
                Some(r)
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

// ------------------------------------------------------------ functions

/// Decodes one AMF3 value from a byte slice. Strings and byte arrays can be
/// borrowed from the slice (`&'a str`, `&'a [u8]`), including strings that
/// arrive as string references.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct P<'a> { x: i32, name: &'a str }
///
/// // [P(1, "a"), P(2, "a")] as written by Flash: sealed traits, then a
/// // traits reference; the second "a" is a string reference.
/// let bytes = [
///     0x09, 0x05, 0x01,
///     0x0a, 0x23, 0x03, 0x50, 0x03, 0x78, 0x09, 0x6e, 0x61, 0x6d, 0x65, 0x04, 0x01, 0x06, 0x03, 0x61,
///     0x0a, 0x01, 0x04, 0x02, 0x06, 0x06,
/// ];
/// let ps: Vec<P> = amf_serde::amf3::from_slice(&bytes)?;
/// assert_eq!(ps, [P { x: 1, name: "a" }, P { x: 2, name: "a" }]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// Invalid or truncated input, input that does not match `T`, limits
/// exceeded (see [`Options`]), or bytes left after the value.
pub fn from_slice<'a, T: de::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    from_slice_with(bytes, &Options::new())
}

/// [`from_slice`] with the given [`Options`].
///
/// ```
/// use amf_serde::Options;
///
/// let opts = Options::new().with_max_string_len(2);
/// let err = amf_serde::amf3::from_slice_with::<String>(&[0x06, 0x07, b'a', b'b', b'c'], &opts);
/// assert!(err.is_err());
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// As [`from_slice`].
pub fn from_slice_with<'a, T: de::Deserialize<'a>>(bytes: &'a [u8], opts: &Options) -> Result<T> {
    let mut de = Deserializer::with_options(SliceRead::new(bytes), opts);
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Decodes one AMF3 value from an [`std::io::Read`], which must then be at
/// its end. To read several values from one stream, use
/// [`Deserializer::from_reader`] and [`Deserializer::into_iter`].
///
/// ```
/// let bytes: &[u8] = &[0x09, 0x05, 0x01, 0x06, 0x03, 0x61, 0x06, 0x00];
/// let v: Vec<String> = amf_serde::amf3::from_reader(bytes)?;
/// assert_eq!(v, ["a", "a"]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// As [`from_slice`], plus I/O errors.
pub fn from_reader<R: std::io::Read, T: de::DeserializeOwned>(reader: R) -> Result<T> {
    from_reader_with(reader, &Options::new())
}

/// [`from_reader`] with the given [`Options`].
///
/// # Errors
/// As [`from_reader`].
pub fn from_reader_with<R: std::io::Read, T: de::DeserializeOwned>(
    reader: R,
    opts: &Options,
) -> Result<T> {
    let mut de = Deserializer::with_options(IoRead::read_ahead(reader), opts);
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

#[cfg(test)]
mod pool_tests {
    use super::*;

    #[test]
    fn a_dropped_decoder_leaves_its_emptied_tables_to_the_next() {
        // ["a", "b", "c"] as three string literals in an array.
        let bytes = [9, 7, 1, 6, 3, b'a', 6, 3, b'b', 6, 3, b'c'];
        let mut de = Deserializer::from_slice(&bytes);
        let v: Vec<&str> = de::Deserialize::deserialize(&mut de).unwrap_or_default();
        assert_eq!(v, ["a", "b", "c"]);
        assert_eq!((de.strings.len(), de.objects.len()), (3, 1));
        let strings = de.strings.capacity();
        let slots = de.objects.slots.capacity();
        drop(de);
        let de = Deserializer::from_slice(&bytes);
        assert_eq!((de.strings.len(), de.objects.len()), (0, 0));
        assert_eq!(de.strings.capacity(), strings);
        assert_eq!(de.objects.slots.capacity(), slots);
        // A second decoder alive at the same time starts empty.
        let other = Deserializer::from_slice(&bytes);
        assert_eq!(other.strings.capacity(), 0);
        drop(other);
        drop(de);
    }

    #[test]
    fn tables_over_the_bound_are_freed() {
        let mut strings: Vec<Str<'_>> = Vec::with_capacity(pool::MAX_ENTRIES + 1);
        strings.push(Str::Borrowed("x"));
        let mut objects = ObjTable::default();
        objects.push(0);
        pool::give_back(&mut strings, &mut objects);
        assert_eq!(pool::take().strings.capacity(), 0);
        let mut strings: Vec<Str<'_>> = Vec::with_capacity(16);
        pool::give_back(&mut strings, &mut objects);
        assert_eq!(pool::take().strings.capacity(), 16);
    }
}
