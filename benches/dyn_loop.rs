//! Runs one of issue 23's dynamic rows in a plain loop, for tools that watch
//! a whole process (`valgrind --tool=callgrind` instruction counts, `perf
//! record`): the same inputs as `benches/issue23.rs` (`dynamic_rows`), no
//! criterion around them. Run it with 1 and with `reps` repetitions and
//! divide the difference, or use callgrind's `--toggle-collect=dyn_loop::run`.
//!
//! Usage: `dyn_loop twitter|citm|canada json_value_encode|json_value_decode|value_encode|value_decode amf3|serde_json|ratio <reps>`.
//!
//! `ratio` alternates single runs of `amf3` and `serde_json`, `reps` of each,
//! and prints the ratio of their minimum and of their median times: on a
//! loaded machine the minimum is each side's least disturbed run, so the
//! ratio of minima moves far less with the load than two loops timed apart.
//!
//! Also the typed decode row (`issue23/canada_typed_decode`):
//! `dyn_loop <w> typed_decode amf3|postcard|rmp_serde <reps>` decodes the
//! workload's typed model from amf-serde's AMF3, postcard's bytes or
//! rmp-serde's `to_vec_named`.
#![allow(missing_docs)]

#[allow(dead_code)]
mod workloads;

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hint::black_box;

/// The inputs of one workload, as `dynamic_rows` in `issue23.rs` makes them.
struct Inputs {
    json: Vec<u8>,
    amf3_typed: Vec<u8>,
    json_value: serde_json::Value,
    amf3_of_json_value: Vec<u8>,
    value: amf_serde::Value,
    /// The typed model in postcard's and rmp-serde's (`to_vec_named`) bytes.
    postcard: Vec<u8>,
    msgpack: Vec<u8>,
    /// Decodes the typed model from AMF3, postcard or MessagePack bytes
    /// (and drops it).
    typed_decode: fn(&[u8], &str),
}

/// The typed decode of `T` from `imp`'s bytes.
fn typed_decode<T: DeserializeOwned>(bytes: &[u8], imp: &str) {
    let v: T = match imp {
        "amf3" => amf_serde::from_slice(black_box(bytes)).expect("decode"),
        "postcard" => postcard::from_bytes(black_box(bytes)).expect("decode"),
        _ => rmp_serde::from_slice(black_box(bytes)).expect("decode"),
    };
    drop(black_box(v));
}

fn inputs<T: Serialize + DeserializeOwned>(file: &str) -> Inputs {
    let typed: T = workloads::load(file);
    let json = serde_json::to_vec(&typed).expect("json");
    let amf3_typed = amf_serde::to_vec(&typed).expect("amf3");
    // Not every model has a postcard form (skipped fields); empty then, and
    // its decode fails.
    let postcard = postcard::to_allocvec(&typed).unwrap_or_default();
    let msgpack = rmp_serde::to_vec_named(&typed).unwrap_or_default();
    drop(typed);
    let json_value: serde_json::Value = serde_json::from_slice(&json).expect("json value");
    let amf3_of_json_value = amf_serde::to_vec(&json_value).expect("amf3 of json value");
    let value: amf_serde::Value = amf_serde::from_slice(&amf3_typed).expect("value");
    Inputs {
        json,
        amf3_typed,
        json_value,
        amf3_of_json_value,
        value,
        postcard,
        msgpack,
        typed_decode: typed_decode::<T>,
    }
}

/// The measured loop (a function of its own for `--toggle-collect`).
#[inline(never)]
fn run(i: &Inputs, row: &str, imp: &str, reps: usize) {
    for _ in 0..reps {
        match (row, imp) {
            ("typed_decode", "amf3") => (i.typed_decode)(&i.amf3_typed, imp),
            ("typed_decode", "postcard") => (i.typed_decode)(&i.postcard, imp),
            ("typed_decode", "rmp_serde") => (i.typed_decode)(&i.msgpack, imp),
            ("json_value_encode", "amf3") => drop(black_box(
                amf_serde::to_vec(black_box(&i.json_value)).expect("encode"),
            )),
            ("value_encode", "amf3") => drop(black_box(
                amf_serde::to_vec(black_box(&i.value)).expect("encode"),
            )),
            ("value_decode", "amf3") => drop(black_box(
                amf_serde::from_slice::<amf_serde::Value>(black_box(&i.amf3_typed))
                    .expect("decode"),
            )),
            ("json_value_encode" | "value_encode", _) => drop(black_box(
                serde_json::to_vec(black_box(&i.json_value)).expect("encode"),
            )),
            ("json_value_decode", "amf3") => drop(black_box(
                amf_serde::from_slice::<serde_json::Value>(black_box(&i.amf3_of_json_value))
                    .expect("decode"),
            )),
            ("json_value_decode" | "value_decode", _) => drop(black_box(
                serde_json::from_slice::<serde_json::Value>(black_box(&i.json)).expect("decode"),
            )),
            _ => {
                eprintln!("unknown row {row}");
                std::process::exit(2);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(w), Some(row), Some(imp), Some(reps)) = (
        args.get(1),
        args.get(2),
        args.get(3),
        args.get(4).and_then(|a| a.parse::<usize>().ok()),
    ) else {
        eprintln!(
            "usage: dyn_loop twitter|citm|canada <row> amf3|serde_json|ratio|postcard|rmp_serde <reps>"
        );
        std::process::exit(2);
    };
    let i = match w.as_str() {
        "twitter" => inputs::<workloads::twitter::Twitter>("twitter.json"),
        "citm" => inputs::<workloads::citm::CitmCatalog>("citm_catalog.json"),
        _ => inputs::<workloads::canada::FeatureCollection>("canada.json"),
    };
    // `DYN_PRE="<row> <impl> <reps>"`: run another row first, untimed (the
    // heap's history before the measured loop, as in a criterion process
    // where other groups ran before).
    if let Ok(pre) = std::env::var("DYN_PRE") {
        let p: Vec<&str> = pre.split_whitespace().collect();
        if let [r, m, n] = p[..] {
            run(&i, r, m, n.parse().unwrap_or(0));
        }
    }
    if imp == "ratio" {
        let (mut a, mut b) = (Vec::with_capacity(reps), Vec::with_capacity(reps));
        for _ in 0..reps.max(1) {
            for (imp, times) in [("amf3", &mut a), ("serde_json", &mut b)] {
                let t = std::time::Instant::now();
                run(&i, row, imp, 1);
                times.push(t.elapsed().as_secs_f64());
            }
        }
        a.sort_by(f64::total_cmp);
        b.sort_by(f64::total_cmp);
        let (ma, mb) = (a[a.len() / 2], b[b.len() / 2]);
        println!(
            "{w} {row}: amf3 ÷ serde_json: min {:.3} ({:.1} / {:.1} µs), median {:.3} ({:.1} / {:.1} µs)",
            a[0] / b[0],
            a[0] * 1e6,
            b[0] * 1e6,
            ma / mb,
            ma * 1e6,
            mb * 1e6
        );
        return;
    }
    let t = std::time::Instant::now();
    run(&i, row, imp, reps);
    eprintln!(
        "{w} {row} {imp}: {:?} per rep",
        t.elapsed() / reps.max(1) as u32
    );
}
