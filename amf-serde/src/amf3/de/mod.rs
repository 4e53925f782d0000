//! AMF3 deserialization.
//!
//! Layout: this module holds the [`Deserializer`] (its state, reading
//! markers, U29s, doubles and strings, following references, the depth,
//! work and length limits) and the `from_*` functions; `tables` holds the
//! reference tables and reads traits into them, `dispatch` is the
//! [`serde::Deserializer`] impl, `access` the map, sequence and enum
//! accessors it hands to visitors, `stream` the iterator over consecutive
//! values. Decoding straight into a [`Value`] is in `amf3::value`.

mod access;
mod dispatch;
mod seq;
mod stream;
mod tables;

pub(crate) use access::KeyDeserializer;
pub(crate) use seq::{ahead_mode, ahead_switch};
pub use stream::StreamDeserializer;
pub(crate) use tables::{ObjTable, Str, Traits};

use tables::pool;

use serde::de;

use crate::amf3::marker as m;
use crate::error::{Error, ErrorCode, Result};
use crate::options::Options;
use crate::read::{IoRead, Read, Reference, SliceRead};
use crate::value::Value;

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
    /// Which copy of identical traits each traits-table entry is (for
    /// `Value` objects; see `Object::traits_copy`).
    pub(crate) traits_copies: crate::amf3::value::TraitsCopies,
}

impl<R> Drop for Deserializer<'_, R> {
    fn drop(&mut self) {
        pool::give_back(&mut self.strings, &mut self.objects);
    }
}

// Constructors with serde_json's names, as on `amf0::Deserializer` (amf0/de/mod.rs): public API of
// each format's own type; the part that differs per wire is `with_options` (AMF3 takes the
// thread's spare tables).
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
            traits_copies: Default::default(),
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
        let strict = self.opts.strict_aliases;
        let (r, outcome) = crate::value::with_strict_aliases(strict, || {
            crate::value::budget::with_limit(left, depth_left, || f(self))
        });
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

    // Returns AMF3's public `StreamDeserializer` (amf0/de/mod.rs returns AMF0's); how a stream
    // steps is written once, `de_common::stream_next`.
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

    /// The common case of [`Deserializer::read_str`], inline: a reference
    /// of one or two bytes to a known string of fewer than 32 bytes (which
    /// costs no work, see [`Deserializer::charge_bytes`]), consumed and
    /// returned. `None`, with nothing consumed, for anything else (which
    /// `read_str` then reads, with its errors and their offsets).
    #[inline(always)]
    pub(crate) fn short_str_ref(&mut self) -> Option<Reference<'de, '_, str>> {
        let pos = self.read.pos();
        let (index, n) = match *self.read.buffered() {
            [b, ..] if b & 0x81 == 0 => (usize::from(b >> 1), 1),
            [b0, b1, ..] if b0 & 0x80 != 0 && b1 & 0x81 == 0 => {
                (usize::from(b0 & 0x7F) << 6 | usize::from(b1 >> 1), 2)
            }
            _ => return None,
        };
        let s = self.strings.get(index)?;
        if s.as_str().len() >= 32 {
            return None;
        }
        self.read.seek(pos + n);
        Some(s.as_ref())
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

    // Same shape as `value` in amf0/de/mod.rs, but over AMF3's `Head` and its own `begin`/`finish`
    // (object references, replays); this one frames every value on the hot path, so it stays plain
    // and `#[inline]`.
    /// Runs `f` on the next value, with the framing and error offsets.
    #[inline]
    fn value<T>(&mut self, f: impl FnOnce(&mut Self, &Head) -> Result<T>) -> Result<T> {
        let head = self.begin()?;
        // The result stays where `f` wrote it (see `Error::fix_offset_in_place`).
        let mut r = f(self, &head);
        match &mut r {
            Ok(_) => self.finish(&head),
            Err(e) => e.fix_offset_in_place(head.pos),
        }
        r
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
        self.opts.check_string_len(len as u64, self.read.pos())
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
        self.traits_copies.clear();
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
        self.opts
            .check_collection_len("collection length", count.into(), self.read.pos())
    }

    pub(crate) fn size_hint(&self, count: u32) -> Option<usize> {
        Some(match self.read.remaining() {
            Some(rem) => (count as usize).min(rem),
            None => (count as usize).min(4096),
        })
    }
}

// ------------------------------------------------------------ functions

// The same four entry points as in amf0/de/mod.rs (serde_json's names, one set per format, each
// with its own docs); the rule behind them, one value then the end of the input, is written once:
// `de_common::from_document`.
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
    crate::de_common::from_document(Deserializer::with_options(SliceRead::new(bytes), opts))
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
    crate::de_common::from_document(Deserializer::with_options(IoRead::read_ahead(reader), opts))
}

impl<'de, R: Read<'de>> crate::de_common::Document for Deserializer<'de, R> {
    fn peek_byte(&mut self) -> Result<Option<u8>> {
        self.read.peek()
    }

    fn end_of_input(&mut self) -> Result<()> {
        self.end()
    }
}
