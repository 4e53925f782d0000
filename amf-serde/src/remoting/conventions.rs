//! Owns the NetConnection (AMF0-style) conventions:
//! `"Service.method"` calls with `"/N"` response URIs, `"/N/onResult"` and
//! `"/N/onStatus"` replies with the status object, and the predefined
//! headers (`Credentials`, `AppendToGatewayUrl`, `ReplaceGatewayUrl`,
//! `RequestPersistentHeader`).

use std::borrow::Cow;

use serde::Serialize;

use super::packet::{Body, Header, Message};
use crate::error::{Error, ErrorCode, Result};
use crate::record::record;
use crate::value::Value;

/// Header name: client→server credentials, a [`Credentials`] object.
pub const CREDENTIALS: &str = "Credentials";
/// Header name: server→client, a string to append to the gateway URL for
/// later calls (a session id).
pub const APPEND_TO_GATEWAY_URL: &str = "AppendToGatewayUrl";
/// Header name: server→client, a string replacing the gateway URL.
pub const REPLACE_GATEWAY_URL: &str = "ReplaceGatewayUrl";
/// Header name: server→client, a [`PersistentHeader`] the client adds to
/// every later request.
pub const REQUEST_PERSISTENT_HEADER: &str = "RequestPersistentHeader";
/// Header name: client→server debug options, answered with
/// `"/N/onDebugEvents"`.
pub const SERVER_DEBUG: &str = "amf_server_debug";
/// Header name: client→server request for a service description.
pub const DESCRIBE_SERVICE: &str = "DescribeService";

/// The response URI of the `n`-th call of a connection: `"/n"` (Flash
/// counts from 1).
///
/// ```
/// assert_eq!(amf_serde::remoting::response_uri(2), "/2");
/// ```
pub fn response_uri(n: u32) -> String {
    format!("/{n}")
}

/// Which kind of reply a message is (the suffix of its target URI).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReplyKind {
    /// `"/onResult"`: the call succeeded; the body is the result.
    Result,
    /// `"/onStatus"`: the call failed; the body is a status (fault) object.
    Status,
    /// `"/onDebugEvents"`: debug data asked for by an `amf_server_debug`
    /// header.
    DebugEvents,
}

impl ReplyKind {
    /// The target-URI suffix, with its slash.
    pub const fn suffix(self) -> &'static str {
        match self {
            ReplyKind::Result => "/onResult",
            ReplyKind::Status => "/onStatus",
            ReplyKind::DebugEvents => "/onDebugEvents",
        }
    }
}

/// The status object of an `"/onStatus"` reply (and of RTMP `onStatus`
/// events): `level` is `"error"` for failures, `code` a dotted code such as
/// `"Server.Call.Failed"`.
///
/// ```
/// use amf_serde::remoting::Status;
///
/// let s = Status::error("Server.Call.Failed", "no such method");
/// let bytes = amf_serde::amf0::to_vec(&s)?;
/// let back: Status = amf_serde::amf0::from_slice(&bytes)?;
/// assert_eq!(back, s);
/// assert_eq!(back.level, "error");
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    /// `"error"`, `"warning"` or `"status"`.
    pub level: String,
    /// A dotted code.
    pub code: String,
    /// A readable description.
    pub description: String,
    /// Details (PyAMF: the traceback), if any.
    pub details: Option<String>,
    /// The kind of the fault (PyAMF: the exception class name), if any;
    /// member `type`.
    pub kind: Option<String>,
}

// Missing members read as empty; `details` and `type` are written only
// when set.
record! {
    impl Status as "Status" {
        level: String = "level" [default, always],
        code: String = "code" [default, always],
        description: String = "description" [default, always],
        details: Option<String> = "details" [default, skip_none],
        kind: Option<String> = "type" [default, skip_none],
    }
}

impl Status {
    /// A status of level `"error"`.
    pub fn error(code: impl Into<String>, description: impl Into<String>) -> Self {
        Status {
            level: "error".into(),
            code: code.into(),
            description: description.into(),
            details: None,
            kind: None,
        }
    }
}

/// The value of a [`CREDENTIALS`] header (`NetConnection.setCredentials`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub userid: String,
    /// The password.
    pub password: String,
}

record! {
    impl Credentials as "Credentials" {
        userid: String = "userid" [required, always],
        password: String = "password" [required, always],
    }
}

/// The value of a [`REQUEST_PERSISTENT_HEADER`] header: the header the
/// client should add to every later request.
#[derive(Clone, Debug, PartialEq)]
pub struct PersistentHeader<T = Value> {
    /// Its name.
    pub name: String,
    /// Its must-understand flag (member `mustUnderstand`, `false` when
    /// missing).
    pub must_understand: bool,
    /// Its value.
    pub data: T,
}

record! {
    impl PersistentHeader<T> as "PersistentHeader" {
        name: String = "name" [required, always],
        must_understand: bool = "mustUnderstand" [default, always],
        data: T = "data" [required, always],
    }
}

