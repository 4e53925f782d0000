//! Byte sources for the decoders: [`SliceRead`] borrows from a slice (zero
//! copy), [`IoRead`] pulls from any [`std::io::Read`].
//!
//! Both keep every byte of the value being decoded addressable by its offset,
//! because AMF object references are decoded into tree-shaped Rust types by
//! re-reading ("replaying") the bytes of the referenced object.

use std::io;

use crate::error::{Error, Result};

/// Bytes handed out by a [`Read`]: borrowed from the input for the whole
/// `'de` lifetime, or copied into a buffer that lives until the next read.
pub enum Reference<'b, 'c, T: ?Sized> {
    /// Borrowed from the input (`&'de`).
    Borrowed(&'b T),
    /// Copied into a scratch buffer owned by the reader.
    Copied(&'c T),
}

impl<T: ?Sized> std::ops::Deref for Reference<'_, '_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match *self {
            Reference::Borrowed(b) => b,
            Reference::Copied(c) => c,
        }
    }
}

mod private {
    pub trait Sealed {}
}

/// A byte source for the AMF decoders. Sealed: implemented by [`SliceRead`]
/// and [`IoRead`] only.
pub trait Read<'de>: private::Sealed {
    #[doc(hidden)]
    /// Absolute offset of the next byte.
    fn pos(&self) -> usize;
    #[doc(hidden)]
    fn next(&mut self) -> Result<u8>;
    #[doc(hidden)]
    fn peek(&mut self) -> Result<Option<u8>>;
    #[doc(hidden)]
    fn read_bytes<'s>(&'s mut self, len: usize) -> Result<Reference<'de, 's, [u8]>>;
    #[doc(hidden)]
    fn read_array<const N: usize>(&mut self) -> Result<[u8; N]>;
    #[doc(hidden)]
    /// A lower bound on the bytes left, if known without reading.
    fn remaining(&self) -> Option<usize>;
    #[doc(hidden)]
    /// The size of the input as far as it is known: the whole slice, or the
    /// bytes read so far from a reader.
    fn extent(&self) -> usize;
    #[doc(hidden)]
    /// Fails at once if fewer than `len` bytes are left, when that is known
    /// without reading. Called before trusting a length claim.
    fn check_available(&self, len: u64) -> Result<()> {
        match self.remaining() {
            Some(rem) if (rem as u64) < len => Err(Error::eof(self.pos().saturating_add(rem))),
            _ => Ok(()),
        }
    }
    #[doc(hidden)]
    /// The bytes that can be looked at without reading from the source
    /// (the rest of a slice; what a reader has buffered). For fast paths:
    /// empty is always a correct answer.
    fn buffered(&self) -> &[u8];
    #[doc(hidden)]
    /// Moves to an absolute offset already read in the current value (to
    /// replay a referenced object) or back to where replay started.
    fn seek(&mut self, pos: usize);
    #[doc(hidden)]
    /// The next `N` bytes, if [`Read::buffered`] holds them (for fast
    /// paths, like `buffered`: `None` is always a correct answer).
    fn peek_chunk<const N: usize>(&self) -> Option<&[u8; N]>;
    #[doc(hidden)]
    /// Moves `n` bytes ahead, over bytes the caller has looked at in
    /// [`Read::buffered`] (`n` at most its length): no check (a larger `n`
    /// would only make the next reads fail at the end of the input).
    fn advance(&mut self, n: usize);
    #[doc(hidden)]
    /// Forgets the bytes before the current position: a new top-level value
    /// starts, nothing before it can be referenced.
    fn discard_history(&mut self);
}

/// Reads from a byte slice; strings and byte arrays borrow from it.
pub struct SliceRead<'a> {
    slice: &'a [u8],
    index: usize,
}

impl<'a> SliceRead<'a> {
    /// Reads `slice` from its first byte.
    pub fn new(slice: &'a [u8]) -> Self {
        SliceRead { slice, index: 0 }
    }

