//! How a request fails: a [`Fault`] is answered inside the response (a Flex
//! `ErrorMessage` or a NetConnection status object); a [`RequestError`] means
//! there is no AMF answer at all (HTTP 400 or 413).

use std::fmt;

use serde::Serialize;

use super::dispatch::FlexIds;
use super::msg::{member, member_str};
use crate::flex::ErrorMessage;
use crate::remoting::Status;
use crate::Value;

/// A remoting fault: what the gateway sends as a Flex `ErrorMessage` or a
/// NetConnection status object, and what the client reads back.
#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    /// `faultCode` / `code`, e.g. `"Server.Processing"`.
    pub code: String,
    /// `faultString` / `description`.
    pub message: String,
    /// `faultDetail` / `details`.
    pub detail: String,
    /// `rootCause` (Flex only; `Null` when none).
    pub root_cause: Value,
    /// `extendedData` (Flex only; `Null` when none).
    pub extended_data: Value,
}

impl Fault {
    /// A handler's failure (BlazeDS's code for exceptions thrown by services).
    pub const SERVER_PROCESSING: &'static str = "Server.Processing";
    /// An unknown operation, or arguments that do not fit its parameters.
    pub const SERVER_RESOURCE_UNAVAILABLE: &'static str = "Server.ResourceUnavailable";
    /// A message body that could not be decoded.
    pub const CLIENT_MESSAGE_ENCODING: &'static str = "Client.Message.Encoding";
    /// A failed login, or a call that needs one.
    pub const CLIENT_AUTHENTICATION: &'static str = "Client.Authentication";

    /// A fault with a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Fault {
            code: code.into(),
            message: message.into(),
            detail: String::new(),
            root_cause: Value::Null,
            extended_data: Value::Null,
        }
    }

    /// A `Server.Processing` fault with this message.
    pub fn server(message: impl fmt::Display) -> Self {
        Fault::new(Self::SERVER_PROCESSING, message.to_string())
    }

    /// Sets `faultDetail`.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// Sets `extendedData` (any serializable value; a value that cannot be
    /// converted leaves it `Null`).
    pub fn with_extended_data<T: Serialize + ?Sized>(mut self, data: &T) -> Self {
        self.extended_data = crate::to_value(data).unwrap_or(Value::Null);
        self
    }

    /// Sets `rootCause`.
    pub fn with_root_cause<T: Serialize + ?Sized>(mut self, cause: &T) -> Self {
        self.root_cause = crate::to_value(cause).unwrap_or(Value::Null);
        self
    }

    /// The Flex `ErrorMessage` for this fault, answering the request `ids`.
    pub(crate) fn to_error_message(&self, ids: &FlexIds) -> ErrorMessage {
        let mut em = ErrorMessage::reply_to(
            &ids.message_id,
            ids.client_id.as_deref(),
            &ids.headers,
            &self.code,
            &self.message,
        );
        em.fault_detail = self.detail.clone();
        em.root_cause = self.root_cause.clone();
        em.extended_data = self.extended_data.clone();
        em.destination = ids.destination.clone();
        em
    }

    /// The NetConnection status object for this fault.
    pub(crate) fn to_status(&self) -> Value {
        let mut status = Status::error(self.code.as_str(), self.message.as_str());
        status.details = Some(self.detail.clone());
        crate::to_value(&status).unwrap_or(Value::Null)
    }

    /// Reads a fault from an `ErrorMessage` or a status object (members by
    /// name; missing ones empty).
    pub(crate) fn from_value(v: &Value) -> Fault {
        let text = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| member_str(v, n))
                .unwrap_or_default()
                .to_owned()
        };
        Fault {
            code: text(&["faultCode", "code"]),
            message: text(&["faultString", "description"]),
            detail: text(&["faultDetail", "details"]),
            root_cause: member(v, "rootCause").cloned().unwrap_or(Value::Null),
            extended_data: member(v, "extendedData").cloned().unwrap_or(Value::Null),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if !self.detail.is_empty() {
            write!(f, " ({})", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for Fault {}

impl From<&str> for Fault {
    fn from(message: &str) -> Self {
        Fault::server(message)
    }
}

impl From<String> for Fault {
    fn from(message: String) -> Self {
        Fault::server(message)
    }
}

impl From<crate::Error> for Fault {
    fn from(err: crate::Error) -> Self {
        Fault::server(err)
    }
}

impl From<std::io::Error> for Fault {
    fn from(err: std::io::Error) -> Self {
        Fault::server(err)
    }
}

/// Why a request got no AMF answer at all: the HTTP layer should answer with
/// [`RequestError::status`] and the message as text.
#[derive(Debug)]
pub struct RequestError {
    pub(super) status: u16,
    pub(super) message: String,
}

impl RequestError {
    /// The HTTP status to answer with: 400 (unreadable packet) or 413 (too
    /// large).
    pub fn status(&self) -> u16 {
        self.status
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RequestError {}
