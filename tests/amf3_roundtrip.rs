//! Property tests: arbitrary serde values survive `to_vec` → `from_slice`
//! and `to_vec` → `from_reader` unchanged, with string and traits
//! references exercised by drawing strings from a small pool and integers
//! from the edges of the 29-bit range.

use std::collections::BTreeMap;

use amf_serde::{Category, Options};
use amf_serde_tests::to_hex;
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use serde_json::Value;

// ---------------------------------------------------------------- model

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

/// A struct with one field of every kind the brief lists.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Leaf {
    small: i32,
    big: i64,
    unsigned: u32,
    float: Bits,
    flag: bool,
    text: String,
    maybe: Option<String>,
    bytes: ByteBuf,
    ch: char,
    inner: Inner,
    tags: Vec<String>,
    unit: (),
}

/// Instances of one struct with different field sets: every `None` field is
/// left out, so the encoder must write different sealed traits for them.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Sparse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    a: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<i64>,
    c: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<Inner>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Wrapper(Vec<Node>);

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
enum Kind {
    Alpha,
    Beta,
    Gamma,
}

/// The recursive tree.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
enum Node {
    Unit,
    Other,
    Kind(Kind),
    Int(i32),
    Big(i64),
    Unsigned(u32),
    Float(Bits),
    Text(String),
    Maybe(Option<String>),
    Char(char),
    Bytes(ByteBuf),
    Pair(i32, String),
    Triple(Option<String>, Box<Node>, bool),
    Leaf(Leaf),
    Sparse(Sparse),
    List(Vec<Node>),
    Map(BTreeMap<String, Node>),
    IntMap(BTreeMap<i32, Node>),
    Wrapped(Wrapper),
    Rec {
        name: String,
        kids: Vec<Node>,
        opt: Option<String>,
    },
    Record {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<i64>,
        leaf: Option<Leaf>,
    },
}

/// A top-level struct holding trees, so that the top value is a struct too.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Doc {
    title: String,
    root: Node,
    sparse: Vec<Sparse>,
    leaves: Vec<Leaf>,
    by_name: BTreeMap<String, Inner>,
}

// ----------------------------------------------------------- strategies

/// A small pool so that repeats (string references) are frequent; it
/// includes the empty string, field and variant names, and non-ASCII text.
const POOL: &[&str] = &[
    "",
    "a",
    "foo",
    "bar",
    "label",
    "n",
    "text",
    "Unit",
    "Leaf",
    "Alpha",
    "é",
    "日本語",
    "😀 emoji",
    "a somewhat longer string with spaces, to need a longer header",
];

fn pooled() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(POOL).prop_map(str::to_owned),
        1 => "[a-z]{0,3}",
        1 => any::<String>(),
    ]
}

/// Non-empty strings: the empty string cannot be a dynamic member name.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(&POOL[1..]).prop_map(str::to_owned),
        1 => "[a-z]{1,3}",
        1 => any::<String>().prop_filter("non-empty", |s| !s.is_empty()),
    ]
}

const EDGES_I32: &[i32] = &[
    -(1 << 28) - 1,
    -(1 << 28),
    (1 << 28) - 1,
    1 << 28,
    0,
    -1,
    1,
    127,
    128,
    16383,
    16384,
    2_097_151,
    2_097_152,
    i32::MIN,
    i32::MAX,
];

fn int() -> impl Strategy<Value = i32> {
    prop_oneof![
        3 => prop::sample::select(EDGES_I32),
        1 => any::<i32>(),
        1 => -300..300i32,
    ]
}

const MAX_EXACT: i64 = 1 << 53;

fn big() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => prop::sample::select(EDGES_I32).prop_map(i64::from),
        2 => prop::sample::select(&[MAX_EXACT, -MAX_EXACT, MAX_EXACT - 1, 1 - MAX_EXACT, 1 << 40][..]),
        1 => -MAX_EXACT..=MAX_EXACT,
    ]
}

fn unsigned() -> impl Strategy<Value = u32> {
    prop_oneof![
        2 => prop::sample::select(&[0, 1, (1 << 28) - 1, 1 << 28, (1 << 29) - 1, 1 << 29, u32::MAX][..]),
        1 => any::<u32>(),
    ]
}

