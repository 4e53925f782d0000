//! Byte-exact AMF0 tests: every worked example of `amf0.md` §6 (both ways
//! where our encoder produces that shape), the two Wikipedia examples (the
//! `person` object and the RTMP `_result` command, read as a stream and
//! value by value, then written back with `amf0::Serializer`), the rows of
//! the mapping table in the `amf0` module documentation, the AMF3 switch
//! (`0x11`) with its shared tables, byte fallbacks, numbers, enums, maps
//! with integer keys, empty keys, and `undefined`/`unsupported`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use amf_serde::amf0;
use amf_serde::options::Amf0Bytes;
use amf_serde::types::{Array, DataItem, Date, EcmaArray, External, Object, XmlDocument};
use amf_serde::{Category, Error, Options, Value};
use amf_serde_tests::{fixture, hex, to_hex};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use serde_json::json;

// ------------------------------------------------------------------ helpers

/// Encodes with `amf0::to_vec`, checking that `amf0::to_writer` and
/// `amf0::Serializer` write the same bytes.
#[track_caller]
fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let bytes = amf0::to_vec(value).unwrap_or_else(|e| panic!("amf0::to_vec failed: {e}"));
    let mut written = Vec::new();
    amf0::to_writer(&mut written, value).unwrap_or_else(|e| panic!("to_writer failed: {e}"));
    assert_eq!(to_hex(&written), to_hex(&bytes), "to_writer differs");
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value(value)
        .unwrap_or_else(|e| panic!("Serializer failed: {e}"));
    assert_eq!(
        to_hex(&ser.into_inner()),
        to_hex(&bytes),
        "Serializer differs"
    );
    bytes
}

/// Asserts that `value` encodes to exactly `expected` (hex).
#[track_caller]
fn assert_encodes<T: Serialize + ?Sized>(value: &T, expected: &str) {
    assert_eq!(to_hex(&encode(value)), to_hex(&hex(expected)));
}

/// Asserts that encoding `value` fails; returns the error.
#[track_caller]
fn encode_err<T: Serialize + ?Sized>(value: &T) -> Error {
    match amf0::to_vec(value) {
        Ok(bytes) => panic!("expected an encode error, got {}", to_hex(&bytes)),
        Err(e) => {
            let e2 = amf0::to_writer(Vec::new(), value).expect_err("to_writer succeeded");
            assert_eq!(e.to_string(), e2.to_string());
            e
        }
    }
}

/// Decodes `bytes` with `from_slice` and `from_reader`, which must agree.
#[track_caller]
fn decode_bytes<T: DeserializeOwned + Debug + PartialEq>(bytes: &[u8]) -> T {
    let a: T = amf0::from_slice(bytes)
        .unwrap_or_else(|e| panic!("from_slice({}) failed: {e}", short(bytes)));
    let b: T = amf0::from_reader(bytes)
        .unwrap_or_else(|e| panic!("from_reader({}) failed: {e}", short(bytes)));
    assert_eq!(a, b, "from_reader differs from from_slice");
    a
}

#[track_caller]
fn decode<T: DeserializeOwned + Debug + PartialEq>(input: &str) -> T {
    decode_bytes(&hex(input))
}

/// Decodes into `Value` and checks that it writes back byte for byte.
#[track_caller]
fn value_roundtrip(input: &str) -> Value {
    let bytes = hex(input);
    let v: Value = decode_bytes(&bytes);
    assert_eq!(
        to_hex(&encode(&v)),
        to_hex(&bytes),
        "Value re-encoding of {v}"
    );
    v
}

/// [`value_roundtrip`] for input whose switches follow no encoder rule (a
/// string behind `0x11` inside an AMF0 array, say): decoded with the
/// switch marks it writes back byte for byte; decoded without them (the
/// default) it is the same value with every switch gone.
#[track_caller]
fn marked_roundtrip(input: &str) -> Value {
    let bytes = hex(input);
    let marked: Value = amf_serde::Options::new()
        .with_switch_marks(true)
        .amf0_from_slice(&bytes)
        .unwrap();
    assert_eq!(to_hex(&encode(&marked)), to_hex(&bytes), "{marked:?}");
    let bare: Value = decode_bytes(&bytes);
    assert_eq!(bare, marked);
    assert!(!format!("{bare:?}").contains("Amf3("), "{bare:?}");
    bare
}

/// [`value_roundtrip`] for input written by Flash Player's rule (complex
/// values inside AMF0 containers behind `0x11`): the bare value writes
/// back byte for byte with `Amf0Switch::Complex`.
#[track_caller]
fn flash_roundtrip(input: &str) -> Value {
    let bytes = hex(input);
    let v: Value = decode_bytes(&bytes);
    assert!(!format!("{v:?}").contains("Amf3("), "{v:?}");
    let flash = amf_serde::Options::new().with_amf0_switch(amf_serde::options::Amf0Switch::Complex);
    assert_eq!(
        to_hex(&flash.amf0_to_vec(&v).unwrap()),
        to_hex(&bytes),
        "{v}"
    );
    v
}

/// Decoding `input` as `T` fails with exactly `msg`, via `from_slice` and
/// `from_reader`.
#[track_caller]
fn decode_err<T: DeserializeOwned + Debug>(input: &[u8], msg: &str) -> Error {
    let e = match amf0::from_slice::<T>(input) {
        Ok(v) => panic!("from_slice({}) decoded {v:?}", short(input)),
        Err(e) => e,
    };
    assert_eq!(e.to_string(), msg, "from_slice({})", short(input));
    match amf0::from_reader::<_, T>(input) {
        Ok(v) => panic!("from_reader({}) decoded {v:?}", short(input)),
        Err(r) => assert_eq!(r.to_string(), msg, "from_reader({})", short(input)),
    }
    e
}

fn short(bytes: &[u8]) -> String {
    if bytes.len() <= 48 {
        to_hex(bytes)
    } else {
        format!("{} … ({} bytes)", to_hex(&bytes[..48]), bytes.len())
    }
}

/// Both directions: `value` encodes to `input`, and `input` decodes to
/// `value`.
#[track_caller]
fn both_ways<T: Serialize + DeserializeOwned + Debug + PartialEq>(value: &T, input: &str) {
    assert_encodes(value, input);
    assert_eq!(&decode::<T>(input), value);
}

fn obj(members: Vec<(&str, Value)>) -> Value {
    Value::from(Object::anonymous(members))
}

fn typed(class: &str, members: Vec<(&str, Value)>) -> Value {
    Value::from(Object {
        traits_copy: 0,
        class: class.into(),
        sealed: Default::default(),
        dynamic: Some(members.into_iter().collect()),
    })
}

fn ecma(length: u32, entries: Vec<(&str, Value)>) -> Value {
    Value::from(EcmaArray {
        length,
        entries: entries.into_iter().collect(),
    })
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn d(x: f64) -> Value {
    Value::Double(x)
}

/// The members of an AMF0 object decoded into `Value`.
#[track_caller]
fn dynamic_members(v: &Value) -> &[(amf_serde::types::Name, Value)] {
    let o = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"));
    assert!(o.sealed.is_empty(), "AMF0 objects have no sealed members");
    o.dynamic.as_deref().expect("AMF0 objects are dynamic")
}

// -------------------------------------------------- §6.1 anonymous object

const MIKE: &str = "03 00 04 6e 61 6d 65 02 00 04 4d 69 6b 65 \
                    00 03 61 67 65 00 40 3e 00 00 00 00 00 00 00 00 09";

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct NameAge {
    name: String,
    age: f64,
}

#[test]
fn s6_1_anonymous_object_struct_both_ways() {
    both_ways(
        &NameAge {
            name: "Mike".into(),
            age: 30.0,
        },
        MIKE,
    );
}

#[test]
fn s6_1_anonymous_object_as_value_and_maps() {
    let v = value_roundtrip(MIKE);
    assert_eq!(v, obj(vec![("name", s("Mike")), ("age", d(30.0))]));
    assert_eq!(v.class(), None);
    assert_eq!(v.as_object().unwrap().class, "");
    assert_eq!(dynamic_members(&v).len(), 2);
    // Built by hand, it writes the same bytes.
    assert_encodes(&obj(vec![("name", s("Mike")), ("age", d(30.0))]), MIKE);

    let m: HashMap<String, serde_json::Value> = decode(MIKE);
    assert_eq!(m["name"], json!("Mike"));
    assert_eq!(m["age"], json!(30.0));
    let j: serde_json::Value = decode(MIKE);
    assert_eq!(j, json!({"name": "Mike", "age": 30.0}));

    // A struct with an integer field reads the integral double.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Int {
        name: String,
        age: u8,
    }
    assert_eq!(
        decode::<Int>(MIKE),
        Int {
            name: "Mike".into(),
            age: 30
        }
    );
    // Borrowed from the slice.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Borrowed<'a> {
        name: &'a str,
    }
    let bytes = hex(MIKE);
    let b: Borrowed = amf0::from_slice(&bytes).unwrap();
    assert_eq!(b.name, "Mike");
    assert!(bytes.as_ptr_range().contains(&b.name.as_ptr()));
}

