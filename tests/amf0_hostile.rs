//! Hostile AMF0 input: truncation at every byte, deep nesting (through AMF0
//! containers and the `0x11` AMF3 switch), huge length claims, bad and
//! cyclic `07` references, reserved and invalid markers, invalid UTF-8,
//! trailing bytes, reference bombs and a deterministic fuzz loop. Every
//! failure must be a clean `Error` with the right text and byte offset: no
//! panic, no stack overflow, no huge allocation, no runaway work.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Debug;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use amf_serde::amf0;
use amf_serde::{Category, Error, Options, Value};
use amf_serde_tests::{fixture, hex, to_hex};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;

type Json = serde_json::Value;

// ------------------------------------------------------------------ helpers

fn slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    amf0::from_slice(bytes)
}

/// Decoded keeping each `0x11` switch as a `Value::Amf3` mark (for
/// byte-exact re-encoding of input whose switches follow no rule).
fn marked(bytes: &[u8]) -> Result<Value, Error> {
    Options::new()
        .with_switch_marks(true)
        .amf0_from_slice(bytes)
}

fn reader<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    amf0::from_reader(bytes)
}

/// Hex of at most the first 48 bytes, for assertion messages.
fn short_hex(bytes: &[u8]) -> String {
    if bytes.len() <= 48 {
        to_hex(bytes)
    } else {
        format!("{} … ({} bytes)", to_hex(&bytes[..48]), bytes.len())
    }
}

/// Decoding `bytes` as `T` fails with exactly `msg`, via `from_slice` and
/// `from_reader`; returns the slice error.
#[track_caller]
fn assert_err<T: DeserializeOwned + Debug>(bytes: &[u8], msg: &str) -> Error {
    let e = match slice::<T>(bytes) {
        Ok(v) => panic!("from_slice of {} decoded {v:?}", short_hex(bytes)),
        Err(e) => e,
    };
    assert_eq!(e.to_string(), msg, "from_slice of {}", short_hex(bytes));
    match reader::<T>(bytes) {
        Ok(v) => panic!("from_reader of {} decoded {v:?}", short_hex(bytes)),
        Err(r) => assert_eq!(r.to_string(), msg, "from_reader of {}", short_hex(bytes)),
    }
    e
}

/// `assert_err` for the untyped targets: `Value`, `IgnoredAny` and
/// `serde_json::Value`.
#[track_caller]
fn assert_err_untyped(bytes: &[u8], msg: &str) -> Error {
    assert_err::<IgnoredAny>(bytes, msg);
    assert_err::<Json>(bytes, msg);
    assert_err::<Value>(bytes, msg)
}

/// Asserts that `r` is an EOF error at offset `n`.
#[track_caller]
fn assert_eof_at<T>(what: &str, how: &str, n: usize, prefix: &[u8], r: Result<T, Error>) {
    let e = match r {
        Ok(_) => panic!(
            "{what}: {how}: prefix of {n} bytes decoded: {}",
            short_hex(prefix)
        ),
        Err(e) => e,
    };
    assert!(
        e.is_eof() && e.offset() == Some(n as u64),
        "{what}: {how}: prefix of {n} bytes gave {e:?} (category {:?}); prefix {}",
        e.classify(),
        short_hex(prefix)
    );
    assert_eq!(
        e.to_string(),
        format!("unexpected end of input at byte offset {n}")
    );
}

/// One complete value: it decodes as `Value`, `IgnoredAny` and (if `typed`)
/// `T`, and every strict prefix is an EOF error at the prefix length, via
/// `from_slice` and `from_reader`.
#[track_caller]
fn check_prefixes<T: DeserializeOwned + Debug>(what: &str, bytes: &[u8], typed: bool) {
    slice::<Value>(bytes).unwrap_or_else(|e| panic!("{what}: Value: {e}"));
    reader::<Value>(bytes).unwrap_or_else(|e| panic!("{what}: reader Value: {e}"));
    slice::<IgnoredAny>(bytes).unwrap_or_else(|e| panic!("{what}: IgnoredAny: {e}"));
    reader::<IgnoredAny>(bytes).unwrap_or_else(|e| panic!("{what}: reader IgnoredAny: {e}"));
    if typed {
        slice::<T>(bytes).unwrap_or_else(|e| panic!("{what}: typed: {e}"));
        reader::<T>(bytes).unwrap_or_else(|e| panic!("{what}: reader typed: {e}"));
    }
    for n in 0..bytes.len() {
        let p = &bytes[..n];
        assert_eof_at(what, "from_slice Value", n, p, slice::<Value>(p));
        assert_eof_at(what, "from_reader Value", n, p, reader::<Value>(p));
        assert_eof_at(what, "from_slice IgnoredAny", n, p, slice::<IgnoredAny>(p));
        assert_eof_at(
            what,
            "from_reader IgnoredAny",
            n,
            p,
            reader::<IgnoredAny>(p),
        );
        if typed {
            assert_eof_at(what, "from_slice typed", n, p, slice::<T>(p));
            assert_eof_at(what, "from_reader typed", n, p, reader::<T>(p));
        }
    }
}

/// xorshift64*: deterministic pseudo-random numbers without extra deps.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn byte(&mut self) -> u8 {
        (self.next() >> 32) as u8
    }
}

// ------------------------------------------------------- valid encodings

