//! Issue 15: the paths that walk a decoded [`Value`] as a tree are charged
//! against one work budget, externalizable classes decode the same on every
//! thread, and deep values never crash.
//!
//! The attack (from the issue): an `app.Msg` whose member is `levels`
//! levels of `[a, a]` through object references, about 5 bytes a level.
//! Unfolded as a tree it has 2^levels leaves; every path below must end in
//! an error (or a result the size of the input) within the same bounds at
//! 22 and at 26 levels, which shows the cost does not grow with the
//! unfolded size:
//!
//! * time: under [`TIME_BOUND`] per operation (a debug build on a loaded
//!   2-core machine; release takes milliseconds);
//! * peak memory above the start of the operation, measured by the
//!   counting allocator below: under [`MEMORY_BOUND`]. With the default
//!   work limit (16 values per input byte + 65,536) a tree walk stops
//!   after about 70,000 values whatever the depth.
//!
//! The tests in this binary run one at a time (a lock) so that the peak
//! of one is not another's. The library forbids `unsafe`; this test binary
//! needs it for its global allocator only.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use amf_serde::external::{DataInput, DataOutput, Externalizable};
use amf_serde::types::Object;
use amf_serde::{amf, Options, Value};
use serde::{Deserialize, Serialize};

// ------------------------------------------------------- counting allocator

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = CURRENT.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Time bound of one operation (see the module docs).
const TIME_BOUND: Duration = Duration::from_secs(3);
/// Bound of the peak heap growth of one operation.
const MEMORY_BOUND: usize = 8 << 20;

/// Runs `f`, checks the time and memory bounds, returns its result.
#[track_caller]
fn bounded<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    println!("{what}: {took:?}, peak {peak} bytes");
    assert!(took < TIME_BOUND, "{what} took {took:?}");
    assert!(peak < MEMORY_BOUND, "{what} peaked at {peak} bytes");
    r
}

// ------------------------------------------------------------- the input

#[amf(alias = "app.Msg")]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Msg {
    m: serde_json::Value,
}

#[amf]
#[derive(Debug, PartialEq)]
enum Any {
    #[amf(alias = "app.Msg")]
    Msg(Msg),
    #[amf(alias = "app.Box")]
    Boxed(Boxed),
}

/// An externalizable class whose body is one value read with
/// `read_object_as`.
#[amf(alias = "app.Box", externalizable)]
#[derive(Debug, PartialEq)]
struct Boxed(serde_json::Value);

impl Externalizable for Boxed {
    fn write_external(&self, output: &mut dyn DataOutput) -> amf_serde::Result<()> {
        output.write_object(&self.0)
    }

    fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
        input.read_object_as().map(Boxed)
    }
}

/// `levels` levels of `[a, a]` over the integer 1, shared (a DAG of
/// `levels` nodes).
fn pairs(levels: usize) -> Value {
    let mut a = Value::Integer(1);
    for _ in 0..levels {
        a = Value::from(vec![a.clone(), a]);
    }
    a
}

/// The attack bytes: `app.Msg { m: pairs(levels) }`, each level's second
/// element an object reference.
fn attack(levels: usize) -> Vec<u8> {
    let msg = Value::from(Object::sealed("app.Msg", [("m", pairs(levels))]));
    amf_serde::to_vec(&msg).unwrap()
}

/// The same DAG as the body of an `app.Box` (externalizable).
fn boxed_attack(levels: usize) -> Vec<u8> {
    let body = amf_serde::types::External {
        dynamic: false,
        class: "app.Box".into(),
        body: vec![amf_serde::types::DataItem::Value(pairs(levels))],
    };
    amf_serde::to_vec(&Value::from(body)).unwrap()
}

#[track_caller]
fn work_limit_error(e: &amf_serde::Error) {
    assert!(
        e.to_string().contains("work limit"),
        "expected the work-limit error, got: {e}"
    );
}

