//! What Flash Player writes into AMF3 traits besides the members, kept by
//! `Value` so that its files write back byte for byte:
//! `Object::traits_copy` (identical traits written inline again, a second
//! traits-table entry) and `External::dynamic` (the dynamic flag on
//! externalizable traits, `0a 0f`). Exact bytes both ways, in AMF3 and
//! behind AMF0's `0x11` switch, and hostile input.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use amf_serde::types::{DataItem, External, Object};
use amf_serde::{amf0, Value};
use amf_serde_tests::hex;

const PROXY: &str = "flex.messaging.io.ObjectProxy";

fn copies(v: &Value) -> Vec<u32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_object().unwrap().traits_copy)
        .collect()
}

fn anon(copy: u32, members: &[(&str, i32)]) -> Value {
    let mut o = Object::anonymous(members.iter().map(|(k, v)| (*k, Value::Integer(*v))));
    o.traits_copy = copy;
    Value::from(o)
}

fn proxy(dynamic: bool, body: Value) -> Value {
    Value::from(External {
        class: PROXY.into(),
        body: vec![DataItem::Value(body)],
        dynamic,
    })
}

/// `0a <u29> <PROXY as a new string>`.
fn proxy_head(u29: u8) -> Vec<u8> {
    let mut b = vec![0x0a, u29, (PROXY.len() as u8) << 1 | 1];
    b.extend_from_slice(PROXY.as_bytes());
    b
}

fn hash(v: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

// ------------------------------------------------------------ traits_copy

#[test]
fn amf3_decoder_numbers_copies_of_identical_traits() {
    // [{}, {}, {}, {}]: anonymous traits inline (#0), inline again (#1),
    // a reference to #1, a reference to #0.
    let bytes = hex("09 09 01  0a 0b 01 01  0a 0b 01 01  0a 05 01  0a 01 01");
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(copies(&v), [0, 1, 1, 0]);
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
    // A third inline copy is copy 2; sealed traits are counted apart.
    let bytes = hex("09 07 01  0a 0b 01 01  0a 0b 01 01  0a 0b 01 01");
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(copies(&v), [0, 1, 2]);
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
}

#[test]
fn amf3_sealed_typed_traits_written_again_keep_their_copy() {
    // C{x: 1} twice, the second with its traits inline again (class and
    // name now string references), then a reference to the second entry.
    let bytes = hex("09 07 01  0a 13 03 43 03 78 04 01  0a 13 00 02 04 02  0a 05 04 03");
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(copies(&v), [0, 1, 1]);
    assert_eq!(v[1]["x"], Value::Integer(2));
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
    // Built by hand: the same bytes from the hint alone.
    let obj = |copy, x| {
        let mut o = Object::sealed("C", [("x", Value::Integer(x))]);
        o.traits_copy = copy;
        Value::from(o)
    };
    let built = Value::from(vec![obj(0, 1), obj(1, 2), obj(1, 3)]);
    assert_eq!(built, v);
    assert_eq!(amf_serde::to_vec(&built).unwrap(), bytes);
}

#[test]
fn amf3_values_built_by_hand_get_the_compact_encoding() {
    // No hint: one traits entry, then references.
    let v = Value::from(vec![anon(0, &[("a", 1)]), anon(0, &[("a", 2)])]);
    assert_eq!(
        amf_serde::to_vec(&v).unwrap(),
        hex("09 05 01  0a 0b 01 03 61 04 01 01  0a 01 00 04 02 01")
    );
    // Copy 1 of the anonymous traits: written inline again.
    let v = Value::from(vec![anon(0, &[("a", 1)]), anon(1, &[("a", 2)])]);
    let bytes = hex("09 05 01  0a 0b 01 03 61 04 01 01  0a 0b 01 00 04 02 01");
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
    let back: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, v);
    // A copy number with no earlier copies is only a table key: the first
    // object with it writes its traits inline, and the decoder numbers
    // copies by their order on the wire.
    let v = Value::from(vec![anon(7, &[]), anon(7, &[]), anon(0, &[])]);
    let bytes = hex("09 07 01  0a 0b 01 01  0a 01 01  0a 0b 01 01");
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
    let back: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(copies(&back), [0, 0, 1]);
    assert_eq!(amf_serde::to_vec(&back).unwrap(), bytes);
    // AMF0 objects have no traits: the hint changes nothing there.
    assert_eq!(
        amf0::to_vec(&anon(3, &[])).unwrap(),
        amf0::to_vec(&anon(0, &[])).unwrap()
    );
}