const RESULT_COMMAND: &str = "02 00 07 5F 72 65 73 75 6C 74 00 3F F0 00 00 00 00 00 00 03 00 06 66 6D 73 56 65 72 02 00 0E 46 4D 53 2F 33 2C 35 2C 35 2C 32 30 30 34 00 0C 63 61 70 61 62 69 6C 69 74 69 65 73 00 40 3F 00 00 00 00 00 00 00 04 6D 6F 64 65 00 3F F0 00 00 00 00 00 00 00 00 09 03 00 05 6C 65 76 65 6C 02 00 06 73 74 61 74 75 73 00 04 63 6F 64 65 02 00 1D 4E 65 74 43 6F 6E 6E 65 63 74 69 6F 6E 2E 43 6F 6E 6E 65 63 74 2E 53 75 63 63 65 73 73 00 0B 64 65 73 63 72 69 70 74 69 6F 6E 02 00 15 43 6F 6E 6E 65 63 74 69 6F 6E 20 73 75 63 63 65 65 64 65 64 2E 00 04 64 61 74 61 08 00 00 00 01 00 07 76 65 72 73 69 6F 6E 02 00 0A 33 2C 35 2C 35 2C 32 30 30 34 00 00 09 00 08 63 6C 69 65 6E 74 49 64 00 41 D7 9B 78 7C C0 00 00 00 0E 6F 62 6A 65 63 74 45 6E 63 6F 64 69 6E 67 00 40 08 00 00 00 00 00 00 00 00 09";

/// Where the four values of the `_result` command end.
const RESULT_BOUNDARIES: [usize; 4] = [10, 19, 86, 261];

/// A nested value using every complex AMF0 marker, a `07` back reference,
/// a date, a long string, an XML document and two `0x11` switches sharing
/// the AMF3 string table.
fn nested_with_reference() -> Vec<u8> {
    hex("0a 00 00 00 08
         03 00 01 61 00 3f f0 00 00 00 00 00 00
            00 01 62 08 00 00 00 01 00 01 30 02 00 01 78 00 00 09
            00 00 09
         10 00 03 46 6f 6f 00 01 6e 05 00 01 75 06 00 00 09
         07 00 01
         0b 42 76 f5 e6 6e 80 00 00 fe d4
         0c 00 00 00 03 61 62 63
         0f 00 00 00 04 3c 61 2f 3e
         11 0a 0b 01 03 6b 06 07 66 6f 6f 01
         11 09 05 01 06 00 06 02")
}

#[test]
fn nested_value_decodes_and_shares() {
    let bytes = nested_with_reference();
    let v: Value = marked(&bytes).unwrap();
    assert_eq!(v, slice::<Value>(&bytes).unwrap());
    assert!(v[0].ptr_eq(&v[2]));
    assert_eq!(v[6]["k"].as_str(), Some("foo"));
    assert_eq!(v[7][0].as_str(), Some("k"));
    assert_eq!(v[7][1].as_str(), Some("foo"));
    // Written back byte for byte, except that the short long-string becomes
    // a `02` string.
    let expected = to_hex(&bytes).replace("0c 00 00 00 03 61 62 63", "02 00 03 61 62 63");
    assert_eq!(to_hex(&amf0::to_vec(&v).unwrap()), expected);
    let j: Json = slice(&bytes).unwrap();
    assert_eq!(j[2], j[0]);
    assert_eq!(j[6], serde_json::json!({"k": "foo"}));
    assert_eq!(j[7], serde_json::json!(["k", "foo"]));
}

#[test]
fn prefixes_of_the_result_command_stream() {
    let bytes = hex(RESULT_COMMAND);
    assert_eq!(bytes.len(), RESULT_BOUNDARIES[3]);
    for n in 0..=bytes.len() {
        let p = &bytes[..n];
        let complete = RESULT_BOUNDARIES.iter().filter(|&&b| b <= n).count();
        let at_boundary = n == 0 || RESULT_BOUNDARIES.contains(&n);
        for how in [
            "slice Value",
            "reader Value",
            "slice IgnoredAny",
            "reader IgnoredAny",
        ] {
            let results: Vec<Result<(), Error>> = match how {
                "slice Value" => amf0::Deserializer::from_slice(p)
                    .into_iter::<Value>()
                    .map(|r| r.map(drop))
                    .collect(),
                "reader Value" => amf0::Deserializer::from_reader(p)
                    .into_iter::<Value>()
                    .map(|r| r.map(drop))
                    .collect(),
                "slice IgnoredAny" => amf0::Deserializer::from_slice(p)
                    .into_iter::<IgnoredAny>()
                    .map(|r| r.map(drop))
                    .collect(),
                _ => amf0::Deserializer::from_reader(p)
                    .into_iter::<IgnoredAny>()
                    .map(|r| r.map(drop))
                    .collect(),
            };
            if at_boundary {
                assert_eq!(results.len(), complete, "{how}: {n}");
                assert!(results.iter().all(Result::is_ok), "{how}: {n}");
            } else {
                assert_eq!(results.len(), complete + 1, "{how}: {n}");
                let last = results.into_iter().last().unwrap();
                assert_eof_at("_result stream", how, n, p, last);
            }
        }
    }
    // Each of the four values on its own, and all four in a strict array.
    let mut start = 0;
    for end in RESULT_BOUNDARIES {
        check_prefixes::<Json>("_result value", &bytes[start..end], true);
        start = end;
    }
    let mut array = hex("0a 00 00 00 04");
    array.extend_from_slice(&bytes);
    check_prefixes::<(String, f64, Json, HashMap<String, Json>)>("_result array", &array, true);
}

#[test]
fn prefixes_of_every_amf0_fixture() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rocketamf/objects");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf0-"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 17);
    for name in &names {
        let bytes = fixture("objects", name);
        check_prefixes::<Json>(name, &bytes, true);
    }
}

