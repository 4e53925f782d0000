//! The serde data model mapped onto AMF3: every serde type encoded and decoded.

use super::*;

// ==================================================== serde data model

#[test]
fn bool_unit_option() {
    assert_both(&true, "03");
    assert_both(&false, "02");
    assert_both(&(), "01");
    assert_both(&Unit, "01");
    assert_both(&None::<i32>, "01");
    assert_both(&Some(5), "04 05");
    assert_both(&Some("a".to_owned()), "06 03 61");
    assert_both(&vec![Some(1), None, Some(3)], "09 07 01 04 01 01 04 03");
    assert!(decode_err::<bool>("04 01").is_data());
}

#[test]
fn tuples_and_newtypes() {
    assert_both(&(1, "a".to_owned(), true), "09 07 01 04 01 06 03 61 03");
    assert_both(&Meters(5), "04 05");
    assert_both(
        &vec![Meters(1), Meters(-1)],
        "09 05 01 04 01 04 ff ff ff ff",
    );
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Pair(i32, String);
    assert_both(&Pair(2, "b".to_owned()), "09 05 01 04 02 06 03 62");
    assert_both(&Vec::<i32>::new(), "09 01 01");
    assert!(decode_err::<(i32, i32)>("09 03 01 04 01").is_data());
}

#[test]
fn enum_variants_exact_bytes() {
    assert_both(&E::A, "06 03 41");
    assert_both(&E::B(7), "0a 0b 01 03 42 04 07 01");
    assert_both(
        &E::C(1, "x".to_owned()),
        "0a 0b 01 03 43 09 05 01 04 01 06 03 78 01",
    );
    assert_both(&E::D { q: true }, "0a 0b 01 03 44 0a 13 01 03 71 03 01");
}

#[test]
fn enum_variants_share_tables_in_a_sequence() {
    assert_both(
        &vec![
            E::A,
            E::B(1),
            E::B(2),
            E::D { q: true },
            E::D { q: false },
            E::C(1, "x".to_owned()),
        ],
        "09 0d 01 \
         06 03 41 \
         0a 0b 01 03 42 04 01 01 \
         0a 01 02 04 02 01 \
         0a 01 03 44 0a 13 01 03 71 03 01 \
         0a 01 04 0a 05 02 01 \
         0a 01 03 43 09 05 01 04 01 06 03 78 01",
    );
}

#[test]
fn enum_decodes_from_other_writers_shapes() {
    // A sealed one-member object (BlazeDS writes maps sealed).
    assert_decodes("0a 13 01 03 42 04 07", &E::B(7));
    // A dynamic struct-variant body.
    assert_decodes("0a 0b 01 03 44 0a 0b 01 03 71 03 01 01", &E::D { q: true });
    // Unknown variant and bad shapes are errors.
    assert!(decode_err::<E>("06 03 5a").is_data());
    assert!(decode_err::<E>("04 01").is_data());
    assert!(decode_err::<E>("0a 0b 01 03 42 04 07 03 43 04 01 01").is_data());
}

#[test]
fn newtype_variant_holding_a_struct() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum W {
        S(P),
    }
    assert_both(
        &W::S(P { x: 1, y: 2 }),
        "0a 0b 01 03 53 0a 23 01 03 78 03 79 04 01 04 02 01",
    );
}

#[test]
fn nested_structs() {
    let value = Outer {
        name: "o".to_owned(),
        inner: Inner { a: 1, b: None },
        list: vec![Inner {
            a: 2,
            b: Some("o".to_owned()),
        }],
    };
    assert_both(
        &value,
        "0a 33 01 09 6e 61 6d 65 0b 69 6e 6e 65 72 09 6c 69 73 74 \
         06 03 6f \
         0a 23 01 03 61 03 62 04 01 01 \
         09 03 01 0a 05 04 02 06 06",
    );
}

