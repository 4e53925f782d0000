//! Unknown markers, invalid UTF-8 and trailing bytes.

use super::*;

// --------------------------------------------------------------- markers

#[test]
fn reserved_markers() {
    for (marker, name) in [
        (0x04u8, "movieclip"),
        (0x0e, "recordset"),
        (0x09, "object end"),
    ] {
        let msg = format!("AMF0 marker 0x{marker:02x} ({name}) is not valid here at byte offset 0");
        let e = assert_err_untyped(&[marker], &msg);
        assert_eq!(e.classify(), Category::Syntax);
        assert_err::<i32>(&[marker], &msg);
        assert_err::<String>(&[marker], &msg);
        assert_err::<Option<i32>>(&[marker], &msg);
        assert_err::<Vec<i32>>(&[marker], &msg);
        // Nested in a strict array and as an object member value.
        let mut nested = hex("0a 00 00 00 01");
        nested.push(marker);
        assert_err_untyped(
            &nested,
            &format!("AMF0 marker 0x{marker:02x} ({name}) is not valid here at byte offset 5"),
        );
        let mut member = hex("03 00 01 61");
        member.push(marker);
        member.extend(hex("00 00 09"));
        assert_err_untyped(
            &member,
            &format!("AMF0 marker 0x{marker:02x} ({name}) is not valid here at byte offset 4"),
        );
        assert_err::<HashMap<String, i32>>(
            &member,
            &format!("AMF0 marker 0x{marker:02x} ({name}) is not valid here at byte offset 4"),
        );
    }
}

#[test]
fn a_key_followed_by_the_end_marker_is_malformed() {
    // "a" then 09: the value marker is the reserved object-end marker.
    assert_err_untyped(
        &hex("03 00 01 61 09"),
        "AMF0 marker 0x09 (object end) is not valid here at byte offset 4",
    );
    // An empty key not followed by 09 is a member named "" (see the empty
    // key fixture); `00 00` at the end of input is EOF.
    assert_err_untyped(&hex("03 00 00"), "unexpected end of input at byte offset 3");
}

#[test]
fn invalid_markers() {
    for marker in 0x12..=0xffu8 {
        let msg = format!("invalid AMF0 marker 0x{marker:02x} at byte offset 0");
        let e = assert_err_untyped(&[marker], &msg);
        assert_eq!(e.classify(), Category::Syntax);
        assert_err::<f64>(&[marker, 0, 0, 0, 0, 0, 0, 0, 0], &msg);
        assert_err::<Option<String>>(&[marker], &msg);
        let mut nested = hex("0a 00 00 00 02 05");
        nested.push(marker);
        assert_err_untyped(
            &nested,
            &format!("invalid AMF0 marker 0x{marker:02x} at byte offset 6"),
        );
    }
}

// --------------------------------------------------------------- UTF-8

#[test]
fn invalid_utf8_has_an_offset() {
    for (input, offset) in [
        // a key
        ("03 00 01 ff 05 00 00 09", 3),
        ("08 00 00 00 00 00 02 61 ff 05 00 00 09", 7),
        // a class alias
        ("10 00 01 ff 00 00 09", 3),
        // string values
        ("02 00 02 c3 28", 3),
        ("0c 00 00 00 01 ff", 5),
        ("0f 00 00 00 02 3c ff", 5),
        // BlazeDS CESU-8 for U+1F600
        ("02 00 06 ed a0 bd ed b8 80", 3),
        // a key deeper inside
        ("0a 00 00 00 01 03 00 01 ff 05 00 00 09", 8),
        // a string value inside an object
        ("03 00 01 61 02 00 01 80 00 00 09", 7),
    ] {
        let msg = format!("invalid UTF-8 in string at byte offset {offset}");
        let e = assert_err_untyped(&hex(input), &msg);
        assert_eq!(e.classify(), Category::Syntax);
    }
    assert_err::<String>(
        &hex("02 00 02 c3 28"),
        "invalid UTF-8 in string at byte offset 3",
    );
    assert_err::<HashMap<String, String>>(
        &hex("03 00 01 61 02 00 01 80 00 00 09"),
        "invalid UTF-8 in string at byte offset 7",
    );
}

// ------------------------------------------------------------ trailing

#[test]
fn trailing_bytes() {
    let e = slice::<Value>(&hex("05 05")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 trailing byte after the value at byte offset 1"
    );
    assert_eq!(e.classify(), Category::Syntax);
    let e = slice::<IgnoredAny>(&hex("05 05 05")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2 trailing bytes after the value at byte offset 1"
    );
    let e = reader::<Option<i32>>(&hex("05 05")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "trailing bytes after the value at byte offset 1"
    );
    let e = slice::<String>(&hex("02 00 01 61 00")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 trailing byte after the value at byte offset 4"
    );
    // A whole second value is trailing too.
    let e = slice::<Json>(&hex(RESULT_COMMAND)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "251 trailing bytes after the value at byte offset 10"
    );
}
