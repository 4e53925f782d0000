//! Issue 16: the `Value` API a serde_json user expects, `amf_value!`, one
//! `Options` design, one way a `Value` is written.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use amf_serde::options::Amf0Bytes;
use amf_serde::types::{Array, EcmaArray, Members, Object};
use amf_serde::{amf_value, Options, Value};
use amf_serde_tests::{hex, to_hex};
use serde::Serialize;
use serde_json::json;

fn to_json(v: &Value) -> serde_json::Value {
    serde_json::Value::try_from(v).unwrap()
}

// ------------------------------------------------ differential vs serde_json

/// Runs the same source text on a `serde_json::Value` and an
/// `amf_serde::Value` built from the same JSON, and compares both the
/// observation each edit returns and the edited values (through the JSON
/// conversion).
macro_rules! same_edits {
    ($($name:literal: $start:tt => |$v:ident| $body:block;)*) => {{
        let mut checked = 0;
        $(
            let start = json!($start);
            let mut j = start.clone();
            let mut a = Value::from(start.clone());
            let jo = {
                let $v: &mut serde_json::Value = &mut j;
                serde_json::to_value($body).unwrap()
            };
            let ao = {
                let $v: &mut Value = &mut a;
                serde_json::to_value($body).unwrap()
            };
            assert_eq!(ao, jo, "{}: what the edit returned", $name);
            assert_eq!(to_json(&a), j, "{}: the edited value", $name);
            checked += 1;
        )*
        checked
    }};
}

#[test]
#[allow(clippy::cmp_owned)] // comparing with a `String` is one of the edits
fn same_edits_as_serde_json() {
    let n = same_edits! {
        "index a missing key": {"a": 1} => |v| { v["nope"].clone() };
        "index out of bounds": [1] => |v| { v[5].clone() };
        "index into a scalar": 1 => |v| { v["a"].clone() };
        "IndexMut inserts a missing key": {"a": 1} => |v| { v["b"] = 2.into(); v["b"].clone() };
        "IndexMut replaces in place": {"a": 1, "b": 2} => |v| { v["a"] = "x".into(); Option::<u8>::None };
        "IndexMut on null makes an object": null => |v| { v["a"]["b"] = true.into(); Option::<u8>::None };
        "IndexMut on a position": [1, 2, 3] => |v| { v[1] = json_null(); Option::<u8>::None };
        "get": {"a": [10, 20]} => |v| { (v.get("a").is_some(), v.get("z").is_none(), v["a"].get(1).cloned()) };
        "get_mut": {"a": {"b": 1}} => |v| {
            if let Some(b) = v.get_mut("a").and_then(|a| a.get_mut("b")) { *b = 5.into(); }
            v.get_mut("zz").is_none()
        };
        "get_mut of a position": [[1], [2]] => |v| { *v.get_mut(1).unwrap() = "two".into(); v.get_mut(9).is_none() };
        "pointer": {"x": {"y": [1, {"z": "deep"}]}, "a/b": 1, "m~n": 2} => |v| {
            (v.pointer("/x/y/1/z").cloned(), v.pointer("/a~1b").cloned(), v.pointer("/m~0n").cloned(),
             v.pointer("").is_some(), v.pointer("x").is_none(), v.pointer("/x/y/01").is_none(),
             v.pointer("/x/y/9").is_none())
        };
        "pointer_mut": {"x": {"y": [1, 2]}} => |v| {
            *v.pointer_mut("/x/y/0").unwrap() = "first".into();
            v.pointer_mut("/x/q").is_none()
        };
        "take": {"a": [1, 2], "b": 3} => |v| { let t = v["a"].take(); (t, v["a"].is_null()) };
        "as_object_mut insert and remove": {"a": 1, "b": 2, "c": 3} => |v| {
            let o = v.as_object_mut().unwrap();
            let old = o.insert("b".to_string(), "B".into());
            let gone = o.remove("a");
            (old, gone, o.len(), o.contains_key("c"))
        };
        "as_array_mut push, insert, remove, truncate": [1, 2, 3] => |v| {
            let a = v.as_array_mut().unwrap();
            a.push(4.into());
            a.insert(0, 0.into());
            let r = a.remove(2);
            a.truncate(3);
            (r, a.len())
        };
        "as_array iterate": [1, "a", null] => |v| { v.as_array().unwrap().iter().map(|x| x.is_null()).collect::<Vec<_>>() };
        "predicates": {"s": "x", "n": 1, "f": 1.5, "b": true, "o": {}, "a": [], "z": null} => |v| {
            ["s", "n", "f", "b", "o", "a", "z"].map(|k| {
                let x = &v[k];
                [x.is_string(), x.is_number(), x.is_f64(), x.is_boolean(), x.is_object(), x.is_array(), x.is_null()]
            })
        };
        "number accessors": [1, -1, 2.5, 4294967296.5, "7"] => |v| {
            (0..5).map(|i| (v[i].as_i64(), v[i].as_u64(), v[i].as_f64())).collect::<Vec<_>>()
        };
        "as_str and as_bool": ["s", true, 1] => |v| { (v[0].as_str(), v[1].as_bool(), v[2].as_str(), v[0].as_bool()) };
        "comparisons": {"s": "x", "n": 3, "f": 0.5, "b": false} => |v| {
            (v["s"] == "x", v["s"] == *"x", v["s"] == String::from("x"), "x" == v["s"],
             v["n"] == 3, v["n"] == 3u8, v["n"] == 3usize, v["n"] == 3i64, 3 == v["n"], v["n"] == 4,
             v["f"] == 0.5, v["b"] == false, v["s"] == 3, v["n"] == "3")
        };
        "object iteration order": {"b": 1, "a": 2, "c": 3} => |v| {
            v.as_object().unwrap().keys().map(|k| k.to_string()).collect::<Vec<_>>()
        };
        "nested edits through IndexMut": {"list": [{"n": 1}, {"n": 2}]} => |v| {
            v["list"][1]["n"] = 20.into();
            v["list"][0]["extra"] = json_list();
            Option::<u8>::None
        };
    };
    assert_eq!(n, 22);
}

