//! Hostile AMF3 input: truncation, deep nesting, huge length claims, bad
//! references, invalid markers and UTF-8, trailing bytes, reference bombs and
//! a deterministic fuzz loop. Every failure must be a clean `Error` with the
//! right category and byte offset: no panic, no stack overflow, no huge
//! allocation, no runaway work.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::Command;
use std::time::{Duration, Instant};

use amf_serde::{Category, Error, Options};
use amf_serde_tests::{fixture, hex, to_hex};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use serde_json::Value;

// ------------------------------------------------------------------ helpers

fn slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    amf_serde::from_slice(bytes)
}

fn reader<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    amf_serde::from_reader(bytes)
}

/// Asserts that decoding `bytes` as `T` fails, via `from_slice` and
/// `from_reader`, with exactly `msg` (the full `Display` text), and returns
/// the slice error.
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

/// Hex of at most the first 48 bytes, for assertion messages.
fn short_hex(bytes: &[u8]) -> String {
    if bytes.len() <= 48 {
        to_hex(bytes)
    } else {
        format!("{} … ({} bytes)", to_hex(&bytes[..48]), bytes.len())
    }
}

/// U29 encoding, written independently of the library.
fn u29(v: u32) -> Vec<u8> {
    assert!(v < 1 << 29);
    if v < 0x80 {
        vec![v as u8]
    } else if v < 0x4000 {
        vec![0x80 | (v >> 7) as u8, (v & 0x7f) as u8]
    } else if v < 0x20_0000 {
        vec![
            0x80 | (v >> 14) as u8,
            0x80 | ((v >> 7) & 0x7f) as u8,
            (v & 0x7f) as u8,
        ]
    } else {
        vec![
            0x80 | ((v >> 22) & 0x7f) as u8,
            0x80 | ((v >> 15) & 0x7f) as u8,
            0x80 | ((v >> 8) & 0x7f) as u8,
            (v & 0xff) as u8,
        ]
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

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Person {
    name: String,
    role: String,
    age: i32,
    address: Address,
    tags: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Address {
    city: String,
    zip: Option<String>,
}

fn people() -> Vec<Person> {
    let mk = |name: &str, role: &str, age, city: &str| Person {
        name: name.to_owned(),
        role: role.to_owned(),
        age,
        address: Address {
            city: city.to_owned(),
            zip: if age % 2 == 0 {
                Some("75001".to_owned())
            } else {
                None
            },
        },
        tags: vec![role.to_owned(), "x".to_owned(), String::new()],
    };
    vec![
        mk("ann", "admin", 30, "Paris"),
        mk("bob", "admin", -1, "Paris"),
        mk("ann", "user", 1 << 28, "Lyon"),
    ]
}

fn string_map() -> BTreeMap<String, Vec<i64>> {
    let mut m = BTreeMap::new();
    m.insert("alpha".to_owned(), vec![1, -1, 1 << 28, -(1 << 28) - 1]);
    m.insert("beta".to_owned(), vec![0]);
    m.insert("alphabet".to_owned(), vec![1 << 53]);
    m
}

fn dictionary() -> BTreeMap<i32, String> {
    let mut m = BTreeMap::new();
    m.insert(-5, "neg".to_owned());
    m.insert(0, "zero".to_owned());
    m.insert(1 << 29, "neg".to_owned());
    m
}

fn byte_array() -> ByteBuf {
    ByteBuf::from((0..=255u8).cycle().take(300).collect::<Vec<u8>>())
}

/// Asserts that `r` is an EOF error at offset `n`.
#[track_caller]
fn assert_eof_at<T>(what: &str, how: &str, total: usize, prefix: &[u8], r: Result<T, Error>) {
    let n = prefix.len();
    let e = match r {
        Ok(_) => panic!(
            "{what}: {how}: prefix of {n} bytes decoded: {}",
            short_hex(prefix)
        ),
        Err(e) => e,
    };
    assert!(
        e.is_eof() && e.offset() == Some(n as u64),
        "{what}: {how}: prefix of {n}/{total} bytes gave {e:?} (category {:?}); prefix {}",
        e.classify(),
        short_hex(prefix)
    );
    assert_eq!(
        e.to_string(),
        format!("unexpected end of input at byte offset {n}")
    );
}

/// Checks one valid encoding: it decodes completely as `T` (if `typed`) and
/// as `IgnoredAny`, and every strict prefix is an EOF error at the prefix
/// length: via `from_slice` into `IgnoredAny` and `T`, and via `from_reader`
/// into `IgnoredAny`. (`from_reader` into `T`: see
/// [`check_reader_typed_prefixes`].)
#[track_caller]
fn check_prefixes<T: DeserializeOwned + Debug>(what: &str, bytes: &[u8], typed: bool) {
    if typed {
        slice::<T>(bytes).unwrap_or_else(|e| panic!("{what}: from_slice: {e}"));
        reader::<T>(bytes).unwrap_or_else(|e| panic!("{what}: from_reader: {e}"));
    }
    slice::<IgnoredAny>(bytes).unwrap_or_else(|e| panic!("{what}: from_slice ignored: {e}"));
    reader::<IgnoredAny>(bytes).unwrap_or_else(|e| panic!("{what}: from_reader ignored: {e}"));
    let total = bytes.len();
    for n in 0..total {
        let p = &bytes[..n];
        assert_eof_at(
            what,
            "from_slice IgnoredAny",
            total,
            p,
            slice::<IgnoredAny>(p),
        );
        assert_eof_at(
            what,
            "from_reader IgnoredAny",
            total,
            p,
            reader::<IgnoredAny>(p),
        );
        if typed {
            assert_eof_at(what, "from_slice typed", total, p, slice::<T>(p));
        }
    }
}

/// Every strict prefix decoded with `from_reader` into `T` is an EOF error
/// at the prefix length.
#[track_caller]
fn check_reader_typed_prefixes<T: DeserializeOwned + Debug>(what: &str, bytes: &[u8]) {
    let total = bytes.len();
    for n in 0..total {
        let p = &bytes[..n];
        assert_eof_at(what, "from_reader typed", total, p, reader::<T>(p));
    }
}

#[test]
fn prefixes_of_struct_list_with_string_and_traits_refs() {
    let bytes = amf_serde::to_vec(&people()).unwrap();
    // The list really uses references: a traits reference (`0a 01`) and
    // string references to "ann" and "admin".
    assert!(
        bytes.windows(2).any(|w| w == [0x0a, 0x01]),
        "{}",
        to_hex(&bytes)
    );
    assert_eq!(
        bytes.windows(4).filter(|w| w == b"\x07ann").count(),
        1,
        "{}",
        to_hex(&bytes)
    );
    assert_eq!(slice::<Vec<Person>>(&bytes).unwrap(), people());
    check_prefixes::<Vec<Person>>("people", &bytes, true);
    check_prefixes::<Value>("people as Value", &bytes, true);
}

#[test]
fn prefixes_of_string_map() {
    let bytes = amf_serde::to_vec(&string_map()).unwrap();
    assert_eq!(bytes[0], 0x0a, "{}", to_hex(&bytes));
    assert_eq!(
        slice::<BTreeMap<String, Vec<i64>>>(&bytes).unwrap(),
        string_map()
    );
    check_prefixes::<BTreeMap<String, Vec<i64>>>("string map", &bytes, true);
    check_prefixes::<Value>("string map as Value", &bytes, true);
}

#[test]
fn prefixes_of_dictionary() {
    let bytes = amf_serde::to_vec(&dictionary()).unwrap();
    assert_eq!(bytes[0], 0x11, "{}", to_hex(&bytes));
    assert_eq!(
        slice::<BTreeMap<i32, String>>(&bytes).unwrap(),
        dictionary()
    );
    check_prefixes::<BTreeMap<i32, String>>("dictionary", &bytes, true);
}

#[test]
fn prefixes_of_byte_array() {
    let bytes = amf_serde::to_vec(&byte_array()).unwrap();
    assert_eq!(&bytes[..3], [0x0c, 0x84, 0x59], "{}", to_hex(&bytes[..3]));
    assert_eq!(slice::<ByteBuf>(&bytes).unwrap(), byte_array());
    check_prefixes::<ByteBuf>("byte array", &bytes, true);
    // Inside an array, next to a string.
    let pair = amf_serde::to_vec(&(byte_array(), "after")).unwrap();
    check_prefixes::<(ByteBuf, String)>("byte array pair", &pair, true);
}

#[test]
fn prefixes_of_sequence_and_vectors() {
    let seq = amf_serde::to_vec(&vec![1i64, -1, 1 << 28, 1 << 53, 0]).unwrap();
    check_prefixes::<Vec<i64>>("int sequence", &seq, true);
    let vectors: &[(&str, &str)] = &[
        (
            "Vector.<int>",
            "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        ),
        (
            "fixed Vector.<int>",
            "0d 09 01 00 00 00 02 00 00 07 d0 7f ff ff ff 80 00 00 00",
        ),
        (
            "Vector.<uint>",
            "0e 07 00 00 00 00 04 00 00 00 14 00 00 00 0c",
        ),
        (
            "Vector.<Number>",
            "0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a",
        ),
    ];
    for (what, h) in vectors {
        check_prefixes::<Vec<f64>>(what, &hex(h), true);
    }
    // Vector.<Object> of three sealed objects with a traits reference.
    let vo = hex("10 07 00 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73
         0a 23 00 07 62 61 7a 07 66 6f 6f 01 06 04
         0a 01 01 06 07 62 61 72
         0a 01 01 06 02");
    check_prefixes::<Vec<BTreeMap<String, Option<String>>>>("Vector.<Object>", &vo, true);
    check_prefixes::<Value>("Vector.<Object> as Value", &vo, true);
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Shape {
    Unit,
    New(String),
    Tuple(i32, String),
    Struct { a: String, b: Option<i64> },
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape::Unit,
        Shape::New("Unit".to_owned()),
        Shape::Tuple(-1, "New".to_owned()),
        Shape::Struct {
            a: "a".to_owned(),
            b: Some(1 << 40),
        },
        Shape::Struct {
            a: "Tuple".to_owned(),
            b: None,
        },
    ]
}

#[test]
fn prefixes_of_enums_and_options() {
    let bytes = amf_serde::to_vec(&shapes()).unwrap();
    assert_eq!(slice::<Vec<Shape>>(&bytes).unwrap(), shapes());
    check_prefixes::<Vec<Shape>>("enums", &bytes, true);
}

#[test]
fn prefixes_via_reader_into_typed_values() {
    // Minimal case: `09 03` (an array of one element, then nothing). The
    // slice reader says EOF at 2; the io reader peeks for the `01` that ends
    // the associative part, sees end of input, and visits a map instead.
    let e = reader::<Vec<i32>>(&hex("09 03")).unwrap_err();
    assert_eq!(e.to_string(), "unexpected end of input at byte offset 2");
    assert!(e.is_eof());
    let e = slice::<Vec<i32>>(&hex("09 03")).unwrap_err();
    assert_eq!(e.to_string(), "unexpected end of input at byte offset 2");
    // From a slice too, when the array is empty: `09 01` then nothing.
    let e = slice::<Vec<i32>>(&hex("09 01")).unwrap_err();
    assert_eq!(e.to_string(), "unexpected end of input at byte offset 2");
    let e = slice::<Vec<Vec<i32>>>(&hex("09 03 01 09 01")).unwrap_err();
    assert_eq!(e.to_string(), "unexpected end of input at byte offset 5");
    let mut with_empty = string_map();
    with_empty.insert("empty".to_owned(), vec![]);
    let bytes = amf_serde::to_vec(&with_empty).unwrap();
    check_prefixes::<BTreeMap<String, Vec<i64>>>("map with an empty list", &bytes, true);

    check_reader_typed_prefixes::<Vec<Person>>("people", &amf_serde::to_vec(&people()).unwrap());
    check_reader_typed_prefixes::<BTreeMap<String, Vec<i64>>>(
        "string map",
        &amf_serde::to_vec(&string_map()).unwrap(),
    );
    check_reader_typed_prefixes::<BTreeMap<i32, String>>(
        "dictionary",
        &amf_serde::to_vec(&dictionary()).unwrap(),
    );
    check_reader_typed_prefixes::<ByteBuf>(
        "byte array",
        &amf_serde::to_vec(&byte_array()).unwrap(),
    );
    check_reader_typed_prefixes::<(ByteBuf, String)>(
        "byte array pair",
        &amf_serde::to_vec(&(byte_array(), "after")).unwrap(),
    );
    check_reader_typed_prefixes::<Vec<i64>>(
        "int sequence",
        &amf_serde::to_vec(&vec![1i64, -1, 1 << 28, 1 << 53, 0]).unwrap(),
    );
    check_reader_typed_prefixes::<Vec<Shape>>("enums", &amf_serde::to_vec(&shapes()).unwrap());
}

#[test]
fn prefixes_via_reader_into_typed_values_without_arrays() {
    // The reader/typed path for encodings without arrays works today.
    check_reader_typed_prefixes::<BTreeMap<i32, String>>(
        "dictionary",
        &amf_serde::to_vec(&dictionary()).unwrap(),
    );
    check_reader_typed_prefixes::<ByteBuf>(
        "byte array",
        &amf_serde::to_vec(&byte_array()).unwrap(),
    );
    check_reader_typed_prefixes::<Vec<f64>>(
        "Vector.<Number>",
        &hex("0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a"),
    );
    let mut m = BTreeMap::new();
    m.insert("k".to_owned(), shapes().pop().unwrap());
    m.insert("Unit".to_owned(), Shape::Unit);
    check_reader_typed_prefixes::<BTreeMap<String, Shape>>(
        "enum map",
        &amf_serde::to_vec(&m).unwrap(),
    );
}

#[test]
fn prefixes_of_rocketamf_fixtures() {
    let mut checked = 0;
    let dir = format!("{}/fixtures/rocketamf/objects", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf3-") && n.ends_with(".bin"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{names:?}");
    let mut skipped = Vec::new();
    for name in &names {
        let bytes = fixture("objects", name);
        if slice::<IgnoredAny>(&bytes).is_err() {
            // e.g. an externalizable class without a registered reader.
            skipped.push(name.clone());
            continue;
        }
        let typed = slice::<Value>(&bytes).is_ok();
        check_prefixes::<Value>(name, &bytes, typed);
        checked += 1;
    }
    assert!(checked >= 30, "checked {checked}, skipped {skipped:?}");
}

// ------------------------------------------------------------ deep nesting

/// A recursive typed target for nested arrays.
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Deep(Vec<Deep>);

/// A recursive typed target for nested objects `{a: {a: ...}}`.
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct DeepObj {
    a: Option<Box<DeepObj>>,
}

fn nested(unit: &str, times: usize, end: &str) -> Vec<u8> {
    let mut bytes = hex(unit).repeat(times);
    bytes.extend(hex(end));
    bytes
}

/// Runs `f` on a thread with a modest 2 MiB stack (the default for test
/// threads), so that a missing depth limit shows up as a crash here too.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn deep_arrays_hit_the_depth_limit() {
    on_small_stack(|| {
        let bytes = nested("09 03 01", 100_000, "01");
        let msg = "nesting depth limit of 128 exceeded at byte offset 384";
        let e = assert_err::<IgnoredAny>(&bytes, msg);
        assert!(e.is_syntax());
        assert_eq!(e.classify(), Category::Syntax);
        assert_eq!(e.offset(), Some(384));
        assert_err::<Value>(&bytes, msg);
        assert_err::<Deep>(&bytes, msg);

        let opts = Options::new().with_max_depth(10);
        let msg = "nesting depth limit of 10 exceeded at byte offset 30";
        for e in [
            opts.from_slice::<IgnoredAny>(&bytes).unwrap_err(),
            opts.from_slice::<Value>(&bytes).unwrap_err(),
            opts.from_slice::<Deep>(&bytes).unwrap_err(),
            opts.from_reader::<_, IgnoredAny>(&bytes[..]).unwrap_err(),
            opts.from_reader::<_, Value>(&bytes[..]).unwrap_err(),
        ] {
            assert_eq!(e.to_string(), msg);
        }
    });
}

#[test]
fn depth_limit_is_exact() {
    // 128 nested arrays are fine, 129 are not.
    let ok = nested("09 03 01", 127, "09 01 01");
    slice::<IgnoredAny>(&ok).unwrap();
    slice::<Value>(&ok).unwrap();
    reader::<Value>(&ok).unwrap();
    let bad = nested("09 03 01", 128, "09 01 01");
    assert_err::<IgnoredAny>(
        &bad,
        "nesting depth limit of 128 exceeded at byte offset 384",
    );
    let opts = Options::new().with_max_depth(10);
    opts.from_slice::<Value>(&nested("09 03 01", 9, "09 01 01"))
        .unwrap();
    assert_eq!(
        opts.from_slice::<Value>(&nested("09 03 01", 10, "09 01 01"))
            .unwrap_err()
            .to_string(),
        "nesting depth limit of 10 exceeded at byte offset 30"
    );
}

#[test]
fn deep_objects_hit_the_depth_limit() {
    on_small_stack(|| {
        // {a: {a: {a: ...}}} with inline traits and literal keys each time.
        let bytes = nested("0a 0b 01 03 61", 100_000, "01");
        let msg = "nesting depth limit of 128 exceeded at byte offset 640";
        assert_err::<IgnoredAny>(&bytes, msg);
        assert_err::<Value>(&bytes, msg);
        assert_err::<DeepObj>(&bytes, msg);
        // The same with traits and key references after the first object.
        let mut refs = hex("0a 0b 01 03 61");
        refs.extend(hex("0a 01 00").repeat(100_000));
        refs.push(0x01);
        let msg = "nesting depth limit of 128 exceeded at byte offset 386";
        assert_err::<IgnoredAny>(&refs, msg);
        assert_err::<DeepObj>(&refs, msg);
        let opts = Options::new().with_max_depth(10);
        assert_eq!(
            opts.from_slice::<Value>(&bytes).unwrap_err().to_string(),
            "nesting depth limit of 10 exceeded at byte offset 50"
        );
        assert_eq!(
            opts.from_reader::<_, DeepObj>(&refs[..])
                .unwrap_err()
                .to_string(),
            "nesting depth limit of 10 exceeded at byte offset 32"
        );
    });
}

#[test]
fn deep_dictionaries_and_object_vectors_hit_the_depth_limit() {
    on_small_stack(|| {
        // Dictionary {0: {0: ...}}.
        let dict = nested("11 03 00 06 01", 100_000, "01");
        let msg = "nesting depth limit of 128 exceeded at byte offset 640";
        assert_err::<IgnoredAny>(&dict, msg);
        assert_err::<Value>(&dict, msg);
        // Vector.<Object> [[[...]]].
        let vec = nested("10 03 00 01", 100_000, "01");
        let msg = "nesting depth limit of 128 exceeded at byte offset 512";
        assert_err::<IgnoredAny>(&vec, msg);
        assert_err::<Value>(&vec, msg);
        assert_err::<Deep>(&vec, msg);
        // Alternating object / array / dictionary / vector.
        let mixed = nested(
            "0a 0b 01 03 61  09 03 01  11 03 00 06 01  10 03 00 01",
            25_000,
            "01 01",
        );
        let msg = "nesting depth limit of 128 exceeded at byte offset 544";
        assert_err::<IgnoredAny>(&mixed, msg);
        assert_err::<Value>(&mixed, msg);
        let opts = Options::new().with_max_depth(10);
        assert_eq!(
            opts.from_slice::<IgnoredAny>(&dict)
                .unwrap_err()
                .to_string(),
            "nesting depth limit of 10 exceeded at byte offset 50"
        );
        assert_eq!(
            opts.from_reader::<_, Value>(&vec[..])
                .unwrap_err()
                .to_string(),
            "nesting depth limit of 10 exceeded at byte offset 40"
        );
    });
}

#[test]
fn followed_references_count_towards_the_depth_limit() {
    // [[[[[[]]]]], ref #1]: the reference to the 5-deep array at depth 1
    // replays it at depth 2..6; with a limit of 6 that is one too many.
    let mut bytes = hex("09 05 01");
    bytes.extend(nested("09 03 01", 4, "09 01 01"));
    bytes.extend(hex("09 02"));
    Options::new()
        .with_max_depth(7)
        .from_slice::<Value>(&bytes)
        .unwrap();
    let e = Options::new()
        .with_max_depth(6)
        .from_slice::<Value>(&bytes)
        .unwrap_err();
    assert!(e.is_syntax(), "{e}");
    assert!(e
        .to_string()
        .starts_with("nesting depth limit of 6 exceeded"));
}

// ------------------------------------------------------ huge length claims

const ALLOC_CHILD_ENV: &str = "AMF_SERDE_TESTS_ALLOC_CHILD";

/// Peak virtual memory of this process in KiB (`VmPeak` in
/// `/proc/self/status`): it grows with every large allocation, even one
/// that is never touched.
fn vm_peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmPeak:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// The workspace forbids `unsafe_code` (`-F unsafe_code`, which an `allow`
/// cannot override), so this binary cannot install a counting
/// `#[global_allocator]`. Instead the measuring test re-runs itself alone in
/// a child process (one test, one thread: no noise from other tests) with
/// glibc's malloc set to one arena and a fixed 64 KiB mmap threshold, and
/// watches the process's peak virtual memory, which then grows by the full
/// size of any allocation of 64 KiB or more, touched or not. The child
/// checks first that a 1 MiB allocation shows up.
/// Returns `true` in the child, where the caller measures; in the parent it
/// runs the child and checks it passed.
fn in_alloc_child(test_name: &str) -> bool {
    if std::env::var_os(ALLOC_CHILD_ENV).is_some() {
        return true;
    }
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .args([
            test_name,
            "--exact",
            "--include-ignored",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(ALLOC_CHILD_ENV, "1")
        // One malloc arena, and a fixed mmap threshold: every allocation of
        // 64 KiB or more gets its own mapping, so it shows in `VmPeak` even
        // on the test's own thread.
        .env(
            "GLIBC_TUNABLES",
            "glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=65536",
        )
        .env("MALLOC_ARENA_MAX", "1")
        .env("MALLOC_MMAP_THRESHOLD_", "65536")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "child run of {test_name} failed ({:?}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(
        stdout.contains("1 passed"),
        "child did not run {test_name}:\n{stdout}"
    );
    false
}

/// Runs `f`, asserting it fails fast with EOF at `eof_at` and that the peak
/// virtual memory grows by less than 1 MiB while it runs.
#[track_caller]
fn assert_cheap_eof<T: Debug>(what: &str, eof_at: usize, f: impl FnOnce() -> Result<T, Error>) {
    let before = vm_peak_kib();
    let start = Instant::now();
    let r = f();
    let elapsed = start.elapsed();
    let growth = vm_peak_kib() - before;
    let e = match r {
        Ok(v) => panic!("{what}: decoded {v:?}"),
        Err(e) => e,
    };
    assert!(
        e.is_eof() && e.offset() == Some(eof_at as u64),
        "{what}: {e:?}"
    );
    assert!(growth < 1024, "{what}: peak memory grew by {growth} KiB");
    assert!(elapsed < Duration::from_secs(1), "{what}: took {elapsed:?}");
}

/// Decodes `bytes` as `T` from a slice or a reader, dropping the value.
fn typed<T: DeserializeOwned>(bytes: &[u8], from_reader: bool) -> Result<(), Error> {
    if from_reader {
        reader::<T>(bytes).map(drop)
    } else {
        slice::<T>(bytes).map(drop)
    }
}

type Decode = fn(&[u8], bool) -> Result<(), Error>;

/// 9-byte inputs whose header claims close to 2^28 items, with the Rust
/// type they would naturally be decoded into.
fn huge_claims() -> Vec<(&'static str, Vec<u8>, Decode)> {
    vec![
        ("string", hex("06 ff ff ff ff 61 62 63 64"), typed::<String>),
        (
            "string in array",
            hex("09 03 01 06 ff ff ff ff 61"),
            typed::<Vec<String>>,
        ),
        (
            "byte array",
            hex("0c ff ff ff ff 01 02 03 04"),
            typed::<ByteBuf>,
        ),
        (
            "array count",
            hex("09 ff ff ff ff 01 01 01 01"),
            typed::<Vec<Option<i32>>>,
        ),
        (
            "Vector.<int> count",
            hex("0d ff ff ff ff 00 00 00 01"),
            typed::<Vec<i32>>,
        ),
        (
            "Vector.<uint> count",
            hex("0e ff ff ff ff 00 00 00 01"),
            typed::<Vec<u32>>,
        ),
        (
            "Vector.<Number> count",
            hex("0f ff ff ff ff 00 00 00 00"),
            typed::<Vec<f64>>,
        ),
        (
            "Vector.<Object> count",
            hex("10 ff ff ff ff 00 01 01 01"),
            typed::<Vec<Option<i32>>>,
        ),
        (
            "dictionary count",
            hex("11 ff ff ff ff 00 06 01 01"),
            typed::<BTreeMap<String, Option<i32>>>,
        ),
        (
            "XML length",
            hex("0b ff ff ff ff 3c 61 2f 3e"),
            typed::<String>,
        ),
        (
            "XMLDocument length",
            hex("07 ff ff ff ff 3c 61 2f 3e"),
            typed::<String>,
        ),
        (
            "dynamic member name",
            hex("0a 0b 01 ff ff ff ff 61 62"),
            typed::<BTreeMap<String, Value>>,
        ),
        (
            "associative array key",
            hex("09 01 ff ff ff ff 61 62 63"),
            typed::<BTreeMap<String, Value>>,
        ),
    ]
}

/// Sealed member count 2^25 - 1 (`…0011` with all other bits set): 9 bytes.
fn huge_sealed_claim() -> (&'static str, Vec<u8>, Decode) {
    (
        "sealed member count",
        hex("0a ff ff ff f3 01 03 61 01"),
        typed::<BTreeMap<String, Value>>,
    )
}

fn check_claim(what: &str, bytes: &[u8], decode: Decode, from_reader: bool) {
    assert_eq!(bytes.len(), 9, "{what}");
    let opts = Options::new();
    let n = bytes.len();
    if from_reader {
        assert_cheap_eof(what, n, || opts.from_reader::<_, IgnoredAny>(bytes));
        assert_cheap_eof(what, n, || opts.from_reader::<_, Value>(bytes));
    } else {
        assert_cheap_eof(what, n, || opts.from_slice::<IgnoredAny>(bytes));
        assert_cheap_eof(what, n, || opts.from_slice::<Value>(bytes));
    }
    assert_cheap_eof(what, n, || decode(bytes, from_reader));
}

fn warm_up() {
    // First use of the allocator, formatting, etc. is not charged to a case.
    let _ = slice::<Value>(&hex("09 05 01 06 03 61 0a 0b 01 03 62 04 01 01"));
    let _ = reader::<Value>(&hex("09 05 01 06 03 61 0a 0b 01 03 62 04 01 01"));
    let _ = slice::<Value>(&hex("06 ff ff ff ff")).map_err(|e| e.to_string());
    let _ = vm_peak_kib();
    // The measurement works here: an untouched 8 MiB buffer shows up.
    let before = vm_peak_kib();
    let big: Vec<u8> = Vec::with_capacity(8 << 20);
    std::hint::black_box(&big);
    drop(big);
    let growth = vm_peak_kib() - before;
    assert!(
        growth >= 8 << 10,
        "VmPeak grew by only {growth} KiB for 8 MiB"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn huge_length_claims_from_slice_fail_without_allocating() {
    if !in_alloc_child("huge_length_claims_from_slice_fail_without_allocating") {
        return;
    }
    warm_up();
    for (what, bytes, decode) in huge_claims().into_iter().chain([huge_sealed_claim()]) {
        check_claim(what, &bytes, decode, false);
    }
}

#[test]
#[cfg(target_os = "linux")]
fn huge_length_claims_from_reader_fail_without_allocating() {
    if !in_alloc_child("huge_length_claims_from_reader_fail_without_allocating") {
        return;
    }
    warm_up();
    for (what, bytes, decode) in huge_claims().into_iter().chain([huge_sealed_claim()]) {
        check_claim(what, &bytes, decode, true);
    }
}

#[test]
fn huge_length_claims_fail_in_place() {
    // The same claims, checked for category and offset in this process.
    for (what, bytes, decode) in huge_claims().into_iter().chain([huge_sealed_claim()]) {
        for e in [
            slice::<IgnoredAny>(&bytes).unwrap_err(),
            slice::<Value>(&bytes).unwrap_err(),
            decode(&bytes, false).unwrap_err(),
        ] {
            assert!(e.is_eof(), "{what}: {e:?}");
            assert_eq!(e.offset(), Some(9), "{what}: {e:?}");
            assert_eq!(e.to_string(), "unexpected end of input at byte offset 9");
        }
    }
}

// --------------------------------------------------------------- references

#[test]
fn string_reference_out_of_range() {
    assert_err::<IgnoredAny>(
        &hex("06 00"),
        "string reference 0 out of range (0 entries) at byte offset 1",
    );
    // ["a", ref #1]
    let e = assert_err::<Vec<String>>(
        &hex("09 05 01 06 03 61 06 02"),
        "string reference 1 out of range (1 entries) at byte offset 7",
    );
    assert!(e.is_syntax());
    // The empty string is never entered in the table: ["", ref #0].
    assert_err::<Value>(
        &hex("09 05 01 06 01 06 00"),
        "string reference 0 out of range (0 entries) at byte offset 6",
    );
    // A dynamic member name that is a bad reference.
    assert_err::<Value>(
        &hex("0a 0b 01 04 04 01 01"),
        "string reference 2 out of range (0 entries) at byte offset 3",
    );
    // A large index in a 4-byte U29.
    assert_err::<IgnoredAny>(
        &hex("06 ff ff ff fe"),
        "string reference 268435455 out of range (0 entries) at byte offset 1",
    );
}

#[test]
fn object_reference_out_of_range() {
    let e = assert_err::<IgnoredAny>(
        &hex("09 02"),
        "object reference 1 out of range (0 entries) at byte offset 0",
    );
    assert!(e.is_syntax());
    assert_err::<Vec<Vec<i32>>>(
        &hex("09 03 01 09 02"),
        "object reference 1 out of range (1 entries) at byte offset 3",
    );
    assert_err::<IgnoredAny>(
        &hex("09 05 01 0c 03 ff 0c 04"),
        "object reference 2 out of range (2 entries) at byte offset 6",
    );
}

#[test]
fn traits_reference_out_of_range() {
    // Message and category; the offset is somewhere in the object header
    // (see `traits_reference_offset_is_that_of_the_reference` for the exact
    // offset).
    for (bytes, msg, header) in [
        ("0a 05", "traits reference 1 out of range (0 entries)", 1),
        (
            "09 05 01 0a 0b 01 01 0a 05 01",
            "traits reference 1 out of range (1 entries)",
            8,
        ),
        (
            "0a 83 ff ff fd",
            "traits reference 4194303 out of range (0 entries)",
            1,
        ),
    ] {
        let bytes = hex(bytes);
        for e in [
            slice::<IgnoredAny>(&bytes).unwrap_err(),
            slice::<Value>(&bytes).unwrap_err(),
            reader::<Value>(&bytes).unwrap_err(),
        ] {
            assert!(e.is_syntax(), "{e}");
            let offset = e.offset().unwrap();
            assert!(
                e.to_string() == format!("{msg} at byte offset {offset}"),
                "{e}"
            );
            assert!((header - 1..=bytes.len() as u64).contains(&offset), "{e}");
        }
    }
}

#[test]
fn traits_reference_offset_is_that_of_the_reference() {
    // A string reference error points at its U29 (`06 02` → offset 1), an
    // object reference error at its marker; a traits reference error should
    // point at the U29 that holds the reference, not past it.
    assert_err::<IgnoredAny>(
        &hex("06 02"),
        "string reference 1 out of range (0 entries) at byte offset 1",
    );
    assert_err::<IgnoredAny>(
        &hex("0a 05"),
        "traits reference 1 out of range (0 entries) at byte offset 1",
    );
    assert_err::<Value>(
        &hex("09 05 01 0a 0b 01 01 0a 05 01"),
        "traits reference 1 out of range (1 entries) at byte offset 8",
    );
}

const CYCLE: &str = "reference to object 0, which is still being read (a cycle), \
                     cannot be decoded into a tree-shaped type";

#[test]
fn cyclic_reference_is_an_error() {
    let msg = format!("{CYCLE} at byte offset 3");
    let e = assert_err::<Value>(&hex("09 03 01 09 00"), &msg);
    assert_eq!(e.classify(), Category::Data);
    assert!(e.is_data());
    assert_err::<Deep>(&hex("09 03 01 09 00"), &msg);
    assert_err::<Vec<Vec<i32>>>(&hex("09 03 01 09 00"), &msg);
    // An object whose member refers to itself.
    assert_err::<Value>(
        &hex("0a 0b 01 03 61 0a 00 01"),
        &format!("{CYCLE} at byte offset 5"),
    );
    assert_err::<DeepObj>(
        &hex("0a 0b 01 03 61 0a 00 01"),
        &format!("{CYCLE} at byte offset 5"),
    );
    // A dictionary whose value is itself.
    assert_err::<BTreeMap<i32, Value>>(
        &hex("11 03 00 04 01 11 00"),
        &format!("{CYCLE} at byte offset 5"),
    );
    // Deeper: [[ref #0]].
    assert_err::<Value>(
        &hex("09 03 01 09 03 01 09 00"),
        &format!("{CYCLE} at byte offset 6"),
    );
}

#[test]
fn cycles_skipped_as_ignored_any_terminate() {
    // Skipping need not follow references, so a cycle may be accepted; if it
    // is rejected, it must be with the cycle error.
    for (h, at) in [
        ("09 03 01 09 00", 3),
        ("0a 0b 01 03 61 0a 00 01", 5),
        ("11 03 00 04 01 11 00", 5),
        ("09 03 01 09 03 01 09 00", 6),
    ] {
        let bytes = hex(h);
        for r in [slice::<IgnoredAny>(&bytes), reader::<IgnoredAny>(&bytes)] {
            if let Err(e) = r {
                assert_eq!(e.to_string(), format!("{CYCLE} at byte offset {at}"));
            }
        }
    }
}

#[test]
fn finished_references_are_fine() {
    // [[1], ref #1] decodes; the reference is not a cycle.
    let v: Vec<Vec<i32>> = slice(&hex("09 05 01 09 03 01 04 01 09 02")).unwrap();
    assert_eq!(v, [vec![1], vec![1]]);
    let v: Vec<Vec<i32>> = reader(&hex("09 05 01 09 03 01 04 01 09 02")).unwrap();
    assert_eq!(v, [vec![1], vec![1]]);
}

// ---------------------------------------------------------------- markers

#[test]
fn invalid_markers() {
    for marker in 0x12..=0xffu8 {
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 0");
        let e = assert_err::<IgnoredAny>(&[marker], &msg);
        assert!(e.is_syntax());
        assert_err::<Value>(&[marker], &msg);
        assert_err::<String>(&[marker], &msg);
        assert_err::<i32>(&[marker], &msg);
        assert_err::<f64>(&[marker], &msg);
        assert_err::<Option<i32>>(&[marker], &msg);
        assert_err::<Vec<i32>>(&[marker], &msg);
        // Nested, after a string that fills the string table.
        let mut bytes = hex("09 05 01 06 03 61");
        bytes.push(marker);
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 6");
        assert_err::<Vec<Value>>(&bytes, &msg);
        assert_err::<IgnoredAny>(&bytes, &msg);
        // As a dictionary key and as an object member value.
        let mut dict = hex("11 03 00");
        dict.extend([marker, 0x01]);
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 3");
        assert_err::<IgnoredAny>(&dict, &msg);
        let mut obj = hex("0a 0b 01 03 61");
        obj.extend([marker, 0x01]);
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 5");
        assert_err::<BTreeMap<String, i32>>(&obj, &msg);
    }
}

#[test]
fn invalid_marker_into_enum_is_a_syntax_error() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    enum E {
        A,
    }
    for marker in 0x12..=0xffu8 {
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 0");
        let e = assert_err::<E>(&[marker], &msg);
        assert!(e.is_syntax());
    }
}

// ------------------------------------------------------------------ UTF-8

#[test]
fn invalid_utf8_reports_the_string_offset() {
    let e = assert_err::<String>(
        &hex("06 05 c3 28"),
        "invalid UTF-8 in string at byte offset 2",
    );
    assert!(e.is_syntax());
    assert_err::<IgnoredAny>(
        &hex("06 05 c3 28"),
        "invalid UTF-8 in string at byte offset 2",
    );
    // Second element of an array, a 2-byte length header.
    let mut bytes = hex("09 05 01 06 03 61 06 81 01");
    bytes.extend(b"x".repeat(63));
    bytes.push(0xff);
    assert_err::<Vec<String>>(&bytes, "invalid UTF-8 in string at byte offset 9");
    // CESU-8 surrogate pair (BlazeDS) is rejected by default.
    assert_err::<Value>(
        &hex("06 0d ed a0 bd ed b8 80"),
        "invalid UTF-8 in string at byte offset 2",
    );
    // A dynamic member name.
    assert_err::<BTreeMap<String, i32>>(
        &hex("0a 0b 01 05 ff fe 04 01 01"),
        "invalid UTF-8 in string at byte offset 4",
    );
    // A sealed member name and a class name.
    assert_err::<Value>(
        &hex("0a 13 01 03 80 04 01"),
        "invalid UTF-8 in string at byte offset 4",
    );
    assert_err::<Value>(
        &hex("0a 0b 05 61 c0 01"),
        "invalid UTF-8 in string at byte offset 3",
    );
    // XML text.
    assert_err::<String>(
        &hex("0b 07 3c ff 3e"),
        "invalid UTF-8 in string at byte offset 2",
    );
}

// --------------------------------------------------------------- trailing

#[test]
fn trailing_bytes_are_rejected() {
    let e = slice::<i32>(&hex("04 01 00")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 trailing byte after the value at byte offset 2"
    );
    assert!(e.is_syntax());
    assert_eq!(e.offset(), Some(2));
    let e = slice::<IgnoredAny>(&hex("09 01 01 02 03 04")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "3 trailing bytes after the value at byte offset 3"
    );
    // A reader cannot know how many bytes remain.
    let e = reader::<i32>(&hex("04 01 00")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "trailing bytes after the value at byte offset 2"
    );
    assert!(e.is_syntax());
}

// --------------------------------------------------------- reference bomb

/// `levels` nested arrays, each holding the previous level inline and then a
/// reference to it: `L0 = []`, `Lk = [L(k-1), ref L(k-1)]`. Decoding the
/// top into a tree means `2^levels` leaves from a few hundred bytes.
fn reference_bomb(levels: u32) -> Vec<u8> {
    // Object indices: L(levels) = #0, L(levels-1) = #1, ..., Lk = #(levels-k).
    let mut out = hex("09 05 01").repeat(levels as usize);
    out.extend(hex("09 01 01"));
    for k in 1..=levels {
        out.push(0x09);
        out.extend(u29((levels - (k - 1)) << 1));
    }
    out
}

/// A recursive typed target for the bomb.
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Tree(Vec<Tree>);

#[test]
fn reference_bomb_is_well_formed() {
    // Small bombs decode, to the expected full binary tree.
    fn leaves(v: &Value) -> usize {
        match v {
            Value::Array(a) if a.is_empty() => 1,
            Value::Array(a) => a.iter().map(leaves).sum(),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(
        to_hex(&reference_bomb(2)),
        "09 05 01 09 05 01 09 01 01 09 04 09 02"
    );
    for levels in 0..=10 {
        let bytes = reference_bomb(levels);
        let v: Value = slice(&bytes).unwrap();
        assert_eq!(leaves(&v), 1 << levels, "levels {levels}");
        let v: Value = reader(&bytes).unwrap();
        assert_eq!(leaves(&v), 1 << levels, "levels {levels}");
        slice::<Tree>(&bytes).unwrap();
    }
}

/// Counts the values it visits without storing them; unlike `IgnoredAny`
/// it asks for every element as a full value, so references are followed.
#[derive(Debug)]
struct Count(u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("nested arrays")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Count, A::Error> {
                let mut n = 1;
                while let Some(Count(c)) = seq.next_element()? {
                    n += c;
                }
                Ok(Count(n))
            }
        }
        d.deserialize_seq(V)
    }
}

#[test]
fn reference_bomb_hits_the_work_limit() {
    let bytes = reference_bomb(40);
    assert!(bytes.len() < 250, "{}", bytes.len());
    let opts = Options::new().with_max_work(1000);
    let start = Instant::now();
    for e in [
        opts.from_slice::<Value>(&bytes).unwrap_err(),
        opts.from_slice::<Tree>(&bytes).unwrap_err(),
        opts.from_slice::<Count>(&bytes).unwrap_err(),
        opts.from_slice::<Vec<Vec<Vec<Value>>>>(&bytes).unwrap_err(),
        opts.from_reader::<_, Value>(&bytes[..]).unwrap_err(),
        opts.from_reader::<_, Tree>(&bytes[..]).unwrap_err(),
    ] {
        assert!(e.to_string().contains("work limit"), "{e}");
        assert!(
            e.to_string()
                .starts_with("work limit of 1000 decoded values exceeded at byte offset "),
            "{e}"
        );
        assert!(e.is_syntax());
        let offset = e.offset().unwrap() as usize;
        assert!(offset < bytes.len(), "{e}");
    }
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn reference_bomb_skipped_as_ignored_any_is_cheap() {
    // Skipping either does not follow references (linear) or hits the work
    // limit; either way it is quick.
    let bytes = reference_bomb(40);
    let start = Instant::now();
    for r in [
        slice::<IgnoredAny>(&bytes),
        reader::<IgnoredAny>(&bytes),
        Options::new()
            .with_max_work(1000)
            .from_slice::<IgnoredAny>(&bytes),
    ] {
        if let Err(e) = r {
            assert!(e.to_string().contains("work limit"), "{e}");
        }
    }
    let elapsed = start.elapsed();
    // Not following the references takes microseconds.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn reference_bomb_hits_the_default_work_limit() {
    // The default limit (16 values per input byte + 65,536: 68,784 for these
    // 203 bytes) ends the 2^41-value bomb. `Count` follows every reference
    // but stores nothing.
    let bytes = reference_bomb(40);
    let start = Instant::now();
    let e = slice::<Count>(&bytes).unwrap_err();
    let elapsed = start.elapsed();
    assert!(e.to_string().contains("work limit"), "{e}");
    assert!(
        e.to_string()
            .starts_with("work limit of 68784 decoded values exceeded at byte offset "),
        "{e}"
    );
    assert!(e.is_syntax());
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn reference_bomb_into_value_fails_quickly_with_default_options() {
    let bytes = reference_bomb(40);
    let start = Instant::now();
    let e = slice::<Tree>(&bytes).unwrap_err();
    assert!(e.to_string().contains("work limit"), "{e}");
    let e = slice::<Value>(&bytes).unwrap_err();
    assert!(e.to_string().contains("work limit"), "{e}");
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn work_limit_resets_per_top_level_value() {
    // Ten values of 600 items each, read with a limit of 1000 per value.
    let one = amf_serde::to_vec(&vec![7i32; 600]).unwrap();
    let bytes = one.repeat(10);
    let de = amf_serde::amf3::Deserializer::with_options(
        amf_serde::read::SliceRead::new(&bytes),
        &Options::new().with_max_work(1000),
    );
    let values: Vec<Vec<i32>> = de.into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(values.len(), 10);
    let e = Options::new()
        .with_max_work(1000)
        .from_slice::<Vec<Vec<i32>>>(&amf_serde::to_vec(&vec![vec![7i32; 600]; 2]).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("work limit of 1000"), "{e}");
}

#[test]
fn work_limit_in_a_run_of_doubles_stops_at_the_exact_element() {
    // [1.0, 2.0, …, 10.0]: the array counts 1, each double 1, so a limit
    // of 6 fails at the sixth double: offset 3 + 5 × 9 = 48.
    let doubles: Vec<f64> = (1..=10).map(f64::from).collect();
    let bytes = amf_serde::to_vec(&doubles).unwrap();
    assert_eq!(&bytes[..3], [0x09, 0x15, 0x01]);
    let opts = Options::new().with_max_work(6);
    for e in [
        opts.from_slice::<amf_serde::Value>(&bytes).unwrap_err(),
        opts.from_reader::<_, amf_serde::Value>(&bytes[..])
            .unwrap_err(),
        opts.from_slice::<Vec<f64>>(&bytes).unwrap_err(),
    ] {
        assert_eq!(
            e.to_string(),
            "work limit of 6 decoded values exceeded at byte offset 48"
        );
    }
    // One more value of budget and the whole array decodes.
    let v: amf_serde::Value = Options::new().with_max_work(11).from_slice(&bytes).unwrap();
    assert_eq!(
        v,
        amf_serde::Value::from(
            doubles
                .iter()
                .map(|&d| amf_serde::Value::Double(d))
                .collect::<Vec<_>>()
        )
    );
}

// ------------------------------------------------------------------- fuzz

/// Decodes `bytes` every way we care about (slice and reader, generic and
/// typed targets); returns `false` if any of them panicked.
fn decode_all_ways(bytes: &[u8], opts: &Options) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        let _ = opts.from_slice::<Value>(bytes);
        let _ = opts.from_slice::<IgnoredAny>(bytes);
        let _ = opts.from_reader::<_, Value>(bytes);
        let _ = opts.from_reader::<_, IgnoredAny>(bytes);
        let _ = opts.from_slice::<Vec<Person>>(bytes);
        let _ = opts.from_slice::<Vec<Shape>>(bytes);
        let _ = opts.from_slice::<BTreeMap<String, Vec<i64>>>(bytes);
        let _ = opts.from_slice::<BTreeMap<i32, String>>(bytes);
        let _ = opts.from_slice::<(ByteBuf, String, f64, Vec<u32>)>(bytes);
        let _ = opts.from_slice::<Vec<&str>>(bytes);
        let _ = opts.from_reader::<_, Vec<Shape>>(bytes);
    }))
    .is_ok()
}

fn fuzz_seeds() -> Vec<Vec<u8>> {
    let mut seeds = vec![
        amf_serde::to_vec(&people()).unwrap(),
        amf_serde::to_vec(&string_map()).unwrap(),
        amf_serde::to_vec(&dictionary()).unwrap(),
        amf_serde::to_vec(&(byte_array(), "x", 1.5f64, [1u32 << 31])).unwrap(),
        hex("09 07 01 09 05 01 0a 0b 01 07 66 6f 6f 06 07 62 61 72 01 0a 01 00 06 02 01 06 02 09 05 01 0a 04 0a 06"),
        hex("10 07 00 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 0a 23 00 07 62 61 7a 07 66 6f 6f 01 06 04 0a 01 01 06 07 62 61 72 0a 01 01 06 02"),
        hex("09 07 09 61 73 64 66 06 09 66 64 73 61 07 66 6f 6f 06 07 62 61 72 05 34 32 06 06 01 06 09 62 61 72 31 06 09 62 61 72 32 06 09 62 61 72 33"),
        hex("0d 09 01 00 00 00 02 00 00 07 d0 7f ff ff ff 80 00 00 00"),
        hex("0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a"),
        reference_bomb(12),
    ];
    for name in [
        "amf3-complex-array-collection.bin",
        "amf3-dictionary.bin",
        "amf3-trait-ref.bin",
        "amf3-xml-ref.bin",
        "amf3-date-ref.bin",
        "amf3-byte-array-ref.bin",
    ] {
        seeds.push(fixture("objects", name));
    }
    seeds
}

#[test]
fn fuzz_random_bytes_never_panic() {
    // Work is capped so that a random reference bomb stays cheap.
    let opts = Options::new().with_max_work(1 << 16);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut panics = Vec::new();
    for _ in 0..20_000 {
        let len = rng.below(64);
        // Bias towards valid markers and small U29s so decoding gets deep.
        let bytes: Vec<u8> = (0..len)
            .map(|_| match rng.below(4) {
                0 => rng.below(0x12) as u8,
                1 => rng.below(0x10) as u8,
                _ => rng.byte(),
            })
            .collect();
        let ok = decode_all_ways(&bytes, &opts);
        if !ok {
            panics.push(to_hex(&bytes));
        }
    }
    assert!(panics.is_empty(), "panicked on: {panics:#?}");
}

#[test]
fn fuzz_mutated_encodings_never_panic() {
    let opts = Options::new().with_max_work(1 << 16);
    let seeds = fuzz_seeds();
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let mut panics = Vec::new();
    for _ in 0..20_000 {
        let mut bytes = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len().max(1));
            match rng.below(6) {
                0 if !bytes.is_empty() => bytes[at] = rng.byte(),
                1 if !bytes.is_empty() => bytes[at] ^= 1 << rng.below(8),
                2 if !bytes.is_empty() => {
                    bytes.remove(at);
                }
                3 => bytes.insert(at.min(bytes.len()), rng.byte()),
                4 => bytes.truncate(at),
                _ if !bytes.is_empty() => bytes[at] = [0x00, 0x01, 0x7f, 0x80, 0xff][rng.below(5)],
                _ => {}
            }
        }
        let ok = decode_all_ways(&bytes, &opts);
        if !ok {
            panics.push(to_hex(&bytes));
        }
    }
    assert!(panics.is_empty(), "panicked on: {panics:#?}");
}

// ------------------------------------------------- typed fast paths' errors

/// A string that must be upper case (its visitor rejects the others).
#[derive(Debug, PartialEq)]
struct Upper(String);

impl<'de> Deserialize<'de> for Upper {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Upper;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an upper-case string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Upper, E> {
                if s.chars().any(char::is_lowercase) {
                    return Err(E::invalid_value(serde::de::Unexpected::Str(s), &self));
                }
                Ok(Upper(s.to_owned()))
            }
        }
        d.deserialize_str(V)
    }
}

/// `true` only (its visitor rejects `false`).
#[derive(Debug, PartialEq)]
struct Yes;

impl<'de> Deserialize<'de> for Yes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Yes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true")
            }
            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Yes, E> {
                if !b {
                    return Err(E::invalid_value(serde::de::Unexpected::Bool(b), &self));
                }
                Ok(Yes)
            }
        }
        d.deserialize_bool(V)
    }
}

