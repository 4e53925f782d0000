//! The typed wrappers of `amf_serde::types` as struct fields: exact AMF3
//! markers (the `amf3.md` §8 examples), their JSON shape through
//! `serde_json` and back, and `Date`'s conversions to and from `SystemTime`.

use std::fmt::Debug;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use amf_serde::types::{
    Array, ByteArray, Date, Dictionary, ObjectVector, Undefined, Vector, Xml, XmlDocument,
};
use amf_serde::{from_reader, from_slice, to_vec, Value};
use amf_serde_tests::{hex, to_hex};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A struct with one field `v`: sealed anonymous traits `0a 13 01 03 76`.
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct W<T> {
    v: T,
}

const W_PREFIX: &str = "0a 13 01 03 76";

/// Checks `value` at the top level (`top` hex) and as the field of `W`
/// (`field` hex, or `W_PREFIX` + `top` when the field name shifts no
/// reference), both ways, from a slice and from a reader.
#[track_caller]
fn check_amf<T>(value: &T, top: &str, field: Option<&str>)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug + Clone,
{
    let top_bytes = hex(top);
    assert_eq!(
        to_hex(&to_vec(value).unwrap()),
        to_hex(&top_bytes),
        "{value:?}"
    );
    assert_eq!(&from_slice::<T>(&top_bytes).unwrap(), value);
    assert_eq!(&from_reader::<_, T>(&top_bytes[..]).unwrap(), value);

    let w = W { v: value.clone() };
    let field = match field {
        Some(f) => hex(f),
        None => hex(&format!("{W_PREFIX} {top}")),
    };
    assert_eq!(
        to_hex(&to_vec(&w).unwrap()),
        to_hex(&field),
        "W {{ v: {value:?} }}"
    );
    assert_eq!(from_slice::<W<T>>(&field).unwrap(), w);
    assert_eq!(from_reader::<_, W<T>>(&field[..]).unwrap(), w);
    // The Value view of the same bytes re-encodes identically.
    let v: Value = from_slice(&field).unwrap();
    assert_eq!(to_vec(&v).unwrap(), field);
}

/// Checks the JSON text of `value`, and that the text reads back as `back`.
#[track_caller]
fn check_json<T>(value: &T, json: &str, back: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    assert_eq!(serde_json::to_string(value).unwrap(), json, "{value:?}");
    assert_eq!(&serde_json::from_str::<T>(json).unwrap(), back, "{json}");
    // As a field too.
    let field_json = format!("{{\"v\":{json}}}");
    assert_eq!(serde_json::to_string(&W { v: value }).unwrap(), field_json);
    assert_eq!(
        &serde_json::from_str::<W<T>>(&field_json).unwrap().v,
        back,
        "{field_json}"
    );
}

const Y2020: f64 = 1_577_836_800_000.0;

// ------------------------------------------------------------------ AMF3

#[test]
fn date() {
    check_amf(
        &Date::from_millis(Y2020),
        "08 01 42 76 f5 e6 6e 80 00 00",
        None,
    );
    check_amf(
        &Date::from_millis(-1000.0),
        "08 01 c0 8f 40 00 00 00 00 00",
        None,
    );
    check_amf(
        &Some(Date::from_millis(0.0)),
        "08 01 00 00 00 00 00 00 00 00",
        None,
    );
    check_amf(&None::<Date>, "01", None);
    // Dates are also read from plain numbers.
    assert_eq!(
        from_slice::<Date>(&hex("05 42 76 f5 e6 6e 80 00 00")).unwrap(),
        Date::from_millis(Y2020)
    );
    assert_eq!(
        from_slice::<Date>(&hex("04 7f")).unwrap(),
        Date::from_millis(127.0)
    );
    let err = from_slice::<Date>(&hex("06 03 61")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: string \"a\", expected a date"),
        "{err}"
    );
    // AMF3 has no time zone: it is dropped, the instant is kept.
    let d = Date::from_millis(5.0).with_timezone(60);
    let back: Date = from_slice(&to_vec(&d).unwrap()).unwrap();
    assert_eq!(back.millis(), 5.0);
    assert_eq!(back.timezone(), 0);
}

#[test]
fn byte_array() {
    check_amf(&ByteArray(vec![1, 2, 3]), "0c 07 01 02 03", None);
    check_amf(&ByteArray(vec![]), "0c 01", None);
}

