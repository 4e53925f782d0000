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
//!    this file (with `07` references to finished and unfinished objects, and
//!    AMF3 string and object references across `0x11` switches) decode to a
//!    `Value` that writes the same bytes back.

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

// ================================================================ 1. serde

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

/// One field of every scalar kind.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Leaf {
    small: i32,
    big: i64,
    unsigned: u32,
    tiny: u8,
    short: i16,
    float: Bits,
    single: f32,
    flag: bool,
    text: String,
    maybe: Option<String>,
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    ch: char,
    inner: Inner,
    tags: Vec<String>,
    unit: (),
    pair: (u16, String),
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
enum Kind {
    Alpha,
    Beta(String),
    Gamma(i32, Bits),
    Delta { a: String, b: Option<i64> },
}

/// The recursive tree.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
enum Node {
    Unit,
    Kind(Kind),
    Int(i32),
    Big(i64),
    Float(Bits),
    Text(String),
    Maybe(Option<String>),
    Bytes(ByteBuf),
    Pair(i32, String),
    Triple(Option<String>, Box<Node>, bool),
    Leaf(Box<Leaf>),
    List(Vec<Node>),
    Map(BTreeMap<String, Node>),
    Opt(Option<Box<Node>>),
    Rec {
        name: String,
        kids: Vec<Node>,
        opt: Option<Box<Node>>,
    },
}

/// A top-level struct holding trees.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Doc {
    title: String,
    root: Node,
    leaves: Vec<Leaf>,
    by_name: BTreeMap<String, Inner>,
    kinds: Vec<Kind>,
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

const EXACT: i64 = 1 << 53;

fn big() -> impl Strategy<Value = i64> {
    prop_oneof![
        -EXACT..=EXACT,
        prop::sample::select(vec![-EXACT, EXACT, 0, -1, 1, i64::from(i32::MIN)]),
    ]
}

fn single() -> impl Strategy<Value = f32> {
    any::<f32>().prop_filter("NaN payloads of f32 are not portable", |f| !f.is_nan())
}

fn inner() -> impl Strategy<Value = Inner> {
    (text(), any::<i32>()).prop_map(|(label, n)| Inner { label, n })
}

fn leaf() -> impl Strategy<Value = Leaf> {
    (
        (any::<i32>(), big(), any::<u32>(), any::<u8>(), any::<i16>()),
        (
            bits(),
            single(),
            any::<bool>(),
            text(),
            prop::option::of(key()),
        ),
        (
            prop::collection::vec(any::<u8>(), 0..40),
            any::<char>(),
            inner(),
            prop::collection::vec(key(), 0..4),
            (any::<u16>(), key()),
        ),
    )
        .prop_map(
            |(
                (small, big, unsigned, tiny, short),
                (float, single, flag, text, maybe),
                (bytes, ch, inner, tags, pair),
            )| Leaf {
                small,
                big,
                unsigned,
                tiny,
                short,
                float,
                single,
                flag,
                text,
                maybe,
                bytes,
                ch,
                inner,
                tags,
                unit: (),
                pair,
            },
        )
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Alpha),
        text().prop_map(Kind::Beta),
        (any::<i32>(), bits()).prop_map(|(a, b)| Kind::Gamma(a, b)),
        (key(), prop::option::of(big())).prop_map(|(a, b)| Kind::Delta { a, b }),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    let leaf_node = prop_oneof![
        Just(Node::Unit),
        kind().prop_map(Node::Kind),
        any::<i32>().prop_map(Node::Int),
        big().prop_map(Node::Big),
        bits().prop_map(Node::Float),
        text().prop_map(Node::Text),
        prop::option::of(key()).prop_map(Node::Maybe),
        prop::collection::vec(any::<u8>(), 0..20).prop_map(|b| Node::Bytes(ByteBuf::from(b))),
        (any::<i32>(), key()).prop_map(|(a, b)| Node::Pair(a, b)),
        leaf().prop_map(|l| Node::Leaf(Box::new(l))),
    ];
    leaf_node.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Node::List),
            prop::collection::btree_map(key(), inner.clone(), 0..6).prop_map(Node::Map),
            prop::option::of(inner.clone().prop_map(Box::new)).prop_map(Node::Opt),
            (prop::option::of(key()), inner.clone(), any::<bool>())
                .prop_map(|(a, b, c)| Node::Triple(a, Box::new(b), c)),
            (
                key(),
                prop::collection::vec(inner.clone(), 0..4),
                prop::option::of(inner.prop_map(Box::new)),
            )
                .prop_map(|(name, kids, opt)| Node::Rec { name, kids, opt }),
        ]
    })
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        text(),
        node(),
        prop::collection::vec(leaf(), 0..3),
        prop::collection::btree_map(key(), inner(), 0..5),
        prop::collection::vec(kind(), 0..5),
    )
        .prop_map(|(title, root, leaves, by_name, kinds)| Doc {
            title,
            root,
            leaves,
            by_name,
            kinds,
        })
}

