//! Bad .sol input: errors with offsets.

use super::*;

// ---------------------------------------------------------- bad input

fn err_of(bytes: &[u8]) -> amf_serde::Error {
    let e = Sol::from_slice(bytes).unwrap_err();
    // the typed path agrees on the error
    let t = sol::from_slice::<BTreeMap<String, Value>>(bytes).unwrap_err();
    assert_eq!(e.to_string(), t.to_string());
    e
}

#[test]
fn bad_magic_signature_padding_version() {
    let good = hex(TEST_AMF3);
    let mut b = good.clone();
    b[1] = 0xbe;
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "not a .sol file: expected magic 00 bf, found 00 be at byte offset 0"
    );
    assert_eq!(e.classify(), Category::Syntax);

    let mut b = good.clone();
    b[8] = b'X';
    assert_eq!(
        err_of(&b).to_string(),
        "not a .sol file: expected signature \"TCSO\" 00 04 00 00 00 00, found 54 43 58 4f 00 04 00 00 00 00 at byte offset 8"
    );
    let mut b = good.clone();
    b[11] = 3;
    assert_eq!(err_of(&b).offset(), Some(11));

    let mut b = good.clone();
    b[23] = 1;
    assert_eq!(
        err_of(&b).to_string(),
        "expected the padding 00 00 00 after the name, found 00 01 00 at byte offset 23"
    );
    let mut b = good.clone();
    b[25] = 2;
    assert_eq!(
        err_of(&b).to_string(),
        "unsupported AMF version 2 (expected 0 or 3) at byte offset 25"
    );
}

#[test]
fn name_longer_than_the_file_and_truncated_header() {
    let mut b = hex(TEST_AMF3);
    b[16] = 0x01; // name length 0x0104 = 260
    assert_eq!(
        err_of(&b).to_string(),
        "the name's length of 260 bytes runs past the end of the file (18 bytes left) at byte offset 16"
    );
    // the name limit applies
    let b = hex(TEST_AMF3);
    let e = ReadOptions::new()
        .with_options(Options::new().with_max_string_len(3))
        .read(&b)
        .unwrap_err();
    assert_eq!(e.offset(), Some(16));
    assert!(e.to_string().contains("exceeds the limit of 3"), "{e}");
    // every truncation of the header is an end-of-input error, not a panic
    for n in 0..26 {
        let e = err_of(&b[..n]);
        if (18..22).contains(&n) {
            assert_eq!(e.offset(), Some(16), "{n}");
            assert!(
                e.to_string().contains("runs past the end of the file"),
                "{e}"
            );
        } else {
            assert!(e.is_eof(), "{n}: {e}");
            assert_eq!(e.offset(), Some(n as u64), "{n}");
        }
    }
    // invalid UTF-8 in the name
    let mut b = hex(TEST_AMF3);
    b[18] = 0xff;
    assert_eq!(
        err_of(&b).to_string(),
        "invalid UTF-8 in string at byte offset 18"
    );
}

#[test]
fn missing_00_after_an_entry() {
    let mut b = hex(TEST_AMF3);
    b[30] = 0x07; // the 00 after `a = 1`
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "in .sol entry \"a\" (#0): expected the 00 that ends an entry after its value, found 0x07 at byte offset 30"
    );
    assert_eq!(e.sol_entry(), Some((0, Some("a"))));
    assert_eq!(e.classify(), Category::Syntax);
    // the last entry's 00 cut off
    let b = hex(TEST_AMF3);
    let e = err_of(&b[..b.len() - 1]);
    assert!(e.is_eof());
    assert_eq!(e.sol_entry(), Some((1, Some("s"))));
    assert_eq!(e.offset(), Some(b.len() as u64 - 1));
}

#[test]
fn corrupt_values_name_their_entry() {
    // AMF0: an unknown marker in the second entry
    let mut b = hex(TEST_AMF0);
    b[42] = 0x13; // the 02 of "hi"
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "in .sol entry \"s\" (#1): invalid AMF0 marker 0x13 at byte offset 42"
    );
    // AMF3: a string reference past the table in the second entry
    let mut b = hex(TEST_AMF3);
    b[34] = 0x08; // ref #4
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "in .sol entry \"s\" (#1): string reference 4 out of range (2 entries) at byte offset 34"
    );
    // an unreadable key
    let mut b = hex(TEST_AMF3);
    b[31] = 0x0a; // key ref #5
    let e = err_of(&b);
    assert_eq!(e.sol_entry(), Some((1, None)));
    assert_eq!(
        e.to_string(),
        "in .sol entry (key unreadable) (#1): string reference 5 out of range (1 entries) at byte offset 31"
    );
}

