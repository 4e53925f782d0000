//! Answering one request packet: the size and count limits, the packet's
//! `Credentials` header, each message dispatched with panics caught, and the
//! answers encoded into the response packet.

use bytes::Bytes;

use super::dispatch::{flex_ids_of_value, flex_message, FlexIds};
use super::exec::{panic_message, CatchUnwind};
use super::service::Budget;
use super::{Fault, Inner, RequestError};
use crate::remoting::{Body, Credentials, Message, Packet, Version, CREDENTIALS};
use crate::Value;

/// One message's answer: the URIs and the value.
struct Answer {
    target: String,
    value: Value,
}

/// What a packet's headers established for its calls.
#[derive(Default)]
pub(super) struct PacketContext {
    /// NetConnection `Credentials`: `Ok(user)` or the login fault.
    pub(super) credentials: Option<Result<String, Fault>>,
    /// A version-3 packet.
    pub(super) amf3: bool,
}

impl Inner {
    pub(super) async fn handle(&self, request: &[u8]) -> Result<Bytes, RequestError> {
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
