//! Hostile AMF3 input: truncation, deep nesting, huge length claims, bad
//! references, invalid markers and UTF-8, trailing bytes, reference bombs and
//! a deterministic fuzz loop. Every failure must be a clean `Error` with the
//! right category and byte offset: no panic, no stack overflow, no huge
//! allocation, no runaway work.
//!
//! Split by kind of input: `valid`, `nesting`, `lengths`, `references`, `malformed`
//! (markers, UTF-8, trailing bytes), `reference_bomb`, `fuzz`, `typed_errors`, `containers`.
//! Shared helpers live here.

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

mod containers;
mod fuzz;
mod lengths;
mod malformed;
mod nesting;
mod reference_bomb;
mod references;
mod typed_errors;
mod valid;

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

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Person {
    name: String,
    role: String,
    age: i32,
    address: Address,
    tags: Vec<String>,
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

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Shape {
    Unit,
    New(String),
    Tuple(i32, String),
    Struct { a: String, b: Option<i64> },
}

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

/// Decodes `bytes` as `T` from a slice or a reader, dropping the value.
fn typed<T: DeserializeOwned>(bytes: &[u8], from_reader: bool) -> Result<(), Error> {
    if from_reader {
        reader::<T>(bytes).map(drop)
    } else {
        slice::<T>(bytes).map(drop)
    }
}

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

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Address {
    city: String,
    zip: Option<String>,
}
