//! amf3.md §8.3 objects and §8.4 dense + associative arrays in typed serde.

use super::*;

// ======================================================= §8.3 objects

#[test]
fn spec_8_3_anonymous_dynamic_object() {
    let map: BTreeMap<String, i32> = [("a".to_owned(), 1)].into();
    assert_both(&map, "0a 0b 01 03 61 04 01 01");
    let map: HashMap<String, i32> = [("a".to_owned(), 1)].into();
    assert_both(&map, "0a 0b 01 03 61 04 01 01");
    assert_decodes("0a 0b 01 03 61 04 01 01", &json!({"a": 1}));
}

#[test]
fn spec_8_3_sealed_class_with_alias_decodes() {
    // PyAMF/Flash output with class alias "P": decode-only (we write "").
    assert_decodes(
        "09 05 01 0a 23 03 50 03 78 03 79 04 01 04 02 0a 01 04 03 04 04",
        &vec![P { x: 1, y: 2 }, P { x: 3, y: 4 }],
    );
}

#[test]
fn spec_8_3_structs_are_sealed_with_a_traits_reference() {
    assert_both(
        &vec![P { x: 1, y: 2 }, P { x: 3, y: 4 }],
        "09 05 01 0a 23 01 03 78 03 79 04 01 04 02 0a 01 04 03 04 04",
    );
    assert_both(&P { x: 1, y: 2 }, "0a 23 01 03 78 03 79 04 01 04 02");
    // A dynamic object and one with sealed names in another order decode too.
    assert_decodes("0a 0b 01 03 78 04 01 03 79 04 02 01", &P { x: 1, y: 2 });
    assert_decodes("0a 23 01 03 79 03 78 04 02 04 01", &P { x: 1, y: 2 });
}

// ========================================= §8.4 dense + associative array

fn assoc_expected() -> BTreeMap<String, String> {
    [
        ("asdf", "fdsa"),
        ("foo", "bar"),
        ("42", "bar"),
        ("0", "bar1"),
        ("1", "bar2"),
        ("2", "bar3"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

#[test]
fn spec_8_4_associative_array_into_btreemap() {
    assert_decodes(ASSOC_ARRAY, &assoc_expected());
    let hm: HashMap<String, String> = decode(ASSOC_ARRAY);
    assert_eq!(hm.into_iter().collect::<BTreeMap<_, _>>(), assoc_expected());
}

#[test]
fn spec_8_4_associative_array_into_json() {
    assert_decodes(
        ASSOC_ARRAY,
        &json!({"asdf": "fdsa", "foo": "bar", "42": "bar", "0": "bar1", "1": "bar2", "2": "bar3"}),
    );
    // Wire order: associative part first, then dense entries keyed "0".."2".
    let entries: Entries<String, String> = decode(ASSOC_ARRAY);
    let keys: Vec<&str> = entries.0.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["asdf", "foo", "42", "0", "1", "2"]);
}

#[test]
fn spec_8_4_associative_array_numeric_keys() {
    // Keys also parse as numbers for integer-keyed maps, when they all are.
    let m: BTreeMap<u32, String> = decode("09 05 05 34 32 06 03 78 01 06 03 61 06 03 62");
    assert_eq!(
        m,
        [
            (42, "x".to_owned()),
            (0, "a".to_owned()),
            (1, "b".to_owned())
        ]
        .into()
    );
}

#[test]
fn spec_8_4_associative_array_is_not_a_vec() {
    // gotchas §8: never silently drop the named keys.
    let e = decode_err::<Vec<String>>(ASSOC_ARRAY);
    assert_eq!(e.classify(), Category::Data);
}
