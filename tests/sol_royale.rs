//! Apache Royale's `mx.net.SharedObject` form of a `.sol` file, checked with
//! Royale 0.9.12's own `AMFBinaryData` (run in node by
//! `tools/royale/amfdata.js`): Royale's `getLocal` does
//! `new AMFBinaryData(atob(localStorage[localPath + "::" + name])).readObject()`
//! and `flush()` stores `btoa(writeObject(data))`. So:
//!
//! * Royale reads the base64 we make from real Flash-written `.sol` files
//!   and sees the same data (within what Royale can represent);
//! * we read the base64 Royale writes for a `data` object, turn it into a
//!   `.sol` file, read that back, and make the very same base64 again.
//!
//! Needs `.royale/` (`bash tools/royale/install.sh`); ignored without it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use amf_serde::sol::{self, RoyaleItem, Sol, Version};
use amf_serde::Value;
use serde_json::{json, Value as Json};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

struct Royale {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Royale {
    fn start() -> Royale {
        let mut child = Command::new("node")
            .arg(format!("{ROOT}/tools/royale/amfdata.js"))
            .arg("batch")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start node tools/royale/amfdata.js batch");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        Royale {
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
        assert!(!line.is_empty(), "amfdata.js exited");
        serde_json::from_str(&line).unwrap()
    }
}

impl Drop for Royale {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn num(d: f64) -> Json {
    if d.is_nan() {
        json!({"number": "NaN"})
    } else if d.is_infinite() {
        json!({"number": if d > 0.0 { "Infinity" } else { "-Infinity" }})
    } else if d == 0.0 && d.is_sign_negative() {
        json!({"number": "-0"})
    } else if d.fract() == 0.0 && d.abs() < 9e15 {
        json!({"number": d as i64})
    } else {
        json!({ "number": d })
    }
}

/// What Royale's reader prints for a value we decoded: every number is a JS
/// Number, and objects lose their alias (no value-object classes are
/// registered in this harness app).
fn royale_view(v: &Value) -> Json {
    match v {
        Value::Undefined => json!({"undefined": null}),
        Value::Null => json!({"null": null}),
        Value::Bool(b) => json!({ "bool": b }),
        Value::Integer(i) => num(f64::from(*i)),
        Value::Double(d) => num(*d),
        Value::String(s) => json!({ "str": s }),
        Value::Date(d) => json!({"date_ms": d.millis().floor() as i64}),
        Value::ByteArray(b) => {
            json!({"bytes": b.0.iter().map(|x| format!("{x:02x}")).collect::<String>()})
        }
        Value::Array(a) if a.assoc().is_empty() => {
            json!({ "list": a.iter().map(royale_view).collect::<Vec<_>>() })
        }
        Value::Array(a) => {
            let assoc: serde_json::Map<String, Json> = a
                .assoc()
                .iter()
                .map(|(k, v)| (k.to_string(), royale_view(v)))
                .collect();
            json!({"mixed": {"dense": a.iter().map(royale_view).collect::<Vec<_>>(), "assoc": assoc}})
        }
        Value::Object(o) => {
            let members: serde_json::Map<String, Json> = o
                .members()
                .map(|(k, v)| (k.to_string(), royale_view(v)))
                .collect();
            json!({"object": {"class": "", "members": members}})
        }
        Value::Amf3(v) => royale_view(v),
        other => json!({ "not_compared": amf_serde::Value::to_string(other) }),
    }
}

/// Whether a value holds something Royale 0.9.12 reads differently from
/// Flash (see tests/royale_amf/): dictionaries (misread as the AMF0
/// switch), vectors, XML, externalizable objects (no registered class), or
/// a value met twice (compared through the structure above, not by
/// identity).
fn royale_comparable(v: &Value) -> bool {
    match v {
        Value::Dictionary(_)
        | Value::VectorInt(_)
        | Value::VectorUint(_)
        | Value::VectorDouble(_)
        | Value::VectorObject(_)
        | Value::Xml(_)
        | Value::XmlDocument(_)
        | Value::External(_)
        | Value::EcmaArray(_)
        | Value::Cycle(_) => false,
        Value::Amf3(v) => royale_comparable(v),
        Value::Array(a) => a
            .iter()
            .chain(a.assoc().iter().map(|(_, v)| v))
            .all(royale_comparable),
        Value::Object(o) => o.members().all(|(_, v)| royale_comparable(v)),
        _ => true,
    }
}

/// The number of bytes a padded base64 text decodes to.
fn decoded_len(b64: &str) -> u64 {
    let pad = b64.bytes().rev().take_while(|&c| c == b'=').count();
    (b64.len() / 4 * 3 - pad) as u64
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = format!("{ROOT}/tests/fixtures/sol");
    let mut out = Vec::new();
    for sub in ["minerva", "flash-lso"] {
        for e in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
            let p = e.unwrap().path();
            out.push((
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

/// Every decodable real `.sol` file becomes a Royale `localStorage` item;
/// Royale reads the whole value, and sees the same entries wherever it can
/// represent them.
#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_what_we_write_from_flash_files() {
    let mut r = Royale::start();
    let mut files = 0;
    let mut entries_compared = 0;
    let mut not_compared = 0;
    for (name, bytes) in fixtures() {
        let Ok(sol) = Sol::from_slice(&bytes) else {
            continue;
        };
        let item = sol::to_royale(&sol, None).unwrap();
        assert_eq!(item.key, format!("$null$::{}", sol.name));
        let reply = r.call(&json!({"op": "read", "b64": item.value}));
        if sol.iter().any(|(_, v)| !royale_comparable(v)) && reply["code"] != 0 {
            // Royale cannot read a dictionary (it takes 0x11 for the AMF0
            // switch); the file holds one or another value Royale misreads.
            not_compared += 1;
            continue;
        }
        assert_eq!(reply["code"], 0, "{name}: {reply}");
        assert_eq!(
            reply["used"].as_u64(),
            Some(decoded_len(&item.value)),
            "{name}"
        );
        let members = &reply["value"]["object"]["members"];
        assert_eq!(reply["value"]["object"]["class"], "", "{name}");
        let keys: Vec<&str> = members
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut ours: Vec<&str> = sol.keys().collect();
        ours.sort_unstable();
        ours.dedup();
        let mut theirs = keys.clone();
        theirs.sort_unstable();
        assert_eq!(theirs, ours, "{name}: Royale's data has other keys");
        for (k, v) in sol.iter() {
            if royale_comparable(v) {
                assert_eq!(members[k], royale_view(v), "{name}: entry {k}");
                entries_compared += 1;
            }
        }
        files += 1;
    }
    assert!(files >= 60, "{files} files read by Royale");
    assert!(
        entries_compared >= 500,
        "{entries_compared} entries compared"
    );
    // Files holding a Dictionary, vectors, XML or an externalizable object
    // that Royale fails on.
    assert!(
        not_compared <= 12,
        "{not_compared} files Royale cannot read"
    );
    println!("{files} files, {entries_compared} entries compared, {not_compared} files Royale cannot read");
}

/// Royale writes a `data` object; we read its base64 as a shared object,
/// write it as a `.sol` file, read that, and produce Royale's exact base64.
#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn we_read_what_royale_writes() {
    let mut r = Royale::start();
    let data = json!({"object": {"class": "", "members": {
        "level": {"int": 3},
        "score": {"float": 1234.5},
        "big": {"float": 1e20},
        "name": {"str": "Ada"},
        "alias": {"str": "name"},
        "done": {"bool": true},
        "none": {"null": null},
        "when": {"date_ms": 1700000000000i64},
        "blob": {"bytes": "00ff10"},
        "items": {"list": [{"str": "sword"}, {"str": "Ada"}, {"int": -5}]},
        "pos": {"object": {"class": "", "members": {"x": {"float": 0.5}, "y": {"int": 2}}}},
        // the 5th value of the object table: data, blob, items, map, pos
        // (members go in key order: serde_json's map is sorted)
        "pos2": {"ref": 4},
        "map": {"mixed": {"dense": [{"int": 1}], "assoc": {"k": {"str": "v"}}}}
    }}});
    let reply = r.call(&json!({"op": "write", "value": data}));
    assert_eq!(reply["code"], 0, "{reply}");
    let b64 = reply["b64"].as_str().unwrap().to_owned();
    let item = RoyaleItem {
        key: "/games/x::save1".into(),
        value: b64.clone(),
    };
    let sol = sol::from_royale(&item).unwrap();
    assert_eq!(sol.name, "save1");
    assert_eq!(item.local_path(), Some("/games/x"));
    assert_eq!(sol.version, Version::Amf3);
    assert_eq!(
        sol.keys().collect::<Vec<_>>(),
        [
            "alias", "big", "blob", "done", "items", "level", "map", "name", "none", "pos", "pos2",
            "score", "when"
        ]
    );
    assert_eq!(sol.get("level"), Some(&Value::Integer(3)));
    assert_eq!(sol.get("score"), Some(&Value::Double(1234.5)));
    assert_eq!(sol.get("big"), Some(&Value::Double(1e20)));
    assert_eq!(sol.get("alias"), Some(&Value::String("name".into())));
    assert_eq!(sol.get("none"), Some(&Value::Null));
    assert_eq!(sol["items"][1], Value::String("Ada".into()));
    assert_eq!(sol["map"]["k"], Value::String("v".into()));
    // `pos2` is the same object as `pos` (an object reference).
    assert!(sol.get("pos").unwrap().ptr_eq(sol.get("pos2").unwrap()));

    // As a .sol file and back, then to Royale's form again: the same base64.
    let file = sol.to_vec().unwrap();
    let back = Sol::from_slice(&file).unwrap();
    assert_eq!(back, sol);
    assert!(back.get("pos").unwrap().ptr_eq(back.get("pos2").unwrap()));
    let again = sol::to_royale(&back, Some("/games/x")).unwrap();
    assert_eq!(again, item);

    // And Royale reads the base64 we make from a Flash file (Minimal minus
    // its dictionary) exactly as Flash would have stored it.
    let mut s = Sol::new("Minimal", Version::Amf3);
    s.insert("exists", Value::Bool(true));
    s.insert("version", Value::Integer(1));
    let ours = sol::to_royale(&s, None).unwrap();
    let reply = r.call(
        &json!({"op": "write", "value": {"object": {"class": "", "members": {
            "exists": {"bool": true}, "version": {"int": 1}
        }}}}),
    );
    assert_eq!(reply["b64"], ours.value);
}
