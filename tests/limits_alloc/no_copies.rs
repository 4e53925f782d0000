//! `Value::serialize` copies nothing.

use super::*;

// ------------------------------------------- Value::serialize copies nothing

/// Issue 16 point 6: `Value::serialize` does not clone the value. A tree
/// of 1,000 arrays of 100 small scalars (3.2 MB as `Value`s, 1 to 5 bytes
/// each once written) is written through every serde entry point into a
/// buffer reserved up front; the bytes the writing thread allocates at its
/// peak (the AMF writers' own output buffer included) stay far below one
/// copy of the tree, which a deep clone would need, and the nodes are the
/// same afterwards (pointer identity, no extra holder left behind).
#[test]
fn value_serialize_does_not_clone() {
    use std::sync::Arc;
    let rows: Vec<Value> = (0..1000)
        .map(|i| {
            let row: Vec<Value> = (0..100)
                .map(|j| match (i + j) % 3 {
                    0 => Value::Bool(true),
                    1 => Value::Null,
                    _ => Value::Integer(j),
                })
                .collect();
            Value::from(row)
        })
        .collect();
    let v = Value::from(rows);
    let Value::Array(root) = &v else {
        unreachable!()
    };
    let first_row = root[0].clone();
    let addr = Arc::as_ptr(root) as usize;
    // One deep copy: 100,000 values of 32 bytes and 1,001 array nodes.
    let one_copy = 100_000 * 32 + 1001 * 100;
    let limit = one_copy / 4;
    let reserve = |n| Vec::<u8>::with_capacity(n);

    let amf3_len = amf_serde::to_vec(&v).unwrap().len();
    let amf0_len = amf_serde::amf0::to_vec(&v).unwrap().len();
    let json_len = serde_json::to_vec(&v).unwrap().len();
    type Write = fn(&mut Vec<u8>, &Value);
    let cases: [(&str, usize, Write); 5] = [
        ("to_writer", amf3_len, |out, v| {
            amf_serde::to_writer(out, v).unwrap()
        }),
        ("value.serialize(&mut amf3 ser)", amf3_len, |out, v| {
            use serde::Serialize;
            let mut ser = amf_serde::amf3::Serializer::new(out);
            v.serialize(&mut ser).unwrap();
        }),
        ("amf0::to_writer", amf0_len, |out, v| {
            amf_serde::amf0::to_writer(out, v).unwrap()
        }),
        ("ser.serialize_value(&v) (AMF0)", amf0_len, |out, v| {
            let mut ser = amf_serde::amf0::Serializer::new(out);
            ser.serialize_value(v).unwrap();
        }),
        ("serde_json::to_writer", json_len, |out, v| {
            serde_json::to_writer(out, v).unwrap()
        }),
    ];
    for (what, len, write) in cases {
        let mut out = reserve(len + 64);
        let ((), peak, _) = measure(|| write(&mut out, &v));
        assert_eq!(out.len(), len, "{what}");
        assert!(
            peak < limit,
            "{what}: {peak} bytes allocated at the peak (one copy: {one_copy})"
        );
        println!("{what}: peak {peak} bytes (one copy {one_copy})");
    }
    // The same nodes, held by the same holders as before.
    let Value::Array(after) = &v else {
        unreachable!()
    };
    assert_eq!(Arc::as_ptr(after) as usize, addr);
    assert_eq!(Arc::strong_count(after), 1);
    assert!(after[0].ptr_eq(&first_row));
}
