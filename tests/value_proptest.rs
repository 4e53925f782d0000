//! Property tests for [`Value`]: arbitrary values of every AMF3 variant, with
//! shared nodes and cycles, decode back equal (sharing-aware) and re-encode
//! to the same bytes, from a slice and from a reader.
//!
//! The public API has no way to build a [`Value::Cycle`] by hand (a `Cycle`
//! can only be made from an existing `Arc`, which can then no longer be
//! changed to hold it), so cycles are made the way a peer makes them: the
//! generated tree holds sentinel integers meaning "a reference to my k-th
//! enclosing container"; the tree is encoded, each sentinel is replaced by
//! an object reference to that container's object-table index, and the
//! patched bytes are decoded into a cyclic `Value`.

use std::collections::HashSet;
use std::sync::Arc;

use amf_serde::external::DataInput;
use amf_serde::types::{
    Array, ByteArray, DataItem, Date, Dictionary, EcmaArray, External, Name, Object, ObjectVector,
    Vector, Xml, XmlDocument,
};
use amf_serde::{Cycle, Options, Value};
use amf_serde_tests::to_hex;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::Union;

// ---------------------------------------------------------------- pools

const STRINGS: &[&str] = &["", "a", "foo", "bar", "é", "日本語", "0", "42", "P", "a b"];
/// Dynamic member names and associative keys: never empty.
const NAMES: &[&str] = &["a", "foo", "bar", "0", "1", "42", "é", "x y", "P"];
/// Sealed member names may be empty (the traits carry a count).
const SEALED_NAMES: &[&str] = &["", "a", "foo", "x", "y"];
const CLASSES: &[&str] = &["", "", "P", "org.amf.ASClass", "foo"];
const TYPE_NAMES: &[&str] = &["", "*", "P", "org.amf.ASClass"];

const ARRAY_COLLECTION: &str = "flex.messaging.io.ArrayCollection";
/// Body: `writeInt(n)` then `n` × `writeObject`.
const ITEMS: &str = "test.Items";
/// Body: one of every `IDataOutput` item, then `writeObject`.
const MIXED: &str = "test.Mixed";

/// `Value::Integer(SENTINEL + k)`: "a reference to my k-th enclosing
/// container" (0 = the nearest). With fewer than k + 1 enclosing containers
/// it stays an ordinary integer.
const SENTINEL: i32 = 0x0abc_de00;
const DEPTHS: i32 = 3;

fn sentinel(i: i32) -> Option<usize> {
    (SENTINEL..SENTINEL + DEPTHS)
        .contains(&i)
        .then(|| (i - SENTINEL) as usize)
}

fn read_items(input: &mut dyn DataInput) -> amf_serde::Result<()> {
    let n = input.read_int()?;
    for _ in 0..n {
        input.read_object()?;
    }
    Ok(())
}

fn read_mixed(input: &mut dyn DataInput) -> amf_serde::Result<()> {
    input.read_bool()?;
    input.read_byte()?;
    input.read_unsigned_byte()?;
    input.read_short()?;
    input.read_unsigned_short()?;
    input.read_int()?;
    input.read_unsigned_int()?;
    input.read_float()?;
    input.read_double()?;
    input.read_utf()?;
    let n = input.read_unsigned_short()?;
    input.read_utf_bytes(n.into())?;
    let n = input.read_unsigned_short()?;
    input.read_bytes(n.into())?;
    input.read_object()?;
    Ok(())
}

fn options() -> Options {
    Options::new()
        .with_external(ITEMS, read_items)
        .with_external(MIXED, read_mixed)
}

// ----------------------------------------------------------- strategies

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    proptest::sample::select(pool).prop_map(str::to_owned)
}

/// A name from `pool`.
fn pick_name(pool: &'static [&'static str]) -> impl Strategy<Value = Name> + Clone {
    proptest::sample::select(pool).prop_map(Name::from)
}

/// Integers in the 29-bit range, often at the U29 length edges.
fn int29() -> impl Strategy<Value = i32> + Clone {
    prop_oneof![
        3 => proptest::sample::select(vec![
            0,
            1,
            -1,
            63,
            64,
            127,
            128,
            16_383,
            16_384,
            2_097_151,
            2_097_152,
            (1 << 28) - 1,
            (1 << 28) - 2,
            -(1 << 28),
            -(1 << 28) + 1,
        ]),
        2 => -(1i32 << 28)..(1 << 28),
    ]
    .prop_map(|i| if sentinel(i).is_some() { 0 } else { i })
}