fn float() -> impl Strategy<Value = Bits> {
    prop_oneof![
        2 => prop::sample::select(&[
            0.0,
            -0.0,
            1.0,
            -1.5,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
            268_435_456.0,
            1e300,
        ][..]),
        // Any bit pattern: NaNs with payloads, subnormals.
        1 => any::<u64>().prop_map(f64::from_bits),
        1 => any::<f64>(),
    ]
    .prop_map(Bits)
}

fn character() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(&['a', 'é', '日', '😀', '\0', '\u{ffff}'][..]),
        any::<char>(),
    ]
}

fn bytes() -> impl Strategy<Value = ByteBuf> {
    prop_oneof![Just(Vec::new()), prop::collection::vec(any::<u8>(), 0..40),]
        .prop_map(ByteBuf::from)
}

fn inner() -> impl Strategy<Value = Inner> {
    (pooled(), int()).prop_map(|(label, n)| Inner { label, n })
}

fn leaf() -> impl Strategy<Value = Leaf> {
    (
        (int(), big(), unsigned(), float(), any::<bool>()),
        (
            pooled(),
            prop::option::of(pooled()),
            bytes(),
            character(),
            inner(),
            prop::collection::vec(pooled(), 0..4),
        ),
    )
        .prop_map(
            |((small, big, unsigned, float, flag), (text, maybe, bytes, ch, inner, tags))| Leaf {
                small,
                big,
                unsigned,
                float,
                flag,
                text,
                maybe,
                bytes,
                ch,
                inner,
                tags,
                unit: (),
            },
        )
}

fn sparse() -> impl Strategy<Value = Sparse> {
    (
        prop::option::of(pooled()),
        prop::option::of(big()),
        pooled(),
        prop::option::of(inner()),
    )
        .prop_map(|(a, b, c, d)| Sparse { a, b, c, d })
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Alpha), Just(Kind::Beta), Just(Kind::Gamma)]
}

fn node() -> impl Strategy<Value = Node> {
    let leaf_node = prop_oneof![
        Just(Node::Unit),
        Just(Node::Other),
        kind().prop_map(Node::Kind),
        int().prop_map(Node::Int),
        big().prop_map(Node::Big),
        unsigned().prop_map(Node::Unsigned),
        float().prop_map(Node::Float),
        pooled().prop_map(Node::Text),
        prop::option::of(pooled()).prop_map(Node::Maybe),
        character().prop_map(Node::Char),
        bytes().prop_map(Node::Bytes),
        (int(), pooled()).prop_map(|(a, b)| Node::Pair(a, b)),
        leaf().prop_map(Node::Leaf),
        sparse().prop_map(Node::Sparse),
        (prop::option::of(big()), prop::option::of(leaf()))
            .prop_map(|(id, leaf)| Node::Record { id, leaf }),
    ];
    leaf_node.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Node::List),
            prop::collection::btree_map(key(), inner.clone(), 0..5).prop_map(Node::Map),
            prop::collection::btree_map(int(), inner.clone(), 0..5).prop_map(Node::IntMap),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| Node::Wrapped(Wrapper(v))),
            (prop::option::of(pooled()), inner.clone(), any::<bool>())
                .prop_map(|(a, b, c)| Node::Triple(a, Box::new(b), c)),
            (
                pooled(),
                prop::collection::vec(inner, 0..4),
                prop::option::of(pooled())
            )
                .prop_map(|(name, kids, opt)| Node::Rec { name, kids, opt }),
        ]
    })
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        pooled(),
        node(),
        prop::collection::vec(sparse(), 0..6),
        prop::collection::vec(leaf(), 0..3),
        prop::collection::btree_map(key(), inner(), 0..4),
    )
        .prop_map(|(title, root, sparse, leaves, by_name)| Doc {
            title,
            root,
            sparse,
            leaves,
            by_name,
        })
}

// -------------------------------------------------------------- helpers

