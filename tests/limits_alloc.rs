//! Memory and time used while decoding hostile input, measured with a
//! counting global allocator: the peak of bytes outstanding (allocated and
//! not yet freed) on the decoding thread must stay within
//! "input size × a small constant + a constant", whatever the input claims,
//! and every hostile input must be rejected (or decoded) quickly.
//!
//! Cases: huge length claims of every kind (AMF3 string, XML, XMLDocument,
//! ByteArray, array count, the four vector counts, dictionary count, sealed
//! member count; AMF0 long string, XML document, strict array count, ECMA
//! count), deep nesting through objects, arrays, vectors and dictionaries
//! (depth limit), and reference bombs (work limit for typed targets; shared
//! nodes for `Value`), each through `from_slice` and `from_reader`.
//!
//! The allocator counts per thread, so tests running in parallel do not
//! disturb each other's numbers. The library forbids `unsafe`; this test
//! crate needs it for `GlobalAlloc`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::time::{Duration, Instant};

use amf_serde::{Error, Options, Value};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_bytes::ByteBuf;

// --------------------------------------------------------------- allocator

thread_local! {
    /// Whether this thread is being measured, its outstanding bytes and the
    /// peak since measuring started. `const` thread-locals without
    /// destructors: safe to touch from inside the allocator.
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = ACTIVE.try_with(|active| {
        if active.get() {
            let now = CURRENT.with(|c| {
                let now = c.get() + delta;
                c.set(now);
                now
            });
            PEAK.with(|p| p.set(p.get().max(now)));
        }
    });
}

/// The system allocator, counting what the measured thread holds.
struct Counting;

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping
// only touches const-initialised thread-locals and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        track(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` on this thread and returns its result, the peak number of bytes
/// it had allocated at any moment (including the result) and the time taken.
fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, Duration) {
    CURRENT.with(|c| c.set(0));
    PEAK.with(|p| p.set(0));
    ACTIVE.with(|a| a.set(true));
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    ACTIVE.with(|a| a.set(false));
    (r, PEAK.with(Cell::get).max(0) as usize, took)
}

// ------------------------------------------------------------------ bounds

/// Bytes a decoder may hold per input byte: a `Value` is 32 bytes and takes
/// at least one input byte, an object member (name + value) 56 bytes for at
/// least two input bytes, plus `Arc` headers and table entries.
const PER_INPUT_BYTE: usize = 64;

/// Bytes a decoder may hold per unit of work (one decoded value, counting
/// the values re-read through references): a typed reference bomb builds
/// values up to the work limit before it is stopped, and a
/// `serde_json::Value` (32 bytes) in a `Vec` that grows by doubling can
/// take twice that, plus the `Vec`s of the enclosing arrays.
const PER_WORK_UNIT: usize = 128;

/// Bytes a decoder may hold whatever the input: pre-allocation caps
/// (readers cap a claimed count at 4096 items; serde caps `Vec` hints at
/// 1 MiB), the error.
const FIXED: usize = 1 << 20;

/// "input size × a small constant + limits": the default work limit is
/// `Options::WORK_PER_BYTE` values per byte + `Options::WORK_BASE`, so for a
/// 10-byte input the bound is about 9 MiB, and a pre-allocation driven by a
/// length claim (hundreds of MiB to GiB) cannot hide in it.
fn bound(input_len: usize) -> usize {
    let work = Options::new().max_work(input_len as u64) as usize;
    input_len * PER_INPUT_BYTE + work * PER_WORK_UNIT + FIXED
}

/// What a case is expected to produce.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// An end-of-input error at the given offset.
    Eof(u64),
    /// A syntax error whose message starts with this text; its offset is
    /// checked to be inside the input.
    Syntax(&'static str),
    /// Success.
    Ok,
}

type Decode = fn(&[u8], bool) -> Result<(), Error>;

fn amf3<T: DeserializeOwned>(bytes: &[u8], from_reader: bool) -> Result<(), Error> {
    let opts = Options::new();
    if from_reader {
        opts.from_reader::<_, T>(bytes).map(drop)
    } else {
        opts.from_slice::<T>(bytes).map(drop)
    }
}

