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

/// Decodes standard base64 (with or without padding); `None` if malformed.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 3);
    for chunk in s.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= val(c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        match chunk.len() {
            4 => out.extend_from_slice(&bytes[1..4]),
            3 => out.extend_from_slice(&bytes[1..3]),
            2 => out.push(bytes[1]),
            _ => return None,
        }
    }
    Some(out)
}

/// Encodes bytes as standard base64 with padding.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut acc = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            acc |= (b as u32) << (16 - 8 * i);
        }
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((acc >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_both_ways() {
        assert_eq!(base64_encode(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert_eq!(base64_encode(b"a"), "YQ==");
        assert_eq!(base64_decode("dXNlcjpwYXNz").unwrap(), b"user:pass");
        assert_eq!(base64_decode("YWI=").unwrap(), b"ab");
        assert_eq!(base64_decode("YQ==").unwrap(), b"a");
        assert_eq!(base64_decode("Y"), None);
        assert_eq!(base64_decode("Y!=="), None);
    }
}