#[test]
fn skip_serializing_if_changes_field_count() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct S {
        a: i32,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<i32>,
        c: i32,
    }
    let list = vec![
        S {
            a: 1,
            b: None,
            c: 2,
        },
        S {
            a: 3,
            b: Some(4),
            c: 5,
        },
        S {
            a: 6,
            b: None,
            c: 7,
        },
        S {
            a: 8,
            b: Some(9),
            c: 10,
        },
    ];
    assert_both(
        &list,
        "09 09 01 \
         0a 23 01 03 61 03 63 04 01 04 02 \
         0a 33 01 00 03 62 02 04 03 04 04 04 05 \
         0a 01 04 06 04 07 \
         0a 05 04 08 04 09 04 0a",
    );
}

#[test]
fn skip_serializing_if_same_count_different_fields() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct T {
        #[serde(skip_serializing_if = "Option::is_none")]
        x: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        y: Option<i32>,
    }
    let list = vec![
        T {
            x: Some(1),
            y: None,
        },
        T {
            x: None,
            y: Some(2),
        },
        T {
            x: Some(3),
            y: None,
        },
        T {
            x: Some(4),
            y: Some(5),
        },
        T { x: None, y: None },
        T {
            x: None,
            y: Some(6),
        },
    ];
    assert_both(
        &list,
        "09 0d 01 \
         0a 13 01 03 78 04 01 \
         0a 13 01 03 79 04 02 \
         0a 01 04 03 \
         0a 23 01 00 02 04 04 04 05 \
         0a 03 01 \
         0a 05 04 06",
    );
}

#[test]
fn skip_serializing_if_each_object_decodes_right() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct R {
        #[serde(skip_serializing_if = "String::is_empty", default)]
        name: String,
        #[serde(skip_serializing_if = "Vec::is_empty", default)]
        tags: Vec<String>,
        n: i32,
    }
    let list: Vec<R> = (0..12)
        .map(|i| R {
            name: if i % 2 == 0 {
                format!("n{}", i % 3)
            } else {
                String::new()
            },
            tags: (0..i % 3).map(|t| format!("t{t}")).collect(),
            n: i,
        })
        .collect();
    let bytes = encode(&list);
    let back: Vec<R> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, list);
    let back: Vec<R> = amf_serde::from_reader(bytes.as_slice()).unwrap();
    assert_eq!(back, list);
    // Each object also decodes right on its own into a generic value.
    let generic: Vec<serde_json::Value> = amf_serde::from_slice(&bytes).unwrap();
    for (v, r) in generic.iter().zip(&list) {
        let obj = v.as_object().unwrap();
        assert_eq!(obj.get("n"), Some(&json!(r.n)));
        assert_eq!(obj.contains_key("name"), !r.name.is_empty());
        assert_eq!(obj.contains_key("tags"), !r.tags.is_empty());
    }
}

#[test]
fn maps_with_string_keys() {
    let m: BTreeMap<String, i32> = [("a".to_owned(), 1), ("b".to_owned(), 2)].into();
    assert_both(&m, "0a 0b 01 03 61 04 01 03 62 04 02 01");
    let m: BTreeMap<char, bool> = [('x', true)].into();
    assert_both(&m, "0a 0b 01 03 78 03 01");
    // Keys and string values share the string table.
    let m: BTreeMap<String, String> = [("a".to_owned(), "a".to_owned())].into();
    assert_both(&m, "0a 0b 01 03 61 06 00 01");
    // Unit-variant keys are strings too.
    #[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
    enum K {
        Left,
    }
    let m: BTreeMap<K, i32> = [(K::Left, 1)].into();
    assert_both(&m, "0a 0b 01 09 4c 65 66 74 04 01 01");
}

#[test]
fn maps_with_integer_keys_are_dictionaries() {
    let m: BTreeMap<i32, String> = [(1, "a".to_owned()), (2, "b".to_owned())].into();
    assert_both(&m, "11 05 00 04 01 06 03 61 04 02 06 03 62");
    let m: BTreeMap<u64, bool> = [(1 << 40, true)].into();
    assert_both(&m, "11 03 00 05 42 70 00 00 00 00 00 00 03");
    let m: BTreeMap<bool, i32> = [(false, 0)].into();
    assert_both(&m, "11 03 00 02 04 00");
}

