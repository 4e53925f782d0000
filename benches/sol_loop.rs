//! Reads (or writes) a large `.sol` file `reps` times with `Sol`, for
//! profiling with tools that watch a whole process (`perf`).
//! Usage: `sol_loop <slots>|save <reps> amf3|amf0 [write|lso-write|lso-write-same|lso-write-clone-same|lso-clone]`;
//! `save` instead of a number of slots uses the game save of `sol.rs`.
//! `write` writes a `Sol` that does not hold the bytes read; `lso-write`
//! clones flash-lso's `Lso` and writes the clone, `lso-write-same` writes
//! the `Lso` read again and again, `lso-write-clone-same` one clone of it
//! (as the bench's `same Lso` row), `lso-clone` only clones. With
//! `SOL_HEAP=bench` the trees are built in the bench's order (see below). With `SOL_TAKE=n` in
//! the environment only the first `n` entries are written (a file small
//! enough to stay in the caches).
#![allow(missing_docs)]

#[allow(dead_code)] // `Save` is for `sol.rs`
mod sol_save;

use std::hint::black_box;

use amf_serde::sol::{Sol, Version};
use amf_serde::Value;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench_save = args.get(1).is_some_and(|a| a == "save");
    let (Some(n), Some(reps), Some(v)) = (
        args.get(1).and_then(|a| {
            if bench_save {
                Some(0)
            } else {
                a.parse::<usize>().ok()
            }
        }),
        args.get(2).and_then(|a| a.parse::<usize>().ok()),
        args.get(3),
    ) else {
        eprintln!("usage: sol_loop <slots>|save <reps> amf3|amf0 [write|lso-write|lso-write-same|lso-write-clone-same|lso-clone]");
        std::process::exit(2);
    };
    let version = if v == "amf0" {
        Version::Amf0
    } else {
        Version::Amf3
    };
    // `SOL_HEAP=bench`: build the trees in the order `sol.rs` does (the
    // typed save kept alive, the AMF3 file read by both libraries and
    // dropped, then the AMF0 one), so the heap they land in is the bench's.
    let like_bench = std::env::var_os("SOL_HEAP").is_some_and(|h| h == "bench");
    let _typed_save = like_bench.then(|| {
        let entries = sol_save::save();
        let b3 = amf_serde::sol::to_vec("bigsave", &sol_save::Ordered(&entries), Version::Amf3)
            .expect("encode");
        let u3 = Sol::from_slice(&b3).expect("decode");
        let mut f3 = Sol::new("bigsave", Version::Amf3);
        f3.entries = u3.entries.clone();
        let t3: sol_save::Save = amf_serde::sol::from_slice(&b3).expect("decode");
        let l3 = flash_lso::read::Reader::default()
            .parse(&b3)
            .expect("flash-lso");
        black_box((&u3, &f3, &t3, &l3));
        entries
    });
    let mut sol = Sol::new("loop", version);
    for i in 0..n {
        sol.entries.push((
            format!("slot{i}"),
            amf_serde::amf_value!({"name": (format!("Hero {i}")), "level": (i as i32), "inv": ["sword", "key"], "pos": {"x": 0.5}}),
        ));
    }
    let bytes = if bench_save {
        let bytes = match &_typed_save {
            Some(entries) => {
                amf_serde::sol::to_vec("bigsave", &sol_save::Ordered(entries), version)
            }
            None => {
                amf_serde::sol::to_vec("bigsave", &sol_save::Ordered(&sol_save::save()), version)
            }
        }
        .expect("encode");
        // As in `sol.rs`: the entries as read, shared with the `Sol` read.
        sol = Sol::from_slice(&bytes).expect("decode");
        bytes
    } else {
        sol.to_vec().expect("encode")
    };
    let fresh = {
        let mut f = Sol::new("loop", version);
        f.entries = sol.entries.clone();
        if let Some(t) = take() {
            f.entries.truncate(t);
        }
        f
    };
    // As in `sol.rs`: the typed read and flash-lso's `Lso` are made before
    // any writing, in every mode.
    let _typed: Option<sol_save::Save> =
        like_bench.then(|| amf_serde::sol::from_slice(&bytes).expect("decode"));
    let parsed = like_bench.then(|| {
        flash_lso::read::Reader::default()
            .parse(&bytes)
            .expect("flash-lso")
    });
    let parse = || match &parsed {
        Some(l) => l.clone(),
        None => flash_lso::read::Reader::default()
            .parse(&bytes)
            .expect("flash-lso"),
    };
    match args.get(4).map(String::as_str) {
        Some("write") => {
            for _ in 0..reps {
                black_box(black_box(&fresh).to_vec().expect("encode"));
            }
            return;
        }
        Some("lso-write") => {
            let lso = parse();
            for _ in 0..reps {
                let mut l = lso.clone();
                black_box(flash_lso::write::write_to_bytes(&mut l).expect("flash-lso"));
            }
            return;
        }
        Some(mode @ ("lso-write-same" | "lso-write-clone-same")) => {
            let mut l = parse();
            if mode == "lso-write-clone-same" {
                // What the bench's `same Lso` row writes: one clone of the
                // `Lso` read (its nodes laid out in write order by `clone`).
                l = l.clone();
            }
            if let Some(t) = take() {
                l.body.truncate(t);
            }
            for _ in 0..reps {
                black_box(flash_lso::write::write_to_bytes(black_box(&mut l)).expect("flash-lso"));
            }
            return;
        }
        Some("lso-clone") => {
            let lso = parse();
            for _ in 0..reps {
                black_box(lso.clone());
            }
            return;
        }
        _ => {}
    }
    for _ in 0..reps {
        let s: Sol = Sol::from_slice(black_box(&bytes)).expect("decode");
        black_box(s.get("slot0").map(Value::is_null));
    }
}

/// `SOL_TAKE`: how many entries to keep.
fn take() -> Option<usize> {
    std::env::var("SOL_TAKE").ok().and_then(|t| t.parse().ok())
}
