//! AMF0 property tests.
//!
//! 1. Arbitrary nested serde values (structs, all enum variant kinds,
//!    `Option`, `Vec`, string- and integer-keyed `BTreeMap`s, unicode and
//!    long strings around the 65535-byte boundary, `f64` including NaN
//!    payloads compared bit for bit, `i64` within ±2^53, `bool`,
//!    `serde_bytes`) survive `amf0::to_vec` → `from_slice`/`from_reader`.
//! 2. Arbitrary AMF0-shaped `Value`s (every AMF0 marker, AMF3 values behind
//!    the switch, shared `Arc`s and cycles) encode, decode to an equal
//!    `Value` and encode again to the same bytes.
//! 3. Random valid AMF0 byte streams written by an independent encoder in
//!    `random_streams` (with `07` references to finished and unfinished objects, and
//!    AMF3 string and object references across `0x11` switches) decode to a
//!    `Value` that writes the same bytes back.
//!
//! Split into `typed` (serde types), `value` (`Value` round trips, AMF3 and AMF0
//! values) and `random_streams`. The strategies and helpers they share live here.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::Arc;

use amf_serde::amf0;
use amf_serde::options::Amf0Bytes;
use amf_serde::types::{
    Array, ByteArray, DataItem, Date, Dictionary, EcmaArray, External, Name, Object, ObjectVector,
    Vector, Xml, XmlDocument,
};
use amf_serde::{Options, Value};
use amf_serde_tests::{hex, to_hex};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

mod random_streams;
mod typed;
mod value;

/// Unicode text: pooled, arbitrary, or long (around the 65535-byte
/// boundary, in one-, two- and three-byte characters).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(POOL).prop_map(str::to_owned),
        6 => "\\PC{0,24}",
        1 => (65_530usize..65_540).prop_map(|n| "a".repeat(n)),
        1 => (0usize..3, prop::bool::ANY).prop_map(|(extra, b)| {
            // 21845 × 3 bytes = 65535 bytes, then 0–2 more bytes.
            let mut s = "€".repeat(21_845);
            s.push_str(&"é".repeat(extra / 2));
            if b && extra % 2 == 1 {
                s.push('a');
            }
            s
        }),
        1 => (32_766usize..32_770).prop_map(|n| "é".repeat(n)),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(POOL).prop_map(str::to_owned),
        2 => "\\PC{0,12}",
    ]
}

fn bits() -> impl Strategy<Value = Bits> {
    prop_oneof![
        any::<u64>().prop_map(|b| Bits(f64::from_bits(b))),
        any::<f64>().prop_map(Bits),
        prop::sample::select(vec![
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
            1e300,
        ])
        .prop_map(Bits),
    ]
}

fn inner() -> impl Strategy<Value = Inner> {
    (text(), any::<i32>()).prop_map(|(label, n)| Inner { label, n })
}

fn fail<E: std::fmt::Display>(what: &str) -> impl Fn(E) -> TestCaseError + '_ {
    move |e| TestCaseError::fail(format!("{what}: {e}"))
}

fn short_hex(bytes: &[u8]) -> String {
    if bytes.len() <= 96 {
        to_hex(bytes)
    } else {
        format!("{} … ({} bytes)", to_hex(&bytes[..96]), bytes.len())
    }
}

/// `cases` cases, and no regression files written next to the sources.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Any AMF0-shaped value: what the AMF0 decoder produces, with shared
/// objects and arrays, AMF3 values behind the switch and cycles.
fn amf0_value() -> impl Strategy<Value = Value> {
    amf0_leaf(cyclic_values()).prop_recursive(4, 40, 6, |inner| {
        let pool = prop::collection::vec(inner, 1..6);
        let idx = prop::collection::vec(any::<usize>(), 0..7);
        prop_oneof![
            // anonymous object
            (
                pool.clone(),
                idx.clone(),
                prop::collection::vec(key(), 0..7)
            )
                .prop_map(|(pool, idx, keys)| {
                    let items = picks(&pool, &idx, place_again);
                    Value::from(Object::anonymous(keys.into_iter().zip(items)))
                }),
            // typed object
            (
                "[A-Za-z][A-Za-z0-9.]{0,20}",
                pool.clone(),
                idx.clone(),
                prop::collection::vec(key(), 0..7)
            )
                .prop_map(|(class, pool, idx, keys)| {
                    let items = picks(&pool, &idx, place_again);
                    Value::from(Object {
                        traits_copy: 0,
                        class: class.into(),
                        sealed: Default::default(),
                        dynamic: Some(keys.into_iter().map(Name::from).zip(items).collect()),
                    })
                }),
            // ECMA array with an arbitrary count
            (
                any::<u32>(),
                pool.clone(),
                idx.clone(),
                prop::collection::vec(key(), 0..7)
            )
                .prop_map(|(length, pool, idx, keys)| {
                    let items = picks(&pool, &idx, place_again);
                    Value::from(EcmaArray {
                        length,
                        entries: keys.into_iter().map(Name::from).zip(items).collect(),
                    })
                }),
            // strict array
            (pool, idx).prop_map(|(pool, idx)| Value::from(picks(&pool, &idx, place_again))),
        ]
    })
}