fn rows(levels: usize) {
    let bytes = attack(levels);
    assert!(bytes.len() < 20 + 5 * levels, "{} bytes", bytes.len());

    // Row 1: the plain aliased struct (the decoder's own replay counting).
    let e = bounded("from_slice::<Msg>", || {
        amf_serde::from_slice::<Msg>(&bytes).unwrap_err()
    });
    work_limit_error(&e);
    assert!(e.offset().is_some());

    // Row 2: an `#[amf]` enum whose variant wraps Msg: dispatch converts a
    // decoded Value, charged to the decoder.
    let e = bounded("from_slice::<Any>", || {
        amf_serde::from_slice::<Any>(&bytes).unwrap_err()
    });
    work_limit_error(&e);
    assert_eq!(e.offset(), Some(0), "{e}");

    // Rows 3-5 start from the decoded Value: small (shared nodes).
    let v: Value = bounded("from_slice::<Value>", || {
        amf_serde::from_slice(&bytes).unwrap()
    });

    // Row 3: from_value into serde_json::Value.
    let e = bounded("from_value::<serde_json::Value>", || {
        amf_serde::from_value::<serde_json::Value>(v.clone()).unwrap_err()
    });
    work_limit_error(&e);

    // Row 4: serde_json::to_value (the plain shape) and TryFrom.
    let e = bounded("serde_json::to_value", || {
        serde_json::to_value(&v).unwrap_err()
    });
    assert!(e.to_string().contains("work limit"), "{e}");
    let e = bounded("serde_json::Value::try_from", || {
        serde_json::Value::try_from(&v).unwrap_err()
    });
    work_limit_error(&e);
    let e = bounded("serde_json::to_string", || {
        serde_json::to_string(&v).unwrap_err()
    });
    assert!(e.to_string().contains("work limit"), "{e}");

    // Row 5: Debug prints each shared node once (and so does Display):
    // output linear in the levels.
    let debug = bounded("Debug", || format!("{v:?}"));
    assert!(debug.len() < 200 * levels, "{} bytes of Debug", debug.len());
    assert!(debug.contains("#1=") && debug.contains("#2"), "{debug}");
    let display = bounded("Display", || format!("{v:#}"));
    assert!(display.len() < 200 * levels, "{} bytes", display.len());

    // to_value and the AMF encoders keep the sharing: the size of the input.
    let again = bounded("to_value", || amf_serde::to_value(&v).unwrap());
    assert!(again.ptr_eq(&v));
    let written = bounded("amf3 to_vec", || amf_serde::to_vec(&v).unwrap());
    assert_eq!(written, bytes);
    let amf0 = bounded("amf0 to_vec", || amf_serde::amf0::to_vec(&v).unwrap());
    assert!(amf0.len() < 40 + 10 * levels, "{} AMF0 bytes", amf0.len());
    bounded("clone, ==, drop", || {
        let w = v.clone();
        assert_eq!(w, v);
        drop(w);
    });

    // Row 6: an externalizable body read with `read_object_as`: typed,
    // through the enum, and into Value (registered).
    let boxed = boxed_attack(levels);
    let e = bounded("from_slice::<Boxed>", || {
        amf_serde::from_slice::<Boxed>(&boxed).unwrap_err()
    });
    work_limit_error(&e);
    let e = bounded("from_slice::<Any> (externalizable variant)", || {
        amf_serde::from_slice::<Any>(&boxed).unwrap_err()
    });
    work_limit_error(&e);
    let opts = Options::new().with_externalizable::<Boxed>();
    let e = bounded("Value with the externalizable registered", || {
        opts.from_slice::<Value>(&boxed).unwrap_err()
    });
    work_limit_error(&e);
}

#[test]
fn attack_rows_at_22_levels() {
    let _s = serial();
    rows(22);
}

#[test]
fn attack_rows_at_26_levels() {
    let _s = serial();
    rows(26);
}