fn fail<E: std::fmt::Display>(what: &str) -> impl Fn(E) -> TestCaseError + '_ {
    move |e| TestCaseError::fail(format!("{what}: {e}"))
}

/// Encodes `value` as AMF0, decodes it through every path, and checks
/// equality; returns the bytes.
fn roundtrip<T>(value: &T) -> Result<Vec<u8>, TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let bytes = amf0::to_vec(value).map_err(fail("to_vec"))?;
    let ctx = || format!("bytes: {}", short_hex(&bytes));
    let back: T =
        amf0::from_slice(&bytes).map_err(|e| fail("from_slice")(format!("{e}; {}", ctx())))?;
    prop_assert_eq!(&back, value, "from_slice; {}", ctx());
    let back: T = amf0::from_reader(&bytes[..])
        .map_err(|e| fail("from_reader")(format!("{e}; {}", ctx())))?;
    prop_assert_eq!(&back, value, "from_reader; {}", ctx());
    let mut written = Vec::new();
    amf0::to_writer(&mut written, value).map_err(fail("to_writer"))?;
    prop_assert!(written == bytes, "to_writer differs from to_vec");
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value(value).map_err(fail("Serializer"))?;
    prop_assert!(ser.into_inner() == bytes, "Serializer differs from to_vec");
    // Deterministic, and the decoded value encodes the same.
    prop_assert!(amf0::to_vec(&back).unwrap() == bytes, "re-encoding differs");
    // Through `Value`: the same bytes again.
    let v: Value = amf0::from_slice(&bytes).map_err(fail("from_slice Value"))?;
    prop_assert!(
        amf0::to_vec(&v).map_err(fail("to_vec Value"))? == bytes,
        "Value re-encoding differs; {}",
        ctx()
    );
    Ok(bytes)
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

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn nodes_roundtrip(node in node()) {
        roundtrip(&node)?;
    }

    #[test]
    fn docs_roundtrip(doc in doc()) {
        roundtrip(&doc)?;
    }

    #[test]
    fn leaves_roundtrip(leaves in prop::collection::vec(leaf(), 0..4)) {
        roundtrip(&leaves)?;
    }

    #[test]
    fn strings_roundtrip_with_the_right_marker(s in text()) {
        let bytes = roundtrip(&s)?;
        if s.len() <= 65_535 {
            prop_assert_eq!(bytes[0], 0x02);
            prop_assert_eq!(&bytes[1..3], &(s.len() as u16).to_be_bytes());
            prop_assert_eq!(bytes.len(), s.len() + 3);
        } else {
            prop_assert_eq!(bytes[0], 0x0c);
            prop_assert_eq!(&bytes[1..5], &(s.len() as u32).to_be_bytes());
            prop_assert_eq!(bytes.len(), s.len() + 5);
        }
    }

    #[test]
    fn doubles_roundtrip_bit_for_bit(f in bits()) {
        let bytes = roundtrip(&f)?;
        prop_assert_eq!(bytes[0], 0x00);
        prop_assert_eq!(&bytes[1..], &f.0.to_be_bytes());
        let v: Value = amf0::from_slice(&bytes).unwrap();
        prop_assert_eq!(v.as_f64().map(f64::to_bits), Some(f.0.to_bits()));
    }

    #[test]
    fn integers_within_2_pow_53_roundtrip(i in big(), u in 0..=EXACT as u64) {
        let bytes = roundtrip(&i)?;
        prop_assert_eq!(&bytes[1..], &(i as f64).to_be_bytes());
        roundtrip(&u)?;
        roundtrip(&(i as i128))?;
    }

    #[test]
    fn integers_beyond_2_pow_53_roundtrip_or_fail_to_encode(i in any::<i64>(), u in any::<u64>()) {
        match amf0::to_vec(&i) {
            Ok(_) => {
                prop_assert_eq!(i as f64 as i64, i);
                roundtrip(&i)?;
            }
            Err(e) => {
                prop_assert!(e.is_data());
                prop_assert!(i as f64 as i64 != i || i == i64::MAX);
            }
        }
        match amf0::to_vec(&u) {
            Ok(_) => {
                roundtrip(&u)?;
            }
            Err(e) => prop_assert!(e.is_data()),
        }
    }

    #[test]
    fn options_tuples_and_enums_roundtrip(
        a in prop::option::of(text()),
        b in prop::option::of(big()),
        c in (any::<bool>(), kind(), prop::collection::vec(prop::option::of(any::<i32>()), 0..6)),
    ) {
        roundtrip(&(a.clone(), b, c.clone()))?;
        roundtrip(&a)?;
        roundtrip(&c.1)?;
        roundtrip(&c.2)?;
    }

    #[test]
    fn string_maps_roundtrip(m in prop::collection::btree_map(key(), prop::collection::vec(text(), 0..3), 0..8)) {
        let bytes = roundtrip(&m)?;
        prop_assert_eq!(bytes[0], 0x03, "string-keyed maps are anonymous objects");
    }

    #[test]
    fn bytes_roundtrip_in_both_modes(b in prop::collection::vec(any::<u8>(), 0..300)) {
        let b = ByteBuf::from(b);
        let bytes = roundtrip(&b)?;
        prop_assert_eq!(&bytes[..2], &[0x11, 0x0c]);
        let opts = Options::new().with_amf0_bytes(Amf0Bytes::NumberArray);
        let numbers = opts.amf0_to_vec(&b).unwrap();
        prop_assert_eq!(numbers.len(), 5 + 9 * b.len());
        prop_assert_eq!(numbers[0], 0x0a);
        let back: ByteBuf = opts.amf0_from_slice(&numbers).unwrap();
        prop_assert_eq!(&back, &b);
        let back: ByteBuf = amf0::from_reader(numbers.as_slice()).unwrap();
        prop_assert_eq!(&back, &b);
    }
}

