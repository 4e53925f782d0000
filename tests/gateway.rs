//! The transport-free gateway and client, in process: handshake, dispatch,
//! batches, faults, panics, login hook, limits, statelessness, and the
//! RocketAMF request fixtures (real Flash Player traffic).

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

#[test]
fn ping_assigns_a_client_id_in_the_dsid_header() {
    let gw = services();
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    let bytes = gw.handle_blocking(&ping.body);
    // The raw answer: version 3, "/1/onResult", an AcknowledgeMessage with
    // headers.DSId = a fresh UID and correlationId = the ping's messageId.
    let packet = Packet::from_slice(&bytes).unwrap();
    assert_eq!(packet.version, Version::Amf3);
    assert_eq!(packet.messages.len(), 1);
    assert_eq!(packet.messages[0].target, "/1/onResult");
    let ack: Value = packet.messages[0].body.decode().unwrap();
    assert_eq!(
        ack.class(),
        Some("flex.messaging.messages.AcknowledgeMessage")
    );
    let id = ack["headers"]["DSId"].as_str().unwrap().to_owned();
    assert!(is_uid(&id), "{id}");
    assert_eq!(ack["clientId"].as_str(), Some(id.as_str()));
    let sent: Value = Packet::from_slice(&ping.body).unwrap().messages[0]
        .body
        .decode()
        .unwrap();
    assert_eq!(ack["correlationId"], sent[0]["messageId"]);
    assert!(is_uid(ack["messageId"].as_str().unwrap()));

    c.read(&ping, &bytes).unwrap();
    assert_eq!(c.client_id(), Some(id.as_str()));
    // A second ping with the id keeps it.
    let again = c.ping().unwrap();
    roundtrip(&gw, &mut c, &again);
    assert_eq!(c.client_id(), Some(id.as_str()));
    assert_eq!(c.counter(), 2);
}

#[test]
fn a_client_id_issued_by_one_instance_is_accepted_by_another() {
    let a = services();
    let b = services();
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    roundtrip(&a, &mut c, &ping);
    let id = c.client_id().unwrap().to_owned();
    let call = c.remote("Geo", "whoami", &()).unwrap();
    let r = roundtrip(&b, &mut c, &call);
    let (user, seen, flex): (Option<String>, Option<String>, bool) = r.result(0).unwrap();
    assert_eq!(
        (user, seen.as_deref(), flex),
        (None, Some(id.as_str()), true)
    );
    // b's ping keeps a's id rather than issuing a new one.
    let ping = c.ping().unwrap();
    roundtrip(&b, &mut c, &ping);
    assert_eq!(c.client_id(), Some(id.as_str()));
}

/// Ids signed with a shared secret: only ids this deployment issued pass.
struct Signed(u64);

impl ClientIds for Signed {
    fn issue(&self) -> String {
        let base = RandomClientIds.issue();
        let tag = format!("{:012X}", self.sign(&base[..24]));
        format!("{}{}", &base[..24], tag)
    }
    fn accept(&self, id: &str) -> bool {
        is_uid(id) && format!("{:012X}", self.sign(&id[..24])) == id[24..]
    }
}

impl Signed {
    fn sign(&self, s: &str) -> u64 {
        s.bytes().fold(self.0, |h, b| {
            h.wrapping_mul(1_099_511_628_211) ^ u64::from(b)
        }) & 0xFFFF_FFFF_FFFF
    }
}

#[test]
fn client_ids_hook_decides_which_ids_are_accepted() {
    let one = services().with_client_ids(Signed(7));
    let two = services().with_client_ids(Signed(7));
    let other = services().with_client_ids(Signed(8));
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    roundtrip(&one, &mut c, &ping);
    let call = c.remote("Geo", "sum", &(1, 2)).unwrap();
    assert_eq!(roundtrip(&two, &mut c, &call).result::<i32>(0).unwrap(), 3);
    let call = c.remote("Geo", "sum", &(1, 2)).unwrap();
    let f = fault_of(roundtrip(&other, &mut c, &call).answers()[0].clone());
    assert_eq!(f.code, "Server.Processing");
    assert!(f.message.contains("ping again"), "{f}");
    // A ping to the other deployment replaces the foreign id.
    let old = c.client_id().unwrap().to_owned();
    let ping = c.ping().unwrap();
    roundtrip(&other, &mut c, &ping);
    assert_ne!(c.client_id().unwrap(), old);
}

