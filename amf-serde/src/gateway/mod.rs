//! A transport-free remoting gateway: one AMF request packet in, one
//! response packet out, as BlazeDS answers Flex, Apache Royale, Flash and
//! PyAMF clients.
//!
//! Services are registered by name: a Flex `RemoteObject` reaches one by its
//! *destination* (`RemotingMessage.destination`, or `source` when the
//! destination is empty), a Flash `NetConnection.call("Service.method", …)`
//! by the part before the last dot. Each operation is a plain function or
//! closure taking typed arguments (any `Deserialize` type, usually a tuple)
//! and returning a typed result (any `Serialize` type) or a [`Fault`]:
//!
//! ```
//! use amf_serde::gateway::{Fault, Gateway, Service};
//! use amf_serde::{client::Client, Value};
//!
//! let gateway = Gateway::new().service(
//!     "Calculator",
//!     Service::new()
//!         .operation("add", |(a, b): (i32, i32)| Ok::<_, Fault>(a + b))
//!         .operation("div", |(a, b): (f64, f64)| {
//!             if b == 0.0 {
//!                 Err(Fault::new("Calc.DivByZero", "division by zero"))
//!             } else {
//!                 Ok(a / b)
//!             }
//!         }),
//! );
//!
//! // A Flex client: ping (the gateway assigns a DSId), then a call.
//! let mut client = Client::new();
//! let ping = client.ping()?;
//! client.read(&ping, &gateway.handle_blocking(&ping.body))?;
//! assert!(client.client_id().is_some());
//!
//! let call = client.remote("Calculator", "add", &(2, 3))?;
//! let reply = client.read(&call, &gateway.handle_blocking(&call.body))?;
//! assert_eq!(reply.into_result::<i32>()?, 5);
//!
//! let call = client.remote("Calculator", "div", &(1.0, 0.0))?;
//! let reply = client.read(&call, &gateway.handle_blocking(&call.body))?;
//! let fault = reply.into_result::<f64>().unwrap_err().fault().cloned().unwrap();
//! assert_eq!(fault.code, "Calc.DivByZero");
//! # Ok::<(), amf_serde::client::ClientError>(())
//! ```
//!
//! # What it handles
//!
//! * Flex `CommandMessage`s: ping (operation 5) assigns a client id and
//!   returns it in the acknowledgement's `DSId` header, as BlazeDS does;
//!   login (8, base64 `user:password` body) and logout (9) go to the
//!   [`Auth`] hook; poll, client sync and disconnect are acknowledged;
//!   other operations are faults.
//! * Flex `RemotingMessage`s: dispatched to the destination's operation; the
//!   `AcknowledgeMessage` carries the result in `body` and the request's
//!   `messageId` in `correlationId`.
//! * NetConnection calls (`"Service.method"` targets, `"/N"` response URIs):
//!   answered on `"/N/onResult"` or, with a status object
//!   `{level, code, description, details}`, on `"/N/onStatus"`; a
//!   `Credentials` header (`{userid, password}`) is checked by the [`Auth`]
//!   hook for the calls of that packet.
//! * Every message of a batch, in order; each gets its own answer.
//! * Faults, never a dropped request: an unknown destination or service is
//!   `Server.Processing`, an unknown operation or arguments that do not fit
//!   the handler's types `Server.ResourceUnavailable` (BlazeDS's codes), a
//!   message body that is valid AMF but not a request (no Flex message, no
//!   argument array) `Client.Message.Encoding`, a handler's error its own
//!   [`Fault`], a handler panic (also inside a future) `Server.Processing`.
//!   Only a packet that is not valid AMF (truncated, a bad marker, a broken
//!   limit: nothing can be answered, since lengths are unreliable and the
//!   framing is lost) is a [`RequestError`] (HTTP 400), and an oversized one
//!   HTTP 413.
//! * Limits: request bytes, messages per packet, and the decoding
//!   [`Options`] (depth, work, string and collection lengths); typed
//!   arguments are converted only if their expansion stays within the work
//!   limit.
//!
//! # State
//!
//! The gateway keeps no per-client state. Client ids come from a
//! [`ClientIds`] hook (by default random UIDs, any well-formed UID
//! accepted), so several processes behind a load balancer accept each
//! other's ids; logins live behind the [`Auth`] hook, where a shared store
//! can keep them.
//!
//! # Async handlers and runtimes
//!
//! [`Service::operation_async`] takes closures returning futures;
//! [`Gateway::handle`] returns a `Send + 'static` future that any executor
//! can drive (the `gateway` example serves it with axum on tokio), and
//! [`Gateway::handle_blocking`] drives it on the current thread.