/// The same walks succeed on a value whose tree is small: the budget only
/// stops unfolding, not ordinary values.
#[test]
fn small_shared_values_still_convert() {
    let _s = serial();
    let bytes = attack(6);
    let msg: Msg = amf_serde::from_slice(&bytes).unwrap();
    let want = {
        let mut a = serde_json::json!(1);
        for _ in 0..6 {
            a = serde_json::json!([a.clone(), a]);
        }
        a
    };
    assert_eq!(msg.m, want);
    assert_eq!(amf_serde::from_slice::<Any>(&bytes).unwrap(), Any::Msg(msg));
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(
        amf_serde::from_value::<serde_json::Value>(v["m"].clone()).unwrap(),
        want
    );
    assert_eq!(serde_json::Value::try_from(&v["m"]).unwrap(), want);
    let boxed: Boxed = amf_serde::from_slice(&boxed_attack(6)).unwrap();
    assert_eq!(boxed.0, want);
}

/// A user-set work limit applies to enum dispatch too.
#[test]
fn enum_dispatch_respects_the_options_work_limit() {
    let _s = serial();
    let bytes = attack(8); // 256 leaves, ~510 values unfolded
    assert!(amf_serde::from_slice::<Any>(&bytes).is_ok());
    let e = Options::new()
        .with_max_work(300)
        .from_slice::<Any>(&bytes)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "work limit of 300 decoded values exceeded at byte offset 0"
    );
}

// ------------------------------------------------ externalizable registry

#[amf(alias = "app.Point", externalizable)]
#[derive(Debug, PartialEq, Clone)]
struct Point {
    x: f64,
    y: f64,
}

impl Externalizable for Point {
    fn write_external(&self, output: &mut dyn DataOutput) -> amf_serde::Result<()> {
        output.write_double(self.x)?;
        output.write_double(self.y)
    }

    fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
        Ok(Point {
            x: input.read_double()?,
            y: input.read_double()?,
        })
    }
}

/// Same bytes, same options, same result on every thread: decoding into
/// `Value` needs the class registered on the options, whatever the thread
/// decoded before; typed decoding needs nothing.
#[test]
fn externalizable_decodes_the_same_on_fresh_threads() {
    let _s = serial();
    let bytes = amf_serde::to_vec(&vec![Point { x: 1.0, y: 2.0 }]).unwrap();
    let registered = Options::new().with_externalizable::<Point>();
    let results: Vec<(String, String, Vec<Point>, String)> = (0..4)
        .map(|i| {
            let (bytes, registered) = (bytes.clone(), registered.clone());
            std::thread::spawn(move || {
                let plain = |b: &[u8]| format!("{:?}", amf_serde::from_slice::<Value>(b));
                let before = plain(&bytes);
                // Typed decoding works without registration ...
                let typed: Vec<Point> = amf_serde::from_slice(&bytes).unwrap();
                // ... and teaches the thread nothing (odd threads only).
                let after = if i % 2 == 1 {
                    plain(&bytes)
                } else {
                    before.clone()
                };
                let v: Value = registered.from_slice(&bytes).unwrap();
                (before, after, typed, format!("{v:?}"))
            })
            .join()
            .unwrap()
        })
        .collect();
    for (before, after, typed, value) in &results {
        assert!(
            before.contains("app.Point") && before.contains("has no registered reader"),
            "{before}"
        );
        assert_eq!(after, before);
        assert_eq!(typed, &[Point { x: 1.0, y: 2.0 }]);
        assert_eq!(value, &results[0].3);
        assert!(value.contains("Double(1.0), Double(2.0)"), "{value}");
    }
}

/// Readers are closures: one carrying state (here, how many doubles a
/// class writes) works.
#[test]
fn readers_can_carry_state() {
    let _s = serial();
    let seen = Arc::new(AtomicUsize::new(0));
    let count = 2;
    let reader = {
        let seen = Arc::clone(&seen);
        move |input: &mut dyn DataInput| {
            seen.fetch_add(1, Ordering::Relaxed);
            for _ in 0..count {
                input.read_double()?;
            }
            Ok(())
        }
    };
    let opts = Options::new().with_external("app.Point", reader);
    let bytes = amf_serde::to_vec(&Point { x: 3.0, y: 4.0 }).unwrap();
    let v: Value = opts.from_slice(&bytes).unwrap();
    assert_eq!(v.class(), Some("app.Point"));
    assert_eq!(seen.load(Ordering::Relaxed), 1);
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
}

