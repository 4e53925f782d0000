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
//!
//! Split by limit: `length_claims`, `nesting`, `references`, `sanity`,
//! `no_copies`. The counting allocator lives here.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::time::{Duration, Instant};

use amf_serde::{Error, Options, Value};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_bytes::ByteBuf;

mod length_claims;
mod nesting;
mod no_copies;
mod references;
mod sanity;

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