mod exec;
pub(crate) mod msg;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::flex::{
    operation, AcknowledgeMessage, AcknowledgeMessageExt, CommandMessage, ErrorMessage,
    FlexMessage, Headers, RemotingMessage, DSA, DSC, DS_ID,
};
use crate::remoting::{Body, Credentials, Message, Packet, Status, Version, CREDENTIALS};
use crate::{Options, Value};

pub use crate::flex::{is_uid, new_uid};
pub use exec::{block_on, BoxFuture};

use exec::{panic_message, CatchUnwind};
use msg::{member, member_str, plain};

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

/// How a call reached the gateway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Style {
    /// A Flex/Royale `RemotingMessage`.
    Flex,
    /// A Flash `NetConnection.call` (or PyAMF `RemotingService`) call.
    NetConnection,
}

/// What a handler knows about the call it serves.
#[derive(Clone, Debug)]
pub struct Call {
    service: String,
    operation: String,
    client_id: Option<String>,
    user: Option<String>,
    style: Style,
}

impl Call {
    /// The destination (Flex) or service name (NetConnection).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The operation (method) name.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The client id (`DSId`) the call came with, if any.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The logged-in user, as the [`Auth`] hook reports it.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// How the call arrived.
    pub fn style(&self) -> Style {
        self.style
    }
}

type Handler = Arc<dyn Fn(Call, Value, Budget) -> BoxFuture<Result<Value, Fault>> + Send + Sync>;

/// The work budget for converting arguments into the handler's types.
#[derive(Clone, Copy)]
struct Budget(u64);

/// A named group of operations: a Flex destination or a NetConnection
/// service.
#[derive(Clone, Default)]
pub struct Service {
    operations: HashMap<String, Handler>,
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<_> = self.operations.keys().collect();
        names.sort();
        f.debug_struct("Service")
            .field("operations", &names)
            .finish()
    }
}

/// Converts a call's argument array into the handler's argument type: a
/// tuple for several arguments, `()` for none, `Vec<Value>` for any.
fn arguments<A: DeserializeOwned>(call: &Call, args: Value, budget: Budget) -> Result<A, Fault> {
    let bad = |e: &dyn fmt::Display| {
        Fault::new(
            Fault::SERVER_RESOURCE_UNAVAILABLE,
            format!("Cannot invoke method '{}'.", call.operation),
        )
        .with_detail(format!("The arguments do not fit its parameters: {e}"))
    };
    let mut left = budget.0;
    if !within_budget(&args, &mut left) {
        return Err(bad(&format!(
            "expanding them takes more than {} values (the work limit)",
            budget.0
        )));
    }
    let empty = msg::items(&args).is_some_and(<[Value]>::is_empty);
    match crate::from_value::<A>(args) {
        Ok(a) => Ok(a),
        // `()` (no parameters) reads from null, not from an empty array.
        Err(e) if empty => crate::from_value::<A>(Value::Null).map_err(|_| bad(&e)),
        Err(e) => Err(bad(&e)),
    }
}

/// Counts the values a tree-shaped copy of `v` would have (shared nodes
/// counted each time they are reached), stopping as soon as `left` runs out.
fn within_budget(v: &Value, left: &mut u64) -> bool {
    if *left == 0 {
        return false;
    }
    *left -= 1;
    match v {
        Value::Array(a) => {
            a.dense.iter().all(|x| within_budget(x, left))
                && a.assoc.iter().all(|(_, x)| within_budget(x, left))
        }
        Value::Object(o) => o.members().all(|(_, x)| within_budget(x, left)),
        Value::External(e) => e.body.iter().all(|item| match item {
            crate::types::DataItem::Value(x) => within_budget(x, left),
            _ => true,
        }),
        Value::VectorObject(vs) => vs.items.iter().all(|x| within_budget(x, left)),
        Value::Dictionary(d) => d
            .entries
            .iter()
            .all(|(k, x)| within_budget(k, left) && within_budget(x, left)),
        Value::EcmaArray(a) => a.entries.iter().all(|(_, x)| within_budget(x, left)),
        Value::Amf3(inner) => within_budget(inner, left),
        _ => true,
    }
}