#[test]
fn string_and_bool_errors_inside_containers_name_the_element() {
    // Top level (general path) and inside an array (fast path) agree.
    assert_eq!(slice::<Upper>(&hex("06 03 41")).unwrap(), Upper("A".into()));
    assert_err::<Upper>(
        &hex("06 03 62"),
        "invalid value: string \"b\", expected an upper-case string at byte offset 0",
    );
    // ["A", "b"]: the second string starts at byte 6.
    assert_err::<Vec<Upper>>(
        &hex("09 05 01 06 03 41 06 03 62"),
        "invalid value: string \"b\", expected an upper-case string at byte offset 6",
    );
    // ["A", ref to "A", "b"] with a string reference in the middle.
    assert_eq!(
        slice::<Vec<Upper>>(&hex("09 05 01 06 03 41 06 00")).unwrap(),
        [Upper("A".into()), Upper("A".into())]
    );
    // [true, false]
    assert_err::<Yes>(
        &hex("02"),
        "invalid value: boolean `false`, expected true at byte offset 0",
    );
    assert_err::<Vec<Yes>>(
        &hex("09 05 01 03 02"),
        "invalid value: boolean `false`, expected true at byte offset 4",
    );
    assert_eq!(
        slice::<Vec<bool>>(&hex("09 05 01 03 02")).unwrap(),
        [true, false]
    );
    // A string where a bool is expected and the reverse: the general path's
    // type errors, at the element.
    assert_err::<Vec<bool>>(
        &hex("09 05 01 03 06 03 61"),
        "invalid type: string \"a\", expected a boolean at byte offset 4",
    );
    assert_err::<Vec<String>>(
        &hex("09 05 01 06 03 61 03"),
        "invalid type: boolean `true`, expected a string at byte offset 6",
    );
}