// ------------------------------------ §6.2 strict array with back-reference

const O_TWICE: &str = "0a 00 00 00 02 \
                       03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09 \
                       07 00 01";

#[test]
fn s6_2_back_reference_into_typed_values() {
    let v: Vec<HashMap<String, f64>> = decode(O_TWICE);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0], HashMap::from([("a".to_owned(), 1.0)]));
    assert_eq!(v[0], v[1]);

    #[derive(Deserialize, Debug, PartialEq)]
    struct A {
        a: i32,
    }
    assert_eq!(decode::<Vec<A>>(O_TWICE), [A { a: 1 }, A { a: 1 }]);
    let j: serde_json::Value = decode(O_TWICE);
    assert_eq!(j, json!([{"a": 1.0}, {"a": 1.0}]));
    let _: IgnoredAny = decode(O_TWICE);
}

#[test]
fn s6_2_back_reference_into_value_is_shared() {
    let v = value_roundtrip(O_TWICE);
    assert!(v[0].ptr_eq(&v[1]), "both elements are one object: {v}");
    assert_eq!(v[0]["a"], d(1.0));
    assert_eq!(v.as_array().unwrap().len(), 2);

    // Built by hand with one shared Arc, it writes the reference.
    let o = obj(vec![("a", d(1.0))]);
    assert_encodes(&Value::from(vec![o.clone(), o]), O_TWICE);
}

