//! `.sol` files: the worked examples of `shared/spec/sol.md` §4 byte for
//! byte (read, written untyped and typed), typed entries with serde
//! attributes, editing, and bad input (errors with offset and entry).

use std::collections::BTreeMap;
use std::sync::Arc;

use amf_serde::sol::{self, ReadOptions, Sol, Version};
use amf_serde::types::{Dictionary, Object};
use amf_serde::{Category, Options, Value};
use amf_serde_tests::hex;
use serde::{Deserialize, Serialize};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/sol/minerva/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A copy of `sol` that has forgotten the bytes it was read from, so
/// writing it encodes every entry.
fn fresh(sol: &Sol) -> Sol {
    let mut s = Sol::new(sol.name.clone(), sol.version);
    s.entries = sol.entries.clone();
    s
}

// ------------------------------------------------------------ §4.1

const AS2_NUMBER: &str = "
    00 bf 00 00 00 32 54 43 53 4f 00 04 00 00 00 00
    00 0f 41 53 32 2d 4e 75 6d 62 65 72 2d 44 65 6d 6f
    00 00 00 00
    00 07 6d 79 46 6c 6f 61 74
    00 40 09 21 fb 54 44 2d 18
    00";

#[test]
fn spec_4_1_amf0_number_written_by_flash() {
    let bytes = hex(AS2_NUMBER);
    assert_eq!(bytes, fixture("AS2-Number-Demo.sol"));
    assert_eq!(bytes.len(), 56);

    let sol = Sol::from_slice(&bytes).unwrap();
    assert_eq!(sol.name, "AS2-Number-Demo");
    assert_eq!(sol.version, Version::Amf0);
    assert_eq!(
        sol.entries,
        [("myFloat".to_owned(), Value::Double(std::f64::consts::PI))]
    );
    assert_eq!(sol.to_vec().unwrap(), bytes);
    assert_eq!(fresh(&sol).to_vec().unwrap(), bytes);

    let header = sol::read_header(&bytes).unwrap();
    assert_eq!(header.length, 50);
    assert_eq!(header.body_offset, 37);

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    #[allow(non_snake_case)]
    struct Demo {
        myFloat: f64,
    }
    let demo: Demo = sol::from_slice(&bytes).unwrap();
    assert_eq!(demo.myFloat, std::f64::consts::PI);
    assert_eq!(
        sol::to_vec("AS2-Number-Demo", &demo, Version::Amf0).unwrap(),
        bytes
    );
    // Strict mode accepts it: the length field is right.
    ReadOptions::new()
        .with_strict_length(true)
        .read(&bytes)
        .unwrap();
}

// ------------------------------------------------------------ §4.2

const TEST_AMF0: &str = "
    00 bf 00 00 00 2a 54 43 53 4f 00 04 00 00 00 00 00 04 74 65 73 74 00 00 00 00
    00 01 61 00 3f f0 00 00 00 00 00 00 00
    00 01 73 02 00 02 68 69 00";

const TEST_AMF3: &str = "
    00 bf 00 00 00 1e 54 43 53 4f 00 04 00 00 00 00 00 04 74 65 73 74 00 00 00 03
    03 61 04 01 00
    03 73 06 00 00";

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Amf0Test {
    a: f64,
    s: String,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Amf3Test {
    a: i32,
    s: String,
}

#[test]
fn spec_4_2_amf0_file() {
    let bytes = hex(TEST_AMF0);
    let typed = Amf0Test {
        a: 1.0,
        s: "hi".into(),
    };
    assert_eq!(sol::to_vec("test", &typed, Version::Amf0).unwrap(), bytes);
    assert_eq!(sol::from_slice::<Amf0Test>(&bytes).unwrap(), typed);

    let mut untyped = Sol::new("test", Version::Amf0);
    untyped.insert("a", Value::Double(1.0));
    untyped.insert("s", Value::String("hi".into()));
    assert_eq!(untyped.to_vec().unwrap(), bytes);
    assert_eq!(Sol::from_slice(&bytes).unwrap(), untyped);
}

#[test]
fn spec_4_2_amf3_file_value_refers_to_a_key() {
    let bytes = hex(TEST_AMF3);
    let typed = Amf3Test {
        a: 1,
        s: "a".into(),
    };
    // `s = "a"` is written as string reference #0: the key "a".
    assert_eq!(sol::to_vec("test", &typed, Version::Amf3).unwrap(), bytes);
    assert_eq!(sol::from_slice::<Amf3Test>(&bytes).unwrap(), typed);

    let mut untyped = Sol::new("test", Version::Amf3);
    untyped.insert("a", Value::Integer(1));
    untyped.insert("s", Value::String("a".into()));
    assert_eq!(untyped.to_vec().unwrap(), bytes);
    assert_eq!(Sol::from_slice(&bytes).unwrap(), untyped);

    // A `Value` target sees the entries as one anonymous object.
    let v: Value = sol::from_slice(&bytes).unwrap();
    assert_eq!(v["a"], Value::Integer(1));
    assert_eq!(v["s"], Value::String("a".into()));
    // And a borrowed key/value: the reference resolves into the input.
    #[derive(Deserialize)]
    struct Borrowed<'a> {
        s: &'a str,
    }
    let b: Borrowed = sol::from_slice(&bytes).unwrap();
    assert!(bytes.as_ptr_range().contains(&b.s.as_ptr()));
}

