//! A typical Flex RemoteObject exchange: the request packet (a
//! `RemotingMessage` with 3 arguments: a string, an integer and an aliased
//! query object) and its response packet (an `AcknowledgeMessage` whose body
//! is an `ArrayCollection` of 100 aliased records), decoded into the typed
//! messages and encoded from them. The same run then times PyAMF
//! (`benches/tools/pyamf_remoting.py`: `pyamf.remoting.decode`/`encode` on
//! the same bytes, with the record classes registered) when
//! `<repo>/.venv` has it, and prints the ratios, plus the allocations each
//! operation makes here (counted by a global allocator). The `message_impl`
//! group times the library's hand-written message impls against the derived
//! ones they replaced (issue 22), on the same bytes.
//!
//! `cargo bench -p amf-serde-benches --bench remoting`.
#![allow(missing_docs)]
// criterion_group! generates undocumented items
// The counting allocator needs `unsafe impl GlobalAlloc` (the library
// itself forbids unsafe code).
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use amf_serde::amf;
use amf_serde::flex::{self, AcknowledgeMessage, ArrayCollection, RemotingMessage};
use amf_serde::remoting::{Packet, Version};
use criterion::{criterion_group, criterion_main, Criterion};
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------- allocator

static ALLOCS: AtomicU64 = AtomicU64::new(0);

/// The system allocator, counting allocations (and reallocations).
struct Counting;

// SAFETY: every call is forwarded unchanged to `System`; the counter is an
// atomic and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by one call of `f` (after one warm-up call, so that
/// the per-thread tables the crate keeps are already there).
fn allocations<T>(mut f: impl FnMut() -> T) -> u64 {
    drop(f());
    let before = ALLOCS.load(Ordering::Relaxed);
    drop(black_box(f()));
    ALLOCS.load(Ordering::Relaxed) - before
}

// ------------------------------------------------------------- the data

#[amf(alias = "com.example.OrderQuery")]
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Query {
    customer: String,
    status: String,
    limit: i32,
}

#[amf(alias = "com.example.Order")]
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Order {
    id: i32,
    customer: String,
    total: f64,
    status: String,
    paid: bool,
    items: Vec<String>,
}

type Args = (String, i32, Query);

fn call() -> RemotingMessage<Args> {
    let mut m = RemotingMessage::new(
        "orderService",
        "findOrders",
        (
            "ACME Corp".to_owned(),
            100,
            Query {
                customer: "ACME Corp".into(),
                status: "shipped".into(),
                limit: 100,
            },
        ),
    );
    m.message_id = "6D0B2E5A-1C3F-4B2A-9E7D-0A1B2C3D4E5F".into();
    m.headers.insert(flex::DS_ENDPOINT, "my-amf");
    m.headers
        .insert(flex::DS_ID, "8814A067-FE0D-3A9C-A274-4AAED9BD7B0B");
    m
}

fn orders() -> ArrayCollection<Order> {
    const STATUS: [&str; 3] = ["shipped", "open", "billed"];
    const ITEMS: [&str; 5] = ["widget", "gadget", "gizmo", "doohickey", "sprocket"];
    (0..100)
        .map(|i: i32| Order {
            id: 10_000 + i,
            customer: format!("Customer {}", i % 17),
            total: f64::from(i) * 12.5 + 0.99,
            status: STATUS[i as usize % 3].into(),
            paid: i % 2 == 0,
            items: (0..3)
                .map(|k| ITEMS[(i as usize + k) % 5].to_owned())
                .collect(),
        })
        .collect()
}

fn encode_request(m: &RemotingMessage<Args>) -> Vec<u8> {
    let mut p = Packet::new(Version::Amf3);
    p.messages.push(flex::request(m, 3).unwrap());
    p.to_vec().unwrap()
}

fn decode_request(bytes: &[u8]) -> RemotingMessage<Args> {
    let p = Packet::from_slice(bytes).unwrap();
    flex::request_message(&p.messages[0]).unwrap()
}

fn encode_response(ack: &AcknowledgeMessage<ArrayCollection<Order>>) -> Vec<u8> {
    let mut p = Packet::new(Version::Amf3);
    p.messages.push(
        amf_serde::remoting::Message::reply(
            "/3",
            amf_serde::remoting::ReplyKind::Result,
            &amf_serde::remoting::Amf3(ack),
        )
        .unwrap(),
    );
    p.to_vec().unwrap()
}

fn decode_response(bytes: &[u8]) -> AcknowledgeMessage<ArrayCollection<Order>> {
    let p = Packet::from_slice(bytes).unwrap();
    p.messages[0].body.decode().unwrap()
}

