//! A transport-free remoting client: builds request packets for BlazeDS,
//! AMFPHP, PyAMF or [`Gateway`](crate::gateway::Gateway) back ends and reads
//! their responses into typed results or a [`Fault`]. Send
//! [`Request::body`] with any HTTP client (`POST`, `Content-Type:
//! application/x-amf`) and give the response body to [`Client::read`]; the
//! `client` example does it with `ureq`.
//!
//! Two styles:
//!
//! * NetConnection ([`Client::call`]): target `"Service.method"`, response
//!   URI `"/N"`, arguments as an AMF0 strict array (each argument behind the
//!   `0x11` switch in AMF3 mode), answers on `"/N/onResult"` or
//!   `"/N/onStatus"`.
//! * Flex RemoteObject ([`Client::remote`]): a `RemotingMessage` to a
//!   destination, after a [`Client::ping`] whose acknowledgement assigns the
//!   client id (`DSId`) that every later message carries.
//!
//! ```
//! use amf_serde::client::Client;
//! use amf_serde::gateway::{Fault, Gateway, Service};
//!
//! let gateway = Gateway::new().service(
//!     "echo",
//!     Service::new().operation("twice", |(s,): (String,)| Ok::<_, Fault>(s.repeat(2))),
//! );
//! let mut client = Client::amf0();
//! let request = client.call("echo.twice", &("ab",))?;
//! assert_eq!(request.uris(), ["/1"]);
//! let reply = client.read(&request, &gateway.handle_blocking(&request.body))?;
//! assert_eq!(reply.into_result::<String>()?, "abab");
//! # Ok::<(), amf_serde::client::ClientError>(())
//! ```

use std::fmt;

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::flex::{operation, CommandMessage, FlexMessage, RemotingMessage, DS_ID};
use crate::gateway::msg::{self, member, member_str, plain};
use crate::gateway::Fault;
use crate::remoting::{
    Body, Header, Message, Packet, Version, APPEND_TO_GATEWAY_URL, REPLACE_GATEWAY_URL,
    REQUEST_PERSISTENT_HEADER,
};
use crate::{Options, Value};

/// Which object encoding the client speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObjectEncoding {
    /// Packet version 0, AMF0 values (Flash `objectEncoding = 0`).
    Amf0,
    /// Packet version 3, values behind the `0x11` switch.
    Amf3,
}

/// What went wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The server answered with a fault.
    Fault(Fault),
    /// A value could not be encoded, or the response could not be decoded
    /// (or did not fit the requested type).
    Amf(crate::Error),
    /// The response does not answer the request (a missing answer, a
    /// message that is not an acknowledgement).
    Protocol(String),
}

impl ClientError {
    /// The fault, if the server sent one.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            ClientError::Fault(f) => Some(f),
            _ => None,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Fault(fault) => write!(f, "fault {fault}"),
            ClientError::Amf(e) => write!(f, "{e}"),
            ClientError::Protocol(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Fault(f) => Some(f),
            ClientError::Amf(e) => Some(e),
            ClientError::Protocol(_) => None,
        }
    }
}

impl From<crate::Error> for ClientError {
    fn from(e: crate::Error) -> Self {
        ClientError::Amf(e)
    }
}

impl From<Fault> for ClientError {
    fn from(f: Fault) -> Self {
        ClientError::Fault(f)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    NetConnection,
    Flex,
    Ping,
}

/// A request packet ready to be posted, and what its answers will be matched
/// against.
#[derive(Clone, Debug)]
pub struct Request {
    /// The packet: the HTTP request body.
    pub body: Bytes,
    uris: Vec<String>,
    kinds: Vec<Kind>,
}

impl Request {
    /// The response URIs of its messages (`"/1"`, `"/2"`, …), in order.
    pub fn uris(&self) -> &[String] {
        &self.uris
    }
}

/// The answers to one request, one per message, in request order.
#[derive(Debug)]
pub struct Response {
    answers: Vec<Result<Value, Fault>>,
}

impl Response {
    /// The number of answers (the request's message count).
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// `true` if the request had no messages.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// Each answer: the result value (the acknowledgement's `body` for Flex
    /// calls) or the fault.
    pub fn answers(&self) -> &[Result<Value, Fault>] {
        &self.answers
    }