// ------------------------------------------------------ lossy integers

#[test]
fn twitter_json_encodes_with_lossy_integers() {
    let _s = serial();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/data/twitter.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let e = amf_serde::to_vec(&json).unwrap_err();
    assert!(
        e.to_string().contains("Options::with_lossy_integers(true)"),
        "{e}"
    );
    assert!(amf_serde::amf0::to_vec(&json).is_err());
    let lossy = Options::new().with_lossy_integers(true);
    let bytes = lossy.to_vec(&json).unwrap();
    let back: serde_json::Value = amf_serde::from_slice(&bytes).unwrap();
    let id = &json["statuses"][0]["id"];
    let got = &back["statuses"][0]["id"];
    assert!(id.as_u64().unwrap() > 1 << 53);
    assert_eq!(got.as_f64().unwrap(), id.as_u64().unwrap() as f64);
    assert_eq!(back["statuses"][0]["text"], json["statuses"][0]["text"]);
    assert!(lossy.amf0_to_vec(&json).is_ok());
    // Nearest double: 2^53 + 1 is written as 2^53.
    assert_eq!(
        lossy.to_vec(&((1u64 << 53) + 1)).unwrap(),
        amf_serde::to_vec(&9_007_199_254_740_992.0f64).unwrap()
    );
    // Value's visitors keep the rule: no rounding into a Value.
    let e = amf_serde::to_value(&((1u64 << 53) + 1)).unwrap_err();
    assert!(e.to_string().contains("with_lossy_integers"), "{e}");
    assert!(serde_json::from_str::<Value>("9007199254740993").is_err());
    assert_eq!(
        serde_json::from_str::<Value>("9007199254740992").unwrap(),
        Value::Double(9_007_199_254_740_992.0)
    );
}

/// AMF0 `write_string` checks the length like `write_long_text`.
#[test]
fn amf0_long_strings_are_checked() {
    let _s = serial();
    let s = "x".repeat(70_000);
    let bytes = amf_serde::amf0::to_vec(&s).unwrap();
    assert_eq!(&bytes[..5], &[0x0c, 0, 1, 0x11, 0x70]);
    assert_eq!(amf_serde::amf0::from_slice::<String>(&bytes).unwrap(), s);
}

/// An `ArrayCollection` whose body is an object with a `source` array
/// (older peers, flex.md §1) decodes like the array form.
#[test]
fn array_collection_with_a_source_object() {
    let _s = serial();
    let alias = "flex.messaging.io.ArrayCollection";
    let array_form = amf_serde_tests::hex(&format!(
        "0a 07 43 {} 09 05 01 04 01 04 02",
        amf_serde_tests::to_hex(alias.as_bytes())
    ));
    // 0a 0b 01 (anonymous dynamic object) "source" = [1, 2], end.
    let object_form = amf_serde_tests::hex(&format!(
        "0a 07 43 {} 0a 0b 01 0d {} 09 05 01 04 01 04 02 01",
        amf_serde_tests::to_hex(alias.as_bytes()),
        amf_serde_tests::to_hex(b"source")
    ));
    for bytes in [&array_form, &object_form] {
        assert_eq!(amf_serde::from_slice::<Vec<i32>>(bytes).unwrap(), [1, 2]);
        assert_eq!(
            amf_serde::from_slice::<serde_json::Value>(bytes).unwrap(),
            serde_json::json!([1, 2])
        );
        let v: Value = amf_serde::from_slice(bytes).unwrap();
        assert_eq!(
            amf_serde::from_value::<Vec<i32>>(v.clone()).unwrap(),
            [1, 2]
        );
        assert_eq!(
            serde_json::Value::try_from(&v).unwrap(),
            serde_json::json!([1, 2])
        );
        assert_eq!(amf_serde::to_vec(&v).unwrap(), *bytes);
    }
}

// ------------------------------------------------------------ deep values

const DEEP: usize = 1_000_000;

/// A program-built value nested `DEEP` arrays deep.
fn deep_arrays(leaf: i32) -> Value {
    let mut v = Value::Integer(leaf);
    for _ in 0..DEEP {
        v = Value::from(vec![v]);
    }
    v
}

