//! The requests a Flex client sends: [`RemotingMessage`] (a `RemoteObject`
//! call) and [`CommandMessage`] (ping, login, logout, poll, subscriptions)
//! with its [`operation`] codes.

use super::class::{flex_message, Answer};
use super::{AcknowledgeMessage, ErrorMessage};
use super::{DS_ID, DS_MESSAGING_VERSION};
use crate::flex::collections::Headers;
use crate::flex::uid::new_uid;
use crate::value::Value;

flex_message! {
    // Each `flex_message!` lists one class's members in the order its traits carry them;
    // `CommandMessage` below (and the replies in reply.rs, async_message.rs) share the
    // AbstractMessage members, each in its own class's order.
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
    #[derive(Clone, Debug, PartialEq)]
    pub struct RemotingMessage<B = Vec<Value>> as class "flex.messaging.messages.RemotingMessage" {
        /// The method name.
        operation: String = "operation" [nullable, always],
        /// The service class (often empty; the destination names the service).
        source: String = "source" [nullable, always],
        message_id,
        /// `None` before the server assigned one.
        client_id,
        /// The arguments.
        body,
        time_to_live,
        /// Flash sends 0.
        timestamp,
        /// The service id on the server.
        destination,
        /// `DSId`, `DSEndpoint`, …
        headers,
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
        self.ack(result)
    }

    /// The error reply (see [`ErrorMessage::reply_to`]).
    pub fn error(&self, fault_code: &str, fault_string: &str) -> ErrorMessage {
        self.fault(fault_code, fault_string)
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

flex_message! {
    // One class's members in its traits' order; the AbstractMessage ones repeat
    // `RemotingMessage`'s above because each class's list is its wire order.
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
    #[derive(Clone, Debug, PartialEq)]
    pub struct CommandMessage<B = Value> as class "flex.messaging.messages.CommandMessage" {
        /// What to do (an [`operation`] code).
        operation: u32 = "operation" [nullable, always],
        correlation_id,
        message_id,
        /// `None` before the server assigned one.
        client_id,
        /// Flash sends `{}`.
        body,
        time_to_live,
        timestamp,
        destination,
        headers,
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
        self.ack(result)
    }

    /// The error reply (see [`ErrorMessage::reply_to`]).
    pub fn error(&self, fault_code: &str, fault_string: &str) -> ErrorMessage {
        self.fault(fault_code, fault_string)
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