/// `null` for either value type (the table's bodies are compiled twice).
fn json_null<T: From<Option<u8>>>() -> T {
    T::from(None)
}

fn json_list<T: From<Vec<i32>>>() -> T {
    T::from(vec![1, 2])
}

#[test]
#[should_panic(expected = "cannot access index 3 of AMF array")]
fn index_mut_out_of_bounds_panics_like_serde_json() {
    let mut v = amf_value!([1, 2]);
    v[3] = 1.into();
}

#[test]
#[should_panic(expected = "cannot access key \"a\" in AMF integer")]
fn index_mut_key_into_a_number_panics_like_serde_json() {
    let mut v = amf_value!(1);
    v["a"] = 1.into();
}

// ----------------------------------------------------------- shared nodes

#[test]
fn mutation_of_an_unshared_node_is_in_place() {
    let mut v = amf_value!({"a": {"b": 1}});
    let before = Arc::as_ptr(match &v["a"] {
        Value::Object(o) => o,
        _ => unreachable!(),
    });
    v["a"]["b"] = 2.into();
    let after = match &v["a"] {
        Value::Object(o) => Arc::as_ptr(o),
        _ => unreachable!(),
    };
    assert_eq!(before, after, "no copy when nobody else holds the node");
    assert_eq!(v["a"]["b"], 2);
}