// ------------------------------------------------------------ §4.3

const MINIMAL: &str = "
    00 bf 00 00 00 38 54 43 53 4f 00 04 00 00 00 00
    00 07 4d 69 6e 69 6d 61 6c 00 00 00 03
    11 64 69 63 74 49 74 65 6d 11 01 01 00
    0d 65 78 69 73 74 73 03 00
    0f 76 65 72 73 69 6f 6e 04 01 00";

#[test]
fn spec_4_3_minimal_written_by_flash() {
    let bytes = hex(MINIMAL);
    assert_eq!(bytes.len(), 62);
    let path = format!(
        "{}/fixtures/sol/minerva/../../sol",
        env!("CARGO_MANIFEST_DIR")
    );
    let _ = path;
    let sol = Sol::from_slice(&bytes).unwrap();
    assert_eq!(sol.name, "Minimal");
    assert_eq!(sol.version, Version::Amf3);
    assert_eq!(
        sol.keys().collect::<Vec<_>>(),
        ["dictItem", "exists", "version"]
    );
    match sol.get("dictItem") {
        Some(Value::Dictionary(d)) => {
            assert!(d.weak_keys);
            assert!(d.entries.is_empty());
        }
        other => panic!("dictItem is {other:?}"),
    }
    assert_eq!(sol.get("exists"), Some(&Value::Bool(true)));
    assert_eq!(sol.get("version"), Some(&Value::Integer(1)));
    assert_eq!(sol.to_vec().unwrap(), bytes);

    // Built from scratch, the same bytes.
    let mut built = Sol::new("Minimal", Version::Amf3);
    built.insert(
        "dictItem",
        Value::Dictionary(Arc::new(Dictionary {
            weak_keys: true,
            entries: vec![],
        })),
    );
    built.insert("exists", Value::Bool(true));
    built.insert("version", Value::Integer(1));
    assert_eq!(built.to_vec().unwrap(), bytes);
}

#[test]
fn spec_4_3_string_test_refers_to_strings_of_earlier_entries() {
    let bytes = fixture("StringTest.sol");
    let sol = Sol::from_slice(&bytes).unwrap();
    // `arrayItem` is `09 3d 01 06 0a 06 2f "This is the second item" 06 04 …`.
    let at = bytes
        .windows(5)
        .position(|w| w == [0x09, 0x3d, 0x01, 0x06, 0x0a])
        .expect("arrayItem's bytes");
    assert_eq!(bytes[at + 5..at + 7], [0x06, 0x2f]);
    let array = sol.get("arrayItem").expect("arrayItem");
    assert_eq!(array[0], Value::String("This is the first item".into()));
    assert_eq!(array[1], Value::String("This is the second item".into()));
    // String #5 first appeared inside the earlier `dictItem` entry, #2 in
    // `testForThirdItem`.
    let keys: Vec<&str> = sol.keys().collect();
    let dict = keys.iter().position(|k| *k == "dictItem").unwrap();
    let arr = keys.iter().position(|k| *k == "arrayItem").unwrap();
    assert!(dict < arr);
    // The encoder shares one string table across entries too: written from
    // the values alone, the file is the same bytes.
    assert_eq!(fresh(&sol).to_vec().unwrap(), bytes);
    // And a typed read sees the same strings.
    let typed: BTreeMap<String, serde_json::Value> = sol::from_slice(&bytes).unwrap();
    assert_eq!(typed["arrayItem"][0], "This is the first item");
    assert_eq!(typed["arrayItem"][1], "This is the second item");
}

