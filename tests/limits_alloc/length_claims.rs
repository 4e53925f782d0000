//! Length claims the input cannot back allocate nothing large.

use super::*;

// ------------------------------------------------------------ length claims

/// The largest U29 (`ff ff ff ff`): with the inline bit, a claim of
/// 2^28 − 1 bytes or items.
const U29_MAX: &str = "ff ff ff ff";

#[test]
fn huge_length_claims_allocate_nothing_up_front() {
    // (what, input, decoders, expected)
    let claims: Vec<(&str, Vec<u8>, Vec<Decode>, Expect)> = vec![
        (
            "AMF3 string",
            hex(&format!("06 {U29_MAX} 61 62")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF3 XML",
            hex(&format!("0b {U29_MAX} 3c 61")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF3 XMLDocument",
            hex(&format!("07 {U29_MAX} 3c 61")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF3 ByteArray",
            hex(&format!("0c {U29_MAX} 01 02")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<ByteBuf>],
            Expect::Eof(7),
        ),
        (
            "AMF3 array count",
            hex(&format!("09 {U29_MAX} 01 04 01 04 02")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<i32>>],
            Expect::Eof(10),
        ),
        (
            "AMF3 Vector.<int> count",
            hex(&format!("0d {U29_MAX} 00 00 00 00 01")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<i32>>],
            Expect::Eof(10),
        ),
        (
            "AMF3 Vector.<uint> count",
            hex(&format!("0e {U29_MAX} 00 00 00 00 01")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<u32>>],
            Expect::Eof(10),
        ),
        (
            "AMF3 Vector.<Number> count",
            hex(&format!("0f {U29_MAX} 00 3f f0 00 00 00 00 00 00")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<f64>>],
            Expect::Eof(14),
        ),
        (
            "AMF3 Vector.<Object> count",
            hex(&format!("10 {U29_MAX} 00 01 04 01")),
            vec![amf3::<Value>, amf3::<IgnoredAny>, amf3::<Vec<i32>>],
            Expect::Eof(9),
        ),
        (
            "AMF3 Dictionary count",
            hex(&format!("11 {U29_MAX} 00 04 01 04 02")),
            vec![
                amf3::<Value>,
                amf3::<IgnoredAny>,
                amf3::<BTreeMap<i32, i32>>,
            ],
            Expect::Eof(10),
        ),
        (
            // 0a, traits header with 2^25 - 1 sealed members, class "", one name.
            "AMF3 sealed member count",
            hex("0a ff ff ff f3 01 03 61 03 62"),
            vec![
                amf3::<Value>,
                amf3::<IgnoredAny>,
                amf3::<BTreeMap<String, i32>>,
            ],
            Expect::Eof(10),
        ),
        (
            "AMF0 long string",
            hex("0c ff ff ff ff 61 62"),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF0 XML document",
            hex("0f ff ff ff ff 3c 61"),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<String>],
            Expect::Eof(7),
        ),
        (
            "AMF0 strict array count",
            hex("0a ff ff ff ff 00 3f f0 00 00 00 00 00 00"),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<Vec<f64>>],
            Expect::Eof(14),
        ),
        (
            "AMF0 string (64 KiB claim)",
            hex("02 ff ff 61 62"),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<String>],
            Expect::Eof(5),
        ),
        (
            "AMF3 in AMF0: ByteArray claim",
            hex(&format!("11 0c {U29_MAX} 01 02")),
            vec![amf0::<Value>, amf0::<IgnoredAny>, amf0::<ByteBuf>],
            Expect::Eof(8),
        ),
    ];
    for (what, bytes, decoders, expect) in claims {
        for (i, decode) in decoders.into_iter().enumerate() {
            let what = format!("{what} #{i}");
            report(&what, check(&what, &bytes, decode, expect));
        }
    }
}

#[test]
fn ecma_array_count_is_ignored() {
    // Count 2^32 - 1, no entries: valid (the count is advisory), and cheap.
    let bytes = hex("08 ff ff ff ff 00 00 09");
    for decode in [
        amf0::<Value> as Decode,
        amf0::<IgnoredAny>,
        amf0::<BTreeMap<String, f64>>,
    ] {
        report(
            "AMF0 ECMA count 2^32-1, empty",
            check("ECMA count", &bytes, decode, Expect::Ok),
        );
    }
    // Count 2^32 - 1 and one entry, then the input ends.
    let bytes = hex("08 ff ff ff ff 00 01 61 00 3f f0 00 00 00 00 00 00");
    let m = check(
        "ECMA count, truncated",
        &bytes,
        amf0::<Value>,
        Expect::Eof(bytes.len() as u64),
    );
    report("AMF0 ECMA count 2^32-1, truncated", m);
}