#[test]
fn mutation_through_one_holder_of_a_shared_node_copies_it() {
    // [o, o] decoded from AMF3: the second element is a reference.
    let bytes = hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 02");
    let mut v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert!(v[0].ptr_eq(&v[1]));
    v[1]["a"] = 2.into();
    assert_eq!((v[0]["a"].clone(), v[1]["a"].clone()), (1.into(), 2.into()));
    assert!(!v[0].ptr_eq(&v[1]));
    // Now two objects: written without a reference.
    assert_eq!(
        to_hex(&amf_serde::to_vec(&v).unwrap()),
        "09 05 01 0a 0b 01 03 61 04 01 01 0a 01 00 04 02 01"
    );
    // A failed lookup copies nothing.
    let mut w: Value = amf_serde::from_slice(&bytes).unwrap();
    assert!(w.get_mut(0).unwrap().get_mut("missing").is_none());
    assert!(w[0].ptr_eq(&w[1]));
    // A value cloned by the user is another holder too.
    let original = amf_value!({"k": [1]});
    let mut copy = original.clone();
    copy["k"][0] = 9.into();
    assert_eq!(original["k"][0], 1);
    assert_eq!(copy["k"][0], 9);
}

#[test]
fn mutation_detaches_a_node_from_a_cycle_pointing_at_it() {
    // a = [a]
    let mut v: Value = amf_serde::from_slice(&hex("09 03 01 09 00")).unwrap();
    let Value::Cycle(c) = &v[0] else {
        panic!("expected a cycle")
    };
    assert!(c.upgrade().is_some());
    v.as_array_mut().unwrap().push(1.into());
    let Value::Cycle(c) = &v[0] else {
        panic!("expected a cycle")
    };
    assert!(
        c.upgrade().is_none(),
        "the cycle no longer reaches the node"
    );
}

// ---------------------------------------------------------------- lookup

#[test]
fn member_lookup_on_a_large_object_keeps_order() {
    let mut o: Object = Object::anonymous((0..10_000).map(|i| (format!("k{i}"), Value::from(i))));
    for i in (0..10_000).step_by(997) {
        assert_eq!(o.get(&format!("k{i}")), Some(&Value::from(i)));
    }
    assert_eq!(o.insert("k5", Value::Null), Some(Value::from(5)));
    assert_eq!(o.insert("new", Value::from(1)), None);
    assert_eq!(o.remove("k0"), Some(Value::from(0)));
    let keys: Vec<&str> = o.keys().map(|k| k.as_str()).take(3).collect();
    assert_eq!(keys, ["k1", "k2", "k3"]);
    assert_eq!(o.keys().last().map(|k| k.as_str()), Some("new"));
    assert_eq!(o.get("k5"), Some(&Value::Null));
    assert_eq!(o.get("k9999"), Some(&Value::from(9999)));
    // Sealed members come first and are found too.
    let mut typed = Object::sealed("C", [("s", Value::from(1))]);
    typed.insert("d", Value::from(2));
    assert_eq!(typed.sealed.len(), 1);
    assert_eq!(typed.dynamic.as_ref().map(|d| d.len()), Some(1));
    assert_eq!(
        (typed.get("s"), typed.get("d")),
        (Some(&1.into()), Some(&2.into()))
    );
    // The encoding follows the member order.
    let v = Value::from(typed);
    assert_eq!(
        to_hex(&amf_serde::to_vec(&v).unwrap()),
        "0a 1b 03 43 03 73 04 01 03 64 04 02 01"
    );
}

#[test]
fn repeated_member_names_from_the_wire_are_kept() {
    // {a: 1, a: 2} as Flash could write it: both kept, lookups see the first.
    let bytes = hex("0a 0b 01 03 61 04 01 00 04 02 01");
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(v["a"], 1);
    assert_eq!(v.as_object().unwrap().len(), 2);
    assert_eq!(
        to_hex(&amf_serde::to_vec(&v).unwrap()),
        "0a 0b 01 03 61 04 01 00 04 02 01"
    );
}

// ----------------------------------------------------------- conversions