#[test]
fn typed_arguments_and_aliased_results() {
    let gw = services();
    let mut c = Client::new();
    let call = c
        .remote("Geo", "mirror", &(Point { x: 1.0, y: 2.5 },))
        .unwrap();
    let r = roundtrip(&gw, &mut c, &call);
    let v = r.answers()[0].as_ref().unwrap();
    assert_eq!(v.class(), Some("com.example.Point"));
    assert_eq!(r.result::<Point>(0).unwrap(), Point { x: 2.5, y: 1.0 });
    let call = c.remote("Geo", "nothing", &()).unwrap();
    assert_eq!(
        roundtrip(&gw, &mut c, &call)
            .into_result::<String>()
            .unwrap(),
        "none"
    );
}

#[test]
fn echo_keeps_types_and_aliases() {
    let gw = services();
    let mut c = Client::new();
    let args = (
        "s",
        7,
        1.5,
        true,
        Point { x: 3.0, y: 4.0 },
        amf_value!({"k": [1, "two"]}),
    );
    let call = c.remote("Geo", "echo", &args).unwrap();
    let r = roundtrip(&gw, &mut c, &call);
    let v = r.answers()[0].as_ref().unwrap();
    assert_eq!(v[0], Value::String("s".into()));
    assert_eq!(v[1], Value::Integer(7));
    assert_eq!(v[2], Value::Double(1.5));
    assert_eq!(v[3], Value::Bool(true));
    assert_eq!(v[4].class(), Some("com.example.Point"));
    assert_eq!(v[5]["k"][1], Value::String("two".into()));
    assert_eq!(*v, amf_serde::to_value(&args).unwrap());
}

#[test]
fn faults_for_unknown_destination_operation_and_bad_arguments() {
    let gw = services();
    let mut c = Client::new();
    let cases: Vec<(&str, &str, Value, &str, &str)> = vec![
        (
            "Nowhere",
            "x",
            amf_value!([]),
            "Server.Processing",
            "No destination with id 'Nowhere'",
        ),
        (
            "Geo",
            "nope",
            amf_value!([]),
            "Server.ResourceUnavailable",
            "Method 'nope' not found",
        ),
        (
            "Geo",
            "sum",
            amf_value!(["a", 1]),
            "Server.ResourceUnavailable",
            "Cannot invoke method 'sum'",
        ),
        (
            "Geo",
            "sum",
            amf_value!([1]),
            "Server.ResourceUnavailable",
            "Cannot invoke method 'sum'",
        ),
        (
            "Geo",
            "mirror",
            amf_value!([{"x": "no"}]),
            "Server.ResourceUnavailable",
            "Cannot invoke method 'mirror'",
        ),
        ("Geo", "refuse", amf_value!([]), "Geo.Refused", "no"),
        (
            "Geo",
            "boom",
            amf_value!([]),
            "Server.Processing",
            "the service panicked: sync boom",
        ),
        (
            "Geo",
            "late_boom",
            amf_value!([]),
            "Server.Processing",
            "the service panicked: async boom after a suspension",
        ),
    ];
    for (dest, op, args, code, text) in cases {
        let call = c.remote(dest, op, &args).unwrap();
        let bytes = gw.handle_blocking(&call.body);
        let packet = Packet::from_slice(&bytes).unwrap();
        assert_eq!(
            packet.messages[0].target,
            format!("{}/onStatus", call.uris()[0])
        );
        let em: Value = packet.messages[0].body.decode().unwrap();
        assert_eq!(
            em.class(),
            Some("flex.messaging.messages.ErrorMessage"),
            "{dest}.{op}"
        );
        let sent: Value = Packet::from_slice(&call.body).unwrap().messages[0]
            .body
            .decode()
            .unwrap();
        assert_eq!(em["correlationId"], sent[0]["messageId"]);
        let f = fault_of(c.read(&call, &bytes).unwrap().answers()[0].clone());
        assert_eq!(f.code, code, "{dest}.{op}: {f}");
        assert!(f.message.contains(text), "{dest}.{op}: {f}");
    }
    // The refusal's detail reaches the client.
    let call = c.remote("Geo", "refuse", &()).unwrap();
    let err = roundtrip(&gw, &mut c, &call)
        .into_result::<()>()
        .unwrap_err();
    assert_eq!(err.fault().unwrap().detail, "never");
}

