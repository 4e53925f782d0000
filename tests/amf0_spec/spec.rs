//! amf0.md §6 examples: anonymous objects, strict arrays with back-references, ECMA
//! arrays, dates, strings and long strings, typed objects, an AMF3 value inside AMF0.

use super::*;

// -------------------------------------------------- §6.1 anonymous object

const MIKE: &str = "03 00 04 6e 61 6d 65 02 00 04 4d 69 6b 65 \
                    00 03 61 67 65 00 40 3e 00 00 00 00 00 00 00 00 09";

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct NameAge {
    name: String,
    age: f64,
}

#[test]
fn s6_1_anonymous_object_struct_both_ways() {
    both_ways(
        &NameAge {
            name: "Mike".into(),
            age: 30.0,
        },
        MIKE,
    );
}

#[test]
fn s6_1_anonymous_object_as_value_and_maps() {
    let v = value_roundtrip(MIKE);
    assert_eq!(v, obj(vec![("name", s("Mike")), ("age", d(30.0))]));
    assert_eq!(v.class(), None);
    assert_eq!(v.as_object().unwrap().class, "");
    assert_eq!(dynamic_members(&v).len(), 2);
    // Built by hand, it writes the same bytes.
    assert_encodes(&obj(vec![("name", s("Mike")), ("age", d(30.0))]), MIKE);

    let m: HashMap<String, serde_json::Value> = decode(MIKE);
    assert_eq!(m["name"], json!("Mike"));
    assert_eq!(m["age"], json!(30.0));
    let j: serde_json::Value = decode(MIKE);
    assert_eq!(j, json!({"name": "Mike", "age": 30.0}));

    // A struct with an integer field reads the integral double.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Int {
        name: String,
        age: u8,
    }
    assert_eq!(
        decode::<Int>(MIKE),
        Int {
            name: "Mike".into(),
            age: 30
        }
    );
    // Borrowed from the slice.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Borrowed<'a> {
        name: &'a str,
    }
    let bytes = hex(MIKE);
    let b: Borrowed = amf0::from_slice(&bytes).unwrap();
    assert_eq!(b.name, "Mike");
    assert!(bytes.as_ptr_range().contains(&b.name.as_ptr()));
}

// ------------------------------------ §6.2 strict array with back-reference

const O_TWICE: &str = "0a 00 00 00 02 \
                       03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09 \
                       07 00 01";

#[test]
fn s6_2_back_reference_into_typed_values() {
    let v: Vec<HashMap<String, f64>> = decode(O_TWICE);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0], HashMap::from([("a".to_owned(), 1.0)]));
    assert_eq!(v[0], v[1]);

    #[derive(Deserialize, Debug, PartialEq)]
    struct A {
        a: i32,
    }
    assert_eq!(decode::<Vec<A>>(O_TWICE), [A { a: 1 }, A { a: 1 }]);
    let j: serde_json::Value = decode(O_TWICE);
    assert_eq!(j, json!([{"a": 1.0}, {"a": 1.0}]));
    let _: IgnoredAny = decode(O_TWICE);
}

#[test]
fn s6_2_back_reference_into_value_is_shared() {
    let v = value_roundtrip(O_TWICE);
    assert!(v[0].ptr_eq(&v[1]), "both elements are one object: {v}");
    assert_eq!(v[0]["a"], d(1.0));
    assert_eq!(v.as_array().unwrap().len(), 2);

    // Built by hand with one shared Arc, it writes the reference.
    let o = obj(vec![("a", d(1.0))]);
    assert_encodes(&Value::from(vec![o.clone(), o]), O_TWICE);
}

