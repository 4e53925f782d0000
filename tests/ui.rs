//! Compile-fail tests of the `#[amf(...)]` attribute with trybuild: each
//! file in `tests/ui/` makes one mistake, and its `.stderr` holds the
//! expected diagnostics (regenerate with
//! `TRYBUILD=overwrite cargo test -p amf-serde-tests --test ui`, then read
//! them: every error must point at the offending token).

#[test]
fn ui() {
    // trybuild resolves the glob against CARGO_MANIFEST_DIR (`tests/`).
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
}

/// `amf_value!` accepts every form `serde_json::json!`'s documentation
/// shows (`ui_pass/`), and rejects malformed input at compile time
/// (`ui/amf_value_*.rs`, part of the test above).
#[test]
fn amf_value_forms() {
    let t = trybuild::TestCases::new();
    t.pass("ui_pass/*.rs");
}