#[test]
fn net_connection_calls_results_faults_and_batches() {
    for mut c in [Client::amf0(), Client::new()] {
        let gw = services();
        let batch = c
            .batch()
            .call("Geo.sum", &(2, 3))
            .unwrap()
            .call("Geo.refuse", &())
            .unwrap()
            .call("Geo.mirror", &(Point { x: 0.5, y: 1.0 },))
            .unwrap()
            .call("Nope.x", &())
            .unwrap()
            .call("Geo.later", &(9,))
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(batch.uris(), ["/1", "/2", "/3", "/4", "/5"]);
        let bytes = gw.handle_blocking(&batch.body);
        let packet = Packet::from_slice(&bytes).unwrap();
        let targets: Vec<&str> = packet.messages.iter().map(|m| &*m.target).collect();
        assert_eq!(
            targets,
            [
                "/1/onResult",
                "/2/onStatus",
                "/3/onResult",
                "/4/onStatus",
                "/5/onResult"
            ]
        );
        let status: Value = packet.messages[1].body.decode().unwrap();
        assert_eq!(status["level"].as_str(), Some("error"));
        assert_eq!(status["code"].as_str(), Some("Geo.Refused"));
        assert_eq!(status["description"].as_str(), Some("no"));
        assert_eq!(status["details"].as_str(), Some("never"));
        let r = c.read(&batch, &bytes).unwrap();
        assert_eq!(r.result::<i32>(0).unwrap(), 5);
        assert_eq!(
            r.result::<()>(1).unwrap_err().fault().unwrap().code,
            "Geo.Refused"
        );
        assert_eq!(r.result::<Point>(2).unwrap(), Point { x: 1.0, y: 0.5 });
        assert_eq!(
            r.result::<()>(3).unwrap_err().fault().unwrap().code,
            "Server.Processing"
        );
        assert_eq!(r.result::<String>(4).unwrap(), "Geo.later 9");
        assert_eq!(
            packet.version,
            if c.encoding() == amf_serde::client::ObjectEncoding::Amf0 {
                Version::Amf0
            } else {
                Version::Amf3
            }
        );
    }
}

#[test]
fn flex_batch_answers_every_message_in_order() {
    let gw = services();
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    roundtrip(&gw, &mut c, &ping);
    let batch = c
        .batch()
        .remote("Geo", "sum", &(1, 1))
        .unwrap()
        .remote("Geo", "boom", &())
        .unwrap()
        .remote("Geo", "later", &(3,))
        .unwrap()
        .finish()
        .unwrap();
    let r = roundtrip(&gw, &mut c, &batch);
    assert_eq!(r.len(), 3);
    assert_eq!(r.result::<i32>(0).unwrap(), 2);
    assert!(r
        .result::<()>(1)
        .unwrap_err()
        .fault()
        .unwrap()
        .message
        .contains("sync boom"));
    assert_eq!(r.result::<String>(2).unwrap(), "Geo.later 3");
}

#[derive(Default)]
struct Users {
    sessions: Mutex<Vec<(String, String)>>,
    logins: AtomicUsize,
}

impl Auth for Users {
    fn login(&self, client_id: Option<&str>, user: &str, password: &str) -> Result<(), Fault> {
        self.logins.fetch_add(1, Ordering::SeqCst);
        if password != format!("{user}-pw") {
            return Err(Fault::new(Fault::CLIENT_AUTHENTICATION, "bad password"));
        }
        if let Some(id) = client_id {
            self.sessions
                .lock()
                .unwrap()
                .push((id.to_owned(), user.to_owned()));
        }
        Ok(())
    }
    fn logout(&self, client_id: &str) {
        self.sessions
            .lock()
            .unwrap()
            .retain(|(id, _)| id != client_id);
    }
    fn user(&self, client_id: &str) -> Option<String> {
        let s = self.sessions.lock().unwrap();
        s.iter()
            .find(|(id, _)| id == client_id)
            .map(|(_, u)| u.clone())
    }
}

#[test]
fn flex_login_and_logout_go_through_the_hook() {
    let users = Arc::new(Users::default());
    let gw = services().with_auth(users.clone());
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    roundtrip(&gw, &mut c, &ping);
    let login = c.login("ada", "wrong").unwrap();
    let f = fault_of(roundtrip(&gw, &mut c, &login).answers()[0].clone());
    assert_eq!(f.code, "Client.Authentication");
    let login = c.login("ada", "ada-pw").unwrap();
    assert_eq!(
        roundtrip(&gw, &mut c, &login)
            .into_result::<String>()
            .unwrap(),
        "success"
    );
    let call = c.remote("Geo", "whoami", &()).unwrap();
    let (user, _, _): (Option<String>, Option<String>, bool) =
        roundtrip(&gw, &mut c, &call).into_result().unwrap();
    assert_eq!(user.as_deref(), Some("ada"));
    let logout = c.logout().unwrap();
    roundtrip(&gw, &mut c, &logout)
        .into_result::<String>()
        .unwrap();
    let call = c.remote("Geo", "whoami", &()).unwrap();
    let (user, _, _): (Option<String>, Option<String>, bool) =
        roundtrip(&gw, &mut c, &call).into_result().unwrap();
    assert_eq!(user, None);
    // Without a hook, a login is a fault.
    let login = c.login("ada", "ada-pw").unwrap();
    let f = fault_of(roundtrip(&services(), &mut c, &login).answers()[0].clone());
    assert_eq!(f.code, "Client.Authentication");
}