fn result_value<R: Serialize>(r: &R) -> Result<Value, Fault> {
    crate::to_value(r).map_err(|e| Fault::server(format!("the result cannot be sent: {e}")))
}

impl Service {
    /// An empty service.
    pub fn new() -> Self {
        Service::default()
    }

    /// Adds a synchronous operation. `A` is the argument list (a tuple, `()`
    /// for none, `Vec<Value>` for anything), `R` the result.
    pub fn operation<A, R, E, F>(mut self, name: &str, f: F) -> Self
    where
        A: DeserializeOwned + 'static,
        R: Serialize + 'static,
        E: Into<Fault> + 'static,
        F: Fn(A) -> Result<R, E> + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let h: Handler = Arc::new(move |call: Call, args: Value, budget: Budget| {
            let f = f.clone();
            Box::pin(async move {
                let a = arguments::<A>(&call, args, budget)?;
                let r = f(a).map_err(Into::into)?;
                result_value(&r)
            })
        });
        self.operations.insert(name.to_owned(), h);
        self
    }

    /// Adds an asynchronous operation: `f` returns a future (for example an
    /// `async move` block) that any executor can run.
    ///
    /// ```
    /// use amf_serde::gateway::{Call, Fault, Gateway, Service};
    ///
    /// let service = Service::new().operation_async("whoami", |call: Call, (): ()| async move {
    ///     Ok::<_, Fault>(call.user().unwrap_or("nobody").to_owned())
    /// });
    /// let gateway = Gateway::new().service("Session", service);
    /// # let _ = gateway;
    /// ```
    pub fn operation_async<A, R, E, F, Fut>(mut self, name: &str, f: F) -> Self
    where
        A: DeserializeOwned + Send + 'static,
        R: Serialize + 'static,
        E: Into<Fault> + 'static,
        F: Fn(Call, A) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<R, E>> + Send + 'static,
    {
        let h: Handler = Arc::new(move |call: Call, args: Value, budget: Budget| {
            let fut = arguments::<A>(&call, args, budget).map(|a| f(call, a));
            Box::pin(async move {
                let r = fut?.await.map_err(Into::into)?;
                result_value(&r)
            })
        });
        self.operations.insert(name.to_owned(), h);
        self
    }

    /// The names of the operations.
    pub fn operation_names(&self) -> impl Iterator<Item = &str> {
        self.operations.keys().map(String::as_str)
    }
}

/// Issues and checks client ids (`DSId`). The default, [`RandomClientIds`],
/// keeps no state: any process accepts any well-formed id. A deployment that
/// wants only its own ids accepted can sign them here (for example an HMAC
/// with a key all instances share).
pub trait ClientIds: Send + Sync + 'static {
    /// A new id for a client that pinged without one.
    fn issue(&self) -> String;
    /// Whether a client may use `id`.
    fn accept(&self, id: &str) -> bool;
}

/// Random UIDs ([`new_uid`]); accepts every well-formed UID.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomClientIds;

impl ClientIds for RandomClientIds {
    fn issue(&self) -> String {
        new_uid()
    }

    fn accept(&self, id: &str) -> bool {
        is_uid(id)
    }
}

/// Login and logout. Where sessions live (memory, a database, a shared
/// cache) is the hook's business, so that several gateway processes can
/// share them.
pub trait Auth: Send + Sync + 'static {
    /// Checks `user`/`password`. For Flex logins `client_id` is the caller's
    /// `DSId` (remember the user under it for [`Auth::user`]); for
    /// NetConnection `Credentials` headers it is `None` and the check
    /// applies to the calls of that one packet.
    ///
    /// # Errors
    /// A fault (usually [`Fault::CLIENT_AUTHENTICATION`]) to send back.
    fn login(&self, client_id: Option<&str>, user: &str, password: &str) -> Result<(), Fault>;

    /// Forgets the login of `client_id`.
    fn logout(&self, client_id: &str);

    /// The user logged in under `client_id`, if any.
    fn user(&self, client_id: &str) -> Option<String>;
}

