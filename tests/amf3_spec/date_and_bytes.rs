//! amf3.md §8.8 Date and ByteArray in typed serde.

use super::*;

// ================================================= §8.8 date and ByteArray

#[test]
fn spec_8_8_date_decodes_as_milliseconds() {
    assert_decodes("08 01 42 76 f5 e6 6e 80 00 00", &1577836800000.0f64);
    assert_decodes("08 01 42 76 f5 e6 6e 80 00 00", &json!(1577836800000.0));
    // [d, d]: the second is an object reference to the first.
    assert_decodes(
        "09 05 01 08 01 42 76 f5 e6 6e 80 00 00 08 02",
        &vec![1577836800000.0f64; 2],
    );
    assert_decodes(
        "09 05 01 08 01 00 00 00 00 00 00 00 00 08 02",
        &vec![0.0f64; 2],
    );
}

#[test]
fn spec_8_8_byte_array() {
    assert_both(&ByteBuf::from(vec![1, 2, 3]), "0c 07 01 02 03");
    assert_encodes(serde_bytes::Bytes::new(&[1, 2, 3]), "0c 07 01 02 03");
    assert_both(&ByteBuf::new(), "0c 01");
    // Byte arrays are not strings: never entered in the string table.
    assert_both(
        &(
            ByteBuf::from(b"ab".to_vec()),
            "ab".to_owned(),
            "ab".to_owned(),
        ),
        "09 07 01 0c 05 61 62 06 05 61 62 06 00",
    );
    let raw = hex("0c 07 01 02 03");
    let borrowed: &[u8] = amf_serde::from_slice::<&serde_bytes::Bytes>(&raw).unwrap();
    assert_eq!(borrowed, [1, 2, 3]);
}
