//! Real `.sol` files written by Flash Player (tests/fixtures/sol, see the
//! NOTICE there): every one decodes, untyped and typed, and writes back
//! byte for byte.

use std::path::{Path, PathBuf};

use amf_serde::sol::{self, ReadOptions, Sol, Version};
use amf_serde::Value;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sol");
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["minerva", "flash-lso"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "sol") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(&root).unwrap().display().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn every_file_round_trips_byte_for_byte() {
    let files = fixtures();
    assert_eq!(files.len(), 78);
    let mut failures = Vec::new();
    for (name, bytes) in &files {
        match Sol::from_slice(bytes) {
            Err(e) => failures.push(format!("{name}: decode: {e}")),
            Ok(sol) => match sol.to_vec() {
                Err(e) => failures.push(format!("{name}: encode: {e}")),
                Ok(out) if out != *bytes => {
                    let at = out.iter().zip(bytes.iter()).position(|(a, b)| a != b);
                    failures.push(format!(
                        "{name}: differs at {at:?} (len {} vs {})",
                        out.len(),
                        bytes.len()
                    ))
                }
                Ok(_) => {}
            },
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore]
fn debug_one() {
    let name = std::env::var("SOL").unwrap();
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sol").join(&name)).unwrap();
    let sol = Sol::from_slice(&bytes);
    match sol {
        Err(e) => println!("ERR {e}"),
        Ok(sol) => {
            let out = sol.to_vec().unwrap();
            let at = out.iter().zip(bytes.iter()).skip(6).position(|(a, b)| a != b).map(|p| p + 6);
            println!("len {} vs {}, first diff {:?}", out.len(), bytes.len(), at);
            if let Some(at) = at {
                let lo = at.saturating_sub(40);
                println!("orig {:02x?}", &bytes[lo..(at + 40).min(bytes.len())]);
                println!("ours {:02x?}", &out[lo..(at + 40).min(out.len())]);
            }
        }
    }
}
