//! The [`Value`] model: the `amf3.md` §8 examples decoded into hand-built
//! values and re-encoded byte for byte, shared nodes and cycles (equality,
//! printing, dropping), `Display`/`Debug`, indexing and accessors, the
//! `amf_value!` macro, `to_value`/`from_value`, `serde_json` conversions,
//! externalizable objects, and a `Value` embedded in a typed struct.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Weak};

use amf_serde::external::DataInput;
use amf_serde::types::{
    Array, ByteArray, DataItem, Date, Dictionary, EcmaArray, External, Object, ObjectVector,
    Vector, Xml, XmlDocument,
};
use amf_serde::{amf_value, from_slice, from_value, to_value, to_vec, Cycle, Options, Value};
use amf_serde_tests::{fixture, hex, to_hex};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------- helpers

fn s(x: &str) -> Value {
    Value::String(x.to_owned())
}

fn int(i: i32) -> Value {
    Value::Integer(i)
}

fn arr(items: Vec<Value>) -> Value {
    Value::from(items)
}

fn anon(members: Vec<(&str, Value)>) -> Value {
    Value::from(Object::anonymous(members))
}

fn sealed(class: &str, members: Vec<(&str, Value)>) -> Value {
    Value::from(Object::sealed(class, members))
}

fn decode(bytes: &[u8]) -> Value {
    from_slice(bytes).unwrap_or_else(|e| panic!("decoding {}: {e}", to_hex(bytes)))
}

fn encode(v: &Value) -> Vec<u8> {
    to_vec(v).unwrap_or_else(|e| panic!("encoding {v}: {e}"))
}

/// Decodes `hex_str`, checks that it equals `expected`, that both the decoded
/// and the hand-built value encode back to exactly `hex_str`, and returns the
/// decoded value.
#[track_caller]
fn check(hex_str: &str, expected: &Value) -> Value {
    let bytes = hex(hex_str);
    let v = decode(&bytes);
    assert_eq!(
        &v, expected,
        "decoding {hex_str}\n got {v}\nwant {expected}"
    );
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes), "re-encoding {v}");
    assert_eq!(
        to_hex(&encode(expected)),
        to_hex(&bytes),
        "encoding {expected}"
    );
    v
}

/// A weak handle on the root node of an object.
fn weak_object(v: &Value) -> Weak<Object> {
    match v {
        Value::Object(o) => Arc::downgrade(o),
        other => panic!("not an object: {other:?}"),
    }
}

// ------------------------------------------------------- (a) amf3.md §8

#[test]
fn spec_8_1_integers() {
    let rows: [(i32, &str); 10] = [
        (0, "04 00"),
        (127, "04 7f"),
        (128, "04 81 00"),
        (16383, "04 ff 7f"),
        (16384, "04 81 80 00"),
        (2_097_151, "04 ff ff 7f"),
        (2_097_152, "04 80 c0 80 00"),
        (268_435_455, "04 bf ff ff ff"),
        (-1, "04 ff ff ff ff"),
        (-268_435_456, "04 c0 80 80 00"),
    ];
    for (n, bytes) in rows {
        check(bytes, &int(n));
    }
    // Outside the 29-bit range: doubles.
    check("05 41 b0 00 00 00 00 00 00", &Value::Double(268_435_456.0));
    check("05 c1 b0 00 00 01 00 00 00", &Value::Double(-268_435_457.0));
    // A Value::Integer outside the range is written as a double (and so
    // reads back as one).
    assert_eq!(
        to_hex(&encode(&int(268_435_456))),
        "05 41 b0 00 00 00 00 00 00"
    );
    assert_eq!(
        decode(&encode(&int(i32::MIN))),
        Value::Double(f64::from(i32::MIN))
    );
    // The Flash Player fixtures for the edges.
    for (name, v) in [
        ("amf3-max.bin", int(268_435_455)),
        ("amf3-min.bin", int(-268_435_456)),
        ("amf3-large-max.bin", Value::Double(268_435_456.0)),
        ("amf3-large-min.bin", Value::Double(-268_435_457.0)),
    ] {
        let bytes = fixture("objects", name);
        assert_eq!(decode(&bytes), v, "{name}");
        assert_eq!(encode(&v), bytes, "{name}");
    }
}

#[test]
fn spec_8_2_string_references_and_the_empty_string() {
    check(
        "09 0d 01 06 07 66 6f 6f 06 00 06 01 06 01 06 07 62 61 72 06 00",
        &arr(vec![s("foo"), s("foo"), s(""), s(""), s("bar"), s("foo")]),
    );
    let v = check("09 05 01 06 01 06 01", &arr(vec![s(""), s("")]));
    assert_eq!(encode(&v), fixture("objects", "amf3-empty-string-ref.bin"));
}

#[test]
fn spec_8_3_anonymous_and_typed_objects() {
    let v = check("0a 0b 01 03 61 04 01 01", &anon(vec![("a", int(1))]));
    assert_eq!(v.class(), None);
    assert_eq!(
        v.as_object().unwrap().dynamic.as_deref().map(<[_]>::len),
        Some(1)
    );

    let p = |x, y| sealed("P", vec![("x", int(x)), ("y", int(y))]);
    let v = check(
        "09 05 01 0a 23 03 50 03 78 03 79 04 01 04 02 0a 01 04 03 04 04",
        &arr(vec![p(1, 2), p(3, 4)]),
    );
    assert_eq!(v[1].class(), Some("P"));
    let o = v[1].as_object().unwrap();
    assert_eq!(o.dynamic, None);
    assert_eq!(o.sealed, [("x".into(), int(3)), ("y".into(), int(4))]);

    // Same members, but dynamic instead of sealed, or another class: not equal.
    assert_ne!(
        v,
        arr(vec![
            p(1, 2),
            Value::from(Object {
                traits_copy: 0,
                class: "P".into(),
                sealed: Default::default(),
                dynamic: Some(vec![("x".into(), int(3)), ("y".into(), int(4))].into()),
            })
        ])
    );
    assert_ne!(
        v,
        arr(vec![
            p(1, 2),
            sealed("Q", vec![("x", int(3)), ("y", int(4))])
        ])
    );
}

#[test]
fn spec_8_4_array_with_dense_and_associative_parts() {
    let expected = Value::from(Array::from_parts(
        vec![s("bar1"), s("bar2"), s("bar3")],
        vec![
            ("asdf".into(), s("fdsa")),
            ("foo".into(), s("bar")),
            ("42".into(), s("bar")),
        ],
    ));
    let v = check(
        "09 07 09 61 73 64 66 06 09 66 64 73 61 07 66 6f 6f 06 07 62 61 72 05 34 32 06 06 01 \
         06 09 62 61 72 31 06 09 62 61 72 32 06 09 62 61 72 33",
        &expected,
    );
    assert_eq!(encode(&v), fixture("objects", "amf3-associative-array.bin"));
    // The order of the associative part matters.
    let reordered = Value::from(Array::from_parts(
        vec![s("bar1"), s("bar2"), s("bar3")],
        vec![
            ("foo".into(), s("bar")),
            ("asdf".into(), s("fdsa")),
            ("42".into(), s("bar")),
        ],
    ));
    assert_ne!(v, reordered);
}

#[test]
fn spec_8_5_object_references() {
    let obj1 = anon(vec![("foo", s("bar"))]);
    let obj2 = anon(vec![("foo", s("bar"))]);
    let expected = arr(vec![
        arr(vec![obj1.clone(), obj2.clone()]),
        s("bar"),
        arr(vec![obj1, obj2]),
    ]);
    let spec = "09 07 01 09 05 01 0a 0b 01 07 66 6f 6f 06 07 62 61 72 01 0a 01 00 06 02 01 06 02 \
                09 05 01 0a 04 0a 06";
    let v = check(spec, &expected);
    assert_eq!(hex(spec), fixture("objects", "amf3-object-ref.bin"));
    assert!(v[0][0].ptr_eq(&v[2][0]));
    assert!(v[0][1].ptr_eq(&v[2][1]));
    assert!(!v[0][0].ptr_eq(&v[0][1]));
    assert!(!v[0].ptr_eq(&v[2]));
    assert!(!v[0][0].ptr_eq(&expected[0][0]), "a decoded value is new");

    // Equal-looking but unshared copies are a different value.
    let unshared = arr(vec![
        arr(vec![
            anon(vec![("foo", s("bar"))]),
            anon(vec![("foo", s("bar"))]),
        ]),
        s("bar"),
        arr(vec![
            anon(vec![("foo", s("bar"))]),
            anon(vec![("foo", s("bar"))]),
        ]),
    ]);
    assert_ne!(v, unshared);
    // … which has its own encoding: no object references.
    assert!(encode(&unshared).len() > hex(spec).len());

    // Sharing the wrong pair is also a difference.
    let o1 = anon(vec![("foo", s("bar"))]);
    let o2 = anon(vec![("foo", s("bar"))]);
    let crossed = arr(vec![
        arr(vec![o1.clone(), o2.clone()]),
        s("bar"),
        arr(vec![o2, o1]),
    ]);
    assert_ne!(v, crossed);
}