/// Integer-keyed maps are written as ECMA arrays (checked here) and should
/// read back (see the ignored test below).
#[test]
fn integer_keyed_maps_are_written_as_ecma_arrays() {
    let m = BTreeMap::from([(0u32, "a".to_owned()), (7, "b".to_owned())]);
    let bytes = amf0::to_vec(&m).unwrap();
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex(
            "08 00 00 00 02 00 01 30 02 00 01 61 00 01 37 02 00 01 62 00 00 09"
        ))
    );
    // As string keys they read back.
    let back: BTreeMap<String, String> = amf0::from_slice(&bytes).unwrap();
    assert_eq!(back["7"], "b");
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
        fn integer_keyed_maps_roundtrip(
        a in prop::collection::btree_map(any::<u32>(), text(), 0..6),
        b in prop::collection::btree_map(any::<i32>(), any::<bool>(), 0..6),
    ) {
        roundtrip(&a)?;
        roundtrip(&b)?;
    }
}

// ================================================================ 2. Value

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

fn millis() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-8.64e15f64..8.64e15).prop_map(f64::trunc),
        bits().prop_map(|b| b.0),
    ]
}

// ----------------------------------------------------- AMF3 values (0x11)

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

// ------------------------------------------------------------ AMF0 values

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

/// `v` → bytes → `Value`, which must be equal (sharing and cycles alike)
/// and, decoded with the switch marks, write the same bytes again; from a
/// reader too. Decoded without the marks (the default) it is equal too and
/// holds no mark.
fn value_roundtrip(v: &Value) -> Result<Vec<u8>, TestCaseError> {
    let bytes = amf0::to_vec(v).map_err(fail("to_vec"))?;
    let ctx = || format!("value {v}\nbytes {}", short_hex(&bytes));
    let bare: Value =
        amf0::from_slice(&bytes).map_err(|e| fail("from_slice")(format!("{e}; {}", ctx())))?;
    prop_assert!(&bare == v, "decoded {bare}\n{}", ctx());
    prop_assert!(!has_marks(&bare), "decoded with a mark: {bare:?}");
    let back: Value = marks()
        .amf0_from_slice(&bytes)
        .map_err(|e| fail("from_slice")(format!("{e}; {}", ctx())))?;
    prop_assert!(&back == v, "decoded {back}\n{}", ctx());
    let again = amf0::to_vec(&back).map_err(fail("to_vec again"))?;
    prop_assert!(
        again == bytes,
        "re-encoding differs: {}\n{}",
        short_hex(&again),
        ctx()
    );
    let from_reader: Value = marks()
        .amf0_from_reader(&bytes[..])
        .map_err(|e| fail("from_reader")(format!("{e}; {}", ctx())))?;
    prop_assert!(from_reader == back, "from_reader differs\n{}", ctx());
    let mut written = Vec::new();
    amf0::to_writer(&mut written, v).map_err(fail("to_writer"))?;
    prop_assert!(written == bytes, "to_writer differs");
    Ok(bytes)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn amf0_values_roundtrip(v in amf0_value()) {
        value_roundtrip(&v)?;
    }

    #[test]
    fn amf3_values_behind_the_switch_roundtrip(v in amf3_value()) {
        let bytes = value_roundtrip(&switched(v.clone()))?;
        prop_assert_eq!(bytes[0], 0x11);
        // The AMF3 part is exactly what the AMF3 encoder writes.
        prop_assert!(bytes[1..] == amf_serde::amf3::to_vec(&v).unwrap()[..]);
    }

    #[test]
    fn several_switches_share_amf3_tables(
        pool in prop::collection::vec(amf3_value(), 1..4),
        idx in prop::collection::vec(any::<usize>(), 1..8),
    ) {
        // The same AMF3 nodes behind several switches of one AMF0 value:
        // later switches refer to earlier ones.
        let items: Vec<Value> = picks(&pool, &idx, Value::clone)
            .into_iter()
            .map(switched)
            .collect();
        let v = Value::from(items);
        value_roundtrip(&v)?;
    }

    #[test]
    fn top_level_values_in_a_row(values in prop::collection::vec(amf0_value(), 1..4)) {
        let mut ser = amf0::Serializer::new(Vec::new());
        for v in &values {
            ser.serialize_value(v).unwrap();
        }
        let bytes = ser.into_inner();
        let back: Vec<Value> = amf0::Deserializer::from_slice(&bytes)
            .into_iter::<Value>()
            .collect::<Result<_, _>>()
            .map_err(fail("stream"))?;
        prop_assert_eq!(back.len(), values.len());
        for (a, b) in back.iter().zip(&values) {
            prop_assert!(a == b, "{a} vs {b}");
        }
        // Each value on its own writes the same bytes as in the stream.
        let each: Vec<u8> = values.iter().flat_map(|v| amf0::to_vec(v).unwrap()).collect();
        prop_assert!(each == bytes);
    }
}