// ------------------------------------------------- the derived impls (issue 22)

/// `RemotingMessage` and `AcknowledgeMessage` as serde's derive wrote them
/// before the library implemented their traits by hand (`record!`, issue
/// 22): the same declarations, attributes and all, timed in the same run
/// (`message_impl` group) against the library's impls on the same bytes.
mod derived {
    use amf_serde::flex::Headers;
    use serde::{Deserialize, Deserializer, Serialize};

    fn nullable_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Option::<String>::deserialize(d).map(Option::unwrap_or_default)
    }
    fn nullable_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        Option::<i64>::deserialize(d).map(Option::unwrap_or_default)
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename = "$amf_serde::private::class::flex.messaging.messages.RemotingMessage")]
    #[serde(rename_all = "camelCase")]
    pub struct RemotingMessage<B> {
        #[serde(default, deserialize_with = "nullable_string")]
        pub operation: String,
        #[serde(default, deserialize_with = "nullable_string")]
        pub source: String,
        #[serde(default, deserialize_with = "nullable_string")]
        pub message_id: String,
        #[serde(default)]
        pub client_id: Option<String>,
        pub body: Option<B>,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub time_to_live: i64,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub timestamp: i64,
        #[serde(default)]
        pub destination: Option<String>,
        #[serde(default)]
        pub headers: Headers,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename = "$amf_serde::private::class::flex.messaging.messages.AcknowledgeMessage")]
    #[serde(rename_all = "camelCase")]
    pub struct AcknowledgeMessage<B> {
        pub body: Option<B>,
        #[serde(default)]
        pub client_id: Option<String>,
        #[serde(default, deserialize_with = "nullable_string")]
        pub correlation_id: String,
        #[serde(default)]
        pub destination: Option<String>,
        #[serde(default)]
        pub headers: Headers,
        #[serde(default, deserialize_with = "nullable_string")]
        pub message_id: String,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub timestamp: i64,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub time_to_live: i64,
    }
}

/// Median of `rounds` timings of `batch` calls, per call.
fn median_per_call(rounds: usize, batch: u32, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                f();
            }
            start.elapsed() / batch
        })
        .collect();
    t.sort();
    t[rounds / 2]
}