    /// The answer to message `i` as a `T`.
    ///
    /// # Errors
    /// The fault, a decoding error, or [`ClientError::Protocol`] if there is
    /// no message `i`.
    pub fn result<T: DeserializeOwned>(&self, i: usize) -> Result<T, ClientError> {
        match self.answers.get(i) {
            Some(Ok(v)) => Ok(crate::from_value(v.clone())?),
            Some(Err(f)) => Err(ClientError::Fault(f.clone())),
            None => Err(ClientError::Protocol(format!("no answer {i}"))),
        }
    }

    /// The answer to a single-message request as a `T`.
    ///
    /// # Errors
    /// As [`Response::result`].
    pub fn into_result<T: DeserializeOwned>(mut self) -> Result<T, ClientError> {
        if self.answers.is_empty() {
            return Err(ClientError::Protocol("no answer".into()));
        }
        match self.answers.swap_remove(0) {
            Ok(v) => Ok(crate::from_value(v)?),
            Err(f) => Err(ClientError::Fault(f)),
        }
    }
}

/// Builds requests and reads responses; keeps the response-URI counter, the
/// Flex client id (`DSId`), persistent headers and the gateway URL suffix
/// the server asked for.
#[derive(Clone, Debug)]
pub struct Client {
    encoding: ObjectEncoding,
    counter: u32,
    client_id: Option<String>,
    headers: Vec<(String, bool, Value)>,
    url_suffix: Option<String>,
    options: Options,
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

impl Client {
    /// An AMF3 client (packet version 3), as Flex and Flash Player 9+ are.
    pub fn new() -> Self {
        Client {
            encoding: ObjectEncoding::Amf3,
            counter: 0,
            client_id: None,
            headers: Vec::new(),
            url_suffix: None,
            options: Options::new(),
        }
    }

    /// An AMF0 client (packet version 0), as Flash's `objectEncoding = 0`.
    pub fn amf0() -> Self {
        Client {
            encoding: ObjectEncoding::Amf0,
            ..Client::new()
        }
    }

    /// Decoding options for responses (limits).
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// The object encoding.
    pub fn encoding(&self) -> ObjectEncoding {
        self.encoding
    }

    /// The client id the server assigned (after a [`Client::ping`]).
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// Sets the client id (to resume a session).
    pub fn set_client_id(&mut self, id: Option<String>) {
        self.client_id = id;
    }

    /// How many response URIs have been used (the last `"/N"`).
    pub fn counter(&self) -> u32 {
        self.counter
    }

    /// What the server asked to append to the gateway URL
    /// (`AppendToGatewayUrl`), if anything.
    pub fn url_suffix(&self) -> Option<&str> {
        self.url_suffix.as_deref()
    }

    /// Sends NetConnection `Credentials` (`{userid, password}`) with every
    /// later request, as `NetConnection.addHeader("Credentials", …)`.
    pub fn set_credentials(&mut self, user: &str, password: &str) {
        let value = msg::anonymous(vec![
            ("userid".into(), msg::string(user)),
            ("password".into(), msg::string(password)),
        ]);
        self.set_header("Credentials", false, value);
    }

    /// Adds (or replaces) a header sent with every later request.
    pub fn set_header(&mut self, name: &str, must_understand: bool, value: Value) {
        self.headers.retain(|(n, _, _)| n != name);
        self.headers.push((name.to_owned(), must_understand, value));
    }

    /// A batch of several calls in one packet.
    pub fn batch(&mut self) -> Batch<'_> {
        Batch {
            client: self,
            messages: Vec::new(),
            kinds: Vec::new(),
        }
    }

    /// One NetConnection call: `target` is `"Service.method"`, `args` the
    /// argument list (a tuple, `(x,)` for one argument, `()` for none).
    ///
    /// # Errors
    /// When an argument cannot be encoded.
    pub fn call<A: Serialize + ?Sized>(
        &mut self,
        target: &str,
        args: &A,
    ) -> Result<Request, ClientError> {
        self.batch().call(target, args)?.finish()
    }

    /// One Flex `RemotingMessage` to `destination`'s `operation`.
    ///
    /// # Errors
    /// When an argument cannot be encoded.
    pub fn remote<A: Serialize + ?Sized>(
        &mut self,
        destination: &str,
        operation: &str,
        args: &A,
    ) -> Result<Request, ClientError> {
        self.batch().remote(destination, operation, args)?.finish()
    }

