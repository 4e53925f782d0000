//! The remoting packet framing the gateway and the client need
//! (`envelope.md`): version, headers, messages, each value read with fresh
//! reference tables and its length field ignored, each written with its real
//! length.

use crate::error::{Error, ErrorCode, Result};
use crate::read::SliceRead;
use crate::{Options, Value};

/// One packet header.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Header {
    pub name: String,
    pub must_understand: bool,
    pub value: Value,
}

/// One packet message.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Message {
    pub target: String,
    pub response: String,
    pub body: Value,
}

/// A decoded packet.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Packet {
    pub version: u16,
    pub headers: Vec<Header>,
    pub messages: Vec<Message>,
}

/// How far reading a packet got before an error: the messages read so far
/// and the URIs of the message whose value failed, so that the caller can
/// still answer it.
#[derive(Debug)]
pub(crate) struct PartialPacket {
    pub packet: Packet,
    /// `(target, response)` of the message being read when the error
    /// happened, if its URIs were read.
    pub failed: Option<(String, String)>,
    /// Where: `"header 0"`, `"message 2"`, `"packet"`.
    pub place: String,
    pub error: Error,
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| Error::eof(self.bytes.len()))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn utf8(&mut self, what: &str) -> Result<String> {
        let len = self.u16()? as usize;
        let at = self.pos;
        let b = self.take(len)?;
        std::str::from_utf8(b).map(str::to_owned).map_err(|_| {
            Error::at(
                ErrorCode::Message(format!("invalid UTF-8 in {what}").into()),
                at,
            )
        })
    }

    fn value(&mut self, opts: &Options) -> Result<Value> {
        use serde::Deserialize;
        let start = self.pos;
        let mut de = crate::amf0::Deserializer::with_options(
            SliceRead::new(&self.bytes[start..]),
            opts.clone(),
        );
        let v = Value::deserialize(&mut de).map_err(|e| e.shifted(start))?;
        self.pos = start + de.byte_offset();
        Ok(v)
    }
}

/// Reads a packet. `max_messages` bounds the header and message counts.
pub(crate) fn read_packet(
    bytes: &[u8],
    opts: &Options,
    max_messages: usize,
) -> std::result::Result<Packet, Box<PartialPacket>> {
    let mut packet = Packet::default();
    let mut failed = None;
    let mut place = String::from("packet");
    match read_into(
        bytes,
        opts,
        max_messages,
        &mut packet,
        &mut failed,
        &mut place,
    ) {
        Ok(()) => Ok(packet),
        Err(error) => Err(Box::new(PartialPacket {
            packet,
            failed,
            place,
            error,
        })),
    }
}

fn read_into(
    bytes: &[u8],
    opts: &Options,
    max_messages: usize,
    packet: &mut Packet,
    failed: &mut Option<(String, String)>,
    place: &mut String,
) -> Result<()> {
    let mut c = Cursor { bytes, pos: 0 };
    packet.version = c.u16()?;
    if !matches!(packet.version, 0 | 1 | 3) {
        return Err(Error::at(
            ErrorCode::Message(
                format!("unsupported packet version {} (0, 1 or 3)", packet.version).into(),
            ),
            0,
        ));
    }
    let nh = c.u16()? as usize;
    if nh > max_messages {
        return Err(too_many("headers", nh, max_messages, 2));
    }
    for i in 0..nh {
        *place = format!("header {i}");
        let name = c.utf8("a header name")?;
        let must_understand = c.u8()? != 0;
        c.u32()?;
        let value = c.value(opts)?;
        packet.headers.push(Header {
            name,
            must_understand,
            value,
        });
    }
    *place = String::from("packet");
    let at = c.pos;
    let nm = c.u16()? as usize;
    if nm > max_messages {
        return Err(too_many("messages", nm, max_messages, at));
    }
    for i in 0..nm {
        *place = format!("message {i}");
        let target = c.utf8("a target URI")?;
        let response = c.utf8("a response URI")?;
        *failed = Some((target, response));
        c.u32()?;
        let body = c.value(opts)?;
        if let Some((target, response)) = failed.take() {
            packet.messages.push(Message {
                target,
                response,
                body,
            });
        }
    }
    *place = String::from("packet");
    if c.pos != bytes.len() {
        return Err(Error::at(
            ErrorCode::TrailingBytes {
                count: Some((bytes.len() - c.pos) as u64),
            },
            c.pos,
        ));
    }
    Ok(())
}

fn too_many(what: &str, n: usize, max: usize, at: usize) -> Error {
    Error::at(
        ErrorCode::Message(
            format!("{n} {what} exceed the limit of {max} (Gateway::with_max_messages)").into(),
        ),
        at,
    )
}

fn put_utf8(out: &mut Vec<u8>, s: &str) -> Result<()> {
    let len = u16::try_from(s.len()).map_err(|_| {
        Error::code(ErrorCode::TooLong {
            what: "a packet URI or header name",
            len: s.len() as u64,
            max: u16::MAX as u64,
        })
    })?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

/// A header whose value is already encoded (AMF0).
pub(crate) struct EncodedHeader {
    pub name: String,
    pub must_understand: bool,
    pub value: Vec<u8>,
}

/// A message whose value is already encoded (AMF0).
pub(crate) struct EncodedMessage {
    pub target: String,
    pub response: String,
    pub body: Vec<u8>,
}

fn put_len_value(out: &mut Vec<u8>, value: &[u8]) -> Result<()> {
    let len = u32::try_from(value.len()).map_err(|_| {
        Error::code(ErrorCode::TooLong {
            what: "a packet value",
            len: value.len() as u64,
            max: u32::MAX as u64,
        })
    })?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(value);
    Ok(())
}

fn count(n: usize, what: &'static str) -> Result<[u8; 2]> {
    u16::try_from(n).map(u16::to_be_bytes).map_err(|_| {
        Error::code(ErrorCode::TooLong {
            what,
            len: n as u64,
            max: u16::MAX as u64,
        })
    })
}

/// Writes a packet with real length fields.
pub(crate) fn write_encoded(
    version: u16,
    headers: &[EncodedHeader],
    messages: &[EncodedMessage],
) -> Result<Vec<u8>> {
    let size = 6
        + headers
            .iter()
            .map(|h| 7 + h.name.len() + h.value.len())
            .sum::<usize>()
        + messages
            .iter()
            .map(|m| 8 + m.target.len() + m.response.len() + m.body.len())
            .sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(&count(headers.len(), "the header count")?);
    for h in headers {
        put_utf8(&mut out, &h.name)?;
        out.push(u8::from(h.must_understand));
        put_len_value(&mut out, &h.value)?;
    }
    out.extend_from_slice(&count(messages.len(), "the message count")?);
    for m in messages {
        put_utf8(&mut out, &m.target)?;
        put_utf8(&mut out, &m.response)?;
        put_len_value(&mut out, &m.body)?;
    }
    Ok(out)
}