/// Encodes `value`, decodes it through every path, and checks equality.
fn roundtrip<T>(value: &T) -> Result<Vec<u8>, TestCaseError>
where
    T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let bytes = amf_serde::to_vec(value).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let ctx = || format!("bytes: {}", to_hex(&bytes));
    let back: T = amf_serde::from_slice(&bytes)
        .map_err(|e| TestCaseError::fail(format!("from_slice: {e}; {}", ctx())))?;
    prop_assert_eq!(&back, value, "from_slice; {}", ctx());
    let back: T = amf_serde::from_reader(&bytes[..])
        .map_err(|e| TestCaseError::fail(format!("from_reader: {e}; {}", ctx())))?;
    prop_assert_eq!(&back, value, "from_reader; {}", ctx());
    // The other entry points agree.
    let mut written = Vec::new();
    amf_serde::to_writer(&mut written, value).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    prop_assert_eq!(&written, &bytes, "to_writer differs from to_vec");
    prop_assert_eq!(
        &Options::new()
            .to_vec(value)
            .map_err(|e| TestCaseError::fail(format!("{e}")))?,
        &bytes
    );
    let back: T = Options::new()
        .from_slice(&bytes)
        .map_err(|e| TestCaseError::fail(format!("Options::from_slice: {e}; {}", ctx())))?;
    prop_assert_eq!(&back, value, "Options::from_slice; {}", ctx());
    // Encoding is deterministic, and the decoded value encodes the same.
    prop_assert_eq!(&amf_serde::to_vec(&back).unwrap(), &bytes);
    Ok(bytes)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

// ------------------------------------------------------------ properties

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
    fn node_lists_roundtrip(nodes in prop::collection::vec(node(), 0..6)) {
        roundtrip(&nodes)?;
    }

    #[test]
    fn sparse_structs_with_varying_fields_roundtrip(items in prop::collection::vec(sparse(), 0..12)) {
        roundtrip(&items)?;
    }

    #[test]
    fn leaves_roundtrip(items in prop::collection::vec(leaf(), 0..5)) {
        let bytes = roundtrip(&items)?;
        if items.len() >= 2 {
            // Later leaves use a traits reference to the sealed traits.
            prop_assert!(bytes.windows(2).any(|w| w == [0x0a, 0x01]), "{}", to_hex(&bytes));
        }
    }

    #[test]
    fn options_and_tuples_roundtrip(
        v in prop::collection::vec((prop::option::of(pooled()), int(), prop::option::of(big()), float()), 0..6)
    ) {
        roundtrip(&v)?;
    }

    #[test]
    fn string_maps_roundtrip(m in prop::collection::btree_map(key(), prop::collection::vec(pooled(), 0..3), 0..8)) {
        let bytes = roundtrip(&m)?;
        prop_assert_eq!(bytes[0], 0x0a);
    }

    #[test]
    fn int_maps_roundtrip(m in prop::collection::btree_map(int(), pooled(), 1..8)) {
        let bytes = roundtrip(&m)?;
        // Non-string keys: a Dictionary.
        prop_assert_eq!(bytes[0], 0x11);
    }
}

// -------------------------------------------------------------- integers

/// `true` if `v` is exactly an `f64` (and not 2^63, which `as i64` clamps).
fn exact_as_f64(v: i64) -> bool {
    let f = v as f64;
    f < 9_223_372_036_854_775_808.0 && f as i64 == v
}

fn any_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        2 => -MAX_EXACT..=MAX_EXACT,
        1 => prop::sample::select(&[
            MAX_EXACT, -MAX_EXACT, MAX_EXACT + 1, -MAX_EXACT - 1, MAX_EXACT + 2,
            i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1, 1 << 62, -(1 << 62),
            (1 << 28) - 1, 1 << 28, -(1 << 28), -(1 << 28) - 1,
        ][..]),
        2 => any::<i64>(),
        // Large values that are exact doubles: multiples of big powers of two.
        1 => (any::<i32>(), 22..40u32).prop_map(|(m, s)| i64::from(m) << s),
    ]
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn i64_roundtrips_exactly_or_fails_to_encode(v in any_i64()) {
        match amf_serde::to_vec(&v) {
            Ok(bytes) => {
                prop_assert!(exact_as_f64(v), "{v} encoded as {} although not exact", to_hex(&bytes));
                let in_int = (-(1i64 << 28)..(1 << 28)).contains(&v);
                prop_assert_eq!(bytes[0], if in_int { 0x04 } else { 0x05 }, "{}", to_hex(&bytes));
                prop_assert_eq!(amf_serde::from_slice::<i64>(&bytes).unwrap(), v);
                prop_assert_eq!(amf_serde::from_reader::<_, i64>(&bytes[..]).unwrap(), v);
                prop_assert_eq!(amf_serde::from_slice::<f64>(&bytes).unwrap(), v as f64);
                if let Ok(n) = i32::try_from(v) {
                    prop_assert_eq!(amf_serde::from_slice::<i32>(&bytes).unwrap(), n);
                } else {
                    let e = amf_serde::from_slice::<i32>(&bytes).unwrap_err();
                    prop_assert!(e.is_data(), "{e}");
                }
            }
            Err(e) => {
                prop_assert!(v.unsigned_abs() > 1 << 53, "{v} failed to encode: {e}");
                prop_assert!(!exact_as_f64(v), "{v} is exact but failed: {e}");
                prop_assert_eq!(e.classify(), Category::Data);
                prop_assert!(e.is_data());
                prop_assert_eq!(e.offset(), None);
                prop_assert_eq!(
                    e.to_string(),
                    format!("integer {v} cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)")
                );
            }
        }
    }

    #[test]
    fn i64_within_2_pow_53_always_roundtrips(v in -MAX_EXACT..=MAX_EXACT) {
        let bytes = amf_serde::to_vec(&v).unwrap();
        prop_assert_eq!(amf_serde::from_slice::<i64>(&bytes).unwrap(), v);
        prop_assert_eq!(amf_serde::from_reader::<_, i64>(&bytes[..]).unwrap(), v);
        // Inside a struct and a sequence too.
        roundtrip(&vec![Some(v), None])?;
    }

    #[test]
    fn u64_roundtrips_exactly_or_fails_to_encode(v in prop_oneof![
        any::<u64>(),
        0..=(1u64 << 53),
        (any::<u32>(), 22..=32u32).prop_map(|(m, s)| u64::from(m) << s),
    ]) {
        let f = v as f64;
        let exact = f < 18_446_744_073_709_551_616.0 && f as u64 == v;
        match amf_serde::to_vec(&v) {
            Ok(bytes) => {
                prop_assert!(exact, "{v}");
                prop_assert_eq!(amf_serde::from_slice::<u64>(&bytes).unwrap(), v);
            }
            Err(e) => {
                prop_assert!(!exact && v > 1 << 53, "{v}: {e}");
                prop_assert_eq!(e.classify(), Category::Data);
            }
        }
    }
}

