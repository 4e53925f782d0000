//! amf3.md §8.5 object references and cycles in typed serde.

use super::*;

// ========================================= §8.5 object references, cycles

#[test]
fn spec_8_5_object_references_into_typed_values() {
    type Objs = Vec<HashMap<String, String>>;
    let obj: HashMap<String, String> = [("foo".to_owned(), "bar".to_owned())].into();
    let (first, middle, last): (Objs, String, Objs) = decode(OBJECT_REFS);
    assert_eq!(first, vec![obj.clone(), obj.clone()]);
    assert_eq!(middle, "bar");
    assert_eq!(last, vec![obj.clone(), obj]);
    assert_eq!(first, last);
}

#[test]
fn spec_8_5_object_references_into_json() {
    let obj = json!({"foo": "bar"});
    assert_decodes(
        OBJECT_REFS,
        &json!([[obj.clone(), obj.clone()], "bar", [obj.clone(), obj]]),
    );
}

#[test]
fn spec_8_5_object_references_into_a_vec_of_untagged_items() {
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Item {
        List(Vec<BTreeMap<String, String>>),
        Str(String),
    }
    let obj: BTreeMap<String, String> = [("foo".to_owned(), "bar".to_owned())].into();
    assert_decodes(
        OBJECT_REFS,
        &vec![
            Item::List(vec![obj.clone(), obj.clone()]),
            Item::Str("bar".to_owned()),
            Item::List(vec![obj.clone(), obj]),
        ],
    );
}

#[test]
fn spec_8_5_self_containing_list_is_a_clean_cycle_error() {
    let msg = format!("{CYCLE_MSG} at byte offset 3");
    let e = within_timeout(|| decode_err::<serde_json::Value>("09 03 01 09 00"));
    assert_eq!(e.to_string(), msg);
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), Some(3));
    let e = within_timeout(|| decode_err::<Node>("09 03 01 09 00"));
    assert_eq!(e.to_string(), msg);
    let e = within_timeout(|| decode_err::<Vec<Vec<IgnoredAny>>>("09 03 01 09 00"));
    assert_eq!(e.to_string(), msg);
    // Skipping does not follow references, so a cycle is harmless there.
    within_timeout(|| amf_serde::from_slice::<IgnoredAny>(&hex("09 03 01 09 00")).unwrap());
    // from_reader gives the same message and offset.
    let e = within_timeout(|| {
        amf_serde::from_reader::<_, serde_json::Value>(&hex("09 03 01 09 00")[..]).unwrap_err()
    });
    assert_eq!(e.to_string(), msg);
}

#[test]
fn self_containing_object_and_dictionary_are_clean_cycle_errors() {
    // {a: <self>}
    let e = within_timeout(|| decode_err::<serde_json::Value>("0a 0b 01 03 61 0a 00 01"));
    assert_eq!(e.to_string(), format!("{CYCLE_MSG} at byte offset 5"));
    let e = within_timeout(|| decode_err::<SelfObj>("0a 0b 01 03 61 0a 00 01"));
    assert_eq!(e.to_string(), format!("{CYCLE_MSG} at byte offset 5"));
    // Dictionary {"k": <self>}
    let e = within_timeout(|| decode_err::<serde_json::Value>("11 03 00 06 03 6b 11 00"));
    assert_eq!(e.to_string(), format!("{CYCLE_MSG} at byte offset 6"));
}