// ------------------------------------------------------- typed entries

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Save {
    #[serde(rename = "playerName")]
    player: String,
    level: i32,
    #[serde(skip)]
    cached: u32,
    #[serde(default)]
    coins: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    boss: Option<String>,
    #[serde(alias = "hiScore")]
    high_score: i32,
    inventory: Vec<Item>,
    #[serde(flatten)]
    rest: BTreeMap<String, Value>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Item {
    name: String,
    count: u8,
}

#[test]
fn typed_save_with_serde_attributes_both_versions() {
    let mut rest = BTreeMap::new();
    rest.insert("zExtra".to_owned(), Value::String("kept".into()));
    let save = Save {
        player: "Ada".into(),
        level: 7,
        cached: 99,
        coins: 12.5,
        boss: None,
        high_score: 1000,
        inventory: vec![
            Item {
                name: "sword".into(),
                count: 1,
            },
            Item {
                name: "potion".into(),
                count: 3,
            },
        ],
        rest,
    };
    for version in [Version::Amf0, Version::Amf3] {
        let bytes = sol::to_vec("savegame", &save, version).unwrap();
        let sol = Sol::from_slice(&bytes).unwrap();
        assert_eq!(sol.name, "savegame");
        assert_eq!(sol.version, version);
        // renamed, skipped and flattened fields as entries, in order
        assert_eq!(
            sol.keys().collect::<Vec<_>>(),
            [
                "playerName",
                "level",
                "coins",
                "high_score",
                "inventory",
                "zExtra"
            ]
        );
        let back: Save = sol::from_slice(&bytes).unwrap();
        assert_eq!(back.cached, 0);
        assert_eq!(
            back,
            Save {
                cached: 0,
                ..sol_clone(&save)
            }
        );
        let (header, _): (sol::Header, Save) = sol::from_slice_with_header(&bytes).unwrap();
        assert_eq!(
            (header.name.as_str(), header.version),
            ("savegame", version)
        );
    }
}

fn sol_clone(s: &Save) -> Save {
    Save {
        player: s.player.clone(),
        level: s.level,
        cached: s.cached,
        coins: s.coins,
        boss: s.boss.clone(),
        high_score: s.high_score,
        inventory: s.inventory.clone(),
        rest: s.rest.clone(),
    }
}

#[test]
fn typed_unknown_entries_kept_by_flatten_and_default_and_alias() {
    // Written untyped: an alias name, no "coins" (default), unknown entries.
    let mut sol = Sol::new("savegame", Version::Amf3);
    sol.insert("playerName", Value::String("Bo".into()));
    sol.insert("level", Value::Integer(2));
    sol.insert("hiScore", Value::Integer(5));
    sol.insert("inventory", amf_serde::amf_value!([]));
    sol.insert("mystery", Value::Double(2.5));
    sol.insert("flags", amf_serde::amf_value!({"a": true}));
    let bytes = sol.to_vec().unwrap();
    let save: Save = sol::from_slice(&bytes).unwrap();
    assert_eq!(save.player, "Bo");
    assert_eq!(save.high_score, 5);
    assert_eq!(save.coins, 0.0);
    assert_eq!(save.rest.keys().collect::<Vec<_>>(), ["flags", "mystery"]);
    assert_eq!(save.rest["mystery"], Value::Double(2.5));
    assert_eq!(save.rest["flags"]["a"], Value::Bool(true));

    // deny_unknown_fields: the error names the entry.
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        #[serde(rename = "playerName")]
        player: String,
    }
    let err = sol::from_slice::<Strict>(&bytes).unwrap_err();
    assert_eq!(err.sol_entry(), Some((1, Some("level"))));
    assert!(err.to_string().contains("unknown field `level`"), "{err}");
    // A missing field: offset at the end of the file.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Needs {
        absent: i32,
    }
    let err = sol::from_slice::<Needs>(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("missing field `absent` at byte offset {}", bytes.len())
    );
}

