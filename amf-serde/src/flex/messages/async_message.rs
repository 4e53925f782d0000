//! [`AsyncMessage`]: a message published to or pushed from a messaging
//! destination.

use super::AcknowledgeMessage;
use crate::flex::collections::Headers;
use crate::flex::uid::{new_uid, now_millis};
use crate::record::record;
use crate::value::Value;

/// `flex.messaging.messages.AsyncMessage`: a message published to or
/// pushed from a messaging destination.
#[derive(Clone, Debug, PartialEq)]
pub struct AsyncMessage<B = Value> {
    /// The body.
    pub body: B,
    /// The client's id.
    pub client_id: Option<String>,
    /// The message this one answers, if any.
    pub correlation_id: String,
    /// The destination.
    pub destination: Option<String>,
    /// Headers.
    pub headers: Headers,
    /// This message's UID.
    pub message_id: String,
    /// Milliseconds since the epoch when sent.
    pub timestamp: i64,
    /// Milliseconds the message stays valid (0: forever).
    pub time_to_live: i64,
}

record! {
    impl AsyncMessage<B> as class "flex.messaging.messages.AsyncMessage" {
        body: B = "body" [body, always],
        client_id: Option<String> = "clientId" [default, always],
        correlation_id: String = "correlationId" [nullable, always],
        destination: Option<String> = "destination" [default, always],
        headers: Headers = "headers" [default, always],
        message_id: String = "messageId" [nullable, always],
        timestamp: i64 = "timestamp" [nullable, always],
        time_to_live: i64 = "timeToLive" [nullable, always],
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