impl<T: Auth + ?Sized> Auth for Arc<T> {
    fn login(&self, client_id: Option<&str>, user: &str, password: &str) -> Result<(), Fault> {
        (**self).login(client_id, user, password)
    }

    fn logout(&self, client_id: &str) {
        (**self).logout(client_id)
    }

    fn user(&self, client_id: &str) -> Option<String> {
        (**self).user(client_id)
    }
}

impl<T: ClientIds + ?Sized> ClientIds for Arc<T> {
    fn issue(&self) -> String {
        (**self).issue()
    }

    fn accept(&self, id: &str) -> bool {
        (**self).accept(id)
    }
}

/// Why a request got no AMF answer at all: the HTTP layer should answer with
/// [`RequestError::status`] and the message as text.
#[derive(Debug)]
pub struct RequestError {
    status: u16,
    message: String,
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

/// The gateway: services plus settings. Cheap to clone (everything is
/// shared); `Send + Sync`.
#[derive(Clone)]
pub struct Gateway {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    services: HashMap<String, Service>,
    options: Options,
    max_request_bytes: usize,
    max_messages: usize,
    ids: Arc<dyn ClientIds>,
    auth: Option<Arc<dyn Auth>>,
}

impl fmt::Debug for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<_> = self.inner.services.keys().collect();
        names.sort();
        f.debug_struct("Gateway")
            .field("services", &names)
            .field("options", &self.inner.options)
            .field("max_request_bytes", &self.inner.max_request_bytes)
            .field("max_messages", &self.inner.max_messages)
            .finish()
    }
}

impl Default for Gateway {
    fn default() -> Self {
        Gateway::new()
    }
}

/// One message's answer: the URIs and the value.
struct Answer {
    target: String,
    value: Value,
}

impl Gateway {
    /// Default of [`Gateway::with_max_request_bytes`]: 16 MiB.
    pub const DEFAULT_MAX_REQUEST_BYTES: usize = 16 << 20;
    /// Default of [`Gateway::with_max_messages`].
    pub const DEFAULT_MAX_MESSAGES: usize = 256;

    /// A gateway without services, with the default limits.
    pub fn new() -> Self {
        Gateway {
            inner: Arc::new(Inner {
                services: HashMap::new(),
                options: Options::new(),
                max_request_bytes: Self::DEFAULT_MAX_REQUEST_BYTES,
                max_messages: Self::DEFAULT_MAX_MESSAGES,
                ids: Arc::new(RandomClientIds),
                auth: None,
            }),
        }
    }

    fn edit(mut self, f: impl FnOnce(&mut Inner)) -> Self {
        f(Arc::make_mut(&mut self.inner));
        self
    }

    /// Registers `service` under `name` (Flex destination and NetConnection
    /// service name).
    pub fn service(self, name: &str, service: Service) -> Self {
        self.edit(|i| {
            i.services.insert(name.to_owned(), service);
        })
    }

    /// Decoding options for request values (depth, work, string and
    /// collection length limits).
    pub fn with_options(self, options: Options) -> Self {
        self.edit(|i| i.options = options)
    }

    /// Largest request accepted (larger ones: [`RequestError`] with 413).
    pub fn with_max_request_bytes(self, bytes: usize) -> Self {
        self.edit(|i| i.max_request_bytes = bytes)
    }

    /// Most headers, and most messages, in one packet.
    pub fn with_max_messages(self, messages: usize) -> Self {
        self.edit(|i| i.max_messages = messages)
    }

    /// How client ids are issued and checked (default [`RandomClientIds`]).
    pub fn with_client_ids(self, ids: impl ClientIds) -> Self {
        self.edit(|i| i.ids = Arc::new(ids))
    }

    /// The login hook (without one, logins are faults).
    pub fn with_auth(self, auth: impl Auth) -> Self {
        self.edit(|i| i.auth = Some(Arc::new(auth)))
    }