#[test]
fn i64_edges() {
    for v in [1i64 << 53, -(1 << 53), (1 << 53) - 1, 1 << 62, i64::MIN] {
        let bytes = amf_serde::to_vec(&v).unwrap();
        assert_eq!(amf_serde::from_slice::<i64>(&bytes).unwrap(), v, "{v}");
    }
    for v in [(1i64 << 53) + 1, -(1 << 53) - 1, i64::MAX, i64::MIN + 1] {
        let e = amf_serde::to_vec(&v).unwrap_err();
        assert_eq!(e.classify(), Category::Data, "{v}");
        assert_eq!(
            e.to_string(),
            format!("integer {v} cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)")
        );
        // Also nested: the error surfaces from inside a container.
        let e = amf_serde::to_vec(&vec![Node::Big(v)]).unwrap_err();
        assert_eq!(e.classify(), Category::Data, "{v}");
    }
    assert_eq!(
        to_hex(&amf_serde::to_vec(&(1i64 << 28)).unwrap()),
        "05 41 b0 00 00 00 00 00 00"
    );
    assert_eq!(
        to_hex(&amf_serde::to_vec(&(-(1i64 << 28) - 1)).unwrap()),
        "05 c1 b0 00 00 01 00 00 00"
    );
}

#[test]
fn empty_dynamic_key_is_an_encode_error() {
    let mut m = BTreeMap::new();
    m.insert(String::new(), 1);
    let e = amf_serde::to_vec(&m).unwrap_err();
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(
        e.to_string(),
        "the empty string cannot be an AMF3 dynamic member name (it terminates the member list)"
    );
}

#[test]
fn string_and_traits_references_are_used() {
    let leaf = Leaf {
        small: 1,
        big: 2,
        unsigned: 3,
        float: Bits(f64::NAN),
        flag: true,
        text: "foo".into(),
        maybe: Some("foo".into()),
        bytes: ByteBuf::from(vec![1, 2]),
        ch: 'f',
        inner: Inner {
            label: "foo".into(),
            n: 4,
        },
        tags: vec!["foo".into(), "".into(), "".into(), "bar".into()],
        unit: (),
    };
    let v = vec![leaf.clone(), leaf];
    let bytes = roundtrip(&v).unwrap();
    // "foo" is written once, then referenced; "" never enters the table.
    assert_eq!(count(&bytes, b"\x07foo"), 1, "{}", to_hex(&bytes));
    assert_eq!(count(&bytes, b"\x07bar"), 1, "{}", to_hex(&bytes));
    assert_eq!(count(&bytes, b"\x0bsmall"), 1, "{}", to_hex(&bytes));
    assert_eq!(count(&bytes, b"\x0blabel"), 1, "{}", to_hex(&bytes));
}