/// Runs in a child process (see [`deep`]): the operation named by
/// `AMF_SERDE_DEEP_OP` on a value nested a million deep, on a thread with
/// the 2 MiB stack threads get by default. A stack overflow aborts the
/// child, which the parent reports as a failure.
#[test]
#[ignore = "run by the deep_* tests in a child process"]
fn deep_child() {
    let op = std::env::var("AMF_SERDE_DEEP_OP").expect("AMF_SERDE_DEEP_OP");
    let out = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || deep_op(&op))
        .unwrap()
        .join()
        .unwrap();
    println!("DEEP-RESULT {out}");
}

fn deep_op(op: &str) -> String {
    if let Some(n) = op.strip_prefix("probe:") {
        // Measuring aid: encode (both formats) and convert at depth n.
        let n: usize = n.parse().unwrap();
        let mut v = Value::Integer(1);
        for _ in 0..n {
            v = Value::from(vec![v]);
        }
        let o = Options::new().with_max_encode_depth(usize::MAX);
        let a = o.to_vec(&v).is_ok();
        let b = o.amf0_to_vec(&v).is_ok();
        return format!("{a} {b}");
    }
    let v = deep_arrays(1);
    match op {
        "drop" => {
            drop(v);
            "dropped".into()
        }
        "eq" => {
            let same = deep_arrays(1);
            let other = deep_arrays(2);
            format!("{} {}", v == same, v == other)
        }
        "hash" => {
            let same = deep_arrays(1);
            let other = deep_arrays(2);
            format!("{} {}", hash(&v) == hash(&same), hash(&v) == hash(&other))
        }
        "clone" => {
            let c = v.clone();
            format!("{}", c.ptr_eq(&v))
        }
        "display" => {
            let s = format!("{v}");
            format!("{} {}", s.len(), s.contains('…'))
        }
        "debug" => {
            let s = format!("{v:?}");
            format!("{} {}", s.len(), s.contains('…'))
        }
        "json" => match serde_json::Value::try_from(&v) {
            Ok(_) => "ok".into(),
            Err(e) => format!("err {e}"),
        },
        "json_string" => match serde_json::to_string(&v) {
            Ok(_) => "ok".into(),
            Err(e) => format!("err {e}"),
        },
        "from_value" => match amf_serde::from_value::<serde_json::Value>(v) {
            Ok(_) => "ok".into(),
            Err(e) => format!("err {e}"),
        },
        "amf3" => match amf_serde::to_vec(&v) {
            Ok(_) => "ok".into(),
            Err(e) => format!("err {e}"),
        },
        "amf0" => match amf_serde::amf0::to_vec(&v) {
            Ok(_) => "ok".into(),
            Err(e) => format!("err {e}"),
        },
        "amf3_wrappers" => {
            // A chain of AMF3 wrappers a million deep.
            let mut w = Value::Integer(1);
            for _ in 0..DEEP {
                w = Value::Amf3(Box::new(w));
            }
            let c = w.clone();
            let eq = c == w;
            let s = format!("{w:?}");
            let enc = amf_serde::amf0::to_vec(&w).is_err();
            drop(c);
            drop(w);
            format!("{eq} {} {enc}", s.contains('…'))
        }
        other => panic!("unknown op {other}"),
    }
}