#[test]
fn spec_8_5_self_containing_list() {
    let v = decode(&hex("09 03 01 09 00"));
    let Value::Cycle(c) = &v[0] else {
        panic!("expected a cycle, got {:?}", v[0]);
    };
    assert!(c.upgrade().unwrap().ptr_eq(&v));
    assert!(v[0].ptr_eq(&v));
    assert_eq!(to_hex(&encode(&v)), "09 03 01 09 00");
    assert_eq!(v, decode(&hex("09 03 01 09 00")));
    // [a] where a = [a] is a different shape from a = [a].
    assert_ne!(v, decode(&hex("09 03 01 09 03 01 09 02")));
}

#[test]
fn spec_8_6_vectors() {
    let vint = |fixed, items: Vec<i32>| Value::from(Vector { fixed, items });
    let v = check(
        "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        &vint(false, vec![4, -20, 12]),
    );
    assert_eq!(encode(&v), fixture("objects", "amf3-vector-int.bin"));
    check(
        "0d 09 01 00 00 00 02 00 00 07 d0 7f ff ff ff 80 00 00 00",
        &vint(true, vec![2, 2000, i32::MAX, i32::MIN]),
    );
    // The fixed flag is part of the value.
    assert_ne!(vint(true, vec![1]), vint(false, vec![1]));
    check("0d 05 01 00 00 00 01 ff ff ff ff", &vint(true, vec![1, -1]));
    let v = check(
        "0e 07 00 00 00 00 04 00 00 00 14 00 00 00 0c",
        &Value::from(Vector {
            fixed: false,
            items: vec![4u32, 20, 12],
        }),
    );
    assert_eq!(encode(&v), fixture("objects", "amf3-vector-uint.bin"));
    let v = check(
        "0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a",
        &Value::from(Vector {
            fixed: false,
            items: vec![4.3f64, -20.6],
        }),
    );
    assert_eq!(encode(&v), fixture("objects", "amf3-vector-double.bin"));

    let as_class = |foo: &str| {
        sealed(
            "org.amf.ASClass",
            vec![("baz", Value::Null), ("foo", s(foo))],
        )
    };
    let v = check(
        "10 07 00 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 \
         0a 23 00 07 62 61 7a 07 66 6f 6f 01 06 04 \
         0a 01 01 06 07 62 61 72 \
         0a 01 01 06 02",
        &Value::from(ObjectVector {
            fixed: false,
            type_name: "org.amf.ASClass".into(),
            items: vec![as_class("foo"), as_class("bar"), as_class("baz")],
        }),
    );
    assert_eq!(encode(&v), fixture("objects", "amf3-vector-object.bin"));
    assert_eq!(v[2]["foo"], s("baz"));
    assert_eq!(v[0].class(), Some("org.amf.ASClass"));
}

#[test]
fn spec_8_7_dictionary() {
    let v = check(
        "11 05 00 06 07 62 61 72 06 0b 61 73 64 66 31 \
         0a 23 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 07 62 61 7a 07 66 6f 6f 01 06 06 \
         06 0b 61 73 64 66 32",
        &Value::from(Dictionary {
            weak_keys: false,
            entries: vec![
                (s("bar"), s("asdf1")),
                (
                    sealed(
                        "org.amf.ASClass",
                        vec![("baz", Value::Null), ("foo", s("baz"))],
                    ),
                    s("asdf2"),
                ),
            ],
        }),
    );
    assert_eq!(encode(&v), fixture("objects", "amf3-dictionary.bin"));
    assert_eq!(v["bar"], s("asdf1"));

    let empty_weak = Value::from(Dictionary {
        weak_keys: true,
        entries: vec![],
    });
    check("11 01 01", &empty_weak);
    assert_ne!(
        empty_weak,
        Value::from(Dictionary {
            weak_keys: false,
            entries: vec![],
        })
    );
    check(
        "11 03 01 06 03 6b 04 01",
        &Value::from(Dictionary {
            weak_keys: true,
            entries: vec![(s("k"), int(1))],
        }),
    );
}

#[test]
fn spec_8_8_date_and_byte_array() {
    let d = check(
        "08 01 42 76 f5 e6 6e 80 00 00",
        &Value::from(Date::from_millis(1_577_836_800_000.0)),
    );
    assert_eq!(d.as_date().unwrap().millis(), 1_577_836_800_000.0);
    check("0c 07 01 02 03", &Value::from(ByteArray(vec![1, 2, 3])));

    let epoch = Value::from(Date::from_millis(0.0));
    let v = check(
        "09 05 01 08 01 00 00 00 00 00 00 00 00 08 02",
        &arr(vec![epoch.clone(), epoch]),
    );
    assert!(v[0].ptr_eq(&v[1]));
    assert_eq!(encode(&v), fixture("objects", "amf3-date-ref.bin"));
    // Two equal but distinct dates are not the same value.
    assert_ne!(
        v,
        arr(vec![
            Value::from(Date::from_millis(0.0)),
            Value::from(Date::from_millis(0.0))
        ])
    );
}

#[test]
fn xml_and_xml_document() {
    check("0b 09 3c 61 2f 3e", &Value::from(Xml("<a/>".into())));
    check(
        "07 09 3c 61 2f 3e",
        &Value::from(XmlDocument("<a/>".into())),
    );
    assert_ne!(
        Value::from(Xml("<a/>".into())),
        Value::from(XmlDocument("<a/>".into()))
    );
    assert_ne!(Value::from(Xml("<a/>".into())), s("<a/>"));
}

#[test]
fn double_equality_is_bitwise() {
    assert_eq!(Value::Double(f64::NAN), Value::Double(f64::NAN));
    assert_ne!(Value::Double(0.0), Value::Double(-0.0));
    assert_ne!(Value::Double(1.0), int(1));
    assert_ne!(Value::Null, Value::Undefined);
    let nan_payload = f64::from_bits(0x7ff8_0000_0000_0001);
    assert_ne!(Value::Double(f64::NAN), Value::Double(nan_payload));
    let v = check("05 7f f8 00 00 00 00 00 01", &Value::Double(nan_payload));
    assert_eq!(v, Value::Double(nan_payload));
    check("05 80 00 00 00 00 00 00 00", &Value::Double(-0.0));
    assert_eq!(
        Value::from(Date::from_millis(f64::NAN)),
        Value::from(Date::from_millis(f64::NAN))
    );
}

// ------------------------------------------------------------ (b) cycles

/// `a = {self: a}`.
const SELF_CYCLE: &str = "0a 0b 01 09 73 65 6c 66 0a 00 01";
/// `a = {b: b}, b = {a: a}`.
const TWO_CYCLE: &str = "0a 0b 01 03 62 0a 01 03 61 0a 00 01 01";
/// A typed, sealed `Node {next: self}`.
const NODE_CYCLE: &str = "0a 13 09 4e 6f 64 65 09 6e 65 78 74 0a 00";

#[test]
fn self_containing_object() {
    let v = decode(&hex(SELF_CYCLE));
    let o = v.as_object().unwrap();
    assert_eq!(o.len(), 1);
    let Value::Cycle(c) = &v["self"] else {
        panic!("expected a cycle, got {:?}", v["self"]);
    };
    assert!(c.upgrade().unwrap().ptr_eq(&v));
    assert!(v["self"].ptr_eq(&v));
    // An independently decoded copy is equal; so is the decoded re-encoding.
    let copy = decode(&hex(SELF_CYCLE));
    assert!(!copy.ptr_eq(&v));
    assert_eq!(v, copy);
    assert_eq!(to_hex(&encode(&v)), SELF_CYCLE);
    assert_eq!(decode(&encode(&v)), v);
    // A cycle is not equal to the (bisimilar) two-step cycle a={self:b}, b={self:a}.
    let two_step = decode(&hex("0a 0b 01 09 73 65 6c 66 0a 01 00 0a 00 01 01"));
    assert_ne!(v, two_step);
    assert_ne!(two_step, v);
    assert_eq!(two_step, two_step.clone());

    // Dropping frees the node: the cycle is weak.
    let weak = weak_object(&v);
    let cycle = Cycle::to(&v).unwrap();
    assert!(cycle.upgrade().is_some());
    drop(copy);
    drop(v);
    assert!(weak.upgrade().is_none(), "a = {{self: a}} leaked");
    assert!(cycle.upgrade().is_none());
}

#[test]
fn two_object_cycle() {
    let v = decode(&hex(TWO_CYCLE));
    let b = &v["b"];
    assert!(matches!(b, Value::Object(_)));
    assert!(matches!(b["a"], Value::Cycle(_)));
    assert!(b["a"].ptr_eq(&v));
    assert!(!b.ptr_eq(&v));

    assert_eq!(v, decode(&hex(TWO_CYCLE)));
    assert_eq!(to_hex(&encode(&v)), TWO_CYCLE);
    assert_eq!(decode(&encode(&v)), v);
    // Not equal to the self cycle, nor to the acyclic {b: {a: {}}}.
    assert_ne!(v, decode(&hex(SELF_CYCLE)));
    assert_ne!(v, anon(vec![("b", anon(vec![("a", anon(vec![]))]))]));

    let weak_a = weak_object(&v);
    let weak_b = weak_object(b);
    drop(v);
    assert!(weak_a.upgrade().is_none(), "a leaked");
    assert!(weak_b.upgrade().is_none(), "b leaked");
}