#[test]
fn reference_tables_do_not_carry_over_between_documents() {
    // Tables are reused between decoders on a thread; each document still
    // starts with empty ones, also after a failed decode.
    let strings = hex("09 05 01 06 03 61 06 00"); // ["a", ref "a"]
    let string_ref = hex("09 03 01 06 00"); // [ref string 0]
    let object_ref = hex("09 03 01 09 00"); // [ref object 0]: a cycle
    for _ in 0..2 {
        assert_eq!(slice::<Vec<String>>(&strings).unwrap(), ["a", "a"]);
        assert_err::<Vec<String>>(
            &string_ref,
            "string reference 0 out of range (0 entries) at byte offset 4",
        );
        assert_eq!(slice::<Vec<String>>(&strings).unwrap(), ["a", "a"]);
        assert!(slice::<Vec<Value>>(&object_ref).is_err());
        assert_err::<Vec<i32>>(
            &hex("09 05 01 06 03 61 04 01"),
            "invalid type: string \"a\", expected i32 at byte offset 3",
        );
        assert_err::<Vec<String>>(
            &string_ref,
            "string reference 0 out of range (0 entries) at byte offset 4",
        );
    }
    // AMF0: [obj {}, ref 1] then [ref 1]: the second document has no entry 1.
    let amf0 = hex("0a 00 00 00 02 03 00 00 09 07 00 01");
    let v: Vec<BTreeMap<String, i32>> = amf_serde::amf0::from_slice(&amf0).unwrap();
    assert_eq!(v.len(), 2);
    let e =
        amf_serde::amf0::from_slice::<Vec<BTreeMap<String, i32>>>(&hex("0a 00 00 00 01 07 00 01"))
            .unwrap_err();
    assert!(e.to_string().contains("out of range"), "{e}");
}

