//! AMF0 numbers into every numeric type, and maps with integer keys.

use super::*;

// ------------------------------------------------------------------ numbers

#[test]
fn integers_a_double_cannot_hold_are_encode_errors() {
    for e in [
        encode_err(&((1i64 << 53) + 1)),
        encode_err(&i64::MAX),
        encode_err(&u64::MAX),
        encode_err(&((1u64 << 53) + 1)),
        encode_err(&(i128::MAX)),
        encode_err(&(u128::MAX)),
        encode_err(&vec![(1i64 << 53) + 1]),
    ] {
        assert_eq!(e.classify(), Category::Data, "{e}");
        assert!(e.to_string().contains("without losing precision"), "{e}");
        assert_eq!(e.offset(), None);
    }
    let e = encode_err(&((1i64 << 53) + 1));
    assert!(
        e.to_string().starts_with("integer 9007199254740993 "),
        "{e}"
    );
    // Exactly representable ones are fine, however large.
    both_ways(&(1i64 << 53), "00 43 40 00 00 00 00 00 00");
    both_ways(&-(1i64 << 53), "00 c3 40 00 00 00 00 00 00");
    both_ways(&i64::MIN, "00 c3 e0 00 00 00 00 00 00");
    both_ways(&(1u64 << 63), "00 43 e0 00 00 00 00 00 00");
    assert_encodes(&(1i128 << 100), "00 46 30 00 00 00 00 00 00");
}

#[test]
fn integer_precision_error_names_amf0() {
    let e = encode_err(&((1i64 << 53) + 1));
    assert!(!e.to_string().contains("AMF3"), "{e}");
}

#[test]
fn integral_doubles_decode_into_integers() {
    assert_eq!(decode::<i32>(THIRTY), 30);
    assert_eq!(decode::<u8>(THIRTY), 30);
    assert_eq!(decode::<i64>("00 c3 40 00 00 00 00 00 00"), -(1i64 << 53));
    assert_eq!(decode::<u64>("00 43 e0 00 00 00 00 00 00"), 1u64 << 63);
    assert_eq!(decode::<i32>("00 80 00 00 00 00 00 00 00"), 0); // -0.0
    assert_eq!(decode::<f32>("00 3f e0 00 00 00 00 00 00"), 0.5);
    // Through the switch: AMF3 integers and doubles.
    assert_eq!(decode::<i32>("11 04 7f"), 127);
    assert_eq!(decode::<f64>("11 04 7f"), 127.0);
}

