//! [`AsyncMessage`]: a message published to or pushed from a messaging
//! destination.

use serde::de::Deserializer;
use serde::{Deserialize, Serialize};

use super::AcknowledgeMessage;
use super::{missing_body, nullable_i64, nullable_string};
use crate::flex::collections::Headers;
use crate::flex::uid::{new_uid, now_millis};
use crate::value::Value;

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
