//! RocketAMF scalar fixtures.

use super::*;

// ================================================================ scalars

#[test]
fn amf3_null_true_false() {
    check("amf3-null.bin", &());
    check("amf3-null.bin", &None::<i32>);
    check("amf3-null.bin", &None::<String>);
    check("amf3-null.bin", &Value::Null);
    check("amf3-true.bin", &true);
    check("amf3-false.bin", &false);
    check("amf3-true.bin", &json!(true));
    assert_eq!(check_err::<i32>("amf3-true.bin").classify(), Category::Data);
}

#[test]
fn amf3_integers() {
    check("amf3-0.bin", &0i32);
    check("amf3-0.bin", &0u8);
    check("amf3-0.bin", &0.0f64);
    check("amf3-max.bin", &268435455i32);
    check("amf3-max.bin", &268435455u32);
    check("amf3-max.bin", &268435455i64);
    check("amf3-max.bin", &268435455.0f64);
    check("amf3-min.bin", &-268435456i32);
    check("amf3-min.bin", &-268435456i64);
    check("amf3-min.bin", &-268435456.0f64);
    check("amf3-min.bin", &json!(-268435456));
    assert!(check_err::<u32>("amf3-min.bin").is_data());
    assert!(check_err::<i16>("amf3-max.bin").is_data());
}

#[test]
fn amf3_large_integers_are_doubles() {
    check("amf3-large-max.bin", &268435456.0f64);
    check("amf3-large-max.bin", &268435456i64);
    check("amf3-large-max.bin", &268435456i32);
    check("amf3-large-max.bin", &268435456u64);
    check("amf3-large-max.bin", &json!(268435456.0));
    check("amf3-large-min.bin", &-268435457.0f64);
    check("amf3-large-min.bin", &-268435457i64);
    check("amf3-large-min.bin", &-268435457i32);
    assert!(check_err::<u64>("amf3-large-min.bin").is_data());
}

#[test]
fn amf3_big_num() {
    check("amf3-bigNum.bin", &2f64.powi(1000));
    let e = check_err::<i64>("amf3-bigNum.bin");
    assert_eq!(
        e.to_string(),
        "number 1.0715086071862673e301 is not a valid i64 at byte offset 0"
    );
    assert_eq!(e.classify(), Category::Data);
    assert!(check_err::<u64>("amf3-bigNum.bin").is_data());
}

#[test]
fn amf3_float() {
    check("amf3-float.bin", &3.5f64);
    check("amf3-float.bin", &3.5f32);
    check("amf3-float.bin", &json!(3.5));
    let e = check_err::<i32>("amf3-float.bin");
    assert_eq!(
        e.to_string(),
        "number 3.5 is not a valid i32 at byte offset 0"
    );
}

#[test]
fn amf3_strings() {
    check("amf3-string.bin", &s("String . String"));
    check("amf3-symbol.bin", &s("foo"));
    // Borrowed from the slice.
    let bytes = load("amf3-string.bin");
    let borrowed: &str = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(borrowed, "String . String");
}

#[test]
fn amf3_dates_are_milliseconds() {
    check("amf3-date.bin", &0.0f64);
    check("amf3-date.bin", &json!(0.0));
    check("amf3-date-ref.bin", &vec![0.0f64, 0.0]);
    check("amf3-date-ref.bin", &(0.0f64, 0.0f64));
}

#[test]
fn amf3_xml_as_strings() {
    check(
        "amf3-xml-doc.bin",
        &s("<parent><child prop=\"test\" /></parent>"),
    );
    check(
        "amf3-xml.bin",
        &s("<parent><child prop=\"test\"/></parent>"),
    );
    check(
        "amf3-xml-ref.bin",
        &vec![s("<parent><child prop=\"test\"/></parent>"); 2],
    );
    let bytes = load("amf3-xml.bin");
    let borrowed: &str = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(borrowed, "<parent><child prop=\"test\"/></parent>");
}

#[test]
fn amf3_byte_arrays() {
    let mut expected = vec![0u8, 3];
    expected.extend_from_slice("これtest".as_bytes());
    expected.push(64);
    check("amf3-byte-array.bin", &ByteBuf::from(expected.clone()));
    let bytes = load("amf3-byte-array.bin");
    let borrowed: &serde_bytes::Bytes = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(&borrowed[..], &expected[..]);

    check(
        "amf3-byte-array-ref.bin",
        &vec![
            ByteBuf::from(b"ASDF".to_vec()),
            ByteBuf::from(b"ASDF".to_vec()),
        ],
    );
}