#[test]
fn cyclic_seeds_roundtrip() {
    for (h, v) in CYCLIC.iter().zip(cyclic_values()) {
        assert_eq!(to_hex(&amf0::to_vec(&v).unwrap()), to_hex(&hex(h)), "{v}");
        let back: Value = amf0::from_slice(&hex(h)).unwrap();
        assert_eq!(back, v);
        assert!(!has_marks(&back));
    }
}

// ======================================== 3. random valid AMF0 byte streams

/// xorshift64*: deterministic pseudo-random numbers.
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
}

fn u29(out: &mut Vec<u8>, v: u32) {
    assert!(v < 1 << 29);
    if v < 0x80 {
        out.push(v as u8);
    } else if v < 0x4000 {
        out.extend([0x80 | (v >> 7) as u8, (v & 0x7f) as u8]);
    } else if v < 0x20_0000 {
        out.extend([
            0x80 | (v >> 14) as u8,
            0x80 | ((v >> 7) & 0x7f) as u8,
            (v & 0x7f) as u8,
        ]);
    } else {
        out.extend([
            0x80 | ((v >> 22) & 0x7f) as u8,
            0x80 | ((v >> 15) & 0x7f) as u8,
            0x80 | ((v >> 8) & 0x7f) as u8,
            (v & 0xff) as u8,
        ]);
    }
}

