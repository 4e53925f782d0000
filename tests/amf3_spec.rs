//! Byte-exact tests for every hex example in `amf3.md` §8 and `gotchas.md`
//! (§2, §3, §4, §6, §7, §8) that plain Rust/serde types can express, plus
//! the serde data model mapping (chars, options, tuples, enums, structs,
//! maps, sequences of unknown length, readers and writers).
//!
//! Each example is checked in both directions when our encoder produces that
//! shape (Rust value → exact bytes, bytes → exact Rust value), and decode-only
//! otherwise (Flash/BlazeDS shapes: associative arrays, object references,
//! vectors, dictionaries, dates, class aliases).

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Debug};
use std::marker::PhantomData;
use std::sync::mpsc;
use std::time::Duration;

use amf_serde::{Category, Error};
use amf_serde_tests::{hex, to_hex};
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_bytes::ByteBuf;
use serde_json::json;

// ------------------------------------------------------------------ helpers

/// Encodes with `amf3::to_vec`, checking that `amf3::to_writer` and the
/// crate-level `to_vec`/`to_writer` produce the same bytes.
#[track_caller]
fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let bytes = amf_serde::amf3::to_vec(value).unwrap_or_else(|e| panic!("to_vec failed: {e}"));
    let mut written = Vec::new();
    amf_serde::amf3::to_writer(&mut written, value)
        .unwrap_or_else(|e| panic!("to_writer failed: {e}"));
    assert_eq!(
        to_hex(&written),
        to_hex(&bytes),
        "amf3::to_writer differs from amf3::to_vec"
    );
    let top = amf_serde::to_vec(value).unwrap_or_else(|e| panic!("crate to_vec failed: {e}"));
    assert_eq!(to_hex(&top), to_hex(&bytes), "crate to_vec differs");
    let mut written = Vec::new();
    amf_serde::to_writer(&mut written, value).unwrap_or_else(|e| panic!("to_writer: {e}"));
    assert_eq!(to_hex(&written), to_hex(&bytes), "crate to_writer differs");
    bytes
}

/// Asserts that `value` encodes to exactly `expected`.
#[track_caller]
fn assert_encodes<T: Serialize + ?Sized>(value: &T, expected: &str) {
    assert_eq!(to_hex(&encode(value)), to_hex(&hex(expected)));
}

/// Asserts that encoding `value` fails; returns the error.
#[track_caller]
fn encode_err<T: Serialize + ?Sized>(value: &T) -> Error {
    match amf_serde::amf3::to_vec(value) {
        Ok(bytes) => panic!("expected an encode error, got {}", to_hex(&bytes)),
        Err(e) => {
            let mut w = Vec::new();
            let e2 = amf_serde::amf3::to_writer(&mut w, value)
                .expect_err("to_writer succeeded where to_vec failed");
            assert_eq!(e.to_string(), e2.to_string());
            e
        }
    }
}

/// Decodes with `from_slice` and `from_reader`, which must agree.
#[track_caller]
fn decode<T: DeserializeOwned + Debug + PartialEq>(input: &str) -> T {
    let bytes = hex(input);
    let a: T = amf_serde::amf3::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("from_slice({input}) failed: {e}"));
    let b: T = amf_serde::amf3::from_reader(bytes.as_slice())
        .unwrap_or_else(|e| panic!("from_reader({input}) failed: {e}"));
    assert_eq!(a, b, "from_reader differs from from_slice");
    let c: T = amf_serde::from_slice(&bytes).unwrap_or_else(|e| panic!("crate from_slice: {e}"));
    assert_eq!(a, c);
    a
}

/// Asserts that `input` decodes to `expected`.
#[track_caller]
fn assert_decodes<T: DeserializeOwned + Debug + PartialEq>(input: &str, expected: &T) {
    assert_eq!(&decode::<T>(input), expected, "decoding {input}");
}

/// Both directions.
#[track_caller]
fn assert_both<T: Serialize + DeserializeOwned + Debug + PartialEq>(value: &T, bytes: &str) {
    assert_encodes(value, bytes);
    assert_decodes(bytes, value);
}

/// Asserts that decoding `input` as `T` fails (from a slice and from a
/// reader, with the same category); returns the slice error.
#[track_caller]
fn decode_err<T: DeserializeOwned + Debug>(input: &str) -> Error {
    let bytes = hex(input);
    let e = match amf_serde::amf3::from_slice::<T>(&bytes) {
        Ok(v) => panic!("expected a decode error for {input}, got {v:?}"),
        Err(e) => e,
    };
    let e2 = match amf_serde::amf3::from_reader::<_, T>(bytes.as_slice()) {
        Ok(v) => panic!("from_reader: expected a decode error for {input}, got {v:?}"),
        Err(e) => e,
    };
    assert_eq!(e.classify(), e2.classify(), "{e} vs {e2}");
    e
}

/// Runs `f` on another thread and fails (instead of hanging) if it does not
/// finish within a few seconds.
#[track_caller]
fn within_timeout<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("decoder did not finish (hang on a cyclic reference?)")
}

const CYCLE_MSG: &str =
    "reference to object 0, which is still being read (a cycle), cannot be decoded into a tree-shaped type";

// ------------------------------------------------------------------ types

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct P {
    x: i32,
    y: i32,
}

/// `org.amf.ASClass` from the RocketAMF Flash test app.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
struct ASClass {
    foo: Option<String>,
    baz: Option<String>,
}

