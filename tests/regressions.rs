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

/// `amf3_value` (round 3), minimised by hand: an `ArrayCollection` whose
/// body is a reference to itself (`09 00`, object 0). It decodes into
/// `Value` (the reference becomes a cycle), so it must also be skippable:
/// `IgnoredAny` read the externalizable body with `deserialize_any`, which
/// follows references and called this one a cycle. The body is now skipped
/// with the skipping rules (references checked, not followed), in AMF3 and
/// behind the AMF0 switch.
#[test]
fn self_referencing_array_collection_can_be_skipped() {
    use amf_serde::{amf3, Options};
    use serde::de::IgnoredAny;
    let mut amf3_bytes = hex("0a 07 43");
    amf3_bytes.extend_from_slice(b"flex.messaging.io.ArrayCollection");
    amf3_bytes.extend_from_slice(&hex("09 00"));
    let v: Value = amf3::from_slice(&amf3_bytes).unwrap();
    assert!(
        format!("{v}").contains("flex.messaging.io.ArrayCollection"),
        "{v}"
    );
    amf3::from_slice::<IgnoredAny>(&amf3_bytes).unwrap();
    Options::new()
        .from_reader::<_, IgnoredAny>(&amf3_bytes[..])
        .unwrap();
    // Typed targets still refuse the cycle.
    let e = amf3::from_slice::<Vec<Vec<i32>>>(&amf3_bytes).unwrap_err();
    assert!(e.to_string().contains("cycle"), "{e}");
    // The same value behind the AMF0 switch, and inside an AMF0 array.
    let mut amf0_bytes = vec![0x11];
    amf0_bytes.extend_from_slice(&amf3_bytes);
    amf0::from_slice::<Value>(&amf0_bytes).unwrap();
    amf0::from_slice::<IgnoredAny>(&amf0_bytes).unwrap();
    let mut in_array = hex("0a 00 00 00 01");
    in_array.extend_from_slice(&amf0_bytes);
    amf0::from_slice::<IgnoredAny>(&in_array).unwrap();
}

/// The fuzz input itself (`fuzz/artifacts/amf3_value/crash-b751b0de…`, 400
/// bytes): decodes into `Value`, and now also as `IgnoredAny`.
#[test]
fn amf3_value_round3_finding_is_skippable() {
    use serde::de::IgnoredAny;
    let bytes = hex(concat!(
        "0a0b01116368696c6472656e0000000000000000000000000707070707070707",
        "0707074007070707070707070707070707070707070707070708070000020211",
        "1111110000000000000202020202020200000000070707070707070707103737",
        "3737373737373737373737370400004100000000000000000000000000000000",
        "0000000000000000000007070707070707070707070707070000110500100111",
        "01095d010a0743666c65782e6d6573736167696e672e696f2e4172726179436f",
        "6c6c656374696f6e0905010607666f6f06070000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "090000000b0707070f0707000000000000000000000707070707070707070707",
        "070707000011050010011101095d010a0743666c65782e6d6573736167696e67",
        "2e696f2e4172726179436f6c6c656374696f6e0900000007076f6f0607000000",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "00000000000000000000000000000201",
    ));
    assert_eq!(bytes.len(), 400);
    let v = amf_serde::from_slice::<Value>(&bytes);
    let skipped = amf_serde::from_slice::<IgnoredAny>(&bytes);
    assert_eq!(v.is_ok(), skipped.is_ok(), "{v:?} / {skipped:?}");
    assert!(v.is_ok(), "{v:?}");
}

/// Fuzz round 5 (`amf3_value`, 466 bytes): an object whose registered
/// externalizable member's body (read by an [`ExternalReader`]) refers back
/// to the object. It decoded into `Value` (a `Value::Cycle`) but could not be
/// skipped: the body's items are read as `Value`s, and the skipped object has
/// no node for the reference to point at. Skipping now accepts it.
///
/// [`ExternalReader`]: amf_serde::external::ExternalReader
#[test]
fn externalizable_body_referring_to_a_skipped_ancestor_can_be_skipped() {
    use amf_serde::external::DataInput;
    use serde::de::IgnoredAny;
    use std::collections::BTreeMap;
    fn one_object(input: &mut dyn DataInput) -> amf_serde::Result<()> {
        input.read_object().map(drop)
    }
    let opts = amf_serde::Options::new().with_external("t.Ext", one_object);
    // {a: t.Ext(body: reference to object 0)}
    let bytes = hex("0a 0b 01 03 61 0a 07 0b 74 2e 45 78 74 0a 00 01");
    let v: Value = opts.from_slice(&bytes).unwrap();
    assert!(format!("{v:?}").contains("Cycle"), "{v:?}");
    opts.from_slice::<IgnoredAny>(&bytes).unwrap();
    opts.from_reader::<_, IgnoredAny>(&bytes[..]).unwrap();
    // As a member of a typed map it is still a cycle in a tree.
    let e = opts
        .from_slice::<BTreeMap<String, Vec<Value>>>(&bytes)
        .unwrap_err();
    assert!(e.to_string().contains("cycle"), "{e}");
}
