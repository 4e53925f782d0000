//! amf3.md §8.2 / gotchas §2: strings, string references and the empty string.

use super::*;

// ============================================= §8.2 / gotchas §2 strings

#[test]
fn spec_8_2_string_references_and_the_empty_string() {
    let bytes = "09 0d 01 06 07 66 6f 6f 06 00 06 01 06 01 06 07 62 61 72 06 00";
    assert_both(
        &vec![
            "foo".to_owned(),
            "foo".to_owned(),
            String::new(),
            String::new(),
            "bar".to_owned(),
            "foo".to_owned(),
        ],
        bytes,
    );
    assert_encodes(&["foo", "foo", "", "", "bar", "foo"], bytes);
    // Borrowed strings, including those arriving as references.
    let raw = hex(bytes);
    let borrowed: Vec<&str> = amf_serde::from_slice(&raw).unwrap();
    assert_eq!(borrowed, ["foo", "foo", "", "", "bar", "foo"]);
}

#[test]
fn spec_8_2_flash_empty_strings() {
    assert_both(&vec![String::new(), String::new()], "09 05 01 06 01 06 01");
}

#[test]
fn gotchas_2_empty_string_does_not_shift_indices() {
    assert_both(
        &vec![String::new(), "a".to_owned(), "a".to_owned()],
        "09 07 01 06 01 06 03 61 06 00",
    );
    assert_both(&String::new(), "06 01");
}

#[test]
fn strings_and_chars() {
    assert_both(
        &"String . String".to_owned(),
        "06 1f 53 74 72 69 6e 67 20 2e 20 53 74 72 69 6e 67",
    );
    assert_both(&'x', "06 03 78");
    assert_both(&'é', "06 05 c3 a9");
    assert_both(&'😀', "06 09 f0 9f 98 80");
    // A char and an equal string share the string table.
    assert_both(&('x', "x".to_owned()), "09 05 01 06 03 78 06 00");
    let e = decode_err::<char>("06 05 61 62");
    assert_eq!(e.classify(), Category::Data);
}

/// The string references of member names, checked against a plain model of
/// the string table (a list searched front to back): many maps whose keys
/// repeat (the encoder's member-name cache serves them), with references of
/// one, two and three bytes, keys of 1, 23 (the longest cached) and 24 bytes,
/// and more distinct keys than the cache has slots, so that keys share
/// slots and displace each other.
#[test]
fn member_name_references_are_exact() {
    use std::collections::BTreeMap;
    fn u29(out: &mut Vec<u8>, v: u32) {
        amf_serde::amf3::marker::write_u29(out, v);
    }
    let mut keys: Vec<String> = (0..9000).map(|i| format!("id{i}")).collect();
    keys.extend(["k", "abcdefghijklmnopqrstuvw", "abcdefghijklmnopqrstuvwx"].map(String::from));
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut maps: Vec<BTreeMap<String, u32>> = Vec::new();
    // Every key once (literals, 9003 of them), then maps of repeated keys.
    for chunk in keys.chunks(500) {
        maps.push(chunk.iter().map(|k| (k.clone(), 1)).collect());
    }
    for _ in 0..600 {
        let mut m = BTreeMap::new();
        for _ in 0..6 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Mostly a few hot keys (a one-byte, a two-byte and a
            // three-byte reference, the long ones), sometimes any key.
            let k = match x % 8 {
                0 => &keys[(x >> 8) as usize % keys.len()],
                1 => &keys[9001],
                2 => &keys[9002],
                3 => &keys[9000],
                4 => &keys[(x >> 8) as usize % 60],
                5 => &keys[100 + (x >> 8) as usize % 30],
                _ => &keys[8192 + (x >> 8) as usize % 30],
            };
            m.insert(k.clone(), (x >> 40) as u32 & 0xFF);
        }
        maps.push(m);
    }
    let mut want = Vec::new();
    let mut table: Vec<&str> = Vec::new();
    want.push(0x09);
    u29(&mut want, ((maps.len() as u32) << 1) | 1);
    want.push(0x01);
    for (i, m) in maps.iter().enumerate() {
        want.push(0x0a);
        if i == 0 {
            want.extend_from_slice(&[0x0b, 0x01]);
        } else {
            want.push(0x01);
        }
        for (k, v) in m {
            match table.iter().position(|t| t == k) {
                Some(index) => u29(&mut want, (index as u32) << 1),
                None => {
                    u29(&mut want, ((k.len() as u32) << 1) | 1);
                    want.extend_from_slice(k.as_bytes());
                    table.push(k);
                }
            }
            want.push(0x04);
            u29(&mut want, *v);
        }
        want.push(0x01);
    }
    let got = amf_serde::to_vec(&maps).unwrap();
    assert!(
        got == want,
        "bytes differ at {:?}",
        got.iter().zip(&want).position(|(a, b)| a != b)
    );
    let back: Vec<BTreeMap<String, u32>> = amf_serde::from_slice(&got).unwrap();
    assert_eq!(back, maps);
    // Twice with one serializer (the cache is emptied between top-level
    // values): the same bytes twice.
    let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
    ser.serialize_value(&maps).unwrap();
    ser.serialize_value(&maps).unwrap();
    assert!(ser.into_inner() == [want.clone(), want].concat());
}