#[test]
fn typed_maps_enums_and_values() {
    let mut map = BTreeMap::new();
    map.insert("b", 2);
    map.insert("a", 1);
    let bytes = sol::to_vec("m", &map, Version::Amf3).unwrap();
    let back: BTreeMap<String, i32> = sol::from_slice(&bytes).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back["a"], 1);
    // a Value object becomes the entries, in its order
    let v = amf_serde::amf_value!({"z": 1, "y": "two"});
    let bytes = sol::to_vec("v", &v, Version::Amf0).unwrap();
    let sol = Sol::from_slice(&bytes).unwrap();
    assert_eq!(sol.keys().collect::<Vec<_>>(), ["z", "y"]);
    // integer map keys are decimal names
    let mut by_slot = BTreeMap::new();
    by_slot.insert(1u32, "one");
    let bytes = sol::to_vec("s", &by_slot, Version::Amf3).unwrap();
    assert_eq!(
        Sol::from_slice(&bytes).unwrap().keys().collect::<Vec<_>>(),
        ["1"]
    );
    // unit: no entries
    let bytes = sol::to_vec("empty", &(), Version::Amf3).unwrap();
    assert_eq!(bytes.len(), 27);
    assert!(Sol::from_slice(&bytes).unwrap().is_empty());
    // not a map
    let err = sol::to_vec("x", &vec![1, 2], Version::Amf3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the data of a .sol file must be a struct or a map, found a sequence"
    );
    let err = sol::to_vec("x", &BTreeMap::from([(true, 1)]), Version::Amf3).unwrap_err();
    assert_eq!(err.to_string(), "key must be a string, found a boolean");
    // an AMF0 key over 65535 bytes
    let long = "k".repeat(70_000);
    let err = sol::to_vec("x", &BTreeMap::from([(long.as_str(), 1)]), Version::Amf0).unwrap_err();
    assert!(err.to_string().contains("AMF0 property name"), "{err}");
    // a name over 65535 bytes
    let err = sol::to_vec(&long, &(), Version::Amf3).unwrap_err();
    assert!(err.to_string().contains(".sol name"), "{err}");
}

#[test]
fn typed_amf3_shares_tables_across_entries() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Two {
        first: Item,
        second: Item,
        label: String,
    }
    let two = Two {
        first: Item {
            name: "x".into(),
            count: 1,
        },
        second: Item {
            name: "label".into(),
            count: 2,
        },
        label: "first".into(),
    };
    let bytes = sol::to_vec("t", &two, Version::Amf3).unwrap();
    // The second Item refers to the first one's traits (0a 01): one table
    // for the whole body.
    // Strings: first #0, name #1, count #2, x #3, second #4, label #5.
    assert_eq!(
        bytes[23..],
        hex(
            "0b 66 69 72 73 74  0a 23 01 09 6e 61 6d 65 0b 63 6f 75 6e 74 06 03 78 04 01 00
             0d 73 65 63 6f 6e 64  0a 01 06 0b 6c 61 62 65 6c 04 02 00
             0a  06 00  00"
        )
    );
    // The key `label` is a reference to the string value of
    // `second.name` (#5), the value "first" to the first key (#0).
    let back: Two = sol::from_slice(&bytes).unwrap();
    assert_eq!(back, two);
    // and the untyped reader agrees
    let sol = Sol::from_slice(&bytes).unwrap();
    assert_eq!(sol.get("label"), Some(&Value::String("first".into())));
    assert_eq!(fresh(&sol).to_vec().unwrap(), bytes);
}

// ---------------------------------------------------------------- edit

/// The bytes of a scalar whose encoding needs no reference table.
fn scalar_bytes(v: &Value, version: Version) -> Option<Vec<u8>> {
    Some(match (version, v) {
        (Version::Amf0, Value::Double(d)) => [&[0x00][..], &d.to_be_bytes()].concat(),
        (Version::Amf0, Value::Bool(b)) => vec![0x01, u8::from(*b)],
        (Version::Amf3, Value::Double(d)) => [&[0x05][..], &d.to_be_bytes()].concat(),
        (Version::Amf3, Value::Bool(b)) => vec![if *b { 0x03 } else { 0x02 }],
        (Version::Amf3, Value::Integer(_)) => amf_serde::to_vec(v).ok()?,
        _ => return None,
    })
}

