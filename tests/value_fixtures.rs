//! Decode → `Value` → encode is byte-identical for the AMF3 fixtures written
//! by Flash Player (RocketAMF's `spec/fixtures/objects`).

use amf_serde::{Options, Value};
use amf_serde_tests::{fixture, to_hex};

/// Fixtures that cannot round-trip byte for byte, and why.
const NOT_IDENTICAL: &[(&str, &str)] = &[];

fn two_doubles(input: &mut dyn amf_serde::external::DataInput) -> amf_serde::Result<()> {
    input.read_double()?;
    input.read_double()?;
    Ok(())
}

#[test]
fn every_amf3_fixture_reencodes_byte_for_byte() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rocketamf/objects");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf3-"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 44);
    let opts = Options::new().with_external("ExternalizableTest", two_doubles);
    let mut failures = Vec::new();
    for name in &names {
        let bytes = fixture("objects", name);
        let value: Value = match opts.from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: decode: {e}"));
                continue;
            }
        };
        let again = amf_serde::to_vec(&value).unwrap();
        let expected_failure = NOT_IDENTICAL.iter().any(|(n, _)| n == name);
        if again != bytes && !expected_failure {
            failures.push(format!(
                "{name}:\n  in  {}\n  out {}\n  value {value}",
                to_hex(&bytes),
                to_hex(&again)
            ));
        }
        // Decoding the re-encoding gives an equal value.
        let back: Value = opts.from_slice(&again).unwrap();
        assert_eq!(back, value, "{name}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
