//! Owns the small (externalizable) message forms `DSK`, `DSA` and `DSC`
//!: flag bytes with continuation, one AMF3 value per set
//! bit, UIDs as 16 bytes; their conversion to and from the full classes;
//! and the body readers the decoders use to skip or keep them in a
//! [`Value`].

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use super::collections::Headers;
use super::messages::{AcknowledgeMessage, AsyncMessage, CommandMessage};
use super::uid::{uid_from_bytes, uid_to_bytes};
use crate::error::{Error, ErrorCode, Result};
use crate::external::{DataInput, DataOutput, Externalizable};
use crate::types::ByteArray;
use crate::value::Value;

/// Class alias of [`AcknowledgeMessageExt`].
pub const DSK: &str = "DSK";
/// Class alias of [`AsyncMessageExt`].
pub const DSA: &str = "DSA";
/// Class alias of [`CommandMessageExt`].
pub const DSC: &str = "DSC";

// The flag bits of each flag byte, one constant per bit as BlazeDS's `AbstractMessage`,
// `AsyncMessage` and `CommandMessage` define them: same shape, different bytes.
// AbstractMessage, first flag byte.
const BODY: u8 = 0x01;
const CLIENT_ID: u8 = 0x02;
const DESTINATION: u8 = 0x04;
const HEADERS: u8 = 0x08;
const MESSAGE_ID: u8 = 0x10;
const TIMESTAMP: u8 = 0x20;
const TIME_TO_LIVE: u8 = 0x40;
// AbstractMessage, second flag byte.
const CLIENT_ID_BYTES: u8 = 0x01;
const MESSAGE_ID_BYTES: u8 = 0x02;
// AsyncMessage.
const CORRELATION_ID: u8 = 0x01;
const CORRELATION_ID_BYTES: u8 = 0x02;
// CommandMessage.
const OPERATION: u8 = 0x01;
const MORE: u8 = 0x80;

#[cold]
fn bad(msg: String) -> Error {
    Error::code(ErrorCode::Message(msg.into()))
}

/// The members every small form carries, with the body still a [`Value`].
#[derive(Default)]
struct Parts {
    body: Value,
    client_id: Option<String>,
    correlation_id: String,
    destination: Option<String>,
    headers: Headers,
    message_id: String,
    timestamp: i64,
    time_to_live: i64,
    operation: u32,
}

/// Which class levels follow the AbstractMessage group.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Async,
    Acknowledge,
    Command,
}

/// Reads one flag group: bytes while bit 7 is set.
fn read_flags(input: &mut dyn DataInput) -> Result<Vec<u8>> {
    let mut flags = Vec::with_capacity(2);
    loop {
        let b = input.read_unsigned_byte()?;
        flags.push(b);
        if b & MORE == 0 {
            return Ok(flags);
        }
    }
}

/// Reads and drops the values of unknown bits `from..6` of `flags`, as
/// the reference reader does (forward compatibility).
fn skip_reserved(input: &mut dyn DataInput, flags: u8, from: u32) -> Result<()> {
    if (flags & !MORE) >> from == 0 {
        return Ok(());
    }
    for bit in from..6 {
        if (flags >> bit) & 1 != 0 {
            input.read_object()?;
        }
    }
    Ok(())
}

fn string(v: Value, what: &str) -> Result<Option<String>> {
    match v.inner() {
        Value::Null | Value::Undefined => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(bad(format!("{what}: expected a string, found {other}"))),
    }
}

fn uid_bytes(v: Value, what: &str) -> Result<Option<String>> {
    match v.inner() {
        Value::Null | Value::Undefined => Ok(None),
        Value::ByteArray(b) => match <&[u8; 16]>::try_from(b.0.as_slice()) {
            Ok(bytes) => Ok(Some(uid_from_bytes(bytes))),
            Err(_) => Err(bad(format!(
                "{what}: expected a 16-byte UID, found {} bytes",
                b.0.len()
            ))),
        },
        other => Err(bad(format!("{what}: expected a ByteArray, found {other}"))),
    }
}

