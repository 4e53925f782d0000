//! AMF0 differential cases against PyAMF.

use super::*;

// ------------------------------------------------------------------- AMF0

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf0_numbers_strings_and_markers() {
    let mut p = peer("amf0_numbers_strings_and_markers");
    // AMF0 has only doubles; the peer prints every AMF0 number as a float.
    for d in [
        0.0,
        1.0,
        -1.5,
        268_435_456.0,
        1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        9_007_199_254_740_992.0,
    ] {
        ours_to_pyamf0(&mut p, &d, &float(d));
        let bytes = pyamf0_to_ours(&mut p, &float(d), &d);
        assert_eq!(bytes, amf0::to_vec(&d).unwrap());
    }
    ours_to_pyamf0(&mut p, &f64::NAN, &float(f64::NAN));
    // Integers: numbers both ways.
    for n in [0i64, 7, -1, 1 << 40] {
        ours_to_pyamf0(&mut p, &n, &float(n as f64));
        let bytes = pyamf0_to_ours(&mut p, &int(n), &n);
        assert_eq!(bytes, amf0::to_vec(&n).unwrap(), "{n}");
    }
    let bytes = amf0::to_vec(&-0.0f64).unwrap();
    let got = p.decode("amf0", &bytes).ok("-0.0");
    assert!(got["float"].as_f64().unwrap().is_sign_negative());
    ours_to_pyamf0(&mut p, &true, &json!({"bool": true}));
    pyamf0_to_ours(&mut p, &json!({"bool": false}), &false);
    ours_to_pyamf0(&mut p, &None::<f64>, &NULL());
    pyamf0_to_ours(&mut p, &NULL(), &None::<f64>);
    ours_to_pyamf0(&mut p, &Undefined, &UNDEFINED());
    let bytes = pyamf0_to_ours(&mut p, &UNDEFINED(), &Undefined);
    assert_eq!(bytes, [0x06]);

    // Strings: 02 up to 65535 bytes, 0C (long string) beyond.
    let at_limit = "a".repeat(65_535);
    let long = "b".repeat(65_536);
    let unicode_long = "😀".repeat(20_000); // 80,000 bytes
    for (text, marker) in [
        ("", 0x02),
        ("héllo 😀", 0x02),
        ("a\u{0}b", 0x02),
        (at_limit.as_str(), 0x02),
        (long.as_str(), 0x0c),
        (unicode_long.as_str(), 0x0c),
    ] {
        let ours = ours_to_pyamf0(&mut p, text, &s(text));
        assert_eq!(ours[0], marker, "marker for {} bytes", text.len());
        let theirs = pyamf0_to_ours(&mut p, &s(text), &text.to_owned());
        assert_eq!(theirs, ours, "same bytes for {} bytes", text.len());
    }
    // Borrowed from the input, long strings too.
    let bytes = amf0::to_vec(long.as_str()).unwrap();
    let borrowed: &str = amf0::from_slice(&bytes).unwrap();
    assert_eq!(borrowed.len(), 65_536);
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf0_objects_arrays_references_dates_and_xml() {
    let mut p = peer("amf0_objects_arrays_references_dates_and_xml");
    // Structs and maps: anonymous objects (03).
    let ada = Person {
        name: "Ada".into(),
        age: 36,
        tags: vec!["math".into(), "logic".into()],
    };
    let ada_json = obj(
        "",
        vec![
            ("name", s("Ada")),
            ("age", float(36.0)),
            ("tags", list(vec![s("math"), s("logic")])),
        ],
    );
    let bytes = ours_to_pyamf0(&mut p, &ada, &ada_json);
    assert_eq!(bytes[0], 0x03);
    // PyAMF's AMF0 encoder writes the members of a dict sorted by name
    // (age, name, tags); amf-serde writes fields in declaration order.
    let theirs = pyamf0_to_ours(&mut p, &ada_json, &ada);
    assert_eq!(&theirs[..6], &[0x03, 0x00, 0x03, b'a', b'g', b'e']);
    ours_to_pyamf0(
        &mut p,
        &BTreeMap::from([("k", "v")]),
        &obj("", vec![("k", s("v"))]),
    );
    // Typed objects (10).
    let pt = Point { x: 1.0, y: 2.0 };
    let pt_json = obj(
        "com.example.Point",
        vec![("x", float(1.0)), ("y", float(2.0))],
    );
    let bytes = ours_to_pyamf0(&mut p, &pt, &pt_json);
    assert_eq!(bytes[0], 0x10);
    let theirs = pyamf0_to_ours(&mut p, &pt_json, &pt);
    assert_eq!(theirs, bytes, "same bytes for a typed object");
    // Strict arrays (0A).
    let v = vec![1.0, 2.0];
    let bytes = ours_to_pyamf0(&mut p, &v, &list(vec![float(1.0), float(2.0)]));
    assert_eq!(bytes[0], 0x0a);
    let theirs = pyamf0_to_ours(&mut p, &list(vec![float(1.0), float(2.0)]), &v);
    assert_eq!(theirs, bytes);

    // ECMA arrays (08). amf-serde writes a map with integer keys as an
    // ECMA array with count = entries; PyAMF turns int-like keys into ints.
    let m = BTreeMap::from([(0, "a"), (1, "b")]);
    let bytes = ours_to_pyamf0(
        &mut p,
        &m,
        &json!({"mixed": {"dense": [s("a"), s("b")], "assoc": {}}}),
    );
    assert_eq!(&bytes[..5], &[0x08, 0, 0, 0, 2]);
    // PyAMF quirk (README (f3)): it writes count = highest int key (1 for
    // [a, b]; 0 with no int keys). amf-serde ignores the count, reads the
    // array as a sequence when its keys are "0".."n-1", and keeps the count
    // as written in a Value.
    let input = json!({"mixed": {"dense": [s("a"), s("b")], "assoc": {}}});
    let theirs = p.encoded("amf0", &input);
    assert_eq!(&theirs[..5], &[0x08, 0, 0, 0, 1], "PyAMF's count");
    assert_eq!(
        amf0::from_slice::<Vec<String>>(&theirs).unwrap(),
        ["a", "b"]
    );
    let v: Value = amf0::from_slice(&theirs).unwrap();
    let Value::EcmaArray(e) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(e.length, 1);
    assert_eq!(tagged(&v), input);
    assert_eq!(amf0::to_vec(&v).unwrap(), theirs, "written back as read");
    let input = json!({"mixed": {"dense": [s("a")], "assoc": {"x": float(1.0)}}});
    let theirs = p.encoded("amf0", &input);
    let got: BTreeMap<String, Value> = amf0::from_slice(&theirs).unwrap();
    assert_eq!(got["0"].as_str(), Some("a"));
    assert_eq!(got["x"].as_f64(), Some(1.0));
    let v: Value = amf0::from_slice(&theirs).unwrap();
    assert_eq!(tagged(&v), input);
    // An ECMA array Value with string keys, both ways.
    value_both_ways(
        &mut p,
        "amf0",
        &Value::from(EcmaArray {
            length: 0,
            entries: vec![("k".into(), Value::Double(1.0))].into(),
        }),
    );

    // References (07): a shared object is written once.
    let o = Value::from(Object::anonymous([("a", Value::Double(1.0))]));
    let shared = Value::from(vec![o.clone(), o]);
    let bytes = ours_to_pyamf0(
        &mut p,
        &shared,
        &list(vec![obj("", vec![("a", float(1.0))]); 2]),
    );
    assert_eq!(plain_hex(&bytes[bytes.len() - 3..]), "070001");
    let back: Value = amf0::from_slice(&bytes).unwrap();
    assert!(back[0].ptr_eq(&back[1]));
    // A cycle through an AMF0 reference.
    let cyclic: Value = amf0::from_slice(&hex("0a 00 00 00 01 07 00 00")).unwrap();
    ours_to_pyamf0(&mut p, &cyclic, &list(vec![json!({"cycle": true})]));
    // PyAMF bug (README (f5)): its decoder enters dates in the reference
    // table, so a reference after a date points one entry off. amf-serde
    // follows the spec: `07 00 01` is the object.
    let bytes =
        hex("0a 00 00 00 03 0b 42 76 f5 e6 6e 80 00 00 00 00 03 00 01 61 05 00 00 09 07 00 01");
    let ours: Value = amf0::from_slice(&bytes).unwrap();
    assert!(ours[2].ptr_eq(&ours[1]));
    let got = p.decode("amf0", &bytes).ok("date then reference");
    assert_eq!(
        got["list"][2],
        date_ms(1_577_836_800_000.0),
        "PyAMF's off-by-one"
    );

    // Dates (0B): PyAMF writes time zone 0000, and ignores the field.
    for ms in [0.0, 1_577_836_800_000.0, -86_400_000.0, 1.5] {
        let d = Date::from_millis(ms);
        let bytes = ours_to_pyamf0(&mut p, &d, &date_ms(ms));
        let theirs = pyamf0_to_ours(&mut p, &date_ms(ms), &d);
        assert_eq!(theirs, bytes, "same bytes for {ms}");
    }
    // Flash's time-zone field (01 2c) is ignored by both.
    let flash = hex("0b 42 6e 6a b1 b5 10 00 00 01 2c");
    assert_eq!(
        p.decode("amf0", &flash).ok("flash date"),
        date_ms(1_045_112_400_000.0)
    );
    let d: Date = amf0::from_slice(&flash).unwrap();
    assert_eq!((d.millis(), d.timezone()), (1_045_112_400_000.0, 300));
    // The pre-1970 fractional-second encode bug exists in AMF0 too.
    let theirs = p.encoded("amf0", &date_ms(-500.0));
    assert_eq!(
        amf0::from_slice::<Date>(&theirs).unwrap().millis(),
        -1_500.0
    );
    let ours = amf0::to_vec(&Date::from_millis(-500.0)).unwrap();
    assert_eq!(p.decode("amf0", &ours).ok("-500"), date_ms(-500.0));

    // XML documents (0F).
    let bytes = ours_to_pyamf0(
        &mut p,
        &XmlDocument("<a>b</a>".into()),
        &json!({"xml": "<a>b</a>"}),
    );
    assert_eq!(bytes[0], 0x0f);
    let theirs = p.encoded("amf0", &json!({"xml": "<a/>"}));
    assert_eq!(theirs[0], 0x0f);
    assert_eq!(amf0::from_slice::<XmlDocument>(&theirs).unwrap().0, "<a />");
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf0_switch_to_amf3() {
    let mut p = peer("amf0_switch_to_amf3");
    // Bytes go behind the switch as an AMF3 ByteArray (11 0c), both ways.
    let bytes = ours_to_pyamf0(
        &mut p,
        &serde_bytes::Bytes::new(&[1, 2, 3]),
        &json!({"bytes": "010203"}),
    );
    assert_eq!(plain_hex(&bytes), "110c07010203");
    let theirs = pyamf0_to_ours(
        &mut p,
        &json!({"bytes": "010203"}),
        &serde_bytes::ByteBuf::from(vec![1, 2, 3]),
    );
    assert_eq!(theirs, bytes);
    // AMF3 values inside AMF0, kept as Value::Amf3.
    for inner in [
        Value::Integer(5),
        Value::from("x"),
        Value::from(vec![Value::Integer(1), Value::from("a")]),
        Value::from(Object::anonymous([("k", Value::Integer(-1))])),
        Value::Xml(Arc::new(Xml("<a>b</a>".into()))),
    ] {
        let v = Value::Amf3(Box::new(inner.clone()));
        let bytes = ours_to_pyamf0(&mut p, &v, &tagged(&inner));
        assert_eq!(bytes[0], 0x11);
        // Kinds only AMF3 has decode without the wrapper (the AMF0
        // writer puts them behind the switch anyway).
        let expected = if matches!(inner, Value::Xml(_)) {
            inner
        } else {
            v
        };
        assert_eq!(amf0::from_slice::<Value>(&bytes).unwrap(), expected);
    }
    // The tables of one top-level AMF0 value are shared by its switches:
    // the second "abc" is a string reference (06 00).
    let v = Value::from(vec![
        Value::Amf3(Box::new("abc".into())),
        Value::Amf3(Box::new("abc".into())),
    ]);
    let bytes = ours_to_pyamf0(&mut p, &v, &list(vec![s("abc"), s("abc")]));
    assert_eq!(plain_hex(&bytes[bytes.len() - 3..]), "110600");
    // An ArrayCollection in AMF0 (what BlazeDS sends to Flash).
    let ac = hex(&format!(
        "11 0a 07 43 {} 09 03 01 06 09 65 67 67 73",
        plain_hex(b"flex.messaging.io.ArrayCollection")
    ));
    let got = p.decode("amf0", &ac).ok("ArrayCollection");
    let ours: Value = amf0::from_slice(&ac).unwrap();
    assert_eq!(got, norm(&tagged(&ours)));
    assert_eq!(amf0::from_slice::<Vec<String>>(&ac).unwrap(), ["eggs"]);
}
