//! Reference bombs and copied references: allocation stays bounded.

use super::*;

// --------------------------------------------------------- reference bombs

/// AMF3 `L_k`, where `L_0 = [1]` and `L_i` is an array of `fan` items: `L_{i-1}`
/// inline, then `fan - 1` references to it. Object index 0 is `L_k`, index
/// `k - i` is `L_i`. Fully expanded it has `fan^k` integers.
fn amf3_bomb(levels: usize, fan: u32) -> Vec<u8> {
    let mut v = hex("09 03 01 04 01");
    for i in 1..=levels {
        let mut outer = vec![0x09];
        outer.extend(u29((fan << 1) | 1));
        outer.push(0x01);
        outer.extend(&v);
        let target = (levels - (i - 1)) as u32;
        for _ in 1..fan {
            outer.push(0x09);
            outer.extend(u29(target << 1));
        }
        v = outer;
    }
    v
}

/// The same bomb in AMF0: strict arrays and `07` references.
fn amf0_bomb(levels: usize, fan: u32) -> Vec<u8> {
    let mut v = hex("0a 00 00 00 01 00 3f f0 00 00 00 00 00 00");
    for i in 1..=levels {
        let mut outer = vec![0x0a];
        outer.extend(fan.to_be_bytes());
        outer.extend(&v);
        let target = (levels - (i - 1)) as u16;
        for _ in 1..fan {
            outer.push(0x07);
            outer.extend(target.to_be_bytes());
        }
        v = outer;
    }
    v
}

fn u29(v: u32) -> Vec<u8> {
    let mut out = Vec::new();
    amf_serde::amf3::marker::write_u29(&mut out, v);
    out
}

/// Nine nested `Vec`s: the typed shape of a bomb with 8 levels.
type Nest9<T> = Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<Vec<T>>>>>>>>>;

#[test]
fn reference_bombs_hit_the_work_limit_when_typed() {
    // 8 levels of 16: 16^8 = 4.3 billion integers if expanded, from 269 bytes
    // (AMF0: 414 bytes).
    let bytes = amf3_bomb(8, 16);
    let work = "work limit of ";
    for (i, decode) in [
        amf3::<Nest9<i32>> as Decode,
        amf3::<Nest9<IgnoredAny>>,
        amf3::<serde_json::Value>,
    ]
    .into_iter()
    .enumerate()
    {
        let what = format!("AMF3 bomb ({} bytes) typed #{i}", bytes.len());
        report(&what, check(&what, &bytes, decode, Expect::Syntax(work)));
    }
    let bytes = amf0_bomb(8, 16);
    for (i, decode) in [
        amf0::<Nest9<f64>> as Decode,
        amf0::<Nest9<IgnoredAny>>,
        amf0::<serde_json::Value>,
    ]
    .into_iter()
    .enumerate()
    {
        let what = format!("AMF0 bomb ({} bytes) typed #{i}", bytes.len());
        report(&what, check(&what, &bytes, decode, Expect::Syntax(work)));
    }
}

#[test]
fn work_limit_message_names_the_limit() {
    let bytes = amf3_bomb(8, 16);
    let limit = Options::WORK_PER_BYTE * bytes.len() as u64 + Options::WORK_BASE;
    let err = amf_serde::from_slice::<Nest9<i32>>(&bytes).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "work limit of {limit} decoded values exceeded at byte offset "
        )),
        "{text}"
    );
    let err = Options::new()
        .with_max_work(1000)
        .from_slice::<Nest9<i32>>(&bytes)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("work limit of 1000 decoded values exceeded at byte offset "),
        "{err}"
    );
    assert!(err.offset().is_some_and(|o| o < bytes.len() as u64));
    let bytes = amf0_bomb(8, 16);
    let err = Options::new()
        .with_max_work(1000)
        .amf0_from_reader::<_, Nest9<f64>>(&bytes[..])
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("work limit of 1000 decoded values exceeded at byte offset "),
        "{err}"
    );
}

