//! The AMF0 -> AMF3 switch marker (0x11) in typed serde.

use super::*;

// ------------------------------------------------------------ AMF3 switch

#[test]
fn amf3_string_table_is_shared_across_switches_in_one_value() {
    // "foo" written by the first switch, referenced (`06 00`) by the second.
    let input = "0a 00 00 00 02 11 06 07 66 6f 6f 11 06 00";
    assert_eq!(decode::<Vec<String>>(input), ["foo", "foo"]);
    assert_eq!(decode::<serde_json::Value>(input), json!(["foo", "foo"]));
    let _: IgnoredAny = decode(input);
    let v = marked_roundtrip(input);
    assert_eq!(v, Value::from(vec![s("foo"), s("foo")]));
    assert!(matches!(&v[0], Value::String(_)));
    // Inside an object, across members.
    let input = "03 00 01 61 11 06 07 66 6f 6f 00 01 62 11 06 00 00 00 09";
    assert_eq!(
        decode::<HashMap<String, String>>(input),
        HashMap::from([("a".into(), "foo".into()), ("b".into(), "foo".into())])
    );
    marked_roundtrip(input);
}

#[test]
fn amf3_object_table_is_shared_across_switches_in_one_value() {
    let input = "0a 00 00 00 02 11 09 03 01 04 01 11 09 00";
    assert_eq!(decode::<Vec<Vec<i32>>>(input), [[1], [1]]);
    let v = flash_roundtrip(input);
    assert!(v[0].ptr_eq(&v[1]), "{v}");
    // Traits too: the second anonymous object refers to the first traits.
    let input = "0a 00 00 00 02 11 0a 0b 01 03 61 04 01 01 11 0a 01 00 04 02 01";
    assert_eq!(
        decode::<Vec<HashMap<String, i32>>>(input),
        [
            HashMap::from([("a".to_owned(), 1)]),
            HashMap::from([("a".to_owned(), 2)])
        ]
    );
    flash_roundtrip(input);
}

#[test]
fn amf3_tables_reset_between_top_level_values() {
    let bytes = hex("11 06 07 66 6f 6f 11 06 00");
    let mut de = amf0::Deserializer::from_slice(&bytes);
    assert_eq!(String::deserialize(&mut de).unwrap(), "foo");
    let e = String::deserialize(&mut de).unwrap_err();
    assert_eq!(
        e.to_string(),
        "string reference 0 out of range (0 entries) at byte offset 8"
    );
    assert!(e.is_syntax());

    let mut it = amf0::Deserializer::from_slice(&bytes).into_iter::<Value>();
    assert_eq!(it.next().unwrap().unwrap(), Value::Amf3(Box::new(s("foo"))));
    let e = it.next().unwrap().unwrap_err();
    assert_eq!(
        e.to_string(),
        "string reference 0 out of range (0 entries) at byte offset 8"
    );
    assert!(it.next().is_none(), "the iterator stops after an error");

    let mut de = amf0::Deserializer::from_reader(bytes.as_slice());
    let _: IgnoredAny = IgnoredAny::deserialize(&mut de).unwrap();
    let e = IgnoredAny::deserialize(&mut de).unwrap_err();
    assert_eq!(
        e.to_string(),
        "string reference 0 out of range (0 entries) at byte offset 8"
    );

    // AMF3 object references do not cross top-level values either.
    let bytes = hex("11 09 03 01 04 01 11 09 00");
    let mut de = amf0::Deserializer::from_slice(&bytes);
    let _: Value = Value::deserialize(&mut de).unwrap();
    let e = Value::deserialize(&mut de).unwrap_err();
    assert_eq!(
        e.to_string(),
        "object reference 0 out of range (0 entries) at byte offset 7"
    );

    // AMF0 references neither.
    let bytes = hex("03 00 00 09 07 00 00");
    let mut de = amf0::Deserializer::from_slice(&bytes);
    let _: Value = Value::deserialize(&mut de).unwrap();
    let e = Value::deserialize(&mut de).unwrap_err();
    assert_eq!(
        e.to_string(),
        "object reference 0 out of range (0 entries) at byte offset 4"
    );
}

#[test]
fn serializer_resets_tables_between_top_level_values() {
    // Two top-level values with the same AMF3 string: written inline twice.
    let v = Value::Amf3(Box::new(s("foo")));
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value(&v).unwrap();
    ser.serialize_value(&v).unwrap();
    assert_eq!(
        to_hex(&ser.into_inner()),
        to_hex(&hex("11 06 07 66 6f 6f 11 06 07 66 6f 6f"))
    );
    // One shared object in two top-level values: inline twice, no 07.
    let o = obj(vec![]);
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value(&o).unwrap();
    ser.serialize_value(&o).unwrap();
    assert_eq!(ser.into_inner(), hex("03 00 00 09 03 00 00 09"));
    // Inside one value the AMF3 string table is shared.
    assert_encodes(
        &Value::from(vec![v.clone(), v]),
        "0a 00 00 00 02 11 06 07 66 6f 6f 11 06 00",
    );
}