#[test]
fn conversions_from_rust_values() {
    assert_eq!(Value::from(7u8), Value::Integer(7));
    assert_eq!(Value::from(-7i16), Value::Integer(-7));
    assert_eq!(Value::from(1u32 << 30), Value::Double(1_073_741_824.0));
    assert_eq!(Value::from('x'), Value::String("x".into()));
    assert_eq!(Value::from(()), Value::Null);
    assert_eq!(Value::try_from(5usize).unwrap(), Value::Integer(5));
    assert_eq!(
        Value::try_from(-(1isize << 40)).unwrap(),
        Value::Double(-1_099_511_627_776.0)
    );
    let err = Value::try_from(usize::MAX).unwrap_err();
    assert!(err.to_string().contains("18446744073709551615"), "{err}");
    assert_eq!(Value::from(vec![1u8, 2]), amf_value!([1, 2]));
    assert_eq!(Value::from(&["a", "b"][..]), amf_value!(["a", "b"]));
    assert_eq!(Value::from([true, false]), amf_value!([true, false]));
    assert_eq!(Value::from(Some(1)), 1);
    assert_eq!(Value::from(None::<i32>), Value::Null);
    let m: BTreeMap<&str, i32> = [("b", 2), ("a", 1)].into();
    assert_eq!(Value::from(m), amf_value!({"a": 1, "b": 2}));
    let h: HashMap<String, bool> = [("k".to_string(), true)].into();
    assert_eq!(Value::from(h), amf_value!({"k": true}));
    let arr: Value = (1..=3).collect();
    assert_eq!(arr, amf_value!([1, 2, 3]));
    let obj: Value = [("x", 1), ("y", 2), ("x", 3)].into_iter().collect();
    assert_eq!(obj, amf_value!({"x": 3, "y": 2}));
    let members: Members = [("a", Value::from(1))].into_iter().collect();
    assert_eq!(Value::from(members), amf_value!({"a": 1}));
}

#[test]
fn array_exposes_a_slice_and_vec_methods() {
    let mut a = Array::from(vec![Value::from(1)]);
    a.push(2.into());
    a.extend([Value::from(3)]);
    a.assoc_mut().insert("k", "v".into());
    assert_eq!(a.len(), 3);
    assert_eq!(a.as_slice(), [Value::from(1), 2.into(), 3.into()]);
    a[0] = 0.into();
    assert_eq!(a.iter().filter_map(Value::as_i64).sum::<i64>(), 5);
    assert_eq!(a.pop(), Some(3.into()));
    let v = Value::from(a);
    assert_eq!(
        to_hex(&amf_serde::to_vec(&v).unwrap()),
        "09 05 03 6b 06 03 76 01 04 00 04 02"
    );
    let (dense, assoc) = v.as_array().unwrap().clone().into_parts();
    assert_eq!((dense.len(), assoc.len()), (2, 1));
}

// ----------------------------------------------------------- amf_value!

#[derive(Serialize)]
struct Point {
    x: i32,
    y: i32,
}

#[test]
fn amf_value_takes_every_json_form() {
    let code = 200;
    let features = ["serde", "json"];
    let key = String::from("dyn");
    let v = amf_value!({
        "code": code,
        "success": code == 200,
        "payload": {
            features[0]: features[1],
            key.as_str(): [1usize, 2u64, -3i64,],
        },
        "point": Point { x: 1, y: 2 },
        "vec": vec![1, 2],
        "nested": [[], {}, [null, undefined], {"a": {"b": [1.5]}}],
        "value": amf_value!([true]),
        "dup": 1,
        "dup": 2,
    });
    assert_eq!(
        to_json(&v),
        json!({
            "code": 200, "success": true,
            "payload": {"serde": "json", "dyn": [1, 2, -3]},
            "point": {"x": 1, "y": 2}, "vec": [1, 2],
            "nested": [[], {}, [null, null], {"a": {"b": [1.5]}}],
            "value": [true], "dup": 2,
        })
    );
    assert_eq!(v["nested"][2][1], Value::Undefined);
    // A struct inside is a sealed object, as to_value writes it.
    assert_eq!(
        v["point"],
        amf_serde::to_value(&Point { x: 1, y: 2 }).unwrap()
    );
    assert_eq!(amf_value!([1, 2, 3,]), Value::from(vec![1, 2, 3]));
    assert_eq!(amf_value!(null), Value::Null);
    assert_eq!(amf_value!("s"), "s");
    assert_eq!(amf_value!(1usize), 1);
    assert_eq!(amf_value!([[1, 2].len()]), amf_value!([2]));
    let members = amf_value!({"b": 1, "a": 2});
    let keys: Vec<&str> = members
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, ["b", "a"]);
}

