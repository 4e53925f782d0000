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

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use super::collections::Headers;
use super::uid::{new_uid, now_millis};
use crate::error::Result;
use crate::value::Value;

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

/// `null` or a string: `null` reads as `""`.
pub(crate) fn nullable_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Option::<String>::deserialize(d).map(Option::unwrap_or_default)
}

/// A body that was missing or `null`: `B` as read from `null` (`None`,
/// `Value::Null`, `()`), or an error naming the field for other types.
fn missing_body<'de, B: Deserialize<'de>, E: serde::de::Error>(body: Option<B>) -> Result<B, E> {
    match body {
        Some(b) => Ok(b),
        None => B::deserialize(Value::Null).map_err(|e| E::custom(format_args!("body: {e}"))),
    }
}

/// `null` or a number: `null` reads as 0.
fn nullable_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Option::<i64>::deserialize(d).map(Option::unwrap_or_default)
}

/// `null` or a number: `null` reads as 0.
fn nullable_u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Option::<u32>::deserialize(d).map(Option::unwrap_or_default)
}

/// `flex.messaging.messages.RemotingMessage`: a `RemoteObject` call.
/// `body` holds the arguments (an array): a tuple, a struct read by
/// position, `Vec<Value>`…
///
/// ```
/// use amf_serde::flex::RemotingMessage;
///
/// let call = RemotingMessage::new("WritesController", "save", (true,));
/// let bytes = amf_serde::to_vec(&call)?;
/// let back: RemotingMessage<(bool,)> = amf_serde::from_slice(&bytes)?;
/// assert_eq!(back, call);
/// assert_eq!(back.operation, "save");
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.RemotingMessage")]
#[serde(rename_all = "camelCase")]
pub struct RemotingMessage<B = Vec<Value>> {
    /// The method name.
    #[serde(default, deserialize_with = "nullable_string")]
    pub operation: String,
    /// The service class (often empty; the destination names the service).
    #[serde(default, deserialize_with = "nullable_string")]
    pub source: String,
    /// This message's UID.
    #[serde(default, deserialize_with = "nullable_string")]
    pub message_id: String,
    /// The client's id, `None` before the server assigned one.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The arguments.
    #[serde(default)]
    pub body: B,
    /// Milliseconds the message stays valid (0: forever).
    #[serde(default, deserialize_with = "nullable_i64")]
    pub time_to_live: i64,
    /// Milliseconds since the epoch when sent (Flash sends 0).
    #[serde(default, deserialize_with = "nullable_i64")]
    pub timestamp: i64,
    /// The destination (service id) on the server.
    #[serde(default)]
    pub destination: Option<String>,
    /// Headers (`DSId`, `DSEndpoint`, …).
    #[serde(default)]
    pub headers: Headers,
}

/// What [`RemotingMessage`] is read from: `body` may be missing.
#[derive(Deserialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.RemotingMessage")]
#[serde(rename_all = "camelCase")]
#[serde(bound(deserialize = "B: Deserialize<'de>"))]
struct RemotingMessageWire<B> {
    #[serde(default, deserialize_with = "nullable_string")]
    operation: String,
    #[serde(default, deserialize_with = "nullable_string")]
    source: String,
    #[serde(default, deserialize_with = "nullable_string")]
    message_id: String,
    #[serde(default)]
    client_id: Option<String>,
    body: Option<B>,
    #[serde(default, deserialize_with = "nullable_i64")]
    time_to_live: i64,
    #[serde(default, deserialize_with = "nullable_i64")]
    timestamp: i64,
    #[serde(default)]
    destination: Option<String>,
    #[serde(default)]
    headers: Headers,
}

impl<'de, B: Deserialize<'de>> Deserialize<'de> for RemotingMessage<B> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = RemotingMessageWire::<B>::deserialize(deserializer)?;
        let body = missing_body(w.body)?;
        Ok(RemotingMessage {
            operation: w.operation,
            source: w.source,
            message_id: w.message_id,
            client_id: w.client_id,
            body,
            time_to_live: w.time_to_live,
            timestamp: w.timestamp,
            destination: w.destination,
            headers: w.headers,
        })
    }
}

impl<B> RemotingMessage<B> {
    /// A call of `operation` on `destination` with `args`, with a fresh
    /// message id, no client id, `DSId = "nil"`.
    pub fn new(destination: &str, operation: &str, args: B) -> Self {
        let mut headers = Headers::new();
        headers.insert(DS_ID, "nil");
        RemotingMessage {
            operation: operation.into(),
            source: String::new(),
            message_id: new_uid(),
            client_id: None,
            body: args,
            time_to_live: 0,
            timestamp: 0,
            destination: Some(destination.into()),
            headers,
        }
    }

