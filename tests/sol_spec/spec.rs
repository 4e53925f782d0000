//! sol.md §4.1-§4.3 examples, byte for byte.

use super::*;

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