#[test]
#[should_panic(
    expected = "amf_value!: integer 9007199254740993 cannot be written as an AMF double"
)]
fn amf_value_panics_like_json_on_an_unrepresentable_value() {
    let _ = amf_value!({"big": 9_007_199_254_740_993u64});
}

// ------------------------------------------------------------- Amf3 wrapper

#[test]
fn the_amf0_switch_wrapper_does_not_get_in_the_way() {
    // 11 06 03 61: "a" behind the AMF3 switch; 11 0a 0b 01 ...: {n: 1}.
    // The decoder returns the value behind the switch bare: matching works.
    let s: Value = amf_serde::amf0::from_slice(&hex("11 06 03 61")).unwrap();
    assert!(matches!(s, Value::String(ref x) if x == "a"));
    assert_eq!(s, Value::String("a".into()));
    assert_eq!(s, "a");
    assert_eq!(s.as_str(), Some("a"));
    assert!(s.is_string());
    let x: Value = amf_serde::amf0::from_slice(b"\x11\x06\x03x").unwrap();
    assert!(matches!(x, Value::String(_)));
    let bytes = hex("11 0a 0b 01 03 6e 04 01 01");
    let mut o: Value = amf_serde::amf0::from_slice(&bytes).unwrap();
    assert!(matches!(o, Value::Object(_)));
    assert_eq!(o["n"], 1);
    o["n"] = 2.into();
    // The carrier (here the caller; a remoting `Body` says `is_amf3`)
    // writes the switch back: `0x11` + the AMF3 encoding.
    let mut again = vec![0x11];
    again.extend(amf_serde::to_vec(&o).unwrap());
    assert_eq!(to_hex(&again), "11 0a 0b 01 03 6e 04 02 01");
    let body = amf_serde::remoting::Body::from_bytes(&bytes[..]).unwrap();
    assert!(body.is_amf3());
    assert_eq!(
        to_hex(amf_serde::remoting::Body::amf3(&o).unwrap().as_bytes()),
        "11 0a 0b 01 03 6e 04 02 01"
    );
    // A value built with the mark (what the decoder gives with
    // `with_switch_marks(true)`) is still seen through by the whole API.
    let mut m = Value::Amf3(Box::new(amf_value!({"n": 1})));
    assert_eq!(m["n"], 1);
    assert_eq!(m.get("n"), Some(&Value::Integer(1)));
    assert_eq!(m.pointer("/n"), Some(&Value::Integer(1)));
    assert!(m.is_object() && m.as_object().is_some());
    assert_eq!(m, amf_value!({"n": 1}));
    assert_eq!(amf_value!({"n": 1}), m);
    assert_eq!(Value::Amf3(Box::new("a".into())), "a");
    assert_eq!(Value::Amf3(Box::new(5.into())).as_i64(), Some(5));
    m["n"] = 2.into();
    assert_eq!(
        to_hex(&amf_serde::amf0::to_vec(&m).unwrap()),
        "11 0a 0b 01 03 6e 04 02 01"
    );
    let marked: Value = Options::new()
        .with_switch_marks(true)
        .amf0_from_slice(&bytes)
        .unwrap();
    assert!(matches!(marked, Value::Amf3(_)));
    assert_eq!(amf_serde::amf0::to_vec(&marked).unwrap(), bytes);
    // A Flash remoting response: decoded and written back unchanged.
    let flash = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/rocketamf/objects/amf0-complex-encoded-string.bin"
    ))
    .unwrap();
    let v: Value = amf_serde::amf0::from_slice(&flash).unwrap();
    assert_eq!(amf_serde::amf0::to_vec(&v).unwrap(), flash);
    // AMF3-only kinds behind the switch need no wrapper.
    let b: Value = amf_serde::amf0::from_slice(&hex("11 0c 05 01 02")).unwrap();
    assert!(matches!(b, Value::ByteArray(_)));
    assert_eq!(
        to_hex(&amf_serde::amf0::to_vec(&b).unwrap()),
        "11 0c 05 01 02"
    );
}