fn amf0<T: DeserializeOwned>(bytes: &[u8], from_reader: bool) -> Result<(), Error> {
    let opts = Options::new();
    if from_reader {
        opts.amf0_from_reader::<_, T>(bytes).map(drop)
    } else {
        opts.amf0_from_slice::<T>(bytes).map(drop)
    }
}

/// Decodes `bytes` with `decode` from a slice and from a reader, checking
/// the outcome, the peak memory and the time. Returns the measurements
/// (slice, reader) for reporting.
fn check(what: &str, bytes: &[u8], decode: Decode, expect: Expect) -> [(usize, Duration); 2] {
    let mut out = [(0, Duration::ZERO); 2];
    for (i, from_reader) in [false, true].into_iter().enumerate() {
        let how = if from_reader {
            "from_reader"
        } else {
            "from_slice"
        };
        let (r, peak, took) = measure(|| decode(bytes, from_reader));
        match (expect, &r) {
            (Expect::Ok, Ok(())) => {}
            // From a reader the input left is unknown: a claim above the
            // length limits fails on the limit before anything is read.
            (Expect::Eof(_), Err(e))
                if from_reader && e.to_string().contains("exceeds the limit of 268435455") =>
            {
                assert!(e.is_syntax(), "{what} ({how}): {e}");
            }
            (Expect::Eof(at), Err(e)) => {
                assert!(e.is_eof(), "{what} ({how}): expected EOF, got {e}");
                assert_eq!(e.offset(), Some(at), "{what} ({how}): {e}");
            }
            (Expect::Syntax(msg), Err(e)) => {
                assert!(
                    e.is_syntax(),
                    "{what} ({how}): expected a syntax error, got {e}"
                );
                let text = e.to_string();
                assert!(
                    text.starts_with(msg),
                    "{what} ({how}): expected {msg:?}, got {text:?}"
                );
                let offset = e
                    .offset()
                    .unwrap_or_else(|| panic!("{what} ({how}): no offset"));
                assert!(
                    offset < bytes.len() as u64,
                    "{what} ({how}): offset {offset}"
                );
                assert!(
                    text.ends_with(&format!(" at byte offset {offset}")),
                    "{what} ({how}): {text:?}"
                );
            }
            (expect, r) => panic!("{what} ({how}): expected {expect:?}, got {r:?}"),
        }
        let limit = bound(bytes.len());
        assert!(
            peak <= limit,
            "{what} ({how}): peak {peak} bytes for a {}-byte input (bound {limit})",
            bytes.len()
        );
        assert!(
            took < Duration::from_secs(1),
            "{what} ({how}): took {took:?}"
        );
        out[i] = (peak, took);
    }
    out
}

fn report(what: &str, m: [(usize, Duration); 2]) {
    println!(
        "{what:<48} slice {:>9} B {:>8.1?}   reader {:>9} B {:>8.1?}",
        m[0].0, m[0].1, m[1].0, m[1].1
    );
}

fn hex(s: &str) -> Vec<u8> {
    amf_serde_tests::hex(s)
}

// ------------------------------------------------------------ length claims

/// The largest U29 (`ff ff ff ff`): with the inline bit, a claim of
/// 2^28 − 1 bytes or items.
const U29_MAX: &str = "ff ff ff ff";