fn bench(c: &mut Criterion) {
    let call = call();
    let mut ack = call.acknowledge(orders());
    ack.message_id = "8817EEF6-BE0D-8462-17F1-38B6A43414DE".into();
    ack.timestamp = 1_306_275_431_838;
    let request = encode_request(&call);
    let response = encode_response(&ack);
    assert_eq!(decode_request(&request), call);
    assert_eq!(decode_response(&response), ack);

    let mut g = c.benchmark_group("remoting");
    g.bench_function("request/decode", |b| {
        b.iter(|| decode_request(black_box(&request)))
    });
    g.bench_function("request/encode", |b| {
        b.iter(|| encode_request(black_box(&call)))
    });
    g.bench_function("response/decode", |b| {
        b.iter(|| decode_response(black_box(&response)))
    });
    g.bench_function("response/encode", |b| {
        b.iter(|| encode_response(black_box(&ack)))
    });
    g.bench_function("pair", |b| {
        b.iter(|| {
            let m = decode_request(black_box(&request));
            let r = encode_response(black_box(&ack));
            let a = decode_response(black_box(&response));
            let q = encode_request(black_box(&call));
            (m, r, a, q)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("remoting_parts");
    let body_amf3 = amf_serde::to_vec(&ack).unwrap();
    let ac_amf3 = amf_serde::to_vec(&ack.body).unwrap();
    let vec_amf3 = amf_serde::to_vec(&ack.body.0).unwrap();
    g.bench_function("packet_skip", |b| {
        b.iter(|| Packet::from_slice(black_box(&response)).unwrap())
    });
    g.bench_function("ack_amf3", |b| {
        b.iter(|| {
            amf_serde::from_slice::<AcknowledgeMessage<ArrayCollection<Order>>>(black_box(
                &body_amf3,
            ))
            .unwrap()
        })
    });
    g.bench_function("ac_amf3", |b| {
        b.iter(|| amf_serde::from_slice::<ArrayCollection<Order>>(black_box(&ac_amf3)).unwrap())
    });
    g.bench_function("vec_amf3", |b| {
        b.iter(|| amf_serde::from_slice::<Vec<Order>>(black_box(&vec_amf3)).unwrap())
    });
    g.finish();

    // The library's hand-written impls against the derived ones, same bytes.
    let mut g = c.benchmark_group("message_impl");
    let call_amf3 = amf_serde::to_vec(&call).unwrap();
    let small_ack = call.acknowledge(3);
    let small_ack_amf3 = amf_serde::to_vec(&small_ack).unwrap();
    let derived_call: derived::RemotingMessage<Args> = amf_serde::from_slice(&call_amf3).unwrap();
    let derived_ack: derived::AcknowledgeMessage<i32> =
        amf_serde::from_slice(&small_ack_amf3).unwrap();
    assert_eq!(amf_serde::to_vec(&derived_call).unwrap(), call_amf3);
    assert_eq!(amf_serde::to_vec(&derived_ack).unwrap(), small_ack_amf3);
    g.bench_function("request/decode/hand", |b| {
        b.iter(|| amf_serde::from_slice::<RemotingMessage<Args>>(black_box(&call_amf3)).unwrap())
    });
    g.bench_function("request/decode/derived", |b| {
        b.iter(|| {
            amf_serde::from_slice::<derived::RemotingMessage<Args>>(black_box(&call_amf3)).unwrap()
        })
    });
    g.bench_function("request/encode/hand", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&call)).unwrap())
    });
    g.bench_function("request/encode/derived", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&derived_call)).unwrap())
    });
    g.bench_function("ack/decode/hand", |b| {
        b.iter(|| {
            amf_serde::from_slice::<AcknowledgeMessage<i32>>(black_box(&small_ack_amf3)).unwrap()
        })
    });
    g.bench_function("ack/decode/derived", |b| {
        b.iter(|| {
            amf_serde::from_slice::<derived::AcknowledgeMessage<i32>>(black_box(&small_ack_amf3))
                .unwrap()
        })
    });
    g.bench_function("ack/encode/hand", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&small_ack)).unwrap())
    });
    g.bench_function("ack/encode/derived", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&derived_ack)).unwrap())
    });
    g.finish();

    // Allocations of one call, here.
    println!(
        "\nremoting: request {} bytes, response {} bytes",
        request.len(),
        response.len()
    );
    let allocs = [
        ("request/decode", allocations(|| decode_request(&request))),
        ("request/encode", allocations(|| encode_request(&call))),
        (
            "response/decode",
            allocations(|| decode_response(&response)),
        ),
        ("response/encode", allocations(|| encode_response(&ack))),
    ];
    for (name, n) in allocs {
        println!("remoting/{name}: {n} allocations");
    }

    // The same run: our four operations timed by a plain loop, then PyAMF's.
    let ours = [
        median_per_call(31, 200, || {
            drop(black_box(decode_request(black_box(&request))))
        }),
        median_per_call(31, 200, || {
            drop(black_box(encode_request(black_box(&call))))
        }),
        median_per_call(31, 50, || {
            drop(black_box(decode_response(black_box(&response))))
        }),
        median_per_call(31, 50, || drop(black_box(encode_response(black_box(&ack))))),
    ];
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let python = format!("{root}/.venv/bin/python");
    if !std::path::Path::new(&python).exists() {
        println!("remoting: no PyAMF (bash tools/pyamf/install.sh) — ratios not measured");
        return;
    }
    let dir = format!("{root}/target/remoting-bench");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(format!("{dir}/request.amf"), &request).unwrap();
    std::fs::write(format!("{dir}/response.amf"), &response).unwrap();
    let out = Command::new(python)
        .arg(format!("{root}/benches/tools/pyamf_remoting.py"))
        .arg(format!("{dir}/request.amf"))
        .arg(format!("{dir}/response.amf"))
        .output()
        .expect("run pyamf_remoting.py");
    assert!(
        out.status.success(),
        "pyamf_remoting.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let py: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names = [
        "request/decode",
        "request/encode",
        "response/decode",
        "response/encode",
    ];
    let mut ours_total = 0.0;
    let mut py_total = 0.0;
    println!("\n| operation | amf-serde | PyAMF 0.9.1 | PyAMF ÷ amf-serde |\n|---|---:|---:|---:|");
    for (name, t) in names.iter().zip(ours) {
        let ns = t.as_secs_f64() * 1e9;
        let p = py[name].as_f64().expect("PyAMF time in ns");
        ours_total += ns;
        py_total += p;
        println!(
            "| {name} | {:.1} µs | {:.1} µs | {:.0}× |",
            ns / 1e3,
            p / 1e3,
            p / ns
        );
    }
    println!(
        "| pair (all four) | {:.1} µs | {:.1} µs | {:.0}× |\n",
        ours_total / 1e3,
        py_total / 1e3,
        py_total / ours_total
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
