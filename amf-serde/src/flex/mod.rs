//! The Flex / BlazeDS classes carried in remoting packets:
//! the message classes ([`RemotingMessage`], [`CommandMessage`],
//! [`AcknowledgeMessage`], [`ErrorMessage`], [`AsyncMessage`]) as ordinary
//! serde types with their class aliases, their small forms (`DSK`, `DSA`,
//! `DSC`), the [`ArrayCollection`] and [`ObjectProxy`] wrappers, message
//! [`Headers`], and UIDs. The packet framing is in [`crate::remoting`].
//!
//! A Flex request is a version-3 packet whose messages target `"null"` and
//! carry a one-element array: `0x11` and the message in AMF3.
//! [`request_message`] reads it (the arguments stay typed and borrow from
//! the packet); [`reply`] builds the `"/N/onResult"` or `"/N/onStatus"`
//! answer:
//!
//! ```
//! use amf_serde::flex::{self, ArrayCollection, RemotingMessage};
//! use amf_serde::remoting::{Packet, Version};
//!
//! // a client calls "add" with two numbers
//! let call = RemotingMessage::new("calc", "add", (2, 3));
//! let mut request = Packet::new(Version::Amf3);
//! request.messages.push(flex::request(&call, 1)?);
//! let bytes = request.to_vec()?;
//!
//! // the server reads it with typed arguments
//! let packet = Packet::from_slice(&bytes)?;
//! let m = &packet.messages[0];
//! let call: RemotingMessage<(i32, i32)> = flex::request_message(m)?;
//! let (a, b) = call.body;
//! let ack = call.acknowledge(ArrayCollection(vec![a + b]));
//! let mut response = Packet::new(Version::Amf3);
//! response.messages.push(flex::reply(m, &ack)?);
//! let bytes = response.to_vec()?;
//!
//! // and the client reads the acknowledgement
//! let packet = Packet::from_slice(&bytes)?;
//! assert_eq!(packet.messages[0].target, "/1/onResult");
//! let ack: flex::AcknowledgeMessage<ArrayCollection<i32>> = packet.messages[0].body.decode()?;
//! assert_eq!(ack.body.0, [5]);
//! # Ok::<(), amf_serde::Error>(())
//! ```

mod collections;
mod messages;
mod small;
mod uid;

pub use collections::{ArrayCollection, Headers, ObjectProxy, ARRAY_COLLECTION, OBJECT_PROXY};
pub use messages::{
    operation, AcknowledgeMessage, AsyncMessage, CommandMessage, ErrorMessage, FlexMessage,
    RemotingMessage, ACKNOWLEDGE_MESSAGE, ASYNC_MESSAGE, COMMAND_MESSAGE, DS_ENDPOINT, DS_ID,
    DS_MESSAGING_VERSION, DS_REMOTE_CREDENTIALS, DS_REMOTE_CREDENTIALS_CHARSET, DS_REQUEST_TIMEOUT,
    ERROR_MESSAGE, REMOTING_MESSAGE,
};
pub use small::{AcknowledgeMessageExt, AsyncMessageExt, CommandMessageExt, DSA, DSC, DSK};
pub use uid::{is_uid, new_uid, now_millis};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::remoting::{Amf3, Body, Message, ReplyKind};

/// The packet message of a Flex request: target `"null"`, response URI
/// `"/n"`, body a one-element AMF0 array holding `0x11` and `message` in
/// AMF3.
///
/// # Errors
/// When `message` cannot be encoded.
pub fn request<T: ?Sized + Serialize>(message: &T, n: u32) -> Result<Message<'static>> {
    Ok(Message::new(
        "null",
        crate::remoting::response_uri(n),
        Body::amf0(&(Amf3(message),))?,
    ))
}

/// Reads the Flex message of a request into `T` (a message class, or
/// [`FlexMessage`] when the class is not known in advance). The body may be
/// the one-element AMF0 array Flash sends, the one-element AMF3 array
/// (`0x11 09 …`) Apache Royale sends, or, as some clients write, the
/// message itself; strings and arguments can borrow from the packet.
///
/// # Errors
/// When the body is neither, or as [`Body::decode`](crate::remoting::Body::decode).
pub fn request_message<'b, T: Deserialize<'b>>(message: &'b Message<'_>) -> Result<T> {
    request_message_with(message, &crate::Options::new())
}