fn double() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        proptest::sample::select(vec![
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::from_bits(0x7ff8_0000_0000_0001),
            f64::from_bits(0x7ff0_0000_0000_0001),
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::from_bits(1),
            268_435_456.0,
            -268_435_457.0,
            1.0,
            0.1,
        ]),
        any::<f64>(),
    ]
}

fn leaf() -> BoxedStrategy<Value> {
    Union::new_weighted(vec![
        (1, Just(Value::Undefined).boxed()),
        (1, Just(Value::Null).boxed()),
        (1, any::<bool>().prop_map(Value::Bool).boxed()),
        (3, int29().prop_map(Value::Integer).boxed()),
        (2, double().prop_map(Value::Double).boxed()),
        (3, pick(STRINGS).prop_map(Value::String).boxed()),
        (
            1,
            double()
                .prop_map(|ms| Value::from(Date::from_millis(ms)))
                .boxed(),
        ),
        (1, pick(STRINGS).prop_map(|s| Value::from(Xml(s))).boxed()),
        (
            1,
            pick(STRINGS)
                .prop_map(|s| Value::from(XmlDocument(s)))
                .boxed(),
        ),
        (
            1,
            vec(any::<u8>(), 0..6)
                .prop_map(|b| Value::from(ByteArray(b)))
                .boxed(),
        ),
        (
            1,
            (any::<bool>(), vec(any::<i32>(), 0..4))
                .prop_map(|(fixed, items)| Value::from(Vector { fixed, items }))
                .boxed(),
        ),
        (
            1,
            (any::<bool>(), vec(any::<u32>(), 0..4))
                .prop_map(|(fixed, items)| Value::from(Vector { fixed, items }))
                .boxed(),
        ),
        (
            1,
            (any::<bool>(), vec(double(), 0..4))
                .prop_map(|(fixed, items)| Value::from(Vector { fixed, items }))
                .boxed(),
        ),
        (
            3,
            (0..DEPTHS)
                .prop_map(|k| Value::Integer(SENTINEL + k))
                .boxed(),
        ),
    ])
    .boxed()
}

fn members(
    inner: BoxedStrategy<Value>,
    names: &'static [&'static str],
) -> impl Strategy<Value = Vec<(Name, Value)>> {
    vec((pick_name(names), inner), 0..3)
}

/// The scalar items of a `test.Mixed` body (everything but the last value).
fn mixed_items() -> impl Strategy<Value = Vec<DataItem>> {
    (
        (
            any::<bool>(),
            any::<i8>(),
            any::<u8>(),
            any::<i16>(),
            any::<u16>(),
            any::<i32>(),
        ),
        (
            any::<u32>(),
            any::<f32>(),
            double(),
            pick(STRINGS),
            pick(STRINGS),
            vec(any::<u8>(), 0..4),
        ),
    )
        .prop_map(
            |((b, i8_, u8_, i16_, u16_, i32_), (u32_, f, d, utf, bytes_s, raw))| {
                vec![
                    DataItem::Bool(b),
                    DataItem::Byte(i8_),
                    DataItem::UnsignedByte(u8_),
                    DataItem::Short(i16_),
                    DataItem::UnsignedShort(u16_),
                    DataItem::Int(i32_),
                    DataItem::UnsignedInt(u32_),
                    DataItem::Float(f),
                    DataItem::Double(d),
                    DataItem::Utf(utf),
                    DataItem::UnsignedShort(bytes_s.len() as u16),
                    DataItem::UtfBytes(bytes_s),
                    DataItem::UnsignedShort(raw.len() as u16),
                    DataItem::Bytes(raw),
                ]
            },
        )
}

