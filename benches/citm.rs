//! `citm_catalog.json` as a typed model and as untyped values: amf-serde AMF3 and AMF0
//! against serde_json, rmp-serde, and the `amf` and `flash-lso` crates on
//! the same data. Run with `cargo bench -p amf-serde-benches --bench citm`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[allow(dead_code)]
mod workloads;

use criterion::{criterion_group, criterion_main, Criterion};
use workloads::citm::CitmCatalog;

fn bench(c: &mut Criterion) {
    let typed: CitmCatalog = workloads::load("citm_catalog.json");
    workloads::bench_all(c, "citm", typed);
}

criterion_group! {
    name = benches;
    config = workloads::criterion();
    targets = bench
}
criterion_main!(benches);