/// [`request_message`] with options.
///
/// # Errors
/// As [`request_message`].
pub fn request_message_with<'b, T: Deserialize<'b>>(
    message: &'b Message<'_>,
    opts: &crate::Options,
) -> Result<T> {
    // Flash: an AMF0 strict array; Apache Royale: `0x11` + an AMF3 array;
    // some clients: the message itself.
    if message.body.is_array() {
        let (m,): (T,) = message.arguments_with(opts)?;
        Ok(m)
    } else {
        message.body.decode_with(opts)
    }
}

/// The reply to the Flex request `request`: `"/N/onResult"`, or
/// `"/N/onStatus"` when `reply` is an [`ErrorMessage`] (its class alias is
/// checked), response URI `"null"`, body `0x11` + `reply` in AMF3.
///
/// # Errors
/// When `reply` cannot be encoded.
pub fn reply<T: ?Sized + Serialize>(request: &Message<'_>, reply: &T) -> Result<Message<'static>> {
    let body = Body::amf3(reply)?;
    let kind = if is_error_message(body.as_bytes()) {
        ReplyKind::Status
    } else {
        ReplyKind::Result
    };
    Ok(Message::new(
        format!("{}{}", request.response, kind.suffix()),
        "null",
        body,
    ))
}

/// `true` if the AMF3 value after `0x11` is an `ErrorMessage` with inline
/// traits (how the encoder writes a message at the top of a value).
fn is_error_message(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(&[crate::amf0::marker::AVMPLUS, 0x0a]) else {
        return false;
    };
    // traits header (U29), then the class name length (U29) and bytes
    let mut i = 0;
    let mut read_u29 = |rest: &[u8]| -> Option<u32> {
        let mut v = 0u32;
        for n in 0..4 {
            let b = *rest.get(i)?;
            i += 1;
            if n == 3 {
                return Some((v << 8) | u32::from(b));
            }
            v = (v << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    };
    let Some(header) = read_u29(rest) else {
        return false;
    };
    if header & 0b11 != 0b11 {
        return false;
    }
    let Some(len) = read_u29(rest) else {
        return false;
    };
    let name = ERROR_MESSAGE.as_bytes();
    len & 1 == 1 && (len >> 1) as usize == name.len() && rest.get(i..i + name.len()) == Some(name)
}

// The decoders ask `Options::external` which reader an externalizable
// class has. It is defined here, not in `options.rs`, because the answer
// includes the Flex small messages of this module: `options` stays below
// the wire formats, which stay below `flex` (see ARCHITECTURE.md, "Layers").
impl crate::Options {
    /// How to read the body of the externalizable class `alias`, if known:
    /// `hints` (the readers of the type being decoded, which come first,
    /// since a derived `ArrayCollection<T>` must read its elements as `T`),
    /// then the registered classes, then the built-in Flex ones.
    pub(crate) fn external(
        &self,
        alias: &str,
        hints: &[(&'static str, crate::external::ExternalReader)],
    ) -> Option<crate::external::ExternalCodec> {
        if let Some((_, reader)) = hints.iter().find(|(k, _)| *k == alias) {
            return Some(crate::external::ExternalCodec::Reader(reader.clone()));
        }
        if let Some((_, codec)) = self.externals.iter().find(|(k, _)| &**k == alias) {
            return Some(codec.clone());
        }
        if crate::external::FLEX_ONE_VALUE.contains(&alias) {
            return Some(crate::external::ExternalCodec::OneValue);
        }
        // The Flex small messages (`DSK`, `DSA`, `DSC`) are known too.
        small::reader(alias).map(|reader| {
            crate::external::ExternalCodec::Reader(
                std::sync::Arc::new(reader) as crate::external::ExternalReader
            )
        })
    }
}