#[test]
fn amf3_behind_amf0_keeps_traits_copies() {
    // AMF0 strict array of one AMF3 value: [{}, {}] with the anonymous
    // traits inline twice.
    let bytes = hex("0a 00 00 00 01  11 09 05 01 0a 0b 01 01 0a 0b 01 01");
    // Decoded bare (the default), the copies are kept all the same.
    let bare: Value = amf0::from_slice(&bytes).unwrap();
    assert_eq!(copies(&bare[0]), [0, 1]);
    // With the switch marks, the same bytes come back.
    let marks = amf_serde::Options::new().with_switch_marks(true);
    let v: Value = amf0::from_slice_with(&bytes, &marks).unwrap();
    assert_eq!(copies(&v[0]), [0, 1]);
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    // Built by hand.
    let built = Value::from(vec![Value::Amf3(Box::new(Value::from(vec![
        anon(0, &[]),
        anon(1, &[]),
    ])))]);
    assert_eq!(built, v);
    assert_eq!(amf0::to_vec(&built).unwrap(), bytes);
}

#[test]
fn traits_copy_takes_part_in_eq_hash_clone_and_debug() {
    let a = anon(0, &[("a", 1)]);
    let b = anon(1, &[("a", 1)]);
    assert_ne!(a, b);
    assert_ne!(hash(&a), hash(&b));
    let c = b.clone();
    assert_eq!(c, b);
    assert_eq!(hash(&c), hash(&b));
    assert_eq!(c.as_object().unwrap().traits_copy, 1);
    let deep = Value::from(vec![b.clone(), b.clone()]);
    assert_eq!(
        deep.clone().as_array().unwrap()[1]
            .as_object()
            .unwrap()
            .traits_copy,
        1
    );
    // Shown only when not 0.
    let shown = format!("{:?}", b.as_object().unwrap());
    assert!(shown.ends_with(", traits_copy: 1 }"), "{shown}");
    assert!(!format!("{:?}", a.as_object().unwrap()).contains("traits_copy"));
    drop(deep);
}

// -------------------------------------------------------- External::dynamic

#[test]
fn amf3_externalizable_traits_keep_the_dynamic_flag() {
    // ObjectProxy (body: one value) as Flash writes it, `0a 0f`, then one
    // without the flag (its own traits entry, class a string reference),
    // then the first traits again by reference.
    let mut bytes = hex("09 07 01");
    bytes.extend(proxy_head(0x0f));
    bytes.extend(hex("01  0a 07 00 01  0a 01 02"));
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    let flags: Vec<bool> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_external().unwrap().dynamic)
        .collect();
    assert_eq!(flags, [true, false, true]);
    assert_eq!(
        v[2].as_external().unwrap().value(),
        Some(&Value::Bool(false))
    );
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
    // Built by hand: the same bytes.
    let built = Value::from(vec![
        proxy(true, Value::Null),
        proxy(false, Value::Null),
        proxy(true, Value::Bool(false)),
    ]);
    assert_eq!(built, v);
    assert_eq!(amf_serde::to_vec(&built).unwrap(), bytes);
    // Without the flag (what values built by hand get): `0a 07`.
    let mut plain = proxy_head(0x07);
    plain.push(0x01);
    assert_eq!(
        amf_serde::to_vec(&proxy(false, Value::Null)).unwrap(),
        plain
    );
}