#[test]
fn typed_sealed_cycle() {
    let v = decode(&hex(NODE_CYCLE));
    assert_eq!(v.class(), Some("Node"));
    assert!(v["next"].ptr_eq(&v));
    assert_eq!(v.as_object().unwrap().dynamic, None);
    assert_eq!(to_hex(&encode(&v)), NODE_CYCLE);
    assert_eq!(v, decode(&hex(NODE_CYCLE)));
    // Same shape but anonymous dynamic: different.
    assert_ne!(v, decode(&hex(SELF_CYCLE)));
    let weak = weak_object(&v);
    drop(v);
    assert!(weak.upgrade().is_none());
}

#[test]
fn cycles_through_arrays_vectors_and_dictionaries() {
    // o = {list: [o]}: the cycle crosses an array.
    let bytes = "0a 0b 01 09 6c 69 73 74 09 03 01 0a 00 01";
    let v = decode(&hex(bytes));
    assert!(v["list"][0].ptr_eq(&v));
    assert_eq!(to_hex(&encode(&v)), bytes);
    assert_eq!(v, decode(&hex(bytes)));

    // A Vector.<Object> holding itself.
    let bytes = "10 03 00 01 10 00";
    let v = decode(&hex(bytes));
    assert!(matches!(&v, Value::VectorObject(_)));
    assert!(v[0].ptr_eq(&v));
    assert_eq!(to_hex(&encode(&v)), bytes);

    // A dictionary that is its own key and value.
    let bytes = "11 03 00 11 00 11 00";
    let v = decode(&hex(bytes));
    let d = v.as_dictionary().unwrap();
    assert!(d.entries[0].0.ptr_eq(&v));
    assert!(d.entries[0].1.ptr_eq(&v));
    assert_eq!(to_hex(&encode(&v)), bytes);
    assert_eq!(v, decode(&hex(bytes)));
    let cycle = Cycle::to(&v).unwrap();
    drop(v);
    assert!(cycle.upgrade().is_none());
}

#[test]
fn comparing_printing_and_debugging_cycles_terminates() {
    for bytes in [SELF_CYCLE, TWO_CYCLE, NODE_CYCLE, "09 03 01 09 00"] {
        let a = decode(&hex(bytes));
        let b = decode(&hex(bytes));
        assert_eq!(a, b);
        assert!(!format!("{a}").is_empty());
        assert!(!format!("{a:#}").is_empty());
        assert!(!format!("{a:?}").is_empty());
    }
    // The node a cycle points at is labelled, as in `Display`.
    let v = decode(&hex(TWO_CYCLE));
    assert_eq!(
        format!("{v:?}"),
        "#1=Object(Object { class: \"\", sealed: [], dynamic: Some([(\"b\", Object(Object { \
         class: \"\", sealed: [], dynamic: Some([(\"a\", Cycle(#1))]) }))]) })"
    );
}

#[test]
fn a_cycle_outliving_its_target() {
    let v = decode(&hex(TWO_CYCLE));
    let b = v["b"].clone();
    let weak_a = weak_object(&v);
    drop(v);
    assert!(weak_a.upgrade().is_none());
    // b is still alive; its cycle points nowhere.
    let Value::Cycle(c) = &b["a"] else {
        panic!("expected a cycle");
    };
    assert!(c.upgrade().is_none());
    assert_eq!(format!("{b}"), r#"{"a": cycle}"#);
    assert_eq!(b, b.clone());
    let err = to_vec(&b).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a Value::Cycle points at a value that no longer exists"
    );
}

