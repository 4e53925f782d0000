//! AMF0 references replayed into typed values.

use super::*;

// ------------------------------------- references replayed into typed values

#[test]
fn references_are_replayed_into_typed_values() {
    // The referenced object holds an AMF3 string; a later switch refers to
    // that string. Replaying the object must neither grow nor break the
    // shared AMF3 string table.
    let input = "0a 00 00 00 03 03 00 01 61 11 06 07 66 6f 6f 00 00 09 07 00 01 11 06 00";
    type T = (HashMap<String, String>, HashMap<String, String>, String);
    let (a, b, c): T = decode(input);
    assert_eq!(a, b);
    assert_eq!(a["a"], "foo");
    assert_eq!(c, "foo");
    let v = marked_roundtrip(input);
    assert!(v[0].ptr_eq(&v[1]));
    // An ECMA array read as a sequence, then referenced as a sequence.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Two {
        a: Vec<String>,
        b: Vec<String>,
    }
    let input = "03 00 01 61 08 00 00 00 01 00 01 30 02 00 01 78 00 00 09 \
                 00 01 62 07 00 01 00 00 09";
    assert_eq!(
        decode::<Two>(input),
        Two {
            a: vec!["x".into()],
            b: vec!["x".into()]
        }
    );
    // An object read as a struct, then referenced as a `Value`.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Mixed {
        a: HashMap<String, f64>,
        b: Value,
    }
    let m: Mixed = decode(
        "03 00 01 61 03 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09 \
                           00 01 62 07 00 01 00 00 09",
    );
    assert_eq!(m.b, obj(vec![("x", d(1.0))]));
}

#[test]
fn ecma_array_read_as_sequence_then_referenced_as_value() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct S {
        a: Vec<String>,
        b: Value,
    }
    let input = "03 00 01 61 08 00 00 00 01 00 01 30 02 00 01 78 00 00 09 \
                 00 01 62 07 00 01 00 00 09";
    let got: S = decode(input);
    assert_eq!(got.a, ["x"]);
    assert_eq!(got.b, ecma(1, vec![("0", s("x"))]));
    // Writing it must not fail with "points at a value that no longer exists".
    assert_eq!(
        to_hex(&encode(&got.b)),
        "08 00 00 00 01 00 01 30 02 00 01 78 00 00 09"
    );
}

#[test]
fn typed_shape_errors() {
    decode_err::<P>(&hex("03 00 00 09"), "missing field `x` at byte offset 0");
    let e = decode_err::<(i32, i32)>(
        &hex(
            "0a 00 00 00 03 00 3f f0 00 00 00 00 00 00 00 3f f0 00 00 00 00 00 00 \
              00 3f f0 00 00 00 00 00 00",
        ),
        "invalid length 3, expected fewer elements in the array at byte offset 0",
    );
    assert_eq!(e.classify(), Category::Data);
    decode_err::<Vec<i32>>(
        &hex("08 00 00 00 02 00 01 30 05 00 01 30 05 00 00 09"),
        "ECMA array with a repeated index at byte offset 0",
    );
    decode_err::<i32>(
        &hex("02 00 01 61"),
        "invalid type: string \"a\", expected i32 at byte offset 0",
    );
}

#[test]
fn enums_from_ecma_arrays_and_unit_variants_as_objects() {
    assert_eq!(
        decode::<E>("08 00 00 00 01 00 01 42 01 01 00 00 09"),
        E::B(true)
    );
    assert_eq!(decode::<E>("03 00 01 41 05 00 00 09"), E::A);
    // A tuple variant whose fields arrive as a Flash-style ECMA array.
    assert_eq!(
        decode::<E>(
            "03 00 01 43 08 00 00 00 02 00 01 31 02 00 01 78 \
             00 01 30 00 3f f0 00 00 00 00 00 00 00 00 09 00 00 09"
        ),
        E::C(1, "x".into())
    );
}