fn as_class(value: &str) -> ASClass {
    ASClass {
        foo: Some(value.to_owned()),
        baz: None,
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum E {
    A,
    B(i32),
    C(i32, String),
    D { q: bool },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Meters(i32);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Unit;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Inner {
    a: i32,
    b: Option<String>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Outer {
    name: String,
    inner: Inner,
    list: Vec<Inner>,
}

/// A sequence serialized with `serialize_seq(None)` (unknown length).
#[derive(Debug, PartialEq)]
struct NoLen<T>(Vec<T>);

impl<T: Serialize> Serialize for NoLen<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for item in &self.0 {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

/// A map serialized with `serialize_map(None)` (unknown length), in the
/// given entry order.
struct NoLenMap<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for NoLenMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The even numbers below `2 * n`, serialized through `collect_seq` from a
/// `filter` iterator, whose size hint is not exact.
struct Evens(u32);

impl Serialize for Evens {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((0..self.0 * 2).filter(|n| n % 2 == 0))
    }
}

/// All entries of a map (or dictionary) in wire order, keys of any type.
#[derive(Debug, PartialEq)]
struct Entries<K, V>(Vec<(K, V)>);

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Entries<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<K, V> {
            type Value = Entries<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// A dictionary key: a string or an `ASClass` instance.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum DictKey {
    Str(String),
    Obj(ASClass),
}

/// A list that contains lists of itself (`a = [a]`).
#[derive(Debug, PartialEq, Deserialize)]
#[allow(dead_code)]
struct Node(Vec<Node>);

/// An object that may contain itself.
#[derive(Debug, PartialEq, Deserialize)]
#[allow(dead_code)]
struct SelfObj {
    a: Option<Box<SelfObj>>,
}

// ============================================================ §8.1 integers

/// `amf3.md` §8.1, every row.
const INT_TABLE: &[(i64, &str)] = &[
    (0, "04 00"),
    (127, "04 7f"),
    (128, "04 81 00"),
    (16383, "04 ff 7f"),
    (16384, "04 81 80 00"),
    (2097151, "04 ff ff 7f"),
    (2097152, "04 80 c0 80 00"),
    (268435455, "04 bf ff ff ff"),
    (-1, "04 ff ff ff ff"),
    (-268435456, "04 c0 80 80 00"),
    (268435456, "05 41 b0 00 00 00 00 00 00"),
    (-268435457, "05 c1 b0 00 00 01 00 00 00"),
];

#[test]
fn spec_8_1_integer_table_encodes_from_every_integer_type() {
    for &(v, bytes) in INT_TABLE {
        assert_encodes(&v, bytes);
        if let Ok(n) = i32::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = i16::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = i8::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = u64::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = u32::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = u16::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = u8::try_from(v) {
            assert_encodes(&n, bytes);
        }
        assert_encodes(&i128::from(v), bytes);
    }
}

#[test]
fn spec_8_1_integer_table_decodes_into_every_integer_type() {
    for &(v, bytes) in INT_TABLE {
        assert_decodes::<i64>(bytes, &v);
        assert_decodes::<f64>(bytes, &(v as f64));
        if let Ok(n) = i32::try_from(v) {
            assert_decodes::<i32>(bytes, &n);
        } else {
            decode_err::<i16>(bytes);
        }
        if let Ok(n) = u64::try_from(v) {
            assert_decodes::<u64>(bytes, &n);
        } else {
            decode_err::<u64>(bytes);
        }
        if let Ok(n) = u32::try_from(v) {
            assert_decodes::<u32>(bytes, &n);
        } else {
            decode_err::<u32>(bytes);
        }
        match i16::try_from(v) {
            Ok(n) => assert_decodes::<i16>(bytes, &n),
            Err(_) => {
                decode_err::<i16>(bytes);
            }
        }
        match u8::try_from(v) {
            Ok(n) => assert_decodes::<u8>(bytes, &n),
            Err(_) => {
                decode_err::<u8>(bytes);
            }
        }
        assert_decodes::<i128>(bytes, &i128::from(v));
    }
}

#[test]
fn spec_8_1_integer_table_decodes_into_json_values() {
    for &(v, bytes) in INT_TABLE {
        let value: serde_json::Value = decode(bytes);
        if bytes.starts_with("04") {
            assert_eq!(value, json!(v), "{bytes}");
        } else {
            assert_eq!(value, json!(v as f64), "{bytes}");
        }
    }
}

#[test]
fn integers_beyond_29_bits_are_doubles_not_truncated_u29() {
    // BlazeDS writes 2^29 as `80 80 80 00` (reads back as 0): we must not.
    assert_both(&536870912u32, "05 41 c0 00 00 00 00 00 00");
    assert_both(&536870912i64, "05 41 c0 00 00 00 00 00 00");
    assert_both(&u32::MAX, "05 41 ef ff ff ff e0 00 00");
    assert_both(&i32::MAX, "05 41 df ff ff ff c0 00 00");
    assert_both(&i32::MIN, "05 c1 e0 00 00 00 00 00 00");
}

#[test]
fn u64_and_i64_up_to_2_pow_53_encode_as_doubles() {
    assert_both(&(1u64 << 53), "05 43 40 00 00 00 00 00 00");
    assert_both(&(1i64 << 53), "05 43 40 00 00 00 00 00 00");
    assert_both(&-(1i64 << 53), "05 c3 40 00 00 00 00 00 00");
    // Beyond 2^53, values a double holds exactly are still fine.
    assert_both(&((1u64 << 53) + 2), "05 43 40 00 00 00 00 00 01");
    assert_both(&(1u64 << 63), "05 43 e0 00 00 00 00 00 00");
    assert_both(&i64::MIN, "05 c3 e0 00 00 00 00 00 00");
}

#[test]
fn u64_and_i64_not_exactly_representable_are_encode_errors() {
    let e = encode_err(&((1u64 << 53) + 1));
    assert_eq!(
        e.to_string(),
        "integer 9007199254740993 cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)"
    );
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), None);

    let e = encode_err(&((1i64 << 53) + 1));
    assert_eq!(
        e.to_string(),
        "integer 9007199254740993 cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)"
    );
    let e = encode_err(&(-(1i64 << 53) - 1));
    assert_eq!(
        e.to_string(),
        "integer -9007199254740993 cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)"
    );
    assert!(encode_err(&i64::MAX).is_data());
    assert!(encode_err(&u64::MAX).is_data());
    // Inside a container the error still surfaces.
    assert!(encode_err(&vec![1u64, (1u64 << 53) + 1]).is_data());
}

// =============================================== gotchas §7: int vs double

#[test]
fn gotchas_7_float_targets_accept_integers() {
    assert_decodes::<f64>("04 00", &0.0);
    assert_decodes::<f64>("04 ff ff ff ff", &-1.0);
    assert_decodes::<f32>("04 07", &7.0);

    #[derive(Debug, PartialEq, Deserialize)]
    struct Stamp {
        timestamp: f64,
    }
    // Flash: a Number property holding 0 arrives as `04 00`.
    assert_decodes(
        "0a 13 01 13 74 69 6d 65 73 74 61 6d 70 04 00",
        &Stamp { timestamp: 0.0 },
    );
}

#[test]
fn gotchas_7_integer_targets_accept_integral_doubles() {
    assert_decodes::<i32>("05 40 45 00 00 00 00 00 00", &42);
    assert_decodes::<u8>("05 40 45 00 00 00 00 00 00", &42);
    assert_decodes::<i64>("05 41 b0 00 00 00 00 00 00", &268435456);
    assert_decodes::<u32>("05 41 ef ff ff ff e0 00 00", &u32::MAX);
    assert_decodes::<i64>("05 c3 40 00 00 00 00 00 00", &-(1i64 << 53));
    assert_decodes::<i32>("05 80 00 00 00 00 00 00 00", &0); // -0.0

    #[derive(Debug, PartialEq, Deserialize)]
    struct Count {
        n: i32,
    }
    // BlazeDS writes a Java long as a double.
    assert_decodes(
        "0a 13 01 03 6e 05 40 45 00 00 00 00 00 00",
        &Count { n: 42 },
    );
    let e = decode_err::<Count>("0a 13 01 03 6e 05 3f f8 00 00 00 00 00 00");
    assert_eq!(
        e.to_string(),
        "number 1.5 is not a valid i32 at byte offset 5"
    );
    assert_eq!(e.classify(), Category::Data);
}

#[test]
fn gotchas_7_fractional_or_out_of_range_doubles_are_rejected() {
    let e = decode_err::<i32>("05 3f f8 00 00 00 00 00 00");
    assert_eq!(
        e.to_string(),
        "number 1.5 is not a valid i32 at byte offset 0"
    );
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), Some(0));
    let e = decode_err::<u64>("05 3f f8 00 00 00 00 00 00");
    assert_eq!(
        e.to_string(),
        "number 1.5 is not a valid u64 at byte offset 0"
    );
    assert!(decode_err::<i64>("05 7f f8 00 00 00 00 00 00").is_data()); // NaN
    assert!(decode_err::<i64>("05 7f f0 00 00 00 00 00 00").is_data()); // +inf
    assert!(decode_err::<i32>("05 41 e0 00 00 00 00 00 00").is_data()); // 2^31
    assert!(decode_err::<u32>("05 bf f0 00 00 00 00 00 00").is_data()); // -1.0
    assert!(decode_err::<i64>("05 7e 70 00 00 00 00 00 00").is_data()); // 2^1000
    assert!(decode_err::<u8>("04 82 00").is_data()); // 256
}

#[test]
fn gotchas_7_floats_are_always_doubles() {
    assert_both(&0.0f64, "05 00 00 00 00 00 00 00 00");
    assert_both(&1.0f64, "05 3f f0 00 00 00 00 00 00");
    assert_both(&3.5f64, "05 40 0c 00 00 00 00 00 00");
    assert_both(&268435456.0f64, "05 41 b0 00 00 00 00 00 00");
    assert_both(&1.5f32, "05 3f f8 00 00 00 00 00 00");
    assert_both(&0.1f32, "05 3f b9 99 99 a0 00 00 00");
    assert_encodes(&f64::INFINITY, "05 7f f0 00 00 00 00 00 00");
    assert_encodes(&f64::NEG_INFINITY, "05 ff f0 00 00 00 00 00 00");
    assert_decodes("05 7f f0 00 00 00 00 00 00", &f64::INFINITY);
    assert_decodes("05 ff f0 00 00 00 00 00 00", &f64::NEG_INFINITY);
    assert_eq!(
        to_hex(&encode(&f64::NAN)),
        to_hex(&hex("05 7f f8 00 00 00 00 00 00"))
    );
    let nan: f64 = amf_serde::from_slice(&hex("05 7f f8 00 00 00 00 00 00")).unwrap();
    assert!(nan.is_nan());
}

// ============================================= §8.2 / gotchas §2 strings

