//! Integration tests for amf-serde. Each `amf3_*.rs` file is one test target
//! (see `Cargo.toml`); shared helpers live here.

/// Parses a hex string with optional whitespace (`"09 05 01"`) into bytes.
///
/// # Panics
/// On malformed hex: test vectors are written by hand.
pub fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(
        digits.len().is_multiple_of(2),
        "odd number of hex digits in {s:?}"
    );
    digits
        .chunks(2)
        .map(|pair| {
            let text = std::str::from_utf8(pair).expect("hex digits are ASCII");
            u8::from_str_radix(text, 16).unwrap_or_else(|_| panic!("bad hex {text:?} in {s:?}"))
        })
        .collect()
}

/// Formats bytes as lowercase hex separated by spaces, for assertion messages.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a fixture file from `tests/fixtures/rocketamf/<dir>/<name>` (copied from `../shared/fixtures`, see its NOTICE).
///
/// # Panics
/// If the file is missing.
pub fn fixture(dir: &str, name: &str) -> Vec<u8> {
    let path = format!(
        "{}/fixtures/rocketamf/{dir}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {path}: {e}"))
}

/// The examples of the repository README, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct RepositoryReadme;

/// The examples of amf-serde-derive's README (its crates.io page), run as
/// doctests (that crate is a proc macro and cannot run them itself).
#[cfg(doctest)]
#[doc = include_str!("../amf-serde-derive/README.md")]
struct DeriveReadme;

pub mod royale;
