//! RocketAMF array fixtures.

use super::*;

// ================================================================ arrays

#[test]
fn amf3_arrays() {
    check("amf3-empty-array.bin", &Vec::<i32>::new());
    check("amf3-empty-array.bin", &json!([]));
    check("amf3-primitive-array.bin", &vec![1i32, 2, 3, 4, 5]);
    check("amf3-primitive-array.bin", &vec![1u8, 2, 3, 4, 5]);
    check(
        "amf3-primitive-array.bin",
        &vec![1.0f64, 2.0, 3.0, 4.0, 5.0],
    );
    check("amf3-primitive-array.bin", &(1, 2, 3, 4, 5));
    check("amf3-primitive-array.bin", &json!([1, 2, 3, 4, 5]));
}

#[test]
fn amf3_array_refs() {
    check(
        "amf3-array-ref.bin",
        &(
            vec![1, 2, 3],
            vec![s("a"), s("b"), s("c")],
            vec![1, 2, 3],
            vec![s("a"), s("b"), s("c")],
        ),
    );
    check(
        "amf3-array-ref.bin",
        &json!([[1, 2, 3], ["a", "b", "c"], [1, 2, 3], ["a", "b", "c"]]),
    );
    check("amf3-empty-array-ref.bin", &vec![Vec::<i32>::new(); 4]);
    check("amf3-empty-array-ref.bin", &json!([[], [], [], []]));
}

#[test]
fn amf3_string_refs() {
    check("amf3-empty-string-ref.bin", &vec![s(""), s("")]);
    check(
        "amf3-encoded-string-ref.bin",
        &vec![s("this is a テスト"), s("this is a テスト")],
    );
    check(
        "amf3-complex-encoded-string-array.bin",
        &(5i32, s("Shift テスト"), s("UTF テスト"), 5i32),
    );
    check(
        "amf3-complex-encoded-string-array.bin",
        &json!([5, "Shift テスト", "UTF テスト", 5]),
    );
    check(
        "amf3-string-ref.bin",
        &json!(["foo", "str", "foo", "str", "foo", {"str": "foo"}]),
    );

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Item {
        Str(String),
        Obj(BTreeMap<String, String>),
    }
    let obj: BTreeMap<String, String> = [(s("str"), s("foo"))].into();
    check(
        "amf3-string-ref.bin",
        &vec![
            Item::Str(s("foo")),
            Item::Str(s("str")),
            Item::Str(s("foo")),
            Item::Str(s("str")),
            Item::Str(s("foo")),
            Item::Obj(obj),
        ],
    );
    // Strings that arrive as references borrow from the input too.
    let bytes = load("amf3-string-ref.bin");
    let v: (&str, &str, &str, &str, &str, HashMap<&str, &str>) =
        amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(
        (v.0, v.1, v.2, v.3, v.4),
        ("foo", "str", "foo", "str", "foo")
    );
    assert_eq!(v.5, [("str", "foo")].into());
}

#[test]
fn amf3_associative_array() {
    let expected: BTreeMap<String, String> = [
        ("asdf", "fdsa"),
        ("foo", "bar"),
        ("42", "bar"),
        ("0", "bar1"),
        ("1", "bar2"),
        ("2", "bar3"),
    ]
    .into_iter()
    .map(|(k, v)| (s(k), s(v)))
    .collect();
    check("amf3-associative-array.bin", &expected);
    check(
        "amf3-associative-array.bin",
        &json!({"asdf": "fdsa", "foo": "bar", "42": "bar", "0": "bar1", "1": "bar2", "2": "bar3"}),
    );
    check(
        "amf3-associative-array.bin",
        &Entries(vec![
            (s("asdf"), s("fdsa")),
            (s("foo"), s("bar")),
            (s("42"), s("bar")),
            (s("0"), s("bar1")),
            (s("1"), s("bar2")),
            (s("2"), s("bar3")),
        ]),
    );
    // Not a plain list: the named entries must not be dropped.
    assert!(check_err::<Vec<String>>("amf3-associative-array.bin").is_data());
}

#[test]
fn amf3_mixed_array() {
    // [h1, h2, so1, {}, [h1, h2, so1], [], 42, "", [], "", {}, "bar_one", so1]
    let h1 = json!({"foo_one": "bar_one"});
    let h2 = json!({"foo_two": ""});
    let so1 = json!({"foo_three": 42});
    check(
        "amf3-mixed-array.bin",
        &json!([
            h1.clone(),
            h2.clone(),
            so1.clone(),
            {},
            [h1, h2, so1.clone()],
            [],
            42,
            "",
            [],
            "",
            {},
            "bar_one",
            so1
        ]),
    );
}
