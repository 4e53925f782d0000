//! Bad string, object and traits references.

use super::*;

// --------------------------------------------------------------- references

#[test]
fn string_reference_out_of_range() {
    assert_err::<IgnoredAny>(
        &hex("06 00"),
        "string reference 0 out of range (0 entries) at byte offset 1",
    );
    // ["a", ref #1]
    let e = assert_err::<Vec<String>>(
        &hex("09 05 01 06 03 61 06 02"),
        "string reference 1 out of range (1 entries) at byte offset 7",
    );
    assert!(e.is_syntax());
    // The empty string is never entered in the table: ["", ref #0].
    assert_err::<Value>(
        &hex("09 05 01 06 01 06 00"),
        "string reference 0 out of range (0 entries) at byte offset 6",
    );
    // A dynamic member name that is a bad reference.
    assert_err::<Value>(
        &hex("0a 0b 01 04 04 01 01"),
        "string reference 2 out of range (0 entries) at byte offset 3",
    );
    // A large index in a 4-byte U29.
    assert_err::<IgnoredAny>(
        &hex("06 ff ff ff fe"),
        "string reference 268435455 out of range (0 entries) at byte offset 1",
    );
}

#[test]
fn object_reference_out_of_range() {
    let e = assert_err::<IgnoredAny>(
        &hex("09 02"),
        "object reference 1 out of range (0 entries) at byte offset 0",
    );
    assert!(e.is_syntax());
    assert_err::<Vec<Vec<i32>>>(
        &hex("09 03 01 09 02"),
        "object reference 1 out of range (1 entries) at byte offset 3",
    );
    assert_err::<IgnoredAny>(
        &hex("09 05 01 0c 03 ff 0c 04"),
        "object reference 2 out of range (2 entries) at byte offset 6",
    );
}

#[test]
fn traits_reference_out_of_range() {
    // Message and category; the offset is somewhere in the object header
    // (see `traits_reference_offset_is_that_of_the_reference` for the exact
    // offset).
    for (bytes, msg, header) in [
        ("0a 05", "traits reference 1 out of range (0 entries)", 1),
        (
            "09 05 01 0a 0b 01 01 0a 05 01",
            "traits reference 1 out of range (1 entries)",
            8,
        ),
        (
            "0a 83 ff ff fd",
            "traits reference 4194303 out of range (0 entries)",
            1,
        ),
    ] {
        let bytes = hex(bytes);
        for e in [
            slice::<IgnoredAny>(&bytes).unwrap_err(),
            slice::<Value>(&bytes).unwrap_err(),
            reader::<Value>(&bytes).unwrap_err(),
        ] {
            assert!(e.is_syntax(), "{e}");
            let offset = e.offset().unwrap();
            assert!(
                e.to_string() == format!("{msg} at byte offset {offset}"),
                "{e}"
            );
            assert!((header - 1..=bytes.len() as u64).contains(&offset), "{e}");
        }
    }
}

#[test]
fn traits_reference_offset_is_that_of_the_reference() {
    // A string reference error points at its U29 (`06 02` → offset 1), an
    // object reference error at its marker; a traits reference error should
    // point at the U29 that holds the reference, not past it.
    assert_err::<IgnoredAny>(
        &hex("06 02"),
        "string reference 1 out of range (0 entries) at byte offset 1",
    );
    assert_err::<IgnoredAny>(
        &hex("0a 05"),
        "traits reference 1 out of range (0 entries) at byte offset 1",
    );
    assert_err::<Value>(
        &hex("09 05 01 0a 0b 01 01 0a 05 01"),
        "traits reference 1 out of range (1 entries) at byte offset 8",
    );
}

const CYCLE: &str = "reference to object 0, which is still being read (a cycle), \
                     cannot be decoded into a tree-shaped type";