#[test]
fn net_connection_credentials_header_is_checked_per_packet() {
    let users = Arc::new(Users::default());
    let gw = services().with_auth(users.clone());
    let mut c = Client::amf0();
    c.set_credentials("bob", "bob-pw");
    let batch = c
        .batch()
        .call("Geo.whoami", &())
        .unwrap()
        .call("Geo.sum", &(1, 2))
        .unwrap()
        .finish()
        .unwrap();
    let r = roundtrip(&gw, &mut c, &batch);
    let (user, id, flex): (Option<String>, Option<String>, bool) = r.result(0).unwrap();
    assert_eq!((user.as_deref(), id, flex), (Some("bob"), None, false));
    assert_eq!(r.result::<i32>(1).unwrap(), 3);
    assert_eq!(
        users.logins.load(Ordering::SeqCst),
        1,
        "one login per packet"
    );
    c.set_credentials("bob", "nope");
    let call = c.call("Geo.sum", &(1, 2)).unwrap();
    let f = fault_of(roundtrip(&gw, &mut c, &call).answers()[0].clone());
    assert_eq!(f.code, "Client.Authentication");
}

#[test]
fn commands_poll_and_unknown_operations() {
    let gw = services();
    // Real Flash Player CommandMessage with operation 10000 (unknown).
    let bytes = std::fs::read("fixtures/rocketamf/request/unsupportedCommandMessage.bin").unwrap();
    let out = gw.handle_blocking(&bytes);
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.messages[0].target, "/1/onStatus");
    let em: Value = p.messages[0].body.decode().unwrap();
    assert_eq!(em["faultCode"].as_str(), Some("Server.Processing"));
    assert_eq!(
        em["correlationId"].as_str(),
        Some("7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246")
    );
}

#[test]
fn rocketamf_requests_are_answered() {
    let gw = Gateway::new()
        .service(
            "TestController",
            Service::new()
                .operation("test", |args: Vec<String>| Ok::<_, Fault>(args.join("+")))
                .operation("test2", |args: Vec<String>| Ok::<_, Fault>(args.len())),
        )
        .service(
            "WritesController",
            Service::new().operation("save", |(b,): (bool,)| Ok::<_, Fault>(!b)),
        )
        .service(
            "rubyamf",
            Service::new().operation("save", |(b,): (bool,)| Ok::<_, Fault>(!b)),
        );
    let dir = "fixtures/rocketamf/request";
    // commandMessage.bin: the Flash ping.
    let out = gw.handle_blocking(&std::fs::read(format!("{dir}/commandMessage.bin")).unwrap());
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.messages[0].target, "/1/onResult");
    let ack: Value = p.messages[0].body.decode().unwrap();
    assert_eq!(
        ack["correlationId"].as_str(),
        Some("7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246")
    );
    assert!(is_uid(ack["headers"]["DSId"].as_str().unwrap()));
    // remotingMessage.bin: WritesController.save(true) to destination "rubyamf".
    let out = gw.handle_blocking(&std::fs::read(format!("{dir}/remotingMessage.bin")).unwrap());
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.messages[0].target, "/2/onResult");
    let ack: Value = p.messages[0].body.decode().unwrap();
    assert_eq!(
        ack.class(),
        Some("flex.messaging.messages.AcknowledgeMessage")
    );
    assert_eq!(ack["body"], Value::Bool(false));
    assert_eq!(
        ack["correlationId"].as_str(),
        Some("FE4AF2BC-DD3C-5470-05D8-9971D51FF89D")
    );
    // flex-request.bin: a RemotingMessage with a null destination and
    // source "TestController".
    let out = gw.handle_blocking(&std::fs::read(format!("{dir}/flex-request.bin")).unwrap());
    let ack: Value = Packet::from_slice(&out).unwrap().messages[0]
        .body
        .decode()
        .unwrap();
    assert_eq!(ack["body"].as_str(), Some("first_arg+second_arg"));
    // simple-request.bin and multiple-simple-request.bin: AMF0 calls.
    let out =
        gw.handle_blocking(&std::fs::read(format!("{dir}/multiple-simple-request.bin")).unwrap());
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.version, Version::Amf0);
    let got: Vec<(String, Value)> = p
        .messages
        .iter()
        .map(|m| (m.target.to_string(), m.body.decode().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "/1/onResult".to_owned(),
                Value::String("first_arg+second_arg".into())
            ),
            ("/2/onResult".to_owned(), Value::Double(2.0)),
        ]
    );
    let out = gw.handle_blocking(&std::fs::read(format!("{dir}/simple-request.bin")).unwrap());
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.messages.len(), 1);
    assert!(
        p.messages[0].target.ends_with("/onResult"),
        "{}",
        p.messages[0].target
    );
}

