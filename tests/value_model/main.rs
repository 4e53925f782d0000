//! The [`Value`] model: the `amf3.md` §8 examples decoded into hand-built
//! values and re-encoded byte for byte, shared nodes and cycles (equality,
//! printing, dropping), `Display`/`Debug`, indexing and accessors, the
//! `amf_value!` macro, `to_value`/`from_value`, `serde_json` conversions,
//! externalizable objects, and a `Value` embedded in a typed struct.
//!
//! Split by topic: `spec` (amf3.md §8 examples), `cycles`, `display`, `access`
//! (indexing and accessors), `amf_value_macro`, `to_from_value`, `json`, `externalizable`,
//! `typed_struct`. The shared builders and `check` helper live here.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Weak};

use amf_serde::external::DataInput;
use amf_serde::types::{
    Array, ByteArray, DataItem, Date, Dictionary, EcmaArray, External, Object, ObjectVector,
    Vector, Xml, XmlDocument,
};
use amf_serde::{amf_value, from_slice, from_value, to_value, to_vec, Cycle, Options, Value};
use amf_serde_tests::{fixture, hex, to_hex};
use serde::{Deserialize, Serialize};

mod access;
mod amf_value_macro;
mod cycles;
mod display;
mod externalizable;
mod json;
mod objects;
mod spec;
mod to_from_value;
mod typed_struct;

// ---------------------------------------------------------------- helpers

fn s(x: &str) -> Value {
    Value::String(x.to_owned())
}

fn int(i: i32) -> Value {
    Value::Integer(i)
}

fn arr(items: Vec<Value>) -> Value {
    Value::from(items)
}

fn anon(members: Vec<(&str, Value)>) -> Value {
    Value::from(Object::anonymous(members))
}

fn sealed(class: &str, members: Vec<(&str, Value)>) -> Value {
    Value::from(Object::sealed(class, members))
}

fn decode(bytes: &[u8]) -> Value {
    from_slice(bytes).unwrap_or_else(|e| panic!("decoding {}: {e}", to_hex(bytes)))
}

fn encode(v: &Value) -> Vec<u8> {
    to_vec(v).unwrap_or_else(|e| panic!("encoding {v}: {e}"))
}

/// Decodes `hex_str`, checks that it equals `expected`, that both the decoded
/// and the hand-built value encode back to exactly `hex_str`, and returns the
/// decoded value.
#[track_caller]
fn check(hex_str: &str, expected: &Value) -> Value {
    let bytes = hex(hex_str);
    let v = decode(&bytes);
    assert_eq!(
        &v, expected,
        "decoding {hex_str}\n got {v}\nwant {expected}"
    );
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes), "re-encoding {v}");
    assert_eq!(
        to_hex(&encode(expected)),
        to_hex(&bytes),
        "encoding {expected}"
    );
    v
}

/// A weak handle on the root node of an object.
fn weak_object(v: &Value) -> Weak<Object> {
    match v {
        Value::Object(o) => Arc::downgrade(o),
        other => panic!("not an object: {other:?}"),
    }
}

/// `a = {self: a}`.
const SELF_CYCLE: &str = "0a 0b 01 09 73 65 6c 66 0a 00 01";
/// `a = {b: b}, b = {a: a}`.
const TWO_CYCLE: &str = "0a 0b 01 03 62 0a 01 03 61 0a 00 01 01";
/// A typed, sealed `Node {next: self}`.
const NODE_CYCLE: &str = "0a 13 09 4e 6f 64 65 09 6e 65 78 74 0a 00";

#[track_caller]
fn json_of(v: &Value) -> String {
    let j = serde_json::Value::try_from(v).unwrap();
    let direct = serde_json::to_string(v).unwrap();
    let via = serde_json::to_string(&j).unwrap();
    assert_eq!(direct, via);
    via
}

fn external(class: &str, body: Vec<DataItem>) -> Value {
    Value::from(External {
        dynamic: false,
        class: class.into(),
        body,
    })
}