fn key_bytes(key: &str, version: Version) -> Vec<u8> {
    match version {
        Version::Amf0 => [&(key.len() as u16).to_be_bytes()[..], key.as_bytes()].concat(),
        Version::Amf3 => {
            let s = amf_serde::to_vec(key).unwrap();
            s[1..].to_vec()
        }
    }
}

fn edited(v: &Value) -> Value {
    match v {
        Value::Double(d) => Value::Double(d + 1.5),
        Value::Bool(b) => Value::Bool(!b),
        Value::Integer(i) => Value::Integer(if *i > 1000 { i - 1000 } else { i + 1000 }),
        _ => unreachable!(),
    }
}

/// In every real file, every top-level number or boolean entry that can be
/// found unambiguously in the bytes is edited: the new file is the old one
/// with exactly that value's bytes replaced and the length field updated.
#[test]
fn editing_one_entry_changes_only_its_bytes_and_the_length() {
    let dir = format!("{}/fixtures/sol", env!("CARGO_MANIFEST_DIR"));
    let mut edits = 0;
    let mut files = 0;
    let mut edited_files = Vec::new();
    for sub in ["minerva", "flash-lso"] {
        for entry in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "sol") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(sol) = Sol::from_slice(&bytes) else {
                continue;
            };
            // Every file writes back from its values alone (see
            // `values_alone_rewrite_every_file`), so an edit re-encodes
            // the whole body and still changes only the edited bytes.
            assert_eq!(fresh(&sol).to_vec().unwrap(), bytes, "{}", path.display());
            let mut file_edited = false;
            for (i, (key, value)) in sol.entries.iter().enumerate() {
                let Some(old) = scalar_bytes(value, sol.version) else {
                    continue;
                };
                let new_value = edited(value);
                let new = scalar_bytes(&new_value, sol.version).unwrap();
                let pattern = [&key_bytes(key, sol.version)[..], &old, &[0x00]].concat();
                let hits: Vec<usize> = bytes
                    .windows(pattern.len())
                    .enumerate()
                    .filter(|(_, w)| *w == &pattern[..])
                    .map(|(at, _)| at)
                    .collect();
                if hits.len() != 1 {
                    continue;
                }
                let at = hits[0] + pattern.len() - 1 - old.len();
                let mut expected = [&bytes[..at], &new, &bytes[at + old.len()..]].concat();
                let len = (expected.len() - 6) as u32;
                expected[2..6].copy_from_slice(&len.to_be_bytes());

                let mut copy = sol.clone();
                copy.entries[i].1 = new_value.clone();
                let out = copy.to_vec().unwrap();
                assert!(
                    out == expected,
                    "{}: editing {key:?} changed more than its value",
                    path.display()
                );
                assert_eq!(Sol::from_slice(&out).unwrap().entries[i].1, new_value);
                edits += 1;
                file_edited = true;
            }
            files += usize::from(file_edited);
            if file_edited {
                edited_files.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    // Including AS3-Demo, whose traits say more than its members
    // (oppDetailPrefs has no unambiguous scalar entry: see the next test).
    assert!(edited_files.iter().any(|f| f == "AS3-Demo.sol"));
    // How many the fixtures give (each checked exactly above).
    assert!(edits >= 100, "{edits} edits in {files} files");
    assert!(files >= 30, "{edits} edits in {files} files");
}

/// The two files whose traits say more than their members, edited from
/// their values alone: replacing the last entry's value keeps every byte
/// before it, and the entry decodes to the new value.
#[test]
fn editing_files_with_traits_copies_and_dynamic_externals() {
    for name in ["AS3-Demo.sol", "oppDetailPrefs.sol"] {
        let bytes = fixture(name);
        let sol = Sol::from_slice(&bytes).unwrap();
        let n = sol.len();
        let mut before_last = fresh(&sol);
        before_last.entries.truncate(n - 1);
        let prefix = before_last.to_vec().unwrap();
        assert_eq!(prefix[6..], bytes[6..prefix.len()], "{name}");
        let mut edited = fresh(&sol);
        edited.entries[n - 1].1 = Value::Integer(12345);
        let out = edited.to_vec().unwrap();
        assert_eq!(out[6..prefix.len()], bytes[6..prefix.len()], "{name}");
        // key (as before), 04 e0 39, 00
        assert!(out.ends_with(&[0x04, 0xe0, 0x39, 0x00]), "{name}");
        let key_len = out.len() - prefix.len() - 4;
        assert_eq!(
            out[prefix.len()..prefix.len() + key_len],
            bytes[prefix.len()..prefix.len() + key_len],
            "{name}"
        );
        assert_eq!(
            u32::from_be_bytes(out[2..6].try_into().unwrap()) as usize,
            out.len() - 6
        );
        let back = Sol::from_slice(&out).unwrap();
        assert_eq!(back.entries[..n - 1], sol.entries[..n - 1], "{name}");
        assert_eq!(back.entries[n - 1].1, Value::Integer(12345));
    }
}

#[test]
fn insert_keeps_place_remove_and_append() {
    let mut sol = Sol::from_slice(&hex(TEST_AMF0)).unwrap();
    assert_eq!(
        sol.insert("a", Value::Double(2.0)),
        Some(Value::Double(1.0))
    );
    assert_eq!(sol.keys().collect::<Vec<_>>(), ["a", "s"]);
    assert_eq!(sol.insert("n", Value::Null), None);
    assert_eq!(sol.keys().collect::<Vec<_>>(), ["a", "s", "n"]);
    assert_eq!(sol.remove("s"), Some(Value::String("hi".into())));
    assert_eq!(sol.remove("s"), None);
    assert!(sol.contains_key("n"));
    assert_eq!(sol.len(), 2);
    let bytes = sol.to_vec().unwrap();
    assert_eq!(
        bytes[26..],
        hex("00 01 61 00 40 00 00 00 00 00 00 00 00  00 01 6e 05 00")
    );
    assert_eq!(
        u32::from_be_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]) as usize,
        bytes.len() - 6
    );
}