#[test]
fn prefixes_of_a_nested_structure_with_a_reference() {
    let bytes = nested_with_reference();
    check_prefixes::<Json>("nested", &bytes, true);
    // The cyclic one: typed decoding is an error, so only untyped targets.
    let cyclic = hex("0a 00 00 00 02 03 00 01 61 07 00 00 00 00 09 07 00 01");
    check_prefixes::<Json>("cyclic", &cyclic, false);
}

// ----------------------------------------------------------- deep nesting

const DEPTH: usize = 100_000;

fn depth_msg(offset: usize) -> String {
    format!("nesting depth limit of 128 exceeded at byte offset {offset}")
}

#[test]
fn deeply_nested_strict_arrays() {
    let mut bytes = hex("0a 00 00 00 01").repeat(DEPTH);
    bytes.push(0x05);
    // The 129th array starts at 128 × 5.
    let e = assert_err_untyped(&bytes, &depth_msg(640));
    assert_eq!(e.classify(), Category::Syntax);
    // 128 levels are fine.
    let mut ok = hex("0a 00 00 00 01").repeat(128);
    ok.push(0x05);
    slice::<Value>(&ok).unwrap();
    slice::<Json>(&ok).unwrap();
    slice::<IgnoredAny>(&ok).unwrap();
    let mut over = hex("0a 00 00 00 01").repeat(129);
    over.push(0x05);
    assert_err_untyped(&over, &depth_msg(640));
}

#[test]
fn deeply_nested_objects_ecma_arrays_and_typed_objects() {
    let mut objects = hex("03 00 01 61").repeat(DEPTH);
    objects.push(0x05);
    assert_err_untyped(&objects, &depth_msg(128 * 4));

    let mut ecma = hex("08 00 00 00 01 00 01 61").repeat(DEPTH);
    ecma.push(0x05);
    assert_err_untyped(&ecma, &depth_msg(128 * 8));

    let mut typed = hex("10 00 01 43 00 01 61").repeat(DEPTH);
    typed.push(0x05);
    assert_err_untyped(&typed, &depth_msg(128 * 7));

    // Mixed, into an enum-shaped typed target.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    enum Tree {
        Leaf,
        Node(Box<Tree>),
    }
    let mut nodes = hex("03 00 04 4e 6f 64 65").repeat(DEPTH);
    nodes.extend(hex("02 00 04 4c 65 61 66"));
    assert_err::<Tree>(&nodes, &depth_msg(128 * 7));
}

#[test]
fn deep_nesting_through_the_amf3_switch() {
    // The switch itself counts one level, then every AMF3 array.
    let mut amf3 = vec![0x11];
    amf3.extend(hex("09 03 01").repeat(DEPTH));
    amf3.push(0x01);
    assert_err_untyped(&amf3, &depth_msg(1 + 127 * 3));

    // 60 AMF0 arrays, the switch at depth 61, AMF3 arrays from depth 62.
    let mut mixed = hex("0a 00 00 00 01").repeat(60);
    mixed.push(0x11);
    mixed.extend(hex("09 03 01").repeat(DEPTH));
    mixed.push(0x01);
    assert_err_untyped(&mixed, &depth_msg(301 + 67 * 3));

    // Many switches side by side are not nesting.
    let mut wide = hex("0a 00 01 86 a0");
    wide.extend(hex("11 09 03 01 01").repeat(DEPTH));
    let v: Value = slice(&wide).unwrap();
    assert_eq!(v.as_array().unwrap().len(), DEPTH);
    slice::<IgnoredAny>(&wide).unwrap();
}

#[test]
fn followed_references_count_towards_the_depth() {
    // Element k is [ref(k - 1)]: typed decoding replays the whole chain.
    let n = 200u16;
    let mut bytes = hex("0a 00 00 00");
    bytes.push(n as u8);
    bytes.extend(hex("0a 00 00 00 01 05"));
    for k in 1..n {
        bytes.extend(hex("0a 00 00 00 01 07"));
        bytes.extend(k.to_be_bytes()); // index k is element k - 1
    }
    let e = slice::<Json>(&bytes).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("nesting depth limit of 128 exceeded at byte offset "),
        "{e}"
    );
    assert_eq!(e.classify(), Category::Syntax);
    // `Value` shares instead of replaying, `IgnoredAny` does not follow.
    let v: Value = slice(&bytes).unwrap();
    assert!(v[199][0].ptr_eq(&v[198]));
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    slice::<IgnoredAny>(&bytes).unwrap();
}