#[test]
fn huge_length_claims_allocate_nothing_up_front() {
    // (what, input, decoders, expected)
    let claims: Vec<(&str, Vec<u8>, Vec<Decode>, Expect)> = vec![
        (
            "AMF3 string",
            hex(&format!("06 {U29_MAX} 61 62")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF3 XML",
            hex(&format!("0b {U29_MAX} 3c 61")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF3 XMLDocument",
            hex(&format!("07 {U29_MAX} 3c 61")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF3 ByteArray",
            hex(&format!("0c {U29_MAX} 01 02")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<ByteBuf>],
            Expect::Eof(7),
        ),
        (
            "AMF3 array count",
            hex(&format!("09 {U29_MAX} 01 04 01 04 02")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<i32>>],
            Expect::Eof(10),
        ),
        (
            "AMF3 Vector.<int> count",
            hex(&format!("0d {U29_MAX} 00 00 00 00 01")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<i32>>],
            Expect::Eof(10),
        ),
        (
            "AMF3 Vector.<uint> count",
            hex(&format!("0e {U29_MAX} 00 00 00 00 01")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<u32>>],
            Expect::Eof(10),
        ),
        (
            "AMF3 Vector.<Number> count",
            hex(&format!("0f {U29_MAX} 00 3f f0 00 00 00 00 00 00")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<f64>>],
            Expect::Eof(14),
        ),
        (
            "AMF3 Vector.<Object> count",
            hex(&format!("10 {U29_MAX} 00 01 04 01")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<i32>>],
            Expect::Eof(9),
        ),
        (
            "AMF3 Dictionary count",
            hex(&format!("11 {U29_MAX} 00 04 01 04 02")),
            vec![
                amf3::<Value>,
                amf3::<IgnoredAny>,
                amf3::<BTreeMap<i32, i32>>,
            ],
            Expect::Eof(10),
        ),
        (
            // 0a, traits header with 2^25 - 1 sealed members, class "", one name.
            "AMF3 sealed member count",
            hex("0a ff ff ff f3 01 03 61 03 62"),
            vec![
                amf3::<Value>,
                amf3::<IgnoredAny>,
                amf3::<BTreeMap<String, i32>>,
            ],
            Expect::Eof(10),
        ),
        (
            "AMF0 long string",
            hex("0c ff ff ff ff 61 62"),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF0 XML document",
            hex("0f ff ff ff ff 3c 61"),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF0 strict array count",
            hex("0a ff ff ff ff 00 3f f0 00 00 00 00 00 00"),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<Vec<f64>>],
            Expect::Eof(14),
        ),
        (
            "AMF0 string (64 KiB claim)",
            hex("02 ff ff 61 62"),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<String>],
            Expect::Eof(5),
        ),
        (
            "AMF3 in AMF0: ByteArray claim",
            hex(&format!("11 0c {U29_MAX} 01 02")),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<ByteBuf>],
            Expect::Eof(8),
        ),
    ];
    for (what, bytes, decoders, expect) in claims {
        for (i, decode) in decoders.into_iter().enumerate() {
            let what = format!("{what} #{i}");
            report(&what, check(&what, &bytes, decode, expect));
        }
    }
}

#[test]
fn ecma_array_count_is_ignored() {
    // Count 2^32 - 1, no entries: valid (the count is advisory), and cheap.
    let bytes = hex("08 ff ff ff ff 00 00 09");
    for decode in [
        amf0::<Value> as Decode,
        amf0::<IgnoredAny>,
        amf0::<BTreeMap<String, f64>>,
    ] {
        report(
            "AMF0 ECMA count 2^32-1, empty",
            check("ECMA count", &bytes, decode, Expect::Ok),
        );
    }
    // Count 2^32 - 1 and one entry, then the input ends.
    let bytes = hex("08 ff ff ff ff 00 01 61 00 3f f0 00 00 00 00 00 00");
    let m = check(
        "ECMA count, truncated",
        &bytes,
        amf0::<Value>,
        Expect::Eof(bytes.len() as u64),
    );
    report("AMF0 ECMA count 2^32-1, truncated", m);
}

// ------------------------------------------------------------------ nesting

/// `unit` repeated `times` times, then `end`.
fn nested(unit: &str, times: usize, end: &str) -> Vec<u8> {
    let mut v = hex(unit).repeat(times);
    v.extend(hex(end));
    v
}

