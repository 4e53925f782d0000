//! The replies to a request: [`AcknowledgeMessage`] (success, carrying the
//! result) and [`ErrorMessage`] (a fault).

use super::class::flex_message;
use super::DS_ID;
use crate::flex::collections::Headers;
use crate::flex::uid::{new_uid, now_millis};
use crate::value::Value;

flex_message! {
    // The same members as `AsyncMessage` (async_message.rs), which AcknowledgeMessage extends in
    // BlazeDS without adding any: each class keeps its own list (docs, class name).
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
    #[derive(Clone, Debug, PartialEq)]
    pub struct AcknowledgeMessage<B = Value> as class "flex.messaging.messages.AcknowledgeMessage" {
        /// The result.
        body,
        client_id,
        /// The request's `message_id`.
        correlation_id,
        destination,
        /// The `DSId` assigned to a new client.
        headers,
        message_id,
        timestamp,
        time_to_live,
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

flex_message! {
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
    #[derive(Clone, Debug, PartialEq)]
    pub struct ErrorMessage<B = Value> as class "flex.messaging.messages.ErrorMessage" {
        /// Usually null.
        body,
        client_id,
        /// The request's `message_id`.
        correlation_id,
        destination,
        /// Extra data about the fault (an object or map).
        extended_data: Value = "extendedData" [default, always],
        /// A code such as `"Server.Processing"`.
        fault_code: String = "faultCode" [nullable, always],
        /// Details (a stack trace, say).
        fault_detail: String = "faultDetail" [nullable, always],
        /// The message.
        fault_string: String = "faultString" [nullable, always],
        headers,
        message_id,
        /// The underlying error, if any.
        root_cause: Value = "rootCause" [default, always],
        timestamp,
        time_to_live,
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
