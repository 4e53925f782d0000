//! `to_value` / `from_value`: structs, enums and maps to `Value` and back, errors, and
//! agreement with `to_vec`.

use super::*;

// --------------------------------------------- (f) to_value / from_value

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Person {
    name: String,
    age: i32,
    tags: Vec<String>,
    nick: Option<String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Shape {
    Unit,
    New(i32),
    Tuple(i32, String),
    Struct { w: f64, h: f64 },
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Sparse {
    id: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    note: Option<String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Everything {
    person: Person,
    shapes: Vec<Shape>,
    scores: BTreeMap<String, f64>,
    by_id: BTreeMap<u32, String>,
    #[serde(with = "serde_bytes")]
    blob: Vec<u8>,
    big: u64,
    ch: char,
    unit: (),
    pair: (i8, bool),
    sparse: Vec<Sparse>,
}

fn ada() -> Person {
    Person {
        name: "Ada".into(),
        age: 36,
        tags: vec!["math".into(), "name".into()],
        nick: None,
    }
}

fn everything() -> Everything {
    Everything {
        person: ada(),
        shapes: vec![
            Shape::Unit,
            Shape::New(-3),
            Shape::Tuple(1, "Unit".into()),
            Shape::Struct { w: 1.5, h: 2.0 },
        ],
        scores: BTreeMap::from([("a".into(), 1.0), ("b".into(), f64::NAN)]),
        by_id: BTreeMap::from([(1, "one".into()), (300_000_000, "big".into())]),
        blob: vec![0, 255],
        big: 1 << 40,
        ch: 'é',
        unit: (),
        pair: (-1, true),
        sparse: vec![
            Sparse {
                id: 1,
                note: Some("n".into()),
            },
            Sparse { id: 2, note: None },
            Sparse {
                id: 3,
                note: Some("id".into()),
            },
        ],
    }
}

#[test]
fn to_value_of_a_struct_is_an_anonymous_sealed_object() {
    let v = to_value(&ada()).unwrap();
    assert_eq!(
        v,
        Value::from(Object {
            traits_copy: 0,
            class: Default::default(),
            sealed: vec![
                ("name".into(), s("Ada")),
                ("age".into(), int(36)),
                ("tags".into(), arr(vec![s("math"), s("name")])),
                ("nick".into(), Value::Null),
            ]
            .into(),
            dynamic: None,
        })
    );
    assert_eq!(from_value::<Person>(v).unwrap(), ada());
}

#[test]
fn to_value_of_enums_and_maps() {
    let shapes = to_value(&everything().shapes).unwrap();
    assert_eq!(
        shapes,
        arr(vec![
            s("Unit"),
            anon(vec![("New", int(-3))]),
            anon(vec![("Tuple", arr(vec![int(1), s("Unit")]))]),
            anon(vec![(
                "Struct",
                sealed(
                    "",
                    vec![("w", Value::Double(1.5)), ("h", Value::Double(2.0))]
                ),
            )]),
        ])
    );
    assert_eq!(
        from_value::<Vec<Shape>>(shapes).unwrap(),
        everything().shapes
    );

    let by_name = BTreeMap::from([("x".to_string(), 1), ("y".to_string(), 2)]);
    let v = to_value(&by_name).unwrap();
    assert_eq!(v, anon(vec![("x", int(1)), ("y", int(2))]));
    assert_eq!(from_value::<BTreeMap<String, i32>>(v).unwrap(), by_name);

    let by_int = BTreeMap::from([(1, "a".to_string()), (2, "b".to_string())]);
    let v = to_value(&by_int).unwrap();
    assert_eq!(
        v,
        Value::from(Dictionary {
            weak_keys: false,
            entries: vec![(int(1), s("a")), (int(2), s("b"))],
        })
    );
    assert_eq!(from_value::<BTreeMap<i32, String>>(v).unwrap(), by_int);
    // An empty map is an empty object.
    assert_eq!(
        to_value(&BTreeMap::<i32, i32>::new()).unwrap(),
        anon(vec![])
    );
}

#[test]
fn from_value_parses_numeric_member_names_like_from_slice() {
    // {"7": "seven"}
    let bytes = hex("0a 0b 01 03 37 06 0b 73 65 76 65 6e 01");
    let want = HashMap::from([(7u32, "seven".to_string())]);
    assert_eq!(from_slice::<HashMap<u32, String>>(&bytes).unwrap(), want);
    let v = decode(&bytes);
    assert_eq!(v, anon(vec![("7", s("seven"))]));
    assert_eq!(from_value::<HashMap<u32, String>>(v).unwrap(), want);
}

#[test]
fn to_value_from_value_round_trips() {
    let e = everything();
    let v = to_value(&e).unwrap();
    let back: Everything = from_value(v.clone()).unwrap();
    // NaN in scores: compare the rest, then the NaN by bits.
    assert_eq!(back.scores["b"].to_bits(), f64::NAN.to_bits());
    let strip = |mut e: Everything| {
        e.scores.remove("b");
        e
    };
    assert_eq!(strip(back), strip(e.clone()));
    assert_eq!(v["big"], Value::Double(1_099_511_627_776.0));
    assert_eq!(v["ch"], s("é"));
    assert_eq!(v["unit"], Value::Null);
    assert_eq!(v["blob"], Value::from(ByteArray(vec![0, 255])));
    assert_eq!(v["sparse"][1].as_object().unwrap().len(), 1);
    assert_eq!(v["by_id"].as_dictionary().unwrap().entries.len(), 2);

    // And through the bytes: to_vec → Value → from_value.
    let through: Value = decode(&to_vec(&e).unwrap());
    assert_eq!(through, v);
    assert_eq!(strip(from_value::<Everything>(through).unwrap()), strip(e));
}

#[test]
fn to_value_then_to_vec_equals_to_vec() {
    fn same<T: Serialize + std::fmt::Debug>(x: &T) {
        let direct = to_vec(x).unwrap();
        let via = encode(&to_value(x).unwrap());
        assert_eq!(to_hex(&via), to_hex(&direct), "{x:?}");
    }
    same(&ada());
    same(&vec![ada(), ada(), ada()]);
    same(&everything());
    same(&everything().sparse);
    same(&everything().shapes);
    same(&BTreeMap::from([(1, ada()), (2, ada())]));
    same(&BTreeMap::from([("name".to_string(), ada())]));
    same(&(1u64 << 53, -1i64, 0.1f32, "x", 'y', (), Some(1), None::<u8>));
    same(&vec![Some(vec![ada()]), None]);
    same(&serde_bytes::ByteBuf::from(vec![1, 2, 3]));
    // Exact bytes of one: sealed traits once, then traits references.
    #[derive(Serialize)]
    struct P {
        x: i32,
        y: i32,
    }
    let ps = [P { x: 1, y: 2 }, P { x: 3, y: 4 }];
    assert_eq!(
        to_hex(&encode(&to_value(&ps).unwrap())),
        "09 05 01 0a 23 01 03 78 03 79 04 01 04 02 0a 01 04 03 04 04"
    );
}

#[test]
fn to_value_and_from_value_errors() {
    let err = to_value(&9_007_199_254_740_993u64).unwrap_err();
    assert_eq!(
        err.to_string(),
        "integer 9007199254740993 cannot be written as an AMF double without losing precision (Options::with_lossy_integers(true) writes the nearest double, as Flash, BlazeDS and PyAMF do)"
    );
    let err = to_value(&BTreeMap::from([(String::new(), 1)])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the empty string cannot be an AMF3 dynamic member name (it terminates the member list)"
    );
    let cyclic = decode(&hex(SELF_CYCLE));
    let err = from_value::<serde_json::Value>(cyclic.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a Value::Cycle cannot be decoded into a tree-shaped type"
    );
    let err = from_value::<u8>(int(300)).unwrap_err();
    assert_eq!(err.to_string(), "invalid value: integer `300`, expected u8");
    let err = from_value::<i32>(Value::Double(1.5)).unwrap_err();
    assert_eq!(err.to_string(), "number 1.5 is not a valid i32");
    // Typed decoding of cyclic bytes names the reference.
    let err = from_slice::<serde_json::Value>(&hex(SELF_CYCLE)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "reference to object 0, which is still being read (a cycle), cannot be decoded into \
         a tree-shaped type at byte offset 8"
    );
}

#[test]
fn value_to_value_keeps_identity() {
    let v = decode(&hex(TWO_CYCLE));
    let same = to_value(&v).unwrap();
    assert!(same.ptr_eq(&v));
    let again: Value = from_value(v.clone()).unwrap();
    assert!(again.ptr_eq(&v));
    assert_eq!(again, v);
}
