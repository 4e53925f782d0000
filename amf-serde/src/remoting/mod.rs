//! The AMF remoting packet (the "envelope"): the framing
//! Flash `NetConnection.call` and Flex `RemoteObject` POST to a gateway, its
//! [`Packet`], [`Header`], [`Message`] and [`Body`] types, and the
//! NetConnection conventions (`"/N"` response URIs, `onResult`/`onStatus`
//! replies, the predefined headers). The Flex message classes carried in
//! the bodies are in [`crate::flex`].
//!
//! A packet is decoded from a slice without copying: names and URIs borrow
//! from it, and every header value and message body is kept as the bytes of
//! one AMF0 value ([`Body`]), decoded on demand into any
//! `T: Deserialize` — the request's arguments into a tuple, a struct, a
//! `Vec<Value>`. Each value has its own reference tables (the envelope
//! resets them for every header and message), so a body can be decoded on
//! its own, any number of times, and written back unchanged.
//!
//! ```
//! use amf_serde::remoting::{Body, Message, Packet, Version};
//!
//! // NetConnection.call("echo.hello", responder, "hi", 2) as Flash Player sends it
//! let request = [
//!     0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
//!     0x00, 0x0a, b'e', b'c', b'h', b'o', b'.', b'h', b'e', b'l', b'l', b'o',
//!     0x00, 0x02, b'/', b'1',
//!     0x00, 0x00, 0x00, 0x13,
//!     0x0a, 0x00, 0x00, 0x00, 0x02,
//!     0x02, 0x00, 0x02, b'h', b'i',
//!     0x00, 0x40, 0x00, 0, 0, 0, 0, 0, 0,
//! ];
//! let packet = Packet::from_slice(&request)?;
//! let call = &packet.messages[0];
//! assert_eq!(call.target, "echo.hello");
//! let (greeting, n): (&str, i32) = call.arguments()?;
//! assert_eq!((greeting, n), ("hi", 2));
//!
//! // The answer: "/1/onResult" with the result value.
//! let mut reply = Packet::new(Version::Amf0);
//! reply.messages.push(call.result(&format!("{greeting} x{n}"))?);
//! let bytes = reply.to_vec()?;
//! assert_eq!(&bytes[6..19], b"\x00\x0b/1/onResult");
//! assert_eq!(Packet::from_slice(&bytes)?, reply);
//! # Ok::<(), amf_serde::Error>(())
//! ```

mod conventions;
mod packet;

pub use conventions::{
    response_uri, Credentials, PersistentHeader, ReplyKind, Status, APPEND_TO_GATEWAY_URL,
    CREDENTIALS, DESCRIBE_SERVICE, REPLACE_GATEWAY_URL, REQUEST_PERSISTENT_HEADER, SERVER_DEBUG,
};
pub use packet::{Body, Header, Message, Packet, PacketPart, Version};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) use crate::tokens::AMF3_TOKEN;

/// A value written in AMF3 behind AMF0's `0x11` switch.
///
/// Flash Player writes the object and array arguments of a version-3
/// NetConnection call this way, and Flex wraps every message in it. All
/// `Amf3` values inside one AMF0 value share the AMF3 reference tables.
/// Other encoders (AMF3, [`Value`](crate::Value)) see the inner value as
/// it is; decoding is transparent too (AMF0 decoders follow the switch for
/// any type), so `Amf3<T>` reads whatever `T` reads.
///
/// ```
/// use amf_serde::remoting::Amf3;
///
/// // ["hi", [1]]: the string in AMF0, the list in AMF3
/// let bytes = amf_serde::amf0::to_vec(&("hi", Amf3(vec![1])))?;
/// assert_eq!(bytes, [
///     0x0a, 0, 0, 0, 2,
///     0x02, 0x00, 0x02, b'h', b'i',
///     0x11, 0x09, 0x03, 0x01, 0x04, 0x01,
/// ]);
/// let (s, Amf3(v)): (String, Amf3<Vec<i32>>) = amf_serde::amf0::from_slice(&bytes)?;
/// assert_eq!((s.as_str(), v), ("hi", vec![1]));
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amf3<T>(pub T);

impl<T: Serialize> Serialize for Amf3<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(AMF3_TOKEN, &self.0)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Amf3<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Amf3)
    }
}