    /// The largest request accepted, for the HTTP layer's body limit.
    pub fn max_request_bytes(&self) -> usize {
        self.inner.max_request_bytes
    }

    /// Answers one request packet. The future is `Send + 'static`; run it on
    /// any executor.
    ///
    /// # Errors
    /// [`RequestError`] when the request is too large or its framing cannot
    /// be read up to its first message (nothing to answer); every other
    /// problem is a fault inside the response.
    pub fn handle(
        &self,
        request: Bytes,
    ) -> impl Future<Output = Result<Bytes, RequestError>> + Send + 'static {
        let inner = self.inner.clone();
        async move { inner.handle(&request).await }
    }

    /// [`Gateway::handle`] driven to completion on this thread
    /// ([`block_on`]): the response packet, or an empty buffer when there is
    /// no AMF answer ([`Gateway::try_handle_blocking`] tells why).
    pub fn handle_blocking(&self, request: &[u8]) -> Bytes {
        self.try_handle_blocking(request).unwrap_or_default()
    }

    /// [`Gateway::handle`] driven to completion on this thread.
    ///
    /// # Errors
    /// As [`Gateway::handle`].
    pub fn try_handle_blocking(&self, request: &[u8]) -> Result<Bytes, RequestError> {
        block_on(self.inner.handle(request))
    }
}

/// What a packet's headers established for its calls.
#[derive(Default)]
struct PacketContext {
    /// NetConnection `Credentials`: `Ok(user)` or the login fault.
    credentials: Option<Result<String, Fault>>,
    /// A version-3 packet.
    amf3: bool,
}

impl Inner {
    async fn handle(&self, request: &[u8]) -> Result<Bytes, RequestError> {
        if request.len() > self.max_request_bytes {
            return Err(RequestError {
                status: 413,
                message: format!(
                    "request of {} bytes exceeds the limit of {} bytes",
                    request.len(),
                    self.max_request_bytes
                ),
            });
        }
        let packet = Packet::from_slice_with(request, &self.options).map_err(|e| RequestError {
            status: 400,
            message: format!("unreadable AMF packet: {e}"),
        })?;
        let count = packet.headers.len().max(packet.messages.len());
        if count > self.max_messages {
            return Err(RequestError {
                status: 400,
                message: format!(
                    "{count} headers or messages exceed the limit of {} (Gateway::with_max_messages)",
                    self.max_messages
                ),
            });
        }
        let ctx = self.packet_context(&packet);
        // The bound the decoder applied to this request's bytes also bounds
        // the tree-shaped expansion of typed arguments.
        let budget = Budget(self.options.max_work(request.len() as u64));
        let mut answers = Vec::with_capacity(packet.messages.len());
        for m in &packet.messages {
            let flex = m.target == "null";
            let value = match m.body.decode_with::<Value>(&self.options) {
                Ok(body) => {
                    let ids = if flex {
                        flex_message(&body).map(flex_ids_of_value)
                    } else {
                        None
                    };
                    let work = CatchUnwind::new(self.message(&m.target, body, &ctx, budget));
                    match work.await {
                        Ok(v) => v,
                        Err(payload) => Err((
                            Fault::server(format!(
                                "the service panicked: {}",
                                panic_message(&*payload)
                            )),
                            ids,
                        )),
                    }
                }
                Err(e) => Err((
                    Fault::new(
                        Fault::CLIENT_MESSAGE_ENCODING,
                        "the message body cannot be decoded",
                    )
                    .with_detail(e.to_string()),
                    None,
                )),
            };
            answers.push(self.answer(&m.response, flex, value));
        }
        let version = if packet.version == Version::Amf3 {
            Version::Amf3
        } else {
            Version::Amf0
        };
        self.encode(version, answers)
            .map(Bytes::from)
            .map_err(|e| RequestError {
                status: 400,
                message: format!("the response cannot be written: {e}"),
            })
    }

