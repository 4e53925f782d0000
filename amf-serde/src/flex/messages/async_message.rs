//! [`AsyncMessage`]: a message published to or pushed from a messaging
//! destination.

use super::class::{flex_message, Answer};
use super::AcknowledgeMessage;
use crate::flex::collections::Headers;
use crate::flex::uid::{new_uid, now_millis};
use crate::value::Value;

flex_message! {
    // The same members as `AcknowledgeMessage` (reply.rs), which extends AsyncMessage in BlazeDS
    // without adding any: each class keeps its own list (docs, class name).
    /// `flex.messaging.messages.AsyncMessage`: a message published to or
    /// pushed from a messaging destination.
    #[derive(Clone, Debug, PartialEq)]
    pub struct AsyncMessage<B = Value> as class "flex.messaging.messages.AsyncMessage" {
        body,
        client_id,
        correlation_id,
        destination,
        headers,
        message_id,
        timestamp,
        time_to_live,
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
        self.ack(result)
    }
}
