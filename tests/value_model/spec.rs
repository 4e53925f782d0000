//! amf3.md §8 examples decoded into `Value` and re-encoded byte for byte; XML and
//! double equality.

use super::*;

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

#[test]
fn traits_references_when_sibling_shapes_alternate() {
    // The writer first compares an object with the traits the last object
    // at the same depth used: a different shape there must still find its
    // own earlier traits (references 0 and 1 below), at any depth.
    let p = |x| sealed("P", vec![("x", int(x))]);
    let q = |y| sealed("Q", vec![("y", int(y))]);
    check(
        "09 0b 01 \
         0a 13 03 50 03 78 04 01 \
         0a 13 03 51 03 79 04 02 \
         0a 01 04 03 \
         09 03 01 0a 01 04 04 \
         0a 05 04 05",
        &arr(vec![p(1), q(2), p(3), arr(vec![p(4)]), q(5)]),
    );
    // Deeper than the writer remembers depths (16): depth 1 and depth 17
    // share a slot; shapes alternate along the chain.
    let mut v = p(0);
    for d in 1..40 {
        v = arr(vec![if d % 2 == 0 { p(d) } else { q(d) }, v]);
    }
    let bytes = encode(&v);
    assert_eq!(decode(&bytes), v);
    // Two traits written inline ("P" and "Q" with their member), every
    // other object by reference: 0a 01 or 0a 05.
    let inline = bytes.windows(2).filter(|w| *w == [0x0a, 0x13]).count();
    let refs = bytes
        .windows(2)
        .filter(|w| *w == [0x0a, 0x01] || *w == [0x0a, 0x05])
        .count();
    assert_eq!((inline, refs), (2, 38));
}