#[test]
fn reference_bombs_stay_shared_in_values() {
    // `Value` keeps each referenced node once: the bomb decodes, cheaply.
    let bytes = amf3_bomb(8, 16);
    let m = check("AMF3 bomb into Value", &bytes, amf3::<Value>, Expect::Ok);
    report("AMF3 bomb into Value", m);
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert!(v[0].ptr_eq(&v[1]));
    let bytes = amf0_bomb(8, 16);
    let m = check("AMF0 bomb into Value", &bytes, amf0::<Value>, Expect::Ok);
    report("AMF0 bomb into Value", m);
    // Skipping does not follow references either.
    let m = check(
        "AMF3 bomb skipped",
        &amf3_bomb(8, 16),
        amf3::<IgnoredAny>,
        Expect::Ok,
    );
    report("AMF3 bomb skipped (IgnoredAny)", m);
}

// ----------------------------------------------------- copied references

/// A 60 kB string, then `refs` string references to it.
fn string_ref_bomb(refs: usize) -> Vec<u8> {
    let len = 60_000;
    let mut v = vec![0x09];
    v.extend(u29(((refs as u32 + 1) << 1) | 1));
    v.push(0x01);
    v.push(0x06);
    v.extend(u29(((len as u32) << 1) | 1));
    v.extend(std::iter::repeat_n(b'a', len));
    for _ in 0..refs {
        v.extend([0x06, 0x00]);
    }
    v
}

/// Traits with `names` sealed members that are all references to one 60 kB
/// string, then `objects` objects using those traits (one byte per member).
fn member_name_bomb(names: usize, objects: usize) -> Vec<u8> {
    let len = 60_000;
    let mut v = vec![0x09];
    v.extend(u29(((objects as u32) << 1) | 1));
    v.push(0x01);
    // First object: inline traits, class "", first name literal, then refs.
    v.push(0x0a);
    v.extend(u29(((names as u32) << 4) | 0x03));
    v.push(0x01);
    v.extend(u29(((len as u32) << 1) | 1));
    v.extend(std::iter::repeat_n(b'n', len));
    // The other names: string reference #0 (`00`).
    v.extend(std::iter::repeat_n(0x00, names - 1));
    // The values: null (`01`) each.
    v.extend(std::iter::repeat_n(0x01, names));
    for _ in 1..objects {
        v.extend([0x0a, 0x01]);
        v.extend(std::iter::repeat_n(0x01, names));
    }
    v
}

#[test]
fn string_references_do_not_multiply_memory() {
    let bytes = string_ref_bomb(10_000);
    let m = check(
        "AMF3 string-reference bomb into Value",
        &bytes,
        amf3::<Value>,
        Expect::Syntax("work limit of"),
    );
    report("AMF3 string-reference bomb into Value", m);
    let m = check(
        "AMF3 string-reference bomb into Vec<String>",
        &bytes,
        amf3::<Vec<String>>,
        Expect::Syntax("work limit of"),
    );
    report("AMF3 string-reference bomb into Vec<String>", m);
}

#[test]
fn sealed_member_names_do_not_multiply_memory() {
    let bytes = member_name_bomb(1_000, 10);
    let m = check(
        "AMF3 member-name bomb into Value",
        &bytes,
        amf3::<Value>,
        Expect::Syntax("work limit of"),
    );
    report("AMF3 member-name bomb into Value", m);
}

/// Small versions of both bombs: repeated bytes are charged to the work
/// limit (one unit per 32 bytes), so a copy-heavy input either fits the
/// limit or stops at it, and memory stays within the bound either way.
#[test]
fn copied_reference_amplification_is_reported() {
    let bytes = string_ref_bomb(100);
    let (r, peak, took) = measure(|| amf3::<Value>(&bytes, false));
    assert!(peak <= bound(bytes.len()), "{peak}");
    assert!(r.is_ok(), "{r:?}");
    println!(
        "string-reference bomb, {} bytes of input: peak {peak} bytes ({}x) in {took:?}",
        bytes.len(),
        peak / bytes.len()
    );
    let bytes = member_name_bomb(100, 10);
    let (r, peak, took) = measure(|| amf3::<Value>(&bytes, false));
    assert!(peak <= bound(bytes.len()), "{peak}");
    if let Err(e) = &r {
        assert!(e.to_string().contains("work limit of"), "{e}");
    }
    println!(
        "member-name bomb, {} bytes of input: peak {peak} bytes ({}x) in {took:?}",
        bytes.len(),
        peak / bytes.len()
    );
}
