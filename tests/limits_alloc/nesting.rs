//! Nesting depth limits and their allocation.

use super::*;

// ------------------------------------------------------------------ nesting

/// `unit` repeated `times` times, then `end`.
fn nested(unit: &str, times: usize, end: &str) -> Vec<u8> {
    let mut v = hex(unit).repeat(times);
    v.extend(hex(end));
    v
}

#[test]
fn deep_nesting_hits_the_depth_limit() {
    const DEPTH: &str = "nesting depth limit of 128 exceeded";
    // 100,000 levels: far past the limit, and far past what the stack could
    // hold if the decoder recursed without a limit.
    let n = 100_000;
    let cases: Vec<(&str, Vec<u8>, Vec<Decode>)> = vec![
        (
            "AMF3 arrays",
            nested("09 03 01", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF3 objects",
            nested("0a 0b 01 03 61", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF3 object vectors",
            nested("10 03 00 01", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            // {null: {null: …}}
            "AMF3 dictionaries",
            nested("11 03 00 01", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF3 mixed arrays (associative part)",
            nested("09 01 03 61", n, "01"),
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF3 externalizable ArrayCollection",
            {
                let mut v = hex("0a 07 43");
                v.extend(b"flex.messaging.io.ArrayCollection");
                v.extend(hex("09 03 01").repeat(1));
                v.extend(nested("0a 01 09 03 01", n, "01"));
                v
            },
            vec![amf3::<Value>, amf3::<IgnoredAny>],
        ),
        (
            "AMF0 objects",
            nested("03 00 01 61", n, "05"),
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
        (
            "AMF0 strict arrays",
            nested("0a 00 00 00 01", n, "05"),
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
        (
            "AMF0 ECMA arrays",
            nested("08 00 00 00 01 00 01 61", n, "05"),
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
        (
            "AMF0 typed objects",
            nested("10 00 01 41 00 01 61", n, "05"),
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
        (
            "AMF0 strict arrays, then AMF3 arrays after the switch",
            {
                let mut v = hex("0a 00 00 00 01").repeat(60);
                v.push(0x11);
                v.extend(nested("09 03 01", n, "01"));
                v
            },
            vec![amf0::<Value>, amf0::<IgnoredAny>],
        ),
    ];
    for (what, bytes, decoders) in cases {
        for (i, decode) in decoders.into_iter().enumerate() {
            let what = format!("{what} #{i}");
            report(&what, check(&what, &bytes, decode, Expect::Syntax(DEPTH)));
        }
    }
}

#[test]
fn typed_nesting_hits_the_depth_limit() {
    // A recursive type follows the input as deep as it goes.
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)] // only decoded
    struct Node {
        a: Option<Box<Node>>,
    }
    let bytes = nested("0a 0b 01 03 61", 10_000, "01");
    let m = check(
        "typed recursive struct",
        &bytes,
        amf3::<Node>,
        Expect::Syntax("nesting depth limit of 128 exceeded"),
    );
    report("AMF3 typed recursive struct", m);
    let bytes = nested("03 00 01 61", 10_000, "05");
    let m = check(
        "AMF0 typed recursive struct",
        &bytes,
        amf0::<Node>,
        Expect::Syntax("nesting depth limit of 128 exceeded"),
    );
    report("AMF0 typed recursive struct", m);
}

#[test]
fn custom_depth_limit_is_named_in_the_error() {
    let bytes = nested("09 03 01", 20, "01");
    let err = Options::new()
        .with_max_depth(16)
        .from_slice::<Value>(&bytes)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "nesting depth limit of 16 exceeded at byte offset 48"
    );
    let err = Options::new()
        .with_max_depth(16)
        .from_reader::<_, Value>(&bytes[..])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "nesting depth limit of 16 exceeded at byte offset 48"
    );
}