#[test]
fn spec_8_2_string_references_and_the_empty_string() {
    let bytes = "09 0d 01 06 07 66 6f 6f 06 00 06 01 06 01 06 07 62 61 72 06 00";
    assert_both(
        &vec![
            "foo".to_owned(),
            "foo".to_owned(),
            String::new(),
            String::new(),
            "bar".to_owned(),
            "foo".to_owned(),
        ],
        bytes,
    );
    assert_encodes(&["foo", "foo", "", "", "bar", "foo"], bytes);
    // Borrowed strings, including those arriving as references.
    let raw = hex(bytes);
    let borrowed: Vec<&str> = amf_serde::from_slice(&raw).unwrap();
    assert_eq!(borrowed, ["foo", "foo", "", "", "bar", "foo"]);
}

#[test]
fn spec_8_2_flash_empty_strings() {
    assert_both(&vec![String::new(), String::new()], "09 05 01 06 01 06 01");
}

#[test]
fn gotchas_2_empty_string_does_not_shift_indices() {
    assert_both(
        &vec![String::new(), "a".to_owned(), "a".to_owned()],
        "09 07 01 06 01 06 03 61 06 00",
    );
    assert_both(&String::new(), "06 01");
}

#[test]
fn strings_and_chars() {
    assert_both(
        &"String . String".to_owned(),
        "06 1f 53 74 72 69 6e 67 20 2e 20 53 74 72 69 6e 67",
    );
    assert_both(&'x', "06 03 78");
    assert_both(&'é', "06 05 c3 a9");
    assert_both(&'😀', "06 09 f0 9f 98 80");
    // A char and an equal string share the string table.
    assert_both(&('x', "x".to_owned()), "09 05 01 06 03 78 06 00");
    let e = decode_err::<char>("06 05 61 62");
    assert_eq!(e.classify(), Category::Data);
}

// ======================================================= §8.3 objects

#[test]
fn spec_8_3_anonymous_dynamic_object() {
    let map: BTreeMap<String, i32> = [("a".to_owned(), 1)].into();
    assert_both(&map, "0a 0b 01 03 61 04 01 01");
    let map: HashMap<String, i32> = [("a".to_owned(), 1)].into();
    assert_both(&map, "0a 0b 01 03 61 04 01 01");
    assert_decodes("0a 0b 01 03 61 04 01 01", &json!({"a": 1}));
}

#[test]
fn spec_8_3_sealed_class_with_alias_decodes() {
    // PyAMF/Flash output with class alias "P": decode-only (we write "").
    assert_decodes(
        "09 05 01 0a 23 03 50 03 78 03 79 04 01 04 02 0a 01 04 03 04 04",
        &vec![P { x: 1, y: 2 }, P { x: 3, y: 4 }],
    );
}

#[test]
fn spec_8_3_structs_are_sealed_with_a_traits_reference() {
    assert_both(
        &vec![P { x: 1, y: 2 }, P { x: 3, y: 4 }],
        "09 05 01 0a 23 01 03 78 03 79 04 01 04 02 0a 01 04 03 04 04",
    );
    assert_both(&P { x: 1, y: 2 }, "0a 23 01 03 78 03 79 04 01 04 02");
    // A dynamic object and one with sealed names in another order decode too.
    assert_decodes("0a 0b 01 03 78 04 01 03 79 04 02 01", &P { x: 1, y: 2 });
    assert_decodes("0a 23 01 03 79 03 78 04 02 04 01", &P { x: 1, y: 2 });
}

// ========================================= §8.4 dense + associative array

const ASSOC_ARRAY: &str = "09 07 09 61 73 64 66 06 09 66 64 73 61 07 66 6f 6f 06 07 62 61 72 \
    05 34 32 06 06 01 06 09 62 61 72 31 06 09 62 61 72 32 06 09 62 61 72 33";

fn assoc_expected() -> BTreeMap<String, String> {
    [
        ("asdf", "fdsa"),
        ("foo", "bar"),
        ("42", "bar"),
        ("0", "bar1"),
        ("1", "bar2"),
        ("2", "bar3"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

#[test]
fn spec_8_4_associative_array_into_btreemap() {
    assert_decodes(ASSOC_ARRAY, &assoc_expected());
    let hm: HashMap<String, String> = decode(ASSOC_ARRAY);
    assert_eq!(hm.into_iter().collect::<BTreeMap<_, _>>(), assoc_expected());
}

#[test]
fn spec_8_4_associative_array_into_json() {
    assert_decodes(
        ASSOC_ARRAY,
        &json!({"asdf": "fdsa", "foo": "bar", "42": "bar", "0": "bar1", "1": "bar2", "2": "bar3"}),
    );
    // Wire order: associative part first, then dense entries keyed "0".."2".
    let entries: Entries<String, String> = decode(ASSOC_ARRAY);
    let keys: Vec<&str> = entries.0.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["asdf", "foo", "42", "0", "1", "2"]);
}

#[test]
fn spec_8_4_associative_array_numeric_keys() {
    // Keys also parse as numbers for integer-keyed maps, when they all are.
    let m: BTreeMap<u32, String> = decode("09 05 05 34 32 06 03 78 01 06 03 61 06 03 62");
    assert_eq!(
        m,
        [
            (42, "x".to_owned()),
            (0, "a".to_owned()),
            (1, "b".to_owned())
        ]
        .into()
    );
}

#[test]
fn spec_8_4_associative_array_is_not_a_vec() {
    // gotchas §8: never silently drop the named keys.
    let e = decode_err::<Vec<String>>(ASSOC_ARRAY);
    assert_eq!(e.classify(), Category::Data);
}

// ========================================= §8.5 object references, cycles

const OBJECT_REFS: &str = "09 07 01 09 05 01 0a 0b 01 07 66 6f 6f 06 07 62 61 72 01 \
    0a 01 00 06 02 01 06 02 09 05 01 0a 04 0a 06";

#[test]
fn spec_8_5_object_references_into_typed_values() {
    type Objs = Vec<HashMap<String, String>>;
    let obj: HashMap<String, String> = [("foo".to_owned(), "bar".to_owned())].into();
    let (first, middle, last): (Objs, String, Objs) = decode(OBJECT_REFS);
    assert_eq!(first, vec![obj.clone(), obj.clone()]);
    assert_eq!(middle, "bar");
    assert_eq!(last, vec![obj.clone(), obj]);
    assert_eq!(first, last);
}

#[test]
fn spec_8_5_object_references_into_json() {
    let obj = json!({"foo": "bar"});
    assert_decodes(
        OBJECT_REFS,
        &json!([[obj.clone(), obj.clone()], "bar", [obj.clone(), obj]]),
    );
}

#[test]
fn spec_8_5_object_references_into_a_vec_of_untagged_items() {
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Item {
        List(Vec<BTreeMap<String, String>>),
        Str(String),
    }
    let obj: BTreeMap<String, String> = [("foo".to_owned(), "bar".to_owned())].into();
    assert_decodes(
        OBJECT_REFS,
        &vec![
            Item::List(vec![obj.clone(), obj.clone()]),
            Item::Str("bar".to_owned()),
            Item::List(vec![obj.clone(), obj]),
        ],
    );
}

#[test]
fn spec_8_5_self_containing_list_is_a_clean_cycle_error() {
    let msg = format!("{CYCLE_MSG} at byte offset 3");
    let e = within_timeout(|| decode_err::<serde_json::Value>("09 03 01 09 00"));
    assert_eq!(e.to_string(), msg);
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), Some(3));
    let e = within_timeout(|| decode_err::<Node>("09 03 01 09 00"));
    assert_eq!(e.to_string(), msg);
    let e = within_timeout(|| decode_err::<Vec<Vec<IgnoredAny>>>("09 03 01 09 00"));
    assert_eq!(e.to_string(), msg);
    // Skipping does not follow references, so a cycle is harmless there.
    within_timeout(|| amf_serde::from_slice::<IgnoredAny>(&hex("09 03 01 09 00")).unwrap());
    // from_reader gives the same message and offset.
    let e = within_timeout(|| {
        amf_serde::from_reader::<_, serde_json::Value>(&hex("09 03 01 09 00")[..]).unwrap_err()
    });
    assert_eq!(e.to_string(), msg);
}

