//! Decodes the records workload `reps` times, for counting what one decode
//! costs at different sizes with tools that watch a whole process
//! (`valgrind --tool=callgrind` for instructions, `perf stat -e page-faults`):
//! run it with 1 and with `reps` repetitions and divide the difference.
//! `benches/tools/per_record.sh` does that for the scaling sizes.
//!
//! Usage: `decode_loop <records> <reps> value|typed|json_value`.
#![allow(missing_docs)]

#[allow(dead_code)]
mod workloads;

use std::hint::black_box;
use workloads::records::{records, Record};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(reps), Some(what)) = (
        args.get(1).and_then(|a| a.parse::<usize>().ok()),
        args.get(2).and_then(|a| a.parse::<usize>().ok()),
        args.get(3),
    ) else {
        eprintln!("usage: decode_loop <records> <reps> value|typed|json_value");
        std::process::exit(2);
    };
    let recs = records(n);
    let amf = amf_serde::to_vec(&recs).expect("records encode");
    let json = serde_json::to_vec(&recs).expect("records encode");
    drop(recs);
    for _ in 0..reps {
        match what.as_str() {
            "value" => drop(black_box(
                amf_serde::from_slice::<amf_serde::Value>(black_box(&amf)).expect("decode"),
            )),
            "typed" => drop(black_box(
                amf_serde::from_slice::<Vec<Record>>(black_box(&amf)).expect("decode"),
            )),
            _ => drop(black_box(
                serde_json::from_slice::<serde_json::Value>(black_box(&json)).expect("decode"),
            )),
        }
    }
}
