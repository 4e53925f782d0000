//! AMF0 deserialization: the [`Deserializer`] (its constructors, the
//! framing of a value: markers, `07` references, the `0x11` switch to AMF3)
//! and the `from_slice` family.
//!
//! The other parts live beside it: the `serde::Deserializer` impl in
//! `visit.rs`, the map, sequence and enum accessors in `access.rs`, reading
//! a [`Value`](crate::Value) in `value.rs`, the [`StreamDeserializer`] in
//! `stream.rs`.

mod access;
mod stream;
mod value;
mod visit;

use serde::de;

use super::marker as m;
use crate::amf3;
use crate::amf3::de::ObjTable;
use crate::error::{Error, ErrorCode, Result, Version};
use crate::options::Options;
use crate::read::{IoRead, Read, Reference, SliceRead};

pub use stream::StreamDeserializer;

/// The start of a value, with a `07` reference already followed.
struct Head {
    marker: u8,
    pos: usize,
    restore: Option<usize>,
    slot: Option<usize>,
}

/// A structure that deserializes AMF0 into Rust values.
///
/// AMF3 values embedded with the `0x11` switch are read by an AMF3 decoder
/// whose reference tables are shared by all switches inside one top-level
/// AMF0 value, as Flash Player and BlazeDS require. Several values in a row
/// (an RTMP command) are read with [`Deserializer::into_iter`] or by calling
/// `deserialize` repeatedly:
///
/// ```
/// use serde::Deserialize;
///
/// // "_result", 1.0, null
/// let bytes = [
///     0x02, 0x00, 0x07, b'_', b'r', b'e', b's', b'u', b'l', b't',
///     0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
///     0x05,
/// ];
/// let mut de = amf_serde::amf0::Deserializer::from_slice(&bytes);
/// let name = <&str>::deserialize(&mut de)?;
/// let id = f64::deserialize(&mut de)?;
/// let nothing = Option::<i32>::deserialize(&mut de)?;
/// de.end()?;
/// assert_eq!((name, id, nothing), ("_result", 1.0, None));
/// # Ok::<(), amf_serde::Error>(())
/// ```
pub struct Deserializer<'de, R> {
    /// Owns the reader, the AMF3 tables, the depth and work counters.
    pub(crate) inner: amf3::Deserializer<'de, R>,
    /// The AMF0 reference table (objects, typed objects, ECMA and strict
    /// arrays).
    pub(crate) refs: ObjTable,
}

impl<R> Drop for Deserializer<'_, R> {
    fn drop(&mut self) {
        // The larger object table goes back to the thread's spares with the
        // inner decoder.
        self.inner.objects.keep_larger(&mut self.refs);
    }
}

