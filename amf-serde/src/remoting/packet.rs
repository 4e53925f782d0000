//! Owns the packet framing: the [`Packet`], [`Header`],
//! [`Message`] and [`Body`] types, reading them from a slice (borrowing)
//! and writing them with real lengths.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, IgnoredAny};
use serde::Serialize;

use crate::amf0;
use crate::error::{Error, ErrorCode, Result};
use crate::options::Options;
use crate::read::{Read, Reference, SliceRead};
use crate::value::Value;

/// The packet version: it tells the receiver whether it
/// may answer with AMF3 (`0x11`) values. Decoding rejects every other value,
/// as BlazeDS does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    /// `0`: AVM1 (ActionScript 1/2) players; AMF0-only replies.
    Amf0 = 0,
    /// `1`: FlashCom / FMS (BlazeDS treats it as 0).
    FlashCom = 1,
    /// `3`: Flash Player 9+ `NetConnection` and Flex, even when the values
    /// are plain AMF0. Replies may use `0x11`.
    Amf3 = 3,
}

impl Version {
    /// The version for a number on the wire, if it is 0, 1 or 3.
    ///
    /// ```
    /// use amf_serde::remoting::Version;
    /// assert_eq!(Version::from_u16(3), Some(Version::Amf3));
    /// assert_eq!(Version::from_u16(2), None);
    /// ```
    pub const fn from_u16(v: u16) -> Option<Version> {
        match v {
            0 => Some(Version::Amf0),
            1 => Some(Version::FlashCom),
            3 => Some(Version::Amf3),
            _ => None,
        }
    }

    /// The number written on the wire.
    pub const fn as_u16(self) -> u16 {
        self as u16
    }
}

impl TryFrom<u16> for Version {
    type Error = Error;

    fn try_from(v: u16) -> Result<Version> {
        Version::from_u16(v).ok_or_else(|| bad_version(v, None))
    }
}

#[cold]
fn bad_version(v: u16, at: Option<usize>) -> Error {
    let code = ErrorCode::Packet(
        format!("unsupported remoting packet version {v} (expected 0, 1 or 3)").into(),
    );
    match at {
        Some(at) => Error::at(code, at),
        None => Error::code(code),
    }
}

#[cold]
fn packet_error(msg: String, at: usize) -> Error {
    Error::at(ErrorCode::Packet(msg.into()), at)
}

pub use crate::error::PacketPart;

/// The value of a header or the body of a message: the bytes of one AMF0
/// value (possibly `0x11` + AMF3), with reference tables of its own.
///
/// Decoded from a packet it borrows the packet's bytes and remembers where
/// it was, so that decoding errors carry the offset in the packet and the
/// header or message they are in. Built with [`Body::amf0`] or
/// [`Body::amf3`], it holds the encoded bytes of a Rust value.
///
/// ```
/// use amf_serde::remoting::Body;
///
/// let body = Body::amf0(&("hi", 2))?;
/// assert_eq!(body.as_bytes()[0], 0x0a); // a strict array
/// let (s, n): (&str, u8) = body.decode()?;
/// assert_eq!((s, n), ("hi", 2));
///
/// let flex = Body::amf3(&vec!["x"])?;
/// assert_eq!(flex.as_bytes(), [0x11, 0x09, 0x03, 0x01, 0x06, 0x03, b'x']);
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone)]
pub struct Body<'a> {
    bytes: Cow<'a, [u8]>,
    /// Offset of the value in the packet it was read from (0 otherwise).
    offset: usize,
    part: Option<PacketPart>,
}