/// Writes random canonical AMF0 (the form our encoder writes for the
/// resulting `Value`), independently of the library: `07` references to
/// any registered object, finished (sharing) or not (cycles), and `0x11`
/// switches whose AMF3 string and object tables span the whole top-level
/// value.
struct Gen {
    rng: Rng,
    out: Vec<u8>,
    /// AMF0 reference table size.
    refs: u16,
    /// AMF3 string table.
    strings: Vec<&'static str>,
    /// AMF3 object table: the marker of each entry.
    objects: Vec<u8>,
    budget: usize,
    /// References written: AMF0 `07`, AMF3 strings, AMF3 objects.
    written_refs: [usize; 3],
}

const WORDS: &[&str] = &["a", "k", "foo", "é", "日本", "label", "x y"];

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng(seed | 1),
            out: Vec::new(),
            refs: 0,
            strings: Vec::new(),
            objects: Vec::new(),
            budget: 60,
            written_refs: [0; 3],
        }
    }

    fn short_str(&mut self, s: &str) {
        self.out.extend((s.len() as u16).to_be_bytes());
        self.out.extend(s.as_bytes());
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.rng.below(WORDS.len())]
    }

    fn properties(&mut self, depth: u32) {
        for _ in 0..self.rng.below(4) {
            let k = if self.rng.below(10) == 0 {
                ""
            } else {
                self.word()
            };
            self.short_str(k);
            self.value(depth + 1);
        }
        self.out.extend([0x00, 0x00, 0x09]);
    }

    fn value(&mut self, depth: u32) {
        self.budget = self.budget.saturating_sub(1);
        let complex = depth < 6 && self.budget > 0;
        let choice = self.rng.below(if complex { 18 } else { 12 });
        match choice {
            0 => {
                self.out.push(0x00);
                let bits = self.rng.next();
                self.out.extend(bits.to_be_bytes());
            }
            1 => self.out.extend([0x01, self.rng.below(2) as u8]),
            2 => {
                self.out.push(0x02);
                let w = self.word();
                self.short_str(w);
            }
            3 => self.out.push([0x05, 0x06, 0x0d][self.rng.below(3)]),
            4 => {
                self.out.push(0x0b);
                let ms = (self.rng.below(1 << 40) as f64) * 1000.0;
                self.out.extend(ms.to_be_bytes());
                self.out.extend((self.rng.next() as u16).to_be_bytes());
            }
            5 => {
                self.out.push(0x0f);
                let w = self.word();
                self.out.extend((w.len() as u32).to_be_bytes());
                self.out.extend(w.as_bytes());
            }
            6..=8 if self.refs > 0 => {
                self.out.push(0x07);
                self.written_refs[0] += 1;
                let i = self.rng.below(self.refs.into()) as u16;
                self.out.extend(i.to_be_bytes());
            }
            6..=11 => {
                self.out.push(0x11);
                self.amf3(depth + 1);
            }
            12 | 13 => {
                self.out.push(0x03);
                self.refs += 1;
                self.properties(depth);
            }
            14 => {
                self.out.push(0x10);
                self.refs += 1;
                let class = ["Foo", "a.B", "日本"][self.rng.below(3)];
                self.short_str(class);
                self.properties(depth);
            }
            15 => {
                self.out.push(0x08);
                self.refs += 1;
                let count = self.rng.next() as u32 >> self.rng.below(32);
                self.out.extend(count.to_be_bytes());
                self.properties(depth);
            }
            _ => {
                self.out.push(0x0a);
                self.refs += 1;
                let n = self.rng.below(4) as u32;
                self.out.extend(n.to_be_bytes());
                for _ in 0..n {
                    self.value(depth + 1);
                }
            }
        }
    }

    /// An AMF3 string (value or key): a reference when already in the
    /// table, `01` for the empty string (never in the table).
    fn amf3_str(&mut self, s: &'static str) {
        if s.is_empty() {
            self.out.push(0x01);
        } else if let Some(i) = self.strings.iter().position(|t| *t == s) {
            self.written_refs[1] += 1;
            u29(&mut self.out, (i as u32) << 1);
        } else {
            self.strings.push(s);
            u29(&mut self.out, ((s.len() as u32) << 1) | 1);
            self.out.extend(s.as_bytes());
        }
    }

    fn amf3(&mut self, depth: u32) {
        self.budget = self.budget.saturating_sub(1);
        let complex = depth < 8 && self.budget > 0;
        match self.rng.below(if complex { 10 } else { 7 }) {
            0 => self.out.push([0x00, 0x01, 0x02, 0x03][self.rng.below(4)]),
            1 => {
                self.out.push(0x04);
                let i = self.rng.below(1 << 28) as u32;
                u29(&mut self.out, i);
            }
            2 => {
                self.out.push(0x05);
                let bits = self.rng.next();
                self.out.extend(bits.to_be_bytes());
            }
            3 | 4 => {
                self.out.push(0x06);
                let w = if self.rng.below(8) == 0 {
                    ""
                } else {
                    self.word()
                };
                self.amf3_str(w);
            }
            5 => {
                self.out.push(0x08);
                self.objects.push(0x08);
                self.out.push(0x01);
                let ms = (self.rng.below(1 << 40) as f64) * 1000.0;
                self.out.extend(ms.to_be_bytes());
            }
            6 if !self.objects.is_empty() => {
                let i = self.rng.below(self.objects.len());
                self.written_refs[2] += 1;
                self.out.push(self.objects[i]);
                u29(&mut self.out, (i as u32) << 1);
            }
            6 => self.out.push(0x01),
            _ => {
                self.out.push(0x09);
                self.objects.push(0x09);
                let n = self.rng.below(4) as u32;
                u29(&mut self.out, (n << 1) | 1);
                let mut keys: Vec<&'static str> = (0..self.rng.below(3))
                    .map(|_| ["p", "q", "r"][self.rng.below(3)])
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                for k in keys {
                    self.amf3_str(k);
                    self.amf3(depth + 1);
                }
                self.out.push(0x01);
                for _ in 0..n {
                    self.amf3(depth + 1);
                }
            }
        }
    }
}

