//! The transport-free gateway and client, in process: handshake, dispatch,
//! batches, faults, panics, login hook, limits, statelessness, and the
//! RocketAMF request fixtures (real Flash Player traffic).
//!
//! Split into `remote_object`, `batches_and_auth`, `rocketamf`, `limits_and_errors`.
//! The demo services and round-trip helpers live here.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use amf_serde::client::{Client, ClientError};
use amf_serde::gateway::{
    block_on, is_uid, Auth, Call, ClientIds, Fault, Gateway, RandomClientIds, Service, Style,
};
use amf_serde::remoting::{Packet, Version};
use amf_serde::{amf, amf_value, Options, Value};
use serde::{Deserialize, Serialize};

mod batches_and_auth;
mod limits_and_errors;
mod remote_object;
mod rocketamf;

#[amf(alias = "com.example.Point")]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Point {
    x: f64,
    y: f64,
}

/// A future that is pending once (waking itself), then ready: makes a
/// handler's future really suspend.
struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            std::task::Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }
}

fn services() -> Gateway {
    Gateway::new().service(
        "Geo",
        Service::new()
            .operation("mirror", |(p,): (Point,)| {
                Ok::<_, Fault>(Point { x: p.y, y: p.x })
            })
            .operation("sum", |(a, b): (i32, i32)| Ok::<_, Fault>(a + b))
            .operation("nothing", |(): ()| Ok::<_, Fault>("none"))
            .operation("echo", |args: Value| Ok::<_, Fault>(args))
            .operation("refuse", |(): ()| {
                Err::<(), _>(Fault::new("Geo.Refused", "no").with_detail("never"))
            })
            .operation("boom", |(): ()| -> Result<(), Fault> {
                panic!("sync boom")
            })
            .operation("nested", |(v,): (Vec<Vec<Vec<i32>>>,)| {
                Ok::<_, Fault>(v.len())
            })
            .operation_async("later", |call: Call, (n,): (i32,)| async move {
                YieldOnce(false).await;
                Ok::<_, Fault>(format!("{}.{} {n}", call.service(), call.operation()))
            })
            .operation_async("late_boom", |_call: Call, (): ()| async move {
                YieldOnce(false).await;
                if true {
                    panic!("async boom after a suspension");
                }
                Ok::<(), Fault>(())
            })
            .operation_async("whoami", |call: Call, (): ()| async move {
                Ok::<_, Fault>((
                    call.user().map(str::to_owned),
                    call.client_id().map(str::to_owned),
                    call.style() == Style::Flex,
                ))
            }),
    )
}

fn roundtrip(
    gateway: &Gateway,
    client: &mut Client,
    request: &amf_serde::client::Request,
) -> amf_serde::client::Response {
    let bytes = gateway
        .try_handle_blocking(&request.body)
        .expect("an AMF answer");
    client.read(request, &bytes).expect("a readable answer")
}

fn fault_of(r: Result<Value, Fault>) -> Fault {
    r.expect_err("a fault")
}
