//! Arbitrary bytes as a request to the remoting gateway (the demo-like
//! services below): never panics (handler panics are the gateway's to
//! catch, and none of these handlers panic), always either answers with a
//! packet that decodes again or refuses with HTTP 400/413.
#![no_main]

use amf_serde::gateway::{Fault, Gateway, Service};
use amf_serde::remoting::Packet;
use amf_serde::Value;
use libfuzzer_sys::fuzz_target;

fn gateway() -> Gateway {
    Gateway::new()
        .service(
            "EchoService",
            Service::new().operation("echo", |args: Value| Ok::<_, Fault>(args)),
        )
        .service(
            "Typed",
            Service::new()
                .operation("add", |(a, b): (i32, f64)| Ok::<_, Fault>(f64::from(a) + b))
                .operation("names", |(v,): (Vec<String>,)| Ok::<_, Fault>(v.len())),
        )
        .with_max_request_bytes(1 << 16)
}

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static GW: Gateway = gateway();
    }
    GW.with(|gw| match gw.try_handle_blocking(data) {
        Ok(out) => {
            let p = Packet::from_slice(&out).expect("the answer decodes");
            for m in &p.messages {
                m.body.decode::<Value>().expect("each answer body decodes");
                assert!(m.target.ends_with("/onResult") || m.target.ends_with("/onStatus"));
            }
        }
        Err(e) => assert!(matches!(e.status(), 400 | 413), "{e}"),
    });
});
