//! Random and mutated inputs: never a panic or hang.

use super::*;

// --------------------------------------------------------------- fuzzing

/// Decodes `bytes` every way; `Err` if anything panicked or disagreed.
/// A successfully decoded `Value` must re-encode, and decode back to an
/// equal `Value`. `Ok(true)` when the `Value` decoded.
fn decode_all_ways(bytes: &[u8], opts: &Options) -> Result<bool, String> {
    let r = catch_unwind(AssertUnwindSafe(|| -> Result<bool, String> {
        let v = opts.amf0_from_slice::<Value>(bytes);
        let _ = opts.amf0_from_slice::<IgnoredAny>(bytes);
        let _ = opts.amf0_from_slice::<Json>(bytes);
        let _ = opts.amf0_from_reader::<_, IgnoredAny>(bytes);
        let r = opts.amf0_from_reader::<_, Value>(bytes);
        match (&v, &r) {
            (Ok(a), Ok(b)) if a != b => return Err("slice and reader Values differ".into()),
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => {
                return Err(format!("slice and reader disagree: {e}"))
            }
            _ => {}
        }
        let decoded = v.is_ok();
        if let Ok(v) = v {
            let again = amf0::to_vec(&v).map_err(|e| format!("re-encode of {v}: {e}"))?;
            let back: Value = opts
                .amf0_from_slice(&again)
                .map_err(|e| format!("decode of re-encoded {}: {e}", short_hex(&again)))?;
            if back != v {
                return Err(format!(
                    "re-encoded value differs: {v} vs {back} ({})",
                    short_hex(&again)
                ));
            }
        }
        Ok(decoded)
    }));
    match r {
        Ok(r) => r,
        Err(_) => Err("panic".into()),
    }
}

fn fuzz_seeds() -> Vec<Vec<u8>> {
    let mut seeds = vec![
        hex(RESULT_COMMAND)[19..86].to_vec(),
        hex(RESULT_COMMAND)[86..].to_vec(),
        nested_with_reference(),
        hex("0a 00 00 00 02 03 00 01 61 07 00 00 00 00 09 07 00 01"),
        hex(SELF_REF),
        reference_bomb(10),
        hex("0a 00 00 00 02 11 06 07 66 6f 6f 11 06 00"),
        hex("11 0a 07 43 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e 41 72 72 61 79 43 6f 6c 6c 65 63 74 69 6f 6e 09 03 01 06 09 65 67 67 73"),
    ];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rocketamf/objects");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf0-"))
        .collect();
    names.sort();
    for name in names {
        seeds.push(fixture("objects", &name));
    }
    seeds
}

/// Random concatenations of AMF0 fragments (markers with plausible
/// payloads, keys, end markers, references, AMF3 fragments after `0x11`):
/// often valid, often deep, often cyclic.
fn token_soup(rng: &mut Rng) -> Vec<u8> {
    const FRAGMENTS: &[&str] = &[
        "00 3f f0 00 00 00 00 00 00",
        "00 7f f8 00 00 00 00 00 01",
        "01 00",
        "01 05",
        "02 00 01 61",
        "02 00 00",
        "0c 00 00 00 01 62",
        "03",
        "10 00 01 43",
        "08 00 00 00 02",
        "0a 00 00 00 01",
        "0a 00 00 00 02",
        "00 01 61",
        "00 00",
        "00 00 09",
        "00 00 09",
        "05",
        "06",
        "0d",
        "07 00 00",
        "07 00 01",
        "0b 00 00 00 00 00 00 00 00 ff ff",
        "0f 00 00 00 00",
        "11 09 03 01",
        "11 06 03 61",
        "11 06 00",
        "11 0a 0b 01 00 04 01 01",
        "11 09 00",
        "11 04 7f",
    ];
    let n = 1 + rng.below(12);
    let mut out = Vec::new();
    for _ in 0..n {
        out.extend(hex(FRAGMENTS[rng.below(FRAGMENTS.len())]));
    }
    out
}

#[test]
fn fuzz_random_bytes_never_panic() {
    // With the switch marks, so that re-encoding keeps every `0x11`.
    let opts = Options::new()
        .with_max_work(1 << 16)
        .with_switch_marks(true);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut failures = Vec::new();
    let mut decoded = 0;
    let start = Instant::now();
    for _ in 0..20_000 {
        let bytes = if rng.below(2) == 0 {
            // Bytes biased towards valid markers and small lengths.
            let len = rng.below(64);
            (0..len)
                .map(|_| match rng.below(4) {
                    0 => rng.below(0x12) as u8,
                    1 => rng.below(0x04) as u8,
                    _ => rng.byte(),
                })
                .collect()
        } else {
            token_soup(&mut rng)
        };
        match decode_all_ways(&bytes, &opts) {
            Ok(ok) => decoded += usize::from(ok),
            Err(e) => failures.push(format!("{e}: {}", to_hex(&bytes))),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );
    // Some of the token soups are valid AMF0 (one value, nothing after it).
    assert!(decoded > 300, "only {decoded} inputs decoded");
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn fuzz_mutated_encodings_never_panic() {
    // With the switch marks, so that re-encoding keeps every `0x11`.
    let opts = Options::new()
        .with_max_work(1 << 16)
        .with_switch_marks(true);
    let seeds = fuzz_seeds();
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let mut failures = Vec::new();
    let mut decoded = 0;
    let start = Instant::now();
    for _ in 0..20_000 {
        let mut bytes = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len().max(1));
            match rng.below(7) {
                0 if !bytes.is_empty() => bytes[at] = rng.byte(),
                1 if !bytes.is_empty() => bytes[at] ^= 1 << rng.below(8),
                2 if !bytes.is_empty() => {
                    bytes.remove(at);
                }
                3 => bytes.insert(at.min(bytes.len()), rng.below(0x12) as u8),
                4 => bytes.truncate(at),
                5 if !bytes.is_empty() => {
                    bytes[at] = [0x00, 0x01, 0x07, 0x09, 0x11, 0x7f, 0x80, 0xff][rng.below(8)]
                }
                _ => {
                    // Splice in a reference to a small index.
                    let r = [0x07, 0x00, rng.below(4) as u8];
                    let at = at.min(bytes.len());
                    bytes.splice(at..at, r);
                }
            }
        }
        match decode_all_ways(&bytes, &opts) {
            Ok(ok) => decoded += usize::from(ok),
            Err(e) => failures.push(format!("{e}: {}", to_hex(&bytes))),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );
    // Some mutations keep the input valid (a changed number, string byte…).
    assert!(decoded > 1000, "only {decoded} inputs decoded");
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}
