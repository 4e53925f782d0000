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