#[test]
fn deep_nesting_hits_the_depth_limit() {
    const DEPTH: &str = "nesting depth limit of 128 exceeded";
    // 100,000 levels: far past the limit, and far past what the stack could
    // hold if the decoder recursed without a limit.
    let n = 100_000;
    let cases: Vec<(&str, Vec<u8>, Vec<Decode>)> = vec![
        (
            "AMF3 arrays",
            nested("09 03 01", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF3 objects",
            nested("0a 0b 01 03 61", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF3 object vectors",
            nested("10 03 00 01", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            // {null: {null: …}}
            "AMF3 dictionaries",
            nested("11 03 00 01", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF3 mixed arrays (associative part)",
            nested("09 01 03 61", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF3 externalizable ArrayCollection",
            {
                let mut v = hex("0a 07 43");
                v.extend(b"flex.messaging.io.ArrayCollection");
                v.extend(hex("09 03 01").repeat(1));
                v.extend(nested("0a 01 09 03 01", n, "01"));
                v
            },
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF0 objects",
            nested("03 00 01 61", n, "05"),
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
        (
            "AMF0 strict arrays",
            nested("0a 00 00 00 01", n, "05"),
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
        (
            "AMF0 ECMA arrays",
            nested("08 00 00 00 01 00 01 61", n, "05"),
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
        (
            "AMF0 typed objects",
            nested("10 00 01 41 00 01 61", n, "05"),
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
        (
            "AMF0 strict arrays, then AMF3 arrays after the switch",
            {
                let mut v = hex("0a 00 00 00 01").repeat(60);
                v.push(0x11);
                v.extend(nested("09 03 01", n, "01"));
                v
            },
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
    ];
    for (what, bytes, decoders) in cases {
        for (i, decode) in decoders.into_iter().enumerate() {
            let what = format!("{what} #{i}");
            report(&what, check(&what, &bytes, decode, Expect::Syntax(DEPTH)));
        }
    }
}

#[test]
fn typed_nesting_hits_the_depth_limit() {
    // A recursive type follows the input as deep as it goes.
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)] // only decoded
    struct Node {
        a: Option<Box<Node>>,
    }
    let bytes = nested("0a 0b 01 03 61", 10_000, "01");
    let m = check(
        "typed recursive struct",
        &bytes,
        amf3::<Node>,
        Expect::Syntax("nesting depth limit of 128 exceeded"),
    );
    report("AMF3 typed recursive struct", m);
    let bytes = nested("03 00 01 61", 10_000, "05");
    let m = check(
        "AMF0 typed recursive struct",
        &bytes,
        amf0::<Node>,
        Expect::Syntax("nesting depth limit of 128 exceeded"),
    );
    report("AMF0 typed recursive struct", m);
}

#[test]
fn custom_depth_limit_is_named_in_the_error() {
    let bytes = nested("09 03 01", 20, "01");
    let err = Options::new()
        .with_max_depth(16)
        .from_slice::<Value>(&bytes)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "nesting depth limit of 16 exceeded at byte offset 48"
    );
    let err = Options::new()
        .with_max_depth(16)
        .from_reader::<_, Value>(&bytes[..])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "nesting depth limit of 16 exceeded at byte offset 48"
    );
}

// --------------------------------------------------------- reference bombs

/// AMF3 `L_k`, where `L_0 = [1]` and `L_i` is an array of `fan` items: `L_{i-1}`
/// inline, then `fan - 1` references to it. Object index 0 is `L_k`, index
/// `k - i` is `L_i`. Fully expanded it has `fan^k` integers.
fn amf3_bomb(levels: usize, fan: u32) -> Vec<u8> {
    let mut v = hex("09 03 01 04 01");
    for i in 1..=levels {
        let mut outer = vec![0x09];
        outer.extend(u29((fan << 1) | 1));
        outer.push(0x01);
        outer.extend(&v);
        let target = (levels - (i - 1)) as u32;
        for _ in 1..fan {
            outer.push(0x09);
            outer.extend(u29(target << 1));
        }
        v = outer;
    }
    v
}

/// The same bomb in AMF0: strict arrays and `07` references.
fn amf0_bomb(levels: usize, fan: u32) -> Vec<u8> {
    let mut v = hex("0a 00 00 00 01 00 3f f0 00 00 00 00 00 00");
    for i in 1..=levels {
        let mut outer = vec![0x0a];
        outer.extend(fan.to_be_bytes());
        outer.extend(&v);
        let target = (levels - (i - 1)) as u16;
        for _ in 1..fan {
            outer.push(0x07);
            outer.extend(target.to_be_bytes());
        }
        v = outer;
    }
    v
}

fn u29(v: u32) -> Vec<u8> {
    let mut out = Vec::new();
    amf_serde::amf3::marker::write_u29(&mut out, v);
    out
}

/// Nine nested `Vec`s: the typed shape of a bomb with 8 levels.
type Nest9<T> = Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<T>>>>>>>>>;

#[test]
fn reference_bombs_hit_the_work_limit_when_typed() {
    // 8 levels of 16: 16^8 = 4.3 billion integers if expanded, from 269 bytes
    // (AMF0: 414 bytes).
    let bytes = amf3_bomb(8, 16);
    let work = "work limit of ";
    for (i, decode) in [
        amf3::<Nest9<i32>> as Decode,
        amf3::<Nest9<IgnoredAny>>,
        amf3::<serde_json::Value>,
    ]
    .into_iter()
    .enumerate()
    {
        let what = format!("AMF3 bomb ({} bytes) typed #{i}", bytes.len());
        report(&what, check(&what, &bytes, decode, Expect::Syntax(work)));
    }
    let bytes = amf0_bomb(8, 16);
    for (i, decode) in [
        amf0::<Nest9<f64>> as Decode,
        amf0::<Nest9<IgnoredAny>>,
        amf0::<serde_json::Value>,
    ]
    .into_iter()
    .enumerate()
    {
        let what = format!("AMF0 bomb ({} bytes) typed #{i}", bytes.len());
        report(&what, check(&what, &bytes, decode, Expect::Syntax(work)));
    }
}

#[test]
fn work_limit_message_names_the_limit() {
    let bytes = amf3_bomb(8, 16);
    let limit = Options::WORK_PER_BYTE * bytes.len() as u64 + Options::WORK_BASE;
    let err = amf_serde::from_slice::<Nest9<i32>>(&bytes).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "work limit of {limit} decoded values exceeded at byte offset "
        )),
        "{text}"
    );
    let err = Options::new()
        .with_max_work(1000)
        .from_slice::<Nest9<i32>>(&bytes)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("work limit of 1000 decoded values exceeded at byte offset "),
        "{err}"
    );
    assert!(err.offset().is_some_and(|o| o < bytes.len() as u64));
    let bytes = amf0_bomb(8, 16);
    let err = Options::new()
        .with_max_work(1000)
        .amf0_from_reader::<_, Nest9<f64>>(&bytes[..])
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("work limit of 1000 decoded values exceeded at byte offset "),
        "{err}"
    );
}

#[test]
fn reference_bombs_stay_shared_in_values() {
    // `Value` keeps each referenced node once: the bomb decodes, cheaply.
    let bytes = amf3_bomb(8, 16);
    let m = check("AMF3 bomb into Value", &bytes, amf3::<Value>, Expect::Ok);
    report("AMF3 bomb into Value", m);
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert!(v[0].ptr_eq(&v[1]));
    let bytes = amf0_bomb(8, 16);
    let m = check("AMF0 bomb into Value", &bytes, amf0::<Value>, Expect::Ok);
    report("AMF0 bomb into Value", m);
    // Skipping does not follow references either.
    let m = check(
        "AMF3 bomb skipped",
        &amf3_bomb(8, 16),
        amf3::<IgnoredAny>,
        Expect::Ok,
    );
    report("AMF3 bomb skipped (IgnoredAny)", m);
}

// ----------------------------------------------------- copied references

/// A 60 kB string, then `refs` string references to it.
fn string_ref_bomb(refs: usize) -> Vec<u8> {
    let len = 60_000;
    let mut v = vec![0x09];
    v.extend(u29(((refs as u32 + 1) << 1) | 1));
    v.push(0x01);
    v.push(0x06);
    v.extend(u29(((len as u32) << 1) | 1));
    v.extend(std::iter::repeat_n(b'a', len));
    for _ in 0..refs {
        v.extend([0x06, 0x00]);
    }
    v
}

/// Traits with `names` sealed members that are all references to one 60 kB
/// string, then `objects` objects using those traits (one byte per member).
fn member_name_bomb(names: usize, objects: usize) -> Vec<u8> {
    let len = 60_000;
    let mut v = vec![0x09];
    v.extend(u29(((objects as u32) << 1) | 1));
    v.push(0x01);
    // First object: inline traits, class "", first name literal, then refs.
    v.push(0x0a);
    v.extend(u29(((names as u32) << 4) | 0x03));
    v.push(0x01);
    v.extend(u29(((len as u32) << 1) | 1));
    v.extend(std::iter::repeat_n(b'n', len));
    // The other names: string reference #0 (`00`).
    v.extend(std::iter::repeat_n(0x00, names - 1));
    // The values: null (`01`) each.
    v.extend(std::iter::repeat_n(0x01, names));
    for _ in 1..objects {
        v.extend([0x0a, 0x01]);
        v.extend(std::iter::repeat_n(0x01, names));
    }
    v
}

#[test]
fn string_references_do_not_multiply_memory() {
    let bytes = string_ref_bomb(10_000);
    let m = check(
        "AMF3 string-reference bomb into Value",
        &bytes,
        amf3::<Value>,
        Expect::Syntax("work limit of"),
    );
    report("AMF3 string-reference bomb into Value", m);
    let m = check(
        "AMF3 string-reference bomb into Vec<String>",
        &bytes,
        amf3::<Vec<String>>,
        Expect::Syntax("work limit of"),
    );
    report("AMF3 string-reference bomb into Vec<String>", m);
}

#[test]
fn sealed_member_names_do_not_multiply_memory() {
    let bytes = member_name_bomb(1_000, 10);
    let m = check(
        "AMF3 member-name bomb into Value",
        &bytes,
        amf3::<Value>,
        Expect::Syntax("work limit of"),
    );
    report("AMF3 member-name bomb into Value", m);
}

/// Small versions of both bombs: repeated bytes are charged to the work
/// limit (one unit per 32 bytes), so a copy-heavy input either fits the
/// limit or stops at it, and memory stays within the bound either way.
#[test]
fn copied_reference_amplification_is_reported() {
    let bytes = string_ref_bomb(100);
    let (r, peak, took) = measure(|| amf3::<Value>(&bytes, false));
    assert!(peak <= bound(bytes.len()), "{peak}");
    assert!(r.is_ok(), "{r:?}");
    println!(
        "string-reference bomb, {} bytes of input: peak {peak} bytes ({}x) in {took:?}",
        bytes.len(),
        peak / bytes.len()
    );
    let bytes = member_name_bomb(100, 10);
    let (r, peak, took) = measure(|| amf3::<Value>(&bytes, false));
    assert!(peak <= bound(bytes.len()), "{peak}");
    if let Err(e) = &r {
        assert!(e.to_string().contains("work limit of"), "{e}");
    }
    println!(
        "member-name bomb, {} bytes of input: peak {peak} bytes ({}x) in {took:?}",
        bytes.len(),
        peak / bytes.len()
    );
}

// -------------------------------------------------------------- sanity

#[test]
fn the_allocator_counts() {
    let (v, peak, _) = measure(|| vec![0u8; 1 << 20]);
    assert!(peak >= 1 << 20, "{peak}");
    drop(v);
    let (_, peak, _) = measure(|| ());
    assert!(peak < 1024, "{peak}");
}

/// An ordinary value: memory proportional to its size.
#[test]
fn ordinary_values_fit_the_bound() {
    let records: Vec<BTreeMap<String, Value>> = (0..1000)
        .map(|i| {
            BTreeMap::from([
                ("id".to_string(), Value::Integer(i)),
                ("name".to_string(), Value::String(format!("user{i}"))),
            ])
        })
        .collect();
    let bytes = amf_serde::to_vec(&records).unwrap();
    let m = check("1000 records", &bytes, amf3::<Value>, Expect::Ok);
    report("1000 records into Value", m);
    fn debug<T: Debug>(_: &T) {}
    debug(&records);
}

/// The length limits are settable and named in their errors.
#[test]
fn length_limits_are_named() {
    let s = amf_serde::to_vec(&"x".repeat(100)).unwrap();
    let e = Options::new()
        .with_max_string_len(10)
        .from_slice::<String>(&s)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "string or byte array length of 100 exceeds the limit of 10 \
         (Options::with_max_string_len) at byte offset 3"
    );
    let v = amf_serde::to_vec(&vec![1; 20]).unwrap();
    let e = Options::new()
        .with_max_collection_len(5)
        .from_slice::<Vec<i32>>(&v)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "collection length of 20 exceeds the limit of 5 \
         (Options::with_max_collection_len) at byte offset 3"
    );
    let a0 = amf_serde::amf0::to_vec(&"y".repeat(100)).unwrap();
    let e = Options::new()
        .with_max_string_len(10)
        .amf0_from_slice::<String>(&a0)
        .unwrap_err();
    assert!(e.to_string().contains("exceeds the limit of 10"), "{e}");
}