// ------------------------------------------- dynamic data inside containers

/// Objects with referenced traits, short dense arrays and object references
/// inside a container, read into `serde_json::Value` and `amf_serde::Value`
/// (the direct paths of `deserialize_any` and the `Value` decoder), and an
/// error in such an object, which names the byte of the bad member.
#[test]
fn objects_and_short_arrays_inside_containers_decode_exactly_and_fail_at_the_byte() {
    let bytes = [
        0x09, 0x09, 0x01, // [ of 4
        0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x01, // {a: 1}, dynamic traits inline
        0x0a, 0x01, 0x00, 0x04, 0x02, 0x01, // {a: 2}, traits and "a" by reference
        0x09, 0x05, 0x01, 0x04, 0x03, 0x0a, 0x01, 0x00, 0x04, 0x04, 0x01, // [3, {a: 4}]
        0x0a, 0x04, // object reference #2: {a: 2} again
    ];
    let want = serde_json::json!([{"a": 1}, {"a": 2}, [3, {"a": 4}], {"a": 2}]);
    assert_eq!(slice::<Value>(&bytes).unwrap(), want);
    assert_eq!(reader::<Value>(&bytes).unwrap(), want);
    let v: amf_serde::Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(serde_json::Value::try_from(&v).unwrap(), want);
    // The reference is the same node as the second element.
    assert!(v[1].ptr_eq(&v[3]));

    // A bad marker (0x20) as the member of the second object, at byte 14.
    let bad = [
        0x09, 0x05, 0x01, 0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x01, 0x0a, 0x01, 0x00, 0x20,
    ];
    let e = slice::<Value>(&bad).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
    let e = reader::<Value>(&bad).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
    let e = amf_serde::from_slice::<amf_serde::Value>(&bad).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
}
