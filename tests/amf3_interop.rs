//! Interoperability: the sealed-vs-dynamic size decision, and round trips
//! through PyAMF (Py3AMF 0.9.1, `tools/pyamf/peer.py`).
//!
//! The PyAMF tests need `.venv` (made by `tools/pyamf/install.sh`, which
//! `.ci/run` calls). Without it they are *ignored* with that reason (the
//! `has_pyamf` cfg of `tests/build.rs`); CI sets `AMF_SERDE_REQUIRE_PEERS`,
//! where a missing peer fails the build.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use amf_serde_tests::{hex, to_hex};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Record {
    id: i32,
    name: String,
    email: String,
    tags: Vec<String>,
    balance: f64,
    active: bool,
    created: f64,
}

const WORDS: [&str; 12] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima",
];

fn records(n: i32) -> Vec<Record> {
    (0..n)
        .map(|i| Record {
            id: i,
            name: format!("user{i}"),
            email: format!("user{i}@example.com"),
            tags: (0..3)
                .map(|k| WORDS[((i * 7 + k * 5) % 12) as usize].to_string())
                .collect(),
            balance: f64::from(i) * 1.25 - 100.5,
            active: i % 3 != 0,
            created: 1_600_000_000_000.0 + f64::from(i) * 86_400_000.0,
        })
        .collect()
}

/// The same records as string-keyed maps: written as dynamic objects.
fn as_maps(recs: &[Record]) -> Vec<BTreeMap<String, Json>> {
    recs.iter()
        .map(
            |r| match serde_json::to_value(r).expect("records are JSON") {
                Json::Object(m) => m.into_iter().collect(),
                _ => unreachable!("a struct is a JSON object"),
            },
        )
        .collect()
}

#[test]
fn sealed_is_smaller_than_dynamic() {
    let recs = records(1000);
    let sealed = amf_serde::to_vec(&recs).unwrap();
    let dynamic = amf_serde::to_vec(&as_maps(&recs)).unwrap();
    let json = serde_json::to_vec(&recs).unwrap();
    println!(
        "1000 records: sealed {} bytes, dynamic {} bytes ({:.1}%), JSON {} bytes",
        sealed.len(),
        dynamic.len(),
        100.0 * sealed.len() as f64 / dynamic.len() as f64,
        json.len()
    );
    // After the first record, a dynamic object repeats 7 one-byte
    // member-name references and the `01` terminator; a sealed one has only
    // its values. The first record differs by the terminator alone.
    assert_eq!(dynamic.len() - sealed.len(), 999 * 8 + 1);
    // Both decode to the same records.
    assert_eq!(amf_serde::from_slice::<Vec<Record>>(&sealed).unwrap(), recs);
    assert_eq!(
        amf_serde::from_slice::<Vec<Record>>(&dynamic).unwrap(),
        recs
    );
}

// ----------------------------------------------------------------- PyAMF

/// Runs `tools/pyamf/peer.py` (the tests calling this are ignored where
/// `.venv` is missing: see `tests/build.rs`).
fn peer(args: &[&str], stdin: &str) -> Result<String, String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let python = format!("{root}/.venv/bin/python");
    let mut child = Command::new(python)
        .arg(format!("{root}/tools/pyamf/peer.py"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start peer.py");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("write to peer.py");
    let out = child.wait_with_output().expect("peer.py runs");
    let text = String::from_utf8(out.stdout).expect("peer.py prints UTF-8");
    if out.status.success() {
        Ok(text.trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// A record in the peer's tagged JSON, as PyAMF decodes it.
fn tagged(r: &Record) -> Json {
    json!({"object": {"class": "", "members": {
        "id": {"int": r.id},
        "name": {"str": r.name},
        "email": {"str": r.email},
        "tags": {"list": r.tags.iter().map(|t| json!({"str": t})).collect::<Vec<_>>()},
        "balance": {"float": r.balance},
        "active": {"bool": r.active},
        "created": {"float": r.created},
    }}})
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn pyamf_decodes_sealed_records() {
    let recs = records(50);
    let bytes = amf_serde::to_vec(&recs).unwrap();
    assert_eq!(
        &bytes[3..5],
        &[0x0a, 0x73],
        "inline sealed traits, 7 members"
    );
    let out = peer(&["decode", "amf3"], &to_hex(&bytes));
    let decoded: Json = serde_json::from_str(&out.expect("PyAMF decodes")).unwrap();
    let expected = json!({"list": recs.iter().map(tagged).collect::<Vec<_>>()});
    assert_eq!(decoded, expected);
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn pyamf_encoded_records_decode() {
    let recs = records(20);
    let input = json!({"list": recs.iter().map(tagged).collect::<Vec<_>>()});
    let out = peer(&["encode", "amf3"], &input.to_string());
    let bytes = hex(&out.expect("PyAMF encodes"));
    // PyAMF writes dynamic anonymous objects (a dict), and integral floats
    // such as `created` as integers when they fit: both must decode.
    assert_eq!(amf_serde::from_slice::<Vec<Record>>(&bytes).unwrap(), recs);
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn pyamf_agrees_on_scalars_and_references() {
    #[derive(Serialize)]
    struct Mixed {
        ints: Vec<i64>,
        floats: Vec<f64>,
        words: Vec<&'static str>,
        unicode: &'static str,
        #[serde(with = "serde_bytes")]
        blob: Vec<u8>,
        nothing: Option<i32>,
        map: BTreeMap<&'static str, i32>,
    }
    let value = Mixed {
        ints: vec![
            0,
            -1,
            268_435_455,
            -268_435_456,
            268_435_456,
            -268_435_457,
            1 << 53,
        ],
        floats: vec![0.5, -1e300, f64::INFINITY],
        words: vec!["foo", "", "foo", "bar", ""],
        unicode: "Shift テスト 😀",
        blob: vec![0, 1, 2, 255],
        nothing: None,
        map: BTreeMap::from([("k", 1), ("z", 2)]),
    };
    let bytes = amf_serde::to_vec(&value).unwrap();
    let out = peer(&["decode", "amf3"], &to_hex(&bytes));
    let decoded: Json = serde_json::from_str(&out.expect("PyAMF decodes")).unwrap();
    let expected = json!({"object": {"class": "", "members": {
        "ints": {"list": [{"int": 0}, {"int": -1}, {"int": 268_435_455}, {"int": -268_435_456},
                          {"float": 268_435_456.0}, {"float": -268_435_457.0}, {"float": 9_007_199_254_740_992.0}]},
        "floats": {"list": [{"float": 0.5}, {"float": -1e300}, {"float": "Infinity"}]},
        "words": {"list": [{"str": "foo"}, {"str": ""}, {"str": "foo"}, {"str": "bar"}, {"str": ""}]},
        "unicode": {"str": "Shift テスト 😀"},
        "blob": {"bytes": "000102ff"},
        "nothing": {"null": null},
        "map": {"object": {"class": "", "members": {"k": {"int": 1}, "z": {"int": 2}}}},
    }}});
    assert_eq!(decoded, expected);
}