    /// The acknowledgement carrying `result` (see
    /// [`AcknowledgeMessage::reply_to`]).
    ///
    /// ```
    /// use amf_serde::flex::RemotingMessage;
    ///
    /// let call = RemotingMessage::new("svc", "add", (1, 2));
    /// let ack = call.acknowledge(3);
    /// assert_eq!(ack.correlation_id, call.message_id);
    /// assert_eq!(ack.body, 3);
    /// assert!(amf_serde::flex::is_uid(&ack.message_id));
    /// ```
    pub fn acknowledge<T>(&self, result: T) -> AcknowledgeMessage<T> {
        AcknowledgeMessage::reply_to(
            &self.message_id,
            self.client_id.as_deref(),
            &self.headers,
            result,
        )
    }

    /// The error reply (see [`ErrorMessage::reply_to`]).
    pub fn error(&self, fault_code: &str, fault_string: &str) -> ErrorMessage {
        ErrorMessage::reply_to(
            &self.message_id,
            self.client_id.as_deref(),
            &self.headers,
            fault_code,
            fault_string,
        )
    }
}

/// The `operation` codes of [`CommandMessage`].
pub mod operation {
    /// Subscribe to a destination.
    pub const SUBSCRIBE: u32 = 0;
    /// Unsubscribe.
    pub const UNSUBSCRIBE: u32 = 1;
    /// Poll for messages.
    pub const POLL: u32 = 2;
    /// Client sync.
    pub const CLIENT_SYNC: u32 = 4;
    /// Client ping: the first message of a channel.
    pub const CLIENT_PING: u32 = 5;
    /// Cluster request.
    pub const CLUSTER_REQUEST: u32 = 7;
    /// Login (credentials in the body).
    pub const LOGIN: u32 = 8;
    /// Logout.
    pub const LOGOUT: u32 = 9;
    /// Subscription invalidated.
    pub const SUBSCRIPTION_INVALIDATE: u32 = 10;
    /// Multi-subscribe.
    pub const MULTI_SUBSCRIBE: u32 = 11;
    /// Disconnect.
    pub const DISCONNECT: u32 = 12;
    /// Trigger connect.
    pub const TRIGGER_CONNECT: u32 = 13;
    /// Unknown (the Java default; PyAMF uses 1000).
    pub const UNKNOWN: u32 = 10000;
}

/// `flex.messaging.messages.CommandMessage`: pings, login and logout,
/// polls, subscriptions. `operation` is one of the [`operation`] codes.
///
/// ```
/// use amf_serde::flex::{operation, CommandMessage};
///
/// let ping = CommandMessage::client_ping();
/// assert_eq!(ping.operation, operation::CLIENT_PING);
/// assert_eq!(ping.headers.get_str("DSId"), Some("nil"));
/// // the server answers with a DSId for the client
/// let ack = ping.acknowledge(());
/// let id = ack.headers.get_str("DSId").unwrap();
/// assert!(amf_serde::flex::is_uid(id));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.CommandMessage")]
#[serde(rename_all = "camelCase")]
pub struct CommandMessage<B = Value> {
    /// What to do (an [`operation`] code).
    #[serde(default, deserialize_with = "nullable_u32")]
    pub operation: u32,
    /// The message this one answers, if any.
    #[serde(default, deserialize_with = "nullable_string")]
    pub correlation_id: String,
    /// This message's UID.
    #[serde(default, deserialize_with = "nullable_string")]
    pub message_id: String,
    /// The client's id, `None` before the server assigned one.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The body (Flash sends `{}`).
    #[serde(default)]
    pub body: B,
    /// Milliseconds the message stays valid (0: forever).
    #[serde(default, deserialize_with = "nullable_i64")]
    pub time_to_live: i64,
    /// Milliseconds since the epoch when sent.
    #[serde(default, deserialize_with = "nullable_i64")]
    pub timestamp: i64,
    /// The destination.
    #[serde(default)]
    pub destination: Option<String>,
    /// Headers.
    #[serde(default)]
    pub headers: Headers,
}