fn millis(v: Value, what: &str) -> Result<i64> {
    match v.inner() {
        Value::Null | Value::Undefined => Ok(0),
        other => match other.as_f64() {
            Some(f) if f.is_finite() && f.abs() < 9.2e18 => Ok(f as i64),
            _ => Err(bad(format!("{what}: expected a number, found {other}"))),
        },
    }
}

fn read_parts(input: &mut dyn DataInput, kind: Kind) -> Result<Parts> {
    let mut p = Parts::default();
    // AbstractMessage
    let flags = read_flags(input)?;
    for (i, &f) in flags.iter().enumerate() {
        let reserved = match i {
            0 => {
                if f & BODY != 0 {
                    p.body = input.read_object()?;
                }
                if f & CLIENT_ID != 0 {
                    p.client_id = string(input.read_object()?, "clientId")?;
                }
                if f & DESTINATION != 0 {
                    p.destination = string(input.read_object()?, "destination")?;
                }
                if f & HEADERS != 0 {
                    p.headers = crate::from_value(input.read_object()?)?;
                }
                if f & MESSAGE_ID != 0 {
                    p.message_id = string(input.read_object()?, "messageId")?.unwrap_or_default();
                }
                if f & TIMESTAMP != 0 {
                    p.timestamp = millis(input.read_object()?, "timestamp")?;
                }
                if f & TIME_TO_LIVE != 0 {
                    p.time_to_live = millis(input.read_object()?, "timeToLive")?;
                }
                7
            }
            1 => {
                if f & CLIENT_ID_BYTES != 0 {
                    p.client_id = uid_bytes(input.read_object()?, "clientId")?;
                }
                if f & MESSAGE_ID_BYTES != 0 {
                    p.message_id =
                        uid_bytes(input.read_object()?, "messageId")?.unwrap_or_default();
                }
                2
            }
            _ => 0,
        };
        skip_reserved(input, f, reserved)?;
    }
    // AsyncMessage
    let flags = read_flags(input)?;
    for (i, &f) in flags.iter().enumerate() {
        let reserved = if i == 0 {
            if f & CORRELATION_ID != 0 {
                p.correlation_id =
                    string(input.read_object()?, "correlationId")?.unwrap_or_default();
            }
            if f & CORRELATION_ID_BYTES != 0 {
                p.correlation_id =
                    uid_bytes(input.read_object()?, "correlationId")?.unwrap_or_default();
            }
            2
        } else {
            0
        };
        skip_reserved(input, f, reserved)?;
    }
    match kind {
        Kind::Async => {}
        Kind::Acknowledge => {
            for f in read_flags(input)? {
                skip_reserved(input, f, 0)?;
            }
        }
        Kind::Command => {
            let flags = read_flags(input)?;
            for (i, &f) in flags.iter().enumerate() {
                let reserved = if i == 0 {
                    if f & OPERATION != 0 {
                        let v = input.read_object()?;
                        p.operation = match v.as_i64().map(u32::try_from) {
                            Some(Ok(op)) => op,
                            _ => {
                                return Err(bad(format!(
                                    "operation: expected an unsigned integer, found {v}"
                                )))
                            }
                        };
                    }
                    1
                } else {
                    0
                };
                skip_reserved(input, f, reserved)?;
            }
        }
    }
    Ok(p)
}

/// A string id: 16 bytes when it is a UID, else the string.
enum Id<'a> {
    None,
    Text(&'a str),
    Bytes([u8; 16]),
}

/// `None` is not written; a UID is written as 16 bytes, anything else
/// (also `""`) as a string.
fn id(s: Option<&str>) -> Id<'_> {
    match s {
        None => Id::None,
        Some(s) => match uid_to_bytes(s) {
            Some(b) => Id::Bytes(b),
            None => Id::Text(s),
        },
    }
}

fn bytes_value(b: [u8; 16]) -> Value {
    Value::from(ByteArray(b.to_vec()))
}