#[test]
fn cyclic_reference_is_an_error() {
    let msg = format!("{CYCLE} at byte offset 3");
    let e = assert_err::<Value>(&hex("09 03 01 09 00"), &msg);
    assert_eq!(e.classify(), Category::Data);
    assert!(e.is_data());
    assert_err::<Deep>(&hex("09 03 01 09 00"), &msg);
    assert_err::<Vec<Vec<i32>>>(&hex("09 03 01 09 00"), &msg);
    // An object whose member refers to itself.
    assert_err::<Value>(
        &hex("0a 0b 01 03 61 0a 00 01"),
        &format!("{CYCLE} at byte offset 5"),
    );
    assert_err::<DeepObj>(
        &hex("0a 0b 01 03 61 0a 00 01"),
        &format!("{CYCLE} at byte offset 5"),
    );
    // A dictionary whose value is itself.
    assert_err::<BTreeMap<i32, Value>>(
        &hex("11 03 00 04 01 11 00"),
        &format!("{CYCLE} at byte offset 5"),
    );
    // Deeper: [[ref #0]].
    assert_err::<Value>(
        &hex("09 03 01 09 03 01 09 00"),
        &format!("{CYCLE} at byte offset 6"),
    );
}

#[test]
fn cycles_skipped_as_ignored_any_terminate() {
    // Skipping need not follow references, so a cycle may be accepted; if it
    // is rejected, it must be with the cycle error.
    for (h, at) in [
        ("09 03 01 09 00", 3),
        ("0a 0b 01 03 61 0a 00 01", 5),
        ("11 03 00 04 01 11 00", 5),
        ("09 03 01 09 03 01 09 00", 6),
    ] {
        let bytes = hex(h);
        for r in [slice::<IgnoredAny>(&bytes), reader::<IgnoredAny>(&bytes)] {
            if let Err(e) = r {
                assert_eq!(e.to_string(), format!("{CYCLE} at byte offset {at}"));
            }
        }
    }
}

#[test]
fn finished_references_are_fine() {
    // [[1], ref #1] decodes; the reference is not a cycle.
    let v: Vec<Vec<i32>> = slice(&hex("09 05 01 09 03 01 04 01 09 02")).unwrap();
    assert_eq!(v, [vec![1], vec![1]]);
    let v: Vec<Vec<i32>> = reader(&hex("09 05 01 09 03 01 04 01 09 02")).unwrap();
    assert_eq!(v, [vec![1], vec![1]]);
}

/// Found by the `amf3_value` fuzz target (FUZZING.md, round 16): an
/// `ArrayCollection` in its older object form (PyAMF's), whose `source`
/// refers to that body object while it is still open. `amf_serde::Value`
/// keeps the cycle; skipping (`IgnoredAny`) needs no tree, so it succeeds and
/// ends at the right byte; a tree-shaped type gets the cycle error.
#[test]
fn skipping_an_array_collection_whose_source_refers_to_its_open_body() {
    let class = b"flex.messaging.io.ArrayCollection";
    // [<collection>, 7]
    let mut bytes = vec![0x09, 0x05, 0x01];
    bytes.extend([0x0a, 0x07, (class.len() as u8) << 1 | 1]);
    bytes.extend(class);
    // The body: { source: <reference to this body object, entry 2> }
    bytes.extend([0x0a, 0x0b, 0x01, 0x0d]);
    bytes.extend(b"source");
    bytes.extend([0x0a, 0x04, 0x01]);
    bytes.extend([0x04, 0x07]);

    let v = amf_serde::from_slice::<amf_serde::Value>(&bytes).unwrap();
    assert_eq!(v[1], amf_serde::Value::Integer(7));
    assert_eq!(
        format!("{:?}", v[0]),
        "External(External { class: \"flex.messaging.io.ArrayCollection\", body: \
         [Value(#1=Object(Object { class: \"\", sealed: [], dynamic: \
         Some([(\"source\", Cycle(#1))]) }))] })"
    );
    for skipped in [
        amf_serde::from_slice::<(IgnoredAny, i32)>(&bytes),
        amf_serde::from_reader::<_, (IgnoredAny, i32)>(&bytes[..]),
    ] {
        assert_eq!(skipped.unwrap().1, 7);
    }
    amf_serde::from_slice::<IgnoredAny>(&bytes).unwrap();
    // The decoded `Value` skips the same way, the cycle nested inside.
    let skipped: (Vec<IgnoredAny>, i32) = amf_serde::from_value(amf_serde::Value::from(vec![
        amf_serde::Value::from(vec![v[0].clone()]),
        v[1].clone(),
    ]))
    .unwrap();
    assert_eq!((skipped.0.len(), skipped.1), (1, 7));
    let e = amf_serde::from_slice::<Value>(&bytes).unwrap_err();
    assert!(e.to_string().contains("Value::Cycle"), "{e}");
    assert_eq!(e.offset(), Some(3), "{e}");
}