// Constructors with serde_json's names, as on `amf3::Deserializer` (amf3/de/mod.rs): public API of
// each format's own type; the part that differs per wire is `with_options` (AMF0 takes its
// reference table from the embedded AMF3 decoder).
impl<'a> Deserializer<'a, SliceRead<'a>> {
    /// Reads from a slice; strings borrow from it.
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
        let mut inner = amf3::Deserializer::with_options(read, opts);
        // The thread's spare object table serves as the AMF0 reference
        // table (an AMF3 switch starts its own).
        let refs = std::mem::take(&mut inner.objects);
        Deserializer { inner, refs }
    }

    /// The offset of the next byte to be read.
    pub fn byte_offset(&self) -> usize {
        self.inner.byte_offset()
    }

    /// Checks that the input has been consumed entirely.
    ///
    /// # Errors
    /// A syntax error if bytes remain.
    pub fn end(&mut self) -> Result<()> {
        self.inner.end()
    }

    // Returns AMF0's public `StreamDeserializer` (amf3/de/mod.rs returns AMF3's); how a stream
    // steps is written once, `de_common::stream_next`.
    /// An iterator over consecutive values of type `T` (the arguments of an
    /// RTMP command, say), ending cleanly at the end of the input.
    ///
    /// ```
    /// use amf_serde::Value;
    ///
    /// let bytes = [0x02, 0x00, 0x01, b'a', 0x00, 0x40, 0x08, 0, 0, 0, 0, 0, 0];
    /// let mut values = amf_serde::amf0::Deserializer::from_slice(&bytes).into_iter::<Value>();
    /// assert_eq!(values.next().unwrap()?.as_str(), Some("a"));
    /// assert_eq!(values.byte_offset(), 4);
    /// assert_eq!(values.next().unwrap()?.as_f64(), Some(3.0));
    /// assert!(values.next().is_none());
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    #[allow(clippy::should_implement_trait)] // the serde_json name; it takes a type parameter
    pub fn into_iter<T: de::Deserialize<'de>>(self) -> StreamDeserializer<'de, R, T> {
        StreamDeserializer {
            de: self,
            failed: false,
            _marker: std::marker::PhantomData,
        }
    }

    // ---------------------------------------------------------- framing

    pub(crate) fn reset(&mut self) {
        self.refs.clear();
        self.inner.reset();
    }

    fn read_u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.inner.read.read_array()?))
    }

    fn read_u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.inner.read.read_array()?))
    }

    fn read_f64(&mut self) -> Result<f64> {
        Ok(f64::from_be_bytes(self.inner.read.read_array()?))
    }

    /// Reads `len` bytes of UTF-8.
    fn read_utf8(&mut self, len: usize) -> Result<Reference<'de, '_, str>> {
        let start = self.inner.read.pos();
        self.inner.check_bytes(len)?;
        match self.inner.read.read_bytes(len)? {
            Reference::Borrowed(b) => std::str::from_utf8(b)
                .map(Reference::Borrowed)
                .map_err(|_| Error::at(ErrorCode::InvalidUtf8, start)),
            Reference::Copied(b) => std::str::from_utf8(b)
                .map(Reference::Copied)
                .map_err(|_| Error::at(ErrorCode::InvalidUtf8, start)),
        }
    }

    /// A `UTF-8` (16-bit length) string: keys, class aliases, short strings.
    pub(crate) fn read_short_str(&mut self) -> Result<Reference<'de, '_, str>> {
        let len = self.read_u16()?;
        self.read_utf8(len.into())
    }

    /// The string payload after marker `02` or `0C`.
    fn read_string(&mut self, marker: u8) -> Result<Reference<'de, '_, str>> {
        let len = if marker == m::LONG_STRING {
            self.read_u32()? as usize
        } else {
            self.read_u16()?.into()
        };
        self.read_utf8(len)
    }

    fn begin(&mut self) -> Result<Head> {
        if self.inner.depth == 0 && self.inner.replaying == 0 {
            self.reset();
        }
        let pos = self.inner.read.pos();
        self.inner.count_work(pos)?;
        let marker = self.inner.read.next()?;
        match marker {
            m::REFERENCE => self.follow(pos),
            m::OBJECT | m::ECMA_ARRAY | m::STRICT_ARRAY | m::TYPED_OBJECT => {
                let slot = self.register(pos);
                Ok(Head {
                    marker,
                    pos,
                    restore: None,
                    slot,
                })
            }
            _ => Ok(Head {
                marker,
                pos,
                restore: None,
                slot: None,
            }),
        }
    }

    fn register(&mut self, pos: usize) -> Option<usize> {
        if self.inner.replaying > 0 {
            return None;
        }
        Some(self.refs.push(pos))
    }

    /// Reads the index of a `07` reference and checks it.
    fn reference_index(&mut self, pos: usize) -> Result<usize> {
        let index = self.read_u16()?;
        if usize::from(index) >= self.refs.len() {
            return Err(Error::at(
                ErrorCode::ObjectRefOutOfRange {
                    index: index.into(),
                    len: self.refs.len(),
                },
                pos,
            ));
        }
        Ok(index.into())
    }

    #[cold]
    fn follow(&mut self, pos: usize) -> Result<Head> {
        let index = self.reference_index(pos)?;
        let Some((target, true)) = self.refs.get(index) else {
            return Err(Self::cyclic_reference(index, pos));
        };
        let restore = self.replay_from(pos, target)?;
        let marker = self.inner.read.next()?;
        Ok(Head {
            marker,
            pos,
            restore: Some(restore),
            slot: None,
        })
    }

    fn finish(&mut self, head: &Head) {
        if let Some(slot) = head.slot {
            self.refs.mark_done(slot);
        }
        if let Some(restore) = head.restore {
            self.replay_end(restore);
        }
    }

    /// Starts replaying the referenced object at `target` (for the `07`
    /// reference at `pos`); returns where to come back to.
    fn replay_from(&mut self, pos: usize, target: usize) -> Result<usize> {
        self.inner.enter(pos)?;
        let restore = self.inner.read.pos();
        self.inner.read.seek(target);
        self.inner.replaying += 1;
        Ok(restore)
    }

    /// Ends a replay started by [`Self::replay_from`].
    fn replay_end(&mut self, restore: usize) {
        self.inner.read.seek(restore);
        self.inner.replaying -= 1;
        self.inner.leave();
    }

    /// A `07` reference at `pos` to an object that is still being read.
    #[cold]
    fn cyclic_reference(index: usize, pos: usize) -> Error {
        Error::at(
            ErrorCode::CyclicReference {
                index: index as u32,
            },
            pos,
        )
    }

    // Same shape as `value` in amf3/de/mod.rs, but over AMF0's `Head` and its own `begin`/`finish`
    // (`07` references replayed from `refs`); AMF3's is the framing of every value on its hot
    // path.
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

    /// Reads one AMF3 value after the `0x11` switch.
    fn amf3<T>(
        &mut self,
        head: &Head,
        f: impl FnOnce(&mut amf3::Deserializer<'de, R>) -> Result<T>,
    ) -> Result<T> {
        self.inner.enter(head.pos)?;
        let v = f(&mut self.inner)?;
        self.inner.leave();
        Ok(v)
    }

    #[cold]
    fn bad_marker(marker: u8, pos: usize) -> Error {
        let code = match marker {
            m::MOVIECLIP | m::RECORDSET | m::OBJECT_END => ErrorCode::ReservedMarker {
                version: Version::Amf0,
                marker,
                name: m::name(marker),
            },
            _ => ErrorCode::InvalidMarker {
                version: Version::Amf0,
                marker,
            },
        };
        Error::at(code, pos)
    }
}