impl<'a> Body<'a> {
    /// Encodes `value` as one AMF0 value (its `Amf3` parts behind `0x11`).
    ///
    /// # Errors
    /// As [`amf0::to_vec`].
    pub fn amf0<T: ?Sized + Serialize>(value: &T) -> Result<Body<'static>> {
        Ok(Body::owned(amf0::to_vec(value)?))
    }

    /// Encodes `value` as one AMF0 value with `opts` (see
    /// [`Options::with_amf0_bytes`]).
    ///
    /// # Errors
    /// As [`amf0::to_vec`].
    pub fn amf0_with<T: ?Sized + Serialize>(value: &T, opts: &Options) -> Result<Body<'static>> {
        Ok(Body::owned(opts.amf0_to_vec(value)?))
    }

    /// Encodes `value` as `0x11` followed by one AMF3 value: how Flex and
    /// BlazeDS write every body of a version-3 packet.
    ///
    /// # Errors
    /// As [`crate::amf3::to_vec`].
    pub fn amf3<T: ?Sized + Serialize>(value: &T) -> Result<Body<'static>> {
        let mut bytes = Vec::with_capacity(64);
        bytes.push(amf0::marker::AVMPLUS);
        crate::amf3::to_writer(&mut bytes, value)?;
        Ok(Body::owned(bytes))
    }

    /// Takes `bytes` as the encoding of one AMF0 value, after checking that
    /// they are exactly one value (read with the default [`Options`]).
    ///
    /// ```
    /// use amf_serde::remoting::Body;
    ///
    /// let body = Body::from_bytes(&[0x02, 0x00, 0x02, b'o', b'k'][..])?;
    /// assert_eq!(body.decode::<&str>()?, "ok");
    /// assert!(Body::from_bytes(&[0x02, 0x00, 0x02, b'o'][..]).is_err());
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    ///
    /// # Errors
    /// When `bytes` are not one complete AMF0 value.
    pub fn from_bytes(bytes: impl Into<Cow<'a, [u8]>>) -> Result<Body<'a>> {
        let bytes = bytes.into();
        let mut de = amf0::Deserializer::from_slice(&bytes);
        IgnoredAny::deserialize(&mut de)?;
        de.end()?;
        drop(de);
        Ok(Body {
            bytes,
            offset: 0,
            part: None,
        })
    }

    fn owned(bytes: Vec<u8>) -> Body<'static> {
        Body {
            bytes: Cow::Owned(bytes),
            offset: 0,
            part: None,
        }
    }

    /// The encoded value.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The offset of the value in the packet it was decoded from (0 for a
    /// body built in Rust).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Decodes the value into `T` with the default [`Options`]. Strings and
    /// byte arrays borrow from the body.
    ///
    /// # Errors
    /// When the value does not fit `T` or breaks a limit; the error's
    /// offset is in the packet the body came from, and
    /// [`Error::packet_part`] names its header or message.
    pub fn decode<'b, T: Deserialize<'b>>(&'b self) -> Result<T> {
        self.decode_with(&Options::new())
    }

    /// Decodes the value into `T` with `opts` (limits, externalizable
    /// classes).
    ///
    /// # Errors
    /// As [`Body::decode`].
    pub fn decode_with<'b, T: Deserialize<'b>>(&'b self, opts: &Options) -> Result<T> {
        let mut de = amf0::Deserializer::with_options(SliceRead::new(&self.bytes), opts);
        let r = T::deserialize(&mut de).and_then(|v| de.end().map(|()| v));
        r.map_err(|e| self.place(e))
    }

    /// Decodes the value into a [`Value`], which keeps everything but the
    /// `0x11` switch (see [`Body::is_amf3`]).
    ///
    /// # Errors
    /// As [`Body::decode`].
    pub fn to_value(&self) -> Result<Value> {
        self.decode()
    }

    /// `true` if the value is an array: an AMF0 strict array (`0a`) or
    /// `0x11` + an AMF3 array (`09`), the forms call arguments take.
    pub fn is_array(&self) -> bool {
        matches!(
            *self.bytes,
            [amf0::marker::STRICT_ARRAY, ..]
                | [amf0::marker::AVMPLUS, crate::amf3::marker::ARRAY, ..]
        )
    }

    /// `true` if the whole value is behind the `0x11` switch (`0x11` + one
    /// AMF3 value), as Flex clients and BlazeDS write bodies.
    ///
    /// The body's bytes keep the switch; a [`Value`] decoded from them does
    /// not (the decoder returns the value behind a switch bare). To write a
    /// decoded value back the same way, use [`Body::amf3`] when this is
    /// `true`, otherwise [`Body::amf0_with`], with
    /// [`Amf0Switch::Complex`](crate::options::Amf0Switch::Complex) for
    /// Flash Player's call arguments (complex arguments behind the switch):
    ///
    /// ```
    /// use amf_serde::{options::Amf0Switch, remoting::Body, Options, Value};
    ///
    /// let flex = Body::from_bytes(&[0x11, 0x06, 0x03, b'x'][..])?;
    /// let v: Value = flex.decode()?;
    /// assert!(matches!(v, Value::String(_)));
    /// assert!(flex.is_amf3());
    /// assert_eq!(Body::amf3(&v)?.as_bytes(), flex.as_bytes());
    ///
    /// // ["a", {}] as Flash Player writes call arguments
    /// let args = [0x0a, 0, 0, 0, 2, 0x02, 0, 1, b'a', 0x11, 0x0a, 0x0b, 0x01, 0x01];
    /// let call = Body::from_bytes(&args[..])?;
    /// assert!(!call.is_amf3());
    /// let flash = Options::new().with_amf0_switch(Amf0Switch::Complex);
    /// let v: Value = call.decode()?;
    /// assert_eq!(Body::amf0_with(&v, &flash)?.as_bytes(), call.as_bytes());
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    pub fn is_amf3(&self) -> bool {
        self.bytes.first() == Some(&amf0::marker::AVMPLUS)
    }

    #[cold]
    fn place(&self, e: Error) -> Error {
        // An error raised after the value was read (a type's own check) has
        // no offset: it is placed at the start of the value.
        let e = e.fix_offset(0).shift_offset(self.offset);
        match self.part {
            Some(part) => e.in_part(part),
            None => e,
        }
    }

    /// A body that owns its bytes.
    pub fn into_owned(self) -> Body<'static> {
        Body {
            bytes: Cow::Owned(self.bytes.into_owned()),
            offset: self.offset,
            part: self.part,
        }
    }
}

