//! Proptest round trips of serde types (structs, enums, strings, numbers) through AMF0.

use super::*;

// ================================================================ 1. serde

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