#[test]
fn self_containing_object_and_dictionary_are_clean_cycle_errors() {
    // {a: <self>}
    let e = within_timeout(|| decode_err::<serde_json::Value>("0a 0b 01 03 61 0a 00 01"));
    assert_eq!(e.to_string(), format!("{CYCLE_MSG} at byte offset 5"));
    let e = within_timeout(|| decode_err::<SelfObj>("0a 0b 01 03 61 0a 00 01"));
    assert_eq!(e.to_string(), format!("{CYCLE_MSG} at byte offset 5"));
    // Dictionary {"k": <self>}
    let e = within_timeout(|| decode_err::<serde_json::Value>("11 03 00 06 03 6b 11 00"));
    assert_eq!(e.to_string(), format!("{CYCLE_MSG} at byte offset 6"));
}

// ============================================================ §8.6 vectors

#[test]
fn spec_8_6_vector_int() {
    assert_decodes(
        "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        &vec![4i32, -20, 12],
    );
    assert_decodes(
        "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        &vec![4i64, -20, 12],
    );
    assert_decodes(
        "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        &json!([4, -20, 12]),
    );
    // Fixed, full 32-bit range (not limited to 29 bits).
    assert_decodes(
        "0d 09 01 00 00 00 02 00 00 07 d0 7f ff ff ff 80 00 00 00",
        &vec![2i32, 2000, i32::MAX, i32::MIN],
    );
    // BlazeDS int[] {1, -1}.
    assert_decodes("0d 05 01 00 00 00 01 ff ff ff ff", &vec![1i32, -1]);
    assert_decodes("0d 01 00", &Vec::<i32>::new());
    // Items that do not fit the element type are errors.
    assert!(decode_err::<Vec<u32>>("0d 05 01 00 00 00 01 ff ff ff ff").is_data());
}

#[test]
fn spec_8_6_vector_uint() {
    assert_decodes(
        "0e 07 00 00 00 00 04 00 00 00 14 00 00 00 0c",
        &vec![4u32, 20, 12],
    );
    assert_decodes("0e 03 00 ff ff ff ff", &vec![u32::MAX]);
    assert_decodes("0e 03 00 ff ff ff ff", &vec![4294967295i64]);
    assert!(decode_err::<Vec<i32>>("0e 03 00 ff ff ff ff").is_data());
}

#[test]
fn spec_8_6_vector_double() {
    assert_decodes(
        "0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a",
        &vec![4.3f64, -20.6],
    );
    assert_decodes(
        "0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a",
        &json!([4.3, -20.6]),
    );
}

const VECTOR_OBJECT: &str = "10 07 00 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 \
    0a 23 00 07 62 61 7a 07 66 6f 6f 01 06 04 \
    0a 01 01 06 07 62 61 72 \
    0a 01 01 06 02";

#[test]
fn spec_8_6_vector_object_into_structs() {
    assert_decodes(
        VECTOR_OBJECT,
        &vec![as_class("foo"), as_class("bar"), as_class("baz")],
    );
    assert_decodes(
        VECTOR_OBJECT,
        &json!([
            {"baz": null, "foo": "foo"},
            {"baz": null, "foo": "bar"},
            {"baz": null, "foo": "baz"}
        ]),
    );
}

// ========================================================= §8.7 dictionary

const DICTIONARY: &str = "11 05 00 06 07 62 61 72 06 0b 61 73 64 66 31 \
    0a 23 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 07 62 61 7a 07 66 6f 6f 01 06 06 \
    06 0b 61 73 64 66 32";

#[test]
fn spec_8_7_dictionary_with_object_key() {
    assert_decodes(
        DICTIONARY,
        &Entries(vec![
            (DictKey::Str("bar".to_owned()), "asdf1".to_owned()),
            (DictKey::Obj(as_class("baz")), "asdf2".to_owned()),
        ]),
    );
    assert_decodes(
        DICTIONARY,
        &Entries(vec![
            (json!("bar"), json!("asdf1")),
            (json!({"baz": null, "foo": "baz"}), json!("asdf2")),
        ]),
    );
    // serde_json::Value needs string keys.
    assert!(decode_err::<serde_json::Value>(DICTIONARY).is_data());
}

#[test]
fn spec_8_7_and_gotchas_6_weak_keys_byte() {
    // Flash `new Dictionary(true)`.
    assert_decodes("11 01 01", &HashMap::<String, i32>::new());
    assert_decodes("11 01 01", &json!({}));
    let k1: BTreeMap<String, i32> = [("k".to_owned(), 1)].into();
    // flash-lso (weak) and BlazeDS Hashtable (`02`, the AMF3 false marker).
    assert_decodes("11 03 01 06 03 6b 04 01", &k1);
    assert_decodes("11 03 02 06 03 6b 04 01", &k1);
    assert_decodes("11 03 00 06 03 6b 04 01", &k1);
    assert_decodes("11 03 ff 06 03 6b 04 01", &k1);
}

// ================================================= §8.8 date and ByteArray

#[test]
fn spec_8_8_date_decodes_as_milliseconds() {
    assert_decodes("08 01 42 76 f5 e6 6e 80 00 00", &1577836800000.0f64);
    assert_decodes("08 01 42 76 f5 e6 6e 80 00 00", &json!(1577836800000.0));
    // [d, d]: the second is an object reference to the first.
    assert_decodes(
        "09 05 01 08 01 42 76 f5 e6 6e 80 00 00 08 02",
        &vec![1577836800000.0f64; 2],
    );
    assert_decodes(
        "09 05 01 08 01 00 00 00 00 00 00 00 00 08 02",
        &vec![0.0f64; 2],
    );
}

#[test]
fn spec_8_8_byte_array() {
    assert_both(&ByteBuf::from(vec![1, 2, 3]), "0c 07 01 02 03");
    assert_encodes(serde_bytes::Bytes::new(&[1, 2, 3]), "0c 07 01 02 03");
    assert_both(&ByteBuf::new(), "0c 01");
    // Byte arrays are not strings: never entered in the string table.
    assert_both(
        &(
            ByteBuf::from(b"ab".to_vec()),
            "ab".to_owned(),
            "ab".to_owned(),
        ),
        "09 07 01 0c 05 61 62 06 05 61 62 06 00",
    );
    let raw = hex("0c 07 01 02 03");
    let borrowed: &[u8] = amf_serde::from_slice::<&serde_bytes::Bytes>(&raw).unwrap();
    assert_eq!(borrowed, [1, 2, 3]);
}

// ================================================ gotchas §3, §4: traits

#[test]
fn gotchas_3_complex_array_collection() {
    assert_decodes(
        "09 07 01 0a 07 43 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e 41 72 72 61 79 \
         43 6f 6c 6c 65 63 74 69 6f 6e 09 05 01 06 07 66 6f 6f 06 07 62 61 72 0a 01 09 05 01 \
         0a 23 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 07 62 61 7a 02 01 06 04 \
         0a 05 01 06 09 61 73 64 66 0a 06",
        &(
            vec!["foo".to_owned(), "bar".to_owned()],
            vec![as_class("bar"), as_class("asdf")],
            vec![as_class("bar"), as_class("asdf")],
        ),
    );
}

#[test]
fn gotchas_4_later_anonymous_objects_use_traits_ref_0() {
    let maps: Vec<BTreeMap<String, i32>> =
        vec![[("a".to_owned(), 1)].into(), [("a".to_owned(), 2)].into()];
    assert_both(&maps, "09 05 01 0a 0b 01 03 61 04 01 01 0a 01 00 04 02 01");
    let empties: Vec<BTreeMap<String, i32>> = vec![BTreeMap::new(), BTreeMap::new()];
    assert_both(&empties, "09 05 01 0a 0b 01 01 0a 01 01");
}

