//! AMF0: the Flash Player fixtures and the Wikipedia examples, byte for byte
//! through `Value`, and into typed Rust values.

use amf_serde::Value;
use amf_serde_tests::{fixture, hex, to_hex};
use serde::{Deserialize, Serialize};

#[test]
fn every_amf0_fixture_reencodes_byte_for_byte() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rocketamf/objects");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf0-"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 17);
    let mut failures = Vec::new();
    for name in &names {
        let bytes = fixture("objects", name);
        let value: Value = match amf_serde::amf0::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: decode: {e}"));
                continue;
            }
        };
        let again = amf_serde::amf0::to_vec(&value).unwrap();
        if again != bytes {
            failures.push(format!(
                "{name}:\n  in  {}\n  out {}\n  value {value}",
                to_hex(&bytes),
                to_hex(&again)
            ));
        }
        let from_reader: Value = amf_serde::amf0::from_reader(&bytes[..]).unwrap();
        assert_eq!(from_reader, value, "{name}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Person {
    name: String,
    age: f64,
    alias: String,
}

const PERSON: &str =
    "03 00 04 6e 61 6d 65 02 00 04 4d 69 6b 65 00 03 61 67 65 00 40 3e 00 00 00 00 00 00 \
                      00 05 61 6c 69 61 73 02 00 04 4d 69 6b 65 00 00 09";

#[test]
fn wikipedia_person_both_ways() {
    let p = Person {
        name: "Mike".into(),
        age: 30.0,
        alias: "Mike".into(),
    };
    assert_eq!(
        to_hex(&amf_serde::amf0::to_vec(&p).unwrap()),
        to_hex(&hex(PERSON))
    );
    assert_eq!(
        amf_serde::amf0::from_slice::<Person>(&hex(PERSON)).unwrap(),
        p
    );
}

fn obj(members: Vec<(&str, Value)>) -> Value {
    Value::from(amf_serde::types::Object::anonymous(members))
}