impl Header<'static> {
    /// A [`CREDENTIALS`] header (AMF0 object `{userid, password}`).
    ///
    /// ```
    /// use amf_serde::remoting::{Credentials, Header};
    ///
    /// let h = Header::credentials("ada", "secret")?;
    /// assert_eq!(h.name, "Credentials");
    /// assert_eq!(h.value.decode::<Credentials>()?.userid, "ada");
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    ///
    /// # Errors
    /// Never in practice (encoding two strings).
    pub fn credentials(userid: &str, password: &str) -> Result<Self> {
        let c = Credentials {
            userid: userid.into(),
            password: password.into(),
        };
        Header::amf0(CREDENTIALS, false, &c)
    }

    /// An [`APPEND_TO_GATEWAY_URL`] header.
    ///
    /// # Errors
    /// Never in practice (encoding a string).
    pub fn append_to_gateway_url(suffix: &str) -> Result<Self> {
        Header::amf0(APPEND_TO_GATEWAY_URL, false, suffix)
    }

    /// A [`REPLACE_GATEWAY_URL`] header.
    ///
    /// # Errors
    /// Never in practice (encoding a string).
    pub fn replace_gateway_url(url: &str) -> Result<Self> {
        Header::amf0(REPLACE_GATEWAY_URL, false, url)
    }

    /// A [`REQUEST_PERSISTENT_HEADER`] header asking the client to send
    /// `name` with `data` on every later request.
    ///
    /// ```
    /// use amf_serde::remoting::{Header, PersistentHeader};
    ///
    /// let h = Header::request_persistent_header("session", false, &"abc")?;
    /// let p: PersistentHeader<String> = h.value.decode()?;
    /// assert_eq!((p.name.as_str(), p.data.as_str()), ("session", "abc"));
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    ///
    /// # Errors
    /// When `data` cannot be encoded.
    pub fn request_persistent_header<T: ?Sized + Serialize>(
        name: &str,
        must_understand: bool,
        data: &T,
    ) -> Result<Self> {
        let header = PersistentHeader {
            name: name.to_owned(),
            must_understand,
            data,
        };
        Header::amf0(REQUEST_PERSISTENT_HEADER, false, &header)
    }
}

impl<'a> Message<'a> {
    /// A NetConnection call: `target` is `"Service.method"`, the response
    /// URI is `"/n"`, the body the arguments as an AMF0 strict array
    /// (`args` must serialize as a sequence: a tuple, an array, a `Vec`).
    /// Wrap object arguments in [`Amf3`](super::Amf3) to send them the way
    /// Flash does in version-3 packets.
    ///
    /// ```
    /// use amf_serde::remoting::Message;
    ///
    /// let m = Message::call("echo.hello", 1, &("hi", 2))?;
    /// assert_eq!((&*m.target, &*m.response), ("echo.hello", "/1"));
    /// assert_eq!(m.body.as_bytes()[..5], [0x0a, 0, 0, 0, 2]);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    ///
    /// # Errors
    /// When `args` cannot be encoded or is not a sequence.
    pub fn call<T: ?Sized + Serialize>(
        target: impl Into<Cow<'a, str>>,
        n: u32,
        args: &T,
    ) -> Result<Self> {
        let body = Body::amf0(args)?;
        if !body.is_array() {
            return Err(Error::code(ErrorCode::Packet(
                "the arguments of a call must be written as an array (a tuple, array or Vec)"
                    .into(),
            )));
        }
        Ok(Message::new(target, response_uri(n), body))
    }

    /// The response URI's call number: `Some(n)` for `"/n"`.
    ///
    /// ```
    /// use amf_serde::remoting::{Body, Message};
    /// let m = Message::new("svc.f", "/12", Body::amf0(&[0; 0])?);
    /// assert_eq!(m.call_number(), Some(12));
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    pub fn call_number(&self) -> Option<u32> {
        let digits = self.response.strip_prefix('/')?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }

    /// For a reply, its kind and the response URI of the request it
    /// answers: `"/1/onResult"` gives `(ReplyKind::Result, "/1")`.
    ///
    /// ```
    /// use amf_serde::remoting::{Body, Message, ReplyKind};
    /// let m = Message::new("/3/onStatus", "null", Body::amf0(&())?);
    /// assert_eq!(m.reply_kind(), Some((ReplyKind::Status, "/3")));
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    pub fn reply_kind(&self) -> Option<(ReplyKind, &str)> {
        [ReplyKind::Result, ReplyKind::Status, ReplyKind::DebugEvents]
            .into_iter()
            .find_map(|k| self.target.strip_suffix(k.suffix()).map(|uri| (k, uri)))
    }

    /// A reply to the request whose response URI is `request_uri`:
    /// target `request_uri + kind.suffix()`, response URI `"null"` (as
    /// PyAMF and BlazeDS write), `value` in AMF0 (wrap it in
    /// [`Amf3`](super::Amf3) for `0x11` + AMF3).
    ///
    /// # Errors
    /// When `value` cannot be encoded.
    pub fn reply<T: ?Sized + Serialize>(
        request_uri: &str,
        kind: ReplyKind,
        value: &T,
    ) -> Result<Message<'static>> {
        Ok(Message::new(
            format!("{request_uri}{}", kind.suffix()),
            "null",
            Body::amf0(value)?,
        ))
    }

    /// The `"/N/onResult"` reply to this request, carrying `value`.
    ///
    /// # Errors
    /// When `value` cannot be encoded.
    pub fn result<T: ?Sized + Serialize>(&self, value: &T) -> Result<Message<'static>> {
        Message::reply(&self.response, ReplyKind::Result, value)
    }

    /// The `"/N/onStatus"` reply to this request, carrying `status` (a
    /// [`Status`] or any fault object).
    ///
    /// ```
    /// use amf_serde::remoting::{Message, ReplyKind, Status};
    ///
    /// let req = Message::call("svc.f", 4, &[1])?;
    /// let fault = req.status(&Status::error("Server.Call.Failed", "boom"))?;
    /// assert_eq!(fault.target, "/4/onStatus");
    /// assert_eq!(fault.body.decode::<Status>()?.description, "boom");
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    ///
    /// # Errors
    /// When `status` cannot be encoded.
    pub fn status<T: ?Sized + Serialize>(&self, status: &T) -> Result<Message<'static>> {
        Message::reply(&self.response, ReplyKind::Status, status)
    }
}