#[test]
fn gotchas_4_traits_index_space_is_separate() {
    let a1: BTreeMap<String, i32> = [("a".to_owned(), 1)].into();
    let a2: BTreeMap<String, i32> = [("a".to_owned(), 2)].into();
    assert_both(
        &(a1, P { x: 1, y: 2 }, a2, P { x: 3, y: 4 }),
        "09 09 01 \
         0a 0b 01 03 61 04 01 01 \
         0a 23 01 03 78 03 79 04 01 04 02 \
         0a 01 00 04 02 01 \
         0a 05 04 03 04 04",
    );
    // Arrays in between (object table) do not shift traits indices.
    assert_both(
        &(P { x: 1, y: 2 }, vec![1], P { x: 3, y: 4 }),
        "09 07 01 0a 23 01 03 78 03 79 04 01 04 02 09 03 01 04 01 0a 01 04 03 04 04",
    );
}

// ====================================== gotchas §8 undefined, null, holes

#[test]
fn gotchas_8_undefined_and_null() {
    assert_decodes::<Option<i32>>("00", &None);
    assert_decodes::<Option<i32>>("01", &None);
    assert_decodes("09 07 01 00 01 04 01", &vec![None, None, Some(1)]);
    assert_decodes::<()>("00", &());
    assert_decodes::<serde_json::Value>("00", &json!(null));
}

// ==================================================== serde data model

#[test]
fn bool_unit_option() {
    assert_both(&true, "03");
    assert_both(&false, "02");
    assert_both(&(), "01");
    assert_both(&Unit, "01");
    assert_both(&None::<i32>, "01");
    assert_both(&Some(5), "04 05");
    assert_both(&Some("a".to_owned()), "06 03 61");
    assert_both(&vec![Some(1), None, Some(3)], "09 07 01 04 01 01 04 03");
    assert!(decode_err::<bool>("04 01").is_data());
}

#[test]
fn tuples_and_newtypes() {
    assert_both(&(1, "a".to_owned(), true), "09 07 01 04 01 06 03 61 03");
    assert_both(&Meters(5), "04 05");
    assert_both(
        &vec![Meters(1), Meters(-1)],
        "09 05 01 04 01 04 ff ff ff ff",
    );
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Pair(i32, String);
    assert_both(&Pair(2, "b".to_owned()), "09 05 01 04 02 06 03 62");
    assert_both(&Vec::<i32>::new(), "09 01 01");
    assert!(decode_err::<(i32, i32)>("09 03 01 04 01").is_data());
}

#[test]
fn enum_variants_exact_bytes() {
    assert_both(&E::A, "06 03 41");
    assert_both(&E::B(7), "0a 0b 01 03 42 04 07 01");
    assert_both(
        &E::C(1, "x".to_owned()),
        "0a 0b 01 03 43 09 05 01 04 01 06 03 78 01",
    );
    assert_both(&E::D { q: true }, "0a 0b 01 03 44 0a 13 01 03 71 03 01");
}

#[test]
fn enum_variants_share_tables_in_a_sequence() {
    assert_both(
        &vec![
            E::A,
            E::B(1),
            E::B(2),
            E::D { q: true },
            E::D { q: false },
            E::C(1, "x".to_owned()),
        ],
        "09 0d 01 \
         06 03 41 \
         0a 0b 01 03 42 04 01 01 \
         0a 01 02 04 02 01 \
         0a 01 03 44 0a 13 01 03 71 03 01 \
         0a 01 04 0a 05 02 01 \
         0a 01 03 43 09 05 01 04 01 06 03 78 01",
    );
}

#[test]
fn enum_decodes_from_other_writers_shapes() {
    // A sealed one-member object (BlazeDS writes maps sealed).
    assert_decodes("0a 13 01 03 42 04 07", &E::B(7));
    // A dynamic struct-variant body.
    assert_decodes("0a 0b 01 03 44 0a 0b 01 03 71 03 01 01", &E::D { q: true });
    // Unknown variant and bad shapes are errors.
    assert!(decode_err::<E>("06 03 5a").is_data());
    assert!(decode_err::<E>("04 01").is_data());
    assert!(decode_err::<E>("0a 0b 01 03 42 04 07 03 43 04 01 01").is_data());
}

#[test]
fn newtype_variant_holding_a_struct() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum W {
        S(P),
    }
    assert_both(
        &W::S(P { x: 1, y: 2 }),
        "0a 0b 01 03 53 0a 23 01 03 78 03 79 04 01 04 02 01",
    );
}

#[test]
fn nested_structs() {
    let value = Outer {
        name: "o".to_owned(),
        inner: Inner { a: 1, b: None },
        list: vec![Inner {
            a: 2,
            b: Some("o".to_owned()),
        }],
    };
    assert_both(
        &value,
        "0a 33 01 09 6e 61 6d 65 0b 69 6e 6e 65 72 09 6c 69 73 74 \
         06 03 6f \
         0a 23 01 03 61 03 62 04 01 01 \
         09 03 01 0a 05 04 02 06 06",
    );
}

#[test]
fn skip_serializing_if_changes_field_count() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct S {
        a: i32,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<i32>,
        c: i32,
    }
    let list = vec![
        S {
            a: 1,
            b: None,
            c: 2,
        },
        S {
            a: 3,
            b: Some(4),
            c: 5,
        },
        S {
            a: 6,
            b: None,
            c: 7,
        },
        S {
            a: 8,
            b: Some(9),
            c: 10,
        },
    ];
    assert_both(
        &list,
        "09 09 01 \
         0a 23 01 03 61 03 63 04 01 04 02 \
         0a 33 01 00 03 62 02 04 03 04 04 04 05 \
         0a 01 04 06 04 07 \
         0a 05 04 08 04 09 04 0a",
    );
}

#[test]
fn skip_serializing_if_same_count_different_fields() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct T {
        #[serde(skip_serializing_if = "Option::is_none")]
        x: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        y: Option<i32>,
    }
    let list = vec![
        T {
            x: Some(1),
            y: None,
        },
        T {
            x: None,
            y: Some(2),
        },
        T {
            x: Some(3),
            y: None,
        },
        T {
            x: Some(4),
            y: Some(5),
        },
        T { x: None, y: None },
        T {
            x: None,
            y: Some(6),
        },
    ];
    assert_both(
        &list,
        "09 0d 01 \
         0a 13 01 03 78 04 01 \
         0a 13 01 03 79 04 02 \
         0a 01 04 03 \
         0a 23 01 00 02 04 04 04 05 \
         0a 03 01 \
         0a 05 04 06",
    );
}

#[test]
fn skip_serializing_if_each_object_decodes_right() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct R {
        #[serde(skip_serializing_if = "String::is_empty", default)]
        name: String,
        #[serde(skip_serializing_if = "Vec::is_empty", default)]
        tags: Vec<String>,
        n: i32,
    }
    let list: Vec<R> = (0..12)
        .map(|i| R {
            name: if i % 2 == 0 {
                format!("n{}", i % 3)
            } else {
                String::new()
            },
            tags: (0..i % 3).map(|t| format!("t{t}")).collect(),
            n: i,
        })
        .collect();
    let bytes = encode(&list);
    let back: Vec<R> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, list);
    let back: Vec<R> = amf_serde::from_reader(bytes.as_slice()).unwrap();
    assert_eq!(back, list);
    // Each object also decodes right on its own into a generic value.
    let generic: Vec<serde_json::Value> = amf_serde::from_slice(&bytes).unwrap();
    for (v, r) in generic.iter().zip(&list) {
        let obj = v.as_object().unwrap();
        assert_eq!(obj.get("n"), Some(&json!(r.n)));
        assert_eq!(obj.contains_key("name"), !r.name.is_empty());
        assert_eq!(obj.contains_key("tags"), !r.tags.is_empty());
    }
}

#[test]
fn maps_with_string_keys() {
    let m: BTreeMap<String, i32> = [("a".to_owned(), 1), ("b".to_owned(), 2)].into();
    assert_both(&m, "0a 0b 01 03 61 04 01 03 62 04 02 01");
    let m: BTreeMap<char, bool> = [('x', true)].into();
    assert_both(&m, "0a 0b 01 03 78 03 01");
    // Keys and string values share the string table.
    let m: BTreeMap<String, String> = [("a".to_owned(), "a".to_owned())].into();
    assert_both(&m, "0a 0b 01 03 61 06 00 01");
    // Unit-variant keys are strings too.
    #[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
    enum K {
        Left,
    }
    let m: BTreeMap<K, i32> = [(K::Left, 1)].into();
    assert_both(&m, "0a 0b 01 09 4c 65 66 74 04 01 01");
}

