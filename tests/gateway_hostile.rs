//! Hostile requests against the gateway over real HTTP on 127.0.0.1: each
//! gets a fault or an HTTP 4xx, the server keeps serving, and the process's
//! memory stays bounded over hundreds of them. (Its own test binary, so the
//! memory figures are this test's alone.)

use std::sync::Arc;
use std::time::{Duration, Instant};

use amf_serde::client::Client;
use amf_serde::flex::{self, RemotingMessage};
use amf_serde::gateway::Gateway;
use amf_serde::remoting::{Body, Message, Packet, Version};
use amf_serde::{Options, Value};
use amf_serde_examples::demo;
use amf_serde_examples::http1::Conn;
use amf_serde_examples::server::{self, Cors};

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// A Flex request for `destination.operation(args)` with a hand-made
/// argument array.
fn flex_request(destination: &str, operation: &str, args: Value) -> Vec<u8> {
    let m = RemotingMessage::new(destination, operation, args);
    let mut p = Packet::new(Version::Amf3);
    p.messages.push(flex::request(&m, 1).unwrap());
    p.to_vec().unwrap()
}

/// `levels` arrays, each holding the previous one twice: tiny on the wire
/// (references), 2^levels values as a tree.
fn bomb(levels: usize) -> Value {
    let mut v = amf_serde::to_value(&vec![1, 2]).unwrap();
    for _ in 0..levels {
        let mut a = amf_serde::types::Array::default();
        a.extend([v.clone(), v.clone()]);
        v = Value::Array(Arc::new(a));
    }
    v
}

/// What a hostile request must get.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Status(u16),
    Fault(&'static str),
}

fn cases() -> Vec<(&'static str, &'static str, Vec<u8>, Expect)> {
    let amf = "application/x-amf";
    let mut c = Client::new();
    let good = c
        .remote("EchoService", "echo", &("x", 1))
        .unwrap()
        .body
        .to_vec();
    let mut cases = Vec::new();

    let mut truncated = good.clone();
    truncated.truncate(good.len() - 5);
    cases.push(("truncated", amf, truncated, Expect::Status(400)));
    cases.push(("empty", amf, Vec::new(), Expect::Status(400)));
    cases.push((
        "garbage",
        amf,
        b"GET / HTTP/1.1 not amf at all".to_vec(),
        Expect::Status(400),
    ));
    let mut bad_version = good.clone();
    bad_version[1] = 9;
    cases.push(("version 9", amf, bad_version, Expect::Status(400)));
    cases.push((
        "trailing bytes",
        amf,
        [good.clone(), vec![0; 7]].concat(),
        Expect::Status(400),
    ));
    // 65535 messages announced, none there.
    cases.push((
        "huge message count",
        amf,
        vec![0, 3, 0, 0, 0xff, 0xff, 0, 1],
        Expect::Status(400),
    ));
    // A string claiming 2^28 bytes.
    let mut p = vec![
        0, 3, 0, 0, 0, 1, 0, 4, b'n', b'u', b'l', b'l', 0, 2, b'/', b'1', 0, 0, 0, 0,
    ];
    p.extend([0x11, 0x06, 0xff, 0xff, 0xff, 0xfe]);
    cases.push(("huge string length", amf, p, Expect::Status(400)));
    // Oversized: 2 MiB against a 1 MiB limit (the body limit answers).
    cases.push(("oversized", amf, vec![0; 2 << 20], Expect::Status(413)));
    // 100,000 nested arrays (depth limit while framing the packet).
    let mut deep = vec![
        0, 3, 0, 0, 0, 1, 0, 4, b'n', b'u', b'l', b'l', 0, 2, b'/', b'1', 0, 0, 0, 0, 0x11,
    ];
    for _ in 0..100_000 {
        deep.extend([0x09, 0x03, 0x01]);
    }
    deep.push(0x01);
    cases.push(("deep", amf, deep, Expect::Status(400)));
    // A reference bomb into typed arguments: a fault, no expansion.
    cases.push((
        "reference bomb (typed)",
        amf,
        flex_request(
            "CustomerService",
            "add",
            amf_serde::to_value(&vec![bomb(40)]).unwrap(),
        ),
        Expect::Fault("Server.ResourceUnavailable"),
    ));
    // An object of an unknown class where a Customer is expected.
    let alien = amf_serde::amf_value!([{"id": 1}]);
    let alien = match &alien {
        Value::Array(a) => {
            let mut a = (**a).clone();
            if let Some(Value::Object(o)) = a.first_mut() {
                Arc::make_mut(o).class = "com.evil.Unknown".into();
            }
            Value::Array(Arc::new(a))
        }
        _ => alien.clone(),
    };
    cases.push((
        "unknown class",
        amf,
        flex_request("CustomerService", "save", alien),
        Expect::Fault("Server.ResourceUnavailable"),
    ));
    // An externalizable class nobody knows: its body cannot be skipped.
    let mut ext = vec![
        0, 3, 0, 0, 0, 1, 0, 4, b'n', b'u', b'l', b'l', 0, 2, b'/', b'1', 0, 0, 0, 0,
    ];
    ext.extend([0x11, 0x0a, 0x07, 0x0b]);
    ext.extend(b"a.Evil");
    ext.extend([1, 2, 3, 4]);
    cases.push(("unknown externalizable", amf, ext, Expect::Status(400)));
    // A body that is not a Flex message.
    let mut p = Packet::new(Version::Amf3);
    p.messages
        .push(Message::new("null", "/1", Body::amf0(&("nope",)).unwrap()));
    cases.push((
        "not a Flex message",
        amf,
        p.to_vec().unwrap(),
        Expect::Fault("Client.Message.Encoding"),
    ));
    cases.push((
        "wrong content type",
        "text/plain",
        good.clone(),
        Expect::Status(415),
    ));
    cases.push((
        "form content type",
        "application/x-www-form-urlencoded",
        good,
        Expect::Status(415),
    ));
    cases
}

