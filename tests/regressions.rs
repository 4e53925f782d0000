//! Regression tests for inputs found by fuzzing (`fuzz/`, see `FUZZING.md`).
//!
//! Each test names the fuzz target and gives the input in hex. None of the
//! fuzz findings so far was a library crash; the cases here pin down the
//! behaviour the fuzz harnesses rely on.

use amf_serde::{amf0, Value};
use amf_serde_tests::hex;

/// `amf0_typed` (selector `0b`, `Vec<Value>`), minimised: an AMF3
/// `Vector.<uint>` behind the AMF0 switch, `11 0e 05 00 00000001 10000000`.
/// Typed decoding sees the vector as a sequence of numbers, so the `Value`s
/// are `Integer(1)` and `Double(268435456.0)` (the uint does not fit 29
/// bits). AMF0 has no integer type: re-encoding writes numbers, and the
/// second decoding gives `Double(1.0)`. After that one normalisation, the
/// round trip is stable (the harness first expected the first round trip to
/// be exact, which is only true for AMF3).
#[test]
fn amf0_typed_values_normalise_integers_once() {
    let input = hex("11 0e 05 00 00 00 00 01 10 00 00 00");
    let first: Vec<Value> = amf0::from_slice(&input).unwrap();
    assert_eq!(
        first,
        [Value::Integer(1), Value::Double(268_435_456.0)],
        "{first:?}"
    );
    let bytes = amf0::to_vec(&first).unwrap();
    assert_eq!(
        bytes,
        hex("0a 00 00 00 02 00 3f f0 00 00 00 00 00 00 00 41 b0 00 00 00 00 00 00")
    );
    let second: Vec<Value> = amf0::from_slice(&bytes).unwrap();
    assert_eq!(
        second,
        [Value::Double(1.0), Value::Double(268_435_456.0)],
        "{second:?}"
    );
    let again = amf0::to_vec(&second).unwrap();
    assert_eq!(again, bytes, "stable after one round trip");
    // In AMF3 the first round trip is already exact.
    let bytes = amf_serde::to_vec(&first).unwrap();
    let back: Vec<Value> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, first);
}