fn generated(seed: u64) -> Vec<u8> {
    let mut g = Gen::new(seed);
    g.value(0);
    g.out
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn generated_amf0_decodes_and_writes_back_identically(seed in any::<u64>()) {
        let bytes = generated(seed);
        let ctx = || format!("seed {seed:#x}: {}", short_hex(&bytes));
        let v: Value = marks().amf0_from_slice(&bytes).map_err(|e| fail("from_slice")(format!("{e}; {}", ctx())))?;
        let again = amf0::to_vec(&v).map_err(|e| fail("to_vec")(format!("{e}; {}", ctx())))?;
        prop_assert!(again == bytes, "re-encoded {}\n{}\nvalue {v}", short_hex(&again), ctx());
        // Without the marks: the same value, every switch gone.
        let bare: Value = amf0::from_slice(&bytes).map_err(fail("from_slice"))?;
        prop_assert!(bare == v && !has_marks(&bare), "{}", ctx());
        let r: Value = marks().amf0_from_reader(&bytes[..]).map_err(fail("from_reader"))?;
        prop_assert!(r == v, "from_reader differs; {}", ctx());
        let back: Value = amf0::from_slice(&again).unwrap();
        prop_assert!(back == v);
        // Typed decoding agrees wherever the input has no cycle.
        match amf0::from_slice::<serde_json::Value>(&bytes) {
            Ok(_) => {}
            Err(e) => prop_assert!(
                e.to_string().contains("still being read (a cycle)")
                    || e.to_string().contains("cannot be decoded"),
                "{e}; {}", ctx()
            ),
        }
        let _: serde::de::IgnoredAny = amf0::from_slice(&bytes).map_err(fail("IgnoredAny"))?;
    }
}

