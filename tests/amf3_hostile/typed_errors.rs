//! Errors from the typed decoders' fast paths.

use super::*;

// ------------------------------------------------- typed fast paths' errors

/// A string that must be upper case (its visitor rejects the others).
#[derive(Debug, PartialEq)]
struct Upper(String);

impl<'de> Deserialize<'de> for Upper {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Upper;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an upper-case string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Upper, E> {
                if s.chars().any(char::is_lowercase) {
                    return Err(E::invalid_value(serde::de::Unexpected::Str(s), &self));
                }
                Ok(Upper(s.to_owned()))
            }
        }
        d.deserialize_str(V)
    }
}

/// `true` only (its visitor rejects `false`).
#[derive(Debug, PartialEq)]
struct Yes;

impl<'de> Deserialize<'de> for Yes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Yes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true")
            }
            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Yes, E> {
                if !b {
                    return Err(E::invalid_value(serde::de::Unexpected::Bool(b), &self));
                }
                Ok(Yes)
            }
        }
        d.deserialize_bool(V)
    }
}

#[test]
fn string_and_bool_errors_inside_containers_name_the_element() {
    // Top level (general path) and inside an array (fast path) agree.
    assert_eq!(slice::<Upper>(&hex("06 03 41")).unwrap(), Upper("A".into()));
    assert_err::<Upper>(
        &hex("06 03 62"),
        "invalid value: string \"b\", expected an upper-case string at byte offset 0",
    );
    // ["A", "b"]: the second string starts at byte 6.
    assert_err::<Vec<Upper>>(
        &hex("09 05 01 06 03 41 06 03 62"),
        "invalid value: string \"b\", expected an upper-case string at byte offset 6",
    );
    // ["A", ref to "A", "b"] with a string reference in the middle.
    assert_eq!(
        slice::<Vec<Upper>>(&hex("09 05 01 06 03 41 06 00")).unwrap(),
        [Upper("A".into()), Upper("A".into())]
    );
    // [true, false]
    assert_err::<Yes>(
        &hex("02"),
        "invalid value: boolean `false`, expected true at byte offset 0",
    );
    assert_err::<Vec<Yes>>(
        &hex("09 05 01 03 02"),
        "invalid value: boolean `false`, expected true at byte offset 4",
    );
    assert_eq!(
        slice::<Vec<bool>>(&hex("09 05 01 03 02")).unwrap(),
        [true, false]
    );
    // A string where a bool is expected and the reverse: the general path's
    // type errors, at the element.
    assert_err::<Vec<bool>>(
        &hex("09 05 01 03 06 03 61"),
        "invalid type: string \"a\", expected a boolean at byte offset 4",
    );
    assert_err::<Vec<String>>(
        &hex("09 05 01 06 03 61 03"),
        "invalid type: boolean `true`, expected a string at byte offset 6",
    );
}

#[test]
fn reference_tables_do_not_carry_over_between_documents() {
    // Tables are reused between decoders on a thread; each document still
    // starts with empty ones, also after a failed decode.
    let strings = hex("09 05 01 06 03 61 06 00"); // ["a", ref "a"]
    let string_ref = hex("09 03 01 06 00"); // [ref string 0]
    let object_ref = hex("09 03 01 09 00"); // [ref object 0]: a cycle
    for _ in 0..2 {
        assert_eq!(slice::<Vec<String>>(&strings).unwrap(), ["a", "a"]);
        assert_err::<Vec<String>>(
            &string_ref,
            "string reference 0 out of range (0 entries) at byte offset 4",
        );
        assert_eq!(slice::<Vec<String>>(&strings).unwrap(), ["a", "a"]);
        assert!(slice::<Vec<Value>>(&object_ref).is_err());
        assert_err::<Vec<i32>>(
            &hex("09 05 01 06 03 61 04 01"),
            "invalid type: string \"a\", expected i32 at byte offset 3",
        );
        assert_err::<Vec<String>>(
            &string_ref,
            "string reference 0 out of range (0 entries) at byte offset 4",
        );
    }
    // AMF0: [obj {}, ref 1] then [ref 1]: the second document has no entry 1.
    let amf0 = hex("0a 00 00 00 02 03 00 00 09 07 00 01");
    let v: Vec<BTreeMap<String, i32>> = amf_serde::amf0::from_slice(&amf0).unwrap();
    assert_eq!(v.len(), 2);
    let e =
        amf_serde::amf0::from_slice::<Vec<BTreeMap<String, i32>>>(&hex("0a 00 00 00 01 07 00 01"))
            .unwrap_err();
    assert!(e.to_string().contains("out of range"), "{e}");
}
