//! amf3.md §8.1 integers and gotchas §7 (int vs double) in typed serde.

use super::*;

// ============================================================ §8.1 integers

/// `amf3.md` §8.1, every row.
const INT_TABLE: &[(i64, &str)] = &[
    (0, "04 00"),
    (127, "04 7f"),
    (128, "04 81 00"),
    (16383, "04 ff 7f"),
    (16384, "04 81 80 00"),
    (2097151, "04 ff ff 7f"),
    (2097152, "04 80 c0 80 00"),
    (268435455, "04 bf ff ff ff"),
    (-1, "04 ff ff ff ff"),
    (-268435456, "04 c0 80 80 00"),
    (268435456, "05 41 b0 00 00 00 00 00 00"),
    (-268435457, "05 c1 b0 00 00 01 00 00 00"),
];

#[test]
fn spec_8_1_integer_table_encodes_from_every_integer_type() {
    for &(v, bytes) in INT_TABLE {
        assert_encodes(&v, bytes);
        if let Ok(n) = i32::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = i16::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = i8::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = u64::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = u32::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = u16::try_from(v) {
            assert_encodes(&n, bytes);
        }
        if let Ok(n) = u8::try_from(v) {
            assert_encodes(&n, bytes);
        }
        assert_encodes(&i128::from(v), bytes);
    }
}

#[test]
fn spec_8_1_integer_table_decodes_into_every_integer_type() {
    for &(v, bytes) in INT_TABLE {
        assert_decodes::<i64>(bytes, &v);
        assert_decodes::<f64>(bytes, &(v as f64));
        if let Ok(n) = i32::try_from(v) {
            assert_decodes::<i32>(bytes, &n);
        } else {
            decode_err::<i16>(bytes);
        }
        if let Ok(n) = u64::try_from(v) {
            assert_decodes::<u64>(bytes, &n);
        } else {
            decode_err::<u64>(bytes);
        }
        if let Ok(n) = u32::try_from(v) {
            assert_decodes::<u32>(bytes, &n);
        } else {
            decode_err::<u32>(bytes);
        }
        match i16::try_from(v) {
            Ok(n) => assert_decodes::<i16>(bytes, &n),
            Err(_) => {
                decode_err::<i16>(bytes);
            }
        }
        match u8::try_from(v) {
            Ok(n) => assert_decodes::<u8>(bytes, &n),
            Err(_) => {
                decode_err::<u8>(bytes);
            }
        }
        assert_decodes::<i128>(bytes, &i128::from(v));
    }
}

#[test]
fn spec_8_1_integer_table_decodes_into_json_values() {
    for &(v, bytes) in INT_TABLE {
        let value: serde_json::Value = decode(bytes);
        if bytes.starts_with("04") {
            assert_eq!(value, json!(v), "{bytes}");
        } else {
            assert_eq!(value, json!(v as f64), "{bytes}");
        }
    }
}

#[test]
fn integers_beyond_29_bits_are_doubles_not_truncated_u29() {
    // BlazeDS writes 2^29 as `80 80 80 00` (reads back as 0): we must not.
    assert_both(&536870912u32, "05 41 c0 00 00 00 00 00 00");
    assert_both(&536870912i64, "05 41 c0 00 00 00 00 00 00");
    assert_both(&u32::MAX, "05 41 ef ff ff ff e0 00 00");
    assert_both(&i32::MAX, "05 41 df ff ff ff c0 00 00");
    assert_both(&i32::MIN, "05 c1 e0 00 00 00 00 00 00");
}

#[test]
fn u64_and_i64_up_to_2_pow_53_encode_as_doubles() {
    assert_both(&(1u64 << 53), "05 43 40 00 00 00 00 00 00");
    assert_both(&(1i64 << 53), "05 43 40 00 00 00 00 00 00");
    assert_both(&-(1i64 << 53), "05 c3 40 00 00 00 00 00 00");
    // Beyond 2^53, values a double holds exactly are still fine.
    assert_both(&((1u64 << 53) + 2), "05 43 40 00 00 00 00 00 01");
    assert_both(&(1u64 << 63), "05 43 e0 00 00 00 00 00 00");
    assert_both(&i64::MIN, "05 c3 e0 00 00 00 00 00 00");
}

#[test]
fn u64_and_i64_not_exactly_representable_are_encode_errors() {
    let e = encode_err(&((1u64 << 53) + 1));
    assert_eq!(
        e.to_string(),
        "integer 9007199254740993 cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)"
    );
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), None);

    let e = encode_err(&((1i64 << 53) + 1));
    assert_eq!(
        e.to_string(),
        "integer 9007199254740993 cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)"
    );
    let e = encode_err(&(-(1i64 << 53) - 1));
    assert_eq!(
        e.to_string(),
        "integer -9007199254740993 cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)"
    );
    assert!(encode_err(&i64::MAX).is_data());
    assert!(encode_err(&u64::MAX).is_data());
    // Inside a container the error still surfaces.
    assert!(encode_err(&vec![1u64, (1u64 << 53) + 1]).is_data());
}

