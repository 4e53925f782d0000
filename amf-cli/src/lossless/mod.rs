//! Lossless JSON: every distinction a [`Value`](amf_serde::Value) holds, written as JSON that
//! reads back into the same `Value` (and so, for input written by Flash
//! Player, into the same bytes).
//!
//! | AMF | JSON |
//! |---|---|
//! | null, boolean, string | `null`, `true`, `"text"` |
//! | integer (AMF3 `04`) | a number without fraction or exponent: `5` |
//! | double | a number with a fraction or exponent: `5.0`, `1e300`; `{"$double": "NaN"}`, `"Infinity"`, `"-Infinity"`, or the bits `"0x7ff4000000000000"` |
//! | undefined, unsupported | `{"$undefined": true}`, `{"$unsupported": true}` |
//! | date | `{"$date": 1704067200000.0}`, AMF0 time-zone field `"$tz": -60` when not 0 |
//! | XML, XML document | `{"$xml": "<a/>"}`, `{"$xmldoc": "<a/>"}` |
//! | ByteArray | `{"$bytes": "0a0b"}` (hex) |
//! | array, dense only | `[1, 2]` |
//! | array with an associative part | `{"$assoc": {"k": 1}, "$array": [1, 2]}` (wire order) |
//! | anonymous dynamic object | `{"a": 1}` (when no member name starts with `$`) |
//! | other objects | `{"$class": "com.x.C", "$sealed": {"a": 1}, "$dynamic": {"b": 2}}`: `$class` left out when anonymous, `$dynamic` present exactly for dynamic objects, `$sealed` left out when empty and dynamic |
//! | an object using a second copy of its traits (Flash writes the traits of a second class that looks the same inline again: `Object::traits_copy`) | `"$traits_copy": 1` in the form above (left out when 0) |
//! | externalizable object | `{"$class": "C", "$external": [{"double": 5.0}, {"utf": "x"}, {"object": …}]}`, `"$dynamic": true` when its traits have the dynamic flag (`0a 0f`, Flash's `ObjectProxy`: `External::dynamic`) |
//! | vectors | `{"$vector_int": [1]}`, `$vector_uint`, `$vector_double`, `{"$vector_object": [...], "$type": "*"}`, `"$fixed": true` when fixed |
//! | Dictionary | `{"$dictionary": [[key, value], …]}`, `"$weak": true` for weak keys |
//! | AMF0 ECMA array | `{"$ecma": {"k": v}, "$length": 2}` |
//! | AMF3 value inside AMF0 (`11`) | `{"$amf3": value}` |
//! | a node met more than once | first time with `"$id": n`, then `{"$ref": n}` (also for cycles) |
//!
//! Any tagged form (and any array) takes `"$id"`. Member order and
//! duplicate member names are kept. Plain JSON reads as the obvious AMF
//! (integers that fit an `i32` as integers, objects as anonymous dynamic
//! objects).
//!
//! ```
//! use amf_cli::lossless;
//!
//! // [o, o] where o = {a: 1}, as Flash Player writes it.
//! let bytes = [0x09, 0x05, 0x01, 0x0a, 0x0b, 0x01, 0x03, 0x61, 0x04, 0x01, 0x01, 0x0a, 0x02];
//! let v: amf_serde::Value = amf_serde::from_slice(&bytes)?;
//! let json = serde_json::to_string(&lossless::Lossless::new(std::slice::from_ref(&v)).of(0))?;
//! assert_eq!(json, r#"[{"$dynamic":{"a":1},"$id":0},{"$ref":0}]"#);
//! let back = lossless::from_str(&json)?;
//! assert_eq!(amf_serde::to_vec(&back)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod from_json;
mod graph;
mod json;
mod to_json;

pub use from_json::{from_str, Builder};
pub use graph::{has_cycle, without_cycles};
pub use json::{parse_json, Json, MAX_JSON_DEPTH};
pub use to_json::{Lossless, Node};