// ---------------------------------------------------------------- Options

#[test]
fn every_entry_point_takes_options_and_honours_them() {
    let short = Options::new().with_max_string_len(2);
    let amf3 = hex("06 07 61 62 63");
    let amf0 = hex("02 00 03 61 62 63");
    let limit = "exceeds the limit of 2";
    let msg = |r: Result<String, amf_serde::Error>| r.unwrap_err().to_string();
    assert!(msg(amf_serde::from_slice_with(&amf3, &short)).contains(limit));
    assert!(msg(amf_serde::amf3::from_reader_with(&amf3[..], &short)).contains(limit));
    assert!(msg(amf_serde::amf0::from_slice_with(&amf0, &short)).contains(limit));
    assert!(msg(amf_serde::amf0::from_reader_with(&amf0[..], &short)).contains(limit));
    assert!(msg(short.from_slice(&amf3)).contains(limit));
    assert!(msg(short.amf0_from_slice(&amf0)).contains(limit));
    use serde::Deserialize;
    let mut de =
        amf_serde::amf3::Deserializer::with_options(amf_serde::read::SliceRead::new(&amf3), &short);
    assert!(String::deserialize(&mut de)
        .unwrap_err()
        .to_string()
        .contains(limit));
    let mut de =
        amf_serde::amf0::Deserializer::with_options(amf_serde::read::SliceRead::new(&amf0), &short);
    assert!(String::deserialize(&mut de)
        .unwrap_err()
        .to_string()
        .contains(limit));

    // The AMF0 byte mode through every AMF0 encoding entry point.
    let numbers = Options::new().with_amf0_bytes(Amf0Bytes::NumberArray);
    let b = serde_bytes::Bytes::new(&[7]);
    let expected = "0a 00 00 00 01 00 40 1c 00 00 00 00 00 00";
    assert_eq!(
        to_hex(&amf_serde::amf0::to_vec_with(&b, &numbers).unwrap()),
        expected
    );
    let mut out = Vec::new();
    amf_serde::amf0::to_writer_with(&mut out, &b, &numbers).unwrap();
    assert_eq!(to_hex(&out), expected);
    let mut out = Vec::new();
    numbers.amf0_to_writer(&mut out, &b).unwrap();
    assert_eq!(to_hex(&out), expected);
    let mut ser = amf_serde::amf0::Serializer::with_options(Vec::new(), &numbers);
    b.serialize(&mut ser).unwrap();
    assert_eq!(to_hex(&ser.into_inner()), expected);
    assert_eq!(to_hex(&numbers.amf0_to_vec(&b).unwrap()), expected);

    // AMF3 encoding: the same names, the same bytes as without options
    // (no setting concerns it).
    let v = vec![Point { x: 1, y: 2 }];
    let plain = amf_serde::to_vec(&v).unwrap();
    assert_eq!(amf_serde::to_vec_with(&v, &numbers).unwrap(), plain);
    assert_eq!(numbers.to_vec(&v).unwrap(), plain);
    let mut out = Vec::new();
    amf_serde::to_writer_with(&mut out, &v, &numbers).unwrap();
    assert_eq!(out, plain);
    let mut out = Vec::new();
    numbers.to_writer(&mut out, &v).unwrap();
    assert_eq!(out, plain);
    let mut ser = amf_serde::amf3::Serializer::with_options(Vec::new(), &numbers);
    ser.serialize_value(&v).unwrap();
    assert_eq!(ser.into_inner(), plain);

    // to_value_with / from_value_with
    let tv = amf_serde::to_value_with(&Point { x: 1, y: 2 }, &numbers).unwrap();
    assert_eq!(tv, amf_serde::to_value(&Point { x: 1, y: 2 }).unwrap());
}

