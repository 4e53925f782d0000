//! Unknown markers, invalid UTF-8 and trailing bytes.

use super::*;

// ---------------------------------------------------------------- markers

#[test]
fn invalid_markers() {
    for marker in 0x12..=0xffu8 {
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 0");
        let e = assert_err::<IgnoredAny>(&[marker], &msg);
        assert!(e.is_syntax());
        assert_err::<Value>(&[marker], &msg);
        assert_err::<String>(&[marker], &msg);
        assert_err::<i32>(&[marker], &msg);
        assert_err::<f64>(&[marker], &msg);
        assert_err::<Option<i32>>(&[marker], &msg);
        assert_err::<Vec<i32>>(&[marker], &msg);
        // Nested, after a string that fills the string table.
        let mut bytes = hex("09 05 01 06 03 61");
        bytes.push(marker);
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 6");
        assert_err::<Vec<Value>>(&bytes, &msg);
        assert_err::<IgnoredAny>(&bytes, &msg);
        // As a dictionary key and as an object member value.
        let mut dict = hex("11 03 00");
        dict.extend([marker, 0x01]);
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 3");
        assert_err::<IgnoredAny>(&dict, &msg);
        let mut obj = hex("0a 0b 01 03 61");
        obj.extend([marker, 0x01]);
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 5");
        assert_err::<BTreeMap<String, i32>>(&obj, &msg);
    }
}

#[test]
fn invalid_marker_into_enum_is_a_syntax_error() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    enum E {
        A,
    }
    for marker in 0x12..=0xffu8 {
        let msg = format!("invalid AMF3 marker 0x{marker:02x} at byte offset 0");
        let e = assert_err::<E>(&[marker], &msg);
        assert!(e.is_syntax());
    }
}

// ------------------------------------------------------------------ UTF-8

#[test]
fn invalid_utf8_reports_the_string_offset() {
    let e = assert_err::<String>(
        &hex("06 05 c3 28"),
        "invalid UTF-8 in string at byte offset 2",
    );
    assert!(e.is_syntax());
    assert_err::<IgnoredAny>(
        &hex("06 05 c3 28"),
        "invalid UTF-8 in string at byte offset 2",
    );
    // Second element of an array, a 2-byte length header.
    let mut bytes = hex("09 05 01 06 03 61 06 81 01");
    bytes.extend(b"x".repeat(63));
    bytes.push(0xff);
    assert_err::<Vec<String>>(&bytes, "invalid UTF-8 in string at byte offset 9");
    // CESU-8 surrogate pair (BlazeDS) is rejected by default.
    assert_err::<Value>(
        &hex("06 0d ed a0 bd ed b8 80"),
        "invalid UTF-8 in string at byte offset 2",
    );
    // A dynamic member name.
    assert_err::<BTreeMap<String, i32>>(
        &hex("0a 0b 01 05 ff fe 04 01 01"),
        "invalid UTF-8 in string at byte offset 4",
    );
    // A sealed member name and a class name.
    assert_err::<Value>(
        &hex("0a 13 01 03 80 04 01"),
        "invalid UTF-8 in string at byte offset 4",
    );
    assert_err::<Value>(
        &hex("0a 0b 05 61 c0 01"),
        "invalid UTF-8 in string at byte offset 3",
    );
    // XML text.
    assert_err::<String>(
        &hex("0b 07 3c ff 3e"),
        "invalid UTF-8 in string at byte offset 2",
    );
}

// --------------------------------------------------------------- trailing

#[test]
fn trailing_bytes_are_rejected() {
    let e = slice::<i32>(&hex("04 01 00")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 trailing byte after the value at byte offset 2"
    );
    assert!(e.is_syntax());
    assert_eq!(e.offset(), Some(2));
    let e = slice::<IgnoredAny>(&hex("09 01 01 02 03 04")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "3 trailing bytes after the value at byte offset 3"
    );
    // A reader cannot know how many bytes remain.
    let e = reader::<i32>(&hex("04 01 00")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "trailing bytes after the value at byte offset 2"
    );
    assert!(e.is_syntax());
}
