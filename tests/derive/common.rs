//! Helpers shared by the `derive` submodules: encode, decode and compare
//! with hex in the failure messages.

use std::fmt::Debug;

use amf_serde::{amf0, Error};
use amf_serde_tests::{hex, to_hex};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// AMF3 bytes of `value` (also checks that `to_writer` agrees).
#[track_caller]
pub fn amf3<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let bytes = amf_serde::to_vec(value).unwrap_or_else(|e| panic!("AMF3 encoding failed: {e}"));
    let mut written = Vec::new();
    amf_serde::to_writer(&mut written, value)
        .unwrap_or_else(|e| panic!("AMF3 to_writer failed: {e}"));
    assert_eq!(to_hex(&written), to_hex(&bytes), "AMF3 to_writer differs");
    bytes
}

/// AMF0 bytes of `value` (also checks that `to_writer` agrees).
#[track_caller]
pub fn amf0<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let bytes = amf0::to_vec(value).unwrap_or_else(|e| panic!("AMF0 encoding failed: {e}"));
    let mut written = Vec::new();
    amf0::to_writer(&mut written, value).unwrap_or_else(|e| panic!("AMF0 to_writer failed: {e}"));
    assert_eq!(to_hex(&written), to_hex(&bytes), "AMF0 to_writer differs");
    bytes
}

/// Decodes AMF3 `bytes` (from a slice and from a reader, which must agree).
#[track_caller]
pub fn from3<T: DeserializeOwned + Debug + PartialEq>(bytes: &[u8]) -> T {
    let v: T = amf_serde::from_slice(bytes)
        .unwrap_or_else(|e| panic!("AMF3 decoding of {} failed: {e}", to_hex(bytes)));
    let r: T = amf_serde::from_reader(bytes)
        .unwrap_or_else(|e| panic!("AMF3 from_reader of {} failed: {e}", to_hex(bytes)));
    assert_eq!(v, r, "from_reader differs from from_slice");
    v
}

/// Decodes AMF0 `bytes` (from a slice and from a reader, which must agree).
#[track_caller]
pub fn from0<T: DeserializeOwned + Debug + PartialEq>(bytes: &[u8]) -> T {
    let v: T = amf0::from_slice(bytes)
        .unwrap_or_else(|e| panic!("AMF0 decoding of {} failed: {e}", to_hex(bytes)));
    let r: T = amf0::from_reader(bytes)
        .unwrap_or_else(|e| panic!("AMF0 from_reader of {} failed: {e}", to_hex(bytes)));
    assert_eq!(v, r, "from_reader differs from from_slice");
    v
}

/// `value` encodes to exactly `expected` in AMF3, and those bytes decode
/// back to `value`.
#[track_caller]
pub fn assert_amf3<T>(value: &T, expected: &str)
where
    T: Serialize + DeserializeOwned + Debug + PartialEq,
{
    assert_eq!(to_hex(&amf3(value)), to_hex(&hex(expected)), "AMF3 bytes");
    assert_eq!(&from3::<T>(&hex(expected)), value, "AMF3 decoding");
}

/// `value` encodes to exactly `expected` in AMF0, and those bytes decode
/// back to `value`.
#[track_caller]
pub fn assert_amf0<T>(value: &T, expected: &str)
where
    T: Serialize + DeserializeOwned + Debug + PartialEq,
{
    assert_eq!(to_hex(&amf0(value)), to_hex(&hex(expected)), "AMF0 bytes");
    assert_eq!(&from0::<T>(&hex(expected)), value, "AMF0 decoding");
}

/// `value` survives AMF3, AMF0, `amf_serde::Value` and `serde_json`.
#[track_caller]
pub fn round_trip<T>(value: &T)
where
    T: Serialize + DeserializeOwned + Debug + PartialEq,
{
    let bytes = amf3(value);
    assert_eq!(&from3::<T>(&bytes), value, "AMF3 round trip");
    let bytes = amf0(value);
    assert_eq!(&from0::<T>(&bytes), value, "AMF0 round trip");
    let v = amf_serde::to_value(value).unwrap_or_else(|e| panic!("to_value failed: {e}"));
    let back: T = amf_serde::from_value(v.clone())
        .unwrap_or_else(|e| panic!("from_value of {v:?} failed: {e}"));
    assert_eq!(&back, value, "Value round trip");
    let json = serde_json::to_string(value).unwrap_or_else(|e| panic!("serde_json failed: {e}"));
    let back: T =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("serde_json of {json} failed: {e}"));
    assert_eq!(&back, value, "serde_json round trip of {json}");
}

/// The text of an AMF3 decoding error (panics if decoding succeeds).
#[track_caller]
pub fn err3<T: DeserializeOwned + Debug>(bytes: &[u8]) -> Error {
    match amf_serde::from_slice::<T>(bytes) {
        Ok(v) => panic!("expected an error decoding {}, got {v:?}", to_hex(bytes)),
        Err(e) => e,
    }
}

/// The text of an AMF0 decoding error (panics if decoding succeeds).
#[track_caller]
pub fn err0<T: DeserializeOwned + Debug>(bytes: &[u8]) -> Error {
    match amf0::from_slice::<T>(bytes) {
        Ok(v) => panic!("expected an error decoding {}, got {v:?}", to_hex(bytes)),
        Err(e) => e,
    }
}

/// The hex of `s` as an inline AMF3 UTF-8-vr (length header, then the
/// bytes), for strings shorter than 64 bytes.
pub fn vr(s: &str) -> String {
    assert!(s.len() < 64, "vr() is for short strings");
    let mut out = format!("{:02x}", (s.len() << 1) | 1);
    for b in s.bytes() {
        out.push_str(&format!(" {b:02x}"));
    }
    out
}

/// The hex of `s` as an AMF0 UTF-8 (`U16` length, then the bytes).
pub fn utf(s: &str) -> String {
    let mut out = format!("{:02x} {:02x}", s.len() >> 8, s.len() & 0xff);
    for b in s.bytes() {
        out.push_str(&format!(" {b:02x}"));
    }
    out
}

/// The text of `e` without its `at byte offset N` suffix, to check a
/// message apart from its offset.
pub fn message(e: &Error) -> String {
    let text = e.to_string();
    match (e.offset(), text.rfind(" at byte offset ")) {
        (Some(_), Some(at)) => text[..at].to_owned(),
        _ => text,
    }
}