/// Any AMF3 `Value` (no AMF0-only variants, no cycles yet: see
/// [`tie_knots`]). `custom` adds externalizable classes that need
/// [`options`] to decode.
fn value(custom: bool) -> BoxedStrategy<Value> {
    leaf()
        .prop_recursive(4, 48, 4, move |inner| {
            let mut arms: Vec<(u32, BoxedStrategy<Value>)> = vec![
                (
                    3,
                    (vec(inner.clone(), 0..4), members(inner.clone(), NAMES))
                        .prop_map(|(dense, assoc)| Value::from(Array::from_parts(dense, assoc)))
                        .boxed(),
                ),
                (
                    3,
                    (
                        pick_name(CLASSES),
                        members(inner.clone(), SEALED_NAMES),
                        proptest::option::of(members(inner.clone(), NAMES)),
                    )
                        .prop_map(|(class, sealed, dynamic)| {
                            Value::from(Object {
                                traits_copy: 0,
                                class,
                                sealed: sealed.into(),
                                dynamic: dynamic.map(Into::into),
                            })
                        })
                        .boxed(),
                ),
                (
                    1,
                    (
                        any::<bool>(),
                        pick_name(TYPE_NAMES),
                        vec(inner.clone(), 0..4),
                    )
                        .prop_map(|(fixed, type_name, items)| {
                            Value::from(ObjectVector {
                                fixed,
                                type_name,
                                items,
                            })
                        })
                        .boxed(),
                ),
                (
                    1,
                    (any::<bool>(), vec((inner.clone(), inner.clone()), 0..3))
                        .prop_map(|(weak_keys, entries)| {
                            Value::from(Dictionary { weak_keys, entries })
                        })
                        .boxed(),
                ),
                (
                    1,
                    inner
                        .clone()
                        .prop_map(|v| {
                            Value::from(External {
                                dynamic: false,
                                class: ARRAY_COLLECTION.into(),
                                body: vec![DataItem::Value(v)],
                            })
                        })
                        .boxed(),
                ),
                // Shared nodes: one subtree in two places.
                (
                    2,
                    (inner.clone(), inner.clone(), 0..4u8)
                        .prop_map(|(a, b, kind)| match kind {
                            0 => Value::from(vec![a.clone(), b, a]),
                            1 => Value::from(Object::anonymous([
                                ("x", a.clone()),
                                ("y", b),
                                ("z", a),
                            ])),
                            2 => Value::from(Dictionary {
                                weak_keys: false,
                                entries: vec![(a.clone(), b), (Value::from("k"), a)],
                            }),
                            _ => Value::from(ObjectVector {
                                fixed: false,
                                type_name: Default::default(),
                                items: vec![a.clone(), a],
                            }),
                        })
                        .boxed(),
                ),
            ];
            if custom {
                arms.push((
                    1,
                    vec(inner.clone(), 0..3)
                        .prop_map(|items| {
                            let mut body = vec![DataItem::Int(items.len() as i32)];
                            body.extend(items.into_iter().map(DataItem::Value));
                            Value::from(External {
                                dynamic: false,
                                class: ITEMS.into(),
                                body,
                            })
                        })
                        .boxed(),
                ));
                arms.push((
                    1,
                    (mixed_items(), inner.clone())
                        .prop_map(|(mut body, v)| {
                            body.push(DataItem::Value(v));
                            Value::from(External {
                                dynamic: false,
                                class: MIXED.into(),
                                body,
                            })
                        })
                        .boxed(),
                ));
            }
            Union::new_weighted(arms)
        })
        .boxed()
}

// ------------------------------------------------------- tying the knots

/// The address of a node in the object table.
fn node_addr(v: &Value) -> Option<usize> {
    Some(match v {
        Value::Date(a) => Arc::as_ptr(a) as usize,
        Value::XmlDocument(a) => Arc::as_ptr(a) as usize,
        Value::Xml(a) => Arc::as_ptr(a) as usize,
        Value::ByteArray(a) => Arc::as_ptr(a) as usize,
        Value::Array(a) => Arc::as_ptr(a) as usize,
        Value::Object(a) => Arc::as_ptr(a) as usize,
        Value::External(a) => Arc::as_ptr(a) as usize,
        Value::VectorInt(a) => Arc::as_ptr(a) as usize,
        Value::VectorUint(a) => Arc::as_ptr(a) as usize,
        Value::VectorDouble(a) => Arc::as_ptr(a) as usize,
        Value::VectorObject(a) => Arc::as_ptr(a) as usize,
        Value::Dictionary(a) => Arc::as_ptr(a) as usize,
        _ => return None,
    })
}