/// What [`CommandMessage`] is read from: `body` may be missing.
#[derive(Deserialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.CommandMessage")]
#[serde(rename_all = "camelCase")]
#[serde(bound(deserialize = "B: Deserialize<'de>"))]
struct CommandMessageWire<B> {
    #[serde(default, deserialize_with = "nullable_u32")]
    operation: u32,
    #[serde(default, deserialize_with = "nullable_string")]
    correlation_id: String,
    #[serde(default, deserialize_with = "nullable_string")]
    message_id: String,
    #[serde(default)]
    client_id: Option<String>,
    body: Option<B>,
    #[serde(default, deserialize_with = "nullable_i64")]
    time_to_live: i64,
    #[serde(default, deserialize_with = "nullable_i64")]
    timestamp: i64,
    #[serde(default)]
    destination: Option<String>,
    #[serde(default)]
    headers: Headers,
}

impl<'de, B: Deserialize<'de>> Deserialize<'de> for CommandMessage<B> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = CommandMessageWire::<B>::deserialize(deserializer)?;
        let body = missing_body(w.body)?;
        Ok(CommandMessage {
            operation: w.operation,
            correlation_id: w.correlation_id,
            message_id: w.message_id,
            client_id: w.client_id,
            body,
            time_to_live: w.time_to_live,
            timestamp: w.timestamp,
            destination: w.destination,
            headers: w.headers,
        })
    }
}

impl<B> CommandMessage<B> {
    /// A command with a fresh message id.
    pub fn new(operation: u32, body: B) -> Self {
        CommandMessage {
            operation,
            correlation_id: String::new(),
            message_id: new_uid(),
            client_id: None,
            body,
            time_to_live: 0,
            timestamp: 0,
            destination: Some(String::new()),
            headers: Headers::new(),
        }
    }

    /// The acknowledgement carrying `result`. For a request without a
    /// server-assigned `DSId` (`"nil"` or none) the acknowledgement's
    /// headers carry a fresh one (see [`AcknowledgeMessage::reply_to`]).
    pub fn acknowledge<T>(&self, result: T) -> AcknowledgeMessage<T> {
        AcknowledgeMessage::reply_to(
            &self.message_id,
            self.client_id.as_deref(),
            &self.headers,
            result,
        )
    }

    /// The error reply (see [`ErrorMessage::reply_to`]).
    pub fn error(&self, fault_code: &str, fault_string: &str) -> ErrorMessage {
        ErrorMessage::reply_to(
            &self.message_id,
            self.client_id.as_deref(),
            &self.headers,
            fault_code,
            fault_string,
        )
    }
}

impl CommandMessage<Value> {
    /// The client ping Flash sends first on a channel: operation 5, body
    /// `{}`, headers `DSMessagingVersion = 1`, `DSId = "nil"`.
    pub fn client_ping() -> Self {
        let mut m = CommandMessage::new(
            operation::CLIENT_PING,
            Value::from(crate::types::Object::anonymous::<&str>([])),
        );
        m.headers.insert(DS_MESSAGING_VERSION, 1);
        m.headers.insert(DS_ID, "nil");
        m
    }
}

/// `flex.messaging.messages.AsyncMessage`: a message published to or
/// pushed from a messaging destination.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.AsyncMessage")]
#[serde(rename_all = "camelCase")]
pub struct AsyncMessage<B = Value> {
    /// The body.
    #[serde(default)]
    pub body: B,
    /// The client's id.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The message this one answers, if any.
    #[serde(default, deserialize_with = "nullable_string")]
    pub correlation_id: String,
    /// The destination.
    #[serde(default)]
    pub destination: Option<String>,
    /// Headers.
    #[serde(default)]
    pub headers: Headers,
    /// This message's UID.
    #[serde(default, deserialize_with = "nullable_string")]
    pub message_id: String,
    /// Milliseconds since the epoch when sent.
    #[serde(default, deserialize_with = "nullable_i64")]
    pub timestamp: i64,
    /// Milliseconds the message stays valid (0: forever).
    #[serde(default, deserialize_with = "nullable_i64")]
    pub time_to_live: i64,
}

/// What [`AsyncMessage`] is read from: `body` may be missing.
#[derive(Deserialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.AsyncMessage")]
#[serde(rename_all = "camelCase")]
#[serde(bound(deserialize = "B: Deserialize<'de>"))]
struct AsyncMessageWire<B> {
    body: Option<B>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default, deserialize_with = "nullable_string")]
    correlation_id: String,
    #[serde(default)]
    destination: Option<String>,
    #[serde(default)]
    headers: Headers,
    #[serde(default, deserialize_with = "nullable_string")]
    message_id: String,
    #[serde(default, deserialize_with = "nullable_i64")]
    timestamp: i64,
    #[serde(default, deserialize_with = "nullable_i64")]
    time_to_live: i64,
}