#[test]
fn hostile_requests_get_faults_or_4xx_and_the_server_keeps_serving() {
    let gateway: Gateway = demo::gateway()
        .with_max_request_bytes(1 << 20)
        .with_options(Options::new().with_max_depth(64));
    let srv = server::spawn(gateway, Cors::Off, 2).unwrap();
    let mut conn = Conn::new(srv.addr());
    let cases = cases();
    let check = |conn: &mut Conn, name: &str, ct: &str, body: &[u8], expect: Expect| {
        let started = Instant::now();
        let r = conn
            .post("/amf", ct, body)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name} took {:?}",
            started.elapsed()
        );
        match expect {
            Expect::Status(s) => {
                assert_eq!(r.status, s, "{name}: {}", String::from_utf8_lossy(&r.body))
            }
            Expect::Fault(code) => {
                assert_eq!(r.status, 200, "{name}");
                let p = Packet::from_slice(&r.body).unwrap();
                assert!(p.messages[0].target.ends_with("/onStatus"), "{name}");
                let em: Value = p.messages[0].body.decode().unwrap();
                assert_eq!(em["faultCode"].as_str(), Some(code), "{name}: {em}");
            }
        }
    };
    let healthy = |conn: &mut Conn| {
        let mut c = Client::new();
        let call = c.remote("CustomerService", "add", &(1, 2)).unwrap();
        let r = conn.post("/amf", "application/x-amf", &call.body).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(
            c.read(&call, &r.body)
                .unwrap()
                .into_result::<f64>()
                .unwrap(),
            3.0
        );
    };
    // Once each, with a normal call after every one.
    for (name, ct, body, expect) in &cases {
        check(&mut conn, name, ct, body, *expect);
        healthy(&mut conn);
    }
    // Then many rounds: memory must level off.
    let warm = rss_kib();
    for _ in 0..20 {
        for (name, ct, body, expect) in &cases {
            check(&mut conn, name, ct, body, *expect);
        }
        healthy(&mut conn);
    }
    let after = rss_kib();
    assert!(warm > 0, "VmRSS readable");
    let grown = after.saturating_sub(warm);
    assert!(
        grown < 64 * 1024,
        "RSS grew by {grown} KiB over {} hostile requests",
        20 * cases.len()
    );
    eprintln!(
        "RSS {warm} KiB -> {after} KiB after {} hostile requests",
        20 * cases.len()
    );
}

/// A small deterministic PRNG (xorshift64*), so failures replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_requests_never_panic_and_always_get_an_answer_or_a_refusal() {
    // Seeds: real Flash Player requests and requests from the Rust client.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rocketamf/request");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let mut c = Client::new();
    seeds.push(c.ping().unwrap().body.to_vec());
    seeds.push(
        c.remote("CustomerService", "save", &(demo::customers()[0].clone(),))
            .unwrap()
            .body
            .to_vec(),
    );
    seeds.push(
        c.remote("EchoService", "echo", &("x", 1.5, vec![1, 2, 3]))
            .unwrap()
            .body
            .to_vec(),
    );
    let mut nc = Client::amf0();
    seeds.push(
        nc.batch()
            .call("CustomerService.add", &(1, 2))
            .unwrap()
            .call("EchoService.echo", &(true,))
            .unwrap()
            .finish()
            .unwrap()
            .body
            .to_vec(),
    );
    let gw = demo::gateway().with_max_request_bytes(1 << 16);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut answered, mut refused) = (0u32, 0u32);
    let started = Instant::now();
    for i in 0..20_000 {
        let mut b = seeds[i % seeds.len()].clone();
        for _ in 0..1 + rng.below(4) {
            match rng.below(4) {
                0 if !b.is_empty() => {
                    let at = rng.below(b.len());
                    b[at] = rng.next() as u8;
                }
                1 if !b.is_empty() => {
                    let at = rng.below(b.len());
                    b.truncate(at);
                }
                2 => {
                    let at = rng.below(b.len() + 1);
                    b.insert(at, rng.next() as u8);
                }
                _ if b.len() > 8 => {
                    // Copy a run over another place (duplicates markers,
                    // references and lengths).
                    let from = rng.below(b.len());
                    let len = rng.below(16).min(b.len() - from);
                    let to = rng.below(b.len());
                    let run: Vec<u8> = b[from..from + len].to_vec();
                    for (k, x) in run.into_iter().enumerate() {
                        if to + k < b.len() {
                            b[to + k] = x;
                        }
                    }
                }
                _ => {}
            }
        }
        match gw.try_handle_blocking(&b) {
            Ok(out) => {
                let p = Packet::from_slice(&out)
                    .unwrap_or_else(|e| panic!("case {i}: our answer does not decode: {e}"));
                for m in &p.messages {
                    m.body.decode::<Value>().unwrap();
                }
                answered += 1;
            }
            Err(e) => {
                assert_eq!(e.status(), 400, "case {i}: {e}");
                refused += 1;
            }
        }
    }
    eprintln!(
        "{answered} answered, {refused} refused in {:?}",
        started.elapsed()
    );
    assert!(
        answered > 1000 && refused > 1000,
        "{answered} answered, {refused} refused"
    );
}