#[test]
fn amf3_behind_amf0_keeps_the_dynamic_flag() {
    let mut bytes = vec![0x11];
    bytes.extend(proxy_head(0x0f));
    bytes.extend(hex("0a 0b 01 03 61 04 01 01"));
    let v: Value = amf0::from_slice(&bytes).unwrap();
    let e = v.as_external().unwrap();
    assert!(e.dynamic);
    assert_eq!(e.value().unwrap()["a"], Value::Integer(1));
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    assert_eq!(
        amf0::to_vec(&proxy(
            true,
            Value::from(Object::anonymous([("a", Value::Integer(1))]))
        ))
        .unwrap(),
        bytes
    );
}

#[test]
fn external_dynamic_takes_part_in_eq_hash_and_debug() {
    let a = proxy(false, Value::Null);
    let b = proxy(true, Value::Null);
    assert_ne!(a, b);
    assert_ne!(hash(&a), hash(&b));
    assert_eq!(b.clone(), b);
    assert!(format!("{:?}", b.as_external().unwrap()).ends_with(", dynamic: true }"));
    assert!(!format!("{:?}", a.as_external().unwrap()).contains("dynamic"));
}

// ---------------------------------------------------------------- hostile

#[test]
fn externalizable_traits_with_a_member_count_are_an_error() {
    // 0x17: externalizable, dynamic clear, one "member": no writer does
    // this and a Value could not keep it.
    for (bytes, at) in [
        (hex("0a 17 03 43"), 1),
        (hex("0a 1f 03 43"), 1),
        // the largest count a U29 can claim: no allocation, same error
        (hex("0a ff ff ff ff 03 43"), 1),
        // inside an array and behind AMF0's switch
        (hex("09 03 01 0a 27 03 43"), 4),
    ] {
        let e = amf_serde::from_slice::<Value>(&bytes).unwrap_err();
        assert_eq!(e.offset(), Some(at), "{e}");
        assert!(e.to_string().contains("member count"), "{e}");
        // Typed targets see the same error.
        let e = amf_serde::from_slice::<serde_json::Value>(&bytes).unwrap_err();
        assert_eq!(e.offset(), Some(at), "{e}");
        let mut amf0_bytes = vec![0x11];
        amf0_bytes.extend(&bytes);
        let e = amf0::from_slice::<Value>(&amf0_bytes).unwrap_err();
        assert_eq!(e.offset(), Some(at + 1), "{e}");
    }
}

#[test]
fn many_copies_cost_linear_time_and_write_back() {
    // 20,000 anonymous objects, each with its traits inline again: copies
    // 0 … 19,999, numbered once each.
    let n = 20_000u32;
    let mut bytes = vec![0x09];
    bytes.extend(u29(n << 1 | 1));
    bytes.push(0x01);
    for _ in 0..n {
        bytes.extend(hex("0a 0b 01 01"));
    }
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    let c = copies(&v);
    assert_eq!(c.len(), n as usize);
    assert!(c.iter().enumerate().all(|(i, &k)| k == i as u32));
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
}

#[test]
fn huge_copy_numbers_are_only_keys() {
    let v = Value::from(vec![
        anon(u32::MAX, &[]),
        anon(u32::MAX, &[]),
        anon(u32::MAX - 1, &[]),
    ]);
    let bytes = amf_serde::to_vec(&v).unwrap();
    assert_eq!(bytes, hex("09 07 01  0a 0b 01 01  0a 01 01  0a 0b 01 01"));
    let mut e = Object::sealed("C", [("x", Value::Null)]);
    e.traits_copy = u32::MAX;
    assert_eq!(
        amf_serde::to_vec(&Value::from(e)).unwrap(),
        hex("0a 13 03 43 03 78 01")
    );
}

fn u29(v: u32) -> Vec<u8> {
    let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
    serde::Serialize::serialize(&(v as i32), &mut ser).unwrap();
    // 04 <u29>: drop the integer marker (values up to 2^28 - 1).
    ser.into_inner()[1..].to_vec()
}