// ------------------------------------------------------------ JSON values

fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(EDGES_I32).prop_map(|n| Value::from(i64::from(n))),
        (-MAX_EXACT..=MAX_EXACT).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(&[0.0, -0.0, 0.5, 1e-300, 268_435_456.0, 3.0][..])
            .prop_map(Value::from),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        pooled().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What a JSON value reads back as: integers outside the AMF3 integer range
/// are written as doubles and come back as `f64` numbers.
fn normalized(v: &Value) -> Value {
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(i) if (-(1 << 28)..(1 << 28)).contains(&i) => Value::from(i),
            Some(i) => Value::from(i as f64),
            None => v.clone(),
        },
        Value::Array(a) => Value::Array(a.iter().map(normalized).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), normalized(v))).collect())
        }
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn json_values_roundtrip(v in json()) {
        let bytes = amf_serde::to_vec(&v).unwrap();
        let expected = normalized(&v);
        let back: Value = amf_serde::from_slice(&bytes).unwrap();
        prop_assert_eq!(&back, &expected, "{}", to_hex(&bytes));
        let back: Value = amf_serde::from_reader(&bytes[..]).unwrap();
        prop_assert_eq!(&back, &expected, "{}", to_hex(&bytes));
        // Read back, it is a fixed point.
        prop_assert_eq!(amf_serde::to_vec(&back).unwrap(), bytes);
    }

    #[test]
    fn typed_values_read_as_json(node in node()) {
        // Any typed tree can be read generically, unless it holds bytes
        // (serde_json::Value has no byte type) or non-finite floats.
        let bytes = amf_serde::to_vec(&node).unwrap();
        if let Ok(v) = amf_serde::from_slice::<Value>(&bytes) {
            let again: Value = amf_serde::from_reader(&bytes[..]).unwrap();
            prop_assert_eq!(v, again);
        }
        amf_serde::from_slice::<serde::de::IgnoredAny>(&bytes).unwrap();
    }
}

#[test]
fn json_numbers_decode_as_i64_or_f64() {
    let cases = [
        (Value::from(5), Value::from(5i64)),
        (Value::from((1i64 << 28) - 1), Value::from((1i64 << 28) - 1)),
        (Value::from(1i64 << 28), Value::from(268_435_456.0)),
        (Value::from(-(1i64 << 28)), Value::from(-(1i64 << 28))),
        (Value::from(-(1i64 << 28) - 1), Value::from(-268_435_457.0)),
        (Value::from(2.0), Value::from(2.0)),
        (Value::from(-0.5), Value::from(-0.5)),
    ];
    for (input, expected) in cases {
        let bytes = amf_serde::to_vec(&input).unwrap();
        let back: Value = amf_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, expected, "{input} → {}", to_hex(&bytes));
        assert_eq!(back.is_i64(), expected.is_i64(), "{input}");
    }
}

#[test]
fn one_struct_with_different_field_sets_in_one_value() {
    let s = |a: Option<&str>, b: Option<i64>, d: bool| Sparse {
        a: a.map(str::to_owned),
        b,
        c: "c".to_owned(),
        d: d.then(|| Inner {
            label: "c".to_owned(),
            n: -1,
        }),
    };
    let items = vec![
        s(None, None, false),
        s(Some("a"), None, false),
        s(None, None, false),
        s(Some("a"), Some(1 << 40), true),
        s(None, Some(-1), false),
        s(Some(""), Some(0), true),
        s(None, None, false),
        s(Some("a"), None, false),
    ];
    let bytes = roundtrip(&items).unwrap();
    // Four distinct field sets: {c}, {a,c}, {a,b,c,d}, {b,c}; later
    // instances of a known set use a traits reference.
    assert!(
        bytes.windows(2).any(|w| w == [0x0a, 0x01]),
        "{}",
        to_hex(&bytes)
    );
    let records = vec![
        Node::Record {
            id: None,
            leaf: None,
        },
        Node::Record {
            id: Some(7),
            leaf: None,
        },
        Node::Record {
            id: None,
            leaf: None,
        },
        Node::Rec {
            name: "Record".into(),
            kids: vec![Node::Record {
                id: Some(-7),
                leaf: None,
            }],
            opt: None,
        },
    ];
    roundtrip(&records).unwrap();
    roundtrip(&Node::Wrapped(Wrapper(records))).unwrap();
}
