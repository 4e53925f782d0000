//! The records workload: 10,000 typed records with a class alias
//! (`com.example.Record`: AMF3 traits written once, then by reference;
//! tags from a 12-word vocabulary, so mostly string references; a
//! `Date`), in every format and value type, plus zero-copy decoding.
//! Run with `cargo bench -p amf-serde-benches --bench records`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[allow(dead_code)]
mod workloads;

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use workloads::records::{records, RecordRef, RECORDS};

fn bench(c: &mut Criterion) {
    let recs = records(RECORDS);
    let amf3 = amf_serde::to_vec(&recs).unwrap();
    let amf0 = amf_serde::amf0::to_vec(&recs).unwrap();
    workloads::bench_all(c, "records", recs);

    // Zero-copy: names, emails and tags borrowed from the input (tags arrive
    // as string references, which still borrow).
    let mut g = c.benchmark_group("records/decode_borrowed");
    g.bench_function("amf3/typed", |b| {
        b.iter(|| amf_serde::from_slice::<Vec<RecordRef>>(black_box(&amf3)).unwrap())
    });
    g.bench_function("amf0/typed", |b| {
        b.iter(|| amf_serde::amf0::from_slice::<Vec<RecordRef>>(black_box(&amf0)).unwrap())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = workloads::criterion();
    targets = bench
}
criterion_main!(benches);
