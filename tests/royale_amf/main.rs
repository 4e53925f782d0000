//! Interoperability with Apache Royale 0.9.12's own AMF code, run in node by
//! `tools/royale/` (see its README): Royale's
//! `org.apache.royale.net.remoting.amf.AMFBinaryData` reads what amf-serde
//! writes, and amf-serde reads what `AMFBinaryData` writes, with exact
//! expectations both ways; and Royale's `RemoteObject` calls a PyAMF WSGI
//! gateway over HTTP on 127.0.0.1 (the harness the gateway tests use).
//!
//! The tagged JSON is `tools/royale/amfdata.js`'s. Royale is JavaScript: every
//! AMF number it decodes is a JS `Number` (`{"number": n}`), and when it
//! writes a number it picks the AMF3 integer marker for integral values in
//! −2^28…2^28−1 and a double otherwise, whatever the source said.
//!
//! Royale bugs and limits met here (each test asserts amf-serde's correct
//! behaviour; the comment says what Royale does):
//! * a typed object whose alias is not registered in the app loses its class
//!   (it becomes a plain `Object`);
//! * AMF3 `Dictionary` (`0x11`) is read as the AMF0→AMF3 switch marker, so
//!   the dictionary's bytes are misread;
//! * `Vector.<Number>` and `Vector.<uint>` are written with a length but
//!   without their items, and the `fixed` flag is always written as false;
//! * dates lose their sub-millisecond part (JS `Date` keeps whole ms) and
//!   `-0.0` is written as the integer 0.
//!
//! The tests need `.royale/` (made by `bash tools/royale/install.sh`, which
//! `.ci/run` calls); the gateway test also needs `.venv` (PyAMF). Without them
//! they are ignored, not passed (`tests/build.rs`).
//!
//! Split by direction: `to_royale`, `from_royale`, `remote_object`. The Royale peer
//! and shared types live here.

use std::collections::BTreeMap;
use std::time::Duration;

use amf_serde::external::{DataInput, DataOutput, Externalizable};
use amf_serde::types::{Array, ByteArray, Date, Dictionary, Object, Vector};
use amf_serde::{amf, amf_value, Value};
use amf_serde_tests::royale::{remote_object, AmfData, PyamfGateway};
use amf_serde_tests::{hex, to_hex};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

mod from_royale;
mod remote_object;
mod to_royale;

// ------------------------------------------------------------------- types

/// A `[RemoteClass(alias="com.example.Person")]` value object.
#[amf(alias = "com.example.Person")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Person {
    name: String,
    age: i32,
}

/// A dynamic class with one sealed member.
#[amf(alias = "com.example.Dyn", dynamic)]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Dyn {
    id: i32,
    #[amf(dynamic)]
    extra: BTreeMap<String, Value>,
}

/// Flex's `ArrayCollection`: externalizable, its body is the source array.
/// Royale apps register their `ArrayList` under this alias.
#[amf(alias = "flex.messaging.io.ArrayCollection", externalizable)]
#[derive(Debug, PartialEq, Clone)]
struct ArrayCollection<T>(Vec<T>)
where
    T: Serialize + DeserializeOwned;

impl<T: Serialize + DeserializeOwned> Externalizable for ArrayCollection<T> {
    fn write_external(&self, output: &mut dyn DataOutput) -> amf_serde::Result<()> {
        output.write_object(&self.0)
    }

    fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
        input.read_object_as().map(ArrayCollection)
    }
}

/// Everything at once, as a record a Royale client would get.
#[amf(alias = "com.example.Record")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Record {
    id: i32,
    score: f64,
    when: Date,
    #[serde(with = "serde_bytes")]
    blob: Vec<u8>,
    owner: Person,
    tags: ArrayCollection<String>,
}

// ------------------------------------------------------------------- peer

/// Royale's `AMFBinaryData` (`amf_serde_tests::royale::AmfData`).
struct Royale(AmfData);