impl PartialEq for Body<'_> {
    /// Bodies are equal when their bytes are.
    fn eq(&self, other: &Body<'_>) -> bool {
        self.bytes == other.bytes
    }
}

impl fmt::Debug for Body<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The value when it decodes, the bytes otherwise.
        match self.to_value() {
            Ok(v) => f.debug_tuple("Body").field(&v).finish(),
            Err(_) => f
                .debug_tuple("Body")
                .field(&format_args!("{:02x?}", &*self.bytes))
                .finish(),
        }
    }
}

/// A packet header: a name, the must-understand flag and
/// one value. See the predefined names in [`crate::remoting`]
/// ([`CREDENTIALS`](crate::remoting::CREDENTIALS), …).
#[derive(Clone, Debug, PartialEq)]
pub struct Header<'a> {
    /// The header name.
    pub name: Cow<'a, str>,
    /// Asks the receiver to fail the request if it does not know the header.
    pub must_understand: bool,
    /// The value.
    pub value: Body<'a>,
}

impl<'a> Header<'a> {
    /// A header with an already encoded value.
    pub fn new(name: impl Into<Cow<'a, str>>, must_understand: bool, value: Body<'a>) -> Self {
        Header {
            name: name.into(),
            must_understand,
            value,
        }
    }

    /// A header whose value is `value` in AMF0.
    ///
    /// ```
    /// use amf_serde::remoting::Header;
    ///
    /// let h = Header::amf0("authenticate", true, &true)?;
    /// assert_eq!(h.value.as_bytes(), [0x01, 0x01]);
    /// assert!(h.value.decode::<bool>()?);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Body::amf0`].
    pub fn amf0<T: ?Sized + Serialize>(
        name: impl Into<Cow<'a, str>>,
        must_understand: bool,
        value: &T,
    ) -> Result<Self> {
        Ok(Header::new(name, must_understand, Body::amf0(value)?))
    }

