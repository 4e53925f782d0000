//! gotchas §3, §4 (traits) and §8 (undefined, null, holes) in typed serde.

use super::*;

// ================================================ gotchas §3, §4: traits

#[test]
fn gotchas_3_complex_array_collection() {
    assert_decodes(
        "09 07 01 0a 07 43 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e 41 72 72 61 79 \
         43 6f 6c 6c 65 63 74 69 6f 6e 09 05 01 06 07 66 6f 6f 06 07 62 61 72 0a 01 09 05 01 \
         0a 23 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 07 62 61 7a 02 01 06 04 \
         0a 05 01 06 09 61 73 64 66 0a 06",
        &(
            vec!["foo".to_owned(), "bar".to_owned()],
            vec![as_class("bar"), as_class("asdf")],
            vec![as_class("bar"), as_class("asdf")],
        ),
    );
}

#[test]
fn gotchas_4_later_anonymous_objects_use_traits_ref_0() {
    let maps: Vec<BTreeMap<String, i32>> =
        vec![[("a".to_owned(), 1)].into(), [("a".to_owned(), 2)].into()];
    assert_both(&maps, "09 05 01 0a 0b 01 03 61 04 01 01 0a 01 00 04 02 01");
    let empties: Vec<BTreeMap<String, i32>> = vec![BTreeMap::new(), BTreeMap::new()];
    assert_both(&empties, "09 05 01 0a 0b 01 01 0a 01 01");
}

#[test]
fn gotchas_4_traits_index_space_is_separate() {
    let a1: BTreeMap<String, i32> = [("a".to_owned(), 1)].into();
    let a2: BTreeMap<String, i32> = [("a".to_owned(), 2)].into();
    assert_both(
        &(a1, P { x: 1, y: 2 }, a2, P { x: 3, y: 4 }),
        "09 09 01 \
         0a 0b 01 03 61 04 01 01 \
         0a 23 01 03 78 03 79 04 01 04 02 \
         0a 01 00 04 02 01 \
         0a 05 04 03 04 04",
    );
    // Arrays in between (object table) do not shift traits indices.
    assert_both(
        &(P { x: 1, y: 2 }, vec![1], P { x: 3, y: 4 }),
        "09 07 01 0a 23 01 03 78 03 79 04 01 04 02 09 03 01 04 01 0a 01 04 03 04 04",
    );
}

// ====================================== gotchas §8 undefined, null, holes

#[test]
fn gotchas_8_undefined_and_null() {
    assert_decodes::<Option<i32>>("00", &None);
    assert_decodes::<Option<i32>>("01", &None);
    assert_decodes("09 07 01 00 01 04 01", &vec![None, None, Some(1)]);
    assert_decodes::<()>("00", &());
    assert_decodes::<serde_json::Value>("00", &json!(null));
}