fn ecma(length: u32, entries: Vec<(&str, Value)>) -> Value {
    Value::from(amf_serde::types::EcmaArray {
        length,
        entries: entries.into_iter().collect(),
    })
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn date(bits: u64, tz: i16) -> Value {
    Value::from(amf_serde::types::Date::from_millis(f64::from_bits(bits)).with_timezone(tz))
}

/// Each Flash Player fixture decodes to the `Value` read off its bytes by
/// hand (including the raw date time-zone fields and the shared object of
/// `amf0-ref-test.bin`).
#[test]
fn every_amf0_fixture_decodes_to_the_expected_value() {
    let pi = Value::Double(f64::from_bits(0x4009_1eb8_51eb_851f));
    let shared = obj(vec![("bar", pi.clone()), ("foo", s("baz"))]);
    let cases: Vec<(&str, Value)> = vec![
        ("amf0-boolean.bin", Value::Bool(true)),
        (
            "amf0-complex-encoded-string.bin",
            obj(vec![
                ("shift", s("Shift テスト")),
                ("utf", s("UTF テスト")),
                ("zed", Value::Double(5.0)),
            ]),
        ),
        ("amf0-date.bin", date(0x4277_262e_0d00_0000, 0x00f0)),
        (
            "amf0-ecma-ordinal-array.bin",
            ecma(
                4,
                vec![("0", s("a")), ("1", s("b")), ("2", s("c")), ("3", s("d"))],
            ),
        ),
        (
            "amf0-empty-string-key-hash.bin",
            ecma(0, vec![("c", s("d")), ("a", s("b")), ("", s("last"))]),
        ),
        ("amf0-hash.bin", ecma(0, vec![("a", s("b")), ("c", s("d"))])),
        ("amf0-null.bin", Value::Null),
        ("amf0-number.bin", Value::Double(3.5)),
        (
            "amf0-object.bin",
            obj(vec![("bar", pi.clone()), ("foo", s("baz"))]),
        ),
        (
            "amf0-ref-test.bin",
            obj(vec![("0", shared.clone()), ("1", shared)]),
        ),
        (
            "amf0-strict-array.bin",
            Value::from(vec![s("a"), s("b"), s("c"), s("d")]),
        ),
        ("amf0-string.bin", s("this is a テスト")),
        ("amf0-time.bin", date(0x426e_6ab1_b510_0000, 300)),
        (
            "amf0-typed-object.bin",
            Value::from(amf_serde::types::Object {
                traits_copy: 0,
                class: "org.amf.ASClass".into(),
                sealed: Default::default(),
                dynamic: Some(vec![("baz".into(), Value::Null), ("foo".into(), s("bar"))].into()),
            }),
        ),
        ("amf0-undefined.bin", Value::Undefined),
        (
            "amf0-untyped-object.bin",
            obj(vec![("baz", Value::Null), ("foo", s("bar"))]),
        ),
        (
            "amf0-xml-doc.bin",
            Value::from(amf_serde::types::XmlDocument(
                "<parent><child prop=\"test\" /></parent>".to_owned(),
            )),
        ),
    ];
    assert_eq!(cases.len(), 17);
    for (name, expected) in cases {
        let bytes = fixture("objects", name);
        let v: Value = amf_serde::amf0::from_slice(&bytes).unwrap();
        assert_eq!(v, expected, "{name}: decoded {v}");
        // The hand-built value writes the fixture's bytes.
        assert_eq!(
            to_hex(&amf_serde::amf0::to_vec(&expected).unwrap()),
            to_hex(&bytes),
            "{name}"
        );
    }
}

/// Typed views of the fixtures, as an application would declare them.
#[test]
fn amf0_fixtures_into_typed_values() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct BarFoo {
        bar: f64,
        foo: String,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct BazFoo {
        baz: Option<String>,
        foo: String,
    }
    let de = |name: &str| fixture("objects", name);
    let object: BarFoo = amf_serde::amf0::from_slice(&de("amf0-object.bin")).unwrap();
    assert_eq!(
        object,
        BarFoo {
            bar: f64::from_bits(0x4009_1eb8_51eb_851f),
            foo: "baz".into()
        }
    );
    let refs: std::collections::BTreeMap<String, BarFoo> =
        amf_serde::amf0::from_slice(&de("amf0-ref-test.bin")).unwrap();
    assert_eq!(refs["0"], refs["1"]);
    let typed: BazFoo = amf_serde::amf0::from_slice(&de("amf0-typed-object.bin")).unwrap();
    assert_eq!(
        typed,
        BazFoo {
            baz: None,
            foo: "bar".into()
        }
    );
    let untyped: BazFoo = amf_serde::amf0::from_reader(&de("amf0-untyped-object.bin")[..]).unwrap();
    assert_eq!(typed, untyped);
    let list: Vec<String> = amf_serde::amf0::from_slice(&de("amf0-strict-array.bin")).unwrap();
    let ordinal: Vec<String> =
        amf_serde::amf0::from_slice(&de("amf0-ecma-ordinal-array.bin")).unwrap();
    assert_eq!(list, ordinal);
    let ms: f64 = amf_serde::amf0::from_slice(&de("amf0-time.bin")).unwrap();
    assert_eq!(ms, 1_045_112_400_000.0);
    let d: amf_serde::types::Date = amf_serde::amf0::from_slice(&de("amf0-date.bin")).unwrap();
    assert_eq!(d.timezone(), 240);
    let n: f32 = amf_serde::amf0::from_slice(&de("amf0-number.bin")).unwrap();
    assert_eq!(n, 3.5);
    let b: bool = amf_serde::amf0::from_slice(&de("amf0-boolean.bin")).unwrap();
    assert!(b);
    let none: Option<bool> = amf_serde::amf0::from_slice(&de("amf0-undefined.bin")).unwrap();
    assert_eq!(none, None);
}