    /// The bytes not read yet.
    pub fn rest(&self) -> &'a [u8] {
        self.slice.get(self.index..).unwrap_or_default()
    }
}

impl private::Sealed for SliceRead<'_> {}

impl<'a> Read<'a> for SliceRead<'a> {
    #[inline]
    fn pos(&self) -> usize {
        self.index
    }

    #[inline]
    fn next(&mut self) -> Result<u8> {
        match self.slice.get(self.index) {
            Some(&b) => {
                self.index += 1;
                Ok(b)
            }
            None => Err(Error::eof(self.slice.len())),
        }
    }

    #[inline]
    fn peek(&mut self) -> Result<Option<u8>> {
        Ok(self.slice.get(self.index).copied())
    }

    #[inline]
    fn read_bytes<'s>(&'s mut self, len: usize) -> Result<Reference<'a, 's, [u8]>> {
        let end = self
            .index
            .checked_add(len)
            .filter(|&end| end <= self.slice.len())
            .ok_or_else(|| Error::eof(self.slice.len()))?;
        let bytes = &self.slice[self.index..end];
        self.index = end;
        Ok(Reference::Borrowed(bytes))
    }

    #[inline]
    fn read_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let end = self.index + N;
        match self.slice.get(self.index..end) {
            Some(bytes) => {
                self.index = end;
                let mut out = [0u8; N];
                out.copy_from_slice(bytes);
                Ok(out)
            }
            None => Err(Error::eof(self.slice.len())),
        }
    }

    #[inline]
    fn remaining(&self) -> Option<usize> {
        Some(self.slice.len().saturating_sub(self.index))
    }

    #[inline]
    fn extent(&self) -> usize {
        self.slice.len()
    }

    #[inline]
    fn buffered(&self) -> &[u8] {
        self.slice.get(self.index..).unwrap_or_default()
    }

    #[inline]
    fn seek(&mut self, pos: usize) {
        self.index = pos.min(self.slice.len());
    }

    #[inline]
    fn peek_chunk<const N: usize>(&self) -> Option<&[u8; N]> {
        self.slice.get(self.index..)?.first_chunk()
    }

    #[inline]
    fn advance(&mut self, n: usize) {
        self.index += n;
    }

    #[inline]
    fn discard_history(&mut self) {}
}

/// Reads from an [`io::Read`]. Reads exactly the bytes each value needs (so
/// the reader can be used afterwards); wrap unbuffered sources in a
/// [`std::io::BufReader`].
///
/// The bytes of the value being decoded are kept in memory so that object
/// references can be replayed; they are dropped when the next top-level value
/// starts. Memory use is therefore bounded by the size of one value.
pub struct IoRead<R> {
    reader: R,
    /// Bytes read since the start of the current top-level value.
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: usize,
    /// Index into `buf` of the next byte.
    cur: usize,
    /// Read up to [`READ_AHEAD`] bytes more than asked for (when nothing
    /// after the value needs to stay in the reader).
    ahead: bool,
}

/// How much an [`IoRead`] made by `from_reader` reads ahead of need, so
/// that the decoders' fast paths can look at the next bytes.
const READ_AHEAD: u64 = 8192;

impl<R: io::Read> IoRead<R> {
    /// Reads from `reader`.
    pub fn new(reader: R) -> Self {
        IoRead {
            reader,
            buf: Vec::new(),
            base: 0,
            cur: 0,
            ahead: false,
        }
    }

    /// Like [`IoRead::new`], but reads ahead of need: for `from_reader`,
    /// which reads the source to its end anyway.
    pub(crate) fn read_ahead(reader: R) -> Self {
        IoRead {
            ahead: true,
            ..IoRead::new(reader)
        }
    }