#[test]
fn s6_2_typed_values_are_written_inline() {
    // Serde data has no identity: two equal maps are two objects.
    let o = BTreeMap::from([("a".to_owned(), 1.0)]);
    assert_encodes(
        &vec![o.clone(), o],
        "0a 00 00 00 02 \
         03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09 \
         03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
    // Equal but distinct Values are written inline too.
    assert_encodes(
        &Value::from(vec![obj(vec![("a", d(1.0))]), obj(vec![("a", d(1.0))])]),
        "0a 00 00 00 02 \
         03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09 \
         03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
}

#[test]
fn s6_2_flash_object_with_the_same_member_twice() {
    let input = "03 00 01 30 03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09 \
                 00 01 31 07 00 01 00 00 09";
    let m: HashMap<String, HashMap<String, f64>> = decode(input);
    assert_eq!(m["0"], m["1"]);
    assert_eq!(m["1"]["a"], 1.0);
    let v = value_roundtrip(input);
    assert!(v["0"].ptr_eq(&v["1"]));
}

// ------------------------------------------------ §6.3 ECMA arrays (Flash)

#[test]
fn s6_3_flash_array_decodes_into_vec_and_map() {
    assert_eq!(decode::<Vec<String>>(ORDINAL), ["a", "b", "c", "d"]);
    assert_eq!(
        decode::<(String, String, String, String)>(ORDINAL),
        ("a".into(), "b".into(), "c".into(), "d".into())
    );
    let m: HashMap<String, String> = decode(ORDINAL);
    assert_eq!(m.len(), 4);
    assert_eq!(m["0"], "a");
    assert_eq!(m["3"], "d");
    assert_eq!(
        to_hex(&fixture("objects", "amf0-ecma-ordinal-array.bin")),
        to_hex(&hex(ORDINAL))
    );
}

#[test]
fn s6_3_flash_array_as_value() {
    let v = value_roundtrip(ORDINAL);
    assert_eq!(
        v,
        ecma(
            4,
            vec![("0", s("a")), ("1", s("b")), ("2", s("c")), ("3", s("d"))]
        )
    );
    assert_eq!(v["2"], s("c"));
}

#[test]
fn s6_3_ordinal_keys_in_any_order_and_sparse_arrays() {
    // Keys "0".."n-1" in any order still make a sequence.
    let input = "08 00 00 00 03 00 01 32 02 00 01 63 00 01 30 02 00 01 61 \
                 00 01 31 02 00 01 62 00 00 09";
    assert_eq!(decode::<Vec<String>>(input), ["a", "b", "c"]);
    // AS2 sparse array of length 15 with no elements: the count is advisory.
    assert_eq!(
        decode::<Vec<String>>("08 00 00 00 0f 00 00 09"),
        Vec::<String>::new()
    );
    let v = value_roundtrip("08 00 00 00 0f 00 00 09");
    assert_eq!(v, ecma(15, vec![]));
    // The count is never used for allocation or length.
    assert_eq!(
        decode::<Vec<String>>("08 ff ff ff ff 00 01 30 02 00 01 61 00 00 09"),
        ["a"]
    );
}

#[test]
fn s6_3_named_keys() {
    let m: HashMap<String, String> = decode(NAMED);
    assert_eq!(
        m,
        HashMap::from([("a".into(), "b".into()), ("c".into(), "d".into())])
    );
    #[derive(Deserialize, Debug, PartialEq)]
    struct AC {
        a: String,
        c: String,
    }
    assert_eq!(
        decode::<AC>(NAMED),
        AC {
            a: "b".into(),
            c: "d".into()
        }
    );
    let v = value_roundtrip(NAMED);
    assert_eq!(v, ecma(0, vec![("a", s("b")), ("c", s("d"))]));
    assert_eq!(
        to_hex(&fixture("objects", "amf0-hash.bin")),
        to_hex(&hex(NAMED))
    );
    // Not a sequence: a clean data error.
    let e = decode_err::<Vec<String>>(
        &hex(NAMED),
        "invalid type: ECMA array with key \"a\", expected a sequence at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Data);
    // Gaps and leading zeros are not sequences either.
    let gap = hex("08 00 00 00 02 00 01 30 02 00 01 61 00 01 32 02 00 01 62 00 00 09");
    assert!(amf0::from_slice::<Vec<String>>(&gap).is_err());
    let zero = hex("08 00 00 00 01 00 02 30 30 02 00 01 61 00 00 09");
    assert!(amf0::from_slice::<Vec<String>>(&zero).is_err());
}

#[test]
fn s6_3_ecma_array_written_from_value() {
    assert_encodes(
        &ecma(
            4,
            vec![("0", s("a")), ("1", s("b")), ("2", s("c")), ("3", s("d"))],
        ),
        ORDINAL,
    );
    assert_encodes(&ecma(0, vec![("a", s("b")), ("c", s("d"))]), NAMED);
    // An AMF3-style array with named entries becomes an ECMA array whose
    // count is the dense length.
    let mixed = Value::from(Array::from_parts(vec![s("a")], vec![("k".into(), s("v"))]));
    assert_encodes(
        &mixed,
        "08 00 00 00 01 00 01 30 02 00 01 61 00 01 6b 02 00 01 76 00 00 09",
    );
}

// -------------------------------------------------------------- §6.4 dates

const FLASH_DATE: &str = "0b 42 6e 6a b1 b5 10 00 00 01 2c";
const PYAMF_DATE: &str = "0b 42 76 f5 e6 6e 80 00 00 00 00";
const BLAZE_PLUS1: &str = "0b 42 76 f5 e6 6e 80 00 00 00 3c";
const BLAZE_MINUS5: &str = "0b 42 76 f5 e6 6e 80 00 00 fe d4";

#[test]
fn s6_4_dates_decode_to_the_same_instant() {
    assert_eq!(decode::<f64>(FLASH_DATE), 1_045_112_400_000.0);
    for input in [PYAMF_DATE, BLAZE_PLUS1, BLAZE_MINUS5] {
        assert_eq!(decode::<f64>(input), 1_577_836_800_000.0, "{input}");
        assert_eq!(
            decode::<Date>(input).millis(),
            1_577_836_800_000.0,
            "{input}"
        );
        assert_eq!(
            decode::<serde_json::Value>(input),
            json!(1_577_836_800_000.0)
        );
    }
    assert_eq!(
        to_hex(&fixture("objects", "amf0-time.bin")),
        to_hex(&hex(FLASH_DATE))
    );
}

#[test]
fn s6_4_value_keeps_the_raw_time_zone() {
    for (input, millis, tz) in [
        (FLASH_DATE, 1_045_112_400_000.0, 300),
        (PYAMF_DATE, 1_577_836_800_000.0, 0),
        (BLAZE_PLUS1, 1_577_836_800_000.0, 60),
        (BLAZE_MINUS5, 1_577_836_800_000.0, -300),
    ] {
        let v = value_roundtrip(input);
        let date = v.as_date().unwrap_or_else(|| panic!("not a date: {v}"));
        assert_eq!(date.millis(), millis, "{input}");
        assert_eq!(date.timezone(), tz, "{input}");
        // The field never shifts the timestamp.
        assert_eq!(
            date.to_system_time(),
            Some(std::time::UNIX_EPOCH + std::time::Duration::from_millis(millis as u64))
        );
        assert_eq!(decode::<Date>(input).timezone(), tz);
    }
}

#[test]
fn s6_4_dates_are_written_with_a_zero_time_zone() {
    assert_encodes(&Date::from_millis(1_577_836_800_000.0), PYAMF_DATE);
    assert_encodes(
        &Value::from(Date::from_millis(1_577_836_800_000.0)),
        PYAMF_DATE,
    );
    // A decoded date is written back as it came.
    assert_encodes(
        &Date::from_millis(1_045_112_400_000.0).with_timezone(300),
        FLASH_DATE,
    );
    // Dates do not enter the reference table: after two dates an object is
    // still index 1 (the strict array is 0).
    let input =
        format!("0a 00 00 00 04 {PYAMF_DATE} {BLAZE_MINUS5} 03 00 01 61 05 00 00 09 07 00 01");
    let v = value_roundtrip(&input);
    assert!(v[2].ptr_eq(&v[3]));
}

// ------------------------------------------- §6.5 string / long string

#[test]
fn s6_5_string_boundary_65535_bytes() {
    let text = "a".repeat(65535);
    let bytes = encode(&text);
    assert_eq!(bytes.len(), 65538);
    assert_eq!(bytes[..5], [0x02, 0xff, 0xff, 0x61, 0x61]);
    assert_eq!(decode_bytes::<String>(&bytes), text);
    assert_eq!(decode_bytes::<Value>(&bytes), Value::String(text.clone()));
    assert_eq!(encode(&Value::String(text.clone())), bytes);
    assert_eq!(encode(text.as_str()), bytes);
}

#[test]
fn s6_5_long_string_boundary_65536_bytes() {
    let text = "a".repeat(65536);
    let bytes = encode(&text);
    assert_eq!(bytes.len(), 65541);
    assert_eq!(bytes[..7], [0x0c, 0x00, 0x01, 0x00, 0x00, 0x61, 0x61]);
    assert_eq!(decode_bytes::<String>(&bytes), text);
    let v: Value = decode_bytes(&bytes);
    assert_eq!(v, Value::String(text.clone()));
    assert_eq!(encode(&v), bytes);
}

#[test]
fn s6_5_boundary_is_on_bytes_not_characters() {
    // 21845 × "€" (3 bytes each) = 65535 bytes: still a short string.
    let euro = "€".repeat(21845);
    let bytes = encode(&euro);
    assert_eq!(bytes[..3], [0x02, 0xff, 0xff]);
    assert_eq!(bytes.len(), 65538);
    assert_eq!(decode_bytes::<String>(&bytes), euro);
    // One more byte: 21845 characters + 1 = 65536 bytes, a long string,
    // although it has only 21846 characters.
    let longer = format!("{euro}a");
    let bytes = encode(&longer);
    assert_eq!(bytes[..5], [0x0c, 0x00, 0x01, 0x00, 0x00]);
    assert_eq!(bytes.len(), 65541);
    assert_eq!(decode_bytes::<String>(&bytes), longer);
    // 21846 × "€" = 65538 bytes.
    let bytes = encode(&"€".repeat(21846));
    assert_eq!(bytes[..5], [0x0c, 0x00, 0x01, 0x00, 0x02]);
}

#[test]
fn s6_5_readers_accept_either_form() {
    assert_eq!(decode::<String>("0c 00 00 00 01 61"), "a");
    assert_eq!(decode::<String>("0c 00 00 00 00"), "");
    assert_eq!(decode::<String>("02 00 00"), "");
    assert_eq!(decode::<char>("0c 00 00 00 01 61"), 'a');
    // A short long-string is a string in Value (written back as 02).
    assert_eq!(decode::<Value>("0c 00 00 00 01 61"), s("a"));
    // Borrowed from the slice, both forms.
    let bytes = hex("0c 00 00 00 02 68 69");
    let b: &str = amf0::from_slice(&bytes).unwrap();
    assert_eq!(b, "hi");
    assert!(bytes.as_ptr_range().contains(&b.as_ptr()));
    // Long strings as struct fields and keys' values.
    let long = "x".repeat(70_000);
    let m = BTreeMap::from([("k".to_owned(), long.clone())]);
    let bytes = encode(&m);
    assert_eq!(bytes[..5], [0x03, 0x00, 0x01, 0x6b, 0x0c]);
    assert_eq!(decode_bytes::<BTreeMap<String, String>>(&bytes), m);
}

#[test]
fn keys_and_class_aliases_have_no_long_form() {
    let m = BTreeMap::from([("k".repeat(65535), true)]);
    let bytes = encode(&m);
    assert_eq!(bytes[..3], [0x03, 0xff, 0xff]);
    assert_eq!(decode_bytes::<BTreeMap<String, bool>>(&bytes), m);

    let m = BTreeMap::from([("k".repeat(65536), true)]);
    let e = encode_err(&m);
    assert_eq!(
        e.to_string(),
        "AMF0 property name is longer than the format allows (65536 bytes, at most 65535)"
    );
    assert_eq!(e.classify(), Category::Data);
    let e = encode_err(&typed(&"C".repeat(65536), vec![]));
    assert!(e.to_string().contains("65536 bytes, at most 65535"), "{e}");
}

// ---------------------------------------------------------- §6.6 typed object

const FOO: &str = "10 00 03 46 6f 6f 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09";

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Foo {
    x: f64,
}

#[test]
fn s6_6_typed_object_via_value() {
    let foo = typed("Foo", vec![("x", d(1.0))]);
    assert_encodes(&foo, FOO);
    let v = value_roundtrip(FOO);
    assert_eq!(v, foo);
    assert_eq!(v.class(), Some("Foo"));
    assert_eq!(dynamic_members(&v), [("x".into(), d(1.0))]);
    // Sealed members are written as properties too.
    assert_encodes(&Value::from(Object::sealed("Foo", [("x", d(1.0))])), FOO);
    // An anonymous object differs only in the header.
    assert_encodes(
        &obj(vec![("x", d(1.0))]),
        "03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
}

#[test]
fn s6_6_typed_object_into_structs_and_maps() {
    assert_eq!(decode::<Foo>(FOO), Foo { x: 1.0 });
    #[derive(Deserialize, Debug, PartialEq)]
    struct IntFoo {
        x: i32,
    }
    assert_eq!(decode::<IntFoo>(FOO), IntFoo { x: 1 });
    assert_eq!(
        decode::<HashMap<String, f64>>(FOO),
        HashMap::from([("x".to_owned(), 1.0)])
    );
    assert_eq!(decode::<serde_json::Value>(FOO), json!({"x": 1.0}));
    // A struct is written as an anonymous object (no alias).
    assert_encodes(
        &Foo { x: 1.0 },
        "03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
}

#[test]
fn typed_object_fixture() {
    let bytes = fixture("objects", "amf0-typed-object.bin");
    let v: Value = decode_bytes(&bytes);
    assert_eq!(v.class(), Some("org.amf.ASClass"));
    assert_eq!(
        v,
        typed(
            "org.amf.ASClass",
            vec![("baz", Value::Null), ("foo", s("bar"))]
        )
    );
    #[derive(Deserialize, Debug, PartialEq)]
    struct AsClass {
        foo: String,
        baz: Option<String>,
    }
    assert_eq!(
        decode_bytes::<AsClass>(&bytes),
        AsClass {
            foo: "bar".into(),
            baz: None
        }
    );
}

// --------------------------------------------- §6.7 AMF3 value inside AMF0

const ARRAY_COLLECTION: &str = "11 0a 07 43 \
    66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e \
    41 72 72 61 79 43 6f 6c 6c 65 63 74 69 6f 6e \
    09 03 01 06 09 65 67 67 73";

#[test]
fn s6_7_array_collection_into_vec_transparently() {
    assert_eq!(decode::<Vec<String>>(ARRAY_COLLECTION), ["eggs"]);
    assert_eq!(
        decode::<serde_json::Value>(ARRAY_COLLECTION),
        json!(["eggs"])
    );
    let _: IgnoredAny = decode(ARRAY_COLLECTION);
}

#[test]
fn s6_7_array_collection_into_value_amf3() {
    let v = value_roundtrip(ARRAY_COLLECTION);
    // Externalizable objects exist only in AMF3: no wrapper.
    let inner = &v;
    let expected = Value::from(External {
        dynamic: false,
        class: "flex.messaging.io.ArrayCollection".into(),
        body: vec![DataItem::Value(Value::from(vec![s("eggs")]))],
    });
    assert_eq!(*inner, expected);
    assert_eq!(v.class(), Some("flex.messaging.io.ArrayCollection"));
    assert_eq!(v.as_external().unwrap().value().unwrap()[0], s("eggs"));
    // Built by hand, bare or wrapped, it writes the same bytes.
    assert_encodes(&expected, ARRAY_COLLECTION);
    assert_encodes(&Value::Amf3(Box::new(expected)), ARRAY_COLLECTION);
}