    /// A header that owns its data.
    pub fn into_owned(self) -> Header<'static> {
        Header {
            name: Cow::Owned(self.name.into_owned()),
            must_understand: self.must_understand,
            value: self.value.into_owned(),
        }
    }
}

/// A packet message: target URI, response URI and body.
///
/// Requests name the service in `target` (`"Service.method"`, or `"null"`
/// for Flex) and carry `"/N"` in `response`; replies target `"/N/onResult"`
/// or `"/N/onStatus"`. See the methods in [`crate::remoting`] for building
/// them.
#[derive(Clone, Debug, PartialEq)]
pub struct Message<'a> {
    /// The target URI.
    pub target: Cow<'a, str>,
    /// The response URI.
    pub response: Cow<'a, str>,
    /// The body.
    pub body: Body<'a>,
}

impl<'a> Message<'a> {
    /// A message with an already encoded body.
    pub fn new(
        target: impl Into<Cow<'a, str>>,
        response: impl Into<Cow<'a, str>>,
        body: Body<'a>,
    ) -> Self {
        Message {
            target: target.into(),
            response: response.into(),
            body,
        }
    }

    /// Decodes the body as the argument list of a call into `T` (a tuple, a
    /// struct read by position as serde does for sequences, a
    /// `Vec<Value>`, …). Flex requests are read the same way: their body is
    /// a one-element array holding the Flex message.
    ///
    /// # Errors
    /// If the body is not an array (a malformed request), or as
    /// [`Body::decode`].
    pub fn arguments<'b, T: Deserialize<'b>>(&'b self) -> Result<T> {
        self.arguments_with(&Options::new())
    }

    /// [`Message::arguments`] with `opts`.
    ///
    /// # Errors
    /// As [`Message::arguments`].
    pub fn arguments_with<'b, T: Deserialize<'b>>(&'b self, opts: &Options) -> Result<T> {
        if !self.body.is_array() {
            let found = self.body.bytes.first().copied().unwrap_or(0);
            return Err(self.body.place(packet_error(
                format!(
                    "the body of a request must be an array of arguments, found marker 0x{found:02x}"
                ),
                0,
            )));
        }
        self.body.decode_with(opts)
    }

    /// A message that owns its data.
    pub fn into_owned(self) -> Message<'static> {
        Message {
            target: Cow::Owned(self.target.into_owned()),
            response: Cow::Owned(self.response.into_owned()),
            body: self.body.into_owned(),
        }
    }
}

/// An AMF remoting packet: version, headers and messages.
///
/// [`Packet::from_slice`] reads one and borrows from the input;
/// [`Packet::to_vec`] writes one, with the real byte length of each value
/// in the length fields. On reading, the length fields are ignored (writers
/// put the real length, `-1`, `0` or `1` there): each value is parsed to
/// find its end.
///
/// ```
/// use amf_serde::remoting::{Body, Header, Message, Packet, Version};
///
/// let mut p = Packet::new(Version::Amf3);
/// p.headers.push(Header::amf0("Credentials", false, &amf_serde::amf_value!({"userid": "u", "password": "p"}))?);
/// p.messages.push(Message::new("svc.get", "/1", Body::amf0(&[7])?));
/// let bytes = p.to_vec()?;
/// let back = Packet::from_slice(&bytes)?;
/// assert_eq!(back, p);
/// assert_eq!(back.messages[0].arguments::<(i32,)>()?, (7,));
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Packet<'a> {
    /// The version field.
    pub version: Version,
    /// The headers, in order.
    pub headers: Vec<Header<'a>>,
    /// The messages, in order.
    pub messages: Vec<Message<'a>>,
}

/// Smallest encoded header: name length, flag, length, one marker.
const MIN_HEADER: usize = 2 + 1 + 4 + 1;
/// Smallest encoded message: two URI lengths, length, one marker.
const MIN_MESSAGE: usize = 2 + 2 + 4 + 1;

