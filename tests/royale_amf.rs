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

// ------------------------------------------------- amf-serde -> Royale

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_numbers() {
    let mut r = royale();
    // An AMF3 integer and a double both become a JS Number.
    ours_to_royale(&mut r, &1i32, "04 01", &none(), false, int_num(1));
    ours_to_royale(
        &mut r,
        &1.0f64,
        "05 3f f0 00 00 00 00 00 00",
        &none(),
        false,
        int_num(1),
    );
    ours_to_royale(
        &mut r,
        &2.5f64,
        "05 40 04 00 00 00 00 00 00",
        &none(),
        false,
        num(2.5),
    );
    // The 29-bit range edges, and the first values outside it (doubles).
    ours_to_royale(
        &mut r,
        &-1i32,
        "04 ff ff ff ff",
        &none(),
        false,
        int_num(-1),
    );
    ours_to_royale(
        &mut r,
        &268_435_455i32,
        "04 bf ff ff ff",
        &none(),
        false,
        int_num(268_435_455),
    );
    ours_to_royale(
        &mut r,
        &-268_435_456i32,
        "04 c0 80 80 00",
        &none(),
        false,
        int_num(-268_435_456),
    );
    ours_to_royale(
        &mut r,
        &268_435_456i32,
        "05 41 b0 00 00 00 00 00 00",
        &none(),
        false,
        int_num(268_435_456),
    );
    ours_to_royale(
        &mut r,
        &u32::MAX,
        "05 41 ef ff ff ff e0 00 00",
        &none(),
        false,
        int_num(4_294_967_295),
    );
    ours_to_royale(
        &mut r,
        &-0.0f64,
        "05 80 00 00 00 00 00 00 00",
        &none(),
        false,
        json!({"number": "-0"}),
    );
    ours_to_royale(
        &mut r,
        &f64::NAN,
        "05 7f f8 00 00 00 00 00 00",
        &none(),
        false,
        json!({"number": "NaN"}),
    );
    ours_to_royale(
        &mut r,
        &f64::NEG_INFINITY,
        "05 ff f0 00 00 00 00 00 00",
        &none(),
        false,
        json!({"number": "-Infinity"}),
    );
    ours_to_royale(&mut r, &true, "03", &none(), false, json!({"bool": true}));
    ours_to_royale(
        &mut r,
        &Value::Undefined,
        "00",
        &none(),
        false,
        json!({"undefined": null}),
    );
    ours_to_royale(
        &mut r,
        &Option::<i32>::None,
        "01",
        &none(),
        false,
        json!({"null": null}),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_strings_dates_and_bytes() {
    let mut r = royale();
    ours_to_royale(&mut r, "", "06 01", &none(), false, s(""));
    // é is 2 bytes, 😀 4 (a surrogate pair in JS): lengths count bytes.
    ours_to_royale(
        &mut r,
        "é😀",
        "06 0d c3 a9 f0 9f 98 80",
        &none(),
        false,
        s("é😀"),
    );
    // The second "ab" is a string reference.
    ours_to_royale(
        &mut r,
        &["ab", "ab", ""],
        "09 07 01 06 05 61 62 06 00 06 01",
        &none(),
        false,
        json!({"list": [s("ab"), s("ab"), s("")]}),
    );
    ours_to_royale(
        &mut r,
        &Date::from_millis(1_577_836_800_000.0),
        "08 01 42 76 f5 e6 6e 80 00 00",
        &none(),
        false,
        json!({"date_ms": 1_577_836_800_000i64}),
    );
    ours_to_royale(
        &mut r,
        &Date::from_millis(-1.0),
        "08 01 bf f0 00 00 00 00 00 00",
        &none(),
        false,
        json!({"date_ms": -1}),
    );
    // Royale keeps whole milliseconds only (a JS Date's time value is
    // integral): 1.5 ms is read as 1 ms. We write (and read) 1.5.
    ours_to_royale(
        &mut r,
        &Date::from_millis(1.5),
        "08 01 3f f8 00 00 00 00 00 00",
        &none(),
        false,
        json!({"date_ms": 1}),
    );
    ours_to_royale(
        &mut r,
        &ByteArray(vec![0, 1, 0xfe, 0xff]),
        "0c 09 00 01 fe ff",
        &none(),
        false,
        json!({"bytes": "0001feff"}),
    );
    ours_to_royale(
        &mut r,
        &serde_bytes::Bytes::new(b""),
        "0c 01",
        &none(),
        false,
        json!({"bytes": ""}),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_typed_objects() {
    let mut r = royale();
    let ann = Person {
        name: "Ann".into(),
        age: 30,
    };
    let bytes = format!("0a 23 {PERSON} 09 6e 61 6d 65 07 61 67 65 06 07 41 6e 6e 04 1e");
    let expected = json!({"object": {"class": "com.example.Person",
        "members": {"age": int_num(30), "name": s("Ann")}}});
    ours_to_royale(&mut r, &ann, &bytes, &person_class(), false, expected);
    // Without the class registered, Royale makes a plain Object: the alias is
    // lost (the members are kept).
    ours_to_royale(
        &mut r,
        &ann,
        &bytes,
        &none(),
        false,
        json!({"object": {"class": "", "members": {"name": s("Ann"), "age": int_num(30)}}}),
    );
    // Two in a row: the second is a traits reference (`0a 01`, traits #0)
    // and its "Ann" a string reference (`06 06`, string #3 after the alias
    // and the two member names).
    let two = vec![
        ann.clone(),
        Person {
            name: "Ann".into(),
            age: 31,
        },
    ];
    let bytes2 = format!(
        "09 05 01 0a 23 {PERSON} 09 6e 61 6d 65 07 61 67 65 06 07 41 6e 6e 04 1e 0a 01 06 06 04 1f"
    );
    ours_to_royale(
        &mut r,
        &two,
        &bytes2,
        &person_class(),
        false,
        json!({"list": [
            {"object": {"class": "com.example.Person", "members": {"age": int_num(30), "name": s("Ann")}}},
            {"object": {"class": "com.example.Person", "members": {"age": int_num(31), "name": s("Ann")}}},
        ]}),
    );
    // A dynamic class: sealed `id`, then the dynamic members in order.
    let d = Dyn {
        id: 7,
        extra: [
            ("color".to_owned(), Value::from("red")),
            ("n".to_owned(), Value::Double(0.5)),
        ]
        .into_iter()
        .collect(),
    };
    ours_to_royale(
        &mut r,
        &d,
        "0a 1b 1f 63 6f 6d 2e 65 78 61 6d 70 6c 65 2e 44 79 6e 05 69 64 04 07
         0b 63 6f 6c 6f 72 06 07 72 65 64 03 6e 05 3f e0 00 00 00 00 00 00 01",
        &json!([{"class": "com.example.Dyn", "sealed": ["id"], "dynamic": true}]),
        false,
        json!({"object": {"class": "com.example.Dyn",
            "members": {"id": int_num(7), "color": s("red"), "n": num(0.5)}}}),
    );
    // An anonymous object.
    ours_to_royale(
        &mut r,
        &amf_value!({"b": 1, "a": [true, null]}),
        "0a 0b 01 03 62 04 01 03 61 09 05 01 03 01 01",
        &none(),
        false,
        json!({"object": {"class": "", "members": {"b": int_num(1),
            "a": {"list": [{"bool": true}, {"null": null}]}}}}),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_array_collection_and_record() {
    let mut r = royale();
    let ac = ArrayCollection(vec![Value::Integer(1), Value::from("b")]);
    ours_to_royale(
        &mut r,
        &ac,
        &format!("0a 07 {AC} 09 05 01 04 01 06 03 62"),
        &none(),
        false,
        json!({"external": {"class": "flex.messaging.io.ArrayCollection",
            "value": {"list": [int_num(1), s("b")]}}}),
    );
    let rec = Record {
        id: 1,
        score: 0.25,
        when: Date::from_millis(86_400_000.0),
        blob: vec![0xca, 0xfe],
        owner: Person {
            name: "Bo".into(),
            age: 5,
        },
        tags: ArrayCollection(vec!["x".into(), "Bo".into()]),
    };
    let bytes = amf_serde::to_vec(&rec).expect("encodes");
    let classes = json!([
        {"class": "com.example.Person", "sealed": ["age", "name"], "dynamic": false},
        {"class": "com.example.Record", "sealed": ["blob", "id", "owner", "score", "tags", "when"], "dynamic": false},
    ]);
    assert_eq!(
        r.read(&bytes, &classes, false),
        json!({"object": {"class": "com.example.Record", "members": {
            "blob": {"bytes": "cafe"},
            "id": int_num(1),
            "owner": {"object": {"class": "com.example.Person", "members": {"age": int_num(5), "name": s("Bo")}}},
            "score": num(0.25),
            "tags": {"external": {"class": "flex.messaging.io.ArrayCollection", "value": {"list": [s("x"), s("Bo")]}}},
            "when": {"date_ms": 86_400_000},
        }}}),
        "Royale read our Record {}",
        to_hex(&bytes)
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_references_arrays_and_vectors() {
    let mut r = royale();
    // [o, o]: one object, written once and then as object reference #1.
    let o = Value::from(Object::anonymous([("a", Value::Integer(1))]));
    let shared = Value::from(vec![o.clone(), o]);
    ours_to_royale(
        &mut r,
        &shared,
        "09 05 01 0a 0b 01 03 61 04 01 01 0a 02",
        &none(),
        true,
        json!({"list": [{"object": {"class": "", "members": {"a": int_num(1)}}}, {"ref": 1}]}),
    );
    // A cycle: an array that holds itself (decoded by amf-serde, re-encoded).
    let cyclic: Value = amf_serde::from_slice(&hex("09 03 01 09 00")).expect("decodes");
    ours_to_royale(
        &mut r,
        &cyclic,
        "09 03 01 09 00",
        &none(),
        true,
        json!({"list": [{"ref": 0}]}),
    );
    ours_to_royale(
        &mut r,
        &cyclic,
        "09 03 01 09 00",
        &none(),
        false,
        json!({"list": [{"cycle": true}]}),
    );
    // A date and a byte array met twice are references too.
    let d = Value::from(Date::from_millis(0.0));
    let b = Value::from(ByteArray(vec![7]));
    ours_to_royale(
        &mut r,
        &Value::from(vec![d.clone(), b.clone(), d, b]),
        "09 09 01 08 01 00 00 00 00 00 00 00 00 0c 03 07 08 02 0c 04",
        &none(),
        true,
        json!({"list": [{"date_ms": 0}, {"bytes": "07"}, {"ref": 1}, {"ref": 2}]}),
    );
    // An array with an associative part.
    let mixed = Value::from(Array::from_parts(
        vec![Value::Integer(1)],
        vec![("k".into(), Value::from("v"))],
    ));
    ours_to_royale(
        &mut r,
        &mixed,
        "09 03 03 6b 06 03 76 01 04 01",
        &none(),
        false,
        json!({"mixed": {"dense": [int_num(1)], "assoc": {"k": s("v")}}}),
    );
    ours_to_royale(
        &mut r,
        &Vector {
            fixed: true,
            items: vec![1i32, -2],
        },
        "0d 05 01 00 00 00 01 ff ff ff fe",
        &none(),
        false,
        json!({"vector": {"type": "Vector.<int>", "fixed": true, "items": [int_num(1), int_num(-2)]}}),
    );
    ours_to_royale(
        &mut r,
        &Vector {
            fixed: false,
            items: vec![0.5f64],
        },
        "0f 03 00 3f e0 00 00 00 00 00 00",
        &none(),
        false,
        json!({"vector": {"type": "Vector.<Number>", "fixed": false, "items": [num(0.5)]}}),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_misreads_our_dictionary() {
    let mut r = royale();
    // amf-serde writes the AMF3 Dictionary of amf3.md: marker 11, 1 entry,
    // strong keys, 1 -> "a"; and reads it back.
    let dict = Dictionary {
        weak_keys: false,
        entries: vec![(Value::Integer(1), Value::from("a"))],
    };
    let bytes = amf_serde::to_vec(&dict).expect("encodes");
    assert_eq!(to_hex(&bytes), to_hex(&hex("11 03 00 04 01 06 03 61")));
    let back: Dictionary = amf_serde::from_slice(&bytes).expect("decodes");
    assert_eq!(back, dict);
    // Royale 0.9.12 treats 11 as the AMF0->AMF3 switch marker and reads the
    // next byte (03, true) as the whole value: it stops after 2 of 8 bytes.
    let reply = r.read_reply(&bytes, &none(), false);
    assert_eq!(reply["code"], 4, "{reply}");
    assert_eq!(reply["used"], 2, "{reply}");
}

// ------------------------------------------------- Royale -> amf-serde

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn we_read_royales_numbers_strings_dates_bytes() {
    let mut r = royale();
    royale_to_ours(&mut r, json!({"int": 1}), "04 01", &Value::Integer(1));
    royale_to_ours(
        &mut r,
        json!({"float": 1.5}),
        "05 3f f8 00 00 00 00 00 00",
        &1.5f64,
    );
    // Royale writes an integral Number as an AMF3 integer when it fits.
    royale_to_ours(&mut r, json!({"float": 2.0}), "04 02", &Value::Integer(2));
    royale_to_ours(
        &mut r,
        json!({"number": -268_435_456}),
        "04 c0 80 80 00",
        &-268_435_456i32,
    );
    royale_to_ours(
        &mut r,
        json!({"number": 268_435_456}),
        "05 41 b0 00 00 00 00 00 00",
        &Value::Double(268_435_456.0),
    );
    // Royale writes -0 as the integer 0 (its int test is n === (n|0)).
    royale_to_ours(&mut r, json!({"float": "-0"}), "04 00", &Value::Integer(0));
    royale_to_ours(
        &mut r,
        json!({"float": "NaN"}),
        "05 7f f8 00 00 00 00 00 00",
        &Value::Double(f64::NAN),
    );
    royale_to_ours(&mut r, json!({"bool": false}), "02", &false);
    royale_to_ours(&mut r, json!({"undefined": null}), "00", &Value::Undefined);
    royale_to_ours(&mut r, json!({"null": null}), "01", &Option::<String>::None);
    royale_to_ours(
        &mut r,
        s("é😀"),
        "06 0d c3 a9 f0 9f 98 80",
        &"é😀".to_owned(),
    );
    royale_to_ours(
        &mut r,
        json!({"list": [s("ab"), s("ab"), s("")]}),
        "09 07 01 06 05 61 62 06 00 06 01",
        &vec!["ab".to_owned(), "ab".to_owned(), String::new()],
    );
    royale_to_ours(
        &mut r,
        json!({"date_ms": 1_577_836_800_000i64}),
        "08 01 42 76 f5 e6 6e 80 00 00",
        &Date::from_millis(1_577_836_800_000.0),
    );
    royale_to_ours(
        &mut r,
        json!({"date_ms": -86_400_000}),
        "08 01 c1 94 99 70 00 00 00 00",
        &Date::from_millis(-86_400_000.0),
    );
    royale_to_ours(
        &mut r,
        json!({"bytes": "00ff10"}),
        "0c 07 00 ff 10",
        &ByteArray(vec![0, 0xff, 0x10]),
    );
    royale_to_ours(
        &mut r,
        json!({"bytes": "00ff10"}),
        "0c 07 00 ff 10",
        &serde_bytes::ByteBuf::from(vec![0, 0xff, 0x10]),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn we_read_royales_typed_objects_and_collections() {
    let mut r = royale();
    // Royale writes sealed members sorted by name (age, name); the derived
    // type matches them by name.
    let person = json!({"object": {"class": "com.example.Person", "sealed": ["name", "age"],
        "members": {"name": s("Ann"), "age": {"int": 30}}}});
    royale_to_ours(
        &mut r,
        person.clone(),
        &format!("0a 23 {PERSON} 07 61 67 65 09 6e 61 6d 65 04 1e 06 07 41 6e 6e"),
        &Person {
            name: "Ann".into(),
            age: 30,
        },
    );
    royale_to_ours(
        &mut r,
        json!({"object": {"class": "com.example.Dyn", "sealed": ["id"], "dynamic": true,
            "members": {"id": {"int": 7}, "color": s("red")}}}),
        "0a 1b 1f 63 6f 6d 2e 65 78 61 6d 70 6c 65 2e 44 79 6e 05 69 64 04 07
         0b 63 6f 6c 6f 72 06 07 72 65 64 01",
        &Dyn {
            id: 7,
            extra: [("color".to_owned(), Value::from("red"))]
                .into_iter()
                .collect(),
        },
    );
    royale_to_ours(
        &mut r,
        json!({"external": {"class": "flex.messaging.io.ArrayCollection",
            "value": {"list": [{"int": 1}, {"int": 2}]}}}),
        &format!("0a 07 {AC} 09 05 01 04 01 04 02"),
        &ArrayCollection(vec![1i32, 2]),
    );
    // Two typed objects: the second is a traits reference (`0a 01`) and its
    // "Ann" a string reference (`06 06`).
    royale_to_ours(
        &mut r,
        json!({"list": [person.clone(), person]}),
        &format!(
            "09 05 01 0a 23 {PERSON} 07 61 67 65 09 6e 61 6d 65 04 1e 06 07 41 6e 6e
             0a 01 04 1e 06 06"
        ),
        &vec![
            Person {
                name: "Ann".into(),
                age: 30
            };
            2
        ],
    );
    // An anonymous object into a map.
    royale_to_ours(
        &mut r,
        json!({"object": {"class": "", "members": {"x": {"int": 1}, "y": s("z")}}}),
        "0a 0b 01 03 78 04 01 03 79 06 03 7a 01",
        &BTreeMap::from([
            ("x".to_owned(), Value::Integer(1)),
            ("y".to_owned(), Value::from("z")),
        ]),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn we_read_royales_references_arrays_and_vectors() {
    let mut r = royale();
    // The same JS object twice: Royale writes object reference #1.
    let theirs = r.write(
        &json!({"list": [{"object": {"class": "", "members": {"a": {"int": 1}}}}, {"ref": 1}]}),
    );
    assert_eq!(
        to_hex(&theirs),
        to_hex(&hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 02"))
    );
    let v: Value = amf_serde::from_slice(&theirs).expect("decodes");
    assert_eq!(v[0]["a"], Value::Integer(1));
    assert!(v[0].ptr_eq(&v[1]), "one shared object: {v:?}");
    assert_eq!(amf_serde::to_vec(&v).expect("encodes"), theirs);
    // An array that holds itself.
    let theirs = r.write(&json!({"list": [{"ref": 0}]}));
    assert_eq!(to_hex(&theirs), to_hex(&hex("09 03 01 09 00")));
    let v: Value = amf_serde::from_slice(&theirs).expect("decodes");
    assert!(matches!(&v[0], Value::Cycle(_)), "a cycle: {v:?}");
    assert_eq!(amf_serde::to_vec(&v).expect("encodes"), theirs);
    // An associative part first, then the dense part, as AMF3 has it.
    royale_to_ours(
        &mut r,
        json!({"mixed": {"dense": [{"int": 1}], "assoc": {"k": s("v")}}}),
        "09 03 03 6b 06 03 76 01 04 01",
        &Value::from(Array::from_parts(
            vec![Value::Integer(1)],
            vec![("k".into(), Value::from("v"))],
        )),
    );
    // Vector.<int>: Royale writes the `fixed` flag as false even for a fixed
    // vector (it reads the flag from the wrong object).
    royale_to_ours(
        &mut r,
        json!({"vector": {"type": "Vector.<int>", "fixed": true, "items": [{"int": 1}, {"int": -2}]}}),
        "0d 05 00 00 00 00 01 ff ff ff fe",
        &Vector {
            fixed: false,
            items: vec![1i32, -2],
        },
    );
    // Vector.<Number> and Vector.<uint>: Royale writes the length and no
    // items (it compares a type name with a marker number). amf-serde
    // reports the truncation at the end of the input instead of guessing.
    for (ty, bytes) in [
        ("Vector.<Number>", "0f 03 00"),
        ("Vector.<uint>", "0e 03 00"),
    ] {
        let theirs =
            r.write(&json!({"vector": {"type": ty, "fixed": false, "items": [{"int": 7}]}}));
        assert_eq!(to_hex(&theirs), to_hex(&hex(bytes)), "Royale's {ty}");
        let err = amf_serde::from_slice::<Value>(&theirs).expect_err("truncated vector");
        assert_eq!(err.offset(), Some(3), "{ty}: {err}");
    }
}

// ------------------------------------------- RemoteObject over real HTTP

#[test]
#[cfg_attr(
    not(all(has_royale, has_pyamf)),
    ignore = "needs Royale and PyAMF: bash tools/royale/install.sh && bash tools/pyamf/install.sh"
)]
fn royale_remote_object_calls_pyamf_gateway() {
    let gw = PyamfGateway::start(Duration::from_secs(60));
    let scenario = json!({
        "timeout_ms": 15000,
        "classes": [{"class": "com.example.Person", "sealed": ["age", "name"], "dynamic": false}],
        "calls": [
            {"destination": "EchoService", "operation": "echo", "args": [s("hi"), {"int": 1}, {"float": 2.5}]},
            {"destination": "EchoService", "operation": "person", "args": [s("Ann"), {"int": 30}]},
            {"destination": "EchoService", "operation": "collection", "args": [{"int": 1}, s("b")]},
            {"destination": "EchoService", "operation": "fail", "args": []},
            {"destination": "EchoService", "operation": "echo", "args": [s("A")]},
            {"destination": "EchoService", "operation": "echo", "args": [s("B")], "concurrent": true},
            {"destination": "EchoService", "operation": "echo", "args": [
                {"object": {"class": "com.example.Person", "sealed": ["age", "name"],
                    "members": {"name": s("Bo"), "age": {"int": 5}}}},
                {"external": {"class": "flex.messaging.io.ArrayCollection",
                    "value": {"list": [{"int": 1}, {"ref": 0}]}}},
            ]},
        ],
    });
    let report = remote_object(
        &gw.url(),
        &scenario.to_string(),
        false,
        Duration::from_secs(60),
    );
    let report: Json = serde_json::from_str(&report).expect("one JSON report");
    let calls = report["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), 7, "{report}");
    for (i, c) in calls.iter().enumerate() {
        assert_eq!(c["index"], i, "{c}");
        assert_eq!(c["status"], 200, "{c}");
        assert_eq!(c["content_type"], "application/x-amf", "{c}");
    }
    assert!(
        report["dsid"].as_str().is_some_and(|d| !d.is_empty()),
        "the ping's DSId: {report}"
    );
    assert_eq!(report["unattributed"], json!([]));

    // Strings and numbers.
    assert_eq!(calls[0]["event"], "result");
    assert_eq!(
        calls[0]["result"],
        json!({"list": [s("hi"), int_num(1), num(2.5)]})
    );
    // What Royale sent: a RemotingMessage with the DSId from the ping.
    let msg = &calls[0]["request_message"]["object"];
    assert_eq!(msg["class"], "flex.messaging.messages.RemotingMessage");
    assert_eq!(msg["members"]["operation"], s("echo"));
    assert_eq!(msg["members"]["destination"], s("EchoService"));
    assert_eq!(
        msg["members"]["headers"]["object"]["members"]["DSId"],
        json!({"str": report["dsid"]})
    );
    // A typed object comes back as the registered class.
    assert_eq!(
        calls[1]["result"],
        json!({"object": {"class": "com.example.Person", "members": {"age": int_num(30), "name": s("Ann")}}})
    );
    // An ArrayCollection comes back as Royale's ArrayList.
    assert_eq!(
        calls[2]["result"],
        json!({"external": {"class": "flex.messaging.io.ArrayCollection", "value": {"list": [int_num(1), s("b")]}}})
    );
    // A fault reaches the fault handler as Royale's ErrorMessage (which has
    // no faultCode/faultString members, so those are dropped on reading).
    assert_eq!(calls[3]["event"], "fault");
    assert_eq!(
        calls[3]["fault"]["object"]["class"],
        "flex.messaging.messages.ErrorMessage"
    );
    assert!(
        calls[3]["response_target"]
            .as_str()
            .is_some_and(|t| t.ends_with("/onStatus")),
        "{}",
        calls[3]
    );
    // Two calls in flight: two POSTs, each result attributed to its call.
    assert_eq!(calls[4]["result"], json!({"list": [s("A")]}));
    assert_eq!(calls[5]["result"], json!({"list": [s("B")]}));
    assert_ne!(calls[4]["exchange"], calls[5]["exchange"]);
    // A typed object and an ArrayCollection (holding a second reference to
    // that object) sent by Royale come back as the same classes.
    let bo = json!({"object": {"class": "com.example.Person", "members": {"age": int_num(5), "name": s("Bo")}}});
    assert_eq!(
        calls[6]["result"],
        json!({"list": [bo.clone(), {"external": {"class": "flex.messaging.io.ArrayCollection",
            "value": {"list": [int_num(1), bo]}}}]})
    );
    drop(gw);
}

/// Two calls made at once before any DSId is known: Royale pings twice (each
/// call checks for a DSId), then sends both calls with the DSId of the first
/// ack, each its own POST. The requests are as `../shared/spec/royale.md` §2
/// describes.
#[test]
#[cfg_attr(
    not(all(has_royale, has_pyamf)),
    ignore = "needs Royale and PyAMF: bash tools/royale/install.sh && bash tools/pyamf/install.sh"
)]
fn royale_first_calls_in_flight_ping_twice() {
    let gw = PyamfGateway::start(Duration::from_secs(60));
    let scenario = json!({
        "timeout_ms": 15000,
        "calls": [
            {"destination": "EchoService", "operation": "echo", "args": [s("A")]},
            {"destination": "EchoService", "operation": "echo", "args": [s("B")], "concurrent": true},
        ],
    });
    let report = remote_object(
        &gw.url(),
        &scenario.to_string(),
        true,
        Duration::from_secs(60),
    );
    let report: Json = serde_json::from_str(&report).expect("one JSON report");
    assert_eq!(
        report["calls"][0]["result"],
        json!({"list": [s("A")]}),
        "{report}"
    );
    assert_eq!(
        report["calls"][1]["result"],
        json!({"list": [s("B")]}),
        "{report}"
    );
    let dsid = report["dsid"].clone();
    assert!(dsid.as_str().is_some_and(|d| !d.is_empty()), "{report}");
    let mut exchanges: Vec<Json> = report["exchanges"].as_array().expect("--trace").clone();
    // Completion order varies; sort by the response URI Royale gave.
    exchanges.sort_by_key(|e| {
        e["request"]["bodies"][0]["response"]
            .as_str()
            .map(str::to_owned)
    });
    let uris: Vec<&str> = exchanges
        .iter()
        .map(|e| e["request"]["bodies"][0]["response"].as_str().expect("uri"))
        .collect();
    assert_eq!(uris, ["/1", "/2", "/3", "/4"]);
    for (i, e) in exchanges.iter().enumerate() {
        let req = &e["request"];
        assert_eq!(req["version"], 3);
        assert_eq!(req["headers"], json!([]));
        assert_eq!(req["bodies"].as_array().map(Vec::len), Some(1));
        let body = &req["bodies"][0];
        assert_eq!(body["target"], "null");
        // Royale writes 1 as the message length, whatever the size.
        assert_eq!(body["length"], 1);
        // 11 (AMF3 follows), then an AMF3 array of one message.
        let message_start = 2 + 2 + 2 + (2 + 4) + (2 + 2) + 4;
        assert_eq!(
            &e["request_hex"].as_str().expect("hex")[message_start * 2..][..6],
            "110903"
        );
        let m = &body["value"]["list"][0]["object"];
        let members = &m["members"];
        if i < 2 {
            // The client ping.
            assert_eq!(m["class"], "flex.messaging.messages.CommandMessage", "{e}");
            assert_eq!(members["operation"], int_num(5));
            assert_eq!(members["destination"], s(""));
            assert_eq!(
                members["body"],
                json!({"object": {"class": "", "members": {}}})
            );
            assert_eq!(
                members["headers"],
                json!({"object": {"class": "", "members": {"DSId": s("nil"), "DSMessagingVersion": int_num(1)}}})
            );
        } else {
            assert_eq!(m["class"], "flex.messaging.messages.RemotingMessage", "{e}");
            assert_eq!(members["operation"], s("echo"));
            assert_eq!(members["destination"], s("EchoService"));
            assert_eq!(members["source"], json!({"null": null}));
            assert_eq!(
                members["headers"],
                json!({"object": {"class": "", "members": {"DSId": {"str": dsid}}}})
            );
        }
        assert_eq!(members["clientId"], json!({"null": null}));
        assert_eq!(members["timestamp"], int_num(0));
        assert_eq!(members["timeToLive"], int_num(0));
        assert!(
            members["messageId"]["str"]
                .as_str()
                .is_some_and(|id| id.len() == 36),
            "{e}"
        );
        assert_eq!(e["status"], 200);
    }
    drop(gw);
}