// ---------------------------------------------------------- bad input

fn err_of(bytes: &[u8]) -> amf_serde::Error {
    let e = Sol::from_slice(bytes).unwrap_err();
    // the typed path agrees on the error
    let t = sol::from_slice::<BTreeMap<String, Value>>(bytes).unwrap_err();
    assert_eq!(e.to_string(), t.to_string());
    e
}

#[test]
fn bad_magic_signature_padding_version() {
    let good = hex(TEST_AMF3);
    let mut b = good.clone();
    b[1] = 0xbe;
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "not a .sol file: expected magic 00 bf, found 00 be at byte offset 0"
    );
    assert_eq!(e.classify(), Category::Syntax);

    let mut b = good.clone();
    b[8] = b'X';
    assert_eq!(
        err_of(&b).to_string(),
        "not a .sol file: expected signature \"TCSO\" 00 04 00 00 00 00, found 54 43 58 4f 00 04 00 00 00 00 at byte offset 8"
    );
    let mut b = good.clone();
    b[11] = 3;
    assert_eq!(err_of(&b).offset(), Some(11));

    let mut b = good.clone();
    b[23] = 1;
    assert_eq!(
        err_of(&b).to_string(),
        "expected the padding 00 00 00 after the name, found 00 01 00 at byte offset 23"
    );
    let mut b = good.clone();
    b[25] = 2;
    assert_eq!(
        err_of(&b).to_string(),
        "unsupported AMF version 2 (expected 0 or 3) at byte offset 25"
    );
}

#[test]
fn name_longer_than_the_file_and_truncated_header() {
    let mut b = hex(TEST_AMF3);
    b[16] = 0x01; // name length 0x0104 = 260
    assert_eq!(
        err_of(&b).to_string(),
        "the name's length of 260 bytes runs past the end of the file (18 bytes left) at byte offset 16"
    );
    // the name limit applies
    let b = hex(TEST_AMF3);
    let e = ReadOptions::new()
        .with_options(Options::new().with_max_string_len(3))
        .read(&b)
        .unwrap_err();
    assert_eq!(e.offset(), Some(16));
    assert!(e.to_string().contains("exceeds the limit of 3"), "{e}");
    // every truncation of the header is an end-of-input error, not a panic
    for n in 0..26 {
        let e = err_of(&b[..n]);
        if (18..22).contains(&n) {
            assert_eq!(e.offset(), Some(16), "{n}");
            assert!(
                e.to_string().contains("runs past the end of the file"),
                "{e}"
            );
        } else {
            assert!(e.is_eof(), "{n}: {e}");
            assert_eq!(e.offset(), Some(n as u64), "{n}");
        }
    }
    // invalid UTF-8 in the name
    let mut b = hex(TEST_AMF3);
    b[18] = 0xff;
    assert_eq!(
        err_of(&b).to_string(),
        "invalid UTF-8 in string at byte offset 18"
    );
}

