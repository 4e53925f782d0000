//! AMF0: the ActionScript 1/2 format, still the outer framing of RTMP
//! command messages, Flash remoting packets and old `.sol` files.
//!
//! # Mapping
//!
//! | serde type | AMF0 | example | bytes |
//! |---|---|---|---|
//! | `bool` | boolean `01` | `true` | `01 01` |
//! | every integer, `f32`, `f64` | number `00` (AMF0 has no integer; integers a double cannot hold exactly are errors) | `30` | `00 40 3e 00 00 00 00 00 00` |
//! | `char`, `str` up to 65535 bytes | string `02` | `"a"` | `02 00 01 61` |
//! | `str` of 65536 bytes or more | long string `0c` | | `0c 00 01 00 00 …` |
//! | bytes (`serde_bytes`) | AMF3 ByteArray behind the switch: `11 0c …` (default), or a strict array of numbers ([`Options::with_amf0_bytes`](crate::Options::with_amf0_bytes)) | `[1, 2]` | `11 0c 05 01 02` |
//! | `None`, `()`, unit struct | null `05` | `None::<i32>` | `05` |
//! | `Some(v)`, newtype struct | `v` | `Some(1)` | `00 3f f0 …` |
//! | sequence, tuple | strict array `0a` | `[true]` | `0a 00 00 00 01 01 01` |
//! | struct | anonymous object `03` | `P { x: 1 }` | `03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09` |
//! | map with string keys | anonymous object `03` | `{"a": true}` | `03 00 01 61 01 01 00 00 09` |
//! | map with integer keys | ECMA array `08` (keys in decimal, count = entries) | `{0: true}` | `08 00 00 00 01 00 01 30 01 01 00 00 09` |
//! | unit variant | string | `E::A` | `02 00 01 41` |
//! | other variants | object with one member named after the variant | `E::B(true)` | `03 00 01 42 01 01 00 00 09` |
//!
//! Maps with string keys are written as anonymous objects, not ECMA arrays:
//! that is what Flash Player writes for an `Object` (RTMP command objects,
//! `onStatus` info, `.sol` data), what PyAMF writes for a `dict`, and it
//! keeps AMF0 and AMF3 alike (an AMF3 map is an anonymous object too). Maps
//! with integer keys are ActionScript arrays, so they become ECMA arrays.
//! Use [`Value`](crate::Value) or [`types::EcmaArray`](crate::types::EcmaArray)
//! to write an ECMA array with string keys.
//!
//! Dates carry a time-zone field that writers fill inconsistently (the AMF0
//! specification reserves it and asks for zero; some writers put their
//! local offset in minutes there). It is read and never applied to the
//! timestamp; a
//! [`Value`](crate::Value) keeps it ([`Date::timezone`](crate::types::Date::timezone))
//! so that decoded input is written back byte for byte, and dates created
//! in Rust are written with `00 00`.
//!
//! Decoding accepts every marker `0x00`–`0x11`: numbers into any numeric
//! type (integral and in range for integer types), strings and long strings,
//! objects, typed objects and ECMA arrays into maps and structs (the ECMA
//! count is ignored), strict arrays into sequences, ECMA arrays whose keys
//! are exactly `"0"`…`"n-1"` (in any order) into sequences too, dates as
//! milliseconds (the time-zone field is read and ignored), XML documents as
//! strings, `undefined`/`unsupported` like `null`, `07` references by
//! replaying the referenced object, and `11` by reading one AMF3 value with
//! AMF3 tables shared across the switches of one top-level value.

/// The pattern of the `Value` kinds only AMF3 can hold: AMF0 writes them
/// behind the `0x11` switch, and a decoder reading one there needs no
/// `Value::Amf3` mark to write it back the same way.
macro_rules! amf3_only {
    () => {
        $crate::value::Value::Xml(_)
            | $crate::value::Value::ByteArray(_)
            | $crate::value::Value::External(_)
            | $crate::value::Value::VectorInt(_)
            | $crate::value::Value::VectorUint(_)
            | $crate::value::Value::VectorDouble(_)
            | $crate::value::Value::VectorObject(_)
            | $crate::value::Value::Dictionary(_)
    };
}
use amf3_only;

pub(crate) mod de;
pub mod marker;
mod ser;

pub use de::{
    from_reader, from_reader_with, from_slice, from_slice_with, Deserializer, StreamDeserializer,
};
pub use ser::{to_vec, to_vec_with, to_writer, to_writer_with, Compound, Serializer};
