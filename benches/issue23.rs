//! The rows of issue 23's table, side by side in one process so that each
//! row's ratio comes from one run:
//!
//! * `issue23/canada_typed_decode/{amf3,rmp_serde,postcard}`: canada's typed
//!   model from amf-serde's AMF3, rmp-serde's `to_vec_named` and postcard's
//!   bytes.
//! * `issue23/records_typed_encode/{amf3,rmp_serde_named}`: the 10,000 records.
//! * `issue23/<w>/json_value_encode/{amf3,serde_json}`: a `serde_json::Value`
//!   written as AMF3 (`amf_serde::to_vec`) and as JSON (`serde_json::to_vec`).
//! * `issue23/<w>/json_value_decode/{amf3,serde_json}`: those bytes read back
//!   into `serde_json::Value`.
//! * `issue23/<w>/value_encode/{amf3,serde_json}`: `amf_serde::Value` written
//!   as AMF3 against `serde_json::Value` written as JSON.
//! * `issue23/<w>/value_decode/{amf3,serde_json}`: the same two read back.
//!
//! `<w>` is twitter, citm and canada. The `serde_json::Value` is
//! serde_json's reading of the typed model's JSON (so twitter's 64-bit ids
//! are doubles, as in the other benches: AMF has no 64-bit integer); the
//! `amf_serde::Value` is amf-serde's reading of the typed model's AMF3.
//!
//! Run with `cargo bench -p amf-serde-benches --bench issue23`, and under the
//! user's profile (one codegen unit, fat LTO) with
//! `cargo bench -p amf-serde-benches --bench issue23 --profile bench-cgu1`
//! (see BENCHMARKS.md, "Issue 23").
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[allow(dead_code)]
mod workloads;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hint::black_box;
use workloads::canada::FeatureCollection;
use workloads::citm::CitmCatalog;
use workloads::records::{records, RECORDS};
use workloads::twitter::Twitter;

fn typed_rows(c: &mut Criterion) {
    let canada: FeatureCollection = workloads::load("canada.json");
    let amf3 = amf_serde::to_vec(&canada).unwrap();
    let msgpack = rmp_serde::to_vec_named(&canada).unwrap();
    let post = postcard::to_allocvec(&canada).unwrap();
    assert!(amf_serde::from_slice::<FeatureCollection>(&amf3).unwrap() == canada);
    assert!(postcard::from_bytes::<FeatureCollection>(&post).unwrap() == canada);
    let mut g = c.benchmark_group("issue23/canada_typed_decode");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("amf3", |b| {
        b.iter(|| amf_serde::from_slice::<FeatureCollection>(black_box(&amf3)).unwrap())
    });
    g.bench_function("rmp_serde", |b| {
        b.iter(|| rmp_serde::from_slice::<FeatureCollection>(black_box(&msgpack)).unwrap())
    });
    g.bench_function("postcard", |b| {
        b.iter(|| postcard::from_bytes::<FeatureCollection>(black_box(&post)).unwrap())
    });
    g.finish();
    drop(canada);

    let recs = records(RECORDS);
    let mut g = c.benchmark_group("issue23/records_typed_encode");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("amf3", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&recs)).unwrap())
    });
    g.bench_function("rmp_serde_named", |b| {
        b.iter(|| rmp_serde::to_vec_named(black_box(&recs)).unwrap())
    });
    g.finish();
}

fn numbers_as_f64(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => Value::from(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_f64).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect())
        }
        v => v,
    }
}

/// The four dynamic rows of one workload.
fn dynamic_rows<T: Serialize + DeserializeOwned>(c: &mut Criterion, name: &str, file: &str) {
    let typed: T = workloads::load(file);
    let json = serde_json::to_vec(&typed).unwrap();
    let amf3_typed = amf_serde::to_vec(&typed).unwrap();
    drop(typed);
    let json_value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let amf3_of_json_value = amf_serde::to_vec(&json_value).unwrap();
    // Numbers compared as doubles: an integer beyond AMF3's 29 bits travels
    // as a double and comes back as one.
    assert!(
        numbers_as_f64(amf_serde::from_slice(&amf3_of_json_value).unwrap())
            == numbers_as_f64(json_value.clone()),
        "{name}: serde_json::Value through AMF3"
    );
    let value: amf_serde::Value = amf_serde::from_slice(&amf3_typed).unwrap();

    let mut g = c.benchmark_group(format!("issue23/{name}/json_value_encode"));
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("amf3", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&json_value)).unwrap())
    });
    g.bench_function("serde_json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&json_value)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group(format!("issue23/{name}/json_value_decode"));
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("amf3", |b| {
        b.iter(|| {
            amf_serde::from_slice::<serde_json::Value>(black_box(&amf3_of_json_value)).unwrap()
        })
    });
    g.bench_function("serde_json", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&json)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group(format!("issue23/{name}/value_encode"));
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("amf3", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&value)).unwrap())
    });
    g.bench_function("serde_json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&json_value)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group(format!("issue23/{name}/value_decode"));
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("amf3", |b| {
        b.iter(|| amf_serde::from_slice::<amf_serde::Value>(black_box(&amf3_typed)).unwrap())
    });
    g.bench_function("serde_json", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&json)).unwrap())
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    typed_rows(c);
    dynamic_rows::<Twitter>(c, "twitter", "twitter.json");
    dynamic_rows::<CitmCatalog>(c, "citm", "citm_catalog.json");
    dynamic_rows::<FeatureCollection>(c, "canada", "canada.json");
}

criterion_group! {
    name = benches;
    config = workloads::criterion();
    targets = bench
}
criterion_main!(benches);