#[test]
fn empty_map_is_an_empty_dynamic_object() {
    assert_both(&BTreeMap::<String, i32>::new(), "0a 0b 01 01");
    assert_encodes(&BTreeMap::<i32, i32>::new(), "0a 0b 01 01");
    assert_encodes(&NoLenMap::<String, i32>(vec![]), "0a 0b 01 01");
    assert_decodes("0a 0b 01 01", &json!({}));
}

#[test]
fn empty_string_key_is_an_encode_error() {
    let msg =
        "the empty string cannot be an AMF3 dynamic member name (it terminates the member list)";
    let m: BTreeMap<String, i32> = [(String::new(), 1)].into();
    let e = encode_err(&m);
    assert_eq!(e.to_string(), msg);
    assert_eq!(e.classify(), Category::Data);
    let e = encode_err(&NoLenMap(vec![("a", 1), ("", 2)]));
    assert_eq!(e.to_string(), msg);
    let e = encode_err(&vec![NoLenMap(vec![("", 1)])]);
    assert_eq!(e.to_string(), msg);
}

#[test]
fn mixed_key_types_are_an_encode_error() {
    let e = encode_err(&NoLenMap(vec![(json!("a"), 1), (json!(2), 2)]));
    assert_eq!(e.to_string(), "key must be a string, found an integer");
    assert_eq!(e.classify(), Category::Data);
}

#[test]
fn sequences_of_unknown_length_get_a_minimal_count() {
    assert_encodes(&NoLen(Vec::<i32>::new()), "09 01 01");
    assert_encodes(&NoLen(vec![1, 2, 3]), "09 07 01 04 01 04 02 04 03");
    assert_encodes(&Evens(3), "09 07 01 04 00 04 02 04 04");
    assert_encodes(&Evens(0), "09 01 01");

    let cases: &[(usize, &str)] = &[
        (63, "09 7f 01"),
        (64, "09 81 01 01"),
        (8191, "09 ff 7f 01"),
        (8192, "09 81 80 01 01"),
    ];
    for &(n, prefix) in cases {
        let items = vec![true; n];
        let bytes = encode(&NoLen(items.clone()));
        let prefix = hex(prefix);
        assert_eq!(to_hex(&bytes[..prefix.len()]), to_hex(&prefix), "n = {n}");
        assert_eq!(bytes.len(), prefix.len() + n, "n = {n}");
        assert_eq!(bytes, encode(&items), "same as a known-length Vec, n = {n}");
        let back: Vec<bool> = amf_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, items);
    }
    let bytes = encode(&Evens(100));
    assert_eq!(to_hex(&bytes[..4]), "09 81 49 01");
    let back: Vec<u32> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, (0..200).filter(|n| n % 2 == 0).collect::<Vec<_>>());
}

#[test]
fn nested_sequences_of_unknown_length() {
    assert_encodes(
        &NoLen(vec![NoLen(vec![1, 2]), NoLen(vec![]), NoLen(vec![3])]),
        "09 07 01 09 05 01 04 01 04 02 09 01 01 09 03 01 04 03",
    );
    assert_encodes(
        &NoLen(vec![P { x: 1, y: 2 }, P { x: 3, y: 4 }]),
        "09 05 01 0a 23 01 03 78 03 79 04 01 04 02 0a 01 04 03 04 04",
    );
    // A long unknown-length sequence inside another: both counts patched.
    let inner = NoLen(vec![0u8; 70]);
    let bytes = encode(&NoLen(vec![inner]));
    assert_eq!(to_hex(&bytes[..7]), "09 03 01 09 81 0d 01");
    assert_eq!(bytes.len(), 7 + 2 * 70);
}

#[test]
fn maps_of_unknown_length() {
    assert_encodes(
        &NoLenMap(vec![(1, "a"), (2, "b")]),
        "11 05 00 04 01 06 03 61 04 02 06 03 62",
    );
    assert_encodes(
        &NoLenMap(vec![("b", 1), ("a", 2)]),
        "0a 0b 01 03 62 04 01 03 61 04 02 01",
    );
    let entries: Vec<(i32, bool)> = (0..100).map(|i| (i, true)).collect();
    let bytes = encode(&NoLenMap(entries));
    assert_eq!(to_hex(&bytes[..4]), "11 81 49 00");
    let back: BTreeMap<i32, bool> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, (0..100).map(|i| (i, true)).collect());
}

