//! amf3.md §8.2 / gotchas §2: strings, string references and the empty string.

use super::*;

// ============================================= §8.2 / gotchas §2 strings

#[test]
fn spec_8_2_string_references_and_the_empty_string() {
    let bytes = "09 0d 01 06 07 66 6f 6f 06 00 06 01 06 01 06 07 62 61 72 06 00";
    assert_both(
        &vec![
            "foo".to_owned(),
            "foo".to_owned(),
            String::new(),
            String::new(),
            "bar".to_owned(),
            "foo".to_owned(),
        ],
        bytes,
    );
    assert_encodes(&["foo", "foo", "", "", "bar", "foo"], bytes);
    // Borrowed strings, including those arriving as references.
    let raw = hex(bytes);
    let borrowed: Vec<&str> = amf_serde::from_slice(&raw).unwrap();
    assert_eq!(borrowed, ["foo", "foo", "", "", "bar", "foo"]);
}

#[test]
fn spec_8_2_flash_empty_strings() {
    assert_both(&vec![String::new(), String::new()], "09 05 01 06 01 06 01");
}

#[test]
fn gotchas_2_empty_string_does_not_shift_indices() {
    assert_both(
        &vec![String::new(), "a".to_owned(), "a".to_owned()],
        "09 07 01 06 01 06 03 61 06 00",
    );
    assert_both(&String::new(), "06 01");
}

#[test]
fn strings_and_chars() {
    assert_both(
        &"String . String".to_owned(),
        "06 1f 53 74 72 69 6e 67 20 2e 20 53 74 72 69 6e 67",
    );
    assert_both(&'x', "06 03 78");
    assert_both(&'é', "06 05 c3 a9");
    assert_both(&'😀', "06 09 f0 9f 98 80");
    // A char and an equal string share the string table.
    assert_both(&('x', "x".to_owned()), "09 05 01 06 03 78 06 00");
    let e = decode_err::<char>("06 05 61 62");
    assert_eq!(e.classify(), Category::Data);
}
