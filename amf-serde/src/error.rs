//! The [`Error`] type shared by every encoder and decoder in this crate.

use std::fmt::{self, Debug, Display};
use std::io;

/// Alias for a `Result` with the error type [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which AMF version an error message talks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    Amf0,
    Amf3,
}

impl Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Version::Amf0 => "AMF0",
            Version::Amf3 => "AMF3",
        })
    }
}

/// Broad classification of an [`Error`], as in `serde_json::error::Category`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// Reading from or writing to an `io::Read`/`io::Write` failed.
    Io,
    /// The input is not valid AMF: an unknown marker, a bad reference, invalid
    /// UTF-8, a limit exceeded, trailing bytes.
    Syntax,
    /// The input is valid AMF but does not fit the Rust type it is being read
    /// into (wrong type, integer out of range, missing field), or a Rust value
    /// cannot be written as AMF.
    Data,
    /// The input ended in the middle of a value.
    Eof,
}

/// What went wrong. Private so variants can be added without breaking users;
/// inspect errors through [`Error::classify`] and the `Display` text (written
/// by hand below: the crate does without `thiserror` and so without syn).
#[derive(Debug)]
pub(crate) enum ErrorCode {
    Message(Box<str>),
    Io(io::Error),
    Eof,
    InvalidMarker {
        version: Version,
        marker: u8,
    },
    LengthLimitExceeded {
        what: &'static str,
        len: u64,
        limit: u64,
        setter: &'static str,
    },
    ReservedMarker {
        version: Version,
        marker: u8,
        name: &'static str,
    },
    InvalidUtf8,
    StringRefOutOfRange {
        index: u32,
        len: usize,
    },
    ObjectRefOutOfRange {
        index: u32,
        len: usize,
    },
    TraitsRefOutOfRange {
        index: u32,
        len: usize,
    },
    ClassMismatch {
        expected: Box<str>,
        found: Box<str>,
    },
    CyclicReference {
        index: u32,
    },
    DepthLimitExceeded {
        limit: usize,
    },
    WorkLimitExceeded {
        limit: u64,
    },
    TrailingBytes {
        count: Option<u64>,
    },
    UnknownExternalizable {
        alias: Box<str>,
    },
    NotExactlyRepresentable {
        what: &'static str,
        value: Box<str>,
    },
    NumberOutOfRange {
        value: Box<str>,
        ty: &'static str,
    },
    KeyMustBeAString {
        found: &'static str,
    },
    EmptyDynamicKey,
    InvalidEnumShape,
    TooLong {
        what: &'static str,
        len: u64,
        max: u64,
    },
    /// A malformed remoting packet (bad version, a count the bytes cannot
    /// hold, a body that is not an argument array).
    Packet(Box<str>),
    /// A `.sol` file's framing is wrong (magic, signature, padding, AMF
    /// version, name, length field, the `00` after an entry).
    SolFormat(Box<str>),
    /// An error inside one entry of a `.sol` file (the inner error has no
    /// offset; the outer one has it).
    InEntry {
        index: usize,
        key: Option<Box<str>>,
        inner: Error,
    },
    /// Internal signal of the AMF3 serializer: the keys of a struct must be
    /// collected before its sealed traits can be written. Never escapes the crate.
    Retry,
}

