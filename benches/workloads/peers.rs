//! The crates.io AMF crates, each through its own value type:
//!
//! * `amf` 1.0 (`amf::amf3::Value`, `amf::amf0::Value`): decodes from any
//!   `io::Read`, copies referenced objects, and encodes without string,
//!   object or traits references (every string and every member name is
//!   written inline), so its output is larger than everyone else's.
//! * `flash-lso` 0.7 (`flash_lso::types::Value`): decodes one value from a
//!   slice with `AMF3Decoder`/`AMF0Decoder::parse_single_element`. Its
//!   encoders are not public for a single value (`write_value_element` is
//!   `pub(crate)`): the only public way to write AMF is a whole `.sol` file
//!   (`flash_lso::write::write_to_bytes` on an `Lso`), so its encode benches
//!   write an `Lso` whose body is one element holding the value: a fixed
//!   overhead of a few dozen bytes (header, element name, padding), which
//!   [`lso_value_size`] subtracts when comparing sizes.
//!
//! flash-lso's AMF3 encoder is quadratic: its string, object and traits
//! tables (`ElementCache`, `trait_reference_table`) are `Vec`s searched
//! linearly, and every array or object written is looked up by comparing
//! whole `Value`s (`ElementCache::has`/`get_index` with `PartialEq`), after
//! cloning it. On the citm, canada and records data one encode takes
//! seconds, so [`crate::workloads::bench_encode`] times it once instead of
//! running it under criterion when one encode takes longer than
//! [`SLOW_ENCODE`].
//!
//! Both get their values by decoding amf-serde's bytes with their own
//! decoders, once, before measuring: the same data, in their own types.

use flash_lso::types::{AMFVersion, Element, Lso};
use std::time::{Duration, Instant};

/// One flash-lso encode slower than this is reported, not benchmarked.
pub const SLOW_ENCODE: Duration = Duration::from_millis(250);

/// `flash_lso`'s value type.
pub type LsoValue = flash_lso::types::Value;

/// The values of the other AMF crates for one data set.
pub struct Peers {
    pub amf_crate3: amf::amf3::Value,
    pub amf_crate0: amf::amf0::Value,
    pub lso3: Lso,
    pub lso0: Lso,
}

impl Peers {
    /// Decodes amf-serde's AMF3 and AMF0 encodings of one data set with each
    /// crate's own decoder.
    pub fn decode(amf3: &[u8], amf0: &[u8]) -> Peers {
        Peers {
            amf_crate3: amf_crate3_decode(amf3),
            amf_crate0: amf_crate0_decode(amf0),
            lso3: lso(flash_lso3_decode(amf3), AMFVersion::AMF3),
            lso0: lso(flash_lso0_decode(amf0), AMFVersion::AMF0),
        }
    }
}

pub fn amf_crate3_decode(bytes: &[u8]) -> amf::amf3::Value {
    amf::amf3::Value::read_from(bytes).expect("amf crate: AMF3 decode")
}

pub fn amf_crate0_decode(bytes: &[u8]) -> amf::amf0::Value {
    amf::amf0::Value::read_from(bytes).expect("amf crate: AMF0 decode")
}

pub fn amf_crate3_encode(value: &amf::amf3::Value) -> Vec<u8> {
    let mut out = Vec::new();
    value.write_to(&mut out).expect("amf crate: AMF3 encode");
    out
}

pub fn amf_crate0_encode(value: &amf::amf0::Value) -> Vec<u8> {
    let mut out = Vec::new();
    value.write_to(&mut out).expect("amf crate: AMF0 encode");
    out
}

pub fn flash_lso3_decode(bytes: &[u8]) -> LsoValue {
    let (rest, value) = flash_lso::amf3::read::AMF3Decoder::default()
        .parse_single_element(bytes)
        .expect("flash-lso: AMF3 decode");
    assert!(
        rest.is_empty(),
        "flash-lso: AMF3 decode left {} bytes",
        rest.len()
    );
    value
}

pub fn flash_lso0_decode(bytes: &[u8]) -> LsoValue {
    let (rest, value) = flash_lso::amf0::read::AMF0Decoder::default()
        .parse_single_element(bytes)
        .expect("flash-lso: AMF0 decode");
    assert!(
        rest.is_empty(),
        "flash-lso: AMF0 decode left {} bytes",
        rest.len()
    );
    value
}

/// A `.sol` file whose body is one element holding `value`.
pub fn lso(value: LsoValue, version: AMFVersion) -> Lso {
    Lso::new(vec![Element::new("_", value)], "bench", version)
}

/// flash-lso's only public encoder: the whole `.sol` file.
pub fn flash_lso_encode(lso: &mut Lso) -> Vec<u8> {
    flash_lso::write::write_to_bytes(lso).expect("flash-lso: encode")
}

/// The bytes flash-lso spends on the value in `lso` (the file minus the
/// same file holding `null`, plus the one byte of `null`), and the time one
/// encode of the file took.
pub fn lso_value_size(lso: &Lso) -> (usize, Duration) {
    let mut with_value = lso.clone();
    let mut with_null = self::lso(LsoValue::Null, lso.header.format_version);
    let start = Instant::now();
    let full = flash_lso_encode(&mut with_value).len();
    let took = start.elapsed();
    (full - flash_lso_encode(&mut with_null).len() + 1, took)
}