#[test]
fn missing_00_after_an_entry() {
    let mut b = hex(TEST_AMF3);
    b[30] = 0x07; // the 00 after `a = 1`
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "in .sol entry \"a\" (#0): expected the 00 that ends an entry after its value, found 0x07 at byte offset 30"
    );
    assert_eq!(e.sol_entry(), Some((0, Some("a"))));
    assert_eq!(e.classify(), Category::Syntax);
    // the last entry's 00 cut off
    let b = hex(TEST_AMF3);
    let e = err_of(&b[..b.len() - 1]);
    assert!(e.is_eof());
    assert_eq!(e.sol_entry(), Some((1, Some("s"))));
    assert_eq!(e.offset(), Some(b.len() as u64 - 1));
}

#[test]
fn corrupt_values_name_their_entry() {
    // AMF0: an unknown marker in the second entry
    let mut b = hex(TEST_AMF0);
    b[42] = 0x13; // the 02 of "hi"
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "in .sol entry \"s\" (#1): invalid AMF0 marker 0x13 at byte offset 42"
    );
    // AMF3: a string reference past the table in the second entry
    let mut b = hex(TEST_AMF3);
    b[34] = 0x08; // ref #4
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "in .sol entry \"s\" (#1): string reference 4 out of range (2 entries) at byte offset 34"
    );
    // an unreadable key
    let mut b = hex(TEST_AMF3);
    b[31] = 0x0a; // key ref #5
    let e = err_of(&b);
    assert_eq!(e.sol_entry(), Some((1, None)));
    assert_eq!(
        e.to_string(),
        "in .sol entry (key unreadable) (#1): string reference 5 out of range (1 entries) at byte offset 31"
    );
}

#[test]
fn strict_length_and_bytes_past_the_length() {
    let mut b = hex(TEST_AMF0);
    b[5] = 0x29;
    assert!(Sol::from_slice(&b).is_ok());
    let e = ReadOptions::new()
        .with_strict_length(true)
        .read(&b)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the file-length field says 41 bytes follow it, but 42 do at byte offset 2"
    );
    let e = ReadOptions::new()
        .with_strict_length(true)
        .from_slice::<Amf0Test>(&b)
        .unwrap_err();
    assert_eq!(e.offset(), Some(2));
    // data appended after the end the length gives (as minerva's
    // 00000004.sol has): the error says so.
    let mut b = hex(TEST_AMF0);
    b.extend_from_slice(b"/some/path.sol");
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "the 14 bytes after the end the file-length field gives are not an entry \
         (in .sol entry (key unreadable) (#2): unexpected end of input at byte offset 62) \
         at byte offset 48"
    );
}

#[test]
fn amf0_reference_to_the_data_object_is_an_error_not_a_panic() {
    // entry "o" = reference #0: the shared object's data itself.
    let mut b = hex("00 bf 00 00 00 00 54 43 53 4f 00 04 00 00 00 00 00 01 78 00 00 00 00");
    b.extend(hex("00 01 6f 07 00 00 00"));
    let e = err_of(&b);
    assert_eq!(e.sol_entry(), Some((0, Some("o"))));
    assert!(e.to_string().contains("reference to object 0"), "{e}");
    // #1 is the first object of the entries (flash-lso's self-referential.sol)
    let mut b = hex("00 bf 00 00 00 00 54 43 53 4f 00 04 00 00 00 00 00 01 78 00 00 00 00");
    b.extend(hex("00 01 6f 03 00 01 6f 07 00 01 00 00 09 00"));
    let sol = Sol::from_slice(&b).unwrap();
    let o = sol.get("o").unwrap();
    assert!(matches!(o["o"], Value::Cycle(_)));
    let mut fresh = fresh(&sol);
    assert_eq!(fresh.to_vec().unwrap()[6..], b[6..]);
    fresh.insert("p", Value::Null);
    let out = fresh.to_vec().unwrap();
    assert!(out.ends_with(&hex("00 01 70 05 00")));
}

