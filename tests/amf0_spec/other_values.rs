//! Undefined and unsupported markers, and the other AMF0 values.

use super::*;

// ---------------------------------------------- undefined and unsupported

#[test]
fn undefined_into_option_is_none() {
    assert_eq!(decode::<Option<i32>>("06"), None);
    assert_eq!(decode::<Option<String>>("06"), None);
    assert_eq!(
        decode::<Vec<Option<f64>>>("0a 00 00 00 02 06 00 3f f0 00 00 00 00 00 00"),
        [None, Some(1.0)]
    );
    #[derive(Deserialize, Debug, PartialEq)]
    struct Opt {
        a: Option<i32>,
    }
    assert_eq!(decode::<Opt>("03 00 01 61 06 00 00 09"), Opt { a: None });
    assert_eq!(
        decode::<Option<Value>>("06"),
        None,
        "undefined is None for Option<Value>"
    );
}

#[test]
fn unsupported_into_option_is_none() {
    assert_eq!(decode::<Option<i32>>("0d"), None);
    assert_eq!(decode::<Option<String>>("0d"), None);
    #[derive(Deserialize, Debug, PartialEq)]
    struct Opt {
        a: Option<i32>,
    }
    assert_eq!(decode::<Opt>("03 00 01 61 0d 00 00 09"), Opt { a: None });
}

#[test]
fn unsupported_as_unit_and_value() {
    assert_eq!(decode::<()>("0d"), ());
    assert_eq!(decode::<serde_json::Value>("0d"), serde_json::Value::Null);
    let v = value_roundtrip("0d");
    assert_eq!(v, Value::Unsupported);
    value_roundtrip("0a 00 00 00 03 05 06 0d");
    assert_encodes(&Value::Unsupported, "0d");
    assert_encodes(&Value::Undefined, "06");
    assert_encodes(&amf_serde::types::Undefined, "06");
    assert_eq!(
        decode::<amf_serde::types::Undefined>("06"),
        amf_serde::types::Undefined
    );
}

// ------------------------------------------------------ other AMF0 values

#[test]
fn xml_document() {
    let bytes = fixture("objects", "amf0-xml-doc.bin");
    let text = "<parent><child prop=\"test\" /></parent>";
    assert_eq!(decode_bytes::<String>(&bytes), text);
    assert_eq!(
        decode_bytes::<XmlDocument>(&bytes),
        XmlDocument(text.to_owned())
    );
    let v: Value = decode_bytes(&bytes);
    assert_eq!(v, Value::from(XmlDocument(text.to_owned())));
    assert_eq!(v.as_str(), Some(text));
    assert_eq!(encode(&v), bytes);
    assert_eq!(encode(&XmlDocument(text.to_owned())), bytes);
}

/// The `bar` member of the object fixtures: the double nearest 3.14.
const BAR: f64 = f64::from_bits(0x4009_1eb8_51eb_851f);

#[test]
fn all_amf0_fixtures_decode_into_serde_json() {
    for (name, expected) in [
        ("amf0-boolean.bin", json!(true)),
        ("amf0-null.bin", json!(null)),
        ("amf0-undefined.bin", json!(null)),
        ("amf0-number.bin", json!(3.5)),
        ("amf0-string.bin", json!("this is a テスト")),
        (
            "amf0-complex-encoded-string.bin",
            json!({"shift": "Shift テスト", "utf": "UTF テスト", "zed": 5.0}),
        ),
        ("amf0-strict-array.bin", json!(["a", "b", "c", "d"])),
        ("amf0-object.bin", json!({"bar": BAR, "foo": "baz"})),
        (
            "amf0-untyped-object.bin",
            json!({"baz": null, "foo": "bar"}),
        ),
        (
            "amf0-ref-test.bin",
            json!({"0": {"bar": BAR, "foo": "baz"}, "1": {"bar": BAR, "foo": "baz"}}),
        ),
    ] {
        let bytes = fixture("objects", name);
        let got: serde_json::Value = decode_bytes(&bytes);
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn ref_test_fixture_shares_the_object() {
    let bytes = fixture("objects", "amf0-ref-test.bin");
    let v: Value = decode_bytes(&bytes);
    assert!(v["0"].ptr_eq(&v["1"]));
    assert_eq!(encode(&v), bytes);
}