#[test]
fn limits_turn_into_http_errors_or_faults() {
    let gw = services().with_max_request_bytes(1000);
    let mut c = Client::new();
    let big = c.remote("Geo", "echo", &("x".repeat(2000),)).unwrap();
    assert_eq!(gw.try_handle_blocking(&big.body).unwrap_err().status(), 413);
    // An unreadable packet: 400, and an empty buffer from handle_blocking.
    assert_eq!(
        gw.try_handle_blocking(&[0, 3, 0]).unwrap_err().status(),
        400
    );
    assert!(gw.handle_blocking(&[0, 9, 0, 0, 0, 0]).is_empty());
    let call = c.remote("Geo", "sum", &(1, 2)).unwrap();
    let mut cut = call.body.to_vec();
    cut.truncate(cut.len() - 3);
    let e = gw.try_handle_blocking(&cut).unwrap_err();
    assert_eq!(e.status(), 400);
    assert!(e.to_string().contains("in message 0"), "{e}");
    // Too many messages.
    let gw2 = services().with_max_messages(2);
    let mut b = c.batch();
    for _ in 0..3 {
        b = b.call("Geo.sum", &(1, 2)).unwrap();
    }
    let e = gw2
        .try_handle_blocking(&b.finish().unwrap().body)
        .unwrap_err();
    assert_eq!(e.status(), 400);
    assert!(e.to_string().contains("limit of 2"), "{e}");
    // Depth: 40 nested arrays exceed a depth limit of 16.
    let gw3 = services().with_options(Options::new().with_max_depth(16));
    let mut deep = Value::Null;
    for _ in 0..40 {
        deep = amf_serde::to_value(&vec![deep]).unwrap();
    }
    let call = c.remote("Geo", "echo", &(deep,)).unwrap();
    let e = gw3.try_handle_blocking(&call.body).unwrap_err();
    assert!(e.to_string().contains("depth limit of 16"), "{e}");
}

