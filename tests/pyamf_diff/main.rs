//! Differential tests against PyAMF (Py3AMF 0.9.1, through
//! `tools/pyamf/peer.py batch`): values encoded by amf-serde are decoded by
//! PyAMF and compared with the expected tagged JSON (see
//! `tools/pyamf/README.md`), and values encoded by PyAMF from tagged JSON are
//! decoded by amf-serde and compared with the expected Rust values, for
//! every AMF0 and AMF3 type PyAMF supports, plus a deterministic sweep of
//! random values both ways.
//!
//! Where PyAMF is wrong (sparse arrays, pre-1970 dates with a fractional
//! second, dictionaries missing from the object table, the AMF0 ECMA count,
//! zlib-looking ByteArrays, vectors), the test asserts amf-serde's correct
//! behaviour and the comment says what PyAMF does.
//!
//! The peer needs `.venv` (made by `tools/pyamf/install.sh`, which `.ci/run`
//! calls). Without it every test is *ignored* with that reason (the
//! `has_pyamf` cfg of `tests/build.rs`); CI sets `AMF_SERDE_REQUIRE_PEERS`,
//! where a missing peer fails the build.
//! One Python process per test function serves all of its cases.
//!
//! Split by encoding: `amf3_cases`, `amf0_cases`, `sweep`. The PyAMF peer, tagged JSON and the
//! comparison checks live here.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use amf_serde::types::{
    Array, ByteArray, Date, Dictionary, EcmaArray, External, Object, Undefined, Vector, Xml,
    XmlDocument,
};
use amf_serde::{amf, amf0, Value};
use amf_serde_tests::hex;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

mod amf0_cases;
mod amf3_cases;
mod sweep;

// ------------------------------------------------------------------- peer

/// Cases checked by all tests of this binary (printed by each test).
static CASES: AtomicUsize = AtomicUsize::new(0);

/// A running `peer.py batch`.
struct Peer {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    cases: usize,
    started: Instant,
    name: &'static str,
}

/// What the peer answered: its exit-code-like `code` and the value, the hex
/// or the error message.
#[derive(Debug)]
struct Reply {
    code: i64,
    body: Json,
}

impl Reply {
    fn ok(self, what: &str) -> Json {
        assert_eq!(self.code, 0, "{what}: PyAMF failed: {}", self.body);
        self.body
    }
}

/// Starts the peer (the tests calling this are ignored where `.venv` is
/// missing: see `tests/build.rs`).
fn peer(name: &'static str) -> Peer {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let python = format!("{root}/.venv/bin/python");
    let mut child = Command::new(python)
        .arg(format!("{root}/tools/pyamf/peer.py"))
        .arg("batch")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start peer.py batch");
    let stdin = child.stdin.take();
    let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    Peer {
        child,
        stdin,
        stdout,
        cases: 0,
        started: Instant::now(),
        name,
    }
}

fn plain_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Peer {
    fn call(&mut self, req: &Json) -> Reply {
        let stdin = self.stdin.as_mut().expect("peer stdin open");
        writeln!(stdin, "{req}").expect("write to peer.py");
        stdin.flush().expect("flush peer.py stdin");
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("read from peer.py");
        assert!(!line.is_empty(), "peer.py exited (request {req})");
        let mut reply: Json = serde_json::from_str(&line).expect("peer.py replies JSON");
        let code = reply["code"].as_i64().expect("reply has a code");
        let body = match reply.as_object_mut() {
            Some(m) => m
                .remove("value")
                .or_else(|| m.remove("hex"))
                .or_else(|| m.remove("error"))
                .unwrap_or(Json::Null),
            None => Json::Null,
        };
        Reply { code, body }
    }

    /// PyAMF decodes `bytes` (one value, no trailing bytes).
    fn decode(&mut self, enc: &str, bytes: &[u8]) -> Reply {
        self.decode_with(enc, bytes, false)
    }

    fn decode_with(&mut self, enc: &str, bytes: &[u8], traits: bool) -> Reply {
        self.cases += 1;
        self.call(&json!({"op": "decode", "enc": enc, "hex": plain_hex(bytes), "traits": traits}))
    }

    /// PyAMF encodes the tagged JSON `value`.
    fn encode(&mut self, enc: &str, value: &Json) -> Reply {
        self.cases += 1;
        self.call(&json!({"op": "encode", "enc": enc, "value": value}))
    }

    /// PyAMF encodes `value`; the bytes, which must be `Ok`.
    fn encoded(&mut self, enc: &str, value: &Json) -> Vec<u8> {
        let body = self.encode(enc, value).ok(&format!("encode {value}"));
        hex(body.as_str().expect("hex string"))
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
        let total = CASES.fetch_add(self.cases, Ordering::Relaxed) + self.cases;
        println!(
            "{}: {} PyAMF calls in {:?} ({} in this binary so far)",
            self.name,
            self.cases,
            self.started.elapsed(),
            total
        );
    }
}