// ------------------------------------------- Value::serialize copies nothing

/// Issue 16 point 6: `Value::serialize` does not clone the value. A tree
/// of 1,000 arrays of 100 small scalars (3.2 MB as `Value`s, 1 to 5 bytes
/// each once written) is written through every serde entry point into a
/// buffer reserved up front; the bytes the writing thread allocates at its
/// peak (the AMF writers' own output buffer included) stay far below one
/// copy of the tree, which a deep clone would need, and the nodes are the
/// same afterwards (pointer identity, no extra holder left behind).
#[test]
fn value_serialize_does_not_clone() {
    use std::sync::Arc;
    let rows: Vec<Value> = (0..1000)
        .map(|i| {
            let row: Vec<Value> = (0..100)
                .map(|j| match (i + j) % 3 {
                    0 => Value::Bool(true),
                    1 => Value::Null,
                    _ => Value::Integer(j),
                })
                .collect();
            Value::from(row)
        })
        .collect();
    let v = Value::from(rows);
    let Value::Array(root) = &v else {
        unreachable!()
    };
    let first_row = root[0].clone();
    let addr = Arc::as_ptr(root) as usize;
    // One deep copy: 100,000 values of 32 bytes and 1,001 array nodes.
    let one_copy = 100_000 * 32 + 1001 * 100;
    let limit = one_copy / 4;
    let reserve = |n| Vec::<u8>::with_capacity(n);

    let amf3_len = amf_serde::to_vec(&v).unwrap().len();
    let amf0_len = amf_serde::amf0::to_vec(&v).unwrap().len();
    let json_len = serde_json::to_vec(&v).unwrap().len();
    type Write = fn(&mut Vec<u8>, &Value);
    let cases: [(&str, usize, Write); 5] = [
        ("to_writer", amf3_len, |out, v| {
            amf_serde::to_writer(out, v).unwrap()
        }),
        ("value.serialize(&mut amf3 ser)", amf3_len, |out, v| {
            use serde::Serialize;
            let mut ser = amf_serde::amf3::Serializer::new(out);
            v.serialize(&mut ser).unwrap();
        }),
        ("amf0::to_writer", amf0_len, |out, v| {
            amf_serde::amf0::to_writer(out, v).unwrap()
        }),
        ("ser.serialize_value(&v) (AMF0)", amf0_len, |out, v| {
            let mut ser = amf_serde::amf0::Serializer::new(out);
            ser.serialize_value(v).unwrap();
        }),
        ("serde_json::to_writer", json_len, |out, v| {
            serde_json::to_writer(out, v).unwrap()
        }),
    ];
    for (what, len, write) in cases {
        let mut out = reserve(len + 64);
        let ((), peak, _) = measure(|| write(&mut out, &v));
        assert_eq!(out.len(), len, "{what}");
        assert!(
            peak < limit,
            "{what}: {peak} bytes allocated at the peak (one copy: {one_copy})"
        );
        println!("{what}: peak {peak} bytes (one copy {one_copy})");
    }
    // The same nodes, held by the same holders as before.
    let Value::Array(after) = &v else {
        unreachable!()
    };
    assert_eq!(Arc::as_ptr(after) as usize, addr);
    assert_eq!(Arc::strong_count(after), 1);
    assert!(after[0].ptr_eq(&first_row));
}
