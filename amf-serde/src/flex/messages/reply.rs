//! The replies to a request: [`AcknowledgeMessage`] (success, carrying the
//! result) and [`ErrorMessage`] (a fault).

use serde::de::Deserializer;
use serde::{Deserialize, Serialize};

use super::{missing_body, nullable_i64, nullable_string, DS_ID};
use crate::flex::collections::Headers;
use crate::flex::uid::{new_uid, now_millis};
use crate::value::Value;

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
