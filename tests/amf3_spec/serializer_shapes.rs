//! More serializer shapes: internally tagged enums, skipped fields, keys that change between
//! calls, empty structs, flatten, maps holding structs.

use super::*;

// ============================================== more serializer shapes

#[test]
fn internally_tagged_enum_variants_get_their_own_traits() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "t")]
    enum Shape {
        Circle { r: i32 },
        Square { s: i32 },
    }
    assert_both(
        &vec![
            Shape::Circle { r: 1 },
            Shape::Square { s: 2 },
            Shape::Circle { r: 3 },
        ],
        "09 07 01 \
         0a 23 01 03 74 03 72 06 0d 43 69 72 63 6c 65 04 01 \
         0a 23 01 00 03 73 06 0d 53 71 75 61 72 65 04 02 \
         0a 01 06 04 04 03",
    );
}

#[test]
fn struct_variant_with_skipped_fields() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum V {
        S {
            #[serde(skip_serializing_if = "Option::is_none")]
            a: Option<i32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            b: Option<i32>,
        },
    }
    assert_both(
        &vec![
            V::S {
                a: Some(1),
                b: None,
            },
            V::S {
                a: None,
                b: Some(2),
            },
            V::S {
                a: Some(3),
                b: None,
            },
        ],
        "09 07 01 \
         0a 0b 01 03 53 0a 13 01 03 61 04 01 01 \
         0a 01 00 0a 13 01 03 62 04 02 01 \
         0a 01 00 0a 05 04 03 01",
    );
}

#[test]
fn struct_whose_keys_change_between_calls_falls_back_to_dynamic() {
    struct Flaky(std::cell::Cell<usize>);
    impl Serialize for Flaky {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            const KEYS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
            let n = self.0.get();
            self.0.set(n + 1);
            let mut s = serializer.serialize_struct("Flaky", 1)?;
            s.serialize_field(KEYS[n % 8], &1)?;
            s.end()
        }
    }
    let flaky = Flaky(std::cell::Cell::new(0));
    let bytes = amf_serde::amf3::to_vec(&flaky).unwrap();
    // Whatever the number of attempts, the output is one valid object.
    let back: BTreeMap<String, i32> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back.len(), 1, "{}", to_hex(&bytes));
    assert_eq!(back.values().next(), Some(&1));
    let calls = flaky.0.get();
    let key = ["a", "b", "c", "d", "e", "f", "g", "h"][(calls - 1) % 8];
    assert_eq!(back.keys().next().map(String::as_str), Some(key));
}

#[test]
fn empty_and_oddly_named_structs() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Empty {}
    assert_both(&Empty {}, "0a 03 01");
    assert_both(&vec![Empty {}, Empty {}], "09 05 01 0a 03 01 0a 01");
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Blank {
        #[serde(rename = "")]
        v: i32,
    }
    // Sealed names may be empty (they are not terminators).
    assert_both(&Blank { v: 1 }, "0a 13 01 01 04 01");
    assert_both(&Some(P { x: 1, y: 2 }), "0a 23 01 03 78 03 79 04 01 04 02");
    assert_both(
        &Box::new(P { x: 1, y: 2 }),
        "0a 23 01 03 78 03 79 04 01 04 02",
    );
}

#[test]
fn flattened_struct_is_a_dynamic_object() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Flat {
        id: i32,
        #[serde(flatten)]
        p: P,
    }
    assert_both(
        &Flat {
            id: 7,
            p: P { x: 1, y: 2 },
        },
        "0a 0b 01 05 69 64 04 07 03 78 04 01 03 79 04 02 01",
    );
}

#[test]
fn maps_holding_structs() {
    let maps: Vec<BTreeMap<String, P>> = vec![
        [("k".to_owned(), P { x: 1, y: 2 })].into(),
        [("k".to_owned(), P { x: 3, y: 4 })].into(),
    ];
    assert_both(
        &maps,
        "09 05 01 \
         0a 0b 01 03 6b 0a 23 01 03 78 03 79 04 01 04 02 01 \
         0a 01 00 0a 05 04 03 04 04 01",
    );
}
