//! Owns the Flex message classes as ordinary serde types
//! with their class aliases: [`RemotingMessage`], [`CommandMessage`],
//! [`AcknowledgeMessage`], [`ErrorMessage`], [`AsyncMessage`], the
//! [`FlexMessage`] enum that tells them apart, and the helpers that build
//! the acknowledgement or error for a request.
//!
//! Members are matched by name in any order (Flash, BlazeDS and PyAMF each
//! order sealed members differently), unknown members are ignored and
//! missing ones take their defaults; `null` strings read as empty.
//! Requests (`RemotingMessage`, `CommandMessage`) write their members in
//! Flash Player's order, replies in PyAMF's (alphabetical).

//! The classes live in `request.rs` ([`RemotingMessage`], [`CommandMessage`]
//! and its [`operation`] codes), `reply.rs` ([`AcknowledgeMessage`],
//! [`ErrorMessage`]) and `async_message.rs` ([`AsyncMessage`]); this file
//! holds the header names, the class aliases and [`FlexMessage`]. The
//! members all classes share are declared once, in `class.rs`
//! (`flex_message!`); the classes' `Serialize`/`Deserialize` are written
//! by `record!` (`src/record/mod.rs`).

mod async_message;
pub(crate) mod class;
mod reply;
mod request;

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use super::collections::Headers;
use crate::error::Result;
use crate::value::Value;
use class::Answer;

pub use async_message::AsyncMessage;
pub use reply::{AcknowledgeMessage, ErrorMessage};
pub use request::{operation, CommandMessage, RemotingMessage};

/// Header name: the FlexClient id the server assigned (`"nil"` before).
pub const DS_ID: &str = "DSId";
/// Header name: the channel id.
pub const DS_ENDPOINT: &str = "DSEndpoint";
/// Header name: the client's messaging version (1 allows small messages).
pub const DS_MESSAGING_VERSION: &str = "DSMessagingVersion";
/// Header name: base64 `user:password` sent with a remote call.
pub const DS_REMOTE_CREDENTIALS: &str = "DSRemoteCredentials";
/// Header name: the charset of [`DS_REMOTE_CREDENTIALS`].
pub const DS_REMOTE_CREDENTIALS_CHARSET: &str = "DSRemoteCredentialsCharset";
/// Header name: request timeout in milliseconds.
pub const DS_REQUEST_TIMEOUT: &str = "DSRequestTimeoutMillis";

/// Class alias of [`RemotingMessage`].
pub const REMOTING_MESSAGE: &str = "flex.messaging.messages.RemotingMessage";
/// Class alias of [`CommandMessage`].
pub const COMMAND_MESSAGE: &str = "flex.messaging.messages.CommandMessage";
/// Class alias of [`AcknowledgeMessage`].
pub const ACKNOWLEDGE_MESSAGE: &str = "flex.messaging.messages.AcknowledgeMessage";
/// Class alias of [`ErrorMessage`].
pub const ERROR_MESSAGE: &str = "flex.messaging.messages.ErrorMessage";
/// Class alias of [`AsyncMessage`].
pub const ASYNC_MESSAGE: &str = "flex.messaging.messages.AsyncMessage";

/// Any Flex message, told apart by its class alias (full or small form).
/// Reading one goes through [`Value`] (the alias must be seen first); for
/// speed, decode the expected class directly.
///
/// ```
/// use amf_serde::flex::{CommandMessage, FlexMessage};
///
/// let bytes = amf_serde::to_vec(&CommandMessage::client_ping())?;
/// match amf_serde::from_slice::<FlexMessage>(&bytes)? {
///     FlexMessage::Command(c) => assert_eq!(c.operation, 5),
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum FlexMessage<B = Value> {
    /// `RemotingMessage`.
    Remoting(RemotingMessage<B>),
    /// `CommandMessage`, or its small form `DSC`.
    Command(CommandMessage<B>),
    /// `AcknowledgeMessage`, or its small form `DSK`.
    Acknowledge(AcknowledgeMessage<B>),
    /// `ErrorMessage`.
    Error(ErrorMessage<B>),
    /// `AsyncMessage`, or its small form `DSA`.
    Async(AsyncMessage<B>),
}

/// `$e` evaluated on the message inside any variant of `$message`, bound
/// to `$m`.
macro_rules! each_class {
    ($message:expr, |$m:ident| $e:expr) => {
        match $message {
            FlexMessage::Remoting($m) => $e,
            FlexMessage::Command($m) => $e,
            FlexMessage::Acknowledge($m) => $e,
            FlexMessage::Error($m) => $e,
            FlexMessage::Async($m) => $e,
        }
    };
}

impl<B: Serialize> Serialize for FlexMessage<B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        each_class!(self, |m| m.serialize(serializer))
    }
}

impl<'de, B: Serialize + DeserializeOwned> Deserialize<'de> for FlexMessage<B> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use super::small::{AcknowledgeMessageExt, AsyncMessageExt, CommandMessageExt};
        // (The small forms' bodies are read by the decoders' built-in
        // readers.)
        crate::value::deserialize_via(deserializer, |v| {
            let class = v.class().map(str::to_owned).unwrap_or_default();
            let conv = |e: crate::Error| e.to_string();
            Ok(match class.as_str() {
                REMOTING_MESSAGE => FlexMessage::Remoting(crate::from_value(v).map_err(conv)?),
                COMMAND_MESSAGE => FlexMessage::Command(crate::from_value(v).map_err(conv)?),
                ACKNOWLEDGE_MESSAGE => {
                    FlexMessage::Acknowledge(crate::from_value(v).map_err(conv)?)
                }
                ERROR_MESSAGE => FlexMessage::Error(crate::from_value(v).map_err(conv)?),
                ASYNC_MESSAGE => FlexMessage::Async(crate::from_value(v).map_err(conv)?),
                "DSK" => FlexMessage::Acknowledge(
                    crate::from_value::<AcknowledgeMessageExt<B>>(v)
                        .map_err(conv)?
                        .0,
                ),
                "DSA" => {
                    FlexMessage::Async(crate::from_value::<AsyncMessageExt<B>>(v).map_err(conv)?.0)
                }
                "DSC" => FlexMessage::Command(
                    crate::from_value::<CommandMessageExt<B>>(v)
                        .map_err(conv)?
                        .0,
                ),
                "" => return Err("expected a Flex message, found a value without a class".into()),
                other => return Err(format!("expected a Flex message, found class \"{other}\"")),
            })
        })
    }
}

impl<B> FlexMessage<B> {
    /// The message's `messageId`.
    pub fn message_id(&self) -> &str {
        each_class!(self, |m| &m.message_id)
    }

    /// The message's headers.
    pub fn headers(&self) -> &Headers {
        each_class!(self, |m| &m.headers)
    }

    /// The message's `clientId`.
    pub fn client_id(&self) -> Option<&str> {
        each_class!(self, |m| m.client_id.as_deref())
    }

    /// The acknowledgement of this message carrying `result` (see
    /// [`AcknowledgeMessage::reply_to`]).
    pub fn acknowledge<T>(&self, result: T) -> AcknowledgeMessage<T> {
        self.ack(result)
    }

    /// The error reply to this message (see [`ErrorMessage::reply_to`]).
    pub fn error(&self, fault_code: &str, fault_string: &str) -> ErrorMessage {
        self.fault(fault_code, fault_string)
    }
}

impl<B> Answer for FlexMessage<B> {
    fn address(&self) -> (&str, Option<&str>, &Headers) {
        (self.message_id(), self.client_id(), self.headers())
    }
}