impl Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorCode as E;
        match self {
            E::Message(m) | E::Packet(m) | E::SolFormat(m) => f.write_str(m),
            E::Io(e) => write!(f, "I/O error: {e}"),
            E::Eof => f.write_str("unexpected end of input"),
            E::InvalidMarker { version, marker } => {
                write!(f, "invalid {version} marker 0x{marker:02x}")
            }
            E::LengthLimitExceeded {
                what,
                len,
                limit,
                setter,
            } => write!(f, "{what} of {len} exceeds the limit of {limit} ({setter})"),
            E::ReservedMarker {
                version,
                marker,
                name,
            } => write!(
                f,
                "{version} marker 0x{marker:02x} ({name}) is not valid here"
            ),
            E::InvalidUtf8 => f.write_str("invalid UTF-8 in string"),
            E::StringRefOutOfRange { index, len } => {
                write!(f, "string reference {index} out of range ({len} entries)")
            }
            E::ObjectRefOutOfRange { index, len } => {
                write!(f, "object reference {index} out of range ({len} entries)")
            }
            E::TraitsRefOutOfRange { index, len } => {
                write!(f, "traits reference {index} out of range ({len} entries)")
            }
            E::ClassMismatch { expected, found } => write!(
                f,
                "expected an object of class \"{expected}\", found {}",
                found_class(found)
            ),
            E::CyclicReference { index } => write!(
                f,
                "reference to object {index}, which is still being read (a cycle), cannot be \
                 decoded into a tree-shaped type"
            ),
            E::DepthLimitExceeded { limit } => {
                write!(f, "nesting depth limit of {limit} exceeded")
            }
            E::WorkLimitExceeded { limit } => {
                write!(f, "work limit of {limit} decoded values exceeded")
            }
            E::TrailingBytes { count } => write!(f, "{} after the value", trailing(*count)),
            E::UnknownExternalizable { alias } => write!(
                f,
                "externalizable class \"{alias}\" has no registered reader; its body has no \
                 length, so it cannot be skipped"
            ),
            E::NotExactlyRepresentable { what, value } => write!(
                f,
                "{what} {value} cannot be written as an AMF double without losing precision \
                 (Options::with_lossy_integers(true) writes the nearest double, as Flash, \
                 BlazeDS and PyAMF do)"
            ),
            E::NumberOutOfRange { value, ty } => write!(f, "number {value} is not a valid {ty}"),
            E::KeyMustBeAString { found } => write!(f, "key must be a string, found {found}"),
            E::EmptyDynamicKey => f.write_str(
                "the empty string cannot be an AMF3 dynamic member name (it terminates the \
                 member list)",
            ),
            E::InvalidEnumShape => f.write_str(
                "an enum must be encoded as a string or as an object with exactly one member",
            ),
            E::TooLong { what, len, max } => write!(
                f,
                "{what} is longer than the format allows ({len} bytes, at most {max})"
            ),
            E::InEntry { index, key, inner } => {
                write!(f, "in .sol entry {} (#{index}): {inner}", entry_key(key))
            }
            E::Retry => f.write_str("internal: struct keys needed"),
        }
    }
}

impl std::error::Error for ErrorCode {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ErrorCode::Io(e) => Some(e),
            _ => None,
        }
    }
}

fn found_class(found: &str) -> String {
    if found.is_empty() {
        "an anonymous object".to_owned()
    } else {
        format!("class \"{found}\"")
    }
}

fn entry_key(key: &Option<Box<str>>) -> String {
    match key {
        Some(k) => format!("{k:?}"),
        None => "(key unreadable)".to_owned(),
    }
}

fn trailing(count: Option<u64>) -> String {
    match count {
        Some(1) => "1 trailing byte".to_owned(),
        Some(n) => format!("{n} trailing bytes"),
        None => "trailing bytes".to_owned(),
    }
}

/// The error type of every fallible operation in this crate.
///
/// It carries a [`Category`], a message and, for decoding errors, the byte
/// offset in the input at which the problem was found:
///
/// ```
/// let err = amf_serde::from_slice::<Vec<i32>>(&[0x09, 0x03, 0x01, 0x13]).unwrap_err();
/// assert_eq!(err.to_string(), "invalid AMF3 marker 0x13 at byte offset 3");
/// assert_eq!(err.offset(), Some(3));
/// assert_eq!(err.classify(), amf_serde::Category::Syntax);
/// ```
pub struct Error {
    inner: Box<ErrorImpl>,
}

struct ErrorImpl {
    code: ErrorCode,
    offset: Option<u64>,
    /// The header or message of a remoting packet the error is in.
    part: Option<PacketPart>,
}

impl Error {
    /// An encoder's "too long" error: `len` items of `what` where the wire
    /// allows `max`.
    #[cold]
    pub(crate) fn too_long(what: &'static str, len: usize, max: u64) -> Self {
        Error::code(ErrorCode::TooLong {
            what,
            len: len as u64,
            max,
        })
    }

    #[cold]
    pub(crate) fn new(code: ErrorCode, offset: Option<u64>) -> Self {
        Error {
            inner: Box::new(ErrorImpl {
                code,
                offset,
                part: None,
            }),
        }
    }

    #[cold]
    pub(crate) fn at(code: ErrorCode, offset: usize) -> Self {
        Error::new(code, Some(offset as u64))
    }

    #[cold]
    pub(crate) fn code(code: ErrorCode) -> Self {
        Error::new(code, None)
    }

    #[cold]
    pub(crate) fn eof(offset: usize) -> Self {
        Error::at(ErrorCode::Eof, offset)
    }

    #[cold]
    pub(crate) fn io(err: io::Error, offset: Option<u64>) -> Self {
        if err.kind() == io::ErrorKind::UnexpectedEof {
            return Error::new(ErrorCode::Eof, offset);
        }
        Error::new(ErrorCode::Io(err), offset)
    }

    pub(crate) fn is_retry(&self) -> bool {
        matches!(self.inner.code, ErrorCode::Retry)
    }