impl<'a> Packet<'a> {
    /// An empty packet.
    pub fn new(version: Version) -> Self {
        Packet {
            version,
            headers: Vec::new(),
            messages: Vec::new(),
        }
    }

    /// Reads a packet with the default [`Options`]. Names, URIs and values
    /// borrow from `bytes`.
    ///
    /// # Errors
    /// Truncated input, an unsupported version, invalid UTF-8 in a name or
    /// URI, a value that is not valid AMF or breaks a limit, trailing
    /// bytes. The error has the byte offset and, inside a header or
    /// message, [`Error::packet_part`].
    pub fn from_slice(bytes: &'a [u8]) -> Result<Self> {
        Packet::from_slice_with(bytes, &Options::new())
    }

    /// Reads a packet with `opts`. Every limit applies to each value, and
    /// to the packet as a whole: the values decoded in all headers and
    /// messages together may not exceed [`Options::max_work`] of the
    /// packet's length, the header and message counts are collection
    /// lengths ([`Options::with_max_collection_len`]) and names and URIs
    /// strings ([`Options::with_max_string_len`]).
    ///
    /// # Errors
    /// As [`Packet::from_slice`].
    pub fn from_slice_with(bytes: &'a [u8], opts: &Options) -> Result<Self> {
        let mut r = PacketReader {
            de: amf0::Deserializer::with_options(SliceRead::new(bytes), opts),
            bytes,
            work: 0,
            work_limit: opts.max_work(bytes.len() as u64),
        };
        let at = r.pos();
        let raw = r.u16()?;
        let version = Version::from_u16(raw).ok_or_else(|| bad_version(raw, Some(at)))?;

        let count = r.count(opts, "header count")?;
        let mut headers = Vec::with_capacity(count.min(r.remaining() / MIN_HEADER));
        for i in 0..count {
            let part = PacketPart::Header(i);
            headers.push(r.header(part).map_err(|e| e.in_part(part))?);
        }

        let count = r.count(opts, "message count")?;
        let mut messages = Vec::with_capacity(count.min(r.remaining() / MIN_MESSAGE));
        for i in 0..count {
            let part = PacketPart::Message(i);
            messages.push(r.message(part).map_err(|e| e.in_part(part))?);
        }
        r.de.end()?;
        Ok(Packet {
            version,
            headers,
            messages,
        })
    }

    /// The first header called `name`.
    pub fn header(&self, name: &str) -> Option<&Header<'a>> {
        self.headers.iter().find(|h| h.name == name)
    }

    /// Writes the packet.
    ///
    /// # Errors
    /// More than 65535 headers or messages, a name or URI longer than 65535
    /// bytes, a value longer than 4 GiB.
    pub fn to_vec(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.write_into(&mut out)?;
        Ok(out)
    }

    /// Writes the packet to `writer`.
    ///
    /// # Errors
    /// As [`Packet::to_vec`], or when the writer fails.
    pub fn to_writer<W: std::io::Write>(&self, mut writer: W) -> Result<()> {
        let bytes = self.to_vec()?;
        writer.write_all(&bytes).map_err(|e| Error::io(e, None))
    }

    /// Appends the packet to `out`.
    ///
    /// # Errors
    /// As [`Packet::to_vec`].
    pub fn write_into(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&self.version.as_u16().to_be_bytes());
        write_count(out, self.headers.len(), "header count")?;
        for h in &self.headers {
            write_utf(out, &h.name, "header name")?;
            out.push(u8::from(h.must_understand));
            write_value(out, &h.value)?;
        }
        write_count(out, self.messages.len(), "message count")?;
        for m in &self.messages {
            write_utf(out, &m.target, "target URI")?;
            write_utf(out, &m.response, "response URI")?;
            write_value(out, &m.body)?;
        }
        Ok(())
    }

    fn encoded_len(&self) -> usize {
        let h: usize = self
            .headers
            .iter()
            .map(|h| 2 + h.name.len() + 1 + 4 + h.value.bytes.len())
            .sum();
        let m: usize = self
            .messages
            .iter()
            .map(|m| 2 + m.target.len() + 2 + m.response.len() + 4 + m.body.bytes.len())
            .sum();
        6 + h + m
    }

    /// A packet that owns its data.
    pub fn into_owned(self) -> Packet<'static> {
        Packet {
            version: self.version,
            headers: self.headers.into_iter().map(Header::into_owned).collect(),
            messages: self.messages.into_iter().map(Message::into_owned).collect(),
        }
    }
}