#[test]
fn maps_with_integer_keys_are_dictionaries() {
    let m: BTreeMap<i32, String> = [(1, "a".to_owned()), (2, "b".to_owned())].into();
    assert_both(&m, "11 05 00 04 01 06 03 61 04 02 06 03 62");
    let m: BTreeMap<u64, bool> = [(1 << 40, true)].into();
    assert_both(&m, "11 03 00 05 42 70 00 00 00 00 00 00 03");
    let m: BTreeMap<bool, i32> = [(false, 0)].into();
    assert_both(&m, "11 03 00 02 04 00");
}

#[test]
fn empty_map_is_an_empty_dynamic_object() {
    assert_both(&BTreeMap::<String, i32>::new(), "0a 0b 01 01");
    assert_encodes(&BTreeMap::<i32, i32>::new(), "0a 0b 01 01");
    assert_encodes(&NoLenMap::<String, i32>(vec![]), "0a 0b 01 01");
    assert_decodes("0a 0b 01 01", &json!({}));
}

#[test]
fn empty_string_key_is_an_encode_error() {
    let msg =
        "the empty string cannot be an AMF3 dynamic member name (it terminates the member list)";
    let m: BTreeMap<String, i32> = [(String::new(), 1)].into();
    let e = encode_err(&m);
    assert_eq!(e.to_string(), msg);
    assert_eq!(e.classify(), Category::Data);
    let e = encode_err(&NoLenMap(vec![("a", 1), ("", 2)]));
    assert_eq!(e.to_string(), msg);
    let e = encode_err(&vec![NoLenMap(vec![("", 1)])]);
    assert_eq!(e.to_string(), msg);
}

#[test]
fn mixed_key_types_are_an_encode_error() {
    let e = encode_err(&NoLenMap(vec![(json!("a"), 1), (json!(2), 2)]));
    assert_eq!(e.to_string(), "key must be a string, found an integer");
    assert_eq!(e.classify(), Category::Data);
}

#[test]
fn sequences_of_unknown_length_get_a_minimal_count() {
    assert_encodes(&NoLen(Vec::<i32>::new()), "09 01 01");
    assert_encodes(&NoLen(vec![1, 2, 3]), "09 07 01 04 01 04 02 04 03");
    assert_encodes(&Evens(3), "09 07 01 04 00 04 02 04 04");
    assert_encodes(&Evens(0), "09 01 01");

    let cases: &[(usize, &str)] = &[
        (63, "09 7f 01"),
        (64, "09 81 01 01"),
        (8191, "09 ff 7f 01"),
        (8192, "09 81 80 01 01"),
    ];
    for &(n, prefix) in cases {
        let items = vec![true; n];
        let bytes = encode(&NoLen(items.clone()));
        let prefix = hex(prefix);
        assert_eq!(to_hex(&bytes[..prefix.len()]), to_hex(&prefix), "n = {n}");
        assert_eq!(bytes.len(), prefix.len() + n, "n = {n}");
        assert_eq!(bytes, encode(&items), "same as a known-length Vec, n = {n}");
        let back: Vec<bool> = amf_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, items);
    }
    let bytes = encode(&Evens(100));
    assert_eq!(to_hex(&bytes[..4]), "09 81 49 01");
    let back: Vec<u32> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, (0..200).filter(|n| n % 2 == 0).collect::<Vec<_>>());
}

#[test]
fn nested_sequences_of_unknown_length() {
    assert_encodes(
        &NoLen(vec![NoLen(vec![1, 2]), NoLen(vec![]), NoLen(vec![3])]),
        "09 07 01 09 05 01 04 01 04 02 09 01 01 09 03 01 04 03",
    );
    assert_encodes(
        &NoLen(vec![P { x: 1, y: 2 }, P { x: 3, y: 4 }]),
        "09 05 01 0a 23 01 03 78 03 79 04 01 04 02 0a 01 04 03 04 04",
    );
    // A long unknown-length sequence inside another: both counts patched.
    let inner = NoLen(vec![0u8; 70]);
    let bytes = encode(&NoLen(vec![inner]));
    assert_eq!(to_hex(&bytes[..7]), "09 03 01 09 81 0d 01");
    assert_eq!(bytes.len(), 7 + 2 * 70);
}

#[test]
fn maps_of_unknown_length() {
    assert_encodes(
        &NoLenMap(vec![(1, "a"), (2, "b")]),
        "11 05 00 04 01 06 03 61 04 02 06 03 62",
    );
    assert_encodes(
        &NoLenMap(vec![("b", 1), ("a", 2)]),
        "0a 0b 01 03 62 04 01 03 61 04 02 01",
    );
    let entries: Vec<(i32, bool)> = (0..100).map(|i| (i, true)).collect();
    let bytes = encode(&NoLenMap(entries));
    assert_eq!(to_hex(&bytes[..4]), "11 81 49 00");
    let back: BTreeMap<i32, bool> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, (0..100).map(|i| (i, true)).collect());
}

#[test]
fn to_writer_equals_to_vec() {
    fn check<T: Serialize + ?Sized>(value: &T) {
        let v = amf_serde::to_vec(value).unwrap();
        let mut w = Vec::new();
        amf_serde::to_writer(&mut w, value).unwrap();
        assert_eq!(to_hex(&w), to_hex(&v));
        let mut w = std::io::Cursor::new(Vec::new());
        amf_serde::amf3::to_writer(&mut w, value).unwrap();
        assert_eq!(to_hex(w.get_ref()), to_hex(&v));
    }
    check(&1);
    check(&"foo");
    check(&vec![P { x: 1, y: 2 }, P { x: 3, y: 4 }]);
    check(&E::D { q: true });
    check(&NoLen(vec![NoLen(vec!["a", "a"])]));
    check(&Outer {
        name: "n".to_owned(),
        inner: Inner { a: 1, b: None },
        list: vec![],
    });
}

#[test]
fn from_reader_equals_from_slice() {
    fn check<T: DeserializeOwned + Debug + PartialEq>(input: &str) {
        let bytes = hex(input);
        let a: T = amf_serde::from_slice(&bytes).unwrap();
        let b: T = amf_serde::from_reader(bytes.as_slice()).unwrap();
        let c: T = amf_serde::amf3::from_reader(std::io::Cursor::new(bytes.clone())).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
    }
    check::<serde_json::Value>(OBJECT_REFS);
    check::<serde_json::Value>(ASSOC_ARRAY);
    check::<Vec<ASClass>>(VECTOR_OBJECT);
    check::<Entries<DictKey, String>>(DICTIONARY);
    check::<Vec<f64>>("09 05 01 08 01 42 76 f5 e6 6e 80 00 00 08 02");
    check::<Vec<String>>("09 0d 01 06 07 66 6f 6f 06 00 06 01 06 01 06 07 62 61 72 06 00");
}

#[test]
fn trailing_bytes_are_rejected() {
    let e = decode_err::<i32>("04 01 01");
    assert_eq!(e.classify(), Category::Syntax);
    assert_eq!(e.offset(), Some(2));
}

#[test]
fn serializer_tables_reset_per_top_level_value() {
    let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
    ser.serialize_value("foo").unwrap();
    ser.serialize_value("foo").unwrap();
    ser.serialize_value(&P { x: 1, y: 2 }).unwrap();
    ser.serialize_value(&P { x: 1, y: 2 }).unwrap();
    assert_eq!(
        to_hex(&ser.into_inner()),
        to_hex(&hex("06 07 66 6f 6f 06 07 66 6f 6f \
             0a 23 01 03 78 03 79 04 01 04 02 \
             0a 23 01 03 78 03 79 04 01 04 02"))
    );
    // A struct serialized directly at the very top is written dynamic.
    let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
    P { x: 1, y: 2 }.serialize(&mut ser).unwrap();
    assert_eq!(
        to_hex(&ser.into_inner()),
        to_hex(&hex("0a 0b 01 03 78 04 01 03 79 04 02 01"))
    );
}

