//! RocketAMF vector and dictionary fixtures.

use super::*;

// ================================================================ vectors

#[test]
fn amf3_vectors() {
    check("amf3-vector-int.bin", &vec![4i32, -20, 12]);
    check("amf3-vector-int.bin", &json!([4, -20, 12]));
    check("amf3-vector-uint.bin", &vec![4u32, 20, 12]);
    check("amf3-vector-uint.bin", &vec![4i32, 20, 12]);
    check("amf3-vector-double.bin", &vec![4.3f64, -20.6]);
    check("amf3-vector-double.bin", &json!([4.3, -20.6]));
    check(
        "amf3-vector-object.bin",
        &vec![as_class("foo"), as_class("bar"), as_class("baz")],
    );
    check(
        "amf3-vector-object.bin",
        &json!([
            {"foo": "foo", "baz": null},
            {"foo": "bar", "baz": null},
            {"foo": "baz", "baz": null}
        ]),
    );
    assert!(check_err::<Vec<u32>>("amf3-vector-int.bin").is_data());
}

// ============================================================ dictionaries

#[test]
fn amf3_dictionary() {
    // d["bar"] = "asdf1"; d[new ASClass("baz")] = "asdf2"
    check(
        "amf3-dictionary.bin",
        &Entries(vec![
            (DictKey::Str(s("bar")), s("asdf1")),
            (DictKey::Obj(as_class("baz")), s("asdf2")),
        ]),
    );
    check(
        "amf3-dictionary.bin",
        &Entries(vec![
            (json!("bar"), json!("asdf1")),
            (json!({"foo": "baz", "baz": null}), json!("asdf2")),
        ]),
    );
    // serde_json maps need string keys; the object key is a clean error.
    assert!(check_err::<Value>("amf3-dictionary.bin").is_data());
    assert!(check_err::<HashMap<String, String>>("amf3-dictionary.bin").is_data());
}

#[test]
fn amf3_empty_dictionary() {
    check(
        "amf3-empty-dictionary.bin",
        &HashMap::<String, String>::new(),
    );
    check("amf3-empty-dictionary.bin", &BTreeMap::<i32, i32>::new());
    check("amf3-empty-dictionary.bin", &json!({}));
    check(
        "amf3-empty-dictionary.bin",
        &Entries::<Value, Value>(vec![]),
    );
}