#[test]
fn s6_2_typed_values_are_written_inline() {
    // Serde data has no identity: two equal maps are two objects.
    let o = BTreeMap::from([("a".to_owned(), 1.0)]);
    assert_encodes(
        &vec![o.clone(), o],
        "0a 00 00 00 02 \
         03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09 \
         03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
    // Equal but distinct Values are written inline too.
    assert_encodes(
        &Value::from(vec![obj(vec![("a", d(1.0))]), obj(vec![("a", d(1.0))])]),
        "0a 00 00 00 02 \
         03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09 \
         03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
}

#[test]
fn s6_2_flash_object_with_the_same_member_twice() {
    let input = "03 00 01 30 03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09 \
                 00 01 31 07 00 01 00 00 09";
    let m: HashMap<String, HashMap<String, f64>> = decode(input);
    assert_eq!(m["0"], m["1"]);
    assert_eq!(m["1"]["a"], 1.0);
    let v = value_roundtrip(input);
    assert!(v["0"].ptr_eq(&v["1"]));
}

// ------------------------------------------------ §6.3 ECMA arrays (Flash)

const ORDINAL: &str = "08 00 00 00 04 \
                       00 01 30 02 00 01 61 \
                       00 01 31 02 00 01 62 \
                       00 01 32 02 00 01 63 \
                       00 01 33 02 00 01 64 \
                       00 00 09";
const NAMED: &str = "08 00 00 00 00 00 01 61 02 00 01 62 00 01 63 02 00 01 64 00 00 09";

#[test]
fn s6_3_flash_array_decodes_into_vec_and_map() {
    assert_eq!(decode::<Vec<String>>(ORDINAL), ["a", "b", "c", "d"]);
    assert_eq!(
        decode::<(String, String, String, String)>(ORDINAL),
        ("a".into(), "b".into(), "c".into(), "d".into())
    );
    let m: HashMap<String, String> = decode(ORDINAL);
    assert_eq!(m.len(), 4);
    assert_eq!(m["0"], "a");
    assert_eq!(m["3"], "d");
    assert_eq!(
        to_hex(&fixture("objects", "amf0-ecma-ordinal-array.bin")),
        to_hex(&hex(ORDINAL))
    );
}

#[test]
fn s6_3_flash_array_as_value() {
    let v = value_roundtrip(ORDINAL);
    assert_eq!(
        v,
        ecma(
            4,
            vec![("0", s("a")), ("1", s("b")), ("2", s("c")), ("3", s("d"))]
        )
    );
    assert_eq!(v["2"], s("c"));
}

#[test]
fn s6_3_ordinal_keys_in_any_order_and_sparse_arrays() {
    // Keys "0".."n-1" in any order still make a sequence.
    let input = "08 00 00 00 03 00 01 32 02 00 01 63 00 01 30 02 00 01 61 \
                 00 01 31 02 00 01 62 00 00 09";
    assert_eq!(decode::<Vec<String>>(input), ["a", "b", "c"]);
    // AS2 sparse array of length 15 with no elements: the count is advisory.
    assert_eq!(
        decode::<Vec<String>>("08 00 00 00 0f 00 00 09"),
        Vec::<String>::new()
    );
    let v = value_roundtrip("08 00 00 00 0f 00 00 09");
    assert_eq!(v, ecma(15, vec![]));
    // The count is never used for allocation or length.
    assert_eq!(
        decode::<Vec<String>>("08 ff ff ff ff 00 01 30 02 00 01 61 00 00 09"),
        ["a"]
    );
}

#[test]
fn s6_3_named_keys() {
    let m: HashMap<String, String> = decode(NAMED);
    assert_eq!(
        m,
        HashMap::from([("a".into(), "b".into()), ("c".into(), "d".into())])
    );
    #[derive(Deserialize, Debug, PartialEq)]
    struct AC {
        a: String,
        c: String,
    }
    assert_eq!(
        decode::<AC>(NAMED),
        AC {
            a: "b".into(),
            c: "d".into()
        }
    );
    let v = value_roundtrip(NAMED);
    assert_eq!(v, ecma(0, vec![("a", s("b")), ("c", s("d"))]));
    assert_eq!(
        to_hex(&fixture("objects", "amf0-hash.bin")),
        to_hex(&hex(NAMED))
    );
    // Not a sequence: a clean data error.
    let e = decode_err::<Vec<String>>(
        &hex(NAMED),
        "invalid type: ECMA array with key \"a\", expected a sequence at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Data);
    // Gaps and leading zeros are not sequences either.
    let gap = hex("08 00 00 00 02 00 01 30 02 00 01 61 00 01 32 02 00 01 62 00 00 09");
    assert!(amf0::from_slice::<Vec<String>>(&gap).is_err());
    let zero = hex("08 00 00 00 01 00 02 30 30 02 00 01 61 00 00 09");
    assert!(amf0::from_slice::<Vec<String>>(&zero).is_err());
}

#[test]
fn s6_3_ecma_array_written_from_value() {
    assert_encodes(
        &ecma(
            4,
            vec![("0", s("a")), ("1", s("b")), ("2", s("c")), ("3", s("d"))],
        ),
        ORDINAL,
    );
    assert_encodes(&ecma(0, vec![("a", s("b")), ("c", s("d"))]), NAMED);
    // An AMF3-style array with named entries becomes an ECMA array whose
    // count is the dense length.
    let mixed = Value::from(Array::from_parts(vec![s("a")], vec![("k".into(), s("v"))]));
    assert_encodes(
        &mixed,
        "08 00 00 00 01 00 01 30 02 00 01 61 00 01 6b 02 00 01 76 00 00 09",
    );
}

// -------------------------------------------------------------- §6.4 dates

const FLASH_DATE: &str = "0b 42 6e 6a b1 b5 10 00 00 01 2c";
const PYAMF_DATE: &str = "0b 42 76 f5 e6 6e 80 00 00 00 00";
const BLAZE_PLUS1: &str = "0b 42 76 f5 e6 6e 80 00 00 00 3c";
const BLAZE_MINUS5: &str = "0b 42 76 f5 e6 6e 80 00 00 fe d4";

#[test]
fn s6_4_dates_decode_to_the_same_instant() {
    assert_eq!(decode::<f64>(FLASH_DATE), 1_045_112_400_000.0);
    for input in [PYAMF_DATE, BLAZE_PLUS1, BLAZE_MINUS5] {
        assert_eq!(decode::<f64>(input), 1_577_836_800_000.0, "{input}");
        assert_eq!(
            decode::<Date>(input).millis(),
            1_577_836_800_000.0,
            "{input}"
        );
        assert_eq!(
            decode::<serde_json::Value>(input),
            json!(1_577_836_800_000.0)
        );
    }
    assert_eq!(
        to_hex(&fixture("objects", "amf0-time.bin")),
        to_hex(&hex(FLASH_DATE))
    );
}

#[test]
fn s6_4_value_keeps_the_raw_time_zone() {
    for (input, millis, tz) in [
        (FLASH_DATE, 1_045_112_400_000.0, 300),
        (PYAMF_DATE, 1_577_836_800_000.0, 0),
        (BLAZE_PLUS1, 1_577_836_800_000.0, 60),
        (BLAZE_MINUS5, 1_577_836_800_000.0, -300),
    ] {
        let v = value_roundtrip(input);
        let date = v.as_date().unwrap_or_else(|| panic!("not a date: {v}"));
        assert_eq!(date.millis(), millis, "{input}");
        assert_eq!(date.timezone(), tz, "{input}");
        // The field never shifts the timestamp.
        assert_eq!(
            date.to_system_time(),
            Some(std::time::UNIX_EPOCH + std::time::Duration::from_millis(millis as u64))
        );
        assert_eq!(decode::<Date>(input).timezone(), tz);
    }
}

#[test]
fn s6_4_dates_are_written_with_a_zero_time_zone() {
    assert_encodes(&Date::from_millis(1_577_836_800_000.0), PYAMF_DATE);
    assert_encodes(
        &Value::from(Date::from_millis(1_577_836_800_000.0)),
        PYAMF_DATE,
    );
    // A decoded date is written back as it came.
    assert_encodes(
        &Date::from_millis(1_045_112_400_000.0).with_timezone(300),
        FLASH_DATE,
    );
    // Dates do not enter the reference table: after two dates an object is
    // still index 1 (the strict array is 0).
    let input =
        format!("0a 00 00 00 04 {PYAMF_DATE} {BLAZE_MINUS5} 03 00 01 61 05 00 00 09 07 00 01");
    let v = value_roundtrip(&input);
    assert!(v[2].ptr_eq(&v[3]));
}

// ------------------------------------------- §6.5 string / long string

#[test]
fn s6_5_string_boundary_65535_bytes() {
    let text = "a".repeat(65535);
    let bytes = encode(&text);
    assert_eq!(bytes.len(), 65538);
    assert_eq!(bytes[..5], [0x02, 0xff, 0xff, 0x61, 0x61]);
    assert_eq!(decode_bytes::<String>(&bytes), text);
    assert_eq!(decode_bytes::<Value>(&bytes), Value::String(text.clone()));
    assert_eq!(encode(&Value::String(text.clone())), bytes);
    assert_eq!(encode(text.as_str()), bytes);
}

#[test]
fn s6_5_long_string_boundary_65536_bytes() {
    let text = "a".repeat(65536);
    let bytes = encode(&text);
    assert_eq!(bytes.len(), 65541);
    assert_eq!(bytes[..7], [0x0c, 0x00, 0x01, 0x00, 0x00, 0x61, 0x61]);
    assert_eq!(decode_bytes::<String>(&bytes), text);
    let v: Value = decode_bytes(&bytes);
    assert_eq!(v, Value::String(text.clone()));
    assert_eq!(encode(&v), bytes);
}

#[test]
fn s6_5_boundary_is_on_bytes_not_characters() {
    // 21845 × "€" (3 bytes each) = 65535 bytes: still a short string.
    let euro = "€".repeat(21845);
    let bytes = encode(&euro);
    assert_eq!(bytes[..3], [0x02, 0xff, 0xff]);
    assert_eq!(bytes.len(), 65538);
    assert_eq!(decode_bytes::<String>(&bytes), euro);
    // One more byte: 21845 characters + 1 = 65536 bytes, a long string,
    // although it has only 21846 characters.
    let longer = format!("{euro}a");
    let bytes = encode(&longer);
    assert_eq!(bytes[..5], [0x0c, 0x00, 0x01, 0x00, 0x00]);
    assert_eq!(bytes.len(), 65541);
    assert_eq!(decode_bytes::<String>(&bytes), longer);
    // 21846 × "€" = 65538 bytes.
    let bytes = encode(&"€".repeat(21846));
    assert_eq!(bytes[..5], [0x0c, 0x00, 0x01, 0x00, 0x02]);
}

#[test]
fn s6_5_readers_accept_either_form() {
    assert_eq!(decode::<String>("0c 00 00 00 01 61"), "a");
    assert_eq!(decode::<String>("0c 00 00 00 00"), "");
    assert_eq!(decode::<String>("02 00 00"), "");
    assert_eq!(decode::<char>("0c 00 00 00 01 61"), 'a');
    // A short long-string is a string in Value (written back as 02).
    assert_eq!(decode::<Value>("0c 00 00 00 01 61"), s("a"));
    // Borrowed from the slice, both forms.
    let bytes = hex("0c 00 00 00 02 68 69");
    let b: &str = amf0::from_slice(&bytes).unwrap();
    assert_eq!(b, "hi");
    assert!(bytes.as_ptr_range().contains(&b.as_ptr()));
    // Long strings as struct fields and keys' values.
    let long = "x".repeat(70_000);
    let m = BTreeMap::from([("k".to_owned(), long.clone())]);
    let bytes = encode(&m);
    assert_eq!(bytes[..5], [0x03, 0x00, 0x01, 0x6b, 0x0c]);
    assert_eq!(decode_bytes::<BTreeMap<String, String>>(&bytes), m);
}

#[test]
fn keys_and_class_aliases_have_no_long_form() {
    let m = BTreeMap::from([("k".repeat(65535), true)]);
    let bytes = encode(&m);
    assert_eq!(bytes[..3], [0x03, 0xff, 0xff]);
    assert_eq!(decode_bytes::<BTreeMap<String, bool>>(&bytes), m);

    let m = BTreeMap::from([("k".repeat(65536), true)]);
    let e = encode_err(&m);
    assert_eq!(
        e.to_string(),
        "AMF0 property name is longer than the format allows (65536 bytes, at most 65535)"
    );
    assert_eq!(e.classify(), Category::Data);
    let e = encode_err(&typed(&"C".repeat(65536), vec![]));
    assert!(e.to_string().contains("65536 bytes, at most 65535"), "{e}");
}

// ---------------------------------------------------------- §6.6 typed object

const FOO: &str = "10 00 03 46 6f 6f 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09";

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Foo {
    x: f64,
}

#[test]
fn s6_6_typed_object_via_value() {
    let foo = typed("Foo", vec![("x", d(1.0))]);
    assert_encodes(&foo, FOO);
    let v = value_roundtrip(FOO);
    assert_eq!(v, foo);
    assert_eq!(v.class(), Some("Foo"));
    assert_eq!(dynamic_members(&v), [("x".into(), d(1.0))]);
    // Sealed members are written as properties too.
    assert_encodes(&Value::from(Object::sealed("Foo", [("x", d(1.0))])), FOO);
    // An anonymous object differs only in the header.
    assert_encodes(
        &obj(vec![("x", d(1.0))]),
        "03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
}

#[test]
fn s6_6_typed_object_into_structs_and_maps() {
    assert_eq!(decode::<Foo>(FOO), Foo { x: 1.0 });
    #[derive(Deserialize, Debug, PartialEq)]
    struct IntFoo {
        x: i32,
    }
    assert_eq!(decode::<IntFoo>(FOO), IntFoo { x: 1 });
    assert_eq!(
        decode::<HashMap<String, f64>>(FOO),
        HashMap::from([("x".to_owned(), 1.0)])
    );
    assert_eq!(decode::<serde_json::Value>(FOO), json!({"x": 1.0}));
    // A struct is written as an anonymous object (no alias).
    assert_encodes(
        &Foo { x: 1.0 },
        "03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
}

#[test]
fn typed_object_fixture() {
    let bytes = fixture("objects", "amf0-typed-object.bin");
    let v: Value = decode_bytes(&bytes);
    assert_eq!(v.class(), Some("org.amf.ASClass"));
    assert_eq!(
        v,
        typed(
            "org.amf.ASClass",
            vec![("baz", Value::Null), ("foo", s("bar"))]
        )
    );
    #[derive(Deserialize, Debug, PartialEq)]
    struct AsClass {
        foo: String,
        baz: Option<String>,
    }
    assert_eq!(
        decode_bytes::<AsClass>(&bytes),
        AsClass {
            foo: "bar".into(),
            baz: None
        }
    );
}

// --------------------------------------------- §6.7 AMF3 value inside AMF0

const ARRAY_COLLECTION: &str = "11 0a 07 43 \
    66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e \
    41 72 72 61 79 43 6f 6c 6c 65 63 74 69 6f 6e \
    09 03 01 06 09 65 67 67 73";

#[test]
fn s6_7_array_collection_into_vec_transparently() {
    assert_eq!(decode::<Vec<String>>(ARRAY_COLLECTION), ["eggs"]);
    assert_eq!(
        decode::<serde_json::Value>(ARRAY_COLLECTION),
        json!(["eggs"])
    );
    let _: IgnoredAny = decode(ARRAY_COLLECTION);
}

#[test]
fn s6_7_array_collection_into_value_amf3() {
    let v = value_roundtrip(ARRAY_COLLECTION);
    // Externalizable objects exist only in AMF3: no wrapper.
    let inner = &v;
    let expected = Value::from(External {
        dynamic: false,
        class: "flex.messaging.io.ArrayCollection".into(),
        body: vec![DataItem::Value(Value::from(vec![s("eggs")]))],
    });
    assert_eq!(*inner, expected);
    assert_eq!(v.class(), Some("flex.messaging.io.ArrayCollection"));
    assert_eq!(v.as_external().unwrap().value().unwrap()[0], s("eggs"));
    // Built by hand, bare or wrapped, it writes the same bytes.
    assert_encodes(&expected, ARRAY_COLLECTION);
    assert_encodes(&Value::Amf3(Box::new(expected)), ARRAY_COLLECTION);
}

// --------------------------------------------------------------- Wikipedia

const PERSON: &str = "03 00 04 6e 61 6d 65 02 00 04 4d 69 6b 65 \
                      00 03 61 67 65 00 40 3e 00 00 00 00 00 00 \
                      00 05 61 6c 69 61 73 02 00 04 4d 69 6b 65 00 00 09";

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Person {
    name: String,
    age: f64,
    alias: String,
}

#[test]
fn wikipedia_person() {
    let p = Person {
        name: "Mike".into(),
        age: 30.0,
        alias: "Mike".into(),
    };
    both_ways(&p, PERSON);
    let v = value_roundtrip(PERSON);
    assert_eq!(
        v,
        obj(vec![
            ("name", s("Mike")),
            ("age", d(30.0)),
            ("alias", s("Mike"))
        ])
    );
    assert_eq!(
        decode::<serde_json::Value>(PERSON),
        json!({"name": "Mike", "age": 30.0, "alias": "Mike"})
    );
}

const RTMP_HEADER: &str = "03 00 00 00 00 01 05 14 00 00 00 00";

/// The RTMP `_result` message from the Wikipedia article, header included.
const RESULT_MESSAGE: &str = "03 00 00 00 00 01 05 14 00 00 00 00 02 00 07 5F 72 65 73 75 6C 74 00 3F F0 00 00 00 00 00 00 03 00 06 66 6D 73 56 65 72 02 00 0E 46 4D 53 2F 33 2C 35 2C 35 2C 32 30 30 34 00 0C 63 61 70 61 62 69 6C 69 74 69 65 73 00 40 3F 00 00 00 00 00 00 00 04 6D 6F 64 65 00 3F F0 00 00 00 00 00 00 00 00 09 03 00 05 6C 65 76 65 6C 02 00 06 73 74 61 74 75 73 00 04 63 6F 64 65 02 00 1D 4E 65 74 43 6F 6E 6E 65 63 74 69 6F 6E 2E 43 6F 6E 6E 65 63 74 2E 53 75 63 63 65 73 73 00 0B 64 65 73 63 72 69 70 74 69 6F 6E 02 00 15 43 6F 6E 6E 65 63 74 69 6F 6E 20 73 75 63 63 65 65 64 65 64 2E 00 04 64 61 74 61 08 00 00 00 01 00 07 76 65 72 73 69 6F 6E 02 00 0A 33 2C 35 2C 35 2C 32 30 30 34 00 00 09 00 08 63 6C 69 65 6E 74 49 64 00 41 D7 9B 78 7C C0 00 00 00 0E 6F 62 6A 65 63 74 45 6E 63 6F 64 69 6E 67 00 40 08 00 00 00 00 00 00 00 00 09";

/// The AMF0 part of the `_result` message: four values.
fn result_command() -> Vec<u8> {
    let all = hex(RESULT_MESSAGE);
    let header = hex(RTMP_HEADER);
    assert_eq!(all[..12], header[..]);
    all[12..].to_vec()
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Connect {
    #[serde(rename = "fmsVer")]
    fms_ver: String,
    capabilities: f64,
    mode: f64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Status<D> {
    level: String,
    code: String,
    description: String,
    data: D,
    #[serde(rename = "clientId")]
    client_id: f64,
    #[serde(rename = "objectEncoding")]
    object_encoding: f64,
}

fn connect() -> Connect {
    Connect {
        fms_ver: "FMS/3,5,5,2004".into(),
        capabilities: 31.0,
        mode: 1.0,
    }
}

fn status<D>(data: D) -> Status<D> {
    Status {
        level: "status".into(),
        code: "NetConnection.Connect.Success".into(),
        description: "Connection succeeded.".into(),
        data,
        client_id: 1_584_259_571.0,
        object_encoding: 3.0,
    }
}

fn version_ecma() -> Value {
    ecma(1, vec![("version", s("3,5,5,2004"))])
}

#[test]
fn wikipedia_result_command_as_value_stream() {
    let bytes = result_command();
    let values: Vec<Value> = amf0::Deserializer::from_slice(&bytes)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(values.len(), 4);
    assert_eq!(values[0], s("_result"));
    assert_eq!(values[1], d(1.0));
    assert_eq!(
        values[2],
        obj(vec![
            ("fmsVer", s("FMS/3,5,5,2004")),
            ("capabilities", d(31.0)),
            ("mode", d(1.0)),
        ])
    );
    assert_eq!(
        values[3],
        obj(vec![
            ("level", s("status")),
            ("code", s("NetConnection.Connect.Success")),
            ("description", s("Connection succeeded.")),
            ("data", version_ecma()),
            ("clientId", d(1_584_259_571.0)),
            ("objectEncoding", d(3.0)),
        ])
    );
    assert_eq!(values[3]["data"]["version"].as_str(), Some("3,5,5,2004"));

    // The same through a reader, and with offsets between values.
    let from_reader: Vec<Value> = amf0::Deserializer::from_reader(bytes.as_slice())
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(from_reader, values);
    let mut it = amf0::Deserializer::from_slice(&bytes).into_iter::<IgnoredAny>();
    let mut offsets = Vec::new();
    while let Some(r) = it.next() {
        r.unwrap();
        offsets.push(it.byte_offset());
    }
    assert_eq!(offsets, [10, 19, 86, bytes.len()]);

    // Written back value by value: the same bytes.
    let mut ser = amf0::Serializer::new(Vec::new());
    for v in &values {
        ser.serialize_value(v).unwrap();
    }
    assert_eq!(to_hex(&ser.into_inner()), to_hex(&bytes));
}

#[test]
fn wikipedia_result_command_typed() {
    let bytes = result_command();
    let mut de = amf0::Deserializer::from_slice(&bytes);
    let name = String::deserialize(&mut de).unwrap();
    let id = f64::deserialize(&mut de).unwrap();
    let props = Connect::deserialize(&mut de).unwrap();
    let info = Status::<HashMap<String, String>>::deserialize(&mut de).unwrap();
    de.end().unwrap();
    assert_eq!(name, "_result");
    assert_eq!(id, 1.0);
    assert_eq!(props, connect());
    assert_eq!(
        info,
        status(HashMap::from([(
            "version".to_owned(),
            "3,5,5,2004".to_owned()
        )]))
    );
    assert_eq!(info.client_id, 1_584_259_571.0);

    // Borrowing, from a reader, and as a tuple-like stream of u32/i64.
    let mut de = amf0::Deserializer::from_reader(bytes.as_slice());
    assert_eq!(String::deserialize(&mut de).unwrap(), "_result");
    assert_eq!(u32::deserialize(&mut de).unwrap(), 1);
    assert_eq!(Connect::deserialize(&mut de).unwrap(), connect());
    let st = Status::<BTreeMap<String, String>>::deserialize(&mut de).unwrap();
    assert_eq!(st.data["version"], "3,5,5,2004");
    de.end().unwrap();

    // Re-encoded value by value with `amf0::Serializer`: identical bytes.
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value("_result").unwrap();
    ser.serialize_value(&1.0).unwrap();
    ser.serialize_value(&connect()).unwrap();
    ser.serialize_value(&status(version_ecma())).unwrap();
    assert_eq!(to_hex(&ser.into_inner()), to_hex(&bytes));

    // An integer transaction id writes the same double.
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value("_result").unwrap();
    ser.serialize_value(&1u8).unwrap();
    ser.serialize_value(&connect()).unwrap();
    ser.serialize_value(&status(version_ecma())).unwrap();
    assert_eq!(to_hex(&ser.into_inner()), to_hex(&bytes));
}

#[test]
fn wikipedia_result_command_data_field_as_value() {
    // The `data` field kept as a `Value`: an ECMA array with its count.
    let bytes = result_command();
    let mut de = amf0::Deserializer::from_slice(&bytes);
    let _: IgnoredAny = IgnoredAny::deserialize(&mut de).unwrap();
    let _: IgnoredAny = IgnoredAny::deserialize(&mut de).unwrap();
    let _: IgnoredAny = IgnoredAny::deserialize(&mut de).unwrap();
    let st = Status::<Value>::deserialize(&mut de).unwrap();
    de.end().unwrap();
    let Value::EcmaArray(e) = &st.data else {
        panic!("data is not an ECMA array: {}", st.data);
    };
    assert_eq!(
        **e,
        EcmaArray {
            length: 1,
            entries: vec![("version".into(), s("3,5,5,2004"))].into()
        }
    );
}

// ------------------------------------------------ rustdoc mapping table rows

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct P {
    x: i32,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Unit;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Meters(f64);

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum E {
    A,
    B(bool),
    C(i32, String),
    D { x: i32 },
}

const THIRTY: &str = "00 40 3e 00 00 00 00 00 00";

#[test]
fn mapping_table_bool_and_numbers() {
    both_ways(&true, "01 01");
    both_ways(&false, "01 00");
    both_ways(&30i8, THIRTY);
    both_ways(&30i16, THIRTY);
    both_ways(&30i32, THIRTY);
    both_ways(&30i64, THIRTY);
    both_ways(&30i128, THIRTY);
    both_ways(&30u8, THIRTY);
    both_ways(&30u16, THIRTY);
    both_ways(&30u32, THIRTY);
    both_ways(&30u64, THIRTY);
    both_ways(&30u128, THIRTY);
    both_ways(&30f32, THIRTY);
    both_ways(&30f64, THIRTY);
    both_ways(&-1i32, "00 bf f0 00 00 00 00 00 00");
    both_ways(&0.5f64, "00 3f e0 00 00 00 00 00 00");
    // Any non-zero byte is true.
    assert!(decode::<bool>("01 02"));
    assert!(decode::<bool>("01 ff"));
    assert_eq!(decode::<Value>("01 7f"), Value::Bool(true));
}

#[test]
fn mapping_table_strings_and_chars() {
    both_ways(&"a".to_owned(), "02 00 01 61");
    assert_encodes("a", "02 00 01 61");
    both_ways(&'a', "02 00 01 61");
    both_ways(&'é', "02 00 02 c3 a9");
    both_ways(&String::new(), "02 00 00");
}

#[test]
fn mapping_table_bytes_default_amf3_byte_array() {
    both_ways(&ByteBuf::from(vec![1, 2]), "11 0c 05 01 02");
    assert_encodes(&serde_bytes::Bytes::new(&[1, 2]), "11 0c 05 01 02");
    both_ways(&ByteBuf::new(), "11 0c 01");
    // Borrowed from the slice.
    let bytes = hex("11 0c 05 01 02");
    let b: &serde_bytes::Bytes = amf0::from_slice(&bytes).unwrap();
    assert_eq!(b.as_ref(), [1, 2]);
    // In Value: a ByteArray behind the switch.
    let v = value_roundtrip("11 0c 05 01 02");
    assert_eq!(v.as_bytes(), Some(&[1u8, 2][..]));
    // A kind only AMF3 has needs no `Value::Amf3` wrapper.
    assert!(matches!(v, Value::ByteArray(_)));
    // A bare Value::ByteArray is written behind the switch as well.
    assert_encodes(
        &Value::from(amf_serde::types::ByteArray(vec![1, 2])),
        "11 0c 05 01 02",
    );
}

#[test]
fn mapping_table_bytes_number_array_mode() {
    let opts = Options::new().with_amf0_bytes(Amf0Bytes::NumberArray);
    let bytes = opts.amf0_to_vec(&serde_bytes::Bytes::new(&[1, 2])).unwrap();
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex(
            "0a 00 00 00 02 00 3f f0 00 00 00 00 00 00 00 40 00 00 00 00 00 00 00"
        ))
    );
    assert_eq!(
        opts.amf0_from_slice::<ByteBuf>(&bytes).unwrap(),
        ByteBuf::from(vec![1, 2])
    );
    assert_eq!(amf0::from_slice::<Vec<u8>>(&bytes).unwrap(), [1, 2]);
    let empty = opts.amf0_to_vec(&ByteBuf::new()).unwrap();
    assert_eq!(empty, hex("0a 00 00 00 00"));
    // The number array is a complex value: it takes reference index 1 here.
    #[derive(Serialize)]
    struct Blob {
        #[serde(with = "serde_bytes")]
        b: Vec<u8>,
    }
    let bytes = opts.amf0_to_vec(&vec![Blob { b: vec![255] }]).unwrap();
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex(
            "0a 00 00 00 01 03 00 01 62 0a 00 00 00 01 00 40 6f e0 00 00 00 00 00 00 00 09"
        ))
    );
    // Serializer::with_options writes the same.
    let mut ser = amf0::Serializer::with_options(Vec::new(), &opts);
    ser.serialize_value(&serde_bytes::Bytes::new(&[1, 2]))
        .unwrap();
    assert_eq!(
        ser.into_inner(),
        hex("0a 00 00 00 02 00 3f f0 00 00 00 00 00 00 00 40 00 00 00 00 00 00 00")
    );
}

#[test]
fn mapping_table_null_option_unit() {
    both_ways(&None::<i32>, "05");
    both_ways(&(), "05");
    both_ways(&Unit, "05");
    both_ways(&Some(1), "00 3f f0 00 00 00 00 00 00");
    both_ways(&Some("x".to_owned()), "02 00 01 78");
    both_ways(&Meters(1.0), "00 3f f0 00 00 00 00 00 00");
    assert_eq!(decode::<Option<i32>>("06"), None);
    assert_eq!(decode::<()>("06"), ());
    assert_eq!(decode::<Value>("05"), Value::Null);
    assert_eq!(decode::<Value>("06"), Value::Undefined);
    value_roundtrip("05");
    value_roundtrip("06");
}

#[test]
fn mapping_table_sequences_and_tuples() {
    both_ways(&vec![true], "0a 00 00 00 01 01 01");
    both_ways(&(true,), "0a 00 00 00 01 01 01");
    both_ways(&[true; 1], "0a 00 00 00 01 01 01");
    both_ways(&Vec::<i32>::new(), "0a 00 00 00 00");
    both_ways(
        &(1u8, "a".to_owned()),
        "0a 00 00 00 02 00 3f f0 00 00 00 00 00 00 02 00 01 61",
    );
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Pair(bool, bool);
    both_ways(&Pair(true, false), "0a 00 00 00 02 01 01 01 00");
    // A sequence of unknown length gets its count patched.
    struct Unknown;
    impl Serialize for Unknown {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = s.serialize_seq(None)?;
            seq.serialize_element(&true)?;
            seq.serialize_element(&false)?;
            seq.end()
        }
    }
    assert_encodes(&Unknown, "0a 00 00 00 02 01 01 01 00");
    // A strict array with `undefined` holes reads into options.
    assert_eq!(
        decode::<Vec<Option<bool>>>("0a 00 00 00 03 01 01 06 05"),
        [Some(true), None, None]
    );
}

#[test]
fn mapping_table_struct_and_maps() {
    both_ways(
        &P { x: 1 },
        "03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
    both_ways(
        &BTreeMap::from([("a".to_owned(), true)]),
        "03 00 01 61 01 01 00 00 09",
    );
    both_ways(&BTreeMap::<String, bool>::new(), "03 00 00 09");
    assert_encodes(&HashMap::from([("a", true)]), "03 00 01 61 01 01 00 00 09");
    assert_encodes(
        &BTreeMap::from([(0u32, true)]),
        "08 00 00 00 01 00 01 30 01 01 00 00 09",
    );
    // (Decoding it back into an integer-keyed map: see
    // `integer_keyed_maps_decode_back`.)
    assert_eq!(
        decode::<BTreeMap<String, bool>>("08 00 00 00 01 00 01 30 01 01 00 00 09"),
        BTreeMap::from([("0".to_owned(), true)])
    );
}

#[test]
fn mapping_table_enums() {
    both_ways(&E::A, "02 00 01 41");
    both_ways(&E::B(true), "03 00 01 42 01 01 00 00 09");
    both_ways(
        &E::C(1, "x".into()),
        "03 00 01 43 0a 00 00 00 02 00 3f f0 00 00 00 00 00 00 02 00 01 78 00 00 09",
    );
    both_ways(
        &E::D { x: 1 },
        "03 00 01 44 03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09 00 00 09",
    );
    both_ways(
        &vec![E::A, E::B(false)],
        "0a 00 00 00 02 02 00 01 41 03 00 01 42 01 00 00 00 09",
    );
    // A long-string variant name and a typed-object wrapper are accepted.
    assert_eq!(decode::<E>("0c 00 00 00 01 41"), E::A);
    assert_eq!(
        decode::<E>("10 00 01 5a 00 01 42 01 01 00 00 09"),
        E::B(true)
    );
    // Two members are not an enum.
    let e = decode_err::<E>(
        &hex("03 00 01 42 01 01 00 01 41 05 00 00 09"),
        "an enum must be encoded as a string or as an object with exactly one member at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Data);
    let e = amf0::from_slice::<E>(&hex("02 00 01 5a")).unwrap_err();
    assert!(e.to_string().contains("unknown variant `Z`"), "{e}");
}

#[test]
fn enum_values_in_value_form() {
    // What the enums decode to without a schema.
    assert_eq!(decode::<Value>("02 00 01 41"), s("A"));
    assert_eq!(
        value_roundtrip("03 00 01 42 01 01 00 00 09"),
        obj(vec![("B", Value::Bool(true))])
    );
}

// ------------------------------------------------------------ AMF3 switch

#[test]
fn amf3_string_table_is_shared_across_switches_in_one_value() {
    // "foo" written by the first switch, referenced (`06 00`) by the second.
    let input = "0a 00 00 00 02 11 06 07 66 6f 6f 11 06 00";
    assert_eq!(decode::<Vec<String>>(input), ["foo", "foo"]);
    assert_eq!(decode::<serde_json::Value>(input), json!(["foo", "foo"]));
    let _: IgnoredAny = decode(input);
    let v = marked_roundtrip(input);
    assert_eq!(v, Value::from(vec![s("foo"), s("foo")]));
    assert!(matches!(&v[0], Value::String(_)));
    // Inside an object, across members.
    let input = "03 00 01 61 11 06 07 66 6f 6f 00 01 62 11 06 00 00 00 09";
    assert_eq!(
        decode::<HashMap<String, String>>(input),
        HashMap::from([("a".into(), "foo".into()), ("b".into(), "foo".into())])
    );
    marked_roundtrip(input);
}

#[test]
fn amf3_object_table_is_shared_across_switches_in_one_value() {
    let input = "0a 00 00 00 02 11 09 03 01 04 01 11 09 00";
    assert_eq!(decode::<Vec<Vec<i32>>>(input), [[1], [1]]);
    let v = flash_roundtrip(input);
    assert!(v[0].ptr_eq(&v[1]), "{v}");
    // Traits too: the second anonymous object refers to the first traits.
    let input = "0a 00 00 00 02 11 0a 0b 01 03 61 04 01 01 11 0a 01 00 04 02 01";
    assert_eq!(
        decode::<Vec<HashMap<String, i32>>>(input),
        [
            HashMap::from([("a".to_owned(), 1)]),
            HashMap::from([("a".to_owned(), 2)])
        ]
    );
    flash_roundtrip(input);
}

#[test]
fn amf3_tables_reset_between_top_level_values() {
    let bytes = hex("11 06 07 66 6f 6f 11 06 00");
    let mut de = amf0::Deserializer::from_slice(&bytes);
    assert_eq!(String::deserialize(&mut de).unwrap(), "foo");
    let e = String::deserialize(&mut de).unwrap_err();
    assert_eq!(
        e.to_string(),
        "string reference 0 out of range (0 entries) at byte offset 8"
    );
    assert!(e.is_syntax());

    let mut it = amf0::Deserializer::from_slice(&bytes).into_iter::<Value>();
    assert_eq!(it.next().unwrap().unwrap(), Value::Amf3(Box::new(s("foo"))));
    let e = it.next().unwrap().unwrap_err();
    assert_eq!(
        e.to_string(),
        "string reference 0 out of range (0 entries) at byte offset 8"
    );
    assert!(it.next().is_none(), "the iterator stops after an error");

    let mut de = amf0::Deserializer::from_reader(bytes.as_slice());
    let _: IgnoredAny = IgnoredAny::deserialize(&mut de).unwrap();
    let e = IgnoredAny::deserialize(&mut de).unwrap_err();
    assert_eq!(
        e.to_string(),
        "string reference 0 out of range (0 entries) at byte offset 8"
    );

    // AMF3 object references do not cross top-level values either.
    let bytes = hex("11 09 03 01 04 01 11 09 00");
    let mut de = amf0::Deserializer::from_slice(&bytes);
    let _: Value = Value::deserialize(&mut de).unwrap();
    let e = Value::deserialize(&mut de).unwrap_err();
    assert_eq!(
        e.to_string(),
        "object reference 0 out of range (0 entries) at byte offset 7"
    );

    // AMF0 references neither.
    let bytes = hex("03 00 00 09 07 00 00");
    let mut de = amf0::Deserializer::from_slice(&bytes);
    let _: Value = Value::deserialize(&mut de).unwrap();
    let e = Value::deserialize(&mut de).unwrap_err();
    assert_eq!(
        e.to_string(),
        "object reference 0 out of range (0 entries) at byte offset 4"
    );
}

#[test]
fn serializer_resets_tables_between_top_level_values() {
    // Two top-level values with the same AMF3 string: written inline twice.
    let v = Value::Amf3(Box::new(s("foo")));
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value(&v).unwrap();
    ser.serialize_value(&v).unwrap();
    assert_eq!(
        to_hex(&ser.into_inner()),
        to_hex(&hex("11 06 07 66 6f 6f 11 06 07 66 6f 6f"))
    );
    // One shared object in two top-level values: inline twice, no 07.
    let o = obj(vec![]);
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value(&o).unwrap();
    ser.serialize_value(&o).unwrap();
    assert_eq!(ser.into_inner(), hex("03 00 00 09 03 00 00 09"));
    // Inside one value the AMF3 string table is shared.
    assert_encodes(
        &Value::from(vec![v.clone(), v]),
        "0a 00 00 00 02 11 06 07 66 6f 6f 11 06 00",
    );
}

// ------------------------------------------------------------------ numbers

#[test]
fn integers_a_double_cannot_hold_are_encode_errors() {
    for e in [
        encode_err(&((1i64 << 53) + 1)),
        encode_err(&i64::MAX),
        encode_err(&u64::MAX),
        encode_err(&((1u64 << 53) + 1)),
        encode_err(&(i128::MAX)),
        encode_err(&(u128::MAX)),
        encode_err(&vec![(1i64 << 53) + 1]),
    ] {
        assert_eq!(e.classify(), Category::Data, "{e}");
        assert!(e.to_string().contains("without losing precision"), "{e}");
        assert_eq!(e.offset(), None);
    }
    let e = encode_err(&((1i64 << 53) + 1));
    assert!(
        e.to_string().starts_with("integer 9007199254740993 "),
        "{e}"
    );
    // Exactly representable ones are fine, however large.
    both_ways(&(1i64 << 53), "00 43 40 00 00 00 00 00 00");
    both_ways(&-(1i64 << 53), "00 c3 40 00 00 00 00 00 00");
    both_ways(&i64::MIN, "00 c3 e0 00 00 00 00 00 00");
    both_ways(&(1u64 << 63), "00 43 e0 00 00 00 00 00 00");
    assert_encodes(&(1i128 << 100), "00 46 30 00 00 00 00 00 00");
}

#[test]
fn integer_precision_error_names_amf0() {
    let e = encode_err(&((1i64 << 53) + 1));
    assert!(!e.to_string().contains("AMF3"), "{e}");
}

#[test]
fn integral_doubles_decode_into_integers() {
    assert_eq!(decode::<i32>(THIRTY), 30);
    assert_eq!(decode::<u8>(THIRTY), 30);
    assert_eq!(decode::<i64>("00 c3 40 00 00 00 00 00 00"), -(1i64 << 53));
    assert_eq!(decode::<u64>("00 43 e0 00 00 00 00 00 00"), 1u64 << 63);
    assert_eq!(decode::<i32>("00 80 00 00 00 00 00 00 00"), 0); // -0.0
    assert_eq!(decode::<f32>("00 3f e0 00 00 00 00 00 00"), 0.5);
    // Through the switch: AMF3 integers and doubles.
    assert_eq!(decode::<i32>("11 04 7f"), 127);
    assert_eq!(decode::<f64>("11 04 7f"), 127.0);
}

#[test]
fn non_integral_and_out_of_range_doubles_are_errors() {
    let e = decode_err::<i32>(
        &hex("00 3f f8 00 00 00 00 00 00"),
        "number 1.5 is not a valid i32 at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Data);
    decode_err::<u64>(
        &hex("00 bf f0 00 00 00 00 00 00"),
        "number -1.0 is not a valid u64 at byte offset 0",
    );
    decode_err::<i64>(
        &hex("00 7f f8 00 00 00 00 00 00"),
        "number NaN is not a valid i64 at byte offset 0",
    );
    // In a struct field, the offset is the field value's.
    decode_err::<P>(
        &hex("03 00 01 78 00 3f f8 00 00 00 00 00 00 00 00 09"),
        "number 1.5 is not a valid i32 at byte offset 4",
    );
    // Integral but too large for the type.
    let e = amf0::from_slice::<u8>(&hex("00 40 70 00 00 00 00 00 00")).unwrap_err();
    assert!(e.to_string().contains("256"), "{e}");
    assert_eq!(e.offset(), Some(0));
}

#[test]
fn nan_and_infinities_are_plain_doubles() {
    both_ways(&f64::INFINITY, "00 7f f0 00 00 00 00 00 00");
    both_ways(&f64::NEG_INFINITY, "00 ff f0 00 00 00 00 00 00");
    let nan = f64::from_bits(0x7ff8_0000_0000_0001);
    let bytes = encode(&nan);
    assert_eq!(bytes, hex("00 7f f8 00 00 00 00 00 01"));
    let a: f64 = amf0::from_slice(&bytes).unwrap();
    let b: f64 = amf0::from_reader(bytes.as_slice()).unwrap();
    assert_eq!(a.to_bits(), nan.to_bits());
    assert_eq!(b.to_bits(), nan.to_bits());
    value_roundtrip("00 7f f8 00 00 00 00 00 01");
    value_roundtrip("00 80 00 00 00 00 00 00 00");
}

// ------------------------------------------------- maps with integer keys

#[test]
fn maps_with_integer_keys_are_ecma_arrays() {
    assert_encodes(
        &BTreeMap::from([(1u32, "a".to_owned()), (10, "b".to_owned())]),
        "08 00 00 00 02 00 01 31 02 00 01 61 00 02 31 30 02 00 01 62 00 00 09",
    );
    assert_encodes(
        &BTreeMap::from([(-1i32, true)]),
        "08 00 00 00 01 00 02 2d 31 01 01 00 00 09",
    );
    assert_encodes(
        &BTreeMap::from([(0u64, 0.5f64)]),
        "08 00 00 00 01 00 01 30 00 3f e0 00 00 00 00 00 00 00 00 09",
    );
    assert_encodes(
        &BTreeMap::from([(7u8, ())]),
        "08 00 00 00 01 00 01 37 05 00 00 09",
    );
    // Decoded into Value: an ECMA array with the count as written.
    let v = value_roundtrip("08 00 00 00 02 00 01 31 02 00 01 61 00 02 31 30 02 00 01 62 00 00 09");
    assert_eq!(v, ecma(2, vec![("1", s("a")), ("10", s("b"))]));
    assert_eq!(
        decode::<HashMap<String, String>>(
            "08 00 00 00 02 00 01 31 02 00 01 61 00 02 31 30 02 00 01 62 00 00 09"
        ),
        HashMap::from([("1".into(), "a".into()), ("10".into(), "b".into())])
    );
}

#[test]
fn integer_keyed_maps_decode_back() {
    both_ways(
        &BTreeMap::from([(0u32, true)]),
        "08 00 00 00 01 00 01 30 01 01 00 00 09",
    );
    both_ways(
        &BTreeMap::from([(1u32, "a".to_owned()), (10, "b".to_owned())]),
        "08 00 00 00 02 00 01 31 02 00 01 61 00 02 31 30 02 00 01 62 00 00 09",
    );
    both_ways(
        &BTreeMap::from([(-1i32, true)]),
        "08 00 00 00 01 00 02 2d 31 01 01 00 00 09",
    );
    let m: BTreeMap<u32, String> = decode(ORDINAL);
    assert_eq!(m[&2], "c");
    // Integer keys from an anonymous object too (AMF3 decodes these).
    assert_eq!(
        decode::<BTreeMap<u16, bool>>("03 00 01 37 01 01 00 00 09"),
        BTreeMap::from([(7, true)])
    );
}

#[test]
fn map_keys_must_be_strings_or_integers() {
    let e = encode_err(&BTreeMap::from([(true, 1)]));
    assert_eq!(e.to_string(), "key must be a string, found a boolean");
    let e = encode_err(&BTreeMap::from([((1, 2), 1)]));
    assert_eq!(e.to_string(), "key must be a string, found a tuple");
}

#[test]
fn empty_string_key_in_ecma_array() {
    let bytes = fixture("objects", "amf0-empty-string-key-hash.bin");
    let m: HashMap<String, String> = decode_bytes(&bytes);
    assert_eq!(
        m,
        HashMap::from([
            ("c".to_owned(), "d".to_owned()),
            ("a".to_owned(), "b".to_owned()),
            (String::new(), "last".to_owned()),
        ])
    );
    let v: Value = decode_bytes(&bytes);
    assert_eq!(
        v,
        ecma(0, vec![("c", s("d")), ("a", s("b")), ("", s("last"))])
    );
    assert_eq!(encode(&v), bytes);
    // An empty key in an anonymous object too; Value writes it back.
    let input = "03 00 00 02 00 01 78 00 00 09";
    let m: HashMap<String, String> = decode(input);
    assert_eq!(m[""], "x");
    value_roundtrip(input);
    assert_encodes(&BTreeMap::from([(String::new(), 'x')]), input);
}

// ---------------------------------------------- undefined and unsupported

#[test]
fn undefined_into_option_is_none() {
    assert_eq!(decode::<Option<i32>>("06"), None);
    assert_eq!(decode::<Option<String>>("06"), None);
    assert_eq!(
        decode::<Vec<Option<f64>>>("0a 00 00 00 02 06 00 3f f0 00 00 00 00 00 00"),
        [None, Some(1.0)]
    );
    #[derive(Deserialize, Debug, PartialEq)]
    struct Opt {
        a: Option<i32>,
    }
    assert_eq!(decode::<Opt>("03 00 01 61 06 00 00 09"), Opt { a: None });
    assert_eq!(
        decode::<Option<Value>>("06"),
        None,
        "undefined is None for Option<Value>"
    );
}

#[test]
fn unsupported_into_option_is_none() {
    assert_eq!(decode::<Option<i32>>("0d"), None);
    assert_eq!(decode::<Option<String>>("0d"), None);
    #[derive(Deserialize, Debug, PartialEq)]
    struct Opt {
        a: Option<i32>,
    }
    assert_eq!(decode::<Opt>("03 00 01 61 0d 00 00 09"), Opt { a: None });
}

#[test]
fn unsupported_as_unit_and_value() {
    assert_eq!(decode::<()>("0d"), ());
    assert_eq!(decode::<serde_json::Value>("0d"), serde_json::Value::Null);
    let v = value_roundtrip("0d");
    assert_eq!(v, Value::Unsupported);
    value_roundtrip("0a 00 00 00 03 05 06 0d");
    assert_encodes(&Value::Unsupported, "0d");
    assert_encodes(&Value::Undefined, "06");
    assert_encodes(&amf_serde::types::Undefined, "06");
    assert_eq!(
        decode::<amf_serde::types::Undefined>("06"),
        amf_serde::types::Undefined
    );
}

// ------------------------------------------------------ other AMF0 values

#[test]
fn xml_document() {
    let bytes = fixture("objects", "amf0-xml-doc.bin");
    let text = "<parent><child prop=\"test\" /></parent>";
    assert_eq!(decode_bytes::<String>(&bytes), text);
    assert_eq!(
        decode_bytes::<XmlDocument>(&bytes),
        XmlDocument(text.to_owned())
    );
    let v: Value = decode_bytes(&bytes);
    assert_eq!(v, Value::from(XmlDocument(text.to_owned())));
    assert_eq!(v.as_str(), Some(text));
    assert_eq!(encode(&v), bytes);
    assert_eq!(encode(&XmlDocument(text.to_owned())), bytes);
}

/// The `bar` member of the object fixtures: the double nearest 3.14.
const BAR: f64 = f64::from_bits(0x4009_1eb8_51eb_851f);

#[test]
fn all_amf0_fixtures_decode_into_serde_json() {
    for (name, expected) in [
        ("amf0-boolean.bin", json!(true)),
        ("amf0-null.bin", json!(null)),
        ("amf0-undefined.bin", json!(null)),
        ("amf0-number.bin", json!(3.5)),
        ("amf0-string.bin", json!("this is a テスト")),
        (
            "amf0-complex-encoded-string.bin",
            json!({"shift": "Shift テスト", "utf": "UTF テスト", "zed": 5.0}),
        ),
        ("amf0-strict-array.bin", json!(["a", "b", "c", "d"])),
        ("amf0-object.bin", json!({"bar": BAR, "foo": "baz"})),
        (
            "amf0-untyped-object.bin",
            json!({"baz": null, "foo": "bar"}),
        ),
        (
            "amf0-ref-test.bin",
            json!({"0": {"bar": BAR, "foo": "baz"}, "1": {"bar": BAR, "foo": "baz"}}),
        ),
    ] {
        let bytes = fixture("objects", name);
        let got: serde_json::Value = decode_bytes(&bytes);
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn ref_test_fixture_shares_the_object() {
    let bytes = fixture("objects", "amf0-ref-test.bin");
    let v: Value = decode_bytes(&bytes);
    assert!(v["0"].ptr_eq(&v["1"]));
    assert_eq!(encode(&v), bytes);
}

// ------------------------------------- references replayed into typed values

#[test]
fn references_are_replayed_into_typed_values() {
    // The referenced object holds an AMF3 string; a later switch refers to
    // that string. Replaying the object must neither grow nor break the
    // shared AMF3 string table.
    let input = "0a 00 00 00 03 03 00 01 61 11 06 07 66 6f 6f 00 00 09 07 00 01 11 06 00";
    type T = (HashMap<String, String>, HashMap<String, String>, String);
    let (a, b, c): T = decode(input);
    assert_eq!(a, b);
    assert_eq!(a["a"], "foo");
    assert_eq!(c, "foo");
    let v = marked_roundtrip(input);
    assert!(v[0].ptr_eq(&v[1]));
    // An ECMA array read as a sequence, then referenced as a sequence.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Two {
        a: Vec<String>,
        b: Vec<String>,
    }
    let input = "03 00 01 61 08 00 00 00 01 00 01 30 02 00 01 78 00 00 09 \
                 00 01 62 07 00 01 00 00 09";
    assert_eq!(
        decode::<Two>(input),
        Two {
            a: vec!["x".into()],
            b: vec!["x".into()]
        }
    );
    // An object read as a struct, then referenced as a `Value`.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Mixed {
        a: HashMap<String, f64>,
        b: Value,
    }
    let m: Mixed = decode(
        "03 00 01 61 03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09 \
                           00 01 62 07 00 01 00 00 09",
    );
    assert_eq!(m.b, obj(vec![("x", d(1.0))]));
}

#[test]
fn ecma_array_read_as_sequence_then_referenced_as_value() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct S {
        a: Vec<String>,
        b: Value,
    }
    let input = "03 00 01 61 08 00 00 00 01 00 01 30 02 00 01 78 00 00 09 \
                 00 01 62 07 00 01 00 00 09";
    let got: S = decode(input);
    assert_eq!(got.a, ["x"]);
    assert_eq!(got.b, ecma(1, vec![("0", s("x"))]));
    // Writing it must not fail with "points at a value that no longer exists".
    assert_eq!(
        to_hex(&encode(&got.b)),
        "08 00 00 00 01 00 01 30 02 00 01 78 00 00 09"
    );
}

#[test]
fn typed_shape_errors() {
    decode_err::<P>(&hex("03 00 00 09"), "missing field `x` at byte offset 0");
    let e = decode_err::<(i32, i32)>(
        &hex(
            "0a 00 00 00 03 00 3f f0 00 00 00 00 00 00 00 3f f0 00 00 00 00 00 00 \
              00 3f f0 00 00 00 00 00 00",
        ),
        "invalid length 3, expected fewer elements in the array at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Data);
    decode_err::<Vec<i32>>(
        &hex("08 00 00 00 02 00 01 30 05 00 01 30 05 00 00 09"),
        "ECMA array with a repeated index at byte offset 0",
    );
    decode_err::<i32>(
        &hex("02 00 01 61"),
        "invalid type: string \"a\", expected i32 at byte offset 0",
    );
}

#[test]
fn enums_from_ecma_arrays_and_unit_variants_as_objects() {
    assert_eq!(
        decode::<E>("08 00 00 00 01 00 01 42 01 01 00 00 09"),
        E::B(true)
    );
    assert_eq!(decode::<E>("03 00 01 41 05 00 00 09"), E::A);
    // A tuple variant whose fields arrive as a Flash-style ECMA array.
    assert_eq!(
        decode::<E>(
            "03 00 01 43 08 00 00 00 02 00 01 31 02 00 01 78 \
             00 01 30 00 3f f0 00 00 00 00 00 00 00 00 09 00 00 09"
        ),
        E::C(1, "x".into())
    );
}
