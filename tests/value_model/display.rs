//! `Display` and `Debug` of `Value`: every kind, typed objects, shared nodes and cycles.

use super::*;

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
