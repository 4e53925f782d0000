//! Royale encodes, amf-serde decodes.

use super::*;

// ------------------------------------------------- Royale -> amf-serde

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn we_read_royales_numbers_strings_dates_bytes() {
    let mut r = royale();
    royale_to_ours(&mut r, json!({"int": 1}), "04 01", &Value::Integer(1));
    royale_to_ours(
        &mut r,
        json!({"float": 1.5}),
        "05 3f f8 00 00 00 00 00 00",
        &1.5f64,
    );
    // Royale writes an integral Number as an AMF3 integer when it fits.
    royale_to_ours(&mut r, json!({"float": 2.0}), "04 02", &Value::Integer(2));
    royale_to_ours(
        &mut r,
        json!({"number": -268_435_456}),
        "04 c0 80 80 00",
        &-268_435_456i32,
    );
    royale_to_ours(
        &mut r,
        json!({"number": 268_435_456}),
        "05 41 b0 00 00 00 00 00 00",
        &Value::Double(268_435_456.0),
    );
    // Royale writes -0 as the integer 0 (its int test is n === (n|0)).
    royale_to_ours(&mut r, json!({"float": "-0"}), "04 00", &Value::Integer(0));
    royale_to_ours(
        &mut r,
        json!({"float": "NaN"}),
        "05 7f f8 00 00 00 00 00 00",
        &Value::Double(f64::NAN),
    );
    royale_to_ours(&mut r, json!({"bool": false}), "02", &false);
    royale_to_ours(&mut r, json!({"undefined": null}), "00", &Value::Undefined);
    royale_to_ours(&mut r, json!({"null": null}), "01", &Option::<String>::None);
    royale_to_ours(
        &mut r,
        s("é😀"),
        "06 0d c3 a9 f0 9f 98 80",
        &"é😀".to_owned(),
    );
    royale_to_ours(
        &mut r,
        json!({"list": [s("ab"), s("ab"), s("")]}),
        "09 07 01 06 05 61 62 06 00 06 01",
        &vec!["ab".to_owned(), "ab".to_owned(), String::new()],
    );
    royale_to_ours(
        &mut r,
        json!({"date_ms": 1_577_836_800_000i64}),
        "08 01 42 76 f5 e6 6e 80 00 00",
        &Date::from_millis(1_577_836_800_000.0),
    );
    royale_to_ours(
        &mut r,
        json!({"date_ms": -86_400_000}),
        "08 01 c1 94 99 70 00 00 00 00",
        &Date::from_millis(-86_400_000.0),
    );
    royale_to_ours(
        &mut r,
        json!({"bytes": "00ff10"}),
        "0c 07 00 ff 10",
        &ByteArray(vec![0, 0xff, 0x10]),
    );
    royale_to_ours(
        &mut r,
        json!({"bytes": "00ff10"}),
        "0c 07 00 ff 10",
        &serde_bytes::ByteBuf::from(vec![0, 0xff, 0x10]),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn we_read_royales_typed_objects_and_collections() {
    let mut r = royale();
    // Royale writes sealed members sorted by name (age, name); the derived
    // type matches them by name.
    let person = json!({"object": {"class": "com.example.Person", "sealed": ["name", "age"],
        "members": {"name": s("Ann"), "age": {"int": 30}}}});
    royale_to_ours(
        &mut r,
        person.clone(),
        &format!("0a 23 {PERSON} 07 61 67 65 09 6e 61 6d 65 04 1e 06 07 41 6e 6e"),
        &Person {
            name: "Ann".into(),
            age: 30,
        },
    );
    royale_to_ours(
        &mut r,
        json!({"object": {"class": "com.example.Dyn", "sealed": ["id"], "dynamic": true,
            "members": {"id": {"int": 7}, "color": s("red")}}}),
        "0a 1b 1f 63 6f 6d 2e 65 78 61 6d 70 6c 65 2e 44 79 6e 05 69 64 04 07
         0b 63 6f 6c 6f 72 06 07 72 65 64 01",
        &Dyn {
            id: 7,
            extra: [("color".to_owned(), Value::from("red"))]
                .into_iter()
                .collect(),
        },
    );
    royale_to_ours(
        &mut r,
        json!({"external": {"class": "flex.messaging.io.ArrayCollection",
            "value": {"list": [{"int": 1}, {"int": 2}]}}}),
        &format!("0a 07 {AC} 09 05 01 04 01 04 02"),
        &ArrayCollection(vec![1i32, 2]),
    );
    // Two typed objects: the second is a traits reference (`0a 01`) and its
    // "Ann" a string reference (`06 06`).
    royale_to_ours(
        &mut r,
        json!({"list": [person.clone(), person]}),
        &format!(
            "09 05 01 0a 23 {PERSON} 07 61 67 65 09 6e 61 6d 65 04 1e 06 07 41 6e 6e
             0a 01 04 1e 06 06"
        ),
        &vec![
            Person {
                name: "Ann".into(),
                age: 30
            };
            2
        ],
    );
    // An anonymous object into a map.
    royale_to_ours(
        &mut r,
        json!({"object": {"class": "", "members": {"x": {"int": 1}, "y": s("z")}}}),
        "0a 0b 01 03 78 04 01 03 79 06 03 7a 01",
        &BTreeMap::from([
            ("x".to_owned(), Value::Integer(1)),
            ("y".to_owned(), Value::from("z")),
        ]),
    );
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn we_read_royales_references_arrays_and_vectors() {
    let mut r = royale();
    // The same JS object twice: Royale writes object reference #1.
    let theirs = r.write(
        &json!({"list": [{"object": {"class": "", "members": {"a": {"int": 1}}}}, {"ref": 1}]}),
    );
    assert_eq!(
        to_hex(&theirs),
        to_hex(&hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 02"))
    );
    let v: Value = amf_serde::from_slice(&theirs).expect("decodes");
    assert_eq!(v[0]["a"], Value::Integer(1));
    assert!(v[0].ptr_eq(&v[1]), "one shared object: {v:?}");
    assert_eq!(amf_serde::to_vec(&v).expect("encodes"), theirs);
    // An array that holds itself.
    let theirs = r.write(&json!({"list": [{"ref": 0}]}));
    assert_eq!(to_hex(&theirs), to_hex(&hex("09 03 01 09 00")));
    let v: Value = amf_serde::from_slice(&theirs).expect("decodes");
    assert!(matches!(&v[0], Value::Cycle(_)), "a cycle: {v:?}");
    assert_eq!(amf_serde::to_vec(&v).expect("encodes"), theirs);
    // An associative part first, then the dense part, as AMF3 has it.
    royale_to_ours(
        &mut r,
        json!({"mixed": {"dense": [{"int": 1}], "assoc": {"k": s("v")}}}),
        "09 03 03 6b 06 03 76 01 04 01",
        &Value::from(Array::from_parts(
            vec![Value::Integer(1)],
            vec![("k".into(), Value::from("v"))],
        )),
    );
    // Vector.<int>: Royale writes the `fixed` flag as false even for a fixed
    // vector (it reads the flag from the wrong object).
    royale_to_ours(
        &mut r,
        json!({"vector": {"type": "Vector.<int>", "fixed": true, "items": [{"int": 1}, {"int": -2}]}}),
        "0d 05 00 00 00 00 01 ff ff ff fe",
        &Vector {
            fixed: false,
            items: vec![1i32, -2],
        },
    );
    // Vector.<Number> and Vector.<uint>: Royale writes the length and no
    // items (it compares a type name with a marker number). amf-serde
    // reports the truncation at the end of the input instead of guessing.
    for (ty, bytes) in [
        ("Vector.<Number>", "0f 03 00"),
        ("Vector.<uint>", "0e 03 00"),
    ] {
        let theirs =
            r.write(&json!({"vector": {"type": ty, "fixed": false, "items": [{"int": 7}]}}));
        assert_eq!(to_hex(&theirs), to_hex(&hex(bytes)), "Royale's {ty}");
        let err = amf_serde::from_slice::<Value>(&theirs).expect_err("truncated vector");
        assert_eq!(err.offset(), Some(3), "{ty}: {err}");
    }
}
