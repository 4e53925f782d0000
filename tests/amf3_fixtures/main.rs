//! Decodes every `amf3-*.bin` fixture of RocketAMF (`tests/fixtures/rocketamf/objects`,
//! written by Flash Player from `spec/flash/Encoder.as`) into the Rust type
//! its name describes, asserting exact values. Every fixture is also decoded
//! through `from_reader` (once with a reader that yields one byte per call),
//! which must give the same value as `from_slice`.
//!
//! Split by kind of value: `scalars`, `arrays`, `objects`, `vectors_and_dictionaries`,
//! `externalizable`, `reencoding`, `coverage`. Shared helpers and types live here.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Debug};
use std::io::{self, Read};
use std::marker::PhantomData;
use std::sync::mpsc;
use std::time::Duration;

use amf_serde::{Category, Error};
use amf_serde_tests::{fixture, to_hex};
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_bytes::ByteBuf;
use serde_json::{json, Value};

mod arrays;
mod coverage;
mod externalizable;
mod objects;
mod reencoding;
mod scalars;
mod vectors_and_dictionaries;

// ------------------------------------------------------------------ helpers

/// An `io::Read` that hands out one byte per call.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (buf.first_mut(), self.0.split_first()) {
            (Some(slot), Some((&b, rest))) => {
                *slot = b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

fn load(name: &str) -> Vec<u8> {
    fixture("objects", name)
}

/// Decodes fixture `name` as `T` with `from_slice`, `from_reader` and a
/// byte-by-byte reader; all three must equal `expected`.
#[track_caller]
fn check<T: DeserializeOwned + Debug + PartialEq>(name: &str, expected: &T) {
    let bytes = load(name);
    let a: T = amf_serde::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{name}: from_slice failed: {e} ({})", to_hex(&bytes)));
    assert_eq!(&a, expected, "{name}: from_slice");
    let b: T = amf_serde::from_reader(bytes.as_slice())
        .unwrap_or_else(|e| panic!("{name}: from_reader failed: {e}"));
    assert_eq!(b, a, "{name}: from_reader differs from from_slice");
    let c: T = amf_serde::amf3::from_reader(Trickle(&bytes))
        .unwrap_or_else(|e| panic!("{name}: from_reader (1 byte at a time) failed: {e}"));
    assert_eq!(
        c, a,
        "{name}: byte-by-byte from_reader differs from from_slice"
    );
}

/// Decoding fixture `name` as `T` must fail, with the same message from a
/// slice and from a reader; returns the slice error.
#[track_caller]
fn check_err<T: DeserializeOwned + Debug + Send + 'static>(name: &'static str) -> Error {
    within_timeout(move || {
        let bytes = load(name);
        let e = match amf_serde::from_slice::<T>(&bytes) {
            Ok(v) => panic!("{name}: expected an error, got {v:?}"),
            Err(e) => e,
        };
        let e2 = match amf_serde::from_reader::<_, T>(bytes.as_slice()) {
            Ok(v) => panic!("{name}: from_reader: expected an error, got {v:?}"),
            Err(e) => e,
        };
        assert_eq!(
            e.to_string(),
            e2.to_string(),
            "{name}: slice vs reader error"
        );
        let e3 = match amf_serde::from_reader::<_, T>(Trickle(&bytes)) {
            Ok(v) => panic!("{name}: trickle reader: expected an error, got {v:?}"),
            Err(e) => e,
        };
        assert_eq!(
            e.to_string(),
            e3.to_string(),
            "{name}: slice vs trickle error"
        );
        e
    })
}

/// Runs `f` on another thread, failing instead of hanging.
#[track_caller]
fn within_timeout<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("decoder did not finish in time (or panicked)")
}

fn s(v: &str) -> String {
    v.to_owned()
}

// ------------------------------------------------------------------ types

/// `org.amf.ASClass` (`spec/flash/ASClass.as`): `foo` set by the
/// constructor, `baz` always null.
#[derive(Debug, PartialEq, Eq, Hash, Clone, Deserialize)]
struct ASClass {
    foo: Option<String>,
    baz: Option<String>,
}

fn as_class(value: &str) -> ASClass {
    ASClass {
        foo: Some(s(value)),
        baz: None,
    }
}

/// All entries of a map or dictionary, in wire order, keys of any type.
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
