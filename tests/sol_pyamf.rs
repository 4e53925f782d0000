//! Differential tests of `.sol` files against PyAMF's `pyamf.sol` (Py3AMF
//! 0.9.1, through `tools/pyamf/sol_peer.py batch`), both ways: files
//! amf-serde writes are decoded by PyAMF (strict, so the length field is
//! checked), files PyAMF writes are decoded by amf-serde (strict too) and
//! compared byte for byte with amf-serde's own, and the real Flash-written
//! fixtures decode alike.
//!
//! Needs `.venv` (`bash tools/pyamf/install.sh`); the tests are ignored
//! (not passed) without it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;

use amf_serde::sol::{self, ReadOptions, Sol, Version};
use amf_serde::types::{Array, ByteArray, Date, EcmaArray, Object, XmlDocument};
use amf_serde::Value;
use amf_serde_tests::hex;
use serde_json::{json, Value as Json};

struct Peer {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Peer {
    fn start() -> Peer {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut child = Command::new(format!("{root}/.venv/bin/python"))
            .arg(format!("{root}/tools/pyamf/sol_peer.py"))
            .arg("batch")
            .env("PYTHONIOENCODING", "utf-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start sol_peer.py");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        Peer {
            child,
            stdin,
            stdout,
        }
    }

    fn call(&mut self, req: &Json) -> Json {
        let stdin = self.stdin.as_mut().expect("open");
        writeln!(stdin, "{req}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        assert!(!line.is_empty(), "sol_peer.py exited");
        serde_json::from_str(&line).unwrap()
    }

    fn decode(&mut self, bytes: &[u8]) -> Json {
        self.call(&json!({"op": "decode", "hex": plain_hex(bytes), "strict": true}))
    }

    fn encode(&mut self, name: &str, version: Version, entries: &Json) -> Vec<u8> {
        let reply = self.call(&json!({
            "op": "encode", "name": name, "encoding": version.byte(), "entries": entries
        }));
        assert_eq!(reply["code"], 0, "{reply}");
        hex(reply["hex"].as_str().unwrap())
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn plain_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn tag_f64(d: f64) -> Json {
    if d.is_nan() {
        json!("NaN")
    } else if d.is_infinite() {
        json!(if d > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        json!(d)
    }
}

/// The peer's tagged JSON for a value (what `peer.py` prints for what
/// PyAMF decodes, and what it builds values from).
fn tagged(v: &Value) -> Json {
    match v {
        Value::Undefined => json!({"undefined": null}),
        Value::Null => json!({"null": null}),
        Value::Bool(b) => json!({ "bool": b }),
        Value::Integer(i) => json!({ "int": i }),
        Value::Double(d) => json!({ "float": tag_f64(*d) }),
        Value::String(s) => json!({ "str": s }),
        Value::Date(d) if d.millis().fract() == 0.0 => json!({"date_ms": d.millis() as i64}),
        Value::Date(d) => json!({ "date_ms": d.millis() }),
        Value::Xml(x) => json!({ "xml": x.0 }),
        Value::XmlDocument(x) => json!({ "xml": x.0 }),
        Value::ByteArray(b) => json!({ "bytes": plain_hex(&b.0) }),
        Value::Array(a) if a.assoc().is_empty() => {
            json!({ "list": a.iter().map(tagged).collect::<Vec<_>>() })
        }
        Value::Array(a) => {
            let assoc: serde_json::Map<String, Json> = a
                .assoc()
                .iter()
                .map(|(k, v)| (k.to_string(), tagged(v)))
                .collect();
            json!({"mixed": {"dense": a.iter().map(tagged).collect::<Vec<_>>(), "assoc": assoc}})
        }
        Value::EcmaArray(e) => {
            // PyAMF turns decimal keys into ints; the peer prints the run
            // 0, 1, … as the dense part.
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
            "value": e.value().map(tagged).unwrap_or(Json::Null),
        }}),
        Value::Dictionary(d) => json!({
            "dict": d.entries.iter().map(|(k, v)| json!([tagged(k), tagged(v)])).collect::<Vec<_>>()
        }),
        Value::Cycle(_) => json!({ "cycle": true }),
        Value::Amf3(v) => tagged(v),
        other => json!({ "unsupported": format!("{other:?}") }),
    }
}

fn entries_json(sol: &Sol) -> Json {
    Json::Array(sol.iter().map(|(k, v)| json!([k, tagged(v)])).collect())
}

/// serde_json's float parsing may be one ulp off without
/// `float_roundtrip`: compare through the same parser.
fn norm(j: &Json) -> Json {
    serde_json::from_str(&j.to_string()).unwrap()
}

/// XML as PyAMF re-serialises it, spaces aside.
fn canon(v: &Json) -> Json {
    match v {
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, x)| match (k.as_str(), x) {
                    ("xml", Json::String(t)) => (
                        k.clone(),
                        Json::String(unescape(t).replace([' ', '\n'], "")),
                    ),
                    _ => (k.clone(), canon(x)),
                })
                .collect(),
        ),
        Json::Array(a) => Json::Array(a.iter().map(canon).collect()),
        _ => v.clone(),
    }
}

