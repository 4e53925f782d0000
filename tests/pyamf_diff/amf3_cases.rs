//! AMF3 differential cases against PyAMF.

use super::*;

// ------------------------------------------------------------- AMF3

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf3_integers_at_the_29_bit_edges() {
    let mut p = peer("amf3_integers_at_the_29_bit_edges");
    let ints: [i64; 14] = [
        0,
        1,
        -1,
        127,
        128,
        16_383,
        16_384,
        2_097_151,
        2_097_152,
        268_435_455,
        -268_435_456,
        -128,
        -16_384,
        -2_097_152,
    ];
    for n in ints {
        // A Rust integer in −2^28 … 2^28−1 is an AMF3 integer both ways.
        ours_to_pyamf3(&mut p, &n, &int(n));
        ours_to_pyamf3(&mut p, &(n as i32), &int(n));
        let bytes = pyamf3_to_ours(&mut p, &int(n), &n);
        assert_eq!(bytes, amf_serde::to_vec(&n).unwrap(), "same bytes for {n}");
        assert_eq!(bytes[0], 0x04);
    }
    // Outside the range both write a double.
    for n in [
        268_435_456_i64,
        -268_435_457,
        i64::from(i32::MAX),
        i64::from(i32::MIN),
        1 << 53,
        -(1 << 53),
    ] {
        let bytes = ours_to_pyamf3(&mut p, &n, &float(n as f64));
        assert_eq!(bytes[0], 0x05, "{n} is a double");
        let theirs = p.encoded("amf3", &int(n));
        assert_eq!(theirs, bytes, "PyAMF writes {n} as the same double");
        assert_eq!(amf_serde::from_slice::<i64>(&theirs).unwrap(), n);
    }
    ours_to_pyamf3(&mut p, &u32::MAX, &float(4_294_967_295.0));
    ours_to_pyamf3(&mut p, &u8::MAX, &int(255));
    ours_to_pyamf3(&mut p, &i16::MIN, &int(-32_768));
    // A u64 that a double holds exactly.
    ours_to_pyamf3(&mut p, &(1u64 << 63), &float(9_223_372_036_854_775_808.0));
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf3_doubles_including_nan_infinities_and_negative_zero() {
    let mut p = peer("amf3_doubles_including_nan_infinities_and_negative_zero");
    for d in [
        0.5,
        -1.5,
        1e300,
        -1e-300,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        0.1,
        std::f64::consts::PI,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1.0,
        0.0,
    ] {
        ours_to_pyamf3(&mut p, &d, &float(d));
        let bytes = pyamf3_to_ours(&mut p, &float(d), &d);
        assert_eq!(bytes, amf_serde::to_vec(&d).unwrap(), "same bytes for {d}");
    }
    // An integral double stays a double (marker 05) both ways.
    assert_eq!(amf_serde::to_vec(&1.0f64).unwrap()[0], 0x05);
    // NaN: amf-serde writes the bits it has (Rust's f64::NAN is
    // 7ff8000000000000); PyAMF writes its NaN with the sign bit set
    // (fff8000000000000). Both are NaN to both; a Value keeps the bits.
    let bytes = ours_to_pyamf3(&mut p, &f64::NAN, &float(f64::NAN));
    assert_eq!(plain_hex(&bytes), "057ff8000000000000");
    let theirs = p.encoded("amf3", &float(f64::NAN));
    assert_eq!(plain_hex(&theirs), "05fff8000000000000");
    assert!(amf_serde::from_slice::<f64>(&theirs).unwrap().is_nan());
    let v: Value = amf_serde::from_slice(&theirs).unwrap();
    assert_eq!(v, Value::Double(f64::from_bits(0xfff8_0000_0000_0000)));
    assert_eq!(amf_serde::to_vec(&v).unwrap(), theirs, "bits kept");
    // -0.0: JSON equality ignores the sign, so check it explicitly.
    let bytes = amf_serde::to_vec(&-0.0f64).unwrap();
    assert_eq!(plain_hex(&bytes), "058000000000000000");
    let got = p.decode("amf3", &bytes).ok("decode -0.0");
    let f = got["float"].as_f64().expect("a float");
    assert!(f == 0.0 && f.is_sign_negative(), "PyAMF keeps -0.0: {got}");
    let theirs = p.encoded("amf3", &float(-0.0));
    assert_eq!(theirs, bytes, "PyAMF writes -0.0 as a double");
    let back: f64 = amf_serde::from_slice(&theirs).unwrap();
    assert!(back == 0.0 && back.is_sign_negative());
    // f32 widens exactly.
    ours_to_pyamf3(&mut p, &1.1f32, &float(f64::from(1.1f32)));
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf3_scalars_strings_and_string_references() {
    let mut p = peer("amf3_scalars_strings_and_string_references");
    ours_to_pyamf3(&mut p, &true, &json!({"bool": true}));
    ours_to_pyamf3(&mut p, &false, &json!({"bool": false}));
    pyamf3_to_ours(&mut p, &json!({"bool": true}), &true);
    ours_to_pyamf3(&mut p, &None::<i32>, &NULL());
    ours_to_pyamf3(&mut p, &(), &NULL());
    ours_to_pyamf3(&mut p, &Undefined, &UNDEFINED());
    pyamf3_to_ours(&mut p, &NULL(), &None::<i32>);
    // undefined decodes like null into Option, and stays undefined in Value.
    pyamf3_to_ours(&mut p, &UNDEFINED(), &None::<i32>);
    pyamf3_to_ours(&mut p, &UNDEFINED(), &Undefined);

    let long = "long ".repeat(20_000);
    for text in [
        "",
        "a",
        "héllo wörld",
        "Shift テスト",
        "😀🎉 emoji",
        "a\u{0}b",
        "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
        "tab\tnew\nline",
        long.as_str(),
    ] {
        ours_to_pyamf3(&mut p, text, &s(text));
        let bytes = pyamf3_to_ours(&mut p, &s(text), &text.to_owned());
        assert_eq!(bytes, amf_serde::to_vec(text).unwrap());
    }
    ours_to_pyamf3(&mut p, &'é', &s("é"));
    // Repeats go by string reference; "" is never a reference.
    let words = ["foo", "foo", "", "", "bar", "foo", "bar"];
    let expected = list(words.iter().map(|w| s(w)).collect());
    let bytes = ours_to_pyamf3(&mut p, &words, &expected);
    assert_eq!(
        bytes,
        hex("09 0f 01 06 07 66 6f 6f 06 00 06 01 06 01 06 07 62 61 72 06 00 06 02"),
        "string references"
    );
    let theirs = pyamf3_to_ours(&mut p, &expected, &words.map(String::from).to_vec());
    assert_eq!(theirs, bytes, "PyAMF writes the same references");
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf3_dates() {
    let mut p = peer("amf3_dates");
    for ms in [
        0.0,
        1_577_836_800_000.0,
        1_045_112_400_000.0,
        1.5,
        253_402_300_799_000.0,
        -86_400_000.0,
        -1_000.0,
        -62_135_596_800_000.0,
    ] {
        let d = Date::from_millis(ms);
        ours_to_pyamf3(&mut p, &d, &date_ms(ms));
        let bytes = pyamf3_to_ours(&mut p, &date_ms(ms), &d);
        assert_eq!(bytes, amf_serde::to_vec(&d).unwrap(), "same bytes for {ms}");
    }
    // Pre-1970 with a fractional second: amf-serde writes the instant;
    // PyAMF decodes it right.
    for ms in [-500.0, -1_500.0, -86_400_001.0] {
        let d = Date::from_millis(ms);
        let bytes = ours_to_pyamf3(&mut p, &d, &date_ms(ms));
        assert_eq!(bytes[2..], ms.to_be_bytes());
    }
    // PyAMF bug (README (f1)): its encoder builds float("%d.%06d" % (floor
    // secs, usec)), so -500 ms is written as -1500 ms, -1500 as -2500 and
    // -86400001 as -86401999. amf-serde reads what is on the wire; we do not
    // copy the error.
    for (ms, written) in [
        (-500.0, -1_500.0),
        (-1_500.0, -2_500.0),
        (-86_400_001.0, -86_401_999.0),
    ] {
        let theirs = p.encoded("amf3", &date_ms(ms));
        assert_eq!(theirs[2..], f64::to_be_bytes(written), "PyAMF's -{ms} bug");
        let d: Date = amf_serde::from_slice(&theirs).unwrap();
        assert_eq!(d.millis(), written);
        assert_eq!(
            amf_serde::to_vec(&Date::from_millis(ms)).unwrap()[2..],
            ms.to_be_bytes()
        );
    }
    // PyAMF quirk: its encoder computes float(secs.usec) * 1000, which is
    // not exact: 1077109037024 ms is written as 1077109037023.9999 ms.
    // amf-serde writes the double it has.
    let theirs = p.encoded("amf3", &date_ms(1_077_109_037_024.0));
    let d: Date = amf_serde::from_slice(&theirs).unwrap();
    assert_ne!(d.millis(), 1_077_109_037_024.0, "PyAMF's rounding");
    assert!((d.millis() - 1_077_109_037_024.0).abs() < 0.001);
    let ours = amf_serde::to_vec(&Date::from_millis(1_077_109_037_024.0)).unwrap();
    assert_eq!(ours[2..], 1_077_109_037_024.0f64.to_be_bytes());
    assert_eq!(
        p.decode("amf3", &ours).ok("date"),
        date_ms(1_077_109_037_024.0)
    );
    // A date referenced twice: one inline, one object reference.
    let d = Value::Date(Arc::new(Date::from_millis(1e12)));
    let v = Value::from(vec![d.clone(), d]);
    let bytes = ours_to_pyamf3(&mut p, &v, &list(vec![date_ms(1e12), date_ms(1e12)]));
    assert_eq!(
        plain_hex(&bytes[bytes.len() - 2..]),
        "0802",
        "a date reference"
    );
    // NaN and infinite dates: PyAMF cannot make a datetime (exit 1).
    let bad = amf_serde::to_vec(&Date::from_millis(f64::NAN)).unwrap();
    assert_eq!(p.decode("amf3", &bad).code, 1);
}

/// A zlib stream holding `data` in one stored block (no compression).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x9c, 0x01];
    let len = data.len() as u16;
    out.extend(len.to_le_bytes());
    out.extend((!len).to_le_bytes());
    out.extend(data);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend(((b << 16) | a).to_be_bytes());
    out
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf3_byte_arrays_and_xml() {
    let mut p = peer("amf3_byte_arrays_and_xml");
    let all: Vec<u8> = (0..=255).collect();
    for bytes in [vec![], vec![0], vec![1, 2, 3], all] {
        let expected = json!({"bytes": plain_hex(&bytes)});
        ours_to_pyamf3(&mut p, &serde_bytes::Bytes::new(&bytes), &expected);
        ours_to_pyamf3(&mut p, &ByteArray(bytes.clone()), &expected);
        pyamf3_to_ours(&mut p, &expected, &serde_bytes::ByteBuf::from(bytes));
    }
    // PyAMF quirk (README (f7)): a ByteArray whose payload is a zlib stream
    // is inflated on decode. amf-serde keeps the bytes as sent.
    let z = zlib_stored(b"hello");
    let ours = amf_serde::to_vec(&serde_bytes::Bytes::new(&z)).unwrap();
    let got = p.decode("amf3", &ours).ok("zlib ByteArray");
    assert_eq!(got, json!({"bytes": plain_hex(b"hello")}), "PyAMF inflates");
    let back: serde_bytes::ByteBuf = amf_serde::from_slice(&ours).unwrap();
    assert_eq!(
        back.as_slice(),
        z.as_slice(),
        "amf-serde keeps the zlib bytes"
    );

    // XML: 0B (E4X) and 07 (XMLDocument) both decode to an element in
    // PyAMF, which re-serialises it; PyAMF always writes 0B.
    for (text, canonical) in [
        ("<a>b</a>", "<a>b</a>"),
        ("<a/>", "<a />"),
        // PyAMF's ElementTree writes non-ASCII as character references.
        ("<r x=\"1\"><i>é</i></r>", "<r x=\"1\"><i>&#233;</i></r>"),
    ] {
        ours_to_pyamf3(&mut p, &Xml(text.into()), &json!({ "xml": canonical }));
        ours_to_pyamf3(
            &mut p,
            &XmlDocument(text.into()),
            &json!({ "xml": canonical }),
        );
        let theirs = p.encoded("amf3", &json!({ "xml": text }));
        assert_eq!(theirs[0], 0x0b);
        let x: Xml = amf_serde::from_slice(&theirs).unwrap();
        assert_eq!(x.0, canonical);
        let v: Value = amf_serde::from_slice(&theirs).unwrap();
        assert!(matches!(v, Value::Xml(_)), "{v:?}");
    }
    // An XML value referenced twice.
    let x = Value::Xml(Arc::new(Xml("<a>b</a>".into())));
    let bytes = ours_to_pyamf3(
        &mut p,
        &Value::from(vec![x.clone(), x]),
        &list(vec![json!({"xml": "<a>b</a>"}), json!({"xml": "<a>b</a>"})]),
    );
    assert_eq!(plain_hex(&bytes[bytes.len() - 2..]), "0b02");
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf3_arrays_dense_mixed_and_sparse() {
    let mut p = peer("amf3_arrays_dense_mixed_and_sparse");
    ours_to_pyamf3(&mut p, &Vec::<i32>::new(), &list(vec![]));
    pyamf3_to_ours(&mut p, &list(vec![]), &Vec::<i32>::new());
    ours_to_pyamf3(&mut p, &[1, 2, 3], &list(vec![int(1), int(2), int(3)]));
    ours_to_pyamf3(
        &mut p,
        &(1, "a", true),
        &list(vec![int(1), s("a"), json!({"bool": true})]),
    );
    let nested = vec![vec![vec![1.5]], vec![], vec![vec![], vec![2.5, -0.5]]];
    let tagged_nested = list(vec![
        list(vec![list(vec![float(1.5)])]),
        list(vec![]),
        list(vec![list(vec![]), list(vec![float(2.5), float(-0.5)])]),
    ]);
    ours_to_pyamf3(&mut p, &nested, &tagged_nested);
    let bytes = pyamf3_to_ours(&mut p, &tagged_nested, &nested);
    assert_eq!(bytes, amf_serde::to_vec(&nested).unwrap());
    ours_to_pyamf3(&mut p, &vec![Some(1), None], &list(vec![int(1), NULL()]));

    // Mixed: dense part plus string keys (amf3.md §8.4 shape).
    let mixed = Value::from(Array::from_parts(
        vec!["bar1".into(), "bar2".into(), "bar3".into()],
        vec![
            ("asdf".into(), "fdsa".into()),
            ("foo".into(), "bar".into()),
            ("42".into(), "bar".into()),
        ],
    ));
    let expected = json!({"mixed": {
        "dense": [s("bar1"), s("bar2"), s("bar3")],
        "assoc": {"asdf": s("fdsa"), "foo": s("bar"), "42": s("bar")},
    }});
    let bytes = ours_to_pyamf3(&mut p, &mixed, &expected);
    assert_eq!(
        plain_hex(&bytes),
        plain_hex(&hex(
            "09 07 09 61 73 64 66 06 09 66 64 73 61 07 66 6f 6f 06 07 62 61 72 05 34 32 06 06 01 \
             06 09 62 61 72 31 06 09 62 61 72 32 06 09 62 61 72 33"
        ))
    );
    // (Our JSON objects are sorted by key, so PyAMF writes "42" first.)
    let theirs = p.encoded("amf3", &expected);
    let v: Value = amf_serde::from_slice(&theirs).unwrap();
    assert_eq!(tagged(&v), expected);
    assert_eq!(v.as_array().unwrap().assoc()[0].0, "42");
    // Into a map: dense entries under their index.
    let m: BTreeMap<String, String> = amf_serde::from_slice(&theirs).unwrap();
    assert_eq!(m["0"], "bar1");
    assert_eq!(m["42"], "bar");
    // Only an associative part.
    let assoc_only = json!({"mixed": {"dense": [], "assoc": {"k": int(1)}}});
    value_both_ways(
        &mut p,
        "amf3",
        &Value::from(Array::from_parts(
            vec![],
            vec![("k".into(), Value::Integer(1))],
        )),
    );
    let v: Value = amf_serde::from_slice(&p.encoded("amf3", &assoc_only)).unwrap();
    assert_eq!(tagged(&v), assoc_only);

    // Sparse arrays: Flash writes the run 0… as the dense part and later
    // indices as string keys, which is what amf-serde reads and writes.
    // PyAMF bug (README (f2)): its encoder turns {0:'a',1:'b',5:'c'} into the
    // dense [a,b,c] (index 5 lost), and {1:'a',2:'b'} fails with KeyError;
    // the peer's "mixed" form cannot express int keys, so this is checked
    // against our own bytes only: PyAMF decodes them right.
    let sparse = Value::from(Array::from_parts(
        vec!["a".into(), "b".into()],
        vec![("5".into(), "c".into())],
    ));
    let bytes = ours_to_pyamf3(
        &mut p,
        &sparse,
        &json!({"mixed": {"dense": [s("a"), s("b")], "assoc": {"5": s("c")}}}),
    );
    let back: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, sparse);
}

/// A dynamic registered class with extra members.
#[amf(alias = "com.example.Bag", dynamic)]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Bag {
    id: i32,
    #[amf(dynamic)]
    rest: BTreeMap<String, Value>,
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf3_objects_traits_and_references() {
    let mut p = peer("amf3_objects_traits_and_references");
    let ada = Person {
        name: "Ada".into(),
        age: 36,
        tags: vec!["math".into()],
    };
    let ada_json = obj(
        "",
        vec![
            ("name", s("Ada")),
            ("age", int(36)),
            ("tags", list(vec![s("math")])),
        ],
    );
    // Anonymous sealed traits: PyAMF reads them with --traits.
    let bytes = ours_to_pyamf3(&mut p, &ada, &ada_json);
    let traced = p.decode_with("amf3", &bytes, true).ok("traits");
    assert_eq!(traced["object"]["sealed"], json!(["name", "age", "tags"]));
    assert_eq!(traced["object"]["dynamic"], json!(false));
    // PyAMF writes a dict as a dynamic anonymous object: it decodes into
    // the struct as well.
    pyamf3_to_ours(&mut p, &ada_json, &ada);
    // Traits references: three Persons, one traits block.
    let people = vec![ada.clone(), ada.clone(), ada.clone()];
    let bytes = ours_to_pyamf3(&mut p, &people, &list(vec![ada_json.clone(); 3]));
    assert_eq!(bytes.windows(2).filter(|w| w == &[0x0a, 0x01]).count(), 2);
    // PyAMF's own traits references (same sealed layout) decode.
    let sealed = json!({"object": {"class": "", "members": {"name": s("Ada"), "age": int(36), "tags": list(vec![s("math")])}, "sealed": ["age", "name", "tags"]}});
    let theirs = p.encoded("amf3", &list(vec![sealed.clone(), sealed]));
    let back: Vec<Person> = amf_serde::from_slice(&theirs).unwrap();
    assert_eq!(back, vec![ada.clone(), ada.clone()]);

    // Typed sealed object with an alias.
    let pt = Point { x: 1.0, y: -2.5 };
    let pt_json = obj(
        "com.example.Point",
        vec![("x", float(1.0)), ("y", float(-2.5))],
    );
    let bytes = ours_to_pyamf3(&mut p, &pt, &pt_json);
    let traced = p.decode_with("amf3", &bytes, true).ok("traits");
    assert_eq!(traced["object"]["sealed"], json!(["x", "y"]));
    let theirs = p.encoded(
        "amf3",
        &json!({"object": {"class": "com.example.Point", "members": {"x": float(1.0), "y": float(-2.5)}, "sealed": ["x", "y"]}}),
    );
    assert_eq!(theirs, bytes, "same bytes for a sealed typed object");
    assert_eq!(amf_serde::from_slice::<Point>(&theirs).unwrap(), pt);
    // A dynamic typed object (no sealed members), as PyAMF writes an
    // unregistered alias.
    pyamf3_to_ours(&mut p, &pt_json, &pt);
    let bytes = p.encoded("amf3", &pt_json);
    assert_eq!(&bytes[..2], &[0x0a, 0x0b], "dynamic traits, 0 sealed");

    // Dynamic class with sealed and dynamic members.
    let bag = Bag {
        id: 7,
        rest: BTreeMap::from([("extra".to_string(), Value::from("x"))]),
    };
    let bag_json = obj("com.example.Bag", vec![("id", int(7)), ("extra", s("x"))]);
    let bytes = ours_to_pyamf3(&mut p, &bag, &bag_json);
    let traced = p.decode_with("amf3", &bytes, true).ok("traits");
    assert_eq!(traced["object"]["sealed"], json!(["id"]));
    assert_eq!(traced["object"]["dynamic"], json!(true));
    let theirs = p.encoded(
        "amf3",
        &json!({"object": {"class": "com.example.Bag", "members": {"id": int(7), "extra": s("x")}, "sealed": ["id"], "dynamic": true}}),
    );
    assert_eq!(theirs, bytes, "same bytes for a dynamic typed object");
    assert_eq!(amf_serde::from_slice::<Bag>(&theirs).unwrap(), bag);

    // Maps with string keys: anonymous dynamic objects.
    let m = BTreeMap::from([("k", 1), ("z", 2)]);
    ours_to_pyamf3(&mut p, &m, &obj("", vec![("k", int(1)), ("z", int(2))]));
    let theirs = p.encoded("amf3", &obj("", vec![("k", int(1)), ("z", int(2))]));
    assert_eq!(
        theirs,
        amf_serde::to_vec(&m).unwrap(),
        "same dynamic object"
    );
    ours_to_pyamf3(&mut p, &BTreeMap::<String, i32>::new(), &obj("", vec![]));

    // Object references: [o, o] is one object written twice.
    let o = Value::from(Object::anonymous([("a", Value::Integer(1))]));
    let shared = Value::from(vec![o.clone(), o]);
    let bytes = ours_to_pyamf3(
        &mut p,
        &shared,
        &list(vec![obj("", vec![("a", int(1))]); 2]),
    );
    assert_eq!(plain_hex(&bytes), "0905010a0b0103610401010a02");
    // A cycle: [self].
    let cyclic: Value = amf_serde::from_slice(&hex("09 03 01 09 00")).unwrap();
    ours_to_pyamf3(&mut p, &cyclic, &list(vec![json!({"cycle": true})]));
    // An object that holds itself.
    let selfish: Value = amf_serde::from_slice(&hex("0a 0b 01 03 61 0a 00 01")).unwrap();
    ours_to_pyamf3(
        &mut p,
        &selfish,
        &obj("", vec![("a", json!({"cycle": true}))]),
    );
    // Empty member name: PyAMF writes it as the end marker (README (f6));
    // amf-serde refuses to write it as a dynamic member.
    let empty = Value::from(Object::anonymous([("", Value::Integer(1))]));
    let err = amf_serde::to_vec(&empty).unwrap_err();
    assert!(err.to_string().contains("empty string"), "{err}");
    assert_eq!(p.encode("amf3", &obj("", vec![("", int(1))])).code, 3);
    // …but a sealed member may have an empty name.
    let sealed_empty = Value::from(Object::sealed("", [("", Value::Integer(1))]));
    ours_to_pyamf3(&mut p, &sealed_empty, &obj("", vec![("", int(1))]));
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf3_flex_array_collection_and_object_proxy() {
    let mut p = peer("amf3_flex_array_collection_and_object_proxy");
    let ac = |items: Vec<Value>| {
        Value::from(External {
            dynamic: false,
            class: "flex.messaging.io.ArrayCollection".into(),
            body: vec![amf_serde::types::DataItem::Value(Value::from(items))],
        })
    };
    let v = ac(vec!["eggs".into(), Value::Integer(1)]);
    let expected = json!({"external": {
        "class": "flex.messaging.io.ArrayCollection",
        "value": list(vec![s("eggs"), int(1)]),
    }});
    let bytes = ours_to_pyamf3(&mut p, &v, &expected);
    // Typed: an ArrayCollection reads as its source array.
    let items: Vec<Value> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(items, vec![Value::from("eggs"), Value::Integer(1)]);
    // Two collections: the second refers to the first's traits (gotchas §4).
    let two = Value::from(vec![ac(vec![]), ac(vec!["x".into()])]);
    let bytes = ours_to_pyamf3(
        &mut p,
        &two,
        &list(vec![
            json!({"external": {"class": "flex.messaging.io.ArrayCollection", "value": list(vec![])}}),
            json!({"external": {"class": "flex.messaging.io.ArrayCollection", "value": list(vec![s("x")])}}),
        ]),
    );
    assert!(
        bytes.windows(2).any(|w| w == [0x0a, 0x01]),
        "traits reference"
    );
    // The Flash fixture: [a, b, b] of collections.
    let fixture = amf_serde_tests::fixture("objects", "amf3-complex-array-collection.bin");
    let got = p.decode("amf3", &fixture).ok("fixture");
    let ours: Value = amf_serde::from_slice(&fixture).unwrap();
    assert_eq!(got, norm(&tagged(&ours)));
    assert!(ours[1].ptr_eq(&ours[2]), "b is shared");
    assert_eq!(
        amf_serde::to_vec(&ours).unwrap(),
        fixture,
        "written back as read"
    );
    // ObjectProxy wraps one object.
    let proxy = Value::from(External {
        dynamic: false,
        class: "flex.messaging.io.ObjectProxy".into(),
        body: vec![amf_serde::types::DataItem::Value(Value::from(
            Object::anonymous([("a", Value::Integer(1))]),
        ))],
    });
    ours_to_pyamf3(
        &mut p,
        &proxy,
        &json!({"external": {"class": "flex.messaging.io.ObjectProxy", "value": obj("", vec![("a", int(1))])}}),
    );
    // PyAMF cannot encode externalizable values from JSON.
    assert_eq!(p.encode("amf3", &expected).code, 3);
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn amf3_dictionaries_and_vectors_where_pyamf_falls_short() {
    let mut p = peer("amf3_dictionaries_and_vectors_where_pyamf_falls_short");
    // A dictionary PyAMF can decode (hashable keys).
    let d = Value::from(Dictionary {
        weak_keys: false,
        entries: vec![
            (Value::Integer(1), "a".into()),
            ("k".into(), Value::Bool(true)),
        ],
    });
    let bytes = ours_to_pyamf3(
        &mut p,
        &d,
        &json!({"dict": [[int(1), s("a")], [s("k"), json!({"bool": true})]]}),
    );
    assert_eq!(&bytes[..3], &[0x11, 0x05, 0x00]);
    // Typed maps with integer keys are dictionaries too.
    ours_to_pyamf3(
        &mut p,
        &BTreeMap::from([(1, "one"), (2, "two")]),
        &json!({"dict": [[int(1), s("one")], [int(2), s("two")]]}),
    );
    // PyAMF bug (README (c1)): it never enters a dictionary in the object
    // table, so later object references are off by one. In
    // [dict, [], <ref #2>] the reference is the empty array (#0 the outer
    // array, #1 the dictionary, #2 the []); PyAMF answers null.
    let bytes = hex("09 07 01 11 01 00 09 01 01 09 04");
    let ours: Value = amf_serde::from_slice(&bytes).unwrap();
    assert!(
        ours[2].ptr_eq(&ours[1]),
        "amf-serde: the reference is the []"
    );
    assert_eq!(tagged(&ours[2]), list(vec![]));
    let got = p.decode("amf3", &bytes).ok("dictionary then reference");
    assert_eq!(got["list"][2], NULL(), "PyAMF's off-by-one (documented)");
    // PyAMF bug (README (c3)): BlazeDS's weak-keys byte 02 is refused; it
    // means "weak" to amf-serde (gotchas §6).
    let blazeds = hex("11 03 02 06 03 6b 04 01");
    let ours: Value = amf_serde::from_slice(&blazeds).unwrap();
    assert!(ours.as_dictionary().unwrap().weak_keys);
    assert_eq!(p.decode("amf3", &blazeds).code, 1);
    // PyAMF cannot encode dictionaries from JSON.
    assert_eq!(
        p.encode("amf3", &json!({"dict": [[int(1), s("a")]]})).code,
        3
    );

    // Vectors: PyAMF 0.9.1 has none (exit 3 both ways); amf-serde reads and
    // writes all four.
    for v in [
        Value::from(Vector {
            fixed: false,
            items: vec![4i32, -20],
        }),
        Value::from(Vector {
            fixed: true,
            items: vec![4u32, u32::MAX],
        }),
        Value::from(Vector {
            fixed: false,
            items: vec![0.5f64],
        }),
    ] {
        let bytes = amf_serde::to_vec(&v).unwrap();
        assert_eq!(p.decode("amf3", &bytes).code, 3, "PyAMF has no vectors");
        assert_eq!(amf_serde::from_slice::<Value>(&bytes).unwrap(), v);
    }
    assert_eq!(p.encode("amf3", &json!({"vector": []})).code, 3);
}