/// The marker of a reference to a container that can be part of a cycle.
fn container_marker(v: &Value) -> Option<u8> {
    match v {
        Value::Array(_) => Some(0x09),
        Value::Object(_) | Value::External(_) => Some(0x0a),
        Value::VectorObject(_) => Some(0x10),
        Value::Dictionary(_) => Some(0x11),
        _ => None,
    }
}

/// Children in the order they are written (associative part before the
/// dense part, sealed before dynamic members, key before value).
fn children(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.assoc().iter().map(|(_, v)| v).chain(a.iter()).collect(),
        Value::Object(o) => o.members().map(|(_, v)| v).collect(),
        Value::External(e) => e
            .body
            .iter()
            .filter_map(|i| match i {
                DataItem::Value(v) => Some(v),
                _ => None,
            })
            .collect(),
        Value::VectorObject(o) => o.items.iter().collect(),
        Value::Dictionary(d) => d.entries.iter().flat_map(|(k, v)| [k, v]).collect(),
        _ => Vec::new(),
    }
}

/// Walks a tree in writing order, numbering object-table entries as
/// `amf3.md` §4 does, and records for each sentinel written the reference
/// that replaces it.
#[derive(Default)]
struct Knots {
    next: u32,
    seen: HashSet<usize>,
    /// Open containers: (reference marker, object index).
    open: Vec<(u8, u32)>,
    /// Per sentinel written: its depth and the reference, if it resolves.
    refs: Vec<(usize, Option<(u8, u32)>)>,
}

impl Knots {
    fn walk(&mut self, v: &Value) {
        if let Value::Integer(i) = v {
            if let Some(k) = sentinel(*i) {
                let target = self.open.len().checked_sub(k + 1).map(|j| self.open[j]);
                self.refs.push((k, target));
            }
            return;
        }
        let Some(addr) = node_addr(v) else {
            return;
        };
        if !self.seen.insert(addr) {
            return; // written as a reference: nothing inside is written again
        }
        let index = self.next;
        self.next += 1;
        let marker = container_marker(v);
        if let Some(m) = marker {
            self.open.push((m, index));
        }
        for c in children(v) {
            self.walk(c);
        }
        if marker.is_some() {
            self.open.pop();
        }
    }
}

fn write_u29(out: &mut Vec<u8>, n: u32) {
    match n {
        0..=0x7f => out.push(n as u8),
        0x80..=0x3fff => out.extend([(n >> 7) as u8 | 0x80, (n & 0x7f) as u8]),
        0x4000..=0x1f_ffff => out.extend([
            (n >> 14) as u8 | 0x80,
            ((n >> 7) & 0x7f) as u8 | 0x80,
            (n & 0x7f) as u8,
        ]),
        _ => out.extend([
            (n >> 22) as u8 | 0x80,
            ((n >> 15) & 0x7f) as u8 | 0x80,
            ((n >> 8) & 0x7f) as u8 | 0x80,
            n as u8,
        ]),
    }
}