// ------------------------------------------------------------ functions

// The same four entry points as in amf3/de/mod.rs (serde_json's names, one set per format, each
// with its own docs); the rule behind them, one value then the end of the input, is written once:
// `de_common::from_document`.
/// Decodes one AMF0 value from a byte slice, rejecting trailing bytes.
/// Strings can be borrowed from the slice.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct Person<'a> { name: &'a str, age: f64 }
///
/// // {name: "Mike", age: 30} as Flash Player writes it
/// let bytes = [
///     0x03, 0x00, 0x04, b'n', b'a', b'm', b'e', 0x02, 0x00, 0x04, b'M', b'i', b'k', b'e',
///     0x00, 0x03, b'a', b'g', b'e', 0x00, 0x40, 0x3e, 0, 0, 0, 0, 0, 0,
///     0x00, 0x00, 0x09,
/// ];
/// let p: Person = amf_serde::amf0::from_slice(&bytes)?;
/// assert_eq!(p, Person { name: "Mike", age: 30.0 });
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// Invalid or truncated input, input that does not fit `T`, limits
/// exceeded, trailing bytes.
pub fn from_slice<'a, T: de::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    from_slice_with(bytes, &Options::new())
}

/// [`from_slice`] with the given [`Options`].
///
/// # Errors
/// As [`from_slice`].
pub fn from_slice_with<'a, T: de::Deserialize<'a>>(bytes: &'a [u8], opts: &Options) -> Result<T> {
    crate::de_common::from_document(Deserializer::with_options(SliceRead::new(bytes), opts))
}

/// Decodes one AMF0 value from an [`std::io::Read`], which must then be at
/// its end.
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
        self.inner.read.peek()
    }

    fn end_of_input(&mut self) -> Result<()> {
        self.end()
    }
}