#[test]
fn non_integral_and_out_of_range_doubles_are_errors() {
    let e = decode_err::<i32>(
        &hex("00 3f f8 00 00 00 00 00 00"),
        "number 1.5 is not a valid i32 at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Data);
    decode_err::<u64>(
        &hex("00 bf f0 00 00 00 00 00 00"),
        "number -1.0 is not a valid u64 at byte offset 0",
    );
    decode_err::<i64>(
        &hex("00 7f f8 00 00 00 00 00 00"),
        "number NaN is not a valid i64 at byte offset 0",
    );
    // In a struct field, the offset is the field value's.
    decode_err::<P>(
        &hex("03 00 01 78 00 3f f8 00 00 00 00 00 00 00 00 09"),
        "number 1.5 is not a valid i32 at byte offset 4",
    );
    // Integral but too large for the type.
    let e = amf0::from_slice::<u8>(&hex("00 40 70 00 00 00 00 00 00")).unwrap_err();
    assert!(e.to_string().contains("256"), "{e}");
    assert_eq!(e.offset(), Some(0));
}

#[test]
fn nan_and_infinities_are_plain_doubles() {
    both_ways(&f64::INFINITY, "00 7f f0 00 00 00 00 00 00");
    both_ways(&f64::NEG_INFINITY, "00 ff f0 00 00 00 00 00 00");
    let nan = f64::from_bits(0x7ff8_0000_0000_0001);
    let bytes = encode(&nan);
    assert_eq!(bytes, hex("00 7f f8 00 00 00 00 00 01"));
    let a: f64 = amf0::from_slice(&bytes).unwrap();
    let b: f64 = amf0::from_reader(bytes.as_slice()).unwrap();
    assert_eq!(a.to_bits(), nan.to_bits());
    assert_eq!(b.to_bits(), nan.to_bits());
    value_roundtrip("00 7f f8 00 00 00 00 00 01");
    value_roundtrip("00 80 00 00 00 00 00 00 00");
}

// ------------------------------------------------- maps with integer keys

#[test]
fn maps_with_integer_keys_are_ecma_arrays() {
    assert_encodes(
        &BTreeMap::from([(1u32, "a".to_owned()), (10, "b".to_owned())]),
        "08 00 00 00 02 00 01 31 02 00 01 61 00 02 31 30 02 00 01 62 00 00 09",
    );
    assert_encodes(
        &BTreeMap::from([(-1i32, true)]),
        "08 00 00 00 01 00 02 2d 31 01 01 00 00 09",
    );
    assert_encodes(
        &BTreeMap::from([(0u64, 0.5f64)]),
        "08 00 00 00 01 00 01 30 00 3f e0 00 00 00 00 00 00 00 00 09",
    );
    assert_encodes(
        &BTreeMap::from([(7u8, ())]),
        "08 00 00 00 01 00 01 37 05 00 00 09",
    );
    // Decoded into Value: an ECMA array with the count as written.
    let v = value_roundtrip("08 00 00 00 02 00 01 31 02 00 01 61 00 02 31 30 02 00 01 62 00 00 09");
    assert_eq!(v, ecma(2, vec![("1", s("a")), ("10", s("b"))]));
    assert_eq!(
        decode::<HashMap<String, String>>(
            "08 00 00 00 02 00 01 31 02 00 01 61 00 02 31 30 02 00 01 62 00 00 09"
        ),
        HashMap::from([("1".into(), "a".into()), ("10".into(), "b".into())])
    );
}

#[test]
fn integer_keyed_maps_decode_back() {
    both_ways(
        &BTreeMap::from([(0u32, true)]),
        "08 00 00 00 01 00 01 30 01 01 00 00 09",
    );
    both_ways(
        &BTreeMap::from([(1u32, "a".to_owned()), (10, "b".to_owned())]),
        "08 00 00 00 02 00 01 31 02 00 01 61 00 02 31 30 02 00 01 62 00 00 09",
    );
    both_ways(
        &BTreeMap::from([(-1i32, true)]),
        "08 00 00 00 01 00 02 2d 31 01 01 00 00 09",
    );
    let m: BTreeMap<u32, String> = decode(ORDINAL);
    assert_eq!(m[&2], "c");
    // Integer keys from an anonymous object too (AMF3 decodes these).
    assert_eq!(
        decode::<BTreeMap<u16, bool>>("03 00 01 37 01 01 00 00 09"),
        BTreeMap::from([(7, true)])
    );
}

#[test]
fn map_keys_must_be_strings_or_integers() {
    let e = encode_err(&BTreeMap::from([(true, 1)]));
    assert_eq!(e.to_string(), "key must be a string, found a boolean");
    let e = encode_err(&BTreeMap::from([((1, 2), 1)]));
    assert_eq!(e.to_string(), "key must be a string, found a tuple");
}

#[test]
fn empty_string_key_in_ecma_array() {
    let bytes = fixture("objects", "amf0-empty-string-key-hash.bin");
    let m: HashMap<String, String> = decode_bytes(&bytes);
    assert_eq!(
        m,
        HashMap::from([
            ("c".to_owned(), "d".to_owned()),
            ("a".to_owned(), "b".to_owned()),
            (String::new(), "last".to_owned()),
        ])
    );
    let v: Value = decode_bytes(&bytes);
    assert_eq!(
        v,
        ecma(0, vec![("c", s("d")), ("a", s("b")), ("", s("last"))])
    );
    assert_eq!(encode(&v), bytes);
    // An empty key in an anonymous object too; Value writes it back.
    let input = "03 00 00 02 00 01 78 00 00 09";
    let m: HashMap<String, String> = decode(input);
    assert_eq!(m[""], "x");
    value_roundtrip(input);
    assert_encodes(&BTreeMap::from([(String::new(), 'x')]), input);
}
