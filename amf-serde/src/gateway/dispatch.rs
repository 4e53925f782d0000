//! Routing one decoded message to its handler: NetConnection calls
//! (`"Service.method"`), Flex `RemotingMessage`s and `CommandMessage`s
//! (ping, login, logout, poll), and the ids an answer to a Flex message
//! carries.

use super::handle::PacketContext;
use super::msg::{self, member, member_str, plain};
use super::service::{Budget, Handler};
use super::{Call, Fault, Inner, Style};
use crate::flex::{
    operation, AcknowledgeMessage, AcknowledgeMessageExt, CommandMessage, FlexMessage, Headers,
    RemotingMessage, DSA, DSC, DS_ID,
};
use crate::Value;

/// The ids of a Flex request, for its answer.
#[derive(Default, Clone)]
pub(crate) struct FlexIds {
    pub(super) message_id: String,
    /// The `DSId` header unless `"nil"`, else `clientId`.
    pub(super) client_id: Option<String>,
    pub(super) headers: Headers,
    pub(super) destination: Option<String>,
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
    pub(super) async fn message(
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
                    .and_then(|s| crate::base64::decode(s).ok())
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
pub(super) fn flex_ids_of_value(message: &Value) -> FlexIds {
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
pub(super) fn flex_message(body: &Value) -> Option<&Value> {
    let m = match plain(body) {
        Value::Array(a) if a.assoc.is_empty() && a.dense.len() == 1 => plain(&a.dense[0]),
        Value::Object(_) | Value::External(_) => plain(body),
        _ => return None,
    };
    matches!(m, Value::Object(_) | Value::External(_)).then_some(m)
}
