//! Records workload: 10,000 typed records, AMF3 against serde_json and
//! rmp-serde on the same data. Run with `cargo bench -p amf-serde-benches`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::{Deserialize, Serialize};
use std::hint::black_box;

/// One record of the workload.
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Record {
    id: i32,
    name: String,
    email: String,
    tags: Vec<String>,
    balance: f64,
    active: bool,
    created: f64,
}

/// The same record borrowing its strings (zero-copy decode).
#[derive(Deserialize)]
#[allow(dead_code)]
struct RecordRef<'a> {
    id: i32,
    name: &'a str,
    email: &'a str,
    tags: Vec<&'a str>,
    balance: f64,
    active: bool,
    created: f64,
}

const WORDS: [&str; 12] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima",
];

fn records(n: u32) -> Vec<Record> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|i| Record {
            id: i as i32,
            name: format!("user{i}"),
            email: format!("user{i}@example.com"),
            tags: (0..3)
                .map(|_| WORDS[(next() % 12) as usize].to_string())
                .collect(),
            balance: (next() % 1_000_000) as f64 / 100.0,
            active: next() % 2 == 0,
            created: 1_600_000_000_000.0 + (next() % 100_000_000) as f64,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let recs = records(10_000);
    let amf = amf_serde::to_vec(&recs).unwrap();
    let json = serde_json::to_vec(&recs).unwrap();
    let mp = rmp_serde::to_vec_named(&recs).unwrap();

    let mut g = c.benchmark_group("records/encode");
    g.throughput(Throughput::Elements(recs.len() as u64));
    g.bench_function("amf3", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&recs)).unwrap())
    });
    g.bench_function("serde_json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&recs)).unwrap())
    });
    g.bench_function("rmp_serde_named", |b| {
        b.iter(|| rmp_serde::to_vec_named(black_box(&recs)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("records/decode");
    g.throughput(Throughput::Elements(recs.len() as u64));
    g.bench_function("amf3", |b| {
        b.iter(|| amf_serde::from_slice::<Vec<Record>>(black_box(&amf)).unwrap())
    });
    g.bench_function("amf3_borrowed", |b| {
        b.iter(|| amf_serde::from_slice::<Vec<RecordRef>>(black_box(&amf)).unwrap())
    });
    g.bench_function("serde_json", |b| {
        b.iter(|| serde_json::from_slice::<Vec<Record>>(black_box(&json)).unwrap())
    });
    g.bench_function("rmp_serde_named", |b| {
        b.iter(|| rmp_serde::from_slice::<Vec<Record>>(black_box(&mp)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
