//! amf-serde encodes, Royale decodes.

use super::*;

// ------------------------------------------------- amf-serde -> Royale

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_numbers() {
    let mut r = royale();
    // An AMF3 integer and a double both become a JS Number.
    ours_to_royale(&mut r, &1i32, "04 01", &none(), false, int_num(1));
    ours_to_royale(
        &mut r,
        &1.0f64,
        "05 3f f0 00 00 00 00 00 00",
        &none(),
        false,
        int_num(1),
    );
    ours_to_royale(
        &mut r,
        &2.5f64,
        "05 40 04 00 00 00 00 00 00",
        &none(),
        false,
        num(2.5),
    );
    // The 29-bit range edges, and the first values outside it (doubles).
    ours_to_royale(
        &mut r,
        &-1i32,
        "04 ff ff ff ff",
        &none(),
        false,
        int_num(-1),
    );
    ours_to_royale(
        &mut r,
        &268_435_455i32,
        "04 bf ff ff ff",
        &none(),
        false,
        int_num(268_435_455),
    );
    ours_to_royale(
        &mut r,
        &-268_435_456i32,
        "04 c0 80 80 00",
        &none(),
        false,
        int_num(-268_435_456),
    );
    ours_to_royale(
        &mut r,
        &268_435_456i32,
        "05 41 b0 00 00 00 00 00 00",
        &none(),
        false,
        int_num(268_435_456),
    );
    ours_to_royale(
        &mut r,
        &u32::MAX,
        "05 41 ef ff ff ff e0 00 00",
        &none(),
        false,
        int_num(4_294_967_295),
    );
    ours_to_royale(
        &mut r,
        &-0.0f64,
        "05 80 00 00 00 00 00 00 00",
        &none(),
        false,
        json!({"number": "-0"}),
    );
    ours_to_royale(
        &mut r,
        &f64::NAN,
        "05 7f f8 00 00 00 00 00 00",
        &none(),
        false,
        json!({"number": "NaN"}),
    );
    ours_to_royale(
        &mut r,
        &f64::NEG_INFINITY,
        "05 ff f0 00 00 00 00 00 00",
        &none(),
        false,
        json!({"number": "-Infinity"}),
    );
    ours_to_royale(&mut r, &true, "03", &none(), false, json!({"bool": true}));
    ours_to_royale(
        &mut r,
        &Value::Undefined,
        "00",
        &none(),
        false,
        json!({"undefined": null}),
    );
    ours_to_royale(
        &mut r,
        &Option::<i32>::None,
        "01",
        &none(),
        false,
        json!({"null": null}),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_strings_dates_and_bytes() {
    let mut r = royale();
    ours_to_royale(&mut r, "", "06 01", &none(), false, s(""));
    // é is 2 bytes, 😀 4 (a surrogate pair in JS): lengths count bytes.
    ours_to_royale(
        &mut r,
        "é😀",
        "06 0d c3 a9 f0 9f 98 80",
        &none(),
        false,
        s("é😀"),
    );
    // The second "ab" is a string reference.
    ours_to_royale(
        &mut r,
        &["ab", "ab", ""],
        "09 07 01 06 05 61 62 06 00 06 01",
        &none(),
        false,
        json!({"list": [s("ab"), s("ab"), s("")]}),
    );
    ours_to_royale(
        &mut r,
        &Date::from_millis(1_577_836_800_000.0),
        "08 01 42 76 f5 e6 6e 80 00 00",
        &none(),
        false,
        json!({"date_ms": 1_577_836_800_000i64}),
    );
    ours_to_royale(
        &mut r,
        &Date::from_millis(-1.0),
        "08 01 bf f0 00 00 00 00 00 00",
        &none(),
        false,
        json!({"date_ms": -1}),
    );
    // Royale keeps whole milliseconds only (a JS Date's time value is
    // integral): 1.5 ms is read as 1 ms. We write (and read) 1.5.
    ours_to_royale(
        &mut r,
        &Date::from_millis(1.5),
        "08 01 3f f8 00 00 00 00 00 00",
        &none(),
        false,
        json!({"date_ms": 1}),
    );
    ours_to_royale(
        &mut r,
        &ByteArray(vec![0, 1, 0xfe, 0xff]),
        "0c 09 00 01 fe ff",
        &none(),
        false,
        json!({"bytes": "0001feff"}),
    );
    ours_to_royale(
        &mut r,
        &serde_bytes::Bytes::new(b""),
        "0c 01",
        &none(),
        false,
        json!({"bytes": ""}),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_typed_objects() {
    let mut r = royale();
    let ann = Person {
        name: "Ann".into(),
        age: 30,
    };
    let bytes = format!("0a 23 {PERSON} 09 6e 61 6d 65 07 61 67 65 06 07 41 6e 6e 04 1e");
    let expected = json!({"object": {"class": "com.example.Person",
        "members": {"age": int_num(30), "name": s("Ann")}}});
    ours_to_royale(&mut r, &ann, &bytes, &person_class(), false, expected);
    // Without the class registered, Royale makes a plain Object: the alias is
    // lost (the members are kept).
    ours_to_royale(
        &mut r,
        &ann,
        &bytes,
        &none(),
        false,
        json!({"object": {"class": "", "members": {"name": s("Ann"), "age": int_num(30)}}}),
    );
    // Two in a row: the second is a traits reference (`0a 01`, traits #0)
    // and its "Ann" a string reference (`06 06`, string #3 after the alias
    // and the two member names).
    let two = vec![
        ann.clone(),
        Person {
            name: "Ann".into(),
            age: 31,
        },
    ];
    let bytes2 = format!(
        "09 05 01 0a 23 {PERSON} 09 6e 61 6d 65 07 61 67 65 06 07 41 6e 6e 04 1e 0a 01 06 06 04 1f"
    );
    ours_to_royale(
        &mut r,
        &two,
        &bytes2,
        &person_class(),
        false,
        json!({"list": [
            {"object": {"class": "com.example.Person", "members": {"age": int_num(30), "name": s("Ann")}}},
            {"object": {"class": "com.example.Person", "members": {"age": int_num(31), "name": s("Ann")}}},
        ]}),
    );
    // A dynamic class: sealed `id`, then the dynamic members in order.
    let d = Dyn {
        id: 7,
        extra: [
            ("color".to_owned(), Value::from("red")),
            ("n".to_owned(), Value::Double(0.5)),
        ]
        .into_iter()
        .collect(),
    };
    ours_to_royale(
        &mut r,
        &d,
        "0a 1b 1f 63 6f 6d 2e 65 78 61 6d 70 6c 65 2e 44 79 6e 05 69 64 04 07
         0b 63 6f 6c 6f 72 06 07 72 65 64 03 6e 05 3f e0 00 00 00 00 00 00 01",
        &json!([{"class": "com.example.Dyn", "sealed": ["id"], "dynamic": true}]),
        false,
        json!({"object": {"class": "com.example.Dyn",
            "members": {"id": int_num(7), "color": s("red"), "n": num(0.5)}}}),
    );
    // An anonymous object.
    ours_to_royale(
        &mut r,
        &amf_value!({"b": 1, "a": [true, null]}),
        "0a 0b 01 03 62 04 01 03 61 09 05 01 03 01 01",
        &none(),
        false,
        json!({"object": {"class": "", "members": {"b": int_num(1),
            "a": {"list": [{"bool": true}, {"null": null}]}}}}),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_array_collection_and_record() {
    let mut r = royale();
    let ac = ArrayCollection(vec![Value::Integer(1), Value::from("b")]);
    ours_to_royale(
        &mut r,
        &ac,
        &format!("0a 07 {AC} 09 05 01 04 01 06 03 62"),
        &none(),
        false,
        json!({"external": {"class": "flex.messaging.io.ArrayCollection",
            "value": {"list": [int_num(1), s("b")]}}}),
    );
    let rec = Record {
        id: 1,
        score: 0.25,
        when: Date::from_millis(86_400_000.0),
        blob: vec![0xca, 0xfe],
        owner: Person {
            name: "Bo".into(),
            age: 5,
        },
        tags: ArrayCollection(vec!["x".into(), "Bo".into()]),
    };
    let bytes = amf_serde::to_vec(&rec).expect("encodes");
    let classes = json!([
        {"class": "com.example.Person", "sealed": ["age", "name"], "dynamic": false},
        {"class": "com.example.Record", "sealed": ["blob", "id", "owner", "score", "tags", "when"], "dynamic": false},
    ]);
    assert_eq!(
        r.read(&bytes, &classes, false),
        json!({"object": {"class": "com.example.Record", "members": {
            "blob": {"bytes": "cafe"},
            "id": int_num(1),
            "owner": {"object": {"class": "com.example.Person", "members": {"age": int_num(5), "name": s("Bo")}}},
            "score": num(0.25),
            "tags": {"external": {"class": "flex.messaging.io.ArrayCollection", "value": {"list": [s("x"), s("Bo")]}}},
            "when": {"date_ms": 86_400_000},
        }}}),
        "Royale read our Record {}",
        to_hex(&bytes)
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_reads_our_references_arrays_and_vectors() {
    let mut r = royale();
    // [o, o]: one object, written once and then as object reference #1.
    let o = Value::from(Object::anonymous([("a", Value::Integer(1))]));
    let shared = Value::from(vec![o.clone(), o]);
    ours_to_royale(
        &mut r,
        &shared,
        "09 05 01 0a 0b 01 03 61 04 01 01 0a 02",
        &none(),
        true,
        json!({"list": [{"object": {"class": "", "members": {"a": int_num(1)}}}, {"ref": 1}]}),
    );
    // A cycle: an array that holds itself (decoded by amf-serde, re-encoded).
    let cyclic: Value = amf_serde::from_slice(&hex("09 03 01 09 00")).expect("decodes");
    ours_to_royale(
        &mut r,
        &cyclic,
        "09 03 01 09 00",
        &none(),
        true,
        json!({"list": [{"ref": 0}]}),
    );
    ours_to_royale(
        &mut r,
        &cyclic,
        "09 03 01 09 00",
        &none(),
        false,
        json!({"list": [{"cycle": true}]}),
    );
    // A date and a byte array met twice are references too.
    let d = Value::from(Date::from_millis(0.0));
    let b = Value::from(ByteArray(vec![7]));
    ours_to_royale(
        &mut r,
        &Value::from(vec![d.clone(), b.clone(), d, b]),
        "09 09 01 08 01 00 00 00 00 00 00 00 00 0c 03 07 08 02 0c 04",
        &none(),
        true,
        json!({"list": [{"date_ms": 0}, {"bytes": "07"}, {"ref": 1}, {"ref": 2}]}),
    );
    // An array with an associative part.
    let mixed = Value::from(Array::from_parts(
        vec![Value::Integer(1)],
        vec![("k".into(), Value::from("v"))],
    ));
    ours_to_royale(
        &mut r,
        &mixed,
        "09 03 03 6b 06 03 76 01 04 01",
        &none(),
        false,
        json!({"mixed": {"dense": [int_num(1)], "assoc": {"k": s("v")}}}),
    );
    ours_to_royale(
        &mut r,
        &Vector {
            fixed: true,
            items: vec![1i32, -2],
        },
        "0d 05 01 00 00 00 01 ff ff ff fe",
        &none(),
        false,
        json!({"vector": {"type": "Vector.<int>", "fixed": true, "items": [int_num(1), int_num(-2)]}}),
    );
    ours_to_royale(
        &mut r,
        &Vector {
            fixed: false,
            items: vec![0.5f64],
        },
        "0f 03 00 3f e0 00 00 00 00 00 00",
        &none(),
        false,
        json!({"vector": {"type": "Vector.<Number>", "fixed": false, "items": [num(0.5)]}}),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_misreads_our_dictionary() {
    let mut r = royale();
    // amf-serde writes the AMF3 Dictionary of amf3.md: marker 11, 1 entry,
    // strong keys, 1 -> "a"; and reads it back.
    let dict = Dictionary {
        weak_keys: false,
        entries: vec![(Value::Integer(1), Value::from("a"))],
    };
    let bytes = amf_serde::to_vec(&dict).expect("encodes");
    assert_eq!(to_hex(&bytes), to_hex(&hex("11 03 00 04 01 06 03 61")));
    let back: Dictionary = amf_serde::from_slice(&bytes).expect("decodes");
    assert_eq!(back, dict);
    // Royale 0.9.12 treats 11 as the AMF0->AMF3 switch marker and reads the
    // next byte (03, true) as the whole value: it stops after 2 of 8 bytes.
    let reply = r.read_reply(&bytes, &none(), false);
    assert_eq!(reply["code"], 4, "{reply}");
    assert_eq!(reply["used"], 2, "{reply}");
}