    /// Makes sure `buf[cur..cur + len]` exists, reading from the source as
    /// needed. Grows the buffer only by bytes actually received.
    fn fill(&mut self, len: usize) -> Result<()> {
        let want = self.cur.saturating_add(len);
        if want <= self.buf.len() {
            return Ok(());
        }
        let missing = (want - self.buf.len()) as u64;
        let ask = if self.ahead {
            missing.max(READ_AHEAD)
        } else {
            missing
        };
        let before = self.buf.len();
        let got = io::Read::read_to_end(&mut io::Read::take(&mut self.reader, ask), &mut self.buf);
        match got {
            // Enough for the caller (an error past that is met again by
            // the next read).
            _ if self.buf.len() >= want => Ok(()),
            Ok(_) => Err(Error::eof(self.base + self.buf.len())),
            Err(e) => {
                self.buf.truncate(before);
                Err(Error::io(e, Some((self.base + self.buf.len()) as u64)))
            }
        }
    }

    /// Gives back the underlying reader.
    pub fn into_inner(self) -> R {
        self.reader
    }
}

impl<R> private::Sealed for IoRead<R> {}

impl<'de, R: io::Read> Read<'de> for IoRead<R> {
    #[inline]
    fn pos(&self) -> usize {
        self.base + self.cur
    }

    #[inline]
    fn next(&mut self) -> Result<u8> {
        if self.cur >= self.buf.len() {
            self.fill(1)?;
        }
        let b = self.buf[self.cur];
        self.cur += 1;
        Ok(b)
    }

    fn peek(&mut self) -> Result<Option<u8>> {
        if self.cur >= self.buf.len() {
            match self.fill(1) {
                Ok(()) => {}
                Err(e) if e.is_eof() => return Ok(None),
                Err(e) => return Err(e),
            }
        }
        Ok(self.buf.get(self.cur).copied())
    }

    fn read_bytes<'s>(&'s mut self, len: usize) -> Result<Reference<'de, 's, [u8]>> {
        self.fill(len)?;
        let start = self.cur;
        self.cur += len;
        Ok(Reference::Copied(&self.buf[start..self.cur]))
    }

    #[inline]
    fn read_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        self.fill(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&self.buf[self.cur..self.cur + N]);
        self.cur += N;
        Ok(out)
    }

    #[inline]
    fn remaining(&self) -> Option<usize> {
        None
    }

    #[inline]
    fn extent(&self) -> usize {
        self.base + self.buf.len()
    }

    #[inline]
    fn buffered(&self) -> &[u8] {
        self.buf.get(self.cur..).unwrap_or_default()
    }

    fn seek(&mut self, pos: usize) {
        self.cur = pos.saturating_sub(self.base).min(self.buf.len());
    }

    #[inline]
    fn peek_chunk<const N: usize>(&self) -> Option<&[u8; N]> {
        self.buf.get(self.cur..)?.first_chunk()
    }

    #[inline]
    fn advance(&mut self, n: usize) {
        self.cur += n;
    }

    fn discard_history(&mut self) {
        self.buf.drain(..self.cur);
        self.base += self.cur;
        self.cur = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_eof_offset_is_input_length() {
        let mut r = SliceRead::new(&[1, 2, 3]);
        assert_eq!(r.next().unwrap(), 1);
        let e = r.read_bytes(5).err().unwrap();
        assert_eq!(e.offset(), Some(3));
        assert!(e.is_eof());
    }

    #[test]
    fn io_read_replays_history() {
        let data = [1u8, 2, 3, 4];
        let mut r = IoRead::new(&data[..]);
        assert_eq!(<IoRead<_> as Read>::next(&mut r).unwrap(), 1);
        assert_eq!(
            &*<IoRead<_> as Read>::read_bytes(&mut r, 2).unwrap(),
            &[2, 3]
        );
        <IoRead<_> as Read>::seek(&mut r, 1);
        assert_eq!(
            <IoRead<_> as Read>::read_array::<3>(&mut r).unwrap(),
            [2, 3, 4]
        );
        assert_eq!(<IoRead<_> as Read>::peek(&mut r).unwrap(), None);
        let e = <IoRead<_> as Read>::next(&mut r).unwrap_err();
        assert_eq!(e.offset(), Some(4));
    }
}