#[test]
fn custom_depth_limit() {
    let opts = Options::new().with_max_depth(16);
    let mut bytes = hex("0a 00 00 00 01").repeat(17);
    bytes.push(0x05);
    let e = opts.amf0_from_slice::<Value>(&bytes).unwrap_err();
    assert_eq!(
        e.to_string(),
        "nesting depth limit of 16 exceeded at byte offset 80"
    );
    let e = opts
        .amf0_from_reader::<_, IgnoredAny>(bytes.as_slice())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "nesting depth limit of 16 exceeded at byte offset 80"
    );
    let ok = &bytes[5..];
    opts.amf0_from_slice::<Value>(ok).unwrap();
}

// ------------------------------------------------------- huge length claims

/// A reader over a slice that records the largest buffer it was asked to
/// fill: a proxy for how much memory the decoder reserved.
struct Probe<'a> {
    data: &'a [u8],
    largest: &'a Cell<usize>,
}

impl Read for Probe<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.largest.set(self.largest.get().max(buf.len()));
        self.data.read(buf)
    }
}

/// Decodes `bytes` as `T` from a slice and through a `Probe`; both must be
/// an EOF error at `offset`, fast, and the probe must not have been asked
/// for more than 1 MiB at once.
#[track_caller]
fn assert_cheap_eof<T: DeserializeOwned + Debug>(bytes: &[u8], offset: usize) {
    let start = Instant::now();
    let e = slice::<T>(bytes).unwrap_err();
    assert_eof_at("huge claim", "from_slice", offset, bytes, Err::<(), _>(e));
    let largest = Cell::new(0);
    let probe = Probe {
        data: bytes,
        largest: &largest,
    };
    let e = amf0::from_reader::<_, T>(probe).unwrap_err();
    // A reader cannot tell how much input is left: a claim above the
    // length limits (default 2^28 - 1) fails on the limit before anything
    // is read; smaller claims read until the input ends.
    if e.to_string().contains("exceeds the limit of 268435455") {
        assert!(e.is_syntax(), "{e}");
    } else {
        assert_eof_at("huge claim", "from_reader", offset, bytes, Err::<(), _>(e));
    }
    let elapsed = start.elapsed();
    assert!(
        largest.get() <= 1 << 20,
        "the decoder asked the reader for {} bytes at once on {}",
        largest.get(),
        short_hex(bytes)
    );
    assert!(
        elapsed < Duration::from_millis(50),
        "{elapsed:?} on {}",
        short_hex(bytes)
    );
}

#[test]
fn huge_long_string_claims_fail_at_once() {
    for input in [
        "0c ff ff ff ff",
        "0c ff ff ff ff 61 62 63",
        "0f ff ff ff ff",
        "0f ff ff ff ff 3c",
        "02 ff ff 61",
        "0a 00 00 00 01 0c ff ff ff ff",
        "03 ff ff 61",
        "10 ff ff 41",
    ] {
        let bytes = hex(input);
        assert_cheap_eof::<Value>(&bytes, bytes.len());
        assert_cheap_eof::<IgnoredAny>(&bytes, bytes.len());
        assert_cheap_eof::<Json>(&bytes, bytes.len());
    }
    assert_cheap_eof::<String>(&hex("0c ff ff ff ff"), 5);
}

#[test]
fn huge_strict_array_counts_fail_at_once() {
    for input in [
        "0a ff ff ff ff",
        "0a ff ff ff ff 05 05 05",
        "0a 7f ff ff ff 00 3f f0 00 00 00 00 00 00",
        "0a 00 00 00 01 0a ff ff ff ff",
    ] {
        let bytes = hex(input);
        assert_cheap_eof::<Value>(&bytes, bytes.len());
        assert_cheap_eof::<IgnoredAny>(&bytes, bytes.len());
        assert_cheap_eof::<Json>(&bytes, bytes.len());
        assert_cheap_eof::<Vec<Json>>(&bytes, bytes.len());
    }
    assert_cheap_eof::<Vec<f64>>(&hex("0a ff ff ff ff"), 5);
    assert_cheap_eof::<Vec<String>>(&hex("0a ff ff ff ff 02 00 01 61"), 9);
    // 1000 nulls after a claim of 2^32 - 1: EOF at the end, not before.
    let mut bytes = hex("0a ff ff ff ff");
    bytes.extend([0x05; 1000]);
    assert_cheap_eof::<Vec<Option<i32>>>(&bytes, 1005);
    assert_cheap_eof::<Value>(&bytes, 1005);
}

#[test]
fn huge_ecma_counts_are_ignored() {
    let bytes = hex("08 ff ff ff ff 00 00 09");
    let v: Value = slice(&bytes).unwrap();
    let Value::EcmaArray(e) = &v else {
        panic!("{v}")
    };
    assert_eq!(e.length, u32::MAX);
    assert!(e.entries.is_empty());
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    assert_eq!(slice::<Vec<i32>>(&bytes).unwrap(), Vec::<i32>::new());
    assert_eq!(
        slice::<HashMap<String, i32>>(&bytes).unwrap(),
        HashMap::new()
    );
    // Without the terminator: EOF at the end.
    assert_cheap_eof::<Value>(&hex("08 ff ff ff ff"), 5);
    assert_cheap_eof::<Vec<i32>>(&hex("08 ff ff ff ff 00 01 30 05"), 9);
}

// ------------------------------------------------------------ references