    fn packet_context(&self, packet: &Packet<'_>) -> PacketContext {
        let mut ctx = PacketContext {
            amf3: packet.version == Version::Amf3,
            ..PacketContext::default()
        };
        if let Some(h) = packet.header(CREDENTIALS) {
            let credentials = h
                .value
                .decode_with::<Credentials>(&self.options)
                .map_err(|e| {
                    Fault::new(
                        Fault::CLIENT_AUTHENTICATION,
                        "unreadable Credentials header",
                    )
                    .with_detail(e.to_string())
                });
            ctx.credentials = Some(credentials.and_then(|c| match &self.auth {
                Some(auth) => auth.login(None, &c.userid, &c.password).map(|()| c.userid),
                None => Err(Fault::new(
                    Fault::CLIENT_AUTHENTICATION,
                    "this gateway has no login hook",
                )),
            }));
        }
        ctx
    }

    /// Builds the answer message for one request message.
    fn answer(
        &self,
        response: &str,
        flex: bool,
        value: Result<Value, (Fault, Option<FlexIds>)>,
    ) -> Answer {
        match value {
            Ok(v) => Answer {
                target: format!("{response}/onResult"),
                value: v,
            },
            Err((fault, ids)) => {
                let value = if flex {
                    let em = fault.to_error_message(&ids.unwrap_or_default());
                    Value::Amf3(Box::new(crate::to_value(&em).unwrap_or(Value::Null)))
                } else {
                    fault.to_status()
                };
                Answer {
                    target: format!("{response}/onStatus"),
                    value,
                }
            }
        }
    }

    fn encode(&self, version: Version, answers: Vec<Answer>) -> crate::Result<Vec<u8>> {
        let mut packet = Packet::new(version);
        for a in answers {
            let (target, body) = match Body::amf0_with(&a.value, &self.options) {
                Ok(b) => (a.target, b),
                Err(e) => {
                    // A result that cannot be written (a string over the
                    // format's limits, say) becomes a fault.
                    let fault = Fault::server(format!("the result cannot be sent: {e}"));
                    let base = a
                        .target
                        .strip_suffix("/onResult")
                        .or_else(|| a.target.strip_suffix("/onStatus"))
                        .unwrap_or_default();
                    let v = if matches!(a.value, Value::Amf3(_)) {
                        let em = fault.to_error_message(&FlexIds::default());
                        Value::Amf3(Box::new(crate::to_value(&em)?))
                    } else {
                        fault.to_status()
                    };
                    (
                        format!("{base}/onStatus"),
                        Body::amf0_with(&v, &self.options)?,
                    )
                }
            };
            packet.messages.push(Message::new(target, "null", body));
        }
        packet.to_vec()
    }
}

/// The ids of a Flex request, for its answer.
#[derive(Default, Clone)]
pub(crate) struct FlexIds {
    message_id: String,
    /// The `DSId` header unless `"nil"`, else `clientId`.
    client_id: Option<String>,
    headers: Headers,
    destination: Option<String>,
}

impl FlexIds {
    fn of<B>(m: &FlexMessage<B>) -> FlexIds {
        let headers = m.headers().clone();
        let destination = match m {
            FlexMessage::Remoting(r) => r.destination.clone(),
            FlexMessage::Command(c) => c.destination.clone(),
            _ => None,
        };
        FlexIds {
            message_id: m.message_id().to_owned(),
            client_id: headers
                .get_str(DS_ID)
                .filter(|id| *id != "nil" && !id.is_empty())
                .or(m.client_id().filter(|id| !id.is_empty()))
                .map(str::to_owned),
            headers,
            destination,
        }
    }
}

type MessageResult = Result<Value, (Fault, Option<FlexIds>)>;

impl Inner {
    async fn message(
        &self,
        target: &str,
        body: Value,
        ctx: &PacketContext,
        budget: Budget,
    ) -> MessageResult {
        if target == "null" {
            self.flex(body, budget).await
        } else {
            let result = self
                .net_connection(target, body, ctx.credentials.clone(), budget)
                .await
                .map_err(|f| (f, None))?;
            // A version-3 caller reads AMF3: answer behind the switch, as
            // PyAMF and BlazeDS do (AMF0 would turn integers into doubles).
            Ok(if ctx.amf3 {
                Value::Amf3(Box::new(result))
            } else {
                result
            })
        }
    }