fn royale() -> Royale {
    Royale(AmfData::start())
}

fn plain_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Royale {
    fn call(&mut self, req: &Json) -> Json {
        let line = self.0.request(&req.to_string());
        serde_json::from_str(&line).expect("amfdata.js replies JSON")
    }

    /// Royale's `readObject` of `bytes`, with the classes the app registered
    /// (`[{"class", "sealed", "dynamic"}]`); the full reply.
    fn read_reply(&mut self, bytes: &[u8], classes: &Json, refs: bool) -> Json {
        self.call(&json!({"op": "read", "hex": plain_hex(bytes), "classes": classes, "refs": refs}))
    }

    /// The tagged value Royale read (it must succeed and use every byte).
    fn read(&mut self, bytes: &[u8], classes: &Json, refs: bool) -> Json {
        let r = self.read_reply(bytes, classes, refs);
        assert_eq!(r["code"], 0, "Royale failed to read {}: {r}", to_hex(bytes));
        assert_eq!(r["used"], bytes.len(), "Royale read {}: {r}", to_hex(bytes));
        r["value"].clone()
    }

    /// The bytes of Royale's `writeObject` of the tagged `value`.
    fn write(&mut self, value: &Json) -> Vec<u8> {
        let r = self.call(&json!({"op": "write", "value": value}));
        assert_eq!(r["code"], 0, "Royale failed to write {value}: {r}");
        hex(r["hex"].as_str().expect("hex"))
    }
}

/// amf-serde writes `value` (exactly `bytes`), Royale reads it as `expected`.
fn ours_to_royale<T: Serialize + ?Sized>(
    r: &mut Royale,
    value: &T,
    bytes: &str,
    classes: &Json,
    refs: bool,
    expected: Json,
) {
    let ours = amf_serde::to_vec(value).expect("amf-serde encodes");
    assert_eq!(to_hex(&ours), to_hex(&hex(bytes)), "amf-serde's bytes");
    assert_eq!(
        r.read(&ours, classes, refs),
        expected,
        "Royale read {}",
        to_hex(&ours)
    );
}

/// Royale writes the tagged `value` (exactly `bytes`); amf-serde reads it
/// as `expected`, and as a `Value` that writes back to the same bytes.
fn royale_to_ours<T>(r: &mut Royale, value: Json, bytes: &str, expected: &T)
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let theirs = r.write(&value);
    assert_eq!(
        to_hex(&theirs),
        to_hex(&hex(bytes)),
        "Royale's bytes for {value}"
    );
    let got: T = amf_serde::from_slice(&theirs)
        .unwrap_or_else(|e| panic!("amf-serde reading Royale's {}: {e}", to_hex(&theirs)));
    assert_eq!(
        &got,
        expected,
        "amf-serde read Royale's {}",
        to_hex(&theirs)
    );
    let v: Value = amf_serde::from_slice(&theirs).expect("decodes into Value");
    assert_eq!(
        to_hex(&amf_serde::to_vec(&v).expect("re-encodes")),
        to_hex(&theirs),
        "Value round trip of Royale's bytes"
    );
}

fn none() -> Json {
    json!([])
}

fn person_class() -> Json {
    json!([{"class": "com.example.Person", "sealed": ["age", "name"], "dynamic": false}])
}

fn num(n: f64) -> Json {
    json!({ "number": n })
}

fn int_num(n: i64) -> Json {
    json!({ "number": n })
}

fn s(x: &str) -> Json {
    json!({ "str": x })
}

/// `"flex.messaging.io.ArrayCollection"` with its AMF3 length header (`43`).
const AC: &str = "43 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e
                  41 72 72 61 79 43 6f 6c 6c 65 63 74 69 6f 6e";

/// `"com.example.Person"` with its AMF3 length header (`25`).
const PERSON: &str = "25 63 6f 6d 2e 65 78 61 6d 70 6c 65 2e 50 65 72 73 6f 6e";
