//! Flex message objects as the gateway and the client build and read them
//! (`flex.md` §2), on [`Value`]: class aliases, members by name in any
//! order, UIDs, timestamps.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::types::Object;
use crate::Value;

pub(crate) const REMOTING: &str = "flex.messaging.messages.RemotingMessage";
pub(crate) const COMMAND: &str = "flex.messaging.messages.CommandMessage";
pub(crate) const ACKNOWLEDGE: &str = "flex.messaging.messages.AcknowledgeMessage";
pub(crate) const ERROR: &str = "flex.messaging.messages.ErrorMessage";

/// A fresh UID in the Flex format (36 characters, upper-case hex,
/// `8-4-4-4-12`), random enough to be unique across processes: 128 bits
/// from the standard library's randomly keyed SipHash over a counter, the
/// time and the thread. Not a secret: do not use it as a credential.
pub fn new_uid() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let word = |salt: u64| {
        // A new RandomState per word: each is keyed from the OS's
        // randomness once per thread and then incremented.
        let mut h = RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u64(n);
        h.write_u128(t);
        h.finish()
    };
    let (a, b) = (word(1), word(2));
    let hex = format!("{a:016X}{b:016X}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `true` for a UID in the Flex format (`flex.md` §4).
pub fn is_uid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'A'..=b'F').contains(&c),
        })
}

/// Milliseconds since the epoch, as a Flex `timestamp`.
pub(crate) fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(0.0)
}

pub(crate) fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

pub(crate) fn opt_string(s: Option<&str>) -> Value {
    s.map_or(Value::Null, string)
}

pub(crate) fn object(class: &str, members: Vec<(&str, Value)>) -> Value {
    Value::Object(Arc::new(Object::sealed(class, members)))
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

/// An `AcknowledgeMessage` answering the message `correlation_id`.
pub(crate) fn acknowledge(
    correlation_id: &str,
    client_id: Option<&str>,
    destination: Option<&str>,
    headers: Vec<(String, Value)>,
    body: Value,
) -> Value {
    object(
        ACKNOWLEDGE,
        vec![
            ("body", body),
            ("clientId", opt_string(client_id)),
            ("correlationId", string(correlation_id)),
            ("destination", opt_string(destination)),
            ("headers", anonymous(headers)),
            ("messageId", Value::String(new_uid())),
            ("timeToLive", Value::Double(0.0)),
            ("timestamp", Value::Double(now_ms())),
        ],
    )
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
    fn uids_are_well_formed_and_distinct() {
        let a = new_uid();
        let b = new_uid();
        assert!(is_uid(&a), "{a}");
        assert!(is_uid(&b), "{b}");
        assert_ne!(a, b);
        assert!(!is_uid("7b0ace15-8d57-6ae5-b9d4-99c2d32c8246"));
        assert!(!is_uid("nil"));
    }

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