fn write_parts(out: &mut dyn DataOutput, p: Parts, kind: Kind) -> Result<()> {
    let client = id(p.client_id.as_deref());
    // `message_id` and `correlation_id` read `null` as "": "" is not sent.
    let message = id(Some(p.message_id.as_str()).filter(|s| !s.is_empty()));
    let mut f1 = 0;
    let mut f2 = 0;
    // `null` is "not set"; `undefined` is a value like any other.
    let has_body = !matches!(p.body, Value::Null);
    if has_body {
        f1 |= BODY;
    }
    if matches!(client, Id::Text(_)) {
        f1 |= CLIENT_ID;
    }
    if p.destination.is_some() {
        f1 |= DESTINATION;
    }
    if !p.headers.is_empty() {
        f1 |= HEADERS;
    }
    if matches!(message, Id::Text(_)) {
        f1 |= MESSAGE_ID;
    }
    if p.timestamp != 0 {
        f1 |= TIMESTAMP;
    }
    if p.time_to_live != 0 {
        f1 |= TIME_TO_LIVE;
    }
    if matches!(client, Id::Bytes(_)) {
        f2 |= CLIENT_ID_BYTES;
    }
    if matches!(message, Id::Bytes(_)) {
        f2 |= MESSAGE_ID_BYTES;
    }
    if f2 != 0 {
        out.write_unsigned_byte(f1 | MORE)?;
        out.write_unsigned_byte(f2)?;
    } else {
        out.write_unsigned_byte(f1)?;
    }
    if has_body {
        out.write_value(p.body)?;
    }
    if let Id::Text(s) = client {
        out.write_value(Value::from(s))?;
    }
    if let Some(d) = &p.destination {
        out.write_value(Value::from(d.as_str()))?;
    }
    if !p.headers.is_empty() {
        out.write_value(crate::to_value(&p.headers)?)?;
    }
    if let Id::Text(s) = message {
        out.write_value(Value::from(s))?;
    }
    if p.timestamp != 0 {
        // BlazeDS writes a Java long: an AMF3 double.
        out.write_value(Value::Double(p.timestamp as f64))?;
    }
    if p.time_to_live != 0 {
        out.write_value(Value::Double(p.time_to_live as f64))?;
    }
    if let Id::Bytes(b) = client {
        out.write_value(bytes_value(b))?;
    }
    if let Id::Bytes(b) = message {
        out.write_value(bytes_value(b))?;
    }
    // AsyncMessage
    match id(Some(p.correlation_id.as_str()).filter(|s| !s.is_empty())) {
        Id::None => out.write_unsigned_byte(0)?,
        Id::Text(s) => {
            out.write_unsigned_byte(CORRELATION_ID)?;
            out.write_value(Value::from(s))?;
        }
        Id::Bytes(b) => {
            out.write_unsigned_byte(CORRELATION_ID_BYTES)?;
            out.write_value(bytes_value(b))?;
        }
    }
    match kind {
        Kind::Async => {}
        Kind::Acknowledge => out.write_unsigned_byte(0)?,
        Kind::Command => {
            if p.operation != 0 {
                out.write_unsigned_byte(OPERATION)?;
                out.write_value(Value::from(p.operation))?;
            } else {
                out.write_unsigned_byte(0)?;
            }
        }
    }
    Ok(())
}

/// The body reader for `Value` decoding and skipping (registered for
/// `DSK`, `DSA`, `DSC` out of the box).
pub(crate) fn read_dsk(input: &mut dyn DataInput) -> Result<()> {
    read_parts(input, Kind::Acknowledge).map(drop)
}

/// See [`read_dsk`].
pub(crate) fn read_dsa(input: &mut dyn DataInput) -> Result<()> {
    read_parts(input, Kind::Async).map(drop)
}

/// See [`read_dsk`].
pub(crate) fn read_dsc(input: &mut dyn DataInput) -> Result<()> {
    read_parts(input, Kind::Command).map(drop)
}

/// The built-in reader of a small-message class (a plain function, which
/// the decoders' registry wraps as it stores readers).
pub(crate) fn reader(alias: &str) -> Option<fn(&mut dyn DataInput) -> Result<()>> {
    match alias {
        DSK => Some(read_dsk),
        DSA => Some(read_dsa),
        DSC => Some(read_dsc),
        _ => None,
    }
}