/// Decoding that keeps each `0x11` switch as a `Value::Amf3` mark.
fn marks() -> amf_serde::Options {
    amf_serde::Options::new().with_switch_marks(true)
}

/// `true` if `v` holds a `Value::Amf3` mark (as a tree; not through cycles).
fn has_marks(v: &Value) -> bool {
    use amf_serde::types::DataItem;
    match v {
        Value::Amf3(_) => true,
        Value::Array(a) => a.iter().chain(a.assoc().values()).any(has_marks),
        Value::Object(o) => o.values().any(has_marks),
        Value::EcmaArray(e) => e.entries.values().any(has_marks),
        Value::VectorObject(x) => x.items.iter().any(has_marks),
        Value::Dictionary(d) => d.entries.iter().any(|(k, v)| has_marks(k) || has_marks(v)),
        Value::External(e) => e
            .body
            .iter()
            .any(|i| matches!(i, DataItem::Value(v) if has_marks(v))),
        _ => false,
    }
}

/// An `f64` compared by bit pattern, so NaN (any payload) and -0.0 round
/// trip checks are exact.
#[derive(Serialize, Deserialize, Debug, Clone, Copy)]
#[serde(transparent)]
struct Bits(f64);

impl PartialEq for Bits {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Inner {
    label: String,
    n: i32,
}

const POOL: &[&str] = &[
    "",
    "a",
    "foo",
    "label",
    "Alpha",
    "é",
    "日本語",
    "😀 emoji",
    "\u{0}nul",
    "a somewhat longer string with spaces",
];

fn cyclic_values() -> Vec<Value> {
    CYCLIC
        .iter()
        .map(|h| marks().amf0_from_slice::<Value>(&hex(h)).unwrap())
        .collect()
}

/// A copy of `v` safe to place a second time: AMF0 writes dates and XML
/// documents inline every time (they are not in the AMF0 reference table),
/// so a shared one would come back as two.
fn place_again(v: &Value) -> Value {
    match v {
        Value::Date(d) => Value::Date(Arc::new(**d)),
        Value::XmlDocument(x) => Value::XmlDocument(Arc::new((**x).clone())),
        other => other.clone(),
    }
}

/// Children drawn from a pool by index, so that one node is placed several
/// times (shared `Arc`s).
fn picks(pool: &[Value], idx: &[usize], share: fn(&Value) -> Value) -> Vec<Value> {
    if pool.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(idx.len());
    let mut used = vec![false; pool.len()];
    for &i in idx {
        let i = i % pool.len();
        out.push(if used[i] {
            share(&pool[i])
        } else {
            pool[i].clone()
        });
        used[i] = true;
    }
    out
}

fn amf0_leaf(cycles: Vec<Value>) -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => Just(Value::Null),
        1 => Just(Value::Undefined),
        1 => Just(Value::Unsupported),
        2 => any::<bool>().prop_map(Value::Bool),
        3 => bits().prop_map(|b| Value::Double(b.0)),
        4 => text().prop_map(Value::String),
        2 => (millis(), any::<i16>())
            .prop_map(|(m, tz)| Value::from(Date::from_millis(m).with_timezone(tz))),
        1 => text().prop_map(|s| Value::from(XmlDocument(s))),
        4 => amf3_value().prop_map(switched),
        3 => prop::sample::select(cycles),
    ]
}

/// Hand-made encodings whose `Value`s contain cycles; used as leaves so that
/// generated values hold cycles at arbitrary places.
const CYCLIC: &[&str] = &[
    // {a: <self>}
    "03 00 01 61 07 00 00 00 00 09",
    // [<self>]
    "0a 00 00 00 01 07 00 00",
    // ECMA {x: <self>}
    "08 00 00 00 01 00 01 78 07 00 00 00 00 09",
    // typed C {self: <self>}
    "10 00 01 43 00 04 73 65 6c 66 07 00 00 00 00 09",
    // {a: {b: <outer>}}
    "03 00 01 61 03 00 01 62 07 00 00 00 00 09 00 00 09",
    // AMF3 [<self>] behind the switch
    "11 09 03 01 09 00",
    // AMF3 {k: [<the object>]} behind the switch
    "11 0a 0b 01 03 6b 09 03 01 0a 00 01",
];

fn millis() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-8.64e15f64..8.64e15).prop_map(f64::trunc),
        bits().prop_map(|b| b.0),
    ]
}