    fn find(&self, service: &str, operation: &str) -> Result<Handler, Fault> {
        let s = self.services.get(service).ok_or_else(|| {
            Fault::new(
                Fault::SERVER_PROCESSING,
                format!("No destination with id '{service}' is registered with any service."),
            )
        })?;
        s.operations.get(operation).cloned().ok_or_else(|| {
            Fault::new(
                Fault::SERVER_RESOURCE_UNAVAILABLE,
                format!("Method '{operation}' not found."),
            )
        })
    }

    async fn net_connection(
        &self,
        target: &str,
        body: Value,
        credentials: Option<Result<String, Fault>>,
        budget: Budget,
    ) -> Result<Value, Fault> {
        let (service, operation) = target.rsplit_once('.').ok_or_else(|| {
            Fault::new(
                Fault::SERVER_PROCESSING,
                format!("target '{target}' is not of the form 'Service.method'"),
            )
        })?;
        let user = match credentials {
            Some(Ok(user)) => Some(user),
            Some(Err(fault)) => return Err(fault),
            None => None,
        };
        let args = match plain(&body) {
            Value::Array(_) => body,
            _ => {
                return Err(Fault::new(
                    Fault::CLIENT_MESSAGE_ENCODING,
                    "the arguments of a NetConnection call must be an array",
                ))
            }
        };
        let handler = self.find(service, operation)?;
        let call = Call {
            service: service.to_owned(),
            operation: operation.to_owned(),
            client_id: None,
            user,
            style: Style::NetConnection,
        };
        handler(call, args, budget).await
    }

    async fn flex(&self, body: Value, budget: Budget) -> MessageResult {
        let Some(value) = flex_message(&body) else {
            return Err((
                Fault::new(
                    Fault::CLIENT_MESSAGE_ENCODING,
                    "a message to target 'null' must hold one Flex message",
                ),
                None,
            ));
        };
        // Answer small messages (DSC, DSA) in the small form (DSK).
        let small = matches!(msg::class_of(value), Some(DSC | DSA));
        let message = match crate::from_value::<FlexMessage<Value>>(value.clone()) {
            Ok(m) => m,
            Err(e) => {
                return Err((
                    Fault::new(
                        Fault::CLIENT_MESSAGE_ENCODING,
                        "not a supported Flex message",
                    )
                    .with_detail(e.to_string()),
                    Some(flex_ids_of_value(value)),
                ))
            }
        };
        let ids = FlexIds::of(&message);
        let r = match message {
            FlexMessage::Remoting(m) => self.remoting(m, &ids, budget).await,
            FlexMessage::Command(c) => self.command(c, &ids),
            other => Err(Fault::new(
                Fault::SERVER_PROCESSING,
                format!(
                    "this remoting gateway does not accept {} messages",
                    match other {
                        FlexMessage::Async(_) => "AsyncMessage",
                        FlexMessage::Acknowledge(_) => "AcknowledgeMessage",
                        _ => "ErrorMessage",
                    }
                ),
            )),
        };
        let ack = r.map_err(|f| (f, Some(ids.clone())))?;
        let v = if small {
            crate::to_value(&AcknowledgeMessageExt(ack))
        } else {
            crate::to_value(&ack)
        };
        v.map(|v| Value::Amf3(Box::new(v))).map_err(|e| {
            (
                Fault::server(format!("the result cannot be sent: {e}")),
                Some(ids),
            )
        })
    }

    async fn remoting(
        &self,
        message: RemotingMessage<Value>,
        ids: &FlexIds,
        budget: Budget,
    ) -> Result<AcknowledgeMessage<Value>, Fault> {
        if let Some(id) = &ids.client_id {
            if !self.ids.accept(id) {
                return Err(Fault::new(
                    Fault::SERVER_PROCESSING,
                    format!("client id '{id}' was not issued by this gateway; ping again"),
                ));
            }
        }
        // RocketAMF-era clients name the service in `source`.
        let service = match message.destination.as_deref() {
            Some(d) if !d.is_empty() => d,
            _ => message.source.as_str(),
        };
        if !matches!(message.body, Value::Array(_)) {
            return Err(Fault::new(
                Fault::CLIENT_MESSAGE_ENCODING,
                "the body of a RemotingMessage must be the array of arguments",
            ));
        }
        let handler = self.find(service, &message.operation)?;
        let user = match (&self.auth, &ids.client_id) {
            (Some(auth), Some(id)) => auth.user(id),
            _ => None,
        };
        let call = Call {
            service: service.to_owned(),
            operation: message.operation.clone(),
            client_id: ids.client_id.clone(),
            user,
            style: Style::Flex,
        };
        let result = handler(call, message.body, budget).await?;
        let mut ack = AcknowledgeMessage::reply_to(
            &ids.message_id,
            ids.client_id.as_deref(),
            &ids.headers,
            result,
        );
        ack.destination = ids.destination.clone();
        Ok(ack)
    }