    /// The Flex handshake: a `CommandMessage` ping (operation 5) with
    /// `DSId = "nil"` (or the id already held). Reading its answer stores
    /// the id the server assigns.
    ///
    /// # Errors
    /// When encoding fails (it does not for a ping).
    pub fn ping(&mut self) -> Result<Request, ClientError> {
        let mut m = CommandMessage::client_ping();
        self.address(&mut m.client_id, &mut m.headers);
        let m = crate::to_value(&m)?;
        let mut b = self.batch();
        b.push_flex(m, Kind::Ping);
        b.finish()
    }

    /// A Flex login (`CommandMessage` operation 8, base64 `user:password`).
    ///
    /// # Errors
    /// When encoding fails.
    pub fn login(&mut self, user: &str, password: &str) -> Result<Request, ClientError> {
        let body = msg::string(&crate::base64::encode(
            format!("{user}:{password}").as_bytes(),
        ));
        self.command(operation::LOGIN, body)
    }

    /// A Flex logout (`CommandMessage` operation 9).
    ///
    /// # Errors
    /// When encoding fails.
    pub fn logout(&mut self) -> Result<Request, ClientError> {
        self.command(operation::LOGOUT, msg::anonymous(Vec::new()))
    }

    fn command(&mut self, op: u32, body: Value) -> Result<Request, ClientError> {
        let mut m = CommandMessage::new(op, body);
        self.address(&mut m.client_id, &mut m.headers);
        let m = crate::to_value(&m)?;
        let mut b = self.batch();
        b.push_flex(m, Kind::Flex);
        b.finish()
    }

    /// Sets a message's `clientId` and `DSId` header from the id held.
    fn address(&self, client_id: &mut Option<String>, headers: &mut crate::flex::Headers) {
        *client_id = self.client_id.clone();
        headers.insert(DS_ID, self.client_id.as_deref().unwrap_or("nil"));
    }

    /// Reads the response to `request`: each message's answer, matched by
    /// response URI. Also takes the `DSId` of a ping's acknowledgement and
    /// the `AppendToGatewayUrl`/`ReplaceGatewayUrl`/`RequestPersistentHeader`
    /// headers.
    ///
    /// # Errors
    /// [`ClientError::Amf`] if the packet cannot be decoded,
    /// [`ClientError::Protocol`] if an answer is missing. Faults are per
    /// answer, in the [`Response`].
    pub fn read(&mut self, request: &Request, response: &[u8]) -> Result<Response, ClientError> {
        let packet = Packet::from_slice_with(response, &self.options)?;
        for h in &packet.headers {
            let name = &*h.name;
            if name != APPEND_TO_GATEWAY_URL
                && name != REPLACE_GATEWAY_URL
                && name != REQUEST_PERSISTENT_HEADER
            {
                continue;
            }
            let value: Value = h.value.decode_with(&self.options)?;
            if name == REQUEST_PERSISTENT_HEADER {
                if let Some(name) = member_str(&value, "name") {
                    let must = member(&value, "mustUnderstand")
                        .and_then(Value::as_bool)
                        .unwrap_or(false);
                    let data = member(&value, "data").cloned().unwrap_or(Value::Null);
                    self.set_header(name, must, data);
                }
            } else {
                self.url_suffix = plain(&value).as_str().map(str::to_owned);
            }
        }
        let mut answers = Vec::with_capacity(request.uris.len());
        for (uri, kind) in request.uris.iter().zip(&request.kinds) {
            let m = packet
                .messages
                .iter()
                .find(|m| {
                    m.target
                        .strip_prefix(uri.as_str())
                        .is_some_and(|rest| rest == "/onResult" || rest == "/onStatus")
                })
                .ok_or_else(|| ClientError::Protocol(format!("no answer for {uri}")))?;
            let status = m.target.ends_with("/onStatus");
            let value: Value = m.body.decode_with(&self.options)?;
            let answer = match kind {
                Kind::NetConnection if status => Err(Fault::from_value(&value)),
                Kind::NetConnection => Ok(value),
                Kind::Flex | Kind::Ping => {
                    match crate::from_value::<FlexMessage<Value>>(plain(&value).clone()) {
                        Ok(FlexMessage::Acknowledge(ack)) => {
                            if *kind == Kind::Ping {
                                if let Some(id) = ack.headers.get_str(DS_ID) {
                                    self.client_id = Some(id.to_owned());
                                }
                            }
                            Ok(ack.body)
                        }
                        Ok(FlexMessage::Error(e)) => Err(Fault {
                            code: e.fault_code,
                            message: e.fault_string,
                            detail: e.fault_detail,
                            root_cause: e.root_cause,
                            extended_data: e.extended_data,
                        }),
                        // A status object where a Flex message was expected.
                        _ if status => Err(Fault::from_value(&value)),
                        _ => {
                            return Err(ClientError::Protocol(format!(
                                "the answer to {uri} is not an acknowledgement ({})",
                                msg::class_of(&value).unwrap_or("no class")
                            )))
                        }
                    }
                }
            };
            answers.push(answer);
        }
        Ok(Response { answers })
    }
}

/// Several calls in one packet (see [`Client::batch`]).
#[derive(Debug)]
pub struct Batch<'a> {
    client: &'a mut Client,
    messages: Vec<(String, String, Value)>,
    kinds: Vec<Kind>,
}