/// Any AMF3 value, with nodes shared by `Arc` (everything complex can be an
/// AMF3 reference).
fn amf3_value() -> impl Strategy<Value = Value> {
    amf3_leaf().prop_recursive(3, 24, 5, |inner| {
        let pool = prop::collection::vec(inner, 1..5);
        let idx = prop::collection::vec(any::<usize>(), 0..6);
        prop_oneof![
            // dense and associative array
            (
                pool.clone(),
                idx.clone(),
                prop::collection::vec(amf3_key(), 0..3)
            )
                .prop_map(|(pool, idx, keys)| {
                    let items = picks(&pool, &idx, Value::clone);
                    let mut keys = keys;
                    keys.sort();
                    keys.dedup();
                    let assoc = keys
                        .into_iter()
                        .map(Name::from)
                        .zip(pool.iter().cloned())
                        .collect::<Vec<_>>();
                    Value::from(Array::from_parts(items, assoc))
                }),
            // anonymous dynamic object
            (
                pool.clone(),
                idx.clone(),
                prop::collection::vec(amf3_key(), 0..5)
            )
                .prop_map(|(pool, idx, keys)| {
                    let items = picks(&pool, &idx, Value::clone);
                    Value::from(Object::anonymous(keys.into_iter().zip(items)))
                }),
            // typed object, sealed members and maybe dynamic ones
            (
                "[A-Z][a-z]{0,5}(\\.[A-Z][a-z]{0,5})?",
                pool.clone(),
                idx.clone(),
                prop::collection::btree_set(amf3_key(), 0..4),
                prop::option::of(prop::collection::vec(amf3_key(), 0..3)),
            )
                .prop_map(|(class, pool, idx, names, dynamic)| {
                    let items = picks(&pool, &idx, Value::clone);
                    let mut items = items.into_iter().chain(std::iter::repeat(Value::Null));
                    let sealed = names
                        .into_iter()
                        .map(|n| (Name::from(n), items.next().unwrap_or_default()))
                        .collect();
                    let dynamic = dynamic.map(|keys| {
                        keys.into_iter()
                            .map(|k| (Name::from(k), items.next().unwrap_or_default()))
                            .collect()
                    });
                    Value::from(Object {
                        traits_copy: 0,
                        class: class.into(),
                        sealed,
                        dynamic,
                    })
                }),
            // Vector.<Object>
            (any::<bool>(), "[A-Za-z*]{0,4}", pool.clone(), idx.clone()).prop_map(
                |(fixed, type_name, pool, idx)| {
                    Value::from(ObjectVector {
                        fixed,
                        type_name: type_name.into(),
                        items: picks(&pool, &idx, Value::clone),
                    })
                }
            ),
            // Dictionary with keys of any type
            (any::<bool>(), pool.clone(), idx.clone(), idx.clone()).prop_map(
                |(weak_keys, pool, k, v)| {
                    let keys = picks(&pool, &k, Value::clone);
                    let values = picks(&pool, &v, Value::clone);
                    Value::from(Dictionary {
                        weak_keys,
                        entries: keys.into_iter().zip(values).collect(),
                    })
                }
            ),
            // flex.messaging.io.ArrayCollection around a dense array
            (pool, idx).prop_map(|(pool, idx)| {
                Value::from(External {
                    dynamic: false,
                    class: "flex.messaging.io.ArrayCollection".into(),
                    body: vec![DataItem::Value(Value::from(picks(
                        &pool,
                        &idx,
                        Value::clone,
                    )))],
                })
            }),
        ]
    })
}

/// `v` behind the AMF3 switch, as the decoder gives it back: kinds only
/// AMF3 has need no [`Value::Amf3`] wrapper (they are always written behind
/// the switch).
fn switched(v: Value) -> Value {
    match v {
        Value::Xml(_)
        | Value::ByteArray(_)
        | Value::External(_)
        | Value::VectorInt(_)
        | Value::VectorUint(_)
        | Value::VectorDouble(_)
        | Value::VectorObject(_)
        | Value::Dictionary(_) => v,
        v => Value::Amf3(Box::new(v)),
    }
}

fn amf3_key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(&["a", "foo", "label", "é", "日本語", "k"][..])
            .prop_map(str::to_owned),
        "[a-z]{1,6}",
    ]
}

fn amf3_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Undefined),
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-(1i32 << 28)..(1 << 28)).prop_map(Value::Integer),
        bits().prop_map(|b| Value::Double(b.0)),
        key().prop_map(Value::String),
        millis().prop_map(|m| Value::from(Date::from_millis(m))),
        key().prop_map(|s| Value::from(XmlDocument(s))),
        key().prop_map(|s| Value::from(Xml(s))),
        prop::collection::vec(any::<u8>(), 0..12).prop_map(|b| Value::from(ByteArray(b))),
        (any::<bool>(), prop::collection::vec(any::<i32>(), 0..4))
            .prop_map(|(fixed, items)| Value::from(Vector { fixed, items })),
        (any::<bool>(), prop::collection::vec(any::<u32>(), 0..4))
            .prop_map(|(fixed, items)| Value::from(Vector { fixed, items })),
        (any::<bool>(), prop::collection::vec(bits(), 0..4)).prop_map(|(fixed, items)| {
            Value::from(Vector {
                fixed,
                items: items.into_iter().map(|b| b.0).collect::<Vec<f64>>(),
            })
        }),
    ]
}
