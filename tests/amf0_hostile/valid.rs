//! Valid AMF0 streams (nested values, the RESULT command, every fixture) cut short: every
//! prefix is a clean error.

use super::*;

// ------------------------------------------------------- valid encodings

/// Where the four values of the `_result` command end.
const RESULT_BOUNDARIES: [usize; 4] = [10, 19, 86, 261];

#[test]
fn nested_value_decodes_and_shares() {
    let bytes = nested_with_reference();
    let v: Value = marked(&bytes).unwrap();
    assert_eq!(v, slice::<Value>(&bytes).unwrap());
    assert!(v[0].ptr_eq(&v[2]));
    assert_eq!(v[6]["k"].as_str(), Some("foo"));
    assert_eq!(v[7][0].as_str(), Some("k"));
    assert_eq!(v[7][1].as_str(), Some("foo"));
    // Written back byte for byte, except that the short long-string becomes
    // a `02` string.
    let expected = to_hex(&bytes).replace("0c 00 00 00 03 61 62 63", "02 00 03 61 62 63");
    assert_eq!(to_hex(&amf0::to_vec(&v).unwrap()), expected);
    let j: Json = slice(&bytes).unwrap();
    assert_eq!(j[2], j[0]);
    assert_eq!(j[6], serde_json::json!({"k": "foo"}));
    assert_eq!(j[7], serde_json::json!(["k", "foo"]));
}

#[test]
fn prefixes_of_the_result_command_stream() {
    let bytes = hex(RESULT_COMMAND);
    assert_eq!(bytes.len(), RESULT_BOUNDARIES[3]);
    for n in 0..=bytes.len() {
        let p = &bytes[..n];
        let complete = RESULT_BOUNDARIES.iter().filter(|&&b| b <= n).count();
        let at_boundary = n == 0 || RESULT_BOUNDARIES.contains(&n);
        for how in [
            "slice Value",
            "reader Value",
            "slice IgnoredAny",
            "reader IgnoredAny",
        ] {
            let results: Vec<Result<(), Error>> = match how {
                "slice Value" => amf0::Deserializer::from_slice(p)
                    .into_iter::<Value>()
                    .map(|r| r.map(drop))
                    .collect(),
                "reader Value" => amf0::Deserializer::from_reader(p)
                    .into_iter::<Value>()
                    .map(|r| r.map(drop))
                    .collect(),
                "slice IgnoredAny" => amf0::Deserializer::from_slice(p)
                    .into_iter::<IgnoredAny>()
                    .map(|r| r.map(drop))
                    .collect(),
                _ => amf0::Deserializer::from_reader(p)
                    .into_iter::<IgnoredAny>()
                    .map(|r| r.map(drop))
                    .collect(),
            };
            if at_boundary {
                assert_eq!(results.len(), complete, "{how}: {n}");
                assert!(results.iter().all(Result::is_ok), "{how}: {n}");
            } else {
                assert_eq!(results.len(), complete + 1, "{how}: {n}");
                let last = results.into_iter().last().unwrap();
                assert_eof_at("_result stream", how, n, p, last);
            }
        }
    }
    // Each of the four values on its own, and all four in a strict array.
    let mut start = 0;
    for end in RESULT_BOUNDARIES {
        check_prefixes::<Json>("_result value", &bytes[start..end], true);
        start = end;
    }
    let mut array = hex("0a 00 00 00 04");
    array.extend_from_slice(&bytes);
    check_prefixes::<(String, f64, Json, HashMap<String, Json>)>("_result array", &array, true);
}

#[test]
fn prefixes_of_every_amf0_fixture() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rocketamf/objects");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf0-"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 17);
    for name in &names {
        let bytes = fixture("objects", name);
        check_prefixes::<Json>(name, &bytes, true);
    }
}

#[test]
fn prefixes_of_a_nested_structure_with_a_reference() {
    let bytes = nested_with_reference();
    check_prefixes::<Json>("nested", &bytes, true);
    // The cyclic one: typed decoding is an error, so only untyped targets.
    let cyclic = hex("0a 00 00 00 02 03 00 01 61 07 00 00 00 00 09 07 00 01");
    check_prefixes::<Json>("cyclic", &cyclic, false);
}
