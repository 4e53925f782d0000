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
//! `SLOW_ENCODE`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[allow(dead_code)]
mod workloads;

use std::hint::black_box;
use std::time::Instant;

use amf_serde::sol::{self, Sol, Version};
use amf_serde::types::Date;
use criterion::{criterion_group, criterion_main, Criterion};
use serde::{Deserialize, Serialize};

const SLOTS: usize = 11_000;

const WORDS: [&str; 12] = [
    "sword", "shield", "potion", "elixir", "bow", "arrow", "key", "map", "ring", "amulet",
    "scroll", "gem",
];

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Pos {
    x: f64,
    y: f64,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[allow(non_snake_case)]
struct Character {
    name: String,
    class: String,
    level: i32,
    hp: f64,
    pos: Pos,
    inventory: Vec<String>,
    alive: bool,
    lastSaved: Date,
    journal: String,
}

/// The save as a map of entries (typed reading).
type Save = std::collections::BTreeMap<String, Character>;

fn save() -> Vec<(String, Character)> {
    let classes = ["warrior", "mage", "rogue", "cleric"];
    let mut out = Vec::with_capacity(SLOTS);
    for i in 0..SLOTS {
        let inventory = (0..(i % 7 + 3))
            .map(|k| WORDS[(i * 5 + k * 3) % WORDS.len()].to_owned())
            .collect();
        let journal = if i % 25 == 0 {
            (0..2048)
                .map(|k| char::from(b'a' + ((i + k) % 26) as u8))
                .collect()
        } else {
            String::new()
        };
        out.push((
            format!("slot{i}"),
            Character {
                name: format!("Hero number {i}"),
                class: classes[i % classes.len()].to_owned(),
                level: (i % 99) as i32 + 1,
                hp: 100.0 - (i % 37) as f64 * 1.25,
                pos: Pos {
                    x: i as f64 * 0.5,
                    y: -(i as f64) * 0.25,
                },
                inventory,
                alive: i % 3 != 0,
                lastSaved: Date::from_millis(1_600_000_000_000.0 + i as f64 * 60_000.0),
                journal,
            },
        ));
    }
    out
}

/// The entries as a struct-like map in file order (typed writing).
struct Ordered<'a>(&'a [(String, Character)]);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

fn bench(c: &mut Criterion) {
    let entries = save();
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
