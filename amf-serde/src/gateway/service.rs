//! Services and their operations: [`Service`] (typed handlers, synchronous
//! or asynchronous), what a handler knows of its [`Call`], and converting a
//! call's arguments into the handler's types within the work budget.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{msg, BoxFuture, Fault};
use crate::Value;

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
    pub(super) service: String,
    pub(super) operation: String,
    pub(super) client_id: Option<String>,
    pub(super) user: Option<String>,
    pub(super) style: Style,
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

    /// The logged-in user, as the [`Auth`](super::Auth) hook reports it.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// How the call arrived.
    pub fn style(&self) -> Style {
        self.style
    }
}

pub(super) type Handler =
    Arc<dyn Fn(Call, Value, Budget) -> BoxFuture<Result<Value, Fault>> + Send + Sync>;

/// The work budget for converting arguments into the handler's types.
#[derive(Clone, Copy)]
pub(super) struct Budget(pub(super) u64);

/// A named group of operations: a Flex destination or a NetConnection
/// service.
#[derive(Clone, Default)]
pub struct Service {
    pub(super) operations: HashMap<String, Handler>,
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
