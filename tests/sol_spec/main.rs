//! `.sol` files: the worked examples of `shared/spec/sol.md` §4 byte for
//! byte (read, written untyped and typed), typed entries with serde
//! attributes, editing, and bad input (errors with offset and entry).
//!
//! Split into `spec` (sol.md §4 examples), `typed_entries`, `edit`, `bad_input`.

use std::collections::BTreeMap;
use std::sync::Arc;

use amf_serde::sol::{self, ReadOptions, Sol, Version};
use amf_serde::types::{Dictionary, Object};
use amf_serde::{Category, Options, Value};
use amf_serde_tests::hex;
use serde::{Deserialize, Serialize};

mod bad_input;
mod edit;
mod spec;
mod typed_entries;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/sol/minerva/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A copy of `sol` that has forgotten the bytes it was read from, so
/// writing it encodes every entry.
fn fresh(sol: &Sol) -> Sol {
    let mut s = Sol::new(sol.name.clone(), sol.version);
    s.entries = sol.entries.clone();
    s
}

const TEST_AMF0: &str = "
    00 bf 00 00 00 2a 54 43 53 4f 00 04 00 00 00 00 00 04 74 65 73 74 00 00 00 00
    00 01 61 00 3f f0 00 00 00 00 00 00 00
    00 01 73 02 00 02 68 69 00";

const TEST_AMF3: &str = "
    00 bf 00 00 00 1e 54 43 53 4f 00 04 00 00 00 00 00 04 74 65 73 74 00 00 00 03
    03 61 04 01 00
    03 73 06 00 00";

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Amf0Test {
    a: f64,
    s: String,
}
