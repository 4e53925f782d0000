//! Deep nesting: depth limits, never a stack overflow.

use super::*;

// ----------------------------------------------------------- deep nesting

const DEPTH: usize = 100_000;

fn depth_msg(offset: usize) -> String {
    format!("nesting depth limit of 128 exceeded at byte offset {offset}")
}

#[test]
fn deeply_nested_strict_arrays() {
    let mut bytes = hex("0a 00 00 00 01").repeat(DEPTH);
    bytes.push(0x05);
    // The 129th array starts at 128 × 5.
    let e = assert_err_untyped(&bytes, &depth_msg(640));
    assert_eq!(e.classify(), Category::Syntax);
    // 128 levels are fine.
    let mut ok = hex("0a 00 00 00 01").repeat(128);
    ok.push(0x05);
    slice::<Value>(&ok).unwrap();
    slice::<Json>(&ok).unwrap();
    slice::<IgnoredAny>(&ok).unwrap();
    let mut over = hex("0a 00 00 00 01").repeat(129);
    over.push(0x05);
    assert_err_untyped(&over, &depth_msg(640));
}

#[test]
fn deeply_nested_objects_ecma_arrays_and_typed_objects() {
    let mut objects = hex("03 00 01 61").repeat(DEPTH);
    objects.push(0x05);
    assert_err_untyped(&objects, &depth_msg(128 * 4));

    let mut ecma = hex("08 00 00 00 01 00 01 61").repeat(DEPTH);
    ecma.push(0x05);
    assert_err_untyped(&ecma, &depth_msg(128 * 8));

    let mut typed = hex("10 00 01 43 00 01 61").repeat(DEPTH);
    typed.push(0x05);
    assert_err_untyped(&typed, &depth_msg(128 * 7));

    // Mixed, into an enum-shaped typed target.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    enum Tree {
        Leaf,
        Node(Box<Tree>),
    }
    let mut nodes = hex("03 00 04 4e 6f 64 65").repeat(DEPTH);
    nodes.extend(hex("02 00 04 4c 65 61 66"));
    assert_err::<Tree>(&nodes, &depth_msg(128 * 7));
}

#[test]
fn deep_nesting_through_the_amf3_switch() {
    // The switch itself counts one level, then every AMF3 array.
    let mut amf3 = vec![0x11];
    amf3.extend(hex("09 03 01").repeat(DEPTH));
    amf3.push(0x01);
    assert_err_untyped(&amf3, &depth_msg(1 + 127 * 3));

    // 60 AMF0 arrays, the switch at depth 61, AMF3 arrays from depth 62.
    let mut mixed = hex("0a 00 00 00 01").repeat(60);
    mixed.push(0x11);
    mixed.extend(hex("09 03 01").repeat(DEPTH));
    mixed.push(0x01);
    assert_err_untyped(&mixed, &depth_msg(301 + 67 * 3));

    // Many switches side by side are not nesting.
    let mut wide = hex("0a 00 01 86 a0");
    wide.extend(hex("11 09 03 01 01").repeat(DEPTH));
    let v: Value = slice(&wide).unwrap();
    assert_eq!(v.as_array().unwrap().len(), DEPTH);
    slice::<IgnoredAny>(&wide).unwrap();
}

#[test]
fn followed_references_count_towards_the_depth() {
    // Element k is [ref(k - 1)]: typed decoding replays the whole chain.
    let n = 200u16;
    let mut bytes = hex("0a 00 00 00");
    bytes.push(n as u8);
    bytes.extend(hex("0a 00 00 00 01 05"));
    for k in 1..n {
        bytes.extend(hex("0a 00 00 00 01 07"));
        bytes.extend(k.to_be_bytes()); // index k is element k - 1
    }
    let e = slice::<Json>(&bytes).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("nesting depth limit of 128 exceeded at byte offset "),
        "{e}"
    );
    assert_eq!(e.classify(), Category::Syntax);
    // `Value` shares instead of replaying, `IgnoredAny` does not follow.
    let v: Value = slice(&bytes).unwrap();
    assert!(v[199][0].ptr_eq(&v[198]));
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    slice::<IgnoredAny>(&bytes).unwrap();
}

#[test]
fn custom_depth_limit() {
    let opts = Options::new().with_max_depth(16);
    let mut bytes = hex("0a 00 00 00 01").repeat(17);
    bytes.push(0x05);
    let e = opts.amf0_from_slice::<Value>(&bytes).unwrap_err();
    assert_eq!(
        e.to_string(),
        "nesting depth limit of 16 exceeded at byte offset 80"
    );
    let e = opts
        .amf0_from_reader::<_, IgnoredAny>(bytes.as_slice())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "nesting depth limit of 16 exceeded at byte offset 80"
    );
    let ok = &bytes[5..];
    opts.amf0_from_slice::<Value>(ok).unwrap();
}