#[test]
fn generator_produces_references_and_cycles() {
    // Make sure the generator really exercises what it is meant to: inputs
    // with AMF0 references, AMF3 string and object references, and cycles.
    let mut with = [0; 3];
    let mut cycles = 0;
    for seed in 0..2000u64 {
        let mut g = Gen::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        g.value(0);
        for (n, refs) in with.iter_mut().zip(g.written_refs) {
            *n += usize::from(refs > 0);
        }
        let v: Value = amf0::from_slice(&g.out).unwrap();
        if format!("{v:?}").contains("Cycle(") {
            cycles += 1;
        }
    }
    assert!(with.iter().all(|&n| n > 100), "{with:?}");
    assert!(cycles > 50, "{cycles}");
}

/// Values behind the AMF3 switch in `v`, seen as a tree (a shared node once
/// per place it is held): `Value::Amf3` wrappers, and nodes of a kind only
/// AMF3 has (the decoder returns those bare).
fn switched_count(v: &Value) -> usize {
    use amf_serde::types::DataItem;
    let sum = |it: &mut dyn Iterator<Item = &Value>| it.map(switched_count).sum::<usize>();
    match v {
        Value::Amf3(inner) => 1 + switched_count(inner),
        Value::Xml(_)
        | Value::ByteArray(_)
        | Value::VectorInt(_)
        | Value::VectorUint(_)
        | Value::VectorDouble(_) => 1,
        Value::Array(a) => sum(&mut a.iter().chain(a.assoc().values())),
        Value::Object(o) => sum(&mut o.values()),
        Value::EcmaArray(e) => sum(&mut e.entries.values()),
        Value::VectorObject(x) => 1 + sum(&mut x.items.iter()),
        Value::Dictionary(d) => 1 + sum(&mut d.entries.iter().flat_map(|(k, v)| [k, v])),
        Value::External(e) => {
            1 + sum(&mut e.body.iter().filter_map(|i| match i {
                DataItem::Value(v) => Some(v),
                _ => None,
            }))
        }
        _ => 0,
    }
}

/// The `Value` strategy places shared nodes (written as `07` references)
/// and cycles often enough.
#[test]
fn value_strategy_produces_sharing_and_cycles() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = amf0_value();
    let (mut shared, mut cycles, mut switches) = (0, 0, 0);
    for _ in 0..500 {
        let v = strategy.new_tree(&mut runner).unwrap().current();
        let debug = format!("{v:?}");
        cycles += usize::from(debug.contains("Cycle("));
        let bytes = amf0::to_vec(&v).unwrap();
        shared += usize::from(bytes.contains(&0x07));
        switches += usize::from(switched_count(&v) >= 2);
    }
    println!("shared {shared} cycles {cycles} switches {switches}");
    assert!(shared > 50, "{shared}");
    assert!(cycles > 50, "{cycles}");
    assert!(switches > 50, "{switches}");
}
