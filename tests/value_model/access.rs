//! Indexing, `get`, the typed accessors and `From` conversions of `Value`.

use super::*;

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