/// A small form `$name` of the full class `$full`: the struct, its
/// `Externalizable` impl (the members every full class shares, plus the
/// class's own `$extra` members, go through [`Parts`]), serde through the
/// externalizable glue, and the conversions to and from `$full`.
macro_rules! small {
    ($(#[$doc:meta])* $name:ident($full:ident { $($extra:ident),* }), $alias:expr, $kind:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name<B = Value>(pub $full<B>);

        impl<B: Serialize + DeserializeOwned> Externalizable for $name<B> {
            fn write_external(&self, output: &mut dyn DataOutput) -> Result<()> {
                let m = &self.0;
                // `operation` stays 0 for the classes without one.
                #[allow(clippy::needless_update)]
                let parts = Parts {
                    body: body_value(&m.body)?,
                    client_id: m.client_id.clone(),
                    correlation_id: m.correlation_id.clone(),
                    destination: m.destination.clone(),
                    headers: m.headers.clone(),
                    message_id: m.message_id.clone(),
                    timestamp: m.timestamp,
                    time_to_live: m.time_to_live,
                    $($extra: m.$extra,)*
                    ..Parts::default()
                };
                write_parts(output, parts, $kind)
            }

            fn read_external(input: &mut dyn DataInput) -> Result<Self> {
                let mut p = read_parts(input, $kind)?;
                // A missing body reads as `null` does.
                let body = crate::from_value(std::mem::take(&mut p.body))
                    .map_err(|e| bad(format!("body: {e}")))?;
                Ok($name($full {
                    body,
                    client_id: p.client_id,
                    correlation_id: p.correlation_id,
                    destination: p.destination,
                    headers: p.headers,
                    message_id: p.message_id,
                    timestamp: p.timestamp,
                    time_to_live: p.time_to_live,
                    $($extra: p.$extra,)*
                }))
            }
        }

        impl<B: Serialize + DeserializeOwned> Serialize for $name<B> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                crate::__private::serialize_external(self, $alias, serializer)
            }
        }

        impl<'de, B: Serialize + DeserializeOwned> Deserialize<'de> for $name<B> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::__private::deserialize_external::<Self, D>($alias, deserializer)
            }
        }

        impl<B> From<$full<B>> for $name<B> {
            fn from(m: $full<B>) -> Self {
                $name(m)
            }
        }

        impl<B> From<$name<B>> for $full<B> {
            fn from(m: $name<B>) -> Self {
                m.0
            }
        }
    };
}

fn body_value<B: Serialize>(body: &B) -> Result<Value> {
    crate::to_value(body)
}

small! {
    /// `DSK`, the small form of [`AcknowledgeMessage`] that BlazeDS sends
    /// to clients announcing messaging version 1. Converts
    /// to and from the full class with `From`/`.0`.
    ///
    /// ```
    /// use amf_serde::flex::{AcknowledgeMessage, AcknowledgeMessageExt};
    ///
    /// // ids that are not UIDs
    /// let bytes = [
    ///     0x0a, 0x07, 0x07, b'D', b'S', b'K', 0x10, 0x06, 0x0b, b'm', b's', b'g', b'-', b'1',
    ///     0x01, 0x06, 0x0d, b'c', b'o', b'r', b'r', b'-', b'1', 0x00,
    /// ];
    /// let small: AcknowledgeMessageExt = amf_serde::from_slice(&bytes)?;
    /// let ack: AcknowledgeMessage = small.into();
    /// assert_eq!((ack.message_id.as_str(), ack.correlation_id.as_str()), ("msg-1", "corr-1"));
    /// assert_eq!(amf_serde::to_vec(&AcknowledgeMessageExt(ack))?, bytes);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    AcknowledgeMessageExt(AcknowledgeMessage {}), DSK, Kind::Acknowledge
}

small! {
    /// `DSA`, the small form of [`AsyncMessage`].
    AsyncMessageExt(AsyncMessage {}), DSA, Kind::Async
}

small! {
    /// `DSC`, the small form of [`CommandMessage`] (BlazeDS sends it for
    /// polls).
    CommandMessageExt(CommandMessage { operation }), DSC, Kind::Command
}
