//! Key lookup on a 10,000-member object: `Value`'s indexed members against
//! `serde_json::Value` (a `BTreeMap`) and against the linear scan that
//! `Object::get` was before members got their index. Run with
//! `cargo bench -p amf-serde-benches --bench lookup`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;

use amf_serde::types::{Name, Object};
use amf_serde::Value;
use criterion::{criterion_group, criterion_main, Criterion};

const MEMBERS: usize = 10_000;

fn bench(c: &mut Criterion) {
    let keys: Vec<String> = (0..MEMBERS).map(|i| format!("member{i}")).collect();
    let amf = Value::from(Object::anonymous(
        keys.iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), Value::from(i as i32))),
    ));
    let json: serde_json::Value = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), serde_json::Value::from(i)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let scan: Vec<(Name, Value)> = amf.as_object().unwrap().members().cloned().collect();
    // Every key once, in a scattered order.
    let order: Vec<&str> = (0..MEMBERS)
        .map(|i| keys[(i * 7919) % MEMBERS].as_str())
        .collect();

    let mut g = c.benchmark_group("lookup_10000");
    g.bench_function("amf_serde/value_index", |b| {
        b.iter(|| {
            let mut n = 0;
            for k in &order {
                n += usize::from(amf[*k].is_number());
            }
            black_box(n)
        })
    });
    g.bench_function("serde_json/value_index", |b| {
        b.iter(|| {
            let mut n = 0;
            for k in &order {
                n += usize::from(json[*k].is_number());
            }
            black_box(n)
        })
    });
    // The first lookup on a freshly decoded object builds the index.
    g.bench_function("amf_serde/first_lookup_after_clone", |b| {
        b.iter_batched(
            || Value::from(amf.as_object().unwrap().clone()),
            |v| black_box(v["member9999"].is_number()),
            criterion::BatchSize::LargeInput,
        )
    });
    g.sample_size(10);
    g.bench_function("linear_scan_before", |b| {
        b.iter(|| {
            let mut n = 0;
            for k in &order {
                n += usize::from(scan.iter().any(|(name, _)| name == *k));
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3))
        .sample_size(20);
    targets = bench
}
criterion_main!(benches);
