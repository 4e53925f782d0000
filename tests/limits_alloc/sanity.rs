//! Sanity checks: the allocator counts, ordinary values fit the bound, length limits are
//! named in errors.

use super::*;

// -------------------------------------------------------------- sanity

#[test]
fn the_allocator_counts() {
    let (v, peak, _) = measure(|| vec![0u8; 1 << 20]);
    assert!(peak >= 1 << 20, "{peak}");
    drop(v);
    let (_, peak, _) = measure(|| ());
    assert!(peak < 1024, "{peak}");
}

/// An ordinary value: memory proportional to its size.
#[test]
fn ordinary_values_fit_the_bound() {
    let records: Vec<BTreeMap<String, Value>> = (0..1000)
        .map(|i| {
            BTreeMap::from([
                ("id".to_string(), Value::Integer(i)),
                ("name".to_string(), Value::String(format!("user{i}"))),
            ])
        })
        .collect();
    let bytes = amf_serde::to_vec(&records).unwrap();
    let m = check("1000 records", &bytes, amf3::<Value>, Expect::Ok);
    report("1000 records into Value", m);
    fn debug<T: Debug>(_: &T) {}
    debug(&records);
}

/// The length limits are settable and named in their errors.
#[test]
fn length_limits_are_named() {
    let s = amf_serde::to_vec(&"x".repeat(100)).unwrap();
    let e = Options::new()
        .with_max_string_len(10)
        .from_slice::<String>(&s)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "string or byte array length of 100 exceeds the limit of 10 \
         (Options::with_max_string_len) at byte offset 3"
    );
    let v = amf_serde::to_vec(&vec![1; 20]).unwrap();
    let e = Options::new()
        .with_max_collection_len(5)
        .from_slice::<Vec<i32>>(&v)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "collection length of 20 exceeds the limit of 5 \
         (Options::with_max_collection_len) at byte offset 3"
    );
    let a0 = amf_serde::amf0::to_vec(&"y".repeat(100)).unwrap();
    let e = Options::new()
        .with_max_string_len(10)
        .amf0_from_slice::<String>(&a0)
        .unwrap_err();
    assert!(e.to_string().contains("exceeds the limit of 10"), "{e}");
}
