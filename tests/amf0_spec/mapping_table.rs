//! One test per row of the rustdoc serde <-> AMF0 mapping table.

use super::*;

// ------------------------------------------------ rustdoc mapping table rows

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Unit;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Meters(f64);

#[test]
fn mapping_table_bool_and_numbers() {
    both_ways(&true, "01 01");
    both_ways(&false, "01 00");
    both_ways(&30i8, THIRTY);
    both_ways(&30i16, THIRTY);
    both_ways(&30i32, THIRTY);
    both_ways(&30i64, THIRTY);
    both_ways(&30i128, THIRTY);
    both_ways(&30u8, THIRTY);
    both_ways(&30u16, THIRTY);
    both_ways(&30u32, THIRTY);
    both_ways(&30u64, THIRTY);
    both_ways(&30u128, THIRTY);
    both_ways(&30f32, THIRTY);
    both_ways(&30f64, THIRTY);
    both_ways(&-1i32, "00 bf f0 00 00 00 00 00 00");
    both_ways(&0.5f64, "00 3f e0 00 00 00 00 00 00");
    // Any non-zero byte is true.
    assert!(decode::<bool>("01 02"));
    assert!(decode::<bool>("01 ff"));
    assert_eq!(decode::<Value>("01 7f"), Value::Bool(true));
}

#[test]
fn mapping_table_strings_and_chars() {
    both_ways(&"a".to_owned(), "02 00 01 61");
    assert_encodes("a", "02 00 01 61");
    both_ways(&'a', "02 00 01 61");
    both_ways(&'é', "02 00 02 c3 a9");
    both_ways(&String::new(), "02 00 00");
}

#[test]
fn mapping_table_bytes_default_amf3_byte_array() {
    both_ways(&ByteBuf::from(vec![1, 2]), "11 0c 05 01 02");
    assert_encodes(&serde_bytes::Bytes::new(&[1, 2]), "11 0c 05 01 02");
    both_ways(&ByteBuf::new(), "11 0c 01");
    // Borrowed from the slice.
    let bytes = hex("11 0c 05 01 02");
    let b: &serde_bytes::Bytes = amf0::from_slice(&bytes).unwrap();
    assert_eq!(b.as_ref(), [1, 2]);
    // In Value: a ByteArray behind the switch.
    let v = value_roundtrip("11 0c 05 01 02");
    assert_eq!(v.as_bytes(), Some(&[1u8, 2][..]));
    // A kind only AMF3 has needs no `Value::Amf3` wrapper.
    assert!(matches!(v, Value::ByteArray(_)));
    // A bare Value::ByteArray is written behind the switch as well.
    assert_encodes(
        &Value::from(amf_serde::types::ByteArray(vec![1, 2])),
        "11 0c 05 01 02",
    );
}

#[test]
fn mapping_table_bytes_number_array_mode() {
    let opts = Options::new().with_amf0_bytes(Amf0Bytes::NumberArray);
    let bytes = opts.amf0_to_vec(&serde_bytes::Bytes::new(&[1, 2])).unwrap();
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex(
            "0a 00 00 00 02 00 3f f0 00 00 00 00 00 00 00 40 00 00 00 00 00 00 00"
        ))
    );
    assert_eq!(
        opts.amf0_from_slice::<ByteBuf>(&bytes).unwrap(),
        ByteBuf::from(vec![1, 2])
    );
    assert_eq!(amf0::from_slice::<Vec<u8>>(&bytes).unwrap(), [1, 2]);
    let empty = opts.amf0_to_vec(&ByteBuf::new()).unwrap();
    assert_eq!(empty, hex("0a 00 00 00 00"));
    // The number array is a complex value: it takes reference index 1 here.
    #[derive(Serialize)]
    struct Blob {
        #[serde(with = "serde_bytes")]
        b: Vec<u8>,
    }
    let bytes = opts.amf0_to_vec(&vec![Blob { b: vec![255] }]).unwrap();
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex(
            "0a 00 00 00 01 03 00 01 62 0a 00 00 00 01 00 40 6f e0 00 00 00 00 00 00 00 09"
        ))
    );
    // Serializer::with_options writes the same.
    let mut ser = amf0::Serializer::with_options(Vec::new(), &opts);
    ser.serialize_value(&serde_bytes::Bytes::new(&[1, 2]))
        .unwrap();
    assert_eq!(
        ser.into_inner(),
        hex("0a 00 00 00 02 00 3f f0 00 00 00 00 00 00 00 40 00 00 00 00 00 00 00")
    );
}

