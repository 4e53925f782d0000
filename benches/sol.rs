//! `.sol` files: reading and writing a large game save (about 1.3 MB of
//! entries, AMF0 and AMF3) with amf-serde's `sol` module and with
//! flash-lso 0.7 (`flash_lso::read::Reader::parse`,
//! `flash_lso::write::write_to_bytes`), on the same bytes.
//! Run with `cargo bench -p amf-serde-benches --bench sol`.
//!
//! The file: 11,000 entries `slot0`…`slot10999`, each a character (name,
//! class, level, hit points, position object, inventory array of words
//! from a small vocabulary, flags, last-saved date, and for one in 25 a
//! 2 KB journal text): 1.06 MB in AMF3, 3.3 MB in AMF0. amf-serde writes it;
//! flash-lso reads those bytes into its own `Lso` (checked to hold the same
//! number of entries) and writes that.
//!
//! flash-lso's AMF3 encoder is quadratic (linear searches of its tables by
//! whole-value comparison, see `workloads/peers.rs`): its AMF3 write is
//! timed once outside criterion when one write takes longer than
//! `SLOW_ENCODE` (with `AMF_BENCH_SIZES=0` in the environment, not at all).
#![allow(missing_docs)] // criterion_group! generates undocumented items

mod sol_save;
#[allow(dead_code)]
mod workloads;

use std::hint::black_box;
use std::time::Instant;

use amf_serde::sol::{self, Sol, Version};
use criterion::{criterion_group, criterion_main, Criterion};
use sol_save::{save, Ordered, Save, SLOTS};

fn bench(c: &mut Criterion) {
    let entries = save();
    // `AMF_BENCH_SIZES=0`: skip the seconds-long one-off flash-lso AMF3 write.
    let quick = std::env::var_os("AMF_BENCH_SIZES").is_some_and(|v| v == "0");
    for (version, lso_version, tag) in [
        (Version::Amf3, flash_lso::types::AMFVersion::AMF3, "amf3"),
        (Version::Amf0, flash_lso::types::AMFVersion::AMF0, "amf0"),
    ] {
        let bytes = sol::to_vec("bigsave", &Ordered(&entries), version).unwrap();
        let untyped = Sol::from_slice(&bytes).unwrap();
        assert_eq!(untyped.len(), SLOTS);
        let mut from_values = Sol::new("bigsave", version);
        from_values.entries = untyped.entries.clone();
        assert_eq!(from_values.to_vec().unwrap(), bytes);
        let typed: Save = sol::from_slice(&bytes).unwrap();
        assert_eq!(typed.len(), SLOTS);

        let lso = flash_lso::read::Reader::default()
            .parse(&bytes)
            .expect("flash-lso parses amf-serde's file");
        assert_eq!(lso.body.len(), SLOTS);
        assert_eq!(lso.header.format_version, lso_version);

        let mut g = c.benchmark_group(format!("sol/{tag}"));
        g.throughput(criterion::Throughput::Bytes(bytes.len() as u64));
        g.bench_function("read/amf-serde Sol", |b| {
            b.iter(|| Sol::from_slice(black_box(&bytes)).unwrap())
        });
        g.bench_function("read/amf-serde typed", |b| {
            b.iter(|| sol::from_slice::<Save>(black_box(&bytes)).unwrap())
        });
        g.bench_function("read/flash-lso", |b| {
            b.iter(|| {
                flash_lso::read::Reader::default()
                    .parse(black_box(&bytes))
                    .unwrap()
            })
        });
        g.bench_function("write/amf-serde Sol from values", |b| {
            b.iter(|| black_box(&from_values).to_vec().unwrap())
        });
        g.bench_function("write/amf-serde Sol unchanged", |b| {
            b.iter(|| black_box(&untyped).to_vec().unwrap())
        });
        g.bench_function("write/amf-serde typed", |b| {
            b.iter(|| sol::to_vec("bigsave", &Ordered(black_box(&entries)), version).unwrap())
        });
        if quick && version == Version::Amf3 {
            println!("sol/{tag}/write/flash-lso: skipped (AMF_BENCH_SIZES=0)");
            g.finish();
            continue;
        }
        let start = Instant::now();
        let lso_bytes = flash_lso::write::write_to_bytes(&mut lso.clone()).unwrap();
        let took = start.elapsed();
        println!(
            "sol/{tag}: {} bytes; flash-lso writes {} bytes for it",
            bytes.len(),
            lso_bytes.len()
        );
        // Only the quadratic AMF3 writer is skipped; the threshold is wide
        // so that a loaded machine does not skip the linear AMF0 one.
        if took > workloads::peers::SLOW_ENCODE * 8 {
            println!(
                "sol/{tag}/write/flash-lso: one write took {took:?} (not run under criterion)"
            );
        } else {
            g.bench_function("write/flash-lso", |b| {
                b.iter_batched_ref(
                    || lso.clone(),
                    |l| flash_lso::write::write_to_bytes(l).unwrap(),
                    criterion::BatchSize::LargeInput,
                )
            });
            // The same `Lso` every time, as amf-serde writes the same `Sol`
            // (`write_to_bytes` only sets the header's length field): no
            // freshly cloned tree in the cache, the output dropped inside
            // the timing as amf-serde's is.
            let mut same = lso.clone();
            g.bench_function("write/flash-lso same Lso", |b| {
                b.iter(|| flash_lso::write::write_to_bytes(black_box(&mut same)).unwrap())
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
