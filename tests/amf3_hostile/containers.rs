//! Dynamic data inside containers: objects with referenced traits, short dense arrays and
//! object references read into `serde_json::Value` and `amf_serde::Value`, and the byte
//! offset of an error inside such an object.

use super::*;

/// Objects with referenced traits, short dense arrays and object references
/// inside a container, read into `serde_json::Value` and `amf_serde::Value`
/// (the direct paths of `deserialize_any` and the `Value` decoder), and an
/// error in such an object, which names the byte of the bad member.
#[test]
fn objects_and_short_arrays_inside_containers_decode_exactly_and_fail_at_the_byte() {
    let bytes = [
        0x09, 0x09, 0x01, // [ of 4
        0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x01, // {a: 1}, dynamic traits inline
        0x0a, 0x01, 0x00, 0x04, 0x02, 0x01, // {a: 2}, traits and "a" by reference
        0x09, 0x05, 0x01, 0x04, 0x03, 0x0a, 0x01, 0x00, 0x04, 0x04, 0x01, // [3, {a: 4}]
        0x0a, 0x04, // object reference #2: {a: 2} again
    ];
    let want = serde_json::json!([{"a": 1}, {"a": 2}, [3, {"a": 4}], {"a": 2}]);
    assert_eq!(slice::<Value>(&bytes).unwrap(), want);
    assert_eq!(reader::<Value>(&bytes).unwrap(), want);
    let v: amf_serde::Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(serde_json::Value::try_from(&v).unwrap(), want);
    // The reference is the same node as the second element.
    assert!(v[1].ptr_eq(&v[3]));

    // A bad marker (0x20) as the member of the second object, at byte 14.
    let bad = [
        0x09, 0x05, 0x01, 0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x01, 0x0a, 0x01, 0x00, 0x20,
    ];
    let e = slice::<Value>(&bad).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
    let e = reader::<Value>(&bad).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
    let e = amf_serde::from_slice::<amf_serde::Value>(&bad).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
}