#[test]
fn reference_out_of_range() {
    let e = assert_err_untyped(
        &hex("07 00 05"),
        "object reference 5 out of range (0 entries) at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Syntax);
    assert_err::<i32>(
        &hex("07 00 05"),
        "object reference 5 out of range (0 entries) at byte offset 0",
    );
    assert_err::<Vec<i32>>(
        &hex("07 00 00"),
        "object reference 0 out of range (0 entries) at byte offset 0",
    );
    assert_err_untyped(
        &hex("0a 00 00 00 01 07 00 05"),
        "object reference 5 out of range (1 entries) at byte offset 5",
    );
    assert_err_untyped(
        &hex("0a 00 00 00 02 03 00 00 09 07 ff ff"),
        "object reference 65535 out of range (2 entries) at byte offset 9",
    );
    // Dates do not enter the table.
    assert_err_untyped(
        &hex("0a 00 00 00 02 0b 00 00 00 00 00 00 00 00 00 00 07 00 01"),
        "object reference 1 out of range (1 entries) at byte offset 16",
    );
}

#[test]
fn forward_reference() {
    // Index 1 is the object that follows the reference.
    let bytes = hex("0a 00 00 00 02 07 00 01 03 00 00 09");
    assert_err_untyped(
        &bytes,
        "object reference 1 out of range (1 entries) at byte offset 5",
    );
    assert_err::<Vec<HashMap<String, i32>>>(
        &bytes,
        "object reference 1 out of range (1 entries) at byte offset 5",
    );
}

const SELF_REF: &str = "03 00 01 61 07 00 00 00 00 09";
const CYCLE_MSG: &str = "reference to object 0, which is still being read (a cycle), \
                         cannot be decoded into a tree-shaped type at byte offset 4";

#[test]
fn reference_to_the_object_being_read_into_typed_values() {
    let bytes = hex(SELF_REF);
    let e = assert_err::<Json>(&bytes, CYCLE_MSG);
    assert_eq!(e.classify(), Category::Data);
    assert_err::<HashMap<String, Json>>(&bytes, CYCLE_MSG);
    assert_err::<HashMap<String, HashMap<String, i32>>>(&bytes, CYCLE_MSG);
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Node {
        a: Option<Box<Node>>,
    }
    assert_err::<Node>(&bytes, CYCLE_MSG);
    // Ignoring the member does not follow the reference.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Ignore {
        a: IgnoredAny,
    }
    slice::<Ignore>(&bytes).unwrap();
    reader::<Ignore>(&bytes).unwrap();
    slice::<IgnoredAny>(&bytes).unwrap();
    reader::<IgnoredAny>(&bytes).unwrap();
    // A cycle through a strict array and an ECMA array.
    assert_err::<Json>(
        &hex("0a 00 00 00 01 07 00 00"),
        "reference to object 0, which is still being read (a cycle), \
         cannot be decoded into a tree-shaped type at byte offset 5",
    );
    assert_err::<Json>(
        &hex("08 00 00 00 00 00 01 78 07 00 00 00 00 09"),
        "reference to object 0, which is still being read (a cycle), \
         cannot be decoded into a tree-shaped type at byte offset 8",
    );
}

#[test]
fn reference_to_the_object_being_read_into_value_is_a_cycle() {
    for input in [
        SELF_REF,
        "0a 00 00 00 01 07 00 00",
        "08 00 00 00 01 00 01 78 07 00 00 00 00 09",
        "10 00 01 43 00 04 73 65 6c 66 07 00 00 00 00 09",
        // The inner object refers to the outer one.
        "03 00 01 61 03 00 01 62 07 00 00 00 00 09 00 00 09",
        // A cycle inside an object that is later shared.
        "0a 00 00 00 02 03 00 01 61 07 00 01 00 00 09 07 00 01",
    ] {
        let bytes = hex(input);
        let v: Value = slice(&bytes).unwrap_or_else(|e| panic!("{input}: {e}"));
        let r: Value = reader(&bytes).unwrap();
        assert_eq!(v, r, "{input}");
        assert_eq!(
            to_hex(&amf0::to_vec(&v).unwrap()),
            to_hex(&bytes),
            "{input}: {v}"
        );
        let again: Value = slice(&amf0::to_vec(&v).unwrap()).unwrap();
        assert_eq!(again, v);
    }
    let v: Value = slice(&hex(SELF_REF)).unwrap();
    assert!(matches!(v["a"], Value::Cycle(_)), "{v}");
    assert!(v["a"].ptr_eq(&v));
    let v: Value = slice(&hex("03 00 01 61 03 00 01 62 07 00 00 00 00 09 00 00 09")).unwrap();
    assert!(v["a"]["b"].ptr_eq(&v));
    // Displaying and dropping a cyclic value ends.
    let text = v.to_string();
    assert!(!text.is_empty());
    drop(v);
}

#[test]
fn self_referencing_ecma_array_into_sequences_of_untyped_values() {
    // Through a strict array: `IgnoredAny` elements do not follow the
    // reference; `Value` elements of a Rust `Vec` cannot point at it.
    let strict = hex("0a 00 00 00 01 07 00 00");
    slice::<Vec<IgnoredAny>>(&strict).unwrap();
    assert_err::<Vec<Value>>(
        &strict,
        "reference to object 0, which is still being read (a cycle), \
         cannot be decoded into a tree-shaped type at byte offset 5",
    );
    // Into typed trees, the ECMA one is an error (the message differs from
    // the strict array's, but it is a clean error).
    let ecma = hex("08 00 00 00 01 00 01 30 07 00 00 00 00 09");
    let e = slice::<Vec<Json>>(&ecma).unwrap_err();
    assert!(
        e.to_string().contains("cycle") || e.to_string().contains("Cycle"),
        "{e}"
    );
}

