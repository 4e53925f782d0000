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

//! # Layout
//!
//! This file holds the [`Gateway`] and its settings; [`Fault`] and
//! [`RequestError`] are in `fault.rs`, [`Service`], [`Call`] and the
//! argument conversion in `service.rs`, the [`ClientIds`] and [`Auth`]
//! hooks in `hooks.rs`, answering a packet in `handle.rs`, routing one
//! message (NetConnection, Flex remoting and command messages) in
//! `dispatch.rs`.

mod dispatch;
mod exec;
mod fault;
mod handle;
mod hooks;
pub(crate) mod msg;
mod service;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;

use crate::Options;

pub use crate::flex::{is_uid, new_uid};
pub use exec::{block_on, BoxFuture};
pub use fault::{Fault, RequestError};
pub use hooks::{Auth, ClientIds, RandomClientIds};
pub use service::{Call, Service, Style};

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
