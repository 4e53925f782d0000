//! `Value` round trips through AMF0, including AMF3 values (0x11) and every AMF0 value.

use super::*;

// ================================================================ 2. Value

// ----------------------------------------------------- AMF3 values (0x11)

// ------------------------------------------------------------ AMF0 values

/// `v` → bytes → `Value`, which must be equal (sharing and cycles alike)
/// and, decoded with the switch marks, write the same bytes again; from a
/// reader too. Decoded without the marks (the default) it is equal too and
/// holds no mark.
fn value_roundtrip(v: &Value) -> Result<Vec<u8>, TestCaseError> {
    let bytes = amf0::to_vec(v).map_err(fail("to_vec"))?;
    let ctx = || format!("value {v}\nbytes {}", short_hex(&bytes));
    let bare: Value =
        amf0::from_slice(&bytes).map_err(|e| fail("from_slice")(format!("{e}; {}", ctx())))?;
    prop_assert!(&bare == v, "decoded {bare}\n{}", ctx());
    prop_assert!(!has_marks(&bare), "decoded with a mark: {bare:?}");
    let back: Value = marks()
        .amf0_from_slice(&bytes)
        .map_err(|e| fail("from_slice")(format!("{e}; {}", ctx())))?;
    prop_assert!(&back == v, "decoded {back}\n{}", ctx());
    let again = amf0::to_vec(&back).map_err(fail("to_vec again"))?;
    prop_assert!(
        again == bytes,
        "re-encoding differs: {}\n{}",
        short_hex(&again),
        ctx()
    );
    let from_reader: Value = marks()
        .amf0_from_reader(&bytes[..])
        .map_err(|e| fail("from_reader")(format!("{e}; {}", ctx())))?;
    prop_assert!(from_reader == back, "from_reader differs\n{}", ctx());
    let mut written = Vec::new();
    amf0::to_writer(&mut written, v).map_err(fail("to_writer"))?;
    prop_assert!(written == bytes, "to_writer differs");
    Ok(bytes)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn amf0_values_roundtrip(v in amf0_value()) {
        value_roundtrip(&v)?;
    }

    #[test]
    fn amf3_values_behind_the_switch_roundtrip(v in amf3_value()) {
        let bytes = value_roundtrip(&switched(v.clone()))?;
        prop_assert_eq!(bytes[0], 0x11);
        // The AMF3 part is exactly what the AMF3 encoder writes.
        prop_assert!(bytes[1..] == amf_serde::amf3::to_vec(&v).unwrap()[..]);
    }

    #[test]
    fn several_switches_share_amf3_tables(
        pool in prop::collection::vec(amf3_value(), 1..4),
        idx in prop::collection::vec(any::<usize>(), 1..8),
    ) {
        // The same AMF3 nodes behind several switches of one AMF0 value:
        // later switches refer to earlier ones.
        let items: Vec<Value> = picks(&pool, &idx, Value::clone)
            .into_iter()
            .map(switched)
            .collect();
        let v = Value::from(items);
        value_roundtrip(&v)?;
    }

    #[test]
    fn top_level_values_in_a_row(values in prop::collection::vec(amf0_value(), 1..4)) {
        let mut ser = amf0::Serializer::new(Vec::new());
        for v in &values {
            ser.serialize_value(v).unwrap();
        }
        let bytes = ser.into_inner();
        let back: Vec<Value> = amf0::Deserializer::from_slice(&bytes)
            .into_iter::<Value>()
            .collect::<Result<_, _>>()
            .map_err(fail("stream"))?;
        prop_assert_eq!(back.len(), values.len());
        for (a, b) in back.iter().zip(&values) {
            prop_assert!(a == b, "{a} vs {b}");
        }
        // Each value on its own writes the same bytes as in the stream.
        let each: Vec<u8> = values.iter().flat_map(|v| amf0::to_vec(v).unwrap()).collect();
        prop_assert!(each == bytes);
    }
}

#[test]
fn cyclic_seeds_roundtrip() {
    for (h, v) in CYCLIC.iter().zip(cyclic_values()) {
        assert_eq!(to_hex(&amf0::to_vec(&v).unwrap()), to_hex(&hex(h)), "{v}");
        let back: Value = amf0::from_slice(&hex(h)).unwrap();
        assert_eq!(back, v);
        assert!(!has_marks(&back));
    }
}