// --------------------------------------------------------- tagged JSON

fn tag_f64(d: f64) -> Json {
    if d.is_nan() {
        json!("NaN")
    } else if d == f64::INFINITY {
        json!("Infinity")
    } else if d == f64::NEG_INFINITY {
        json!("-Infinity")
    } else {
        json!(d)
    }
}

fn float(d: f64) -> Json {
    json!({ "float": tag_f64(d) })
}

fn int(i: i64) -> Json {
    json!({ "int": i })
}

fn s(text: &str) -> Json {
    json!({ "str": text })
}

fn list(items: Vec<Json>) -> Json {
    json!({ "list": items })
}

fn obj(class: &str, members: Vec<(&str, Json)>) -> Json {
    let m: serde_json::Map<String, Json> = members
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    json!({"object": {"class": class, "members": m}})
}

fn date_ms(ms: f64) -> Json {
    if ms.fract() == 0.0 {
        json!({ "date_ms": ms as i64 })
    } else {
        json!({ "date_ms": ms })
    }
}

const NULL: fn() -> Json = || json!({ "null": null });
const UNDEFINED: fn() -> Json = || json!({ "undefined": null });

/// How PyAMF (through the peer) prints a value amf-serde decoded: the
/// expected output of `peer.py decode` for the bytes `v` came from, and the
/// input of `peer.py encode` that writes `v`.
fn tagged(v: &Value) -> Json {
    match v {
        Value::Undefined => UNDEFINED(),
        Value::Null => NULL(),
        Value::Bool(b) => json!({ "bool": b }),
        Value::Integer(i) => int(i64::from(*i)),
        Value::Double(d) => float(*d),
        Value::String(x) => s(x),
        Value::Date(d) => date_ms(d.millis()),
        Value::Xml(x) => json!({ "xml": x.0 }),
        Value::XmlDocument(x) => json!({ "xml": x.0 }),
        Value::ByteArray(b) => json!({ "bytes": plain_hex(&b.0) }),
        Value::Array(a) if a.assoc().is_empty() => list(a.iter().map(tagged).collect()),
        Value::Array(a) => {
            let assoc: serde_json::Map<String, Json> = a
                .assoc()
                .iter()
                .map(|(k, v)| (k.to_string(), tagged(v)))
                .collect();
            let dense: Vec<Json> = a.iter().map(tagged).collect();
            json!({"mixed": {"dense": dense, "assoc": assoc}})
        }
        Value::EcmaArray(e) => {
            // PyAMF turns every key that int() accepts into an int; the
            // peer prints the run 0, 1, … as the dense part.
            let mut dense = Vec::new();
            let mut assoc = serde_json::Map::new();
            for (k, v) in &e.entries {
                if k.parse::<usize>().ok() == Some(dense.len()) {
                    dense.push(tagged(v));
                } else {
                    assoc.insert(k.to_string(), tagged(v));
                }
            }
            json!({"mixed": {"dense": dense, "assoc": assoc}})
        }
        Value::Object(o) => {
            let members: serde_json::Map<String, Json> = o
                .members()
                .map(|(k, v)| (k.to_string(), tagged(v)))
                .collect();
            json!({"object": {"class": o.class, "members": members}})
        }
        Value::External(e) => json!({"external": {
            "class": e.class,
            "value": tagged(e.value().expect("one-value externalizable body")),
        }}),
        Value::Dictionary(d) => json!({
            "dict": d.entries.iter().map(|(k, v)| json!([tagged(k), tagged(v)])).collect::<Vec<_>>()
        }),
        Value::Cycle(_) => json!({ "cycle": true }),
        Value::Amf3(v) => tagged(v),
        other => panic!("PyAMF has no form for {other:?}"),
    }
}

// --------------------------------------------------------------- checks

/// `j` after a trip through JSON text. serde_json's default float parser
/// may be one ulp off for some numbers (it lacks `float_roundtrip` here), so
/// an expected value is read through the same parser as the peer's reply
/// before comparing.
fn norm(j: &Json) -> Json {
    serde_json::from_str(&j.to_string()).expect("JSON re-parses")
}

/// amf-serde encodes `value` as AMF3; PyAMF must decode it to `expected`.
fn ours_to_pyamf3<T: Serialize + ?Sized>(p: &mut Peer, value: &T, expected: &Json) -> Vec<u8> {
    let bytes = amf_serde::to_vec(value).expect("amf-serde encodes");
    let got = p
        .decode("amf3", &bytes)
        .ok(&format!("decode {}", plain_hex(&bytes)));
    assert_eq!(
        got,
        norm(expected),
        "PyAMF decoded AMF3 {}",
        plain_hex(&bytes)
    );
    bytes
}