impl<'de, B: Deserialize<'de>> Deserialize<'de> for AsyncMessage<B> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = AsyncMessageWire::<B>::deserialize(deserializer)?;
        let body = missing_body(w.body)?;
        Ok(AsyncMessage {
            body,
            client_id: w.client_id,
            correlation_id: w.correlation_id,
            destination: w.destination,
            headers: w.headers,
            message_id: w.message_id,
            timestamp: w.timestamp,
            time_to_live: w.time_to_live,
        })
    }
}

/// `flex.messaging.messages.AcknowledgeMessage`: the successful reply to
/// a request; `body` is the result and `correlation_id` the request's
/// `message_id`.
///
/// ```
/// use amf_serde::flex::{AcknowledgeMessage, ArrayCollection};
///
/// let ack = AcknowledgeMessage::new(ArrayCollection(vec![1, 2, 3]));
/// let bytes = amf_serde::to_vec(&ack)?;
/// let back: AcknowledgeMessage<ArrayCollection<i32>> = amf_serde::from_slice(&bytes)?;
/// assert_eq!(back.body.0, [1, 2, 3]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.AcknowledgeMessage")]
#[serde(rename_all = "camelCase")]
pub struct AcknowledgeMessage<B = Value> {
    /// The result.
    #[serde(default)]
    pub body: B,
    /// The client's id.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The request's `message_id`.
    #[serde(default, deserialize_with = "nullable_string")]
    pub correlation_id: String,
    /// The destination.
    #[serde(default)]
    pub destination: Option<String>,
    /// Headers (the `DSId` assigned to a new client).
    #[serde(default)]
    pub headers: Headers,
    /// This message's UID.
    #[serde(default, deserialize_with = "nullable_string")]
    pub message_id: String,
    /// Milliseconds since the epoch when sent.
    #[serde(default, deserialize_with = "nullable_i64")]
    pub timestamp: i64,
    /// Milliseconds the message stays valid (0: forever).
    #[serde(default, deserialize_with = "nullable_i64")]
    pub time_to_live: i64,
}

/// What [`AcknowledgeMessage`] is read from: `body` may be missing.
#[derive(Deserialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.AcknowledgeMessage")]
#[serde(rename_all = "camelCase")]
#[serde(bound(deserialize = "B: Deserialize<'de>"))]
struct AcknowledgeMessageWire<B> {
    body: Option<B>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default, deserialize_with = "nullable_string")]
    correlation_id: String,
    #[serde(default)]
    destination: Option<String>,
    #[serde(default)]
    headers: Headers,
    #[serde(default, deserialize_with = "nullable_string")]
    message_id: String,
    #[serde(default, deserialize_with = "nullable_i64")]
    timestamp: i64,
    #[serde(default, deserialize_with = "nullable_i64")]
    time_to_live: i64,
}

impl<'de, B: Deserialize<'de>> Deserialize<'de> for AcknowledgeMessage<B> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = AcknowledgeMessageWire::<B>::deserialize(deserializer)?;
        let body = missing_body(w.body)?;
        Ok(AcknowledgeMessage {
            body,
            client_id: w.client_id,
            correlation_id: w.correlation_id,
            destination: w.destination,
            headers: w.headers,
            message_id: w.message_id,
            timestamp: w.timestamp,
            time_to_live: w.time_to_live,
        })
    }
}

impl<B> AcknowledgeMessage<B> {
    /// An acknowledgement with a fresh message id and the current time,
    /// not yet correlated.
    pub fn new(body: B) -> Self {
        AcknowledgeMessage {
            body,
            client_id: None,
            correlation_id: String::new(),
            destination: None,
            headers: Headers::new(),
            message_id: new_uid(),
            timestamp: now_millis(),
            time_to_live: 0,
        }
    }

