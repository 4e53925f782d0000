//! Real `.sol` files written by Flash Player (tests/fixtures/sol, see the
//! NOTICE there): every one decodes, untyped and typed, and writes back
//! byte for byte.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use amf_serde::sol::{self, ReadOptions, Sol};
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

/// The two files that are not whole `.sol` files, with what is wrong.
const BROKEN: [(&str, &str); 2] = [
    // 66 bytes; the length field says 66 too, but the body stops inside
    // the first value (a typed object's traits).
    (
        "minerva/2.sol",
        "in .sol entry \"pc_party\" (#0): unexpected end of input at byte offset 66",
    ),
    // 92 bytes past the end the length field gives: a file path
    // ("…/arenaMadnessGame2.sol") appended by some tool.
    (
        "minerva/00000004.sol",
        "the 92 bytes after the end the file-length field gives are not an entry \
         (in .sol entry (key unreadable) (#12): unexpected end of input at byte offset 97948) \
         at byte offset 97856",
    ),
];

#[test]
fn every_file_round_trips_byte_for_byte() {
    let files = fixtures();
    assert_eq!(files.len(), 78);
    let mut failures = Vec::new();
    let mut decoded = 0;
    for (name, bytes) in &files {
        if let Some((_, expected)) = BROKEN.iter().find(|(n, _)| n == name) {
            let e = Sol::from_slice(bytes).unwrap_err();
            assert_eq!(e.to_string(), *expected);
            let t = sol::from_slice::<BTreeMap<String, Value>>(bytes).unwrap_err();
            assert_eq!(t.to_string(), *expected);
            continue;
        }
        match Sol::from_slice(bytes) {
            Err(e) => failures.push(format!("{name}: decode: {e}")),
            Ok(sol) => match sol.to_vec() {
                Err(e) => failures.push(format!("{name}: encode: {e}")),
                Ok(out) if out != *bytes => failures.push(format!("{name}: differs")),
                Ok(_) => decoded += 1,
            },
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(decoded, 76);
}

/// Written from the decoded values alone (no memory of the bytes), all 76
/// files come out byte for byte, including the two where Flash wrote more
/// than the members: `AS3-Demo.sol` (an anonymous object's traits written
/// inline a second time, `Object::traits_copy`) and `oppDetailPrefs.sol`
/// (`ObjectProxy` traits with the dynamic flag, `External::dynamic`).
#[test]
fn values_alone_rewrite_every_file() {
    let mut differ = Vec::new();
    for (name, bytes) in fixtures() {
        if BROKEN.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let sol = Sol::from_slice(&bytes).unwrap();
        let mut fresh = Sol::new(sol.name.clone(), sol.version);
        fresh.entries = sol.entries.clone();
        let out = fresh.to_vec().unwrap();
        if out != bytes {
            let at = out.iter().zip(&bytes).position(|(a, b)| a != b).unwrap();
            differ.push((name.clone(), at, out.len() as i64 - bytes.len() as i64));
        }
        // Same values either way.
        assert_eq!(Sol::from_slice(&out).unwrap(), sol, "{name}");
    }
    assert_eq!(differ, []);
}

/// Every file decodes into typed targets: a map of `Value`s and a `Value`.
#[test]
fn every_file_decodes_typed() {
    for (name, bytes) in fixtures() {
        if BROKEN.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let sol = Sol::from_slice(&bytes).unwrap();
        let typed: BTreeMap<String, Value> = sol::from_slice(&bytes).unwrap();
        let keys: std::collections::BTreeSet<&str> = sol.keys().collect();
        assert_eq!(typed.len(), keys.len(), "{name}");
        for (k, v) in &typed {
            assert_eq!(Some(v), sol.get(k), "{name}: {k}");
        }
        let v: Value = sol::from_slice(&bytes).unwrap();
        assert_eq!(v, sol.to_object(), "{name}");
        let header = sol::read_header(&bytes).unwrap();
        assert_eq!(header.name, sol.name);
        // Flash Player writes the length field right.
        assert_eq!(header.length as usize, bytes.len() - 6, "{name}");
        ReadOptions::new()
            .with_strict_length(true)
            .read(&bytes)
            .unwrap();
    }
}

/// Every prefix of every file, and every file with one byte changed at
/// many places, gives a value or an error with an offset inside the input:
/// never a panic.
#[test]
fn truncated_and_corrupted_files_are_errors() {
    for (name, bytes) in fixtures() {
        // About 1 MB of decoding per file (tests run unoptimized).
        let tries = (1_000_000 / bytes.len().max(1)).clamp(4, 100);
        let step = (bytes.len() / tries).max(1);
        for n in (0..bytes.len()).step_by(step) {
            if let Err(e) = Sol::from_slice(&bytes[..n]) {
                assert!(
                    e.offset().is_some_and(|o| o <= n as u64),
                    "{name}[..{n}]: {e}"
                );
            }
            let _ = sol::from_slice::<BTreeMap<String, Value>>(&bytes[..n]);
        }
        let mut copy = bytes.clone();
        for at in (0..bytes.len()).step_by(step) {
            for x in [0x00, 0x7f, 0xff] {
                let old = copy[at];
                copy[at] = x;
                if let Err(e) = Sol::from_slice(&copy) {
                    assert!(
                        e.offset().is_some_and(|o| o <= copy.len() as u64),
                        "{name}: {e}"
                    );
                }
                let _ = sol::from_slice::<BTreeMap<String, Value>>(&copy);
                copy[at] = old;
            }
        }
    }
}