#[test]
fn self_referencing_ecma_array_into_vec_of_value() {
    // Expected: the same clean error as for the strict array.
    let ecma = hex("08 00 00 00 01 00 01 30 07 00 00 00 00 09");
    match slice::<Vec<Value>>(&ecma) {
        Err(e) => assert!(e.to_string().contains("cycle"), "{e}"),
        Ok(v) => {
            for item in &v {
                if let Value::Cycle(c) = item {
                    assert!(c.upgrade().is_some(), "dangling cycle in {v:?}");
                }
            }
            amf0::to_vec(&v).unwrap();
        }
    }
}

#[test]
fn self_referencing_ecma_array_into_vec_of_ignored_any() {
    // An ECMA array read as a sequence is decoded whole first (its keys may
    // come in any order), so a reference to itself is a clean cycle error
    // even for skipped elements.
    let ecma = hex("08 00 00 00 01 00 01 30 07 00 00 00 00 09");
    for e in [
        slice::<Vec<IgnoredAny>>(&ecma).unwrap_err(),
        reader::<Vec<IgnoredAny>>(&ecma).unwrap_err(),
    ] {
        assert!(e.to_string().contains("(a cycle)"), "{e}");
    }
}

// --------------------------------------------------------------- markers

#[test]
fn reserved_markers() {
    for (marker, name) in [
        (0x04u8, "movieclip"),
        (0x0e, "recordset"),
        (0x09, "object end"),
    ] {
        let msg = format!("AMF0 marker 0x{marker:02x} ({name}) is not valid here at byte offset 0");
        let e = assert_err_untyped(&[marker], &msg);
        assert_eq!(e.classify(), Category::Syntax);
        assert_err::<i32>(&[marker], &msg);
        assert_err::<String>(&[marker], &msg);
        assert_err::<Option<i32>>(&[marker], &msg);
        assert_err::<Vec<i32>>(&[marker], &msg);
        // Nested in a strict array and as an object member value.
        let mut nested = hex("0a 00 00 00 01");
        nested.push(marker);
        assert_err_untyped(
            &nested,
            &format!("AMF0 marker 0x{marker:02x} ({name}) is not valid here at byte offset 5"),
        );
        let mut member = hex("03 00 01 61");
        member.push(marker);
        member.extend(hex("00 00 09"));
        assert_err_untyped(
            &member,
            &format!("AMF0 marker 0x{marker:02x} ({name}) is not valid here at byte offset 4"),
        );
        assert_err::<HashMap<String, i32>>(
            &member,
            &format!("AMF0 marker 0x{marker:02x} ({name}) is not valid here at byte offset 4"),
        );
    }
}

#[test]
fn a_key_followed_by_the_end_marker_is_malformed() {
    // "a" then 09: the value marker is the reserved object-end marker.
    assert_err_untyped(
        &hex("03 00 01 61 09"),
        "AMF0 marker 0x09 (object end) is not valid here at byte offset 4",
    );
    // An empty key not followed by 09 is a member named "" (see the empty
    // key fixture); `00 00` at the end of input is EOF.
    assert_err_untyped(&hex("03 00 00"), "unexpected end of input at byte offset 3");
}

#[test]
fn invalid_markers() {
    for marker in 0x12..=0xffu8 {
        let msg = format!("invalid AMF0 marker 0x{marker:02x} at byte offset 0");
        let e = assert_err_untyped(&[marker], &msg);
        assert_eq!(e.classify(), Category::Syntax);
        assert_err::<f64>(&[marker, 0, 0, 0, 0, 0, 0, 0, 0], &msg);
        assert_err::<Option<String>>(&[marker], &msg);
        let mut nested = hex("0a 00 00 00 02 05");
        nested.push(marker);
        assert_err_untyped(
            &nested,
            &format!("invalid AMF0 marker 0x{marker:02x} at byte offset 6"),
        );
    }
}

// --------------------------------------------------------------- UTF-8

#[test]
fn invalid_utf8_has_an_offset() {
    for (input, offset) in [
        // a key
        ("03 00 01 ff 05 00 00 09", 3),
        ("08 00 00 00 00 00 02 61 ff 05 00 00 09", 7),
        // a class alias
        ("10 00 01 ff 00 00 09", 3),
        // string values
        ("02 00 02 c3 28", 3),
        ("0c 00 00 00 01 ff", 5),
        ("0f 00 00 00 02 3c ff", 5),
        // BlazeDS CESU-8 for U+1F600
        ("02 00 06 ed a0 bd ed b8 80", 3),
        // a key deeper inside
        ("0a 00 00 00 01 03 00 01 ff 05 00 00 09", 8),
        // a string value inside an object
        ("03 00 01 61 02 00 01 80 00 00 09", 7),
    ] {
        let msg = format!("invalid UTF-8 in string at byte offset {offset}");
        let e = assert_err_untyped(&hex(input), &msg);
        assert_eq!(e.classify(), Category::Syntax);
    }
    assert_err::<String>(
        &hex("02 00 02 c3 28"),
        "invalid UTF-8 in string at byte offset 3",
    );
    assert_err::<HashMap<String, String>>(
        &hex("03 00 01 61 02 00 01 80 00 00 09"),
        "invalid UTF-8 in string at byte offset 7",
    );
}

