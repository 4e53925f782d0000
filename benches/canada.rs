//! `canada.json` as a typed model and as untyped values: amf-serde AMF3 and AMF0
//! against serde_json, rmp-serde, and the `amf` and `flash-lso` crates on
//! the same data. Run with `cargo bench -p amf-serde-benches --bench canada`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[allow(dead_code)]
mod workloads;

use criterion::{criterion_group, criterion_main, Criterion};
use workloads::canada::FeatureCollection;

fn bench(c: &mut Criterion) {
    let typed: FeatureCollection = workloads::load("canada.json");
    workloads::bench_all(c, "canada", typed);
}

criterion_group! {
    name = benches;
    config = workloads::criterion();
    targets = bench
}
criterion_main!(benches);
