//! What `amf_value!` expands to.

use crate::value::Value;
/// `amf_value!`'s conversion of an interpolated expression: like
/// `serde_json::json!`, a value that cannot be represented panics at the
/// macro call (its documented contract).
#[track_caller]
pub fn to_value_or_panic<T: ?Sized + serde::Serialize>(value: &T) -> Value {
    match crate::value::to_value(value) {
        Ok(v) => v,
        Err(e) => panic!("amf_value!: {e}"),
    }
}

/// `amf_value!`'s arrays.
pub fn array(items: Vec<Value>) -> Value {
    Value::from(items)
}

/// `amf_value!`'s objects.
pub fn object(members: crate::types::Members) -> Value {
    Value::from(members)
}