fn write_count(out: &mut Vec<u8>, n: usize, what: &'static str) -> Result<()> {
    let n = u16::try_from(n).map_err(|_| Error::too_long(what, n, u16::MAX.into()))?;
    out.extend_from_slice(&n.to_be_bytes());
    Ok(())
}

fn write_utf(out: &mut Vec<u8>, s: &str, what: &'static str) -> Result<()> {
    let n = u16::try_from(s.len()).map_err(|_| Error::too_long(what, s.len(), u16::MAX.into()))?;
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

fn write_value(out: &mut Vec<u8>, body: &Body<'_>) -> Result<()> {
    let n = u32::try_from(body.bytes.len()).map_err(|_| {
        Error::too_long("header or message value", body.bytes.len(), u32::MAX.into())
    })?;
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&body.bytes);
    Ok(())
}

/// Reads the framing with the decoder's reader, skipping each value with
/// the decoder (which resets the tables at every top-level value).
struct PacketReader<'a> {
    de: amf0::Deserializer<'a, SliceRead<'a>>,
    bytes: &'a [u8],
    /// Values decoded so far in the whole packet.
    work: u64,
    work_limit: u64,
}

impl<'a> PacketReader<'a> {
    fn pos(&self) -> usize {
        self.de.inner.read.pos()
    }

    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos())
    }

    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.de.inner.read.read_array()?))
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.de.inner.read.read_array()?))
    }

    /// A header or message count, checked against the collection limit.
    fn count(&mut self, opts: &Options, what: &'static str) -> Result<usize> {
        let at = self.pos();
        let n = self.u16()?;
        opts.check_collection_len(what, n.into(), at)?;
        Ok(n.into())
    }

    /// A `UTF-8` field: `U16` length and the bytes, borrowed.
    fn utf(&mut self) -> Result<Cow<'a, str>> {
        let len = usize::from(self.u16()?);
        let start = self.pos();
        self.de.inner.check_bytes(len)?;
        let bytes = match self.de.inner.read.read_bytes(len)? {
            Reference::Borrowed(b) => b,
            // A slice reader always borrows; this arm only satisfies the type.
            Reference::Copied(_) => return Err(Error::at(ErrorCode::InvalidUtf8, start)),
        };
        std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|_| Error::at(ErrorCode::InvalidUtf8, start))
    }

    /// The length field (ignored) and the value that follows.
    fn value(&mut self, part: PacketPart) -> Result<Body<'a>> {
        let _length = self.u32()?;
        let start = self.pos();
        IgnoredAny::deserialize(&mut self.de)?;
        self.work += self.de.inner.work;
        if self.work > self.work_limit {
            return Err(Error::at(
                ErrorCode::WorkLimitExceeded {
                    limit: self.work_limit,
                },
                start,
            ));
        }
        let end = self.pos();
        Ok(Body {
            bytes: Cow::Borrowed(self.bytes.get(start..end).unwrap_or_default()),
            offset: start,
            part: Some(part),
        })
    }

    fn header(&mut self, part: PacketPart) -> Result<Header<'a>> {
        let name = self.utf()?;
        let must_understand = self.de.inner.read.next()? != 0;
        let value = self.value(part)?;
        Ok(Header {
            name,
            must_understand,
            value,
        })
    }

    fn message(&mut self, part: PacketPart) -> Result<Message<'a>> {
        let target = self.utf()?;
        let response = self.utf()?;
        let body = self.value(part)?;
        Ok(Message {
            target,
            response,
            body,
        })
    }
}