/// amf-serde encodes `value` as AMF0; PyAMF must decode it to `expected`.
fn ours_to_pyamf0<T: Serialize + ?Sized>(p: &mut Peer, value: &T, expected: &Json) -> Vec<u8> {
    let bytes = amf0::to_vec(value).expect("amf-serde encodes");
    let got = p
        .decode("amf0", &bytes)
        .ok(&format!("decode {}", plain_hex(&bytes)));
    assert_eq!(
        got,
        norm(expected),
        "PyAMF decoded AMF0 {}",
        plain_hex(&bytes)
    );
    bytes
}

/// PyAMF encodes `input` as AMF3; amf-serde must decode it into `expected`
/// and into a `Value` whose tagged form is `input`. Returns the bytes.
fn pyamf3_to_ours<T>(p: &mut Peer, input: &Json, expected: &T) -> Vec<u8>
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let bytes = p.encoded("amf3", input);
    let got: T = amf_serde::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("decoding PyAMF's {} for {input}: {e}", plain_hex(&bytes)));
    assert_eq!(
        &got,
        expected,
        "PyAMF wrote {} for {input}",
        plain_hex(&bytes)
    );
    let v: Value = amf_serde::from_slice(&bytes).expect("decodes into Value");
    assert_eq!(&tagged(&v), input, "as a Value: {v:?}");
    bytes
}

/// The same for AMF0.
fn pyamf0_to_ours<T>(p: &mut Peer, input: &Json, expected: &T) -> Vec<u8>
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let bytes = p.encoded("amf0", input);
    let got: T = amf0::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("decoding PyAMF's {} for {input}: {e}", plain_hex(&bytes)));
    assert_eq!(
        &got,
        expected,
        "PyAMF wrote {} for {input}",
        plain_hex(&bytes)
    );
    bytes
}

/// Both ways for a `Value`: ours → PyAMF gives `tagged(v)`, and PyAMF's
/// encoding of `tagged(v)` decodes to a value with the same tagged form.
fn value_both_ways(p: &mut Peer, enc: &str, v: &Value) {
    let expected = tagged(v);
    let bytes = if enc == "amf3" {
        amf_serde::to_vec(v)
    } else {
        amf0::to_vec(v)
    }
    .unwrap_or_else(|e| panic!("encoding {v:?}: {e}"));
    let got = p.decode(enc, &bytes).ok(&format!("{enc} decode {v:?}"));
    assert_eq!(
        got,
        norm(&expected),
        "PyAMF decoded our {enc} {}",
        plain_hex(&bytes)
    );
    let theirs = p.encoded(enc, &expected);
    let back: Value = if enc == "amf3" {
        amf_serde::from_slice(&theirs)
    } else {
        amf0::from_slice(&theirs)
    }
    .unwrap_or_else(|e| panic!("decoding PyAMF's {enc} {}: {e}", plain_hex(&theirs)));
    // PyAMF's encoder computes seconds as a float and multiplies by 1000,
    // so a date may come back a fraction of a microsecond off.
    let mut again = round_dates(&tagged(&back));
    if enc == "amf0" {
        // AMF0 has only doubles: PyAMF's ints come back as numbers.
        again = floats_as_ints_like(&again, &expected);
    }
    assert_eq!(again, expected, "PyAMF wrote {enc} {}", plain_hex(&theirs));
}

/// Rounds every `date_ms` to whole microseconds (see [`value_both_ways`]).
fn round_dates(v: &Json) -> Json {
    match v {
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, x)| match (k.as_str(), x.as_f64()) {
                    ("date_ms", Some(ms)) => {
                        let ms = (ms * 1000.0).round() / 1000.0;
                        (k.clone(), date_ms(ms)["date_ms"].clone())
                    }
                    _ => (k.clone(), round_dates(x)),
                })
                .collect(),
        ),
        Json::Array(a) => Json::Array(a.iter().map(round_dates).collect()),
        _ => v.clone(),
    }
}

/// Where `expected` has `{"int": n}` and `got` has `{"float": n.0}` in the
/// same place, takes the int (AMF0 numbers are doubles).
fn floats_as_ints_like(got: &Json, expected: &Json) -> Json {
    match (got, expected) {
        (Json::Object(g), Json::Object(e)) => {
            if let (Some(f), Some(i)) = (g.get("float"), e.get("int")) {
                if f.as_f64() == i.as_f64() {
                    return expected.clone();
                }
            }
            Json::Object(
                g.iter()
                    .map(|(k, v)| {
                        let v = match e.get(k) {
                            Some(ev) => floats_as_ints_like(v, ev),
                            None => v.clone(),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            )
        }
        (Json::Array(g), Json::Array(e)) => Json::Array(
            g.iter()
                .zip(e.iter().chain(std::iter::repeat(&Json::Null)))
                .map(|(a, b)| floats_as_ints_like(a, b))
                .collect(),
        ),
        _ => got.clone(),
    }
}

/// A struct written with sealed traits (anonymous, no alias).
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Person {
    name: String,
    age: i32,
    tags: Vec<String>,
}

/// A registered class.
#[amf(alias = "com.example.Point")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Point {
    x: f64,
    y: f64,
}
