//! Small helpers on [`Value`] for reading messages whose shape is not
//! known in advance (members by name in any order, through `0x11`), and
//! the base64 of Flex login credentials.

use std::sync::Arc;

use crate::types::Object;
use crate::Value;

pub(crate) fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

pub(crate) fn anonymous(members: Vec<(String, Value)>) -> Value {
    Value::Object(Arc::new(Object::anonymous(members)))
}

/// Sees through the AMF0 `0x11` switch.
pub(crate) fn plain(v: &Value) -> &Value {
    match v {
        Value::Amf3(inner) => plain(inner),
        other => other,
    }
}

/// The member `name` of an object (sealed or dynamic), through `0x11`.
pub(crate) fn member<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    match plain(v) {
        Value::Object(o) => o.get(name).map(plain),
        _ => None,
    }
}

pub(crate) fn member_str<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    member(v, name).and_then(Value::as_str)
}

/// The dense items of an array value, through `0x11`.
pub(crate) fn items(v: &Value) -> Option<&[Value]> {
    match plain(v) {
        Value::Array(a) if a.assoc.is_empty() => Some(a.dense.as_slice()),
        _ => None,
    }
}

/// The class alias of an object or externalizable value.
pub(crate) fn class_of(v: &Value) -> Option<&str> {
    match plain(v) {
        Value::Object(o) => Some(o.class.as_str()),
        Value::External(e) => Some(e.class.as_str()),
        _ => None,
    }
}