// ------------------------------------------------------------ trailing

#[test]
fn trailing_bytes() {
    let e = slice::<Value>(&hex("05 05")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 trailing byte after the value at byte offset 1"
    );
    assert_eq!(e.classify(), Category::Syntax);
    let e = slice::<IgnoredAny>(&hex("05 05 05")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2 trailing bytes after the value at byte offset 1"
    );
    let e = reader::<Option<i32>>(&hex("05 05")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "trailing bytes after the value at byte offset 1"
    );
    let e = slice::<String>(&hex("02 00 01 61 00")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 trailing byte after the value at byte offset 4"
    );
    // A whole second value is trailing too.
    let e = slice::<Json>(&hex(RESULT_COMMAND)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "251 trailing bytes after the value at byte offset 10"
    );
}

// ---------------------------------------------------------- reference bomb

/// A strict array of `n` arrays where each (after the first) holds two
/// references to the previous one: 2^n values when references are replayed.
fn reference_bomb(n: u16) -> Vec<u8> {
    let mut bytes = hex("0a 00 00");
    bytes.extend(n.to_be_bytes());
    bytes.extend(hex("0a 00 00 00 02 05 05"));
    for k in 1..n {
        bytes.extend(hex("0a 00 00 00 02 07"));
        bytes.extend(k.to_be_bytes());
        bytes.push(0x07);
        bytes.extend(k.to_be_bytes());
    }
    bytes
}

#[test]
fn reference_bomb_hits_the_work_limit_quickly() {
    let bytes = reference_bomb(48);
    let limit = bytes.len() as u64 * Options::WORK_PER_BYTE + Options::WORK_BASE;
    let start = Instant::now();
    let e = slice::<Json>(&bytes).unwrap_err();
    assert!(
        e.to_string().starts_with(&format!(
            "work limit of {limit} decoded values exceeded at byte offset "
        )),
        "{e}"
    );
    assert_eq!(e.classify(), Category::Syntax);
    let e = slice::<Vec<Vec<Json>>>(&bytes).unwrap_err();
    assert!(e.to_string().starts_with("work limit of "), "{e}");
    let e = reader::<Json>(&bytes).unwrap_err();
    assert!(
        e.to_string().starts_with("work limit of ")
            && e.to_string()
                .contains(" decoded values exceeded at byte offset "),
        "{e}"
    );
    let e = Options::new()
        .with_max_work(1000)
        .amf0_from_slice::<Json>(&bytes)
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("work limit of 1000 decoded values exceeded at byte offset "),
        "{e}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );

    // `Value` shares the arrays, `IgnoredAny` does not follow references:
    // both are cheap, and `Value` writes the same bytes back.
    let start = Instant::now();
    let v: Value = slice(&bytes).unwrap();
    assert!(v[47][0].ptr_eq(&v[46]));
    assert!(v[47][1].ptr_eq(&v[46]));
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    let r: Value = reader(&bytes).unwrap();
    assert_eq!(r, v);
    slice::<IgnoredAny>(&bytes).unwrap();
    reader::<IgnoredAny>(&bytes).unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn reference_bomb_through_amf3_switches() {
    // [11 [1, 2], 11 ref, 11 ref …]: AMF3 object references across switches.
    let mut bytes = hex("0a 00 00 00 10 11 09 05 01 04 01 04 02");
    for _ in 1..16 {
        bytes.extend(hex("11 09 00"));
    }
    let v: Value = marked(&bytes).unwrap();
    assert_eq!(v, slice::<Value>(&bytes).unwrap());
    assert!(v[15].ptr_eq(&v[0]));
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    assert_eq!(
        slice::<Vec<Vec<i32>>>(&bytes).unwrap(),
        vec![vec![1, 2]; 16]
    );
}

// --------------------------------------------------------------- fuzzing

/// Decodes `bytes` every way; `Err` if anything panicked or disagreed.
/// A successfully decoded `Value` must re-encode, and decode back to an
/// equal `Value`. `Ok(true)` when the `Value` decoded.
fn decode_all_ways(bytes: &[u8], opts: &Options) -> Result<bool, String> {
    let r = catch_unwind(AssertUnwindSafe(|| -> Result<bool, String> {
        let v = opts.amf0_from_slice::<Value>(bytes);
        let _ = opts.amf0_from_slice::<IgnoredAny>(bytes);
        let _ = opts.amf0_from_slice::<Json>(bytes);
        let _ = opts.amf0_from_reader::<_, IgnoredAny>(bytes);
        let r = opts.amf0_from_reader::<_, Value>(bytes);
        match (&v, &r) {
            (Ok(a), Ok(b)) if a != b => return Err("slice and reader Values differ".into()),
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => {
                return Err(format!("slice and reader disagree: {e}"))
            }
            _ => {}
        }
        let decoded = v.is_ok();
        if let Ok(v) = v {
            let again = amf0::to_vec(&v).map_err(|e| format!("re-encode of {v}: {e}"))?;
            let back: Value = opts
                .amf0_from_slice(&again)
                .map_err(|e| format!("decode of re-encoded {}: {e}", short_hex(&again)))?;
            if back != v {
                return Err(format!(
                    "re-encoded value differs: {v} vs {back} ({})",
                    short_hex(&again)
                ));
            }
        }
        Ok(decoded)
    }));
    match r {
        Ok(r) => r,
        Err(_) => Err("panic".into()),
    }
}

fn fuzz_seeds() -> Vec<Vec<u8>> {
    let mut seeds = vec![
        hex(RESULT_COMMAND)[19..86].to_vec(),
        hex(RESULT_COMMAND)[86..].to_vec(),
        nested_with_reference(),
        hex("0a 00 00 00 02 03 00 01 61 07 00 00 00 00 09 07 00 01"),
        hex(SELF_REF),
        reference_bomb(10),
        hex("0a 00 00 00 02 11 06 07 66 6f 6f 11 06 00"),
        hex("11 0a 07 43 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e 41 72 72 61 79 43 6f 6c 6c 65 63 74 69 6f 6e 09 03 01 06 09 65 67 67 73"),
    ];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rocketamf/objects");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf0-"))
        .collect();
    names.sort();
    for name in names {
        seeds.push(fixture("objects", &name));
    }
    seeds
}