#[test]
fn limits_apply_to_entries() {
    let bytes = fixture("AS3-Demo.sol");
    let e = ReadOptions::new()
        .with_options(Options::new().with_max_depth(1))
        .read(&bytes)
        .unwrap_err();
    assert!(e.to_string().contains("nesting depth limit"), "{e}");
    assert!(e.sol_entry().is_some());
    let e = ReadOptions::new()
        .with_options(Options::new().with_max_work(10))
        .read(&bytes)
        .unwrap_err();
    assert!(e.to_string().contains("work limit of 10"), "{e}");
}

#[test]
fn royale_form_round_trips_and_checks_its_input() {
    for name in [
        "AS3-Demo.sol",
        "StringTest.sol",
        "AS2-Demo.sol",
        "Minimal.sol",
    ] {
        let sol = Sol::from_slice(&fixture(name)).unwrap();
        let item = sol::to_royale(&sol, Some("/game")).unwrap();
        assert_eq!(item.key, format!("/game::{}", sol.name));
        assert_eq!(item.local_path(), Some("/game"));
        let back = sol::from_royale(&item).unwrap();
        assert_eq!(back.name, sol.name);
        assert_eq!(back.version, Version::Amf3);
        assert_eq!(
            back.keys().collect::<Vec<_>>(),
            sol.keys().collect::<Vec<_>>()
        );
        if sol.version == Version::Amf3 {
            assert_eq!(back, sol, "{name}");
        }
    }
    // A name with ':' would read back as another name ("/x:::inimal" ->
    // "inimal"; fuzz finding 14): refused on the way out.
    let colon = Sol::new(":inimal", Version::Amf3);
    let e = sol::to_royale(&colon, Some("/x")).unwrap_err();
    assert!(
        e.to_string()
            .contains("a shared object name cannot contain ':'"),
        "{e}"
    );
    let bad = sol::RoyaleItem {
        key: "nokey".into(),
        value: String::new(),
    };
    assert!(sol::from_royale(&bad)
        .unwrap_err()
        .to_string()
        .contains("<localPath>::<name>"));
    let bad = sol::RoyaleItem {
        key: "$null$::x".into(),
        value: "BA==".into(), // int marker, truncated
    };
    assert!(sol::from_royale(&bad).unwrap_err().is_eof());
    let bad = sol::RoyaleItem {
        key: "$null$::x".into(),
        value: "BAE=".into(), // int 1, not an object
    };
    assert_eq!(
        sol::from_royale(&bad).unwrap_err().to_string(),
        "the data of a shared object must be an object, found integer"
    );
    let ok = Sol::from_object(
        "x",
        Version::Amf0,
        &Value::Object(Arc::new(Object::anonymous([("k", Value::Null)]))),
    )
    .unwrap();
    assert_eq!(ok.keys().collect::<Vec<_>>(), ["k"]);
}

/// A `Sol` with no bytes read, large enough that the writer sizes its
/// output from its first entries: entries of very different sizes (large
/// ones first, then small ones, then large again) write the same bytes as
/// the typed writer, read back equal, and the output is not over-reserved
/// beyond a small multiple of its length.
#[test]
fn large_sol_from_values_sized_from_its_first_entries() {
    for version in [Version::Amf0, Version::Amf3] {
        let mut sol = Sol::new("sizes", version);
        let mut typed = Vec::new();
        for i in 0..300 {
            let text = if !(20..280).contains(&i) {
                "x".repeat(5000 + i)
            } else {
                format!("e{i}")
            };
            sol.insert(format!("k{i}"), Value::String(text.clone()));
            typed.push((format!("k{i}"), text));
        }
        let bytes = sol.to_vec().unwrap();
        let map: Vec<(&str, &str)> = typed
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        struct Entries<'a>(&'a [(&'a str, &'a str)]);
        impl serde::Serialize for Entries<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().copied())
            }
        }
        assert_eq!(
            bytes,
            sol::to_vec("sizes", &Entries(&map), version).unwrap()
        );
        assert_eq!(Sol::from_slice(&bytes).unwrap(), sol);
        assert!(bytes.capacity() <= 21 * bytes.len(), "{}", bytes.capacity());
    }
}
