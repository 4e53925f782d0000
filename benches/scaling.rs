//! Decoding time against input size: each group decodes inputs 1×, 4× and
//! 16× as large, with the element count as throughput, so linear scaling
//! reads as a constant elements/s across the three sizes.
//!
//! * `scaling/records_*`: the records workload (10,000, 40,000, 160,000
//!   records): string and traits references only.
//! * `scaling/refs_*`: an array of n elements that are all the same record
//!   object: the object once, then n − 1 object references (two bytes
//!   each). Into `Value` each reference shares the decoded node; into
//!   `Vec<Record>` each one replays the object. The encode group writes the
//!   shared `Value` back (the encoder must find each node in its object
//!   table).
//!
//! * `scaling/records_rmp_typed`: the records through rmp-serde, as a
//!   control for what the memory system adds at the larger sizes;
//!   `scaling/records_json_value` the same for trees of small allocations
//!   (the records as JSON into `serde_json::Value`).
//!
//! Run with `cargo bench -p amf-serde-benches --bench scaling`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[allow(dead_code)]
mod workloads;

use amf_serde::Value;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use std::hint::black_box;
use workloads::records::{records, shared_records, Record, RECORDS};

const FACTORS: [usize; 3] = [1, 4, 16];

/// The inputs at one size.
struct Input {
    n: usize,
    records: Vec<u8>,
    records_msgpack: Vec<u8>,
    records_json: Vec<u8>,
    refs: Vec<u8>,
    shared: Value,
}

fn bench(c: &mut Criterion) {
    let inputs: Vec<Input> = FACTORS
        .iter()
        .map(|&k| {
            let n = RECORDS * k;
            let recs = records(n);
            let shared = shared_records(n);
            let input = Input {
                n,
                records: amf_serde::to_vec(&recs).unwrap(),
                records_msgpack: rmp_serde::to_vec_named(&recs).unwrap(),
                records_json: serde_json::to_vec(&recs).unwrap(),
                refs: amf_serde::to_vec(&shared).unwrap(),
                shared,
            };
            eprintln!(
                "scaling n={n}: records AMF3 {} bytes, shared-object AMF3 {} bytes",
                input.records.len(),
                input.refs.len()
            );
            input
        })
        .collect();

    type Routine = fn(&Input);
    let groups: [(&str, Routine); 7] = [
        ("records_typed", |i| {
            amf_serde::from_slice::<Vec<Record>>(black_box(&i.records)).unwrap();
        }),
        ("records_value", |i| {
            amf_serde::from_slice::<Value>(black_box(&i.records)).unwrap();
        }),
        // The control: the same records through rmp-serde, to tell the
        // memory system's share of any growth from the decoder's.
        ("records_rmp_typed", |i| {
            rmp_serde::from_slice::<Vec<Record>>(black_box(&i.records_msgpack)).unwrap();
        }),
        // The control for `records_value`: a tree of as many small
        // allocations, built by serde_json.
        ("records_json_value", |i| {
            serde_json::from_slice::<serde_json::Value>(black_box(&i.records_json)).unwrap();
        }),
        ("refs_typed", |i| {
            amf_serde::from_slice::<Vec<Record>>(black_box(&i.refs)).unwrap();
        }),
        ("refs_value", |i| {
            amf_serde::from_slice::<Value>(black_box(&i.refs)).unwrap();
        }),
        ("refs_value_encode", |i| {
            amf_serde::to_vec(black_box(&i.shared)).unwrap();
        }),
    ];
    for (name, routine) in groups {
        let mut g = c.benchmark_group(format!("scaling/{name}"));
        g.sampling_mode(SamplingMode::Flat);
        for input in &inputs {
            g.throughput(Throughput::Elements(input.n as u64));
            g.bench_with_input(BenchmarkId::from_parameter(input.n), input, |b, i| {
                b.iter(|| routine(i))
            });
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = workloads::criterion();
    targets = bench
}
criterion_main!(benches);