    /// Sets the offset if the error does not have one yet (errors raised by
    /// serde visitors through [`serde::de::Error::custom`] do not).
    #[cold]
    pub(crate) fn fix_offset(mut self, offset: usize) -> Self {
        if self.inner.offset.is_none() {
            self.inner.offset = Some(offset as u64);
        }
        self
    }

    /// [`Error::fix_offset`] in place, for the error of a result that is
    /// handed on as it is: a decoder that takes a visitor's result apart and
    /// wraps it again copies the value in pieces that its caller then loads
    /// whole (a store-forwarding stall per value; BENCHMARKS.md, issue 23,
    /// session 6).
    #[cold]
    pub(crate) fn fix_offset_in_place(&mut self, offset: usize) {
        if self.inner.offset.is_none() {
            self.inner.offset = Some(offset as u64);
        }
    }

    /// Moves the offset by `delta` bytes (an error from a value decoded on
    /// its own, placed back in the packet it came from).
    #[cold]
    pub(crate) fn shift_offset(mut self, delta: usize) -> Self {
        if let Some(offset) = &mut self.inner.offset {
            *offset = offset.saturating_add(delta as u64);
        }
        self
    }

    /// Records the remoting-packet header or message the error is in (kept
    /// if already set).
    #[cold]
    pub(crate) fn in_part(mut self, part: PacketPart) -> Self {
        if self.inner.part.is_none() {
            self.inner.part = Some(part);
        }
        self
    }

    /// For errors decoding a [remoting packet](crate::remoting::Packet): the
    /// header or message the error is in.
    ///
    /// ```
    /// use amf_serde::remoting::{Packet, PacketPart};
    ///
    /// // one message whose body is an AMF0 string cut short
    /// let bytes = [0, 0, 0, 0, 0, 1, 0, 1, b'a', 0, 2, b'/', b'1', 0, 0, 0, 0, 0x02, 0x00, 0x05, b'h'];
    /// let err = Packet::from_slice(&bytes).unwrap_err();
    /// assert_eq!(err.packet_part(), Some(PacketPart::Message(0)));
    /// assert_eq!(err.to_string(), "unexpected end of input at byte offset 21 in message 0");
    /// ```
    pub fn packet_part(&self) -> Option<PacketPart> {
        self.inner.part
    }

    /// Records that the error happened inside entry `index` (counting from
    /// 0) of a `.sol` body, whose key is `key` if it could be read.
    #[cold]
    pub(crate) fn in_entry(self, index: usize, key: Option<&str>) -> Self {
        if matches!(self.inner.code, ErrorCode::InEntry { .. }) {
            return self;
        }
        let offset = self.inner.offset;
        let mut inner = self;
        inner.inner.offset = None;
        Error::new(
            ErrorCode::InEntry {
                index,
                key: key.map(Into::into),
                inner,
            },
            offset,
        )
    }

    /// For an error found while reading a `.sol` file's entries
    /// ([`crate::sol`]): the index of the entry (from 0) and its key, if
    /// the key could be read.
    ///
    /// ```
    /// // Entry "a" = 1, then entry "b" whose value has an invalid marker 0x13.
    /// let mut file = vec![0x00, 0xbf, 0, 0, 0, 0, b'T', b'C', b'S', b'O', 0, 4, 0, 0, 0, 0];
    /// file.extend([0, 1, b'n', 0, 0, 0, 3]);
    /// file.extend([0x03, b'a', 0x04, 0x01, 0x00, 0x03, b'b', 0x13, 0x00]);
    /// let err = amf_serde::sol::Sol::from_slice(&file).unwrap_err();
    /// assert_eq!(err.sol_entry(), Some((1, Some("b"))));
    /// assert_eq!(err.offset(), Some(30));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "in .sol entry \"b\" (#1): invalid AMF3 marker 0x13 at byte offset 30"
    /// );
    /// ```
    pub fn sol_entry(&self) -> Option<(usize, Option<&str>)> {
        match &self.inner.code {
            ErrorCode::InEntry { index, key, .. } => Some((*index, key.as_deref())),
            _ => None,
        }
    }

    /// The byte offset in the input at which the error was detected, if known.
    ///
    /// Decoding errors always have one; errors raised while encoding do not.
    pub fn offset(&self) -> Option<u64> {
        self.inner.offset
    }