// =============================================== gotchas §7: int vs double

#[test]
fn gotchas_7_float_targets_accept_integers() {
    assert_decodes::<f64>("04 00", &0.0);
    assert_decodes::<f64>("04 ff ff ff ff", &-1.0);
    assert_decodes::<f32>("04 07", &7.0);

    #[derive(Debug, PartialEq, Deserialize)]
    struct Stamp {
        timestamp: f64,
    }
    // Flash: a Number property holding 0 arrives as `04 00`.
    assert_decodes(
        "0a 13 01 13 74 69 6d 65 73 74 61 6d 70 04 00",
        &Stamp { timestamp: 0.0 },
    );
}

#[test]
fn gotchas_7_integer_targets_accept_integral_doubles() {
    assert_decodes::<i32>("05 40 45 00 00 00 00 00 00", &42);
    assert_decodes::<u8>("05 40 45 00 00 00 00 00 00", &42);
    assert_decodes::<i64>("05 41 b0 00 00 00 00 00 00", &268435456);
    assert_decodes::<u32>("05 41 ef ff ff ff e0 00 00", &u32::MAX);
    assert_decodes::<i64>("05 c3 40 00 00 00 00 00 00", &-(1i64 << 53));
    assert_decodes::<i32>("05 80 00 00 00 00 00 00 00", &0); // -0.0

    #[derive(Debug, PartialEq, Deserialize)]
    struct Count {
        n: i32,
    }
    // BlazeDS writes a Java long as a double.
    assert_decodes(
        "0a 13 01 03 6e 05 40 45 00 00 00 00 00 00",
        &Count { n: 42 },
    );
    let e = decode_err::<Count>("0a 13 01 03 6e 05 3f f8 00 00 00 00 00 00");
    assert_eq!(
        e.to_string(),
        "number 1.5 is not a valid i32 at byte offset 5"
    );
    assert_eq!(e.classify(), Category::Data);
}

#[test]
fn gotchas_7_fractional_or_out_of_range_doubles_are_rejected() {
    let e = decode_err::<i32>("05 3f f8 00 00 00 00 00 00");
    assert_eq!(
        e.to_string(),
        "number 1.5 is not a valid i32 at byte offset 0"
    );
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), Some(0));
    let e = decode_err::<u64>("05 3f f8 00 00 00 00 00 00");
    assert_eq!(
        e.to_string(),
        "number 1.5 is not a valid u64 at byte offset 0"
    );
    assert!(decode_err::<i64>("05 7f f8 00 00 00 00 00 00").is_data()); // NaN
    assert!(decode_err::<i64>("05 7f f0 00 00 00 00 00 00").is_data()); // +inf
    assert!(decode_err::<i32>("05 41 e0 00 00 00 00 00 00").is_data()); // 2^31
    assert!(decode_err::<u32>("05 bf f0 00 00 00 00 00 00").is_data()); // -1.0
    assert!(decode_err::<i64>("05 7e 70 00 00 00 00 00 00").is_data()); // 2^1000
    assert!(decode_err::<u8>("04 82 00").is_data()); // 256
}

#[test]
fn gotchas_7_floats_are_always_doubles() {
    assert_both(&0.0f64, "05 00 00 00 00 00 00 00 00");
    assert_both(&1.0f64, "05 3f f0 00 00 00 00 00 00");
    assert_both(&3.5f64, "05 40 0c 00 00 00 00 00 00");
    assert_both(&268435456.0f64, "05 41 b0 00 00 00 00 00 00");
    assert_both(&1.5f32, "05 3f f8 00 00 00 00 00 00");
    assert_both(&0.1f32, "05 3f b9 99 99 a0 00 00 00");
    assert_encodes(&f64::INFINITY, "05 7f f0 00 00 00 00 00 00");
    assert_encodes(&f64::NEG_INFINITY, "05 ff f0 00 00 00 00 00 00");
    assert_decodes("05 7f f0 00 00 00 00 00 00", &f64::INFINITY);
    assert_decodes("05 ff f0 00 00 00 00 00 00", &f64::NEG_INFINITY);
    assert_eq!(
        to_hex(&encode(&f64::NAN)),
        to_hex(&hex("05 7f f8 00 00 00 00 00 00"))
    );
    let nan: f64 = amf_serde::from_slice(&hex("05 7f f8 00 00 00 00 00 00")).unwrap();
    assert!(nan.is_nan());
}