#[test]
fn deserializer_tables_reset_per_top_level_value() {
    let bytes = hex("06 07 66 6f 6f 06 07 66 6f 6f 04 05");
    let de = amf_serde::amf3::Deserializer::from_slice(&bytes);
    let mut it = de.into_iter::<serde_json::Value>();
    assert_eq!(it.next().unwrap().unwrap(), json!("foo"));
    assert_eq!(it.next().unwrap().unwrap(), json!("foo"));
    assert_eq!(it.next().unwrap().unwrap(), json!(5));
    assert!(it.next().is_none());
    // A reference into the previous value's table is out of range.
    let bytes = hex("06 07 66 6f 6f 06 00");
    let de = amf_serde::amf3::Deserializer::from_slice(&bytes);
    let results: Vec<_> = de.into_iter::<String>().collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_deref().unwrap(), "foo");
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(e.classify(), Category::Syntax);
    assert_eq!(e.offset(), Some(6));
}

// ============================================== more serializer shapes

#[test]
fn internally_tagged_enum_variants_get_their_own_traits() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "t")]
    enum Shape {
        Circle { r: i32 },
        Square { s: i32 },
    }
    assert_both(
        &vec![
            Shape::Circle { r: 1 },
            Shape::Square { s: 2 },
            Shape::Circle { r: 3 },
        ],
        "09 07 01 \
         0a 23 01 03 74 03 72 06 0d 43 69 72 63 6c 65 04 01 \
         0a 23 01 00 03 73 06 0d 53 71 75 61 72 65 04 02 \
         0a 01 06 04 04 03",
    );
}

#[test]
fn struct_variant_with_skipped_fields() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum V {
        S {
            #[serde(skip_serializing_if = "Option::is_none")]
            a: Option<i32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            b: Option<i32>,
        },
    }
    assert_both(
        &vec![
            V::S {
                a: Some(1),
                b: None,
            },
            V::S {
                a: None,
                b: Some(2),
            },
            V::S {
                a: Some(3),
                b: None,
            },
        ],
        "09 07 01 \
         0a 0b 01 03 53 0a 13 01 03 61 04 01 01 \
         0a 01 00 0a 13 01 03 62 04 02 01 \
         0a 01 00 0a 05 04 03 01",
    );
}

#[test]
fn struct_whose_keys_change_between_calls_falls_back_to_dynamic() {
    struct Flaky(std::cell::Cell<usize>);
    impl Serialize for Flaky {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            const KEYS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
            let n = self.0.get();
            self.0.set(n + 1);
            let mut s = serializer.serialize_struct("Flaky", 1)?;
            s.serialize_field(KEYS[n % 8], &1)?;
            s.end()
        }
    }
    let flaky = Flaky(std::cell::Cell::new(0));
    let bytes = amf_serde::amf3::to_vec(&flaky).unwrap();
    // Whatever the number of attempts, the output is one valid object.
    let back: BTreeMap<String, i32> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back.len(), 1, "{}", to_hex(&bytes));
    assert_eq!(back.values().next(), Some(&1));
    let calls = flaky.0.get();
    let key = ["a", "b", "c", "d", "e", "f", "g", "h"][(calls - 1) % 8];
    assert_eq!(back.keys().next().map(String::as_str), Some(key));
}

#[test]
fn empty_and_oddly_named_structs() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Empty {}
    assert_both(&Empty {}, "0a 03 01");
    assert_both(&vec![Empty {}, Empty {}], "09 05 01 0a 03 01 0a 01");
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Blank {
        #[serde(rename = "")]
        v: i32,
    }
    // Sealed names may be empty (they are not terminators).
    assert_both(&Blank { v: 1 }, "0a 13 01 01 04 01");
    assert_both(&Some(P { x: 1, y: 2 }), "0a 23 01 03 78 03 79 04 01 04 02");
    assert_both(
        &Box::new(P { x: 1, y: 2 }),
        "0a 23 01 03 78 03 79 04 01 04 02",
    );
}

#[test]
fn flattened_struct_is_a_dynamic_object() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Flat {
        id: i32,
        #[serde(flatten)]
        p: P,
    }
    assert_both(
        &Flat {
            id: 7,
            p: P { x: 1, y: 2 },
        },
        "0a 0b 01 05 69 64 04 07 03 78 04 01 03 79 04 02 01",
    );
}

#[test]
fn maps_holding_structs() {
    let maps: Vec<BTreeMap<String, P>> = vec![
        [("k".to_owned(), P { x: 1, y: 2 })].into(),
        [("k".to_owned(), P { x: 3, y: 4 })].into(),
    ];
    assert_both(
        &maps,
        "09 05 01 \
         0a 0b 01 03 6b 0a 23 01 03 78 03 79 04 01 04 02 01 \
         0a 01 00 0a 05 04 03 04 04 01",
    );
}

// ================================= transparent externalizables, XML, refs

#[test]
fn flex_wrappers_decode_transparently() {
    // ObjectProxy around {x: 1, y: 2}.
    assert_decodes(
        "0a 07 3b 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e 4f 62 6a 65 63 74 50 72 \
         6f 78 79 0a 0b 01 03 78 04 01 03 79 04 02 01",
        &P { x: 1, y: 2 },
    );
    // ArrayList around [1, 2]; the second one by traits reference.
    assert_decodes(
        "09 05 01 0a 07 37 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e 41 72 72 61 79 \
         4c 69 73 74 09 05 01 04 01 04 02 0a 01 09 01 01",
        &vec![vec![1, 2], vec![]],
    );
}

#[test]
fn unknown_externalizable_is_an_error_naming_the_class() {
    let e = decode_err::<serde_json::Value>("0a 07 07 46 6f 6f 04 01");
    assert_eq!(
        e.to_string(),
        "externalizable class \"Foo\" has no registered reader; its body has no length, \
         so it cannot be skipped at byte offset 0"
    );
    assert_eq!(e.classify(), Category::Data);
    assert!(decode_err::<IgnoredAny>("0a 07 07 46 6f 6f 04 01").is_data());
}

#[test]
fn xml_decodes_as_strings_outside_the_string_table() {
    assert_decodes("0b 09 3c 61 2f 3e", &"<a/>".to_owned());
    assert_decodes("07 09 3c 61 2f 3e", &"<a/>".to_owned());
    // XML then the same text as a string: the string is a literal, and a
    // later string reference #0 points at that literal.
    assert_decodes(
        "09 07 01 0b 09 3c 61 2f 3e 06 09 3c 61 2f 3e 06 00",
        &vec!["<a/>".to_owned(); 3],
    );
    // [x, x] with an object reference.
    assert_decodes(
        "09 05 01 0b 09 3c 61 2f 3e 0b 02",
        &vec!["<a/>".to_owned(); 2],
    );
}

#[test]
fn vectors_and_dictionaries_by_reference() {
    assert_decodes(
        "09 05 01 0d 05 00 00 00 00 01 00 00 00 02 0d 02",
        &vec![vec![1, 2], vec![1, 2]],
    );
    let k1: BTreeMap<String, i32> = [("k".to_owned(), 1)].into();
    assert_decodes(
        "09 05 01 11 03 00 06 03 6b 04 01 11 02",
        &vec![k1.clone(), k1],
    );
}

#[test]
fn structs_with_the_same_name_in_different_modules() {
    mod a {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct P {
            pub x: i32,
        }
    }
    mod b {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct P {
            pub z: i32,
        }
    }
    assert_both(
        &(a::P { x: 1 }, b::P { z: 2 }, a::P { x: 3 }, b::P { z: 4 }),
        "09 09 01 0a 13 01 03 78 04 01 0a 13 01 03 7a 04 02 0a 01 04 03 0a 05 04 04",
    );
}

#[test]
fn struct_keys_in_a_dictionary() {
    assert_encodes(
        &NoLenMap(vec![(P { x: 1, y: 2 }, 1), (P { x: 3, y: 4 }, 2)]),
        "11 05 00 0a 23 01 03 78 03 79 04 01 04 02 04 01 0a 01 04 03 04 04 04 02",
    );
    #[derive(Debug, PartialEq, Eq, Hash, Deserialize)]
    struct Key {
        x: i32,
        y: i32,
    }
    let m: HashMap<Key, i32> =
        decode("11 05 00 0a 23 01 03 78 03 79 04 01 04 02 04 01 0a 01 04 03 04 04 04 02");
    assert_eq!(m, [(Key { x: 1, y: 2 }, 1), (Key { x: 3, y: 4 }, 2)].into());
}