#[test]
fn reference_bomb_into_typed_arguments_is_a_fault_not_an_expansion() {
    // [[[…]]]: each level an array holding the previous level twice, by
    // reference: 30 levels are tiny on the wire and 2^30 values as a tree.
    let mut level = amf_serde::to_value(&vec![1, 2, 3]).unwrap();
    for _ in 0..30 {
        let mut a = amf_serde::types::Array::default();
        a.extend([level.clone(), level.clone()]);
        level = Value::Array(Arc::new(a));
    }
    let gw = services();
    let mut c = Client::new();
    let call = c.remote("Geo", "nested", &(level.clone(),)).unwrap();
    assert!(call.body.len() < 400, "{}", call.body.len());
    let started = std::time::Instant::now();
    let r = roundtrip(&gw, &mut c, &call);
    let f = fault_of(r.answers()[0].clone());
    assert_eq!(f.code, "Server.ResourceUnavailable");
    assert!(f.detail.contains("work limit"), "{f}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // Echoing it as a Value keeps the sharing: the answer is small too.
    let call = c.remote("Geo", "echo", &(level,)).unwrap();
    let out = gw.handle_blocking(&call.body);
    assert!(out.len() < 600, "{}", out.len());
}

#[test]
fn bodies_that_do_not_decode_are_client_message_encoding_faults() {
    // A Flex message whose body decodes as a packet value but holds no Flex
    // message, and an AMF0 call whose body is not an argument array.
    let gw = services();
    let mut p = Packet::new(Version::Amf3);
    p.messages.push(amf_serde::remoting::Message::new(
        "null",
        "/1",
        amf_serde::remoting::Body::amf0(&("not a message",)).unwrap(),
    ));
    p.messages.push(amf_serde::remoting::Message::new(
        "Geo.sum",
        "/2",
        amf_serde::remoting::Body::amf0(&"scalar").unwrap(),
    ));
    let out = gw.handle_blocking(&p.to_vec().unwrap());
    let back = Packet::from_slice(&out).unwrap();
    assert_eq!(back.messages[0].target, "/1/onStatus");
    assert_eq!(back.messages[1].target, "/2/onStatus");
    let em: Value = back.messages[0].body.decode().unwrap();
    assert_eq!(em["faultCode"].as_str(), Some("Client.Message.Encoding"));
    let st: Value = back.messages[1].body.decode().unwrap();
    assert_eq!(st["code"].as_str(), Some("Client.Message.Encoding"));
}

#[test]
fn handle_is_a_send_future_that_any_executor_runs() {
    fn assert_send<T: Send + 'static>(_: &T) {}
    let gw = services();
    let mut c = Client::new();
    let call = c.remote("Geo", "later", &(1,)).unwrap();
    let fut = gw.handle(call.body.clone());
    assert_send(&fut);
    // Run on other threads at once.
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let gw = gw.clone();
            std::thread::spawn(move || {
                let mut c = Client::new();
                let call = c.remote("Geo", "later", &(i,)).unwrap();
                let out = block_on(gw.handle(call.body.clone())).unwrap();
                c.read(&call, &out)
                    .unwrap()
                    .into_result::<String>()
                    .unwrap()
            })
        })
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        assert_eq!(h.join().unwrap(), format!("Geo.later {i}"));
    }
    let out = block_on(fut).unwrap();
    assert_eq!(
        c.read(&call, &out)
            .unwrap()
            .into_result::<String>()
            .unwrap(),
        "Geo.later 1"
    );
}

#[test]
fn client_errors_for_unmatched_answers() {
    let gw = services();
    let mut c = Client::new();
    let call = c.remote("Geo", "sum", &(1, 2)).unwrap();
    let other = c.remote("Geo", "sum", &(1, 2)).unwrap();
    let out = gw.handle_blocking(&call.body);
    match c.read(&other, &out) {
        Err(ClientError::Protocol(m)) => assert!(m.contains("/2"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        c.read(&call, &out[..out.len() - 1]),
        Err(ClientError::Amf(_))
    ));
}

#[test]
fn small_messages_are_answered_in_the_small_form() {
    use amf_serde::flex::{self, operation, CommandMessage, CommandMessageExt, FlexMessage};
    let gw = services();
    for op in [operation::POLL, operation::CLIENT_PING] {
        let mut dsc = CommandMessage::new(op, Value::Null);
        dsc.message_id = "11111111-2222-3333-4444-555555555555".into();
        let mut p = Packet::new(Version::Amf3);
        p.messages
            .push(flex::request(&CommandMessageExt(dsc), 1).unwrap());
        let bytes = p.to_vec().unwrap();
        // The request really holds a DSC.
        assert!(bytes
            .windows(6)
            .any(|w| w == [0x0a, 0x07, 0x07, b'D', b'S', b'C']));
        let out = gw.handle_blocking(&bytes);
        let back = Packet::from_slice(&out).unwrap();
        assert_eq!(back.messages[0].target, "/1/onResult");
        // The answer is a DSK (externalizable traits, class "DSK") ...
        let body = back.messages[0].body.as_bytes();
        assert_eq!(&body[..6], [0x11, 0x0a, 0x07, 0x07, b'D', b'S'], "op {op}");
        assert_eq!(body[6], b'K');
        // ... that reads as the acknowledgement of the command.
        match back.messages[0].body.decode::<FlexMessage>().unwrap() {
            FlexMessage::Acknowledge(ack) => {
                assert_eq!(ack.correlation_id, "11111111-2222-3333-4444-555555555555");
                if op == operation::CLIENT_PING {
                    assert!(is_uid(ack.headers.get_str("DSId").unwrap()));
                }
            }
            other => panic!("{other:?}"),
        }
    }
    // Full-size requests get full-size answers.
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    let out = gw.handle_blocking(&ping.body);
    let back = Packet::from_slice(&out).unwrap();
    let v: Value = back.messages[0].body.decode().unwrap();
    assert_eq!(
        v.class(),
        Some("flex.messaging.messages.AcknowledgeMessage")
    );
}