    fn command(
        &self,
        message: CommandMessage<Value>,
        ids: &FlexIds,
    ) -> Result<AcknowledgeMessage<Value>, Fault> {
        let ack = |body: Value| {
            AcknowledgeMessage::reply_to(
                &ids.message_id,
                ids.client_id.as_deref(),
                &ids.headers,
                body,
            )
        };
        match message.operation {
            // Client ping: keep an accepted id, else issue one; the
            // acknowledgement always carries it in its DSId header.
            operation::CLIENT_PING => {
                let id = match &ids.client_id {
                    Some(id) if self.ids.accept(id) => id.clone(),
                    _ => self.ids.issue(),
                };
                let mut a = AcknowledgeMessage::reply_to(
                    &ids.message_id,
                    Some(&id),
                    &ids.headers,
                    Value::Null,
                );
                a.headers.insert(DS_ID, id.as_str());
                Ok(a)
            }
            operation::LOGIN => {
                let auth = self.auth.as_ref().ok_or_else(|| {
                    Fault::new(
                        Fault::CLIENT_AUTHENTICATION,
                        "this gateway has no login hook",
                    )
                })?;
                let (user, password) = message
                    .body
                    .as_str()
                    .and_then(msg::base64_decode)
                    .and_then(|b| String::from_utf8(b).ok())
                    .and_then(|s| s.split_once(':').map(|(u, p)| (u.to_owned(), p.to_owned())))
                    .ok_or_else(|| {
                        Fault::new(
                            Fault::CLIENT_AUTHENTICATION,
                            "login credentials must be base64 of 'user:password'",
                        )
                    })?;
                auth.login(ids.client_id.as_deref(), &user, &password)?;
                Ok(ack(msg::string("success")))
            }
            operation::LOGOUT => {
                if let (Some(auth), Some(id)) = (&self.auth, &ids.client_id) {
                    auth.logout(id);
                }
                Ok(ack(msg::string("success")))
            }
            // Poll (nothing is ever queued for a remoting-only gateway),
            // client sync, disconnect.
            operation::POLL | operation::CLIENT_SYNC | operation::DISCONNECT => {
                Ok(ack(Value::Null))
            }
            op => Err(Fault::new(
                Fault::SERVER_PROCESSING,
                format!("CommandMessage operation {op} is not supported by this gateway"),
            )),
        }
    }
}

/// Best-effort ids of a Flex message that did not decode as one.
fn flex_ids_of_value(message: &Value) -> FlexIds {
    let headers: Headers = member(message, "headers")
        .and_then(|h| crate::from_value(h.clone()).ok())
        .unwrap_or_default();
    let client_id = headers
        .get_str(DS_ID)
        .filter(|id| *id != "nil" && !id.is_empty())
        .or_else(|| member_str(message, "clientId").filter(|id| !id.is_empty()))
        .map(str::to_owned);
    FlexIds {
        message_id: member_str(message, "messageId")
            .unwrap_or_default()
            .to_owned(),
        client_id,
        headers,
        destination: member_str(message, "destination").map(str::to_owned),
    }
}

/// The Flex message inside a `"null"`-target body: Flash sends an AMF0
/// strict array of one `0x11` object, Royale `0x11` + an AMF3 array of one.
fn flex_message(body: &Value) -> Option<&Value> {
    let m = match plain(body) {
        Value::Array(a) if a.assoc.is_empty() && a.dense.len() == 1 => plain(&a.dense[0]),
        Value::Object(_) | Value::External(_) => plain(body),
        _ => return None,
    };
    matches!(m, Value::Object(_) | Value::External(_)).then_some(m)
}
