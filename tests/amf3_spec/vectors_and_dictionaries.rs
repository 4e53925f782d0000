//! amf3.md §8.6 vectors and §8.7 dictionaries in typed serde.

use super::*;

// ============================================================ §8.6 vectors

#[test]
fn spec_8_6_vector_int() {
    assert_decodes(
        "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        &vec![4i32, -20, 12],
    );
    assert_decodes(
        "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        &vec![4i64, -20, 12],
    );
    assert_decodes(
        "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        &json!([4, -20, 12]),
    );
    // Fixed, full 32-bit range (not limited to 29 bits).
    assert_decodes(
        "0d 09 01 00 00 00 02 00 00 07 d0 7f ff ff ff 80 00 00 00",
        &vec![2i32, 2000, i32::MAX, i32::MIN],
    );
    // BlazeDS int[] {1, -1}.
    assert_decodes("0d 05 01 00 00 00 01 ff ff ff ff", &vec![1i32, -1]);
    assert_decodes("0d 01 00", &Vec::<i32>::new());
    // Items that do not fit the element type are errors.
    assert!(decode_err::<Vec<u32>>("0d 05 01 00 00 00 01 ff ff ff ff").is_data());
}

#[test]
fn spec_8_6_vector_uint() {
    assert_decodes(
        "0e 07 00 00 00 00 04 00 00 00 14 00 00 00 0c",
        &vec![4u32, 20, 12],
    );
    assert_decodes("0e 03 00 ff ff ff ff", &vec![u32::MAX]);
    assert_decodes("0e 03 00 ff ff ff ff", &vec![4294967295i64]);
    assert!(decode_err::<Vec<i32>>("0e 03 00 ff ff ff ff").is_data());
}

#[test]
fn spec_8_6_vector_double() {
    assert_decodes(
        "0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a",
        &vec![4.3f64, -20.6],
    );
    assert_decodes(
        "0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a",
        &json!([4.3, -20.6]),
    );
}

#[test]
fn spec_8_6_vector_object_into_structs() {
    assert_decodes(
        VECTOR_OBJECT,
        &vec![as_class("foo"), as_class("bar"), as_class("baz")],
    );
    assert_decodes(
        VECTOR_OBJECT,
        &json!([
            {"baz": null, "foo": "foo"},
            {"baz": null, "foo": "bar"},
            {"baz": null, "foo": "baz"}
        ]),
    );
}

// ========================================================= §8.7 dictionary

#[test]
fn spec_8_7_dictionary_with_object_key() {
    assert_decodes(
        DICTIONARY,
        &Entries(vec![
            (DictKey::Str("bar".to_owned()), "asdf1".to_owned()),
            (DictKey::Obj(as_class("baz")), "asdf2".to_owned()),
        ]),
    );
    assert_decodes(
        DICTIONARY,
        &Entries(vec![
            (json!("bar"), json!("asdf1")),
            (json!({"baz": null, "foo": "baz"}), json!("asdf2")),
        ]),
    );
    // serde_json::Value needs string keys.
    assert!(decode_err::<serde_json::Value>(DICTIONARY).is_data());
}

#[test]
fn spec_8_7_and_gotchas_6_weak_keys_byte() {
    // Flash `new Dictionary(true)`.
    assert_decodes("11 01 01", &HashMap::<String, i32>::new());
    assert_decodes("11 01 01", &json!({}));
    let k1: BTreeMap<String, i32> = [("k".to_owned(), 1)].into();
    // flash-lso (weak) and BlazeDS Hashtable (`02`, the AMF3 false marker).
    assert_decodes("11 03 01 06 03 6b 04 01", &k1);
    assert_decodes("11 03 02 06 03 6b 04 01", &k1);
    assert_decodes("11 03 00 06 03 6b 04 01", &k1);
    assert_decodes("11 03 ff 06 03 6b 04 01", &k1);
}