#[test]
fn strict_length_and_bytes_past_the_length() {
    let mut b = hex(TEST_AMF0);
    b[5] = 0x29;
    assert!(Sol::from_slice(&b).is_ok());
    let e = ReadOptions::new()
        .with_strict_length(true)
        .read(&b)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the file-length field says 41 bytes follow it, but 42 do at byte offset 2"
    );
    let e = ReadOptions::new()
        .with_strict_length(true)
        .from_slice::<Amf0Test>(&b)
        .unwrap_err();
    assert_eq!(e.offset(), Some(2));
    // data appended after the end the length gives (as minerva's
    // 00000004.sol has): the error says so.
    let mut b = hex(TEST_AMF0);
    b.extend_from_slice(b"/some/path.sol");
    let e = err_of(&b);
    assert_eq!(
        e.to_string(),
        "the 14 bytes after the end the file-length field gives are not an entry \
         (in .sol entry (key unreadable) (#2): unexpected end of input at byte offset 62) \
         at byte offset 48"
    );
}

#[test]
fn amf0_reference_to_the_data_object_is_an_error_not_a_panic() {
    // entry "o" = reference #0: the shared object's data itself.
    let mut b = hex("00 bf 00 00 00 00 54 43 53 4f 00 04 00 00 00 00 00 01 78 00 00 00 00");
    b.extend(hex("00 01 6f 07 00 00 00"));
    let e = err_of(&b);
    assert_eq!(e.sol_entry(), Some((0, Some("o"))));
    assert!(e.to_string().contains("reference to object 0"), "{e}");
    // #1 is the first object of the entries (flash-lso's self-referential.sol)
    let mut b = hex("00 bf 00 00 00 00 54 43 53 4f 00 04 00 00 00 00 00 01 78 00 00 00 00");
    b.extend(hex("00 01 6f 03 00 01 6f 07 00 01 00 00 09 00"));
    let sol = Sol::from_slice(&b).unwrap();
    let o = sol.get("o").unwrap();
    assert!(matches!(o["o"], Value::Cycle(_)));
    let mut fresh = fresh(&sol);
    assert_eq!(fresh.to_vec().unwrap()[6..], b[6..]);
    fresh.insert("p", Value::Null);
    let out = fresh.to_vec().unwrap();
    assert!(out.ends_with(&hex("00 01 70 05 00")));
}

#[test]
fn limits_apply_to_entries() {
    let bytes = fixture("AS3-Demo.sol");
    let e = ReadOptions::new()
        .with_options(Options::new().with_max_depth(1))
        .read(&bytes)
        .unwrap_err();
    assert!(e.to_string().contains("nesting depth limit"), "{e}");
    assert!(e.sol_entry().is_some());
    let e = ReadOptions::new()
        .with_options(Options::new().with_max_work(10))
        .read(&bytes)
        .unwrap_err();
    assert!(e.to_string().contains("work limit of 10"), "{e}");
}

#[test]
fn royale_form_round_trips_and_checks_its_input() {
    for name in [
        "AS3-Demo.sol",
        "StringTest.sol",
        "AS2-Demo.sol",
        "Minimal.sol",
    ] {
        let sol = Sol::from_slice(&fixture(name)).unwrap();
        let item = sol::to_royale(&sol, Some("/game")).unwrap();
        assert_eq!(item.key, format!("/game::{}", sol.name));
        assert_eq!(item.local_path(), Some("/game"));
        let back = sol::from_royale(&item).unwrap();
        assert_eq!(back.name, sol.name);
        assert_eq!(back.version, Version::Amf3);
        assert_eq!(
            back.keys().collect::<Vec<_>>(),
            sol.keys().collect::<Vec<_>>()
        );
        if sol.version == Version::Amf3 {
            assert_eq!(back, sol, "{name}");
        }
    }
    // A name with ':' would read back as another name ("/x:::inimal" ->
    // "inimal"; fuzz finding 14): refused on the way out.
    let colon = Sol::new(":inimal", Version::Amf3);
    let e = sol::to_royale(&colon, Some("/x")).unwrap_err();
    assert!(
        e.to_string()
            .contains("a shared object name cannot contain ':'"),
        "{e}"
    );
    let bad = sol::RoyaleItem {
        key: "nokey".into(),
        value: String::new(),
    };
    assert!(sol::from_royale(&bad)
        .unwrap_err()
        .to_string()
        .contains("<localPath>::<name>"));
    let bad = sol::RoyaleItem {
        key: "$null$::x".into(),
        value: "BA==".into(), // int marker, truncated
    };
    assert!(sol::from_royale(&bad).unwrap_err().is_eof());
    let bad = sol::RoyaleItem {
        key: "$null$::x".into(),
        value: "BAE=".into(), // int 1, not an object
    };
    assert_eq!(
        sol::from_royale(&bad).unwrap_err().to_string(),
        "the data of a shared object must be an object, found integer"
    );
    let ok = Sol::from_object(
        "x",
        Version::Amf0,
        &Value::Object(Arc::new(Object::anonymous([("k", Value::Null)]))),
    )
    .unwrap();
    assert_eq!(ok.keys().collect::<Vec<_>>(), ["k"]);
}