fn argument_list<A: Serialize + ?Sized>(args: &A) -> crate::Result<Vec<Value>> {
    let v = crate::to_value(args)?;
    Ok(match &v {
        Value::Null => Vec::new(),
        Value::Array(a) if a.assoc.is_empty() => a.dense.iter().cloned().collect(),
        _ => vec![v],
    })
}

fn array(items: Vec<Value>) -> Value {
    let mut a = crate::types::Array::default();
    a.dense.extend(items);
    Value::Array(std::sync::Arc::new(a))
}

impl Batch<'_> {
    fn next_uri(&mut self) -> String {
        self.client.counter = self.client.counter.wrapping_add(1);
        format!("/{}", self.client.counter)
    }

    /// Adds a NetConnection call (see [`Client::call`]).
    ///
    /// # Errors
    /// When an argument cannot be encoded.
    pub fn call<A: Serialize + ?Sized>(
        mut self,
        target: &str,
        args: &A,
    ) -> Result<Self, ClientError> {
        let mut items = argument_list(args)?;
        if self.client.encoding == ObjectEncoding::Amf3 {
            for v in &mut items {
                *v = Value::Amf3(Box::new(std::mem::take(v)));
            }
        }
        let uri = self.next_uri();
        self.messages.push((target.to_owned(), uri, array(items)));
        self.kinds.push(Kind::NetConnection);
        Ok(self)
    }

    /// Adds a Flex `RemotingMessage` (see [`Client::remote`]).
    ///
    /// # Errors
    /// When an argument cannot be encoded.
    pub fn remote<A: Serialize + ?Sized>(
        mut self,
        destination: &str,
        operation: &str,
        args: &A,
    ) -> Result<Self, ClientError> {
        let body = array(argument_list(args)?);
        let mut m = RemotingMessage::new(destination, operation, body);
        self.client.address(&mut m.client_id, &mut m.headers);
        let m = crate::to_value(&m)?;
        self.push_flex(m, Kind::Flex);
        Ok(self)
    }

    fn push_flex(&mut self, message: Value, kind: Kind) {
        let uri = self.next_uri();
        let body = array(vec![Value::Amf3(Box::new(message))]);
        self.messages.push(("null".to_owned(), uri, body));
        self.kinds.push(kind);
    }

    /// The request packet.
    ///
    /// # Errors
    /// When a value cannot be encoded.
    pub fn finish(self) -> Result<Request, ClientError> {
        let opts = &self.client.options;
        let version = match self.client.encoding {
            ObjectEncoding::Amf0 if self.kinds.iter().all(|k| *k == Kind::NetConnection) => {
                Version::Amf0
            }
            _ => Version::Amf3,
        };
        let mut packet = Packet::new(version);
        for (name, must, v) in &self.client.headers {
            let v = match version {
                Version::Amf3 if !matches!(v, Value::Amf3(_)) => Value::Amf3(Box::new(v.clone())),
                _ => v.clone(),
            };
            packet
                .headers
                .push(Header::new(name.clone(), *must, Body::amf0_with(&v, opts)?));
        }
        let mut uris = Vec::with_capacity(self.messages.len());
        for (target, response, body) in self.messages {
            uris.push(response.clone());
            packet.messages.push(Message::new(
                target,
                response,
                Body::amf0_with(&body, opts)?,
            ));
        }
        Ok(Request {
            body: Bytes::from(packet.to_vec()?),
            uris,
            kinds: self.kinds,
        })
    }
}
