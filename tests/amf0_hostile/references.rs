//! Bad AMF0 references.

use super::*;

// ------------------------------------------------------------ references

#[test]
fn reference_out_of_range() {
    let e = assert_err_untyped(
        &hex("07 00 05"),
        "object reference 5 out of range (0 entries) at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Syntax);
    assert_err::<i32>(
        &hex("07 00 05"),
        "object reference 5 out of range (0 entries) at byte offset 0",
    );
    assert_err::<Vec<i32>>(
        &hex("07 00 00"),
        "object reference 0 out of range (0 entries) at byte offset 0",
    );
    assert_err_untyped(
        &hex("0a 00 00 00 01 07 00 05"),
        "object reference 5 out of range (1 entries) at byte offset 5",
    );
    assert_err_untyped(
        &hex("0a 00 00 00 02 03 00 00 09 07 ff ff"),
        "object reference 65535 out of range (2 entries) at byte offset 9",
    );
    // Dates do not enter the table.
    assert_err_untyped(
        &hex("0a 00 00 00 02 0b 00 00 00 00 00 00 00 00 00 00 07 00 01"),
        "object reference 1 out of range (1 entries) at byte offset 16",
    );
}

#[test]
fn forward_reference() {
    // Index 1 is the object that follows the reference.
    let bytes = hex("0a 00 00 00 02 07 00 01 03 00 00 09");
    assert_err_untyped(
        &bytes,
        "object reference 1 out of range (1 entries) at byte offset 5",
    );
    assert_err::<Vec<HashMap<String, i32>>>(
        &bytes,
        "object reference 1 out of range (1 entries) at byte offset 5",
    );
}

const CYCLE_MSG: &str = "reference to object 0, which is still being read (a cycle), \
                         cannot be decoded into a tree-shaped type at byte offset 4";

#[test]
fn reference_to_the_object_being_read_into_typed_values() {
    let bytes = hex(SELF_REF);
    let e = assert_err::<Json>(&bytes, CYCLE_MSG);
    assert_eq!(e.classify(), Category::Data);
    assert_err::<HashMap<String, Json>>(&bytes, CYCLE_MSG);
    assert_err::<HashMap<String, HashMap<String, i32>>>(&bytes, CYCLE_MSG);
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Node {
        a: Option<Box<Node>>,
    }
    assert_err::<Node>(&bytes, CYCLE_MSG);
    // Ignoring the member does not follow the reference.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Ignore {
        a: IgnoredAny,
    }
    slice::<Ignore>(&bytes).unwrap();
    reader::<Ignore>(&bytes).unwrap();
    slice::<IgnoredAny>(&bytes).unwrap();
    reader::<IgnoredAny>(&bytes).unwrap();
    // A cycle through a strict array and an ECMA array.
    assert_err::<Json>(
        &hex("0a 00 00 00 01 07 00 00"),
        "reference to object 0, which is still being read (a cycle), \
         cannot be decoded into a tree-shaped type at byte offset 5",
    );
    assert_err::<Json>(
        &hex("08 00 00 00 00 00 01 78 07 00 00 00 00 09"),
        "reference to object 0, which is still being read (a cycle), \
         cannot be decoded into a tree-shaped type at byte offset 8",
    );
}

#[test]
fn reference_to_the_object_being_read_into_value_is_a_cycle() {
    for input in [
        SELF_REF,
        "0a 00 00 00 01 07 00 00",
        "08 00 00 00 01 00 01 78 07 00 00 00 00 09",
        "10 00 01 43 00 04 73 65 6c 66 07 00 00 00 00 09",
        // The inner object refers to the outer one.
        "03 00 01 61 03 00 01 62 07 00 00 00 00 09 00 00 09",
        // A cycle inside an object that is later shared.
        "0a 00 00 00 02 03 00 01 61 07 00 01 00 00 09 07 00 01",
    ] {
        let bytes = hex(input);
        let v: Value = slice(&bytes).unwrap_or_else(|e| panic!("{input}: {e}"));
        let r: Value = reader(&bytes).unwrap();
        assert_eq!(v, r, "{input}");
        assert_eq!(
            to_hex(&amf0::to_vec(&v).unwrap()),
            to_hex(&bytes),
            "{input}: {v}"
        );
        let again: Value = slice(&amf0::to_vec(&v).unwrap()).unwrap();
        assert_eq!(again, v);
    }
    let v: Value = slice(&hex(SELF_REF)).unwrap();
    assert!(matches!(v["a"], Value::Cycle(_)), "{v}");
    assert!(v["a"].ptr_eq(&v));
    let v: Value = slice(&hex("03 00 01 61 03 00 01 62 07 00 00 00 00 09 00 00 09")).unwrap();
    assert!(v["a"]["b"].ptr_eq(&v));
    // Displaying and dropping a cyclic value ends.
    let text = v.to_string();
    assert!(!text.is_empty());
    drop(v);
}

#[test]
fn self_referencing_ecma_array_into_sequences_of_untyped_values() {
    // Through a strict array: `IgnoredAny` elements do not follow the
    // reference; `Value` elements of a Rust `Vec` cannot point at it.
    let strict = hex("0a 00 00 00 01 07 00 00");
    slice::<Vec<IgnoredAny>>(&strict).unwrap();
    assert_err::<Vec<Value>>(
        &strict,
        "reference to object 0, which is still being read (a cycle), \
         cannot be decoded into a tree-shaped type at byte offset 5",
    );
    // Into typed trees, the ECMA one is an error (the message differs from
    // the strict array's, but it is a clean error).
    let ecma = hex("08 00 00 00 01 00 01 30 07 00 00 00 00 09");
    let e = slice::<Vec<Json>>(&ecma).unwrap_err();
    assert!(
        e.to_string().contains("cycle") || e.to_string().contains("Cycle"),
        "{e}"
    );
}

#[test]
fn self_referencing_ecma_array_into_vec_of_value() {
    // Expected: the same clean error as for the strict array.
    let ecma = hex("08 00 00 00 01 00 01 30 07 00 00 00 00 09");
    match slice::<Vec<Value>>(&ecma) {
        Err(e) => assert!(e.to_string().contains("cycle"), "{e}"),
        Ok(v) => {
            for item in &v {
                if let Value::Cycle(c) = item {
                    assert!(c.upgrade().is_some(), "dangling cycle in {v:?}");
                }
            }
            amf0::to_vec(&v).unwrap();
        }
    }
}

#[test]
fn self_referencing_ecma_array_into_vec_of_ignored_any() {
    // An ECMA array read as a sequence is decoded whole first (its keys may
    // come in any order), so a reference to itself is a clean cycle error
    // even for skipped elements.
    let ecma = hex("08 00 00 00 01 00 01 30 07 00 00 00 00 09");
    for e in [
        slice::<Vec<IgnoredAny>>(&ecma).unwrap_err(),
        reader::<Vec<IgnoredAny>>(&ecma).unwrap_err(),
    ] {
        assert!(e.to_string().contains("(a cycle)"), "{e}");
    }
}