fn hash(v: &Value) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// Runs `op` in a child process; returns what it printed.
fn deep(op: &str) -> String {
    let _s = serial();
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .args([
            "--exact",
            "deep_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("AMF_SERDE_DEEP_OP", op)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{op}: the child failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .find_map(|l| l.split_once("DEEP-RESULT ").map(|(_, r)| r))
        .unwrap_or_else(|| panic!("{op}: no result in {stdout}"))
        .to_owned()
}

#[test]
fn deep_drop() {
    assert_eq!(deep("drop"), "dropped");
}

#[test]
fn deep_eq() {
    assert_eq!(deep("eq"), "true false");
}

#[test]
fn deep_hash() {
    assert_eq!(deep("hash"), "true false");
}

/// `Hash` agrees with the sharing-aware `==`, and hashes a shared node
/// once (the attack value hashes in microseconds).
#[test]
fn hash_agrees_with_eq() {
    let _s = serial();
    let bytes = attack(26);
    let a: Value = amf_serde::from_slice(&bytes).unwrap();
    let b: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(a, b);
    assert_eq!(bounded("hash", || hash(&a)), hash(&b));
    // Same tree, different sharing: not equal, and (here) hashed apart.
    let unshared = Value::from(vec![pairs(1), pairs(1)]);
    let shared = pairs(2);
    assert_ne!(unshared, shared);
    assert_ne!(hash(&unshared), hash(&shared));
    // `Members` caches a name index (interior mutability that hash and
    // equality never read).
    #[allow(clippy::mutable_key_type)]
    let set: std::collections::HashSet<Value> = [a.clone(), b, shared].into_iter().collect();
    assert_eq!(set.len(), 2);
}

#[test]
fn deep_clone() {
    assert_eq!(deep("clone"), "true");
}

#[test]
fn deep_display_is_cut() {
    let out = deep("display");
    assert!(out.ends_with(" true"), "{out}");
}

#[test]
fn deep_debug_is_cut() {
    let out = deep("debug");
    assert!(out.ends_with(" true"), "{out}");
}

#[test]
fn deep_json_conversions_are_errors() {
    assert_eq!(deep("json"), "err nesting depth limit of 512 exceeded");
    let s = deep("json_string");
    assert!(s.starts_with("err nesting depth limit of 512"), "{s}");
    assert_eq!(
        deep("from_value"),
        "err nesting depth limit of 512 exceeded"
    );
}

#[test]
fn deep_encoders_are_errors() {
    for op in ["amf3", "amf0"] {
        let out = deep(op);
        assert!(
            out.starts_with("err Value nested too deeply to encode (more than 512 levels"),
            "{out}"
        );
    }
}

#[test]
fn deep_amf3_wrappers() {
    assert_eq!(deep("amf3_wrappers"), "true true true");
}

/// The encoder's depth limit is an option.
#[test]
fn encode_depth_is_an_option() {
    let _s = serial();
    let mut v = Value::Null;
    for _ in 0..50 {
        v = Value::from(vec![v]);
    }
    let e = Options::new()
        .with_max_encode_depth(40)
        .to_vec(&v)
        .unwrap_err();
    assert!(e.to_string().contains("more than 40 levels"), "{e}");
    assert!(Options::new().with_max_encode_depth(60).to_vec(&v).is_ok());
    assert!(Options::new()
        .with_max_encode_depth(40)
        .amf0_to_vec(&v)
        .is_err());
}

/// The AMF3 `Value` writer's depth limit counts a container's scalar
/// members like any other value (they are written in the container's loop):
/// the limit that first lets a chain through is the same whatever sits at
/// its bottom, in an array, an associative part or an object's members.
#[test]
fn encode_depth_limit_is_the_same_for_scalars_and_containers_at_the_bottom() {
    let _s = serial();
    use amf_serde::types::Object;
    let leaves = [
        Value::Null,
        Value::Undefined,
        Value::Integer(7),
        Value::Integer(1 << 28),
        Value::Double(0.5),
        Value::String("x".into()),
        Value::Bool(true),
    ];
    let wraps: [fn(Value) -> Value; 3] = [
        |v| Value::from(vec![v]),
        |v| Value::from(Object::anonymous(vec![("m", v)])),
        |v| Value::from(Object::sealed("C", vec![("m", v)])),
    ];
    for wrap in wraps {
        let first_ok = |leaf: &Value| {
            let mut v = leaf.clone();
            for _ in 0..10 {
                v = wrap(v);
            }
            (0..20)
                .find(|&d| Options::new().with_max_encode_depth(d).to_vec(&v).is_ok())
                .expect("some limit lets it through")
        };
        for leaf in &leaves {
            assert_eq!(first_ok(leaf), 10, "{leaf:?}");
        }
    }
}