/// Encodes `tree` and replaces each resolvable sentinel by an object
/// reference to its enclosing container. Returns the patched bytes and the
/// number of references made, or `None` if a sentinel's byte pattern also
/// occurred by chance elsewhere (in a double, say).
fn tie_knots(tree: &Value) -> Option<(Vec<u8>, usize)> {
    let bytes = amf_serde::to_vec(tree).unwrap();
    let mut knots = Knots::default();
    knots.walk(tree);
    let patterns: Vec<Vec<u8>> = (0..DEPTHS)
        .map(|k| amf_serde::to_vec(&Value::Integer(SENTINEL + k)).unwrap())
        .collect();
    let mut out = Vec::with_capacity(bytes.len());
    let (mut i, mut n, mut tied) = (0, 0, 0);
    while i < bytes.len() {
        match patterns.iter().position(|p| bytes[i..].starts_with(p)) {
            Some(k) => {
                let &(want, target) = knots.refs.get(n)?;
                if want != k {
                    return None;
                }
                n += 1;
                match target {
                    Some((marker, index)) => {
                        out.push(marker);
                        write_u29(&mut out, index << 1);
                        tied += 1;
                    }
                    None => out.extend_from_slice(&patterns[k]),
                }
                i += patterns[k].len();
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    (n == knots.refs.len()).then_some((out, tied))
}

/// A weak handle on every container node reachable from `v`.
fn weak_handles(v: &Value, seen: &mut HashSet<usize>, out: &mut Vec<Cycle>) {
    let Some(addr) = node_addr(v) else {
        return;
    };
    if !seen.insert(addr) {
        return;
    }
    if let Some(c) = Cycle::to(v) {
        out.push(c);
    }
    for c in children(v) {
        weak_handles(c, seen, out);
    }
}

fn has_cycle(v: &Value, seen: &mut HashSet<usize>) -> bool {
    if matches!(v, Value::Cycle(_)) {
        return true;
    }
    match node_addr(v) {
        Some(addr) if !seen.insert(addr) => false,
        _ => children(v).into_iter().any(|c| has_cycle(c, seen)),
    }
}

fn has_shared(v: &Value, seen: &mut HashSet<usize>) -> bool {
    match node_addr(v) {
        Some(addr) if !seen.insert(addr) => true,
        _ => children(v).into_iter().any(|c| has_shared(c, seen)),
    }
}

// ------------------------------------------------------------ properties

/// The acyclic tree and its knotted (cyclic) version both survive decoding
/// and re-encoding. `opts` decodes; `plain` also checks the root functions.
fn round_trip(tree: &Value, opts: &Options, plain: bool) -> Result<(), TestCaseError> {
    // The tree as generated.
    let bytes = amf_serde::to_vec(tree)?;
    let back: Value = opts.from_slice(&bytes)?;
    prop_assert_eq!(&back, tree, "bytes {}", to_hex(&bytes));
    prop_assert_eq!(to_hex(&amf_serde::to_vec(&back)?), to_hex(&bytes));
    let read: Value = opts.from_reader(&bytes[..])?;
    prop_assert_eq!(&read, tree);
    if plain {
        let back: Value = amf_serde::from_slice(&bytes)?;
        prop_assert_eq!(&back, tree);
        let read: Value = amf_serde::from_reader(&bytes[..])?;
        prop_assert_eq!(&read, tree);
    }
    // Without cycles, JSON can always take it.
    prop_assert!(serde_json::Value::try_from(tree).is_ok());

    // With cycles.
    let Some((knotted, tied)) = tie_knots(tree) else {
        return Err(TestCaseError::reject("sentinel bytes occurred by chance"));
    };
    let v: Value = opts.from_slice(&knotted)?;
    prop_assert_eq!(has_cycle(&v, &mut HashSet::new()), tied > 0);
    let again = amf_serde::to_vec(&v)?;
    prop_assert_eq!(to_hex(&again), to_hex(&knotted), "value {}", v);
    let back: Value = opts.from_slice(&again)?;
    prop_assert_eq!(&back, &v);
    prop_assert_eq!(&v, &back);
    let read: Value = opts.from_reader(&knotted[..])?;
    prop_assert_eq!(&read, &v);
    if plain {
        let back: Value = amf_serde::from_slice(&knotted)?;
        prop_assert_eq!(&back, &v);
        let read: Value = amf_serde::from_reader(&knotted[..])?;
        prop_assert_eq!(&read, &v);
    }
    if tied > 0 {
        // The acyclic tree is a different value.
        prop_assert_ne!(&v, tree);
        prop_assert!(serde_json::Value::try_from(&v).is_err());
    }
    // Printing terminates; a clone is equal.
    let printed = format!("{v}{v:#}{v:?}");
    prop_assert!(!printed.is_empty());
    prop_assert_eq!(&v.clone(), &v);

    // Nothing leaks: every container is freed with its last holder.
    let mut handles = Vec::new();
    weak_handles(&v, &mut HashSet::new(), &mut handles);
    weak_handles(&back, &mut HashSet::new(), &mut handles);
    weak_handles(&read, &mut HashSet::new(), &mut handles);
    drop((v, back, read));
    for h in handles {
        prop_assert!(h.upgrade().is_none(), "leaked {:?}", h);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn values_round_trip_with_registered_externals(tree in value(true)) {
        round_trip(&tree, &options(), false)?;
    }

    #[test]
    fn values_round_trip_with_the_root_functions(tree in value(false)) {
        round_trip(&tree, &Options::new(), true)?;
    }

    /// An empty dynamic member name or associative key, anywhere, is an
    /// encoding error (`01` would end the member list).
    #[test]
    fn empty_member_names_are_an_encoding_error(
        v in value(false),
        other in value(false),
        in_array in any::<bool>(),
        depth in 0..3usize,
    ) {
        let mut bad = if in_array {
            Value::from(Array::from_parts(vec![other], vec![(Default::default(), v)]))
        } else {
            Value::from(Object::anonymous([("a", other), ("", v)]))
        };
        for _ in 0..depth {
            bad = Value::from(vec![Value::Null, bad]);
        }
        let err = amf_serde::to_vec(&bad).unwrap_err();
        prop_assert_eq!(
            err.to_string(),
            "the empty string cannot be an AMF3 dynamic member name (it terminates the member list)"
        );
        prop_assert!(amf_serde::to_writer(Vec::new(), &bad).is_err());
    }

    /// The AMF0-only variants in AMF3: `Unsupported` is written as
    /// undefined, an ECMA array as an array whose leading "0", "1", … keys
    /// form the dense part.
    #[test]
    fn amf0_only_variants_map_to_amf3(
        dense in vec(value(false), 0..3),
        named in vec((pick_name(NAMES), value(false)), 0..3),
        length in any::<u32>(),
    ) {
        prop_assert_eq!(to_hex(&amf_serde::to_vec(&Value::Unsupported)?), "00");
        let v: Value = amf_serde::from_slice(&amf_serde::to_vec(&Value::Unsupported)?)?;
        prop_assert_eq!(v, Value::Undefined);

        let mut entries: Vec<(Name, Value)> = dense
            .iter()
            .enumerate()
            .map(|(i, v)| (Name::from(i.to_string()), v.clone()))
            .collect();
        entries.extend(named.iter().cloned());
        let split = entries
            .iter()
            .enumerate()
            .take_while(|(i, (k, _))| *k == i.to_string())
            .count();
        let expected = Value::from(Array::from_parts(
            entries[..split].iter().map(|(_, v)| v.clone()).collect(),
            entries[split..].to_vec(),
        ));
        let ecma = Value::from(EcmaArray { length, entries: entries.into() });
        let bytes = amf_serde::to_vec(&ecma)?;
        prop_assert_eq!(to_hex(&bytes), to_hex(&amf_serde::to_vec(&expected)?));
        let back: Value = amf_serde::from_slice(&bytes)?;
        prop_assert_eq!(back, expected);
    }
}

/// The generator really produces the interesting shapes.
#[test]
fn the_generator_covers_cycles_shared_nodes_and_every_variant() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = value(true);
    let (mut cyclic, mut shared, mut kinds) = (0, 0, HashSet::new());
    fn kinds_of(v: &Value, out: &mut HashSet<&'static str>, seen: &mut HashSet<usize>) {
        out.insert(match v {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Integer(_) => "integer",
            Value::Double(_) => "double",
            Value::String(_) => "string",
            Value::Date(_) => "date",
            Value::XmlDocument(_) => "xmldoc",
            Value::Xml(_) => "xml",
            Value::ByteArray(_) => "bytearray",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::External(_) => "external",
            Value::VectorInt(_) => "vint",
            Value::VectorUint(_) => "vuint",
            Value::VectorDouble(_) => "vdouble",
            Value::VectorObject(_) => "vobject",
            Value::Dictionary(_) => "dictionary",
            Value::Cycle(_) => "cycle",
            _ => "other",
        });
        if let Some(a) = node_addr(v) {
            if !seen.insert(a) {
                return;
            }
        }
        for c in children(v) {
            kinds_of(c, out, seen);
        }
    }
    for _ in 0..300 {
        let tree = strategy.new_tree(&mut runner).unwrap().current();
        if has_shared(&tree, &mut HashSet::new()) {
            shared += 1;
        }
        if let Some((bytes, tied)) = tie_knots(&tree) {
            if tied > 0 {
                cyclic += 1;
                let v: Value = options().from_slice(&bytes).unwrap();
                kinds_of(&v, &mut kinds, &mut HashSet::new());
            }
        }
        kinds_of(&tree, &mut kinds, &mut HashSet::new());
    }
    assert!(cyclic >= 30, "only {cyclic} of 300 values had a cycle");
    assert!(
        shared >= 30,
        "only {shared} of 300 values had a shared node"
    );
    assert_eq!(kinds.len(), 19, "{kinds:?}");
    assert!(!kinds.contains("other"));
}