#[amf_serde::amf(alias = "com.example.P")]
#[derive(serde::Deserialize, Debug, PartialEq)]
struct Aliased {
    x: i32,
}

#[test]
fn from_value_with_honours_strict_aliases() {
    let anonymous = amf_value!({"x": 1});
    assert_eq!(
        amf_serde::from_value::<Aliased>(anonymous.clone()).unwrap(),
        Aliased { x: 1 }
    );
    let strict = Options::new().with_strict_aliases(true);
    let err = amf_serde::from_value_with::<Aliased>(anonymous.clone(), &strict).unwrap_err();
    assert!(err.to_string().contains("com.example.P"), "{err}");
    // The setting ends with the call.
    assert!(amf_serde::from_value::<Aliased>(anonymous).is_ok());
    let typed = Value::from(Object::sealed("com.example.P", [("x", Value::from(2))]));
    assert_eq!(
        amf_serde::from_value_with::<Aliased>(typed, &strict).unwrap(),
        Aliased { x: 2 }
    );
}

// ------------------------------------------------ one way to write a Value

#[test]
fn every_entry_point_writes_a_value_the_same_way() {
    #[derive(Serialize)]
    struct Holder {
        v: Value,
    }
    let shared = amf_value!({"n": 1});
    let values = [
        Value::Null,
        Value::Undefined,
        Value::Bool(true),
        Value::Integer(5),
        Value::Integer(1 << 29), // outside AMF3's integer range
        Value::Double(1.0),
        Value::String("s".into()),
        Value::from(vec![shared.clone(), shared]),
        Value::Amf3(Box::new(Value::String("a".into()))),
        Value::Amf3(Box::new(amf_value!([1]))),
        Value::from(EcmaArray {
            length: 7,
            entries: vec![("a".into(), 1.into())].into(),
        }),
        amf_value!({"a": [1, {"b": "c"}], "d": null}),
        // Typed objects with sealed traits, at the top and nested.
        Value::from(Object::sealed("com.example.P", [("x", Value::from(2))])),
        Value::from(vec![
            Value::from(Object::sealed("com.example.P", [("x", Value::from(2))])),
            Value::from(Object::sealed("com.example.P", [("x", Value::from(3))])),
        ]),
    ];
    for v in &values {
        let to_vec = amf_serde::to_vec(v).unwrap();
        let mut a = amf_serde::amf3::Serializer::new(Vec::new());
        v.serialize(&mut a).unwrap();
        let mut b = amf_serde::amf3::Serializer::new(Vec::new());
        b.serialize_value(v).unwrap();
        assert_eq!(
            (a.into_inner(), b.into_inner()),
            (to_vec.clone(), to_vec.clone()),
            "{v}"
        );
        // Inside a typed container and inside a Value container alike.
        let typed = amf_serde::to_vec(&vec![v.clone()]).unwrap();
        assert_eq!(
            typed,
            amf_serde::to_vec(&Value::from(vec![v.clone()])).unwrap(),
            "{v}"
        );
        let field = amf_serde::to_vec(&Holder { v: v.clone() }).unwrap();
        let sealed = Value::from(Object::sealed("", [("v", v.clone())]));
        assert_eq!(field, amf_serde::to_vec(&sealed).unwrap(), "{v}");

        let to_vec = amf_serde::amf0::to_vec(v).unwrap();
        let mut a = amf_serde::amf0::Serializer::new(Vec::new());
        v.serialize(&mut a).unwrap();
        let mut b = amf_serde::amf0::Serializer::new(Vec::new());
        b.serialize_value(v).unwrap();
        assert_eq!(
            (a.into_inner(), b.into_inner()),
            (to_vec.clone(), to_vec),
            "{v}"
        );
        // And a decoded value writes back what it came from.
        let back: Value = amf_serde::from_slice(&amf_serde::to_vec(v).unwrap()).unwrap();
        assert_eq!(
            amf_serde::to_vec(&back).unwrap(),
            amf_serde::to_vec(v).unwrap()
        );
    }
}
