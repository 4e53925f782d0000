//! Every fixture file is used by a test.

use super::*;

// ============================================================== coverage

/// Every `amf3-*.bin` in the fixture directory is covered above and decodes
/// into a generic value (or fails with the expected error).
#[test]
fn every_amf3_fixture_is_covered() {
    const COVERED: &[&str] = &[
        "amf3-0.bin",
        "amf3-array-collection.bin",
        "amf3-array-ref.bin",
        "amf3-associative-array.bin",
        "amf3-bigNum.bin",
        "amf3-byte-array-ref.bin",
        "amf3-byte-array.bin",
        "amf3-complex-array-collection.bin",
        "amf3-complex-encoded-string-array.bin",
        "amf3-date-ref.bin",
        "amf3-date.bin",
        "amf3-dictionary.bin",
        "amf3-dynamic-object.bin",
        "amf3-empty-array-ref.bin",
        "amf3-empty-array.bin",
        "amf3-empty-dictionary.bin",
        "amf3-empty-string-ref.bin",
        "amf3-encoded-string-ref.bin",
        "amf3-externalizable.bin",
        "amf3-false.bin",
        "amf3-float.bin",
        "amf3-graph-member.bin",
        "amf3-hash.bin",
        "amf3-large-max.bin",
        "amf3-large-min.bin",
        "amf3-max.bin",
        "amf3-min.bin",
        "amf3-mixed-array.bin",
        "amf3-null.bin",
        "amf3-object-ref.bin",
        "amf3-primitive-array.bin",
        "amf3-string-ref.bin",
        "amf3-string.bin",
        "amf3-symbol.bin",
        "amf3-trait-ref.bin",
        "amf3-true.bin",
        "amf3-typed-object.bin",
        "amf3-vector-double.bin",
        "amf3-vector-int.bin",
        "amf3-vector-object.bin",
        "amf3-vector-uint.bin",
        "amf3-xml-doc.bin",
        "amf3-xml-ref.bin",
        "amf3-xml.bin",
    ];
    let dir = format!("{}/fixtures/rocketamf/objects", env!("CARGO_MANIFEST_DIR"));
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf3-") && n.ends_with(".bin"))
        .collect();
    found.sort();
    let mut covered: Vec<String> = COVERED.iter().map(|n| s(n)).collect();
    covered.sort();
    assert_eq!(found, covered);

    for name in COVERED {
        let bytes = load(name);
        let slice = amf_serde::from_slice::<Value>(&bytes);
        let reader = amf_serde::from_reader::<_, Value>(Trickle(&bytes));
        match (*name, &slice) {
            // serde_json::Value has no object keys and no bytes.
            (
                "amf3-dictionary.bin"
                | "amf3-graph-member.bin"
                | "amf3-externalizable.bin"
                | "amf3-byte-array.bin"
                | "amf3-byte-array-ref.bin",
                _,
            ) => {
                assert!(slice.is_err(), "{name}");
            }
            (_, Err(e)) => panic!("{name}: {e}"),
            _ => {}
        }
        match (slice, reader) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
            (a, b) => panic!("{name}: slice {a:?} vs reader {b:?}"),
        }
        // Skipping the value works (or fails the same way).
        let ignored = amf_serde::from_slice::<IgnoredAny>(&bytes);
        assert_eq!(
            ignored.is_ok(),
            *name != "amf3-externalizable.bin",
            "{name}"
        );
    }
}
