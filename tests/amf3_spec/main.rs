//! Byte-exact tests for every hex example in `amf3.md` §8 and `gotchas.md`
//! (§2, §3, §4, §6, §7, §8) that plain Rust/serde types can express, plus
//! the serde data model mapping (chars, options, tuples, enums, structs,
//! maps, sequences of unknown length, readers and writers).
//!
//! Each example is checked in both directions when our encoder produces that
//! shape (Rust value → exact bytes, bytes → exact Rust value), and decode-only
//! otherwise (Flash/BlazeDS shapes: associative arrays, object references,
//! vectors, dictionaries, dates, class aliases).
//!
//! Split by spec section: `numbers`, `strings`, `objects_and_arrays`, `references`,
//! `vectors_and_dictionaries`, `date_and_bytes`, `gotchas`, `data_model`, `serializer_shapes`,
//! `externals_and_xml`, `serialize_calls`. The shared helpers and types live here.

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

mod data_model;
mod date_and_bytes;
mod externals_and_xml;
mod gotchas;
mod numbers;
mod objects_and_arrays;
mod references;
mod serialize_calls;
mod serializer_shapes;
mod strings;
mod vectors_and_dictionaries;

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

const ASSOC_ARRAY: &str = "09 07 09 61 73 64 66 06 09 66 64 73 61 07 66 6f 6f 06 07 62 61 72 \
    05 34 32 06 06 01 06 09 62 61 72 31 06 09 62 61 72 32 06 09 62 61 72 33";

const OBJECT_REFS: &str = "09 07 01 09 05 01 0a 0b 01 07 66 6f 6f 06 07 62 61 72 01 \
    0a 01 00 06 02 01 06 02 09 05 01 0a 04 0a 06";

const VECTOR_OBJECT: &str = "10 07 00 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 \
    0a 23 00 07 62 61 7a 07 66 6f 6f 01 06 04 \
    0a 01 01 06 07 62 61 72 \
    0a 01 01 06 02";

const DICTIONARY: &str = "11 05 00 06 07 62 61 72 06 0b 61 73 64 66 31 \
    0a 23 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 07 62 61 7a 07 66 6f 6f 01 06 06 \
    06 0b 61 73 64 66 32";