    /// The broad category of this error.
    pub fn classify(&self) -> Category {
        match &self.inner.code {
            ErrorCode::InEntry { inner, .. } => inner.classify(),
            ErrorCode::Io(_) => Category::Io,
            ErrorCode::Eof => Category::Eof,
            ErrorCode::Message(_)
            | ErrorCode::NumberOutOfRange { .. }
            | ErrorCode::CyclicReference { .. }
            | ErrorCode::ClassMismatch { .. }
            | ErrorCode::UnknownExternalizable { .. }
            | ErrorCode::NotExactlyRepresentable { .. }
            | ErrorCode::KeyMustBeAString { .. }
            | ErrorCode::EmptyDynamicKey
            | ErrorCode::InvalidEnumShape
            | ErrorCode::TooLong { .. }
            | ErrorCode::Retry => Category::Data,
            ErrorCode::InvalidMarker { .. }
            | ErrorCode::ReservedMarker { .. }
            | ErrorCode::InvalidUtf8
            | ErrorCode::StringRefOutOfRange { .. }
            | ErrorCode::ObjectRefOutOfRange { .. }
            | ErrorCode::TraitsRefOutOfRange { .. }
            | ErrorCode::DepthLimitExceeded { .. }
            | ErrorCode::LengthLimitExceeded { .. }
            | ErrorCode::WorkLimitExceeded { .. }
            | ErrorCode::TrailingBytes { .. }
            | ErrorCode::Packet(_)
            | ErrorCode::SolFormat(_) => Category::Syntax,
        }
    }

    /// `true` if the error was caused by a failing `io::Read` or `io::Write`.
    pub fn is_io(&self) -> bool {
        self.classify() == Category::Io
    }

    /// `true` if the input is not valid AMF.
    pub fn is_syntax(&self) -> bool {
        self.classify() == Category::Syntax
    }

    /// `true` if valid AMF did not fit the requested Rust type, or a Rust value
    /// could not be written as AMF.
    pub fn is_data(&self) -> bool {
        self.classify() == Category::Data
    }

    /// `true` if the input ended before the value was complete.
    pub fn is_eof(&self) -> bool {
        self.classify() == Category::Eof
    }

    /// The underlying I/O error kind, if this is an I/O error.
    pub fn io_error_kind(&self) -> Option<io::ErrorKind> {
        match &self.inner.code {
            ErrorCode::Io(e) => Some(e.kind()),
            ErrorCode::InEntry { inner, .. } => inner.io_error_kind(),
            _ => None,
        }
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner.offset {
            Some(offset) => write!(f, "{} at byte offset {}", self.inner.code, offset)?,
            None => Display::fmt(&self.inner.code, f)?,
        }
        match self.inner.part {
            Some(part) => write!(f, " in {part}"),
            None => Ok(()),
        }
    }
}

impl Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}", self.inner.code.to_string())?;
        if let Some(offset) = self.inner.offset {
            write!(f, ", offset: {offset}")?;
        }
        if let Some(part) = self.inner.part {
            write!(f, ", in: {part}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.inner.code)
    }
}

impl From<Error> for io::Error {
    fn from(err: Error) -> io::Error {
        match err.inner.code {
            ErrorCode::Io(e) => e,
            ErrorCode::Eof => io::Error::new(io::ErrorKind::UnexpectedEof, err),
            _ => io::Error::new(io::ErrorKind::InvalidData, err),
        }
    }
}

impl serde::de::Error for Error {
    #[cold]
    fn custom<T: Display>(msg: T) -> Self {
        Error::code(ErrorCode::Message(msg.to_string().into_boxed_str()))
    }
}

impl serde::ser::Error for Error {
    #[cold]
    fn custom<T: Display>(msg: T) -> Self {
        Error::code(ErrorCode::Message(msg.to_string().into_boxed_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_one_pointer() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn display_has_offset_last() {
        let e = Error::at(
            ErrorCode::InvalidMarker {
                version: Version::Amf3,
                marker: 0x13,
            },
            42,
        );
        assert_eq!(e.to_string(), "invalid AMF3 marker 0x13 at byte offset 42");
        assert_eq!(
            format!("{e:?}"),
            "Error(\"invalid AMF3 marker 0x13\", offset: 42)"
        );
        let e = Error::at(ErrorCode::StringRefOutOfRange { index: 7, len: 3 }, 90);
        assert_eq!(
            e.to_string(),
            "string reference 7 out of range (3 entries) at byte offset 90"
        );
    }
}

// Part of remoting (public as `remoting::PacketPart`), defined here, below
// remoting, because every `Error` can carry one.
/// Where in a packet something is: see [`Error::packet_part`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PacketPart {
    /// The header at this index (from 0).
    Header(usize),
    /// The message at this index (from 0).
    Message(usize),
}

impl fmt::Display for PacketPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PacketPart::Header(i) => write!(f, "header {i}"),
            PacketPart::Message(i) => write!(f, "message {i}"),
        }
    }
}