/// XML text with numeric character references (`&#35013;`, which PyAMF's
/// re-serialisation writes for non-ASCII text) replaced by the characters.
fn unescape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let end = tail.find(';').unwrap_or(0);
        let code = match tail.strip_prefix('x') {
            Some(hex) if end > 1 => u32::from_str_radix(&hex[..end - 1], 16).ok(),
            _ => tail[..end].parse().ok(),
        };
        match code.and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The path of the first difference between two JSON values.
fn first_diff(a: &Json, b: &Json, path: String) -> Option<String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = first_diff(v, w, format!("{path}.{k}")) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{path}.{k}: only left")),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{path}.{k}: only right"))
        }
        (Json::Array(x), Json::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_diff(v, w, format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{path}: {} vs {} items", x.len(), y.len()))
        }
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

fn arc<T>(t: T) -> Arc<T> {
    Arc::new(t)
}

/// Shared objects of every kind of value PyAMF can write, per version.
fn samples() -> Vec<Sol> {
    let mut out = Vec::new();
    for version in [Version::Amf0, Version::Amf3] {
        let num = |i: i32| match version {
            Version::Amf0 => Value::Double(f64::from(i)),
            Version::Amf3 => Value::Integer(i),
        };
        let mut s = Sol::new("scalars", version);
        s.insert("n", num(7));
        s.insert("neg", num(-300));
        s.insert("pi", Value::Double(std::f64::consts::PI));
        s.insert("big", Value::Double(1e300));
        s.insert("yes", Value::Bool(true));
        s.insert("no", Value::Bool(false));
        s.insert("nothing", Value::Null);
        s.insert("gone", Value::Undefined);
        s.insert("text", Value::String("héllo wörld".into()));
        s.insert("empty", Value::String(String::new()));
        out.push(s);

        let mut s = Sol::new("save_game-1", version);
        s.insert("player", Value::String("Ada".into()));
        s.insert("level", num(12));
        s.insert(
            "items",
            Value::Array(arc(Array::from_parts(
                vec![
                    Value::String("sword".into()),
                    Value::String("player".into()), // an earlier key (AMF3: a reference)
                    num(3),
                ],
                vec![],
            ))),
        );
        s.insert(
            "pos",
            // PyAMF writes members in sorted order: so do we here.
            Value::Object(arc(Object::anonymous([
                ("label", Value::String("Ada".into())), // an earlier value
                ("x", Value::Double(1.5)),
                ("y", num(-2)),
            ]))),
        );
        s.insert(
            "saved",
            Value::Date(arc(Date::from_millis(1_234_567_890_000.0))),
        );
        s.insert("player2", Value::String("sword".into()));
        out.push(s);
    }
    // AMF3 only: byte arrays, an associative array
    let mut s = Sol::new("amf3-extras", Version::Amf3);
    s.insert("blob", Value::ByteArray(arc(ByteArray(vec![0, 1, 2, 255]))));
    s.insert(
        "assoc",
        Value::Array(arc(Array::from_parts(
            vec![Value::Integer(1)],
            vec![("k".into(), Value::String("v".into()))],
        ))),
    );
    out.push(s);
    // AMF0 only: an ECMA array and an XML document
    let mut s = Sol::new("amf0-extras", Version::Amf0);
    s.insert(
        "ecma",
        Value::EcmaArray(arc(EcmaArray {
            length: 2,
            entries: vec![
                ("0".into(), Value::String("a".into())),
                ("1".into(), Value::String("b".into())),
            ]
            .into(),
        })),
    );
    s.insert(
        "doc",
        Value::XmlDocument(arc(XmlDocument("<a><b/></a>".into()))),
    );
    out.push(s);
    out
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn ours_decoded_by_pyamf() {
    let mut p = Peer::start();
    for sol in samples() {
        let bytes = sol.to_vec().unwrap();
        let reply = p.decode(&bytes);
        assert_eq!(reply["code"], 0, "{}: {reply}", sol.name);
        assert_eq!(reply["name"], sol.name);
        assert_eq!(reply["encoding"], sol.version.byte());
        assert_eq!(
            canon(&reply["entries"]),
            canon(&norm(&entries_json(&sol))),
            "{}",
            sol.name
        );
        // typed writing gives the same file
        let typed = sol::to_vec(&sol.name, &sol.to_object(), sol.version).unwrap();
        assert_eq!(typed, bytes, "{}", sol.name);
    }
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn pyamf_written_decoded_by_ours_byte_for_byte() {
    let mut p = Peer::start();
    let strict = ReadOptions::new().with_strict_length(true);
    for sol in samples() {
        let theirs = p.encode(&sol.name, sol.version, &entries_json(&sol));
        let ours = sol.to_vec().unwrap();
        let back = strict.read(&theirs).unwrap();
        if sol.name == "amf0-extras" {
            // PyAMF writes the ECMA array's count as 1 for two entries and
            // re-serialises the XML (`<b />`): compare the rest.
            let Some(Value::EcmaArray(e)) = back.get("ecma") else {
                panic!("{back:?}")
            };
            assert_eq!(e.length, 1);
            assert_eq!(
                Some(&Value::EcmaArray(e.clone())).map(|_| e.entries.clone()),
                match sol.get("ecma") {
                    Some(Value::EcmaArray(x)) => Some(x.entries.clone()),
                    _ => None,
                }
            );
            assert_eq!(
                back.get("doc"),
                Some(&Value::XmlDocument(arc(XmlDocument("<a><b /></a>".into()))))
            );
            continue;
        }
        assert_eq!(back, sol, "{}", sol.name);
        assert_eq!(
            plain_hex(&theirs),
            plain_hex(&ours),
            "{}: PyAMF and amf-serde write different bytes",
            sol.name
        );
    }
    // §4.2 of sol.md, from PyAMF
    let ours = amf_serde_tests::hex(
        "00 bf 00 00 00 1e 54 43 53 4f 00 04 00 00 00 00 00 04 74 65 73 74 00 00 00 03
         03 61 04 01 00 03 73 06 00 00",
    );
    let theirs = p.encode(
        "test",
        Version::Amf3,
        &json!([["a", {"int": 1}], ["s", {"str": "a"}]]),
    );
    assert_eq!(theirs, ours);
}

/// The real Flash-written files: PyAMF and amf-serde read the same entries
/// from every file PyAMF can read; where PyAMF cannot, the reason is
/// checked.
#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn flash_files_decode_alike() {
    let mut p = Peer::start();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/sol");
    let mut paths = Vec::new();
    for sub in ["minerva", "flash-lso"] {
        for e in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
            paths.push(e.unwrap().path());
        }
    }
    paths.sort();
    let mut compared = 0;
    let mut pyamf_cannot = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let ours = Sol::from_slice(&bytes);
        let reply = p.decode(&bytes);
        match (&ours, reply["code"].as_i64()) {
            (Ok(sol), Some(0)) if name == "AS2-half-life-2-flash.sol" => {
                // An AMF0 reference PyAMF resolves one object off: for
                // Flash Player the shared object's data is object #0, so
                // `LAST_CURR` (reference 3) is the crowbar, the weapon in
                // `LAST_GUNS[0][0]`; PyAMF makes it the empty array after it.
                let gun = &sol.get("LAST_GUNS").unwrap()["0"]["0"];
                assert_eq!(gun["TYPE"], Value::String("crowbar".into()));
                assert!(sol.get("LAST_CURR").unwrap().ptr_eq(gun));
                let theirs = reply["entries"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| e[0] == "LAST_CURR")
                    .unwrap();
                assert_eq!(theirs[1], json!({"mixed": {"dense": [], "assoc": {}}}));
                compared += 1;
            }
            (Ok(sol), Some(0)) => {
                assert_eq!(reply["name"], sol.name);
                let (theirs, ours) = (canon(&reply["entries"]), canon(&norm(&entries_json(sol))));
                assert!(
                    theirs == ours,
                    "{name}: PyAMF and amf-serde disagree at {:?}",
                    first_diff(&theirs, &ours, String::new())
                );
                compared += 1;
            }
            (Err(_), Some(0)) => panic!("{name}: PyAMF reads what we cannot"),
            (_, _) => pyamf_cannot.push(name),
        }
    }
    pyamf_cannot.sort();
    // Vectors (0x0d-0x10), a Dictionary with object keys, the dynamic
    // externalizable ObjectProxy of AS3-Demo, XML PyAMF's parser rejects,
    // the two broken files; and the AMF0 files with references, which
    // PyAMF numbers from the first entry's object while Flash Player
    // counts the shared object's data as #0 (fishtycoon's `tank` is
    // reference 8 with 8 objects read; self-referential's `foo.foo` is
    // reference 1 with 1 object read).
    assert_eq!(
        pyamf_cannot,
        [
            "00000004.sol",
            "2.sol",
            "AS3-Demo.sol",
            "AS3-Dictionary-Demo.sol",
            "AS3-VectorInt-Demo.sol",
            "AS3-VectorNumber-Demo.sol",
            "AS3-VectorObject-Demo.sol",
            "AS3-VectorTypedObject-Demo.sol",
            "AS3-VectorUint-Demo.sol",
            "MetadataHistory.sol",
            "fishtycoon.sol",
            "flagstaff(1).sol",
            "flagstaff.sol",
            "robokill.sol",
            "self-referential.sol",
        ]
    );
    assert_eq!(compared, 63);
}