#[test]
fn vectors() {
    check_amf(
        &Vector {
            fixed: false,
            items: vec![4i32, -20, 12],
        },
        "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        None,
    );
    check_amf(
        &Vector {
            fixed: true,
            items: vec![2i32, 2000, i32::MAX, i32::MIN],
        },
        "0d 09 01 00 00 00 02 00 00 07 d0 7f ff ff ff 80 00 00 00",
        None,
    );
    check_amf(
        &Vector {
            fixed: false,
            items: vec![4u32, 20, 12],
        },
        "0e 07 00 00 00 00 04 00 00 00 14 00 00 00 0c",
        None,
    );
    check_amf(
        &Vector {
            fixed: true,
            items: vec![u32::MAX],
        },
        "0e 03 01 ff ff ff ff",
        None,
    );
    check_amf(
        &Vector {
            fixed: false,
            items: vec![4.3f64, -20.6],
        },
        "0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a",
        None,
    );
    check_amf(
        &Vector::<f64> {
            fixed: true,
            items: vec![],
        },
        "0f 01 01",
        None,
    );
    // A plain array reads as a vector (not fixed).
    assert_eq!(
        from_slice::<Vector<i32>>(&hex("09 05 01 04 01 04 7f")).unwrap(),
        Vector {
            fixed: false,
            items: vec![1, 127]
        }
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct AsClass {
    baz: Option<String>,
    foo: String,
}

const AS_CLASS: &str = "1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73";

#[test]
fn object_vector_with_type_name() {
    // The spec example (typed items "org.amf.ASClass") through Value items.
    let as_class = |foo: &str| {
        Value::from(amf_serde::types::Object::sealed(
            "org.amf.ASClass",
            [("baz", Value::Null), ("foo", Value::from(foo))],
        ))
    };
    let spec = ObjectVector {
        fixed: false,
        type_name: "org.amf.ASClass".into(),
        items: vec![as_class("foo"), as_class("bar"), as_class("baz")],
    };
    let top = format!(
        "10 07 00 {AS_CLASS} 0a 23 00 07 62 61 7a 07 66 6f 6f 01 06 04 \
         0a 01 01 06 07 62 61 72 0a 01 01 06 02"
    );
    // In W: "v" is string #0 and W's traits are traits #0, so every string
    // and traits reference moves up by one.
    let field = format!(
        "{W_PREFIX} 10 07 00 {AS_CLASS} 0a 23 02 07 62 61 7a 07 66 6f 6f 01 06 06 \
         0a 05 01 06 07 62 61 72 0a 05 01 06 04"
    );
    check_amf(&spec, &top, Some(&field));

    // Typed items: structs are anonymous sealed objects, the type name stays.
    let typed = ObjectVector {
        fixed: false,
        type_name: "org.amf.ASClass".into(),
        items: ["foo", "bar", "baz"]
            .map(|foo| AsClass {
                baz: None,
                foo: foo.into(),
            })
            .to_vec(),
    };
    let typed_top = format!(
        "10 07 00 {AS_CLASS} 0a 23 01 07 62 61 7a 07 66 6f 6f 01 06 04 \
         0a 01 01 06 07 62 61 72 0a 01 01 06 02"
    );
    check_amf(
        &typed,
        &typed_top,
        Some(&format!("{W_PREFIX} {}", {
            // "v" (#0), then the type name (#1), "baz" (#2), "foo" (#3), "bar" (#4).
            format!(
                "10 07 00 {AS_CLASS} 0a 23 01 07 62 61 7a 07 66 6f 6f 01 06 06 \
             0a 05 01 06 07 62 61 72 0a 05 01 06 04"
            )
        })),
    );
    // The Flash-written bytes decode into typed items too.
    assert_eq!(
        from_slice::<ObjectVector<AsClass>>(&hex(&top)).unwrap(),
        typed
    );

    check_amf(
        &ObjectVector {
            fixed: true,
            type_name: "*".into(),
            items: vec![1i32, -1],
        },
        "10 05 01 03 2a 04 01 04 ff ff ff ff",
        None,
    );
}

#[test]
fn dictionary() {
    check_amf(
        &Dictionary {
            weak_keys: true,
            entries: vec![("k".to_owned(), 1i32)],
        },
        "11 03 01 06 03 6b 04 01",
        None,
    );
    check_amf(
        &Dictionary {
            weak_keys: false,
            entries: vec![(1i32, "a".to_owned()), (-1, "b".to_owned())],
        },
        "11 05 00 04 01 06 03 61 04 ff ff ff ff 06 03 62",
        None,
    );
    check_amf(
        &Dictionary::<String, String> {
            weak_keys: true,
            entries: vec![],
        },
        "11 01 01",
        None,
    );
    // A string-keyed object reads as a (strong) dictionary.
    assert_eq!(
        from_slice::<Dictionary<String, i32>>(&hex("0a 0b 01 03 6b 04 01 01")).unwrap(),
        Dictionary {
            weak_keys: false,
            entries: vec![("k".to_owned(), 1)]
        }
    );
}

#[test]
fn array_with_associative_part() {
    let a = Array::from_parts(
        vec!["bar1".to_owned(), "bar2".into(), "bar3".into()],
        vec![
            ("asdf".into(), "fdsa".into()),
            ("foo".into(), "bar".into()),
            ("42".into(), "bar".into()),
        ],
    );
    let top =
        "09 07 09 61 73 64 66 06 09 66 64 73 61 07 66 6f 6f 06 07 62 61 72 05 34 32 06 06 01 \
               06 09 62 61 72 31 06 09 62 61 72 32 06 09 62 61 72 33";
    // In W, "bar" is string #4, not #3.
    let field = format!(
        "{W_PREFIX} 09 07 09 61 73 64 66 06 09 66 64 73 61 07 66 6f 6f 06 07 62 61 72 05 34 32 \
         06 08 01 06 09 62 61 72 31 06 09 62 61 72 32 06 09 62 61 72 33"
    );
    check_amf(&a, top, Some(&field));
    check_amf(
        &Array::from_parts(vec![1i32, 2], vec![]),
        "09 05 01 04 01 04 02",
        None,
    );
    check_amf(
        &Array::<Option<i32>>::from_parts(vec![], vec![("k".into(), None)]),
        "09 01 03 6b 01 01",
        None,
    );
}

#[test]
fn xml_xml_document_and_undefined() {
    check_amf(&Xml("<a/>".to_owned()), "0b 09 3c 61 2f 3e", None);
    check_amf(&XmlDocument("<a/>".to_owned()), "07 09 3c 61 2f 3e", None);
    check_amf(&Xml(String::new()), "0b 01", None);
    check_amf(&Undefined, "00", None);
    // As an Option, undefined is None (like null).
    assert_eq!(from_slice::<Option<Undefined>>(&hex("00")).unwrap(), None);
    assert_eq!(to_hex(&to_vec(&Some(Undefined)).unwrap()), "00");
    // Plain strings read as either; null reads as undefined.
    assert_eq!(
        from_slice::<Xml>(&hex("06 05 3c 61")).unwrap(),
        Xml("<a".into())
    );
    assert_eq!(
        from_slice::<XmlDocument>(&hex("06 05 3c 61")).unwrap(),
        XmlDocument("<a".into())
    );
    assert_eq!(from_slice::<Undefined>(&hex("01")).unwrap(), Undefined);
    let err = from_slice::<Xml>(&hex("07 09 3c 61 2f 3e")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: XML document, expected XML"),
        "{err}"
    );
    let err = from_slice::<Undefined>(&hex("04 00")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: integer, expected undefined"),
        "{err}"
    );
}

#[test]
fn wrapper_type_errors_carry_the_offset_of_the_value() {
    // Other typed values do: `06 03 61` as i32 is "… at byte offset 0", at 3 inside an array.
    assert_eq!(
        from_slice::<Vec<i32>>(&hex("09 03 01 06 03 61"))
            .unwrap_err()
            .to_string(),
        "invalid type: string \"a\", expected i32 at byte offset 3"
    );
    assert_eq!(
        from_slice::<Date>(&hex("06 03 61"))
            .unwrap_err()
            .to_string(),
        "invalid type: string \"a\", expected a date at byte offset 0"
    );
    assert_eq!(
        from_slice::<W<Date>>(&hex("0a 13 01 03 76 06 03 61"))
            .unwrap_err()
            .to_string(),
        "invalid type: string \"a\", expected a date at byte offset 5"
    );
    assert_eq!(
        from_slice::<W<Xml>>(&hex("0a 13 01 03 76 04 01"))
            .unwrap_err()
            .to_string(),
        "invalid type: integer, expected XML at byte offset 5"
    );
}

#[test]
fn one_wrapper_of_each_kind_in_a_struct() {
    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
    struct Mixed {
        date: Date,
        bytes: ByteArray,
        ints: Vector<i32>,
        undef: Undefined,
    }
    let m = Mixed {
        date: Date::from_millis(Y2020),
        bytes: ByteArray(vec![1, 2, 3]),
        ints: Vector {
            fixed: false,
            items: vec![4, -20, 12],
        },
        undef: Undefined,
    };
    // sealed traits: date, bytes, ints, undef; then the spec bytes of each.
    let want = "0a 43 01 09 64 61 74 65 0b 62 79 74 65 73 09 69 6e 74 73 0b 75 6e 64 65 66 \
                08 01 42 76 f5 e6 6e 80 00 00 \
                0c 07 01 02 03 \
                0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c \
                00";
    assert_eq!(to_hex(&to_vec(&m).unwrap()), to_hex(&hex(want)));
    assert_eq!(from_slice::<Mixed>(&hex(want)).unwrap(), m);
}

/// Every wrapper serializes through a fresh `Arc` node that is dropped once
/// written, and the encoder remembers written nodes by address: a later
/// wrapper allocated at a freed node's address must not be written as a
/// reference to it (it once was: `vec![Date(0), Date(1), Date(2)]` encoded
/// as `09 07 01 08 01 <0.0> 08 02 08 02`).
#[test]
fn several_wrappers_in_one_value() {
    let dates = vec![
        Date::from_millis(0.0),
        Date::from_millis(1.0),
        Date::from_millis(2.0),
    ];
    assert_eq!(
        to_hex(&to_vec(&dates).unwrap()),
        "09 07 01 08 01 00 00 00 00 00 00 00 00 08 01 3f f0 00 00 00 00 00 00 \
         08 01 40 00 00 00 00 00 00 00"
    );
    assert_eq!(
        from_slice::<Vec<Date>>(&to_vec(&dates).unwrap()).unwrap(),
        dates
    );

    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
    struct Many {
        a: Xml,
        b: Xml,
        c: Vector<i32>,
        d: Vector<i32>,
        e: Dictionary<String, i32>,
        f: Dictionary<String, i32>,
        g: Array<i32>,
        h: Array<i32>,
        i: ObjectVector<i32>,
        j: ObjectVector<i32>,
        k: XmlDocument,
        l: Date,
    }
    let vi = |n| Vector {
        fixed: false,
        items: vec![n],
    };
    let dict = |n| Dictionary {
        weak_keys: false,
        entries: vec![("k".to_owned(), n)],
    };
    let array = |n| Array::from_parts(vec![n], vec![]);
    let ov = |n| ObjectVector {
        fixed: false,
        type_name: Default::default(),
        items: vec![n],
    };
    let m = Many {
        a: Xml("<a/>".into()),
        b: Xml("<b/>".into()),
        c: vi(1),
        d: vi(2),
        e: dict(1),
        f: dict(2),
        g: array(1),
        h: array(2),
        i: ov(1),
        j: ov(2),
        k: XmlDocument("<k/>".into()),
        l: Date::from_millis(3.0),
    };
    let bytes = to_vec(&m).unwrap();
    assert_eq!(from_slice::<Many>(&bytes).unwrap(), m, "{}", to_hex(&bytes));
    let many = vec![m.clone(), m.clone(), m];
    let bytes = to_vec(&many).unwrap();
    assert_eq!(from_slice::<Vec<Many>>(&bytes).unwrap(), many);
    // No object references at all: nothing was shared.
    let v: Value = from_slice(&bytes).unwrap();
    assert!(!v[0]["a"].ptr_eq(&v[1]["a"]));
}

// ------------------------------------------------------------------ JSON

#[test]
fn json_shapes() {
    check_json(
        &Date::from_millis(Y2020),
        "1577836800000.0",
        &Date::from_millis(Y2020),
    );
    assert_eq!(
        serde_json::from_str::<Date>("0").unwrap(),
        Date::from_millis(0.0)
    );
    check_json(&Date::from_millis(-1.5), "-1.5", &Date::from_millis(-1.5));
    check_json(
        &ByteArray(vec![1, 2, 255]),
        "[1,2,255]",
        &ByteArray(vec![1, 2, 255]),
    );
    check_json(&Xml("<a/>".into()), r#""<a/>""#, &Xml("<a/>".into()));
    check_json(
        &XmlDocument("<d/>".into()),
        r#""<d/>""#,
        &XmlDocument("<d/>".into()),
    );
    check_json(&Undefined, "null", &Undefined);
    // The fixed flag and the type name have no JSON form.
    check_json(
        &Vector {
            fixed: true,
            items: vec![4i32, -20, 12],
        },
        "[4,-20,12]",
        &Vector {
            fixed: false,
            items: vec![4, -20, 12],
        },
    );
    check_json(
        &Vector {
            fixed: false,
            items: vec![4u32, u32::MAX],
        },
        "[4,4294967295]",
        &Vector {
            fixed: false,
            items: vec![4, u32::MAX],
        },
    );
    check_json(
        &Vector {
            fixed: false,
            items: vec![4.3f64, -20.6],
        },
        "[4.3,-20.6]",
        &Vector {
            fixed: false,
            items: vec![4.3, -20.6],
        },
    );
    check_json(
        &ObjectVector {
            fixed: true,
            type_name: "org.amf.ASClass".into(),
            items: vec![AsClass {
                baz: None,
                foo: "foo".into(),
            }],
        },
        r#"[{"baz":null,"foo":"foo"}]"#,
        &ObjectVector {
            fixed: false,
            type_name: Default::default(),
            items: vec![AsClass {
                baz: None,
                foo: "foo".into(),
            }],
        },
    );
    check_json(
        &Dictionary {
            weak_keys: true,
            entries: vec![("k".to_owned(), 1i32), ("j".into(), 2)],
        },
        r#"{"k":1,"j":2}"#,
        &Dictionary {
            weak_keys: false,
            entries: vec![("k".to_owned(), 1), ("j".into(), 2)],
        },
    );
    check_json(
        &Dictionary {
            weak_keys: false,
            entries: vec![(1i32, "a".to_owned()), (2, "b".into())],
        },
        r#"[[1,"a"],[2,"b"]]"#,
        &Dictionary {
            weak_keys: false,
            entries: vec![(1, "a".to_owned()), (2, "b".into())],
        },
    );
    let assoc = Array::from_parts(
        vec!["bar1".to_owned(), "bar2".into()],
        vec![("asdf".into(), "fdsa".into()), ("42".into(), "bar".into())],
    );
    check_json(
        &assoc,
        r#"{"0":"bar1","1":"bar2","asdf":"fdsa","42":"bar"}"#,
        &assoc,
    );
    let dense = Array::from_parts(vec![1i32, 2], vec![]);
    check_json(&dense, "[1,2]", &dense);
}

#[test]
fn json_struct_of_every_wrapper() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct All {
        date: Date,
        bytes: ByteArray,
        xml: Xml,
        doc: XmlDocument,
        undef: Undefined,
        ints: Vector<i32>,
        uints: Vector<u32>,
        nums: Vector<f64>,
        objs: ObjectVector<i32>,
        by_name: Dictionary<String, i32>,
        by_int: Dictionary<i32, String>,
        arr: Array<String>,
    }
    let all = All {
        date: Date::from_millis(Y2020),
        bytes: ByteArray(vec![1, 2, 3]),
        xml: Xml("<a/>".into()),
        doc: XmlDocument("<d/>".into()),
        undef: Undefined,
        ints: Vector {
            fixed: false,
            items: vec![4, -20],
        },
        uints: Vector {
            fixed: false,
            items: vec![4],
        },
        nums: Vector {
            fixed: false,
            items: vec![4.3],
        },
        objs: ObjectVector {
            fixed: false,
            type_name: Default::default(),
            items: vec![1, 2],
        },
        by_name: Dictionary {
            weak_keys: false,
            entries: vec![("k".into(), 1)],
        },
        by_int: Dictionary {
            weak_keys: false,
            entries: vec![(1, "a".into())],
        },
        arr: Array::from_parts(vec!["x".into()], vec![("k".into(), "y".into())]),
    };
    let json = r#"{"date":1577836800000.0,"bytes":[1,2,3],"xml":"<a/>","doc":"<d/>","undef":null,"ints":[4,-20],"uints":[4],"nums":[4.3],"objs":[1,2],"by_name":{"k":1},"by_int":[[1,"a"]],"arr":{"0":"x","k":"y"}}"#;
    assert_eq!(serde_json::to_string(&all).unwrap(), json);
    assert_eq!(serde_json::from_str::<All>(json).unwrap(), all);
    // Through serde_json::Value as well.
    let j = serde_json::to_value(&all).unwrap();
    assert_eq!(serde_json::from_value::<All>(j).unwrap(), all);
}

// ------------------------------------------------------------------ Date

#[test]
fn date_to_system_time() {
    assert_eq!(
        Date::from_millis(Y2020).to_system_time(),
        Some(UNIX_EPOCH + Duration::from_secs(1_577_836_800))
    );
    assert_eq!(Date::from_millis(0.0).to_system_time(), Some(UNIX_EPOCH));
    assert_eq!(Date::from_millis(-0.0).to_system_time(), Some(UNIX_EPOCH));
    assert_eq!(
        Date::from_millis(0.5).to_system_time(),
        Some(UNIX_EPOCH + Duration::from_micros(500))
    );
    // Before 1970.
    assert_eq!(
        Date::from_millis(-1500.0).to_system_time(),
        Some(UNIX_EPOCH - Duration::from_millis(1500))
    );
    // 1969-07-20T20:17:40Z
    assert_eq!(
        Date::from_millis(-14_182_940_000.0).to_system_time(),
        Some(UNIX_EPOCH - Duration::from_secs(14_182_940))
    );
    // Not representable.
    assert_eq!(Date::from_millis(f64::NAN).to_system_time(), None);
    assert_eq!(Date::from_millis(f64::INFINITY).to_system_time(), None);
    assert_eq!(Date::from_millis(f64::NEG_INFINITY).to_system_time(), None);
    assert_eq!(Date::from_millis(1e300).to_system_time(), None);
    assert_eq!(Date::from_millis(-1e300).to_system_time(), None);
}

fn system_time(ms: i64) -> SystemTime {
    if ms < 0 {
        UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
    } else {
        UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs())
    }
}

#[test]
fn date_to_system_time_is_exact_for_whole_milliseconds() {
    for ms in [
        1_700_000_000_123i64,
        -1_700_000_000_123,
        1_577_836_800_001,
        123,
    ] {
        let d = Date::from_millis(ms as f64);
        assert_eq!(d.to_system_time(), Some(system_time(ms)), "{ms}");
    }
}

#[test]
fn date_from_system_time() {
    assert_eq!(Date::from(UNIX_EPOCH).millis(), 0.0);
    assert_eq!(
        Date::from(UNIX_EPOCH + Duration::from_secs(1_577_836_800)),
        Date::from_millis(Y2020)
    );
    assert_eq!(
        Date::from(UNIX_EPOCH + Duration::from_millis(1500)).millis(),
        1500.0
    );
    assert_eq!(
        Date::from(UNIX_EPOCH - Duration::from_millis(1500)).millis(),
        -1500.0
    );
    assert_eq!(
        Date::from(UNIX_EPOCH - Duration::from_secs(14_182_940)).millis(),
        -14_182_940_000.0
    );
    // Sub-millisecond precision is kept as a fraction.
    assert_eq!(
        Date::from(UNIX_EPOCH + Duration::from_micros(250)).millis(),
        0.25
    );
    // Round trips for whole milliseconds either side of the epoch.
    for ms in [-86_400_000i64, -1, 1, 1_500, -14_182_940_000] {
        let t = system_time(ms);
        let d = Date::from(t);
        assert_eq!(d.millis(), ms as f64);
        assert_eq!(d.to_system_time(), Some(t), "{ms}");
    }
    for ms in [1_700_000_000_123i64, -1_700_000_000_123] {
        assert_eq!(Date::from(system_time(ms)).millis(), ms as f64);
    }
    // Now survives the AMF3 round trip to the millisecond.
    let now = Date::from(SystemTime::now());
    let back: Date = from_slice(&to_vec(&now).unwrap()).unwrap();
    assert_eq!(back, now);
}

/// Dates decode natively (not through `Value`): a date by reference (`08 02`
/// names the second object, the date inside the array), a date inside a
/// struct, and AMF0 dates with their time zone.
#[test]
fn typed_dates_follow_references_and_keep_amf0_time_zones() {
    // [d, d] as Flash writes it for one Date object held twice.
    let bytes = hex("09 05 01 08 01 42 76 f5 e6 6e 80 00 00 08 02");
    let v: Vec<Date> = from_slice(&bytes).unwrap();
    assert_eq!(v, [Date::from_millis(Y2020), Date::from_millis(Y2020)]);
    // A reference to the array itself (index 0) is a cycle for `Date`.
    let err = from_slice::<Vec<Date>>(&hex("09 03 01 08 00")).unwrap_err();
    assert!(err.to_string().contains("byte offset 3"), "{err}");
    // AMF0 keeps the time-zone field of a typed date both ways.
    let d = Date::from_millis(5.0).with_timezone(-120);
    let bytes = amf_serde::amf0::to_vec(&d).unwrap();
    assert_eq!(bytes, hex("0b 40 14 00 00 00 00 00 00 ff 88"));
    let back: Date = amf_serde::amf0::from_slice(&bytes).unwrap();
    assert_eq!((back.millis(), back.timezone()), (5.0, -120));
}
