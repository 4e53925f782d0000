//! Reference bombs: work limits stop exponential expansion.

use super::*;

// ---------------------------------------------------------- reference bomb

#[test]
fn reference_bomb_hits_the_work_limit_quickly() {
    let bytes = reference_bomb(48);
    let limit = bytes.len() as u64 * Options::WORK_PER_BYTE + Options::WORK_BASE;
    let start = Instant::now();
    let e = slice::<Json>(&bytes).unwrap_err();
    assert!(
        e.to_string().starts_with(&format!(
            "work limit of {limit} decoded values exceeded at byte offset "
        )),
        "{e}"
    );
    assert_eq!(e.classify(), Category::Syntax);
    let e = slice::<Vec<Vec<Json>>>(&bytes).unwrap_err();
    assert!(e.to_string().starts_with("work limit of "), "{e}");
    let e = reader::<Json>(&bytes).unwrap_err();
    assert!(
        e.to_string().starts_with("work limit of ")
            && e.to_string()
                .contains(" decoded values exceeded at byte offset "),
        "{e}"
    );
    let e = Options::new()
        .with_max_work(1000)
        .amf0_from_slice::<Json>(&bytes)
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("work limit of 1000 decoded values exceeded at byte offset "),
        "{e}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );

    // `Value` shares the arrays, `IgnoredAny` does not follow references:
    // both are cheap, and `Value` writes the same bytes back.
    let start = Instant::now();
    let v: Value = slice(&bytes).unwrap();
    assert!(v[47][0].ptr_eq(&v[46]));
    assert!(v[47][1].ptr_eq(&v[46]));
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    let r: Value = reader(&bytes).unwrap();
    assert_eq!(r, v);
    slice::<IgnoredAny>(&bytes).unwrap();
    reader::<IgnoredAny>(&bytes).unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn reference_bomb_through_amf3_switches() {
    // [11 [1, 2], 11 ref, 11 ref …]: AMF3 object references across switches.
    let mut bytes = hex("0a 00 00 00 10 11 09 05 01 04 01 04 02");
    for _ in 1..16 {
        bytes.extend(hex("11 09 00"));
    }
    let v: Value = marked(&bytes).unwrap();
    assert_eq!(v, slice::<Value>(&bytes).unwrap());
    assert!(v[15].ptr_eq(&v[0]));
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    assert_eq!(
        slice::<Vec<Vec<i32>>>(&bytes).unwrap(),
        vec![vec![1, 2]; 16]
    );
}