#[test]
fn unit_variants_repeat_as_string_references() {
    assert_both(&vec![E::A, E::A, E::A], "09 07 01 06 03 41 06 00 06 00");
    let m: BTreeMap<String, E> = [("A".to_owned(), E::A)].into();
    assert_both(&m, "0a 0b 01 03 41 06 00 01");
}

#[test]
fn references_to_objects_that_contain_references_and_inline_traits() {
    // o = {a: arr, b: arr}, arr = [1]; value [o, o].
    let o: BTreeMap<String, Vec<i32>> =
        [("a".to_owned(), vec![1]), ("b".to_owned(), vec![1])].into();
    assert_decodes(
        "09 05 01 0a 0b 01 03 61 09 03 01 04 01 03 62 09 04 01 0a 02",
        &vec![o.clone(), o],
    );
    // o = {p: P(1, 2)} (dynamic traits #0, sealed traits #1, both inline); [o, o].
    let o: BTreeMap<String, P> = [("p".to_owned(), P { x: 1, y: 2 })].into();
    assert_decodes(
        "09 05 01 0a 0b 01 03 70 0a 23 01 03 78 03 79 04 01 04 02 01 0a 02",
        &vec![o.clone(), o],
    );
    // After the replay, later inline objects still use the right traits.
    let o2: BTreeMap<String, P> = [("p".to_owned(), P { x: 3, y: 4 })].into();
    let o1: BTreeMap<String, P> = [("p".to_owned(), P { x: 1, y: 2 })].into();
    assert_decodes(
        "09 07 01 0a 0b 01 03 70 0a 23 01 03 78 03 79 04 01 04 02 01 0a 02 \
         0a 01 00 0a 05 04 03 04 04 01",
        &vec![o1.clone(), o1, o2],
    );
}

/// A reader that hands out at most `chunk` bytes per call, then fails once
/// its data is exhausted if `fail_at_end` is set.
struct Trickle<'a> {
    data: &'a [u8],
    chunk: usize,
    fail_at_end: bool,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.data.is_empty() && self.fail_at_end {
            return Err(std::io::Error::other("link down"));
        }
        let n = self.chunk.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// `from_reader` reads ahead (so the fast paths apply) but gives the same
/// values and errors as `from_slice` whatever the reader's chunking; an I/O
/// error after the value's last byte is reported by the end-of-input check.
#[test]
fn from_reader_reads_ahead_with_any_chunking() {
    // [[1.5, -2.0], [0.25, 8.0]] : pairs as 2-element arrays, doubles inline.
    let pairs: Vec<(f64, f64)> = vec![(1.5, -2.0), (0.25, 8.0)];
    let bytes = amf_serde::to_vec(&pairs).unwrap();
    assert_eq!(
        bytes,
        hex(
            "09 05 01 09 05 01 05 3f f8 00 00 00 00 00 00 05 c0 00 00 00 00 00 00 00
             09 05 01 05 3f d0 00 00 00 00 00 00 05 40 20 00 00 00 00 00 00"
        )
    );
    for chunk in [1, 2, 3, 7, 4096] {
        let r = Trickle {
            data: &bytes,
            chunk,
            fail_at_end: false,
        };
        let back: Vec<(f64, f64)> = amf_serde::from_reader(r).unwrap();
        assert_eq!(back, pairs, "chunk {chunk}");
        // A truncated stream is EOF at its length, as from_slice says.
        let cut = &bytes[..bytes.len() - 3];
        let r = Trickle {
            data: cut,
            chunk,
            fail_at_end: false,
        };
        let e = amf_serde::from_reader::<_, Vec<(f64, f64)>>(r).unwrap_err();
        let s = amf_serde::from_slice::<Vec<(f64, f64)>>(cut).unwrap_err();
        assert!(e.is_eof(), "{e}");
        assert_eq!(e.offset(), s.offset(), "chunk {chunk}");
        // The link fails after the last byte: the value was read, the end
        // check reports the I/O error.
        let r = Trickle {
            data: &bytes,
            chunk,
            fail_at_end: true,
        };
        let e = amf_serde::from_reader::<_, Vec<(f64, f64)>>(r).unwrap_err();
        assert!(e.is_io(), "chunk {chunk}: {e}");
    }
}

// ------------------------------------- how often a Serialize impl runs

/// A struct that counts its `serialize` calls, with a field that counts
/// its own (`leaf`), then `x`, or `y` when `x` is `None` (the same field
/// count, other names: as `skip_serializing_if` on two fields can give).
struct Counted<'a> {
    calls: &'a std::cell::Cell<usize>,
    leaf: &'a std::cell::Cell<usize>,
    x: Option<i32>,
}

struct Leaf<'a>(&'a std::cell::Cell<usize>);

impl Serialize for Leaf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.set(self.0.get() + 1);
        s.serialize_i32(7)
    }
}

impl Serialize for Counted<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        self.calls.set(self.calls.get() + 1);
        let mut st = s.serialize_struct("Counted", 2)?;
        st.serialize_field("leaf", &Leaf(self.leaf))?;
        match self.x {
            Some(x) => st.serialize_field("x", &x)?,
            None => st.serialize_field("y", &0)?,
        }
        st.end()
    }
}

/// Pins what the `amf3::Serializer` docs say about repeated calls: the
/// first instance of a struct shape in a top-level value is called three
/// times (an attempt that stops at `serialize_struct`, the key probe, the
/// write) without its fields being serialized more than once; later
/// instances of a known shape once; an instance whose fields differ from
/// the shape predicted for it serializes the fields written before the
/// difference a second time.
#[test]
fn serialize_calls_per_value() {
    use std::cell::Cell;
    let cells: Vec<(Cell<usize>, Cell<usize>)> =
        (0..3).map(|_| (Cell::new(0), Cell::new(0))).collect();
    let items: Vec<Counted<'_>> = cells
        .iter()
        .map(|(calls, leaf)| Counted {
            calls,
            leaf,
            x: Some(1),
        })
        .collect();
    let bytes = amf_serde::to_vec(&items).unwrap();
    let counts: Vec<(usize, usize)> = cells.iter().map(|(c, l)| (c.get(), l.get())).collect();
    assert_eq!(counts, [(3, 1), (1, 1), (1, 1)]);
    // Sealed traits once, then two traits references.
    assert_eq!(
        bytes,
        hex("09 07 01 0a 23 01 09 6c 65 61 66 03 78 04 07 04 01 0a 01 04 07 04 01 0a 01 04 07 04 01")
    );

    // The third element has `y` where the shape predicted from the first
    // two has `x`: its `leaf`, written before the difference was seen, is
    // serialized a second time after the rollback.
    for (c, l) in &cells {
        c.set(0);
        l.set(0);
    }
    let items = [
        Counted {
            calls: &cells[0].0,
            leaf: &cells[0].1,
            x: Some(1),
        },
        Counted {
            calls: &cells[1].0,
            leaf: &cells[1].1,
            x: Some(1),
        },
        Counted {
            calls: &cells[2].0,
            leaf: &cells[2].1,
            x: None,
        },
    ];
    let bytes = amf_serde::to_vec(&items).unwrap();
    let counts: Vec<(usize, usize)> = cells.iter().map(|(c, l)| (c.get(), l.get())).collect();
    assert_eq!(counts, [(3, 1), (1, 1), (3, 2)]);
    let back: Vec<BTreeMap<String, i32>> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(
        back[2],
        BTreeMap::from([("leaf".to_owned(), 7), ("y".to_owned(), 0)])
    );

    // `value.serialize(&mut ser)` at the top writes a struct with dynamic
    // traits: no probe, one call.
    let (calls, leaf) = (Cell::new(0), Cell::new(0));
    let one = Counted {
        calls: &calls,
        leaf: &leaf,
        x: Some(1),
    };
    let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
    one.serialize(&mut ser).unwrap();
    assert_eq!((calls.get(), leaf.get()), (1, 1));
}
