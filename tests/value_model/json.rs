//! `serde_json::Value` to and from `amf_serde::Value`, including cycles being rejected.

use super::*;

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