#[test]
fn mapping_table_null_option_unit() {
    both_ways(&None::<i32>, "05");
    both_ways(&(), "05");
    both_ways(&Unit, "05");
    both_ways(&Some(1), "00 3f f0 00 00 00 00 00 00");
    both_ways(&Some("x".to_owned()), "02 00 01 78");
    both_ways(&Meters(1.0), "00 3f f0 00 00 00 00 00 00");
    assert_eq!(decode::<Option<i32>>("06"), None);
    assert_eq!(decode::<()>("06"), ());
    assert_eq!(decode::<Value>("05"), Value::Null);
    assert_eq!(decode::<Value>("06"), Value::Undefined);
    value_roundtrip("05");
    value_roundtrip("06");
}

#[test]
fn mapping_table_sequences_and_tuples() {
    both_ways(&vec![true], "0a 00 00 00 01 01 01");
    both_ways(&(true,), "0a 00 00 00 01 01 01");
    both_ways(&[true; 1], "0a 00 00 00 01 01 01");
    both_ways(&Vec::<i32>::new(), "0a 00 00 00 00");
    both_ways(
        &(1u8, "a".to_owned()),
        "0a 00 00 00 02 00 3f f0 00 00 00 00 00 00 02 00 01 61",
    );
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Pair(bool, bool);
    both_ways(&Pair(true, false), "0a 00 00 00 02 01 01 01 00");
    // A sequence of unknown length gets its count patched.
    struct Unknown;
    impl Serialize for Unknown {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = s.serialize_seq(None)?;
            seq.serialize_element(&true)?;
            seq.serialize_element(&false)?;
            seq.end()
        }
    }
    assert_encodes(&Unknown, "0a 00 00 00 02 01 01 01 00");
    // A strict array with `undefined` holes reads into options.
    assert_eq!(
        decode::<Vec<Option<bool>>>("0a 00 00 00 03 01 01 06 05"),
        [Some(true), None, None]
    );
}

#[test]
fn mapping_table_struct_and_maps() {
    both_ways(
        &P { x: 1 },
        "03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09",
    );
    both_ways(
        &BTreeMap::from([("a".to_owned(), true)]),
        "03 00 01 61 01 01 00 00 09",
    );
    both_ways(&BTreeMap::<String, bool>::new(), "03 00 00 09");
    assert_encodes(&HashMap::from([("a", true)]), "03 00 01 61 01 01 00 00 09");
    assert_encodes(
        &BTreeMap::from([(0u32, true)]),
        "08 00 00 00 01 00 01 30 01 01 00 00 09",
    );
    // (Decoding it back into an integer-keyed map: see
    // `integer_keyed_maps_decode_back`.)
    assert_eq!(
        decode::<BTreeMap<String, bool>>("08 00 00 00 01 00 01 30 01 01 00 00 09"),
        BTreeMap::from([("0".to_owned(), true)])
    );
}

#[test]
fn mapping_table_enums() {
    both_ways(&E::A, "02 00 01 41");
    both_ways(&E::B(true), "03 00 01 42 01 01 00 00 09");
    both_ways(
        &E::C(1, "x".into()),
        "03 00 01 43 0a 00 00 00 02 00 3f f0 00 00 00 00 00 00 02 00 01 78 00 00 09",
    );
    both_ways(
        &E::D { x: 1 },
        "03 00 01 44 03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09 00 00 09",
    );
    both_ways(
        &vec![E::A, E::B(false)],
        "0a 00 00 00 02 02 00 01 41 03 00 01 42 01 00 00 00 09",
    );
    // A long-string variant name and a typed-object wrapper are accepted.
    assert_eq!(decode::<E>("0c 00 00 00 01 41"), E::A);
    assert_eq!(
        decode::<E>("10 00 01 5a 00 01 42 01 01 00 00 09"),
        E::B(true)
    );
    // Two members are not an enum.
    let e = decode_err::<E>(
        &hex("03 00 01 42 01 01 00 01 41 05 00 00 09"),
        "an enum must be encoded as a string or as an object with exactly one member at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Data);
    let e = amf0::from_slice::<E>(&hex("02 00 01 5a")).unwrap_err();
    assert!(e.to_string().contains("unknown variant `Z`"), "{e}");
}

#[test]
fn enum_values_in_value_form() {
    // What the enums decode to without a schema.
    assert_eq!(decode::<Value>("02 00 01 41"), s("A"));
    assert_eq!(
        value_roundtrip("03 00 01 42 01 01 00 00 09"),
        obj(vec![("B", Value::Bool(true))])
    );
}