/// Random concatenations of AMF0 fragments (markers with plausible
/// payloads, keys, end markers, references, AMF3 fragments after `0x11`):
/// often valid, often deep, often cyclic.
fn token_soup(rng: &mut Rng) -> Vec<u8> {
    const FRAGMENTS: &[&str] = &[
        "00 3f f0 00 00 00 00 00 00",
        "00 7f f8 00 00 00 00 00 01",
        "01 00",
        "01 05",
        "02 00 01 61",
        "02 00 00",
        "0c 00 00 00 01 62",
        "03",
        "10 00 01 43",
        "08 00 00 00 02",
        "0a 00 00 00 01",
        "0a 00 00 00 02",
        "00 01 61",
        "00 00",
        "00 00 09",
        "00 00 09",
        "05",
        "06",
        "0d",
        "07 00 00",
        "07 00 01",
        "0b 00 00 00 00 00 00 00 00 ff ff",
        "0f 00 00 00 00",
        "11 09 03 01",
        "11 06 03 61",
        "11 06 00",
        "11 0a 0b 01 00 04 01 01",
        "11 09 00",
        "11 04 7f",
    ];
    let n = 1 + rng.below(12);
    let mut out = Vec::new();
    for _ in 0..n {
        out.extend(hex(FRAGMENTS[rng.below(FRAGMENTS.len())]));
    }
    out
}

#[test]
fn fuzz_random_bytes_never_panic() {
    // With the switch marks, so that re-encoding keeps every `0x11`.
    let opts = Options::new()
        .with_max_work(1 << 16)
        .with_switch_marks(true);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut failures = Vec::new();
    let mut decoded = 0;
    let start = Instant::now();
    for _ in 0..20_000 {
        let bytes = if rng.below(2) == 0 {
            // Bytes biased towards valid markers and small lengths.
            let len = rng.below(64);
            (0..len)
                .map(|_| match rng.below(4) {
                    0 => rng.below(0x12) as u8,
                    1 => rng.below(0x04) as u8,
                    _ => rng.byte(),
                })
                .collect()
        } else {
            token_soup(&mut rng)
        };
        match decode_all_ways(&bytes, &opts) {
            Ok(ok) => decoded += usize::from(ok),
            Err(e) => failures.push(format!("{e}: {}", to_hex(&bytes))),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );
    // Some of the token soups are valid AMF0 (one value, nothing after it).
    assert!(decoded > 300, "only {decoded} inputs decoded");
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn fuzz_mutated_encodings_never_panic() {
    // With the switch marks, so that re-encoding keeps every `0x11`.
    let opts = Options::new()
        .with_max_work(1 << 16)
        .with_switch_marks(true);
    let seeds = fuzz_seeds();
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let mut failures = Vec::new();
    let mut decoded = 0;
    let start = Instant::now();
    for _ in 0..20_000 {
        let mut bytes = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len().max(1));
            match rng.below(7) {
                0 if !bytes.is_empty() => bytes[at] = rng.byte(),
                1 if !bytes.is_empty() => bytes[at] ^= 1 << rng.below(8),
                2 if !bytes.is_empty() => {
                    bytes.remove(at);
                }
                3 => bytes.insert(at.min(bytes.len()), rng.below(0x12) as u8),
                4 => bytes.truncate(at),
                5 if !bytes.is_empty() => {
                    bytes[at] = [0x00, 0x01, 0x07, 0x09, 0x11, 0x7f, 0x80, 0xff][rng.below(8)]
                }
                _ => {
                    // Splice in a reference to a small index.
                    let r = [0x07, 0x00, rng.below(4) as u8];
                    let at = at.min(bytes.len());
                    bytes.splice(at..at, r);
                }
            }
        }
        match decode_all_ways(&bytes, &opts) {
            Ok(ok) => decoded += usize::from(ok),
            Err(e) => failures.push(format!("{e}: {}", to_hex(&bytes))),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );
    // Some mutations keep the input valid (a changed number, string byte…).
    assert!(decoded > 1000, "only {decoded} inputs decoded");
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}
