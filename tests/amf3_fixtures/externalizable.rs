//! RocketAMF externalizable fixtures.

use super::*;

// ======================================================= externalizables

#[test]
fn amf3_array_collection() {
    check("amf3-array-collection.bin", &vec![s("foo"), s("bar")]);
    check("amf3-array-collection.bin", &json!(["foo", "bar"]));
}

#[test]
fn amf3_complex_array_collection() {
    // [a, b, b], a = AC(['foo', 'bar']), b = AC([ASClass('bar'), ASClass('asdf')])
    check(
        "amf3-complex-array-collection.bin",
        &(
            vec![s("foo"), s("bar")],
            vec![as_class("bar"), as_class("asdf")],
            vec![as_class("bar"), as_class("asdf")],
        ),
    );
    check(
        "amf3-complex-array-collection.bin",
        &json!([
            ["foo", "bar"],
            [{"foo": "bar", "baz": null}, {"foo": "asdf", "baz": null}],
            [{"foo": "bar", "baz": null}, {"foo": "asdf", "baz": null}]
        ]),
    );
}

#[test]
fn amf3_externalizable_unknown_class() {
    // [new ExternalizableTest(5, 7), new ExternalizableTest(13, 5)]; the
    // first object starts at offset 3.
    let msg = "externalizable class \"ExternalizableTest\" has no registered reader; \
               its body has no length, so it cannot be skipped at byte offset 3";
    let e = check_err::<Vec<Value>>("amf3-externalizable.bin");
    assert_eq!(e.to_string(), msg);
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), Some(3));
    assert_eq!(
        check_err::<Value>("amf3-externalizable.bin").to_string(),
        msg
    );
    assert_eq!(
        check_err::<IgnoredAny>("amf3-externalizable.bin").to_string(),
        msg
    );
    assert_eq!(
        check_err::<Vec<HashMap<String, f64>>>("amf3-externalizable.bin").to_string(),
        msg
    );
}