/// `Cycle::to` is the only public way to make a `Cycle`, and it needs an
/// existing `Arc`: a cycle cannot be built by hand (an `Arc` holding a
/// `Cycle` to itself would need `Arc::new_cyclic` and a `Cycle` from a
/// `Weak`). What it can do: point at a node that exists elsewhere.
#[test]
fn cycle_to_by_hand() {
    assert!(Cycle::to(&int(1)).is_none());
    assert!(Cycle::to(&Value::from(Date::from_millis(0.0))).is_none());
    assert!(Cycle::to(&Value::from(ByteArray(vec![]))).is_none());
    let o = anon(vec![("a", int(1))]);
    let c = Cycle::to(&o).unwrap();
    assert!(c.upgrade().unwrap().ptr_eq(&o));
    assert!(Value::Cycle(Cycle::to(&Value::Cycle(c.clone())).unwrap()).ptr_eq(&o));
    assert_eq!(format!("{c:?}"), "Cycle(<Object>)");

    // A Cycle to a node written earlier is written as a reference to it, and
    // reads back as the shared node (a reference to a finished object is
    // not a cycle).
    let shared = "09 05 01 0a 0b 01 03 61 04 01 01 0a 02";
    let first = arr(vec![o.clone(), Value::Cycle(c.clone())]);
    assert_eq!(first.to_string(), r#"[#1={"a": 1}, cycle #1]"#);
    assert_eq!(to_hex(&encode(&first)), shared);
    let back = decode(&hex(shared));
    assert!(back[0].ptr_eq(&back[1]));
    assert!(!matches!(back[1], Value::Cycle(_)));
    assert_ne!(back, first, "a cycle is not a shared node");
    // A Cycle to a node not written yet writes the node there.
    let second = arr(vec![Value::Cycle(c.clone()), o.clone()]);
    assert_eq!(to_hex(&encode(&second)), shared);

    // A Cycle does not keep its node alive.
    drop(o);
    let dangling = arr(vec![Value::Cycle(c.clone())]);
    assert!(c.upgrade().is_some(), "first and second still hold o");
    drop((first, second));
    assert!(c.upgrade().is_none());
    assert_eq!(
        to_vec(&dangling).unwrap_err().to_string(),
        "a Value::Cycle points at a value that no longer exists"
    );
}

#[test]
fn sharing_matters_for_equality() {
    // [o, o] (one object, two holders) vs [o1, o2] (equal, distinct).
    let shared = decode(&hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 02"));
    let distinct = decode(&hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 01 00 04 01 01"));
    assert!(shared[0].ptr_eq(&shared[1]));
    assert!(!distinct[0].ptr_eq(&distinct[1]));
    assert_eq!(shared[0], distinct[0]);
    assert_ne!(shared, distinct);
    assert_ne!(distinct, shared);

    let o = anon(vec![("a", int(1))]);
    assert_eq!(shared, arr(vec![o.clone(), o]));
    assert_eq!(
        distinct,
        arr(vec![anon(vec![("a", int(1))]), anon(vec![("a", int(1))])])
    );
    assert_eq!(
        to_hex(&encode(&shared)),
        "09 05 01 0a 0b 01 03 61 04 01 01 0a 02"
    );
    assert_eq!(
        to_hex(&encode(&distinct)),
        "09 05 01 0a 0b 01 03 61 04 01 01 0a 01 00 04 01 01"
    );

    // The matching is one to one: [x, y, x] vs [x', y', y'] differ even when
    // x and y are equal.
    let x = anon(vec![]);
    let y = anon(vec![]);
    let left = arr(vec![x.clone(), y.clone(), x]);
    let x2 = anon(vec![]);
    let y2 = anon(vec![]);
    let right = arr(vec![x2, y2.clone(), y2]);
    assert_ne!(left, right);
    // Sharing of scalars-in-Arcs (dates, byte arrays) counts too.
    let d = Value::from(ByteArray(vec![1]));
    assert_ne!(
        arr(vec![d.clone(), d]),
        arr(vec![
            Value::from(ByteArray(vec![1])),
            Value::from(ByteArray(vec![1]))
        ])
    );
}

// --------------------------------------------------- (c) Display, Debug

#[test]
fn display_typed_object_shared_node_and_cycle() {
    let typed = sealed(
        "org.amf.ASClass",
        vec![("baz", Value::Null), ("foo", s("x"))],
    );
    assert_eq!(
        typed.to_string(),
        r#"org.amf.ASClass {"baz": null, "foo": "x"}"#
    );
    assert_eq!(
        format!("{typed:#}"),
        "org.amf.ASClass {\n  \"baz\": null,\n  \"foo\": \"x\"\n}"
    );

    let o = anon(vec![("a", int(1))]);
    let shared = arr(vec![o.clone(), o, int(2)]);
    assert_eq!(shared.to_string(), r#"[#1={"a": 1}, #1, 2]"#);
    assert_eq!(
        format!("{shared:#}"),
        "[\n  #1={\n    \"a\": 1\n  },\n  #1,\n  2\n]"
    );

    assert_eq!(
        decode(&hex(SELF_CYCLE)).to_string(),
        r#"#1={"self": cycle #1}"#
    );
    assert_eq!(
        decode(&hex(TWO_CYCLE)).to_string(),
        r#"#1={"b": {"a": cycle #1}}"#
    );
    assert_eq!(
        decode(&hex(NODE_CYCLE)).to_string(),
        r#"#1=Node {"next": cycle #1}"#
    );
    assert_eq!(decode(&hex("09 03 01 09 00")).to_string(), "#1=[cycle #1]");
    // Two shared nodes get labels in order of first appearance.
    let p = anon(vec![]);
    let q = arr(vec![]);
    assert_eq!(
        arr(vec![q.clone(), p.clone(), p, q]).to_string(),
        "[#1=[], #2={}, #2, #1]"
    );
}

#[test]
fn display_of_every_kind() {
    let cases: Vec<(Value, &str)> = vec![
        (Value::Undefined, "undefined"),
        (Value::Null, "null"),
        (Value::Bool(true), "true"),
        (int(-5), "-5"),
        (Value::Double(2.0), "2.0"),
        (Value::Double(2.5), "2.5"),
        (Value::Double(-0.0), "-0.0"),
        (Value::Double(f64::NAN), "NaN"),
        (Value::Double(f64::NEG_INFINITY), "-inf"),
        (s("a\"b"), r#""a\"b""#),
        (Value::from(Date::from_millis(1.5)), "Date(1.5)"),
        (Value::from(Xml("<a/>".into())), r#"Xml("<a/>")"#),
        (
            Value::from(XmlDocument("<a/>".into())),
            r#"XmlDocument("<a/>")"#,
        ),
        (Value::from(ByteArray(vec![1, 0xab])), "ByteArray(01ab)"),
        (
            Value::from(Array::from_parts(
                vec![int(1)],
                vec![("k".into(), Value::Bool(false))],
            )),
            r#"[1, "k": false]"#,
        ),
        (arr(vec![]), "[]"),
        (anon(vec![]), "{}"),
        (
            Value::from(Vector {
                fixed: true,
                items: vec![1i32, -2],
            }),
            "fixed Vector.<int>[1, -2]",
        ),
        (
            Value::from(Vector {
                fixed: false,
                items: vec![7u32],
            }),
            "Vector.<uint>[7]",
        ),
        (
            Value::from(Vector {
                fixed: false,
                items: vec![1.5f64],
            }),
            "Vector.<Number>[1.5]",
        ),
        (
            Value::from(ObjectVector {
                fixed: false,
                type_name: "T".into(),
                items: vec![Value::Null],
            }),
            "Vector.<T>[null]",
        ),
        (
            Value::from(Dictionary {
                weak_keys: true,
                entries: vec![(int(1), s("a"))],
            }),
            r#"weak Dictionary{1 => "a"}"#,
        ),
        (
            Value::from(External {
                dynamic: false,
                class: "E".into(),
                body: vec![DataItem::Double(5.0), DataItem::Value(Value::Null)],
            }),
            "E <Double(5.0), null>",
        ),
        (
            Value::from(EcmaArray {
                length: 3,
                entries: vec![("a".into(), int(1))].into(),
            }),
            r#"EcmaArray(3){"a": 1}"#,
        ),
        (Value::Unsupported, "unsupported"),
    ];
    for (v, want) in cases {
        assert_eq!(v.to_string(), want, "{v:?}");
    }
}

#[test]
fn debug_of_a_small_value() {
    let v = arr(vec![
        anon(vec![("a", int(1))]),
        Value::Double(0.5),
        s("x"),
        Value::Undefined,
    ]);
    assert_eq!(
        format!("{v:?}"),
        "Array(Array { dense: [Object(Object { class: \"\", sealed: [], dynamic: \
         Some([(\"a\", Integer(1))]) }), Double(0.5), String(\"x\"), Undefined], assoc: [] })"
    );
    let c = decode(&hex(SELF_CYCLE));
    assert_eq!(format!("{:?}", c["self"]), "Cycle(Cycle(<Object>))");
}

// ------------------------------------------------- (d) indexing, accessors

#[test]
fn indexing_and_get() {
    let v = amf_value!({"a": [10, {"b": "x"}], "n": null});
    assert_eq!(v["a"][0], int(10));
    assert_eq!(v["a"][1]["b"], s("x"));
    assert_eq!(v["n"], Value::Null);
    // Missing entries, wrong index kinds and scalars give Null.
    assert_eq!(v["missing"], Value::Null);
    assert_eq!(v["a"][99], Value::Null);
    assert_eq!(v[0], Value::Null);
    assert_eq!(v["a"]["b"], Value::Null);
    assert_eq!(v["a"][0]["x"], Value::Null);
    assert_eq!(v["a"][0][0], Value::Null);
    assert_eq!(Value::Null["x"][3]["y"], Value::Null);

    assert_eq!(v.get("a").map(|a| a.as_array().unwrap().len()), Some(2));
    assert_eq!(v.get("missing"), None);
    assert_eq!(v.get("n"), Some(&Value::Null));
    assert_eq!(v.get(String::from("n")), Some(&Value::Null));
    let key = String::from("a");
    assert_eq!(v.get(&key).and_then(|a| a.get(0)), Some(&int(10)));
    assert_eq!(v.get(0), None);
    assert_eq!(v[&key][1usize]["b"].as_str(), Some("x"));
    assert_eq!(v[key][1usize]["b"].as_str(), Some("x"));

    // Sealed and dynamic members alike.
    let o = Value::from(Object {
        traits_copy: 0,
        class: "C".into(),
        sealed: vec![("s".into(), int(1))].into(),
        dynamic: Some(vec![("d".into(), int(2))].into()),
    });
    assert_eq!((o["s"].clone(), o["d"].clone()), (int(1), int(2)));
    assert_eq!(o.as_object().unwrap().len(), 2);
    // Associative array keys and dense positions.
    let a = Value::from(Array::from_parts(
        vec![s("zero")],
        vec![("k".into(), s("v")), ("1".into(), s("one"))],
    ));
    assert_eq!(a[0], s("zero"));
    assert_eq!(a["k"], s("v"));
    assert_eq!(a["1"], s("one"));
    // As in ActionScript, position 1 past the dense part is key "1".
    assert_eq!(a[1], s("one"));
    assert_eq!(a[2], Value::Null);
    // Dictionaries by string key only.
    let d = Value::from(Dictionary {
        weak_keys: false,
        entries: vec![(int(1), s("int")), (s("1"), s("str"))],
    });
    assert_eq!(d["1"], s("str"));
    assert_eq!(d[1], Value::Null);
    // Object vectors and ECMA arrays.
    let ov = Value::from(ObjectVector {
        fixed: false,
        type_name: Default::default(),
        items: vec![int(5), int(6)],
    });
    assert_eq!(ov[1], int(6));
    let e = Value::from(EcmaArray {
        length: 0,
        entries: vec![("x".into(), int(9))].into(),
    });
    assert_eq!(e["x"], int(9));
    let e = Value::from(EcmaArray {
        length: 2,
        entries: vec![("0".into(), int(7)), ("1".into(), int(8))].into(),
    });
    assert_eq!(
        (e[0].clone(), e[1].clone(), e.get(2)),
        (int(7), int(8), None)
    );
    // Numeric vectors are not indexable.
    let vi = Value::from(Vector {
        fixed: false,
        items: vec![1i32],
    });
    assert_eq!(vi.get(0), None);
    // One-value externalizables index into their value.
    let ac = Value::from(External {
        dynamic: false,
        class: "flex.messaging.io.ArrayCollection".into(),
        body: vec![DataItem::Value(amf_value!([{"id": 3}]))],
    });
    assert_eq!(ac[0]["id"], int(3));
    let two = Value::from(External {
        dynamic: false,
        class: "X".into(),
        body: vec![DataItem::Double(1.0), DataItem::Double(2.0)],
    });
    assert_eq!(two.get(0), None);
}

#[test]
fn indexing_stops_at_cycles_as_documented() {
    // a = {self: a, n: 1}
    let v = decode(&hex("0a 0b 01 09 73 65 6c 66 0a 00 03 6e 04 01 01"));
    assert!(v["self"].ptr_eq(&v));
    assert_eq!(v["n"], int(1));
    // A cycle is not indexed through (its target is not borrowed from it)…
    assert_eq!(v["self"]["n"], Value::Null);
    assert_eq!(v.get("self").and_then(|s| s.get("n")), None);
    // …but it upgrades to the node it points at.
    let Value::Cycle(c) = &v["self"] else {
        panic!("expected a cycle, got {:?}", v["self"]);
    };
    assert_eq!(c.upgrade().unwrap()["n"], int(1));
}

#[test]
fn accessors() {
    assert_eq!(Value::Bool(true).as_bool(), Some(true));
    assert_eq!(int(1).as_bool(), None);

    assert_eq!(int(-3).as_f64(), Some(-3.0));
    assert_eq!(Value::Double(2.5).as_f64(), Some(2.5));
    assert_eq!(s("1").as_f64(), None);
    assert_eq!(Value::from(Date::from_millis(5.0)).as_f64(), None);

    assert_eq!(int(-3).as_i64(), Some(-3));
    assert_eq!(Value::Double(3.0).as_i64(), Some(3));
    assert_eq!(Value::Double(-0.0).as_i64(), Some(0));
    assert_eq!(Value::Double(3.5).as_i64(), None);
    assert_eq!(Value::Double(f64::NAN).as_i64(), None);
    assert_eq!(Value::Double(f64::INFINITY).as_i64(), None);
    assert_eq!(
        Value::Double(9_007_199_254_740_992.0).as_i64(),
        Some(1 << 53)
    );
    assert_eq!(
        Value::Double(-9.223_372_036_854_776e18).as_i64(),
        Some(i64::MIN)
    );
    assert_eq!(Value::Double(9.223_372_036_854_776e18).as_i64(), None);

    assert_eq!(s("x").as_str(), Some("x"));
    assert_eq!(Value::from(Xml("<x/>".into())).as_str(), Some("<x/>"));
    assert_eq!(
        Value::from(XmlDocument("<d/>".into())).as_str(),
        Some("<d/>")
    );
    assert_eq!(int(1).as_str(), None);

    assert_eq!(
        Value::from(ByteArray(vec![1, 2])).as_bytes(),
        Some(&[1u8, 2][..])
    );
    assert_eq!(s("ab").as_bytes(), None);
    assert_eq!(
        Value::from(Date::from_millis(7.0)).as_date(),
        Some(&Date::from_millis(7.0))
    );
    assert_eq!(Value::Double(7.0).as_date(), None);

    let a = amf_value!([1]);
    assert_eq!(a.as_array().map(|a| a.len()), Some(1));
    assert!(a.as_object().is_none());
    let o = amf_value!({"k": 1});
    assert_eq!(o.as_object().map(Object::len), Some(1));
    assert!(o.as_array().is_none());
    assert!(o.as_dictionary().is_none());
    let d = Value::from(Dictionary {
        weak_keys: true,
        entries: vec![(int(1), int(2))],
    });
    assert!(d.as_dictionary().unwrap().weak_keys);
    let e = Value::from(External {
        dynamic: false,
        class: "E".into(),
        body: vec![],
    });
    assert_eq!(e.as_external().map(|e| e.class.as_str()), Some("E"));

    assert!(Value::Null.is_null());
    assert!(Value::Undefined.is_null());
    assert!(!Value::Bool(false).is_null());
    assert!(!int(0).is_null());

    assert_eq!(sealed("P", vec![]).class(), Some("P"));
    assert_eq!(anon(vec![]).class(), None);
    assert_eq!(sealed("", vec![("x", int(1))]).class(), None);
    assert_eq!(e.class(), Some("E"));
    assert_eq!(s("P").class(), None);

    assert!(Value::default().is_null());
    assert_eq!(Value::default(), Value::Null);
}

#[test]
fn from_conversions() {
    assert_eq!(Value::from(true), Value::Bool(true));
    assert_eq!(Value::from(-1i8), int(-1));
    assert_eq!(Value::from(65535u16), int(65535));
    assert_eq!(Value::from(268_435_455i32), int(268_435_455));
    assert_eq!(Value::from(268_435_456i32), Value::Double(268_435_456.0));
    assert_eq!(
        Value::try_from(-268_435_457i64).unwrap(),
        Value::Double(-268_435_457.0)
    );
    // A double cannot hold 2^53 + 1: an error naming the opt-in, no rounding.
    let err = Value::try_from((1i64 << 53) + 1).unwrap_err();
    assert!(err.to_string().contains("with_lossy_integers"), "{err}");
    assert!(Value::try_from(u64::MAX).is_err());
    assert_eq!(
        Value::try_from(1u64 << 63).unwrap(),
        Value::Double(9_223_372_036_854_775_808.0)
    );
    assert_eq!(Value::from(u32::MAX), Value::Double(4_294_967_295.0));
    assert_eq!(Value::from(1.5f32), Value::Double(1.5));
    assert_eq!(Value::from("a"), s("a"));
    assert_eq!(Value::from(String::from("a")), s("a"));
    assert_eq!(Value::from(Some(3)), int(3));
    assert_eq!(Value::from(None::<i32>), Value::Null);
    assert_eq!(Value::from(amf_serde::types::Undefined), Value::Undefined);
    assert_eq!(Value::from(DataItem::Byte(-1)), int(-1));
    assert_eq!(Value::from(DataItem::UnsignedShort(65535)), int(65535));
    assert_eq!(
        Value::from(DataItem::UnsignedInt(u32::MAX)),
        Value::Double(4_294_967_295.0)
    );
    assert_eq!(Value::from(DataItem::Float(0.5)), Value::Double(0.5));
    assert_eq!(Value::from(DataItem::Utf("u".into())), s("u"));
    assert_eq!(Value::from(DataItem::UtfBytes("b".into())), s("b"));
    assert_eq!(
        Value::from(DataItem::Bytes(vec![9])),
        Value::from(ByteArray(vec![9]))
    );
    assert_eq!(Value::from(DataItem::Value(int(4))), int(4));
}

// ------------------------------------------------------- (e) amf_value!

#[test]
fn amf_macro_forms() {
    let x = 21;
    let v = amf_value!({
        "nested": {"deep": [[], {}, [null, undefined]]},
        "neg": -5,
        "negf": -2.5,
        "expr": x * 2,
        "paren": (x + 1),
        "str": "s",
        "bool": false,
        "opt": Some(3),
        "none": None::<i32>,
        "big": (Value::try_from(1i64 << 40).unwrap()),
        "u": u32::MAX,
        "trail": [1, 2,],
        "objtrail": {"k": -1,},
        "null": null,
        "undef": undefined,
    });
    let want = anon(vec![
        (
            "nested",
            anon(vec![(
                "deep",
                arr(vec![
                    arr(vec![]),
                    anon(vec![]),
                    arr(vec![Value::Null, Value::Undefined]),
                ]),
            )]),
        ),
        ("neg", int(-5)),
        ("negf", Value::Double(-2.5)),
        ("expr", int(42)),
        ("paren", int(22)),
        ("str", s("s")),
        ("bool", Value::Bool(false)),
        ("opt", int(3)),
        ("none", Value::Null),
        ("big", Value::Double(1_099_511_627_776.0)),
        ("u", Value::Double(4_294_967_295.0)),
        ("trail", arr(vec![int(1), int(2)])),
        ("objtrail", anon(vec![("k", int(-1))])),
        ("null", Value::Null),
        ("undef", Value::Undefined),
    ]);
    assert_eq!(v, want);
    assert_eq!(
        v.to_string(),
        r#"{"nested": {"deep": [[], {}, [null, undefined]]}, "neg": -5, "negf": -2.5, "expr": 42, "paren": 22, "str": "s", "bool": false, "opt": 3, "none": null, "big": 1099511627776.0, "u": 4294967295.0, "trail": [1, 2], "objtrail": {"k": -1}, "null": null, "undef": undefined}"#
    );

    // Top-level forms.
    assert_eq!(amf_value!(null), Value::Null);
    assert_eq!(amf_value!(undefined), Value::Undefined);
    assert_eq!(amf_value!(-7), int(-7));
    assert_eq!(amf_value!(-0.0), Value::Double(-0.0));
    assert_eq!(amf_value!(x - 1), int(20));
    assert_eq!(amf_value!([]), arr(vec![]));
    assert_eq!(amf_value!({}), anon(vec![]));
    assert_eq!(
        amf_value!([-1, -2.5, "x",]),
        arr(vec![int(-1), Value::Double(-2.5), s("x")])
    );
    assert_eq!(amf_value!([[[]]]), arr(vec![arr(vec![arr(vec![])])]));
    // Values (and other Values' nodes) can be spliced in; sharing survives.
    let o = amf_value!({"a": 1});
    let pair = amf_value!([o.clone(), o.clone()]);
    assert!(pair[0].ptr_eq(&o) && pair[1].ptr_eq(&o));
    let d = Date::from_millis(0.0);
    assert_eq!(amf_value!({"when": d})["when"], Value::from(d));
}

#[test]
fn amf_macro_exact_bytes() {
    let cases: Vec<(Value, &str)> = vec![
        (amf_value!([1, "a"]), "09 05 01 04 01 06 03 61"),
        (amf_value!({"a": 1}), "0a 0b 01 03 61 04 01 01"),
        (
            amf_value!({"a": {"a": -1}, "b": [null, undefined, true]}),
            "0a 0b 01 03 61 0a 01 00 04 ff ff ff ff 01 03 62 09 07 01 01 00 03 01",
        ),
        (
            amf_value!(Value::try_from(1i64 << 40).unwrap()),
            "05 42 70 00 00 00 00 00 00",
        ),
        (amf_value!(u32::MAX), "05 41 ef ff ff ff e0 00 00"),
        (amf_value!(268_435_455), "04 bf ff ff ff"),
        (amf_value!(-268_435_456), "04 c0 80 80 00"),
        (amf_value!(true), "03"),
        (amf_value!(null), "01"),
        (amf_value!(undefined), "00"),
        (amf_value!(""), "06 01"),
        (amf_value!([]), "09 01 01"),
        (amf_value!({}), "0a 0b 01 01"),
        (
            amf_value!(["foo", {"foo": "foo"}, {"foo": ["foo"]}]),
            "09 07 01 06 07 66 6f 6f 0a 0b 01 00 06 00 01 0a 01 00 09 03 01 06 00 01",
        ),
    ];
    for (v, want) in cases {
        assert_eq!(to_hex(&encode(&v)), want, "{v}");
        assert_eq!(decode(&hex(want)), v, "{want}");
    }
}

// --------------------------------------------- (f) to_value / from_value

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Person {
    name: String,
    age: i32,
    tags: Vec<String>,
    nick: Option<String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Shape {
    Unit,
    New(i32),
    Tuple(i32, String),
    Struct { w: f64, h: f64 },
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Sparse {
    id: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    note: Option<String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Everything {
    person: Person,
    shapes: Vec<Shape>,
    scores: BTreeMap<String, f64>,
    by_id: BTreeMap<u32, String>,
    #[serde(with = "serde_bytes")]
    blob: Vec<u8>,
    big: u64,
    ch: char,
    unit: (),
    pair: (i8, bool),
    sparse: Vec<Sparse>,
}

fn ada() -> Person {
    Person {
        name: "Ada".into(),
        age: 36,
        tags: vec!["math".into(), "name".into()],
        nick: None,
    }
}

fn everything() -> Everything {
    Everything {
        person: ada(),
        shapes: vec![
            Shape::Unit,
            Shape::New(-3),
            Shape::Tuple(1, "Unit".into()),
            Shape::Struct { w: 1.5, h: 2.0 },
        ],
        scores: BTreeMap::from([("a".into(), 1.0), ("b".into(), f64::NAN)]),
        by_id: BTreeMap::from([(1, "one".into()), (300_000_000, "big".into())]),
        blob: vec![0, 255],
        big: 1 << 40,
        ch: 'é',
        unit: (),
        pair: (-1, true),
        sparse: vec![
            Sparse {
                id: 1,
                note: Some("n".into()),
            },
            Sparse { id: 2, note: None },
            Sparse {
                id: 3,
                note: Some("id".into()),
            },
        ],
    }
}

#[test]
fn to_value_of_a_struct_is_an_anonymous_sealed_object() {
    let v = to_value(&ada()).unwrap();
    assert_eq!(
        v,
        Value::from(Object {
            traits_copy: 0,
            class: Default::default(),
            sealed: vec![
                ("name".into(), s("Ada")),
                ("age".into(), int(36)),
                ("tags".into(), arr(vec![s("math"), s("name")])),
                ("nick".into(), Value::Null),
            ]
            .into(),
            dynamic: None,
        })
    );
    assert_eq!(from_value::<Person>(v).unwrap(), ada());
}

#[test]
fn to_value_of_enums_and_maps() {
    let shapes = to_value(&everything().shapes).unwrap();
    assert_eq!(
        shapes,
        arr(vec![
            s("Unit"),
            anon(vec![("New", int(-3))]),
            anon(vec![("Tuple", arr(vec![int(1), s("Unit")]))]),
            anon(vec![(
                "Struct",
                sealed(
                    "",
                    vec![("w", Value::Double(1.5)), ("h", Value::Double(2.0))]
                ),
            )]),
        ])
    );
    assert_eq!(
        from_value::<Vec<Shape>>(shapes).unwrap(),
        everything().shapes
    );

    let by_name = BTreeMap::from([("x".to_string(), 1), ("y".to_string(), 2)]);
    let v = to_value(&by_name).unwrap();
    assert_eq!(v, anon(vec![("x", int(1)), ("y", int(2))]));
    assert_eq!(from_value::<BTreeMap<String, i32>>(v).unwrap(), by_name);

    let by_int = BTreeMap::from([(1, "a".to_string()), (2, "b".to_string())]);
    let v = to_value(&by_int).unwrap();
    assert_eq!(
        v,
        Value::from(Dictionary {
            weak_keys: false,
            entries: vec![(int(1), s("a")), (int(2), s("b"))],
        })
    );
    assert_eq!(from_value::<BTreeMap<i32, String>>(v).unwrap(), by_int);
    // An empty map is an empty object.
    assert_eq!(
        to_value(&BTreeMap::<i32, i32>::new()).unwrap(),
        anon(vec![])
    );
}

#[test]
fn from_value_parses_numeric_member_names_like_from_slice() {
    // {"7": "seven"}
    let bytes = hex("0a 0b 01 03 37 06 0b 73 65 76 65 6e 01");
    let want = HashMap::from([(7u32, "seven".to_string())]);
    assert_eq!(from_slice::<HashMap<u32, String>>(&bytes).unwrap(), want);
    let v = decode(&bytes);
    assert_eq!(v, anon(vec![("7", s("seven"))]));
    assert_eq!(from_value::<HashMap<u32, String>>(v).unwrap(), want);
}

#[test]
fn to_value_from_value_round_trips() {
    let e = everything();
    let v = to_value(&e).unwrap();
    let back: Everything = from_value(v.clone()).unwrap();
    // NaN in scores: compare the rest, then the NaN by bits.
    assert_eq!(back.scores["b"].to_bits(), f64::NAN.to_bits());
    let strip = |mut e: Everything| {
        e.scores.remove("b");
        e
    };
    assert_eq!(strip(back), strip(e.clone()));
    assert_eq!(v["big"], Value::Double(1_099_511_627_776.0));
    assert_eq!(v["ch"], s("é"));
    assert_eq!(v["unit"], Value::Null);
    assert_eq!(v["blob"], Value::from(ByteArray(vec![0, 255])));
    assert_eq!(v["sparse"][1].as_object().unwrap().len(), 1);
    assert_eq!(v["by_id"].as_dictionary().unwrap().entries.len(), 2);

    // And through the bytes: to_vec → Value → from_value.
    let through: Value = decode(&to_vec(&e).unwrap());
    assert_eq!(through, v);
    assert_eq!(strip(from_value::<Everything>(through).unwrap()), strip(e));
}

#[test]
fn to_value_then_to_vec_equals_to_vec() {
    fn same<T: Serialize + std::fmt::Debug>(x: &T) {
        let direct = to_vec(x).unwrap();
        let via = encode(&to_value(x).unwrap());
        assert_eq!(to_hex(&via), to_hex(&direct), "{x:?}");
    }
    same(&ada());
    same(&vec![ada(), ada(), ada()]);
    same(&everything());
    same(&everything().sparse);
    same(&everything().shapes);
    same(&BTreeMap::from([(1, ada()), (2, ada())]));
    same(&BTreeMap::from([("name".to_string(), ada())]));
    same(&(1u64 << 53, -1i64, 0.1f32, "x", 'y', (), Some(1), None::<u8>));
    same(&vec![Some(vec![ada()]), None]);
    same(&serde_bytes::ByteBuf::from(vec![1, 2, 3]));
    // Exact bytes of one: sealed traits once, then traits references.
    #[derive(Serialize)]
    struct P {
        x: i32,
        y: i32,
    }
    let ps = [P { x: 1, y: 2 }, P { x: 3, y: 4 }];
    assert_eq!(
        to_hex(&encode(&to_value(&ps).unwrap())),
        "09 05 01 0a 23 01 03 78 03 79 04 01 04 02 0a 01 04 03 04 04"
    );
}

#[test]
fn to_value_and_from_value_errors() {
    let err = to_value(&9_007_199_254_740_993u64).unwrap_err();
    assert_eq!(
        err.to_string(),
        "integer 9007199254740993 cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)"
    );
    let err = to_value(&BTreeMap::from([(String::new(), 1)])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the empty string cannot be an AMF3 dynamic member name (it terminates the member list)"
    );
    let cyclic = decode(&hex(SELF_CYCLE));
    let err = from_value::<serde_json::Value>(cyclic.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a Value::Cycle cannot be decoded into a tree-shaped type"
    );
    let err = from_value::<u8>(int(300)).unwrap_err();
    assert_eq!(err.to_string(), "invalid value: integer `300`, expected u8");
    let err = from_value::<i32>(Value::Double(1.5)).unwrap_err();
    assert_eq!(err.to_string(), "number 1.5 is not a valid i32");
    // Typed decoding of cyclic bytes names the reference.
    let err = from_slice::<serde_json::Value>(&hex(SELF_CYCLE)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "reference to object 0, which is still being read (a cycle), cannot be decoded into \
         a tree-shaped type at byte offset 8"
    );
}

#[test]
fn value_to_value_keeps_identity() {
    let v = decode(&hex(TWO_CYCLE));
    let same = to_value(&v).unwrap();
    assert!(same.ptr_eq(&v));
    let again: Value = from_value(v.clone()).unwrap();
    assert!(again.ptr_eq(&v));
    assert_eq!(again, v);
}

// ------------------------------------------------------- (g) serde_json

#[test]
fn json_to_value() {
    let j = serde_json::json!({
        "a": [1, 2.5, "x", null, true],
        "big": 268_435_456,
        "edge": 268_435_455,
        "neg": -268_435_456,
        "o": {},
        "u": 18_446_744_073_709_551_615u64,
    });
    let v = Value::from(j);
    assert_eq!(
        v,
        anon(vec![
            (
                "a",
                arr(vec![
                    int(1),
                    Value::Double(2.5),
                    s("x"),
                    Value::Null,
                    Value::Bool(true)
                ])
            ),
            ("big", Value::Double(268_435_456.0)),
            ("edge", int(268_435_455)),
            ("neg", int(-268_435_456)),
            ("o", anon(vec![])),
            ("u", Value::Double(18_446_744_073_709_551_615.0)),
        ])
    );
    assert_eq!(Value::from(serde_json::json!(1.0)), Value::Double(1.0));
    assert_eq!(Value::from(serde_json::json!(-0.0)), Value::Double(-0.0));
    assert_eq!(Value::from(serde_json::json!([])), arr(vec![]));
    assert_eq!(
        to_hex(&encode(&Value::from(
            serde_json::json!({"a": [1, 2.5, "x", null]})
        ))),
        "0a 0b 01 03 61 09 09 01 04 01 05 40 04 00 00 00 00 00 00 06 03 78 01 01"
    );
    // JSON allows an empty key; AMF3 dynamic members do not.
    let v = Value::from(serde_json::json!({"": 1}));
    assert_eq!(v[""], int(1));
    assert_eq!(
        to_vec(&v).unwrap_err().to_string(),
        "the empty string cannot be an AMF3 dynamic member name (it terminates the member list)"
    );
}

#[track_caller]
fn json_of(v: &Value) -> String {
    let j = serde_json::Value::try_from(v).unwrap();
    let direct = serde_json::to_string(v).unwrap();
    let via = serde_json::to_string(&j).unwrap();
    assert_eq!(direct, via);
    via
}

#[test]
fn value_to_json() {
    let cases: Vec<(Value, &str)> = vec![
        (Value::Undefined, "null"),
        (Value::Null, "null"),
        (Value::Bool(false), "false"),
        (int(-1), "-1"),
        (Value::Double(2.5), "2.5"),
        (Value::Double(2.0), "2.0"),
        (Value::Double(f64::NAN), "null"),
        (Value::Double(f64::INFINITY), "null"),
        (s("é\""), r#""é\"""#),
        (Value::from(Date::from_millis(1.0e12)), "1000000000000.0"),
        (Value::from(Xml("<a/>".into())), r#""<a/>""#),
        (Value::from(XmlDocument("<d/>".into())), r#""<d/>""#),
        (Value::from(ByteArray(vec![1, 255])), "[1,255]"),
        (
            sealed(
                "org.amf.ASClass",
                vec![("baz", Value::Null), ("foo", s("x"))],
            ),
            r#"{"baz":null,"foo":"x"}"#,
        ),
        (
            Value::from(Array::from_parts(
                vec![s("a"), s("b")],
                vec![("k".into(), int(1))],
            )),
            r#"{"0":"a","1":"b","k":1}"#,
        ),
        (
            Value::from(Vector {
                fixed: true,
                items: vec![4i32, -20],
            }),
            "[4,-20]",
        ),
        (
            Value::from(Vector {
                fixed: false,
                items: vec![4u32],
            }),
            "[4]",
        ),
        (
            Value::from(Vector {
                fixed: false,
                items: vec![4.3f64, -20.6],
            }),
            "[4.3,-20.6]",
        ),
        (
            Value::from(ObjectVector {
                fixed: false,
                type_name: "T".into(),
                items: vec![int(1), amf_value!({"a": null})],
            }),
            r#"[1,{"a":null}]"#,
        ),
        (
            Value::from(Dictionary {
                weak_keys: true,
                entries: vec![(s("k"), int(1))],
            }),
            r#"{"k":1}"#,
        ),
        (
            Value::from(Dictionary {
                weak_keys: false,
                entries: vec![(int(1), s("a")), (Value::Bool(true), s("b"))],
            }),
            r#"[[1,"a"],[true,"b"]]"#,
        ),
        (
            Value::from(External {
                dynamic: false,
                class: "flex.messaging.io.ArrayCollection".into(),
                body: vec![DataItem::Value(amf_value!(["x"]))],
            }),
            r#"["x"]"#,
        ),
        (
            Value::from(External {
                dynamic: false,
                class: "E".into(),
                body: vec![
                    DataItem::Double(5.0),
                    DataItem::Int(-2),
                    DataItem::Utf("u".into()),
                ],
            }),
            r#"[5.0,-2,"u"]"#,
        ),
        (
            Value::from(EcmaArray {
                length: 1,
                entries: vec![("a".into(), int(1))].into(),
            }),
            r#"{"a":1}"#,
        ),
        (Value::Unsupported, "null"),
    ];
    for (v, want) in cases {
        assert_eq!(json_of(&v), want, "{v}");
    }
    // Shared nodes are written out twice.
    let shared = decode(&hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 02"));
    assert_eq!(json_of(&shared), r#"[{"a":1},{"a":1}]"#);
}

#[test]
fn value_to_json_rejects_cycles() {
    let err = serde_json::Value::try_from(&decode(&hex(TWO_CYCLE))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a Value::Cycle can only be written by the AMF serializers"
    );
}

#[test]
fn json_round_trip_through_value() {
    let j = serde_json::json!({"a": [1, 2.5, "x", null, true, {"b": []}], "c": "d"});
    let v = Value::from(j.clone());
    assert_eq!(serde_json::Value::try_from(&v).unwrap(), j);
    let back: serde_json::Value = from_slice(&encode(&v)).unwrap();
    assert_eq!(back, j);
}

// ----------------------------------------------------- (h) externalizable

fn two_doubles(input: &mut dyn DataInput) -> amf_serde::Result<()> {
    input.read_double()?;
    input.read_double()?;
    Ok(())
}

fn all_items(input: &mut dyn DataInput) -> amf_serde::Result<()> {
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

fn external(class: &str, body: Vec<DataItem>) -> Value {
    Value::from(External {
        dynamic: false,
        class: class.into(),
        body,
    })
}

#[test]
fn externalizable_fixture_with_a_registered_reader() {
    let bytes = fixture("objects", "amf3-externalizable.bin");
    assert_eq!(
        to_hex(&bytes),
        "09 05 01 0a 07 25 45 78 74 65 72 6e 61 6c 69 7a 61 62 6c 65 54 65 73 74 \
         40 14 00 00 00 00 00 00 40 1c 00 00 00 00 00 00 \
         0a 01 40 2a 00 00 00 00 00 00 40 14 00 00 00 00 00 00"
    );
    let opts = Options::new().with_external("ExternalizableTest", two_doubles);
    let v: Value = opts.from_slice(&bytes).unwrap();
    let ext = |a, b| {
        external(
            "ExternalizableTest",
            vec![DataItem::Double(a), DataItem::Double(b)],
        )
    };
    assert_eq!(v, arr(vec![ext(5.0, 7.0), ext(13.0, 5.0)]));
    let e = v[1].as_external().unwrap();
    assert_eq!(e.class, "ExternalizableTest");
    assert_eq!(e.body, [DataItem::Double(13.0), DataItem::Double(5.0)]);
    assert_eq!(e.value(), None);
    assert_eq!(v[1].class(), Some("ExternalizableTest"));
    assert_eq!(v[1][0], Value::Null, "a multi-item body is not indexable");
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes));
    assert_eq!(
        v.to_string(),
        "[ExternalizableTest <Double(5.0), Double(7.0)>, ExternalizableTest <Double(13.0), \
         Double(5.0)>]"
    );
    // from_reader with the same options.
    let r: Value = opts.from_reader(&bytes[..]).unwrap();
    assert_eq!(r, v);
    // Typed decoding sees each body as a sequence.
    let typed: Vec<Vec<f64>> = opts.from_slice(&bytes).unwrap();
    assert_eq!(typed, [[5.0, 7.0], [13.0, 5.0]]);
    assert_eq!(json_of(&v), "[[5.0,7.0],[13.0,5.0]]");
}

#[test]
fn unknown_externalizable_is_an_error_naming_the_class() {
    let bytes = fixture("objects", "amf3-externalizable.bin");
    let want = "externalizable class \"ExternalizableTest\" has no registered reader; its body \
                has no length, so it cannot be skipped";
    let err = from_slice::<Value>(&bytes).unwrap_err();
    assert!(err.to_string().starts_with(want), "{err}");
    assert_eq!(err.classify(), amf_serde::Category::Data);
    let err = amf_serde::from_reader::<_, Value>(&bytes[..]).unwrap_err();
    assert!(err.to_string().starts_with(want), "{err}");
    let err = from_slice::<serde_json::Value>(&bytes).unwrap_err();
    assert!(err.to_string().starts_with(want), "{err}");
    // Another class registered does not help.
    let err = Options::new()
        .with_external("Other", two_doubles)
        .from_slice::<Value>(&bytes)
        .unwrap_err();
    assert!(err.to_string().starts_with(want), "{err}");
}

#[test]
fn unknown_externalizable_error_text_is_exact_for_typed_decoding() {
    let bytes = fixture("objects", "amf3-externalizable.bin");
    let err = from_slice::<serde_json::Value>(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "externalizable class \"ExternalizableTest\" has no registered reader; its body has no \
         length, so it cannot be skipped at byte offset 3"
    );
}

#[test]
fn unknown_externalizable_error_text_is_exact() {
    let bytes = fixture("objects", "amf3-externalizable.bin");
    let err = from_slice::<Value>(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "externalizable class \"ExternalizableTest\" has no registered reader; its body has no \
         length, so it cannot be skipped at byte offset 3"
    );
}

#[test]
fn every_data_input_item_and_a_cycle_through_an_external() {
    // class "AllItems", then every IDataInput item, then readObject:
    // ["hi", <this external>].
    let bytes = hex("0a 07 11 41 6c 6c 49 74 65 6d 73 \
         01 ff ff ff fe ff fe ff ff ff fd ff ff ff fd 3f c0 00 00 \
         40 09 21 fb 54 44 2d 18 00 02 68 69 00 03 61 62 63 00 02 de ad \
         09 05 01 06 05 68 69 0a 00");
    let opts = Options::new().with_external("AllItems", all_items);
    let v: Value = opts.from_slice(&bytes).unwrap();
    let e = v.as_external().unwrap();
    assert_eq!(e.class, "AllItems");
    assert_eq!(
        e.body[..14],
        [
            DataItem::Bool(true),
            DataItem::Byte(-1),
            DataItem::UnsignedByte(255),
            DataItem::Short(-2),
            DataItem::UnsignedShort(65534),
            DataItem::Int(-3),
            DataItem::UnsignedInt(4_294_967_293),
            DataItem::Float(1.5),
            DataItem::Double(std::f64::consts::PI),
            DataItem::Utf("hi".into()),
            DataItem::UnsignedShort(3),
            DataItem::UtfBytes("abc".into()),
            DataItem::UnsignedShort(2),
            DataItem::Bytes(vec![0xde, 0xad]),
        ]
    );
    let DataItem::Value(last) = &e.body[14] else {
        panic!("expected a value, got {:?}", e.body[14]);
    };
    assert_eq!(last[0], s("hi"));
    assert!(matches!(last[1], Value::Cycle(_)));
    assert!(last[1].ptr_eq(&v));
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes));
    assert_eq!(v, opts.from_slice::<Value>(&bytes).unwrap());
    let cycle = Cycle::to(&v).unwrap();
    drop(v);
    assert!(cycle.upgrade().is_none());
}

#[test]
fn array_collection_fixtures() {
    const AC: &str = "flex.messaging.io.ArrayCollection";
    let bytes = fixture("objects", "amf3-array-collection.bin");
    let v = decode(&bytes);
    let expected = external(AC, vec![DataItem::Value(arr(vec![s("foo"), s("bar")]))]);
    assert_eq!(v, expected);
    let e = v.as_external().unwrap();
    assert_eq!(e.body.len(), 1);
    assert_eq!(e.value(), Some(&arr(vec![s("foo"), s("bar")])));
    assert_eq!(v[1], s("bar"));
    assert_eq!(v.class(), Some(AC));
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes));
    assert_eq!(to_hex(&encode(&expected)), to_hex(&bytes));
    assert_eq!(from_slice::<Vec<String>>(&bytes).unwrap(), ["foo", "bar"]);
    assert_eq!(
        v.to_string(),
        r#"flex.messaging.io.ArrayCollection <["foo", "bar"]>"#
    );

    let bytes = fixture("objects", "amf3-complex-array-collection.bin");
    let v = decode(&bytes);
    let as_class = |foo: &str| {
        sealed(
            "org.amf.ASClass",
            vec![("baz", Value::Null), ("foo", s(foo))],
        )
    };
    let ac1 = external(AC, vec![DataItem::Value(arr(vec![s("foo"), s("bar")]))]);
    let ac2 = external(
        AC,
        vec![DataItem::Value(arr(vec![
            as_class("bar"),
            as_class("asdf"),
        ]))],
    );
    let expected = arr(vec![ac1, ac2.clone(), ac2]);
    assert_eq!(v, expected);
    assert!(v[1].ptr_eq(&v[2]));
    assert!(!v[0].ptr_eq(&v[1]));
    assert_eq!(v[2][1]["foo"], s("asdf"));
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes));
    assert_eq!(to_hex(&encode(&expected)), to_hex(&bytes));
}

// ---------------------------------------- (i) a Value inside a typed struct

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Env {
    id: i32,
    body: Value,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Env2 {
    v: Value,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Env3 {
    v: Value,
    w: Value,
}

#[test]
fn value_field_round_trips_with_shared_tables() {
    let env = Env {
        id: 7,
        body: amf_value!({"id": "x"}),
    };
    let bytes = to_vec(&env).unwrap();
    // The Value's member "id" is a reference to the struct's member name.
    assert_eq!(
        to_hex(&bytes),
        "0a 23 01 05 69 64 09 62 6f 64 79 04 07 0a 0b 01 00 06 03 78 01"
    );
    assert_eq!(from_slice::<Env>(&bytes).unwrap(), env);
    assert_eq!(amf_serde::from_reader::<_, Env>(&bytes[..]).unwrap(), env);
}

#[test]
fn value_field_with_shared_nodes_and_cycles() {
    // Shared node inside the Value: object indices count the struct (#0).
    let o = amf_value!({"a": 1});
    let env = Env {
        id: 1,
        body: arr(vec![o.clone(), o]),
    };
    let bytes = to_vec(&env).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "0a 23 01 05 69 64 09 62 6f 64 79 04 01 09 05 01 0a 0b 01 03 61 04 01 01 0a 04"
    );
    let back: Env = from_slice(&bytes).unwrap();
    assert_eq!(back, env);
    assert!(back.body[0].ptr_eq(&back.body[1]));

    // A cyclic Value inside a struct.
    let env = Env {
        id: 2,
        body: decode(&hex(SELF_CYCLE)),
    };
    let bytes = to_vec(&env).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "0a 23 01 05 69 64 09 62 6f 64 79 04 02 0a 0b 01 09 73 65 6c 66 0a 02 01"
    );
    let back: Env = from_slice(&bytes).unwrap();
    assert_eq!(back, env);
    assert!(back.body["self"].ptr_eq(&back.body));
}

#[test]
fn two_value_fields_holding_the_same_node() {
    let o = amf_value!({"a": 1});
    let pair = Env3 { v: o.clone(), w: o };
    let bytes = to_vec(&pair).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "0a 23 01 03 76 03 77 0a 0b 01 03 61 04 01 01 0a 02"
    );
    let back: Env3 = from_slice(&bytes).unwrap();
    assert_eq!(back, pair);
    assert!(back.v.ptr_eq(&back.w));
}

#[test]
fn value_field_referring_to_an_object_decoded_as_a_typed_value() {
    // [o, {v: ref o}] with o = {a: 1}.
    let bytes = hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 01 03 76 0a 02 01");
    let (o, env): (HashMap<String, i32>, Env2) = from_slice(&bytes).unwrap();
    assert_eq!(o, HashMap::from([("a".to_string(), 1)]));
    assert_eq!(env.v, anon(vec![("a", int(1))]));
    let (_, env): (serde_json::Value, Env2) = amf_serde::from_reader(&bytes[..]).unwrap();
    assert_eq!(env.v, anon(vec![("a", int(1))]));

    // [o, {v: ref o, w: ref o}]: both Values are the same node.
    let bytes = hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 01 03 76 0a 02 03 77 0a 02 01");
    let (o, env): (HashMap<String, i32>, Env3) = from_slice(&bytes).unwrap();
    assert_eq!(o["a"], 1);
    assert_eq!(env.v, anon(vec![("a", int(1))]));
    assert!(env.v.ptr_eq(&env.w));
}

#[test]
fn typed_field_referring_to_an_object_decoded_as_a_value() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct R {
        v: Value,
        o: HashMap<String, i32>,
    }
    // {v: o, o: ref o} with o = {a: 1}.
    let bytes = hex("0a 0b 01 03 76 0a 01 03 61 04 01 01 03 6f 0a 02 01");
    let r: R = from_slice(&bytes).unwrap();
    assert_eq!(r.v, anon(vec![("a", int(1))]));
    assert_eq!(r.o, HashMap::from([("a".to_string(), 1)]));
}

/// The decoders' object tables hold only weak handles on the nodes they
/// built: a node that the caller dropped before a later reference to it is
/// read again from its bytes, and the reference still decodes to it.
#[test]
fn reference_to_a_node_the_caller_dropped_is_read_again() {
    fn drop_value<'de, D: serde::Deserializer<'de>>(d: D) -> Result<(), D::Error> {
        Value::deserialize(d).map(drop)
    }
    #[derive(Deserialize)]
    struct Pair {
        #[serde(deserialize_with = "drop_value")]
        first: (),
        second: Value,
        third: Value,
    }
    // {first: o, second: <ref 1>, third: <ref 2>} with o = {a: 1} and the
    // date d = 1.0 inside it: 0a 23 ... sealed members first/second/third.
    let bytes = hex(
        "0a 33 01 0b 66 69 72 73 74 0d 73 65 63 6f 6e 64 0b 74 68 69 72 64 \
         0a 0b 01 03 61 04 01 03 64 08 01 3f f0 00 00 00 00 00 00 01 \
         0a 02 08 04",
    );
    let p: Pair = from_slice(&bytes).unwrap();
    let _: () = p.first;
    let date = Value::Date(Arc::new(amf_serde::types::Date::from_millis(1.0)));
    assert_eq!(p.second, anon(vec![("a", int(1)), ("d", date.clone())]));
    assert_eq!(p.third, date);
}