#[test]
fn to_writer_equals_to_vec() {
    fn check<T: Serialize + ?Sized>(value: &T) {
        let v = amf_serde::to_vec(value).unwrap();
        let mut w = Vec::new();
        amf_serde::to_writer(&mut w, value).unwrap();
        assert_eq!(to_hex(&w), to_hex(&v));
        let mut w = std::io::Cursor::new(Vec::new());
        amf_serde::amf3::to_writer(&mut w, value).unwrap();
        assert_eq!(to_hex(w.get_ref()), to_hex(&v));
    }
    check(&1);
    check(&"foo");
    check(&vec![P { x: 1, y: 2 }, P { x: 3, y: 4 }]);
    check(&E::D { q: true });
    check(&NoLen(vec![NoLen(vec!["a", "a"])]));
    check(&Outer {
        name: "n".to_owned(),
        inner: Inner { a: 1, b: None },
        list: vec![],
    });
}

#[test]
fn from_reader_equals_from_slice() {
    fn check<T: DeserializeOwned + Debug + PartialEq>(input: &str) {
        let bytes = hex(input);
        let a: T = amf_serde::from_slice(&bytes).unwrap();
        let b: T = amf_serde::from_reader(bytes.as_slice()).unwrap();
        let c: T = amf_serde::amf3::from_reader(std::io::Cursor::new(bytes.clone())).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
    }
    check::<serde_json::Value>(OBJECT_REFS);
    check::<serde_json::Value>(ASSOC_ARRAY);
    check::<Vec<ASClass>>(VECTOR_OBJECT);
    check::<Entries<DictKey, String>>(DICTIONARY);
    check::<Vec<f64>>("09 05 01 08 01 42 76 f5 e6 6e 80 00 00 08 02");
    check::<Vec<String>>("09 0d 01 06 07 66 6f 6f 06 00 06 01 06 01 06 07 62 61 72 06 00");
}

#[test]
fn trailing_bytes_are_rejected() {
    let e = decode_err::<i32>("04 01 01");
    assert_eq!(e.classify(), Category::Syntax);
    assert_eq!(e.offset(), Some(2));
}

#[test]
fn serializer_tables_reset_per_top_level_value() {
    let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
    ser.serialize_value("foo").unwrap();
    ser.serialize_value("foo").unwrap();
    ser.serialize_value(&P { x: 1, y: 2 }).unwrap();
    ser.serialize_value(&P { x: 1, y: 2 }).unwrap();
    assert_eq!(
        to_hex(&ser.into_inner()),
        to_hex(&hex("06 07 66 6f 6f 06 07 66 6f 6f \
             0a 23 01 03 78 03 79 04 01 04 02 \
             0a 23 01 03 78 03 79 04 01 04 02"))
    );
    // A struct serialized directly at the very top is written dynamic.
    let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
    P { x: 1, y: 2 }.serialize(&mut ser).unwrap();
    assert_eq!(
        to_hex(&ser.into_inner()),
        to_hex(&hex("0a 0b 01 03 78 04 01 03 79 04 02 01"))
    );
}

#[test]
fn deserializer_tables_reset_per_top_level_value() {
    let bytes = hex("06 07 66 6f 6f 06 07 66 6f 6f 04 05");
    let de = amf_serde::amf3::Deserializer::from_slice(&bytes);
    let mut it = de.into_iter::<serde_json::Value>();
    assert_eq!(it.next().unwrap().unwrap(), json!("foo"));
    assert_eq!(it.next().unwrap().unwrap(), json!("foo"));
    assert_eq!(it.next().unwrap().unwrap(), json!(5));
    assert!(it.next().is_none());
    // A reference into the previous value's table is out of range.
    let bytes = hex("06 07 66 6f 6f 06 00");
    let de = amf_serde::amf3::Deserializer::from_slice(&bytes);
    let results: Vec<_> = de.into_iter::<String>().collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_deref().unwrap(), "foo");
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(e.classify(), Category::Syntax);
    assert_eq!(e.offset(), Some(6));
}