    /// The acknowledgement of the request with `message_id`, `client_id`
    /// and `headers`: `correlation_id` = the request's message id, a fresh
    /// `message_id`, the current `timestamp`, and `client_id` = the
    /// request's, or else the request's `DSId` header, or else a fresh UID.
    /// When the request's `DSId` is missing or `"nil"`, the
    /// acknowledgement's headers carry `DSId` = that client id, as BlazeDS
    /// does for the first message of a client.
    pub fn reply_to(message_id: &str, client_id: Option<&str>, headers: &Headers, body: B) -> Self {
        let mut ack = AcknowledgeMessage::new(body);
        ack.correlation_id = message_id.into();
        let ds_id = headers.get_str(DS_ID).filter(|id| *id != "nil");
        let client = client_id
            .or(ds_id)
            .map(str::to_owned)
            .unwrap_or_else(new_uid);
        if ds_id.is_none() {
            ack.headers.insert(DS_ID, client.as_str());
        }
        ack.client_id = Some(client);
        ack
    }
}

/// `flex.messaging.messages.ErrorMessage`: the failure reply to a request
/// (sent with `"/N/onStatus"`).
///
/// ```
/// use amf_serde::flex::{ErrorMessage, RemotingMessage};
///
/// let call = RemotingMessage::new("svc", "div", (1, 0));
/// let err = call.error("Server.Processing", "division by zero");
/// assert_eq!(err.correlation_id, call.message_id);
/// let bytes = amf_serde::to_vec(&err)?;
/// let back: ErrorMessage = amf_serde::from_slice(&bytes)?;
/// assert_eq!(back.fault_string, "division by zero");
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.ErrorMessage")]
#[serde(rename_all = "camelCase")]
pub struct ErrorMessage<B = Value> {
    /// The body (usually null).
    #[serde(default)]
    pub body: B,
    /// The client's id.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The request's `message_id`.
    #[serde(default, deserialize_with = "nullable_string")]
    pub correlation_id: String,
    /// The destination.
    #[serde(default)]
    pub destination: Option<String>,
    /// Extra data about the fault (an object or map).
    #[serde(default)]
    pub extended_data: Value,
    /// A code such as `"Server.Processing"`.
    #[serde(default, deserialize_with = "nullable_string")]
    pub fault_code: String,
    /// Details (a stack trace, say).
    #[serde(default, deserialize_with = "nullable_string")]
    pub fault_detail: String,
    /// The message.
    #[serde(default, deserialize_with = "nullable_string")]
    pub fault_string: String,
    /// Headers.
    #[serde(default)]
    pub headers: Headers,
    /// This message's UID.
    #[serde(default, deserialize_with = "nullable_string")]
    pub message_id: String,
    /// The underlying error, if any.
    #[serde(default)]
    pub root_cause: Value,
    /// Milliseconds since the epoch when sent.
    #[serde(default, deserialize_with = "nullable_i64")]
    pub timestamp: i64,
    /// Milliseconds the message stays valid (0: forever).
    #[serde(default, deserialize_with = "nullable_i64")]
    pub time_to_live: i64,
}

/// What [`ErrorMessage`] is read from: `body` may be missing.
#[derive(Deserialize)]
#[serde(rename = "$amf_serde::private::class::flex.messaging.messages.ErrorMessage")]
#[serde(rename_all = "camelCase")]
#[serde(bound(deserialize = "B: Deserialize<'de>"))]
struct ErrorMessageWire<B> {
    body: Option<B>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default, deserialize_with = "nullable_string")]
    correlation_id: String,
    #[serde(default)]
    destination: Option<String>,
    #[serde(default)]
    extended_data: Value,
    #[serde(default, deserialize_with = "nullable_string")]
    fault_code: String,
    #[serde(default, deserialize_with = "nullable_string")]
    fault_detail: String,
    #[serde(default, deserialize_with = "nullable_string")]
    fault_string: String,
    #[serde(default)]
    headers: Headers,
    #[serde(default, deserialize_with = "nullable_string")]
    message_id: String,
    #[serde(default)]
    root_cause: Value,
    #[serde(default, deserialize_with = "nullable_i64")]
    timestamp: i64,
    #[serde(default, deserialize_with = "nullable_i64")]
    time_to_live: i64,
}

impl<'de, B: Deserialize<'de>> Deserialize<'de> for ErrorMessage<B> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = ErrorMessageWire::<B>::deserialize(deserializer)?;
        let body = missing_body(w.body)?;
        Ok(ErrorMessage {
            body,
            client_id: w.client_id,
            correlation_id: w.correlation_id,
            destination: w.destination,
            extended_data: w.extended_data,
            fault_code: w.fault_code,
            fault_detail: w.fault_detail,
            fault_string: w.fault_string,
            headers: w.headers,
            message_id: w.message_id,
            root_cause: w.root_cause,
            timestamp: w.timestamp,
            time_to_live: w.time_to_live,
        })
    }
}

