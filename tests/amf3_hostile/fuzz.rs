//! Random and mutated inputs: never a panic or hang.

use super::*;

// ------------------------------------------------------------------- fuzz

/// Decodes `bytes` every way we care about (slice and reader, generic and
/// typed targets); returns `false` if any of them panicked.
fn decode_all_ways(bytes: &[u8], opts: &Options) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        let _ = opts.from_slice::<Value>(bytes);
        let _ = opts.from_slice::<IgnoredAny>(bytes);
        let _ = opts.from_reader::<_, Value>(bytes);
        let _ = opts.from_reader::<_, IgnoredAny>(bytes);
        let _ = opts.from_slice::<Vec<Person>>(bytes);
        let _ = opts.from_slice::<Vec<Shape>>(bytes);
        let _ = opts.from_slice::<BTreeMap<String, Vec<i64>>>(bytes);
        let _ = opts.from_slice::<BTreeMap<i32, String>>(bytes);
        let _ = opts.from_slice::<(ByteBuf, String, f64, Vec<u32>)>(bytes);
        let _ = opts.from_slice::<Vec<&str>>(bytes);
        let _ = opts.from_reader::<_, Vec<Shape>>(bytes);
    }))
    .is_ok()
}

fn fuzz_seeds() -> Vec<Vec<u8>> {
    let mut seeds = vec![
        amf_serde::to_vec(&people()).unwrap(),
        amf_serde::to_vec(&string_map()).unwrap(),
        amf_serde::to_vec(&dictionary()).unwrap(),
        amf_serde::to_vec(&(byte_array(), "x", 1.5f64, [1u32 << 31])).unwrap(),
        hex("09 07 01 09 05 01 0a 0b 01 07 66 6f 6f 06 07 62 61 72 01 0a 01 00 06 02 01 06 02 09 05 01 0a 04 0a 06"),
        hex("10 07 00 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73 0a 23 00 07 62 61 7a 07 66 6f 6f 01 06 04 0a 01 01 06 07 62 61 72 0a 01 01 06 02"),
        hex("09 07 09 61 73 64 66 06 09 66 64 73 61 07 66 6f 6f 06 07 62 61 72 05 34 32 06 06 01 06 09 62 61 72 31 06 09 62 61 72 32 06 09 62 61 72 33"),
        hex("0d 09 01 00 00 00 02 00 00 07 d0 7f ff ff ff 80 00 00 00"),
        hex("0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a"),
        reference_bomb(12),
    ];
    for name in [
        "amf3-complex-array-collection.bin",
        "amf3-dictionary.bin",
        "amf3-trait-ref.bin",
        "amf3-xml-ref.bin",
        "amf3-date-ref.bin",
        "amf3-byte-array-ref.bin",
    ] {
        seeds.push(fixture("objects", name));
    }
    seeds
}

#[test]
fn fuzz_random_bytes_never_panic() {
    // Work is capped so that a random reference bomb stays cheap.
    let opts = Options::new().with_max_work(1 << 16);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut panics = Vec::new();
    for _ in 0..20_000 {
        let len = rng.below(64);
        // Bias towards valid markers and small U29s so decoding gets deep.
        let bytes: Vec<u8> = (0..len)
            .map(|_| match rng.below(4) {
                0 => rng.below(0x12) as u8,
                1 => rng.below(0x10) as u8,
                _ => rng.byte(),
            })
            .collect();
        let ok = decode_all_ways(&bytes, &opts);
        if !ok {
            panics.push(to_hex(&bytes));
        }
    }
    assert!(panics.is_empty(), "panicked on: {panics:#?}");
}

#[test]
fn fuzz_mutated_encodings_never_panic() {
    let opts = Options::new().with_max_work(1 << 16);
    let seeds = fuzz_seeds();
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let mut panics = Vec::new();
    for _ in 0..20_000 {
        let mut bytes = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len().max(1));
            match rng.below(6) {
                0 if !bytes.is_empty() => bytes[at] = rng.byte(),
                1 if !bytes.is_empty() => bytes[at] ^= 1 << rng.below(8),
                2 if !bytes.is_empty() => {
                    bytes.remove(at);
                }
                3 => bytes.insert(at.min(bytes.len()), rng.byte()),
                4 => bytes.truncate(at),
                _ if !bytes.is_empty() => bytes[at] = [0x00, 0x01, 0x7f, 0x80, 0xff][rng.below(5)],
                _ => {}
            }
        }
        let ok = decode_all_ways(&bytes, &opts);
        if !ok {
            panics.push(to_hex(&bytes));
        }
    }
    assert!(panics.is_empty(), "panicked on: {panics:#?}");
}
