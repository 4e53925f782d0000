//! The demo services of `cargo run --example gateway`, also used by the
//! end-to-end tests and the load run.

use std::collections::HashMap;
use std::sync::Mutex;

use amf_serde::amf;
use amf_serde::flex::ArrayCollection;
use amf_serde::gateway::{Auth, Call, Fault, Gateway, Service};
use amf_serde::Value;
use serde::{Deserialize, Serialize};

/// A customer record; Flex/Royale clients register the same alias
/// (`registerClassAlias("com.example.Customer", Customer)`).
#[amf(alias = "com.example.Customer")]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Customer {
    /// Identifier.
    pub id: i32,
    /// Display name.
    pub name: String,
    /// Account balance.
    pub balance: f64,
    /// Free-form tags.
    pub tags: Vec<String>,
}

/// The demo customers.
pub fn customers() -> Vec<Customer> {
    vec![
        Customer {
            id: 1,
            name: "Ada".into(),
            balance: 1815.5,
            tags: vec!["math".into()],
        },
        Customer {
            id: 2,
            name: "Alan".into(),
            balance: 1912.25,
            tags: vec!["math".into(), "crypto".into()],
        },
        Customer {
            id: 3,
            name: "Grace".into(),
            balance: 1906.0,
            tags: vec!["compilers".into()],
        },
    ]
}

/// `EchoService`: `echo` returns the array of its arguments unchanged
/// (class aliases and types kept, since it passes the decoded
/// [`Value`]s through), `fail` always faults.
pub fn echo_service() -> Service {
    Service::new()
        .operation("echo", |args: Value| Ok::<_, Fault>(args))
        .operation("fail", |args: Value| {
            Err::<(), _>(
                Fault::new("EchoService.Fail", "fail always fails")
                    .with_detail(format!("called with {} argument(s)", arg_count(&args))),
            )
        })
}

fn arg_count(args: &Value) -> usize {
    args.as_array().map_or(0, |a| a.len())
}

/// `CustomerService`: typed operations on [`Customer`] records.
pub fn customer_service() -> Service {
    Service::new()
        .operation("get", |(id,): (i32,)| {
            customers()
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(|| Fault::new("CustomerService.NotFound", format!("no customer {id}")))
        })
        .operation("list", |(): ()| {
            Ok::<_, Fault>(ArrayCollection(customers()))
        })
        .operation("save", |(mut c,): (Customer,)| {
            c.name = c.name.to_uppercase();
            Ok::<_, Fault>(c)
        })
        .operation("add", |(a, b): (f64, f64)| Ok::<_, Fault>(a + b))
        .operation("greet", |(name, times): (String, u32)| {
            if times > 100 {
                return Err(Fault::new("CustomerService.TooMany", "at most 100"));
            }
            Ok(vec![format!("Hello, {name}!"); times as usize])
        })
        .operation("panic", |(): ()| -> Result<(), Fault> {
            panic!("the demo panic operation was called")
        })
        .operation_async("whoami", |call: Call, (): ()| async move {
            Ok::<_, Fault>(call.user().map(str::to_owned))
        })
}

/// A single-process login store for the demo (user `demo`, password
/// `secret`). Several processes would keep this in a shared store.
#[derive(Default)]
pub struct DemoAuth {
    sessions: Mutex<HashMap<String, String>>,
}

impl Auth for DemoAuth {
    fn login(&self, client_id: Option<&str>, user: &str, password: &str) -> Result<(), Fault> {
        if user != "demo" || password != "secret" {
            return Err(Fault::new(
                Fault::CLIENT_AUTHENTICATION,
                "invalid credentials",
            ));
        }
        if let Some(id) = client_id {
            if let Ok(mut s) = self.sessions.lock() {
                s.insert(id.to_owned(), user.to_owned());
            }
        }
        Ok(())
    }

    fn logout(&self, client_id: &str) {
        if let Ok(mut s) = self.sessions.lock() {
            s.remove(client_id);
        }
    }

    fn user(&self, client_id: &str) -> Option<String> {
        self.sessions.lock().ok()?.get(client_id).cloned()
    }
}

/// The demo gateway: `EchoService` and `CustomerService`, with [`DemoAuth`].
pub fn gateway() -> Gateway {
    Gateway::new()
        .service("EchoService", echo_service())
        .service("CustomerService", customer_service())
        .with_auth(DemoAuth::default())
}