impl ErrorMessage<Value> {
    /// An error with a fresh message id and the current time.
    pub fn new(fault_code: &str, fault_string: &str) -> Self {
        ErrorMessage {
            body: Value::Null,
            client_id: None,
            correlation_id: String::new(),
            destination: None,
            extended_data: Value::Null,
            fault_code: fault_code.into(),
            fault_detail: String::new(),
            fault_string: fault_string.into(),
            headers: Headers::new(),
            message_id: new_uid(),
            root_cause: Value::Null,
            timestamp: now_millis(),
            time_to_live: 0,
        }
    }

    /// The error reply to the request with `message_id`, `client_id` and
    /// `headers`: correlated and addressed as
    /// [`AcknowledgeMessage::reply_to`] does.
    pub fn reply_to(
        message_id: &str,
        client_id: Option<&str>,
        headers: &Headers,
        fault_code: &str,
        fault_string: &str,
    ) -> Self {
        let ack = AcknowledgeMessage::reply_to(message_id, client_id, headers, ());
        ErrorMessage {
            client_id: ack.client_id,
            correlation_id: ack.correlation_id,
            headers: ack.headers,
            message_id: ack.message_id,
            timestamp: ack.timestamp,
            ..ErrorMessage::new(fault_code, fault_string)
        }
    }
}

impl<B> AsyncMessage<B> {
    /// A message with a fresh id and the current time.
    pub fn new(destination: &str, body: B) -> Self {
        AsyncMessage {
            body,
            client_id: None,
            correlation_id: String::new(),
            destination: Some(destination.into()),
            headers: Headers::new(),
            message_id: new_uid(),
            timestamp: now_millis(),
            time_to_live: 0,
        }
    }

    /// The acknowledgement of this message (see
    /// [`AcknowledgeMessage::reply_to`]).
    pub fn acknowledge<T>(&self, result: T) -> AcknowledgeMessage<T> {
        AcknowledgeMessage::reply_to(
            &self.message_id,
            self.client_id.as_deref(),
            &self.headers,
            result,
        )
    }
}

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

impl<B: Serialize> Serialize for FlexMessage<B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FlexMessage::Remoting(m) => m.serialize(serializer),
            FlexMessage::Command(m) => m.serialize(serializer),
            FlexMessage::Acknowledge(m) => m.serialize(serializer),
            FlexMessage::Error(m) => m.serialize(serializer),
            FlexMessage::Async(m) => m.serialize(serializer),
        }
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
        match self {
            FlexMessage::Remoting(m) => &m.message_id,
            FlexMessage::Command(m) => &m.message_id,
            FlexMessage::Acknowledge(m) => &m.message_id,
            FlexMessage::Error(m) => &m.message_id,
            FlexMessage::Async(m) => &m.message_id,
        }
    }

    /// The message's headers.
    pub fn headers(&self) -> &Headers {
        match self {
            FlexMessage::Remoting(m) => &m.headers,
            FlexMessage::Command(m) => &m.headers,
            FlexMessage::Acknowledge(m) => &m.headers,
            FlexMessage::Error(m) => &m.headers,
            FlexMessage::Async(m) => &m.headers,
        }
    }

    /// The message's `clientId`.
    pub fn client_id(&self) -> Option<&str> {
        match self {
            FlexMessage::Remoting(m) => m.client_id.as_deref(),
            FlexMessage::Command(m) => m.client_id.as_deref(),
            FlexMessage::Acknowledge(m) => m.client_id.as_deref(),
            FlexMessage::Error(m) => m.client_id.as_deref(),
            FlexMessage::Async(m) => m.client_id.as_deref(),
        }
    }

    /// The acknowledgement of this message carrying `result` (see
    /// [`AcknowledgeMessage::reply_to`]).
    pub fn acknowledge<T>(&self, result: T) -> AcknowledgeMessage<T> {
        AcknowledgeMessage::reply_to(self.message_id(), self.client_id(), self.headers(), result)
    }

    /// The error reply to this message (see [`ErrorMessage::reply_to`]).
    pub fn error(&self, fault_code: &str, fault_string: &str) -> ErrorMessage {
        ErrorMessage::reply_to(
            self.message_id(),
            self.client_id(),
            self.headers(),
            fault_code,
            fault_string,
        )
    }
}
