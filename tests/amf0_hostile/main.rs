//! Hostile AMF0 input: truncation at every byte, deep nesting (through AMF0
//! containers and the `0x11` AMF3 switch), huge length claims, bad and
//! cyclic `07` references, reserved and invalid markers, invalid UTF-8,
//! trailing bytes, reference bombs and a deterministic fuzz loop. Every
//! failure must be a clean `Error` with the right text and byte offset: no
//! panic, no stack overflow, no huge allocation, no runaway work.
//!
//! Split by kind of input: `valid`, `nesting`, `lengths`, `references`, `malformed`
//! (markers, UTF-8, trailing bytes), `reference_bomb`, `fuzz`. Shared helpers live here.

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

mod fuzz;
mod lengths;
mod malformed;
mod nesting;
mod reference_bomb;
mod references;
mod valid;

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

const RESULT_COMMAND: &str = "02 00 07 5F 72 65 73 75 6C 74 00 3F F0 00 00 00 00 00 00 03 00 06 66 6D 73 56 65 72 02 00 0E 46 4D 53 2F 33 2C 35 2C 35 2C 32 30 30 34 00 0C 63 61 70 61 62 69 6C 69 74 69 65 73 00 40 3F 00 00 00 00 00 00 00 04 6D 6F 64 65 00 3F F0 00 00 00 00 00 00 00 00 09 03 00 05 6C 65 76 65 6C 02 00 06 73 74 61 74 75 73 00 04 63 6F 64 65 02 00 1D 4E 65 74 43 6F 6E 6E 65 63 74 69 6F 6E 2E 43 6F 6E 6E 65 63 74 2E 53 75 63 63 65 73 73 00 0B 64 65 73 63 72 69 70 74 69 6F 6E 02 00 15 43 6F 6E 6E 65 63 74 69 6F 6E 20 73 75 63 63 65 65 64 65 64 2E 00 04 64 61 74 61 08 00 00 00 01 00 07 76 65 72 73 69 6F 6E 02 00 0A 33 2C 35 2C 35 2C 32 30 30 34 00 00 09 00 08 63 6C 69 65 6E 74 49 64 00 41 D7 9B 78 7C C0 00 00 00 0E 6F 62 6A 65 63 74 45 6E 63 6F 64 69 6E 67 00 40 08 00 00 00 00 00 00 00 00 09";

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

const SELF_REF: &str = "03 00 01 61 07 00 00 00 00 09";
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
