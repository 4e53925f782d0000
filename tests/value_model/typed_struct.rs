//! A `Value` field inside a typed struct, decoded and encoded.

use super::*;

// ---------------------------------------- (i) a Value inside a typed struct

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Env {
    id: i32,
    body: Value,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Env2 {
    v: Value,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Env3 {
    v: Value,
    w: Value,
}

#[test]
fn value_field_round_trips_with_shared_tables() {
    let env = Env {
        id: 7,
        body: amf_value!({"id": "x"}),
    };
    let bytes = to_vec(&env).unwrap();
    // The Value's member "id" is a reference to the struct's member name.
    assert_eq!(
        to_hex(&bytes),
        "0a 23 01 05 69 64 09 62 6f 64 79 04 07 0a 0b 01 00 06 03 78 01"
    );
    assert_eq!(from_slice::<Env>(&bytes).unwrap(), env);
    assert_eq!(amf_serde::from_reader::<_, Env>(&bytes[..]).unwrap(), env);
}

#[test]
fn value_field_with_shared_nodes_and_cycles() {
    // Shared node inside the Value: object indices count the struct (#0).
    let o = amf_value!({"a": 1});
    let env = Env {
        id: 1,
        body: arr(vec![o.clone(), o]),
    };
    let bytes = to_vec(&env).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "0a 23 01 05 69 64 09 62 6f 64 79 04 01 09 05 01 0a 0b 01 03 61 04 01 01 0a 04"
    );
    let back: Env = from_slice(&bytes).unwrap();
    assert_eq!(back, env);
    assert!(back.body[0].ptr_eq(&back.body[1]));

    // A cyclic Value inside a struct.
    let env = Env {
        id: 2,
        body: decode(&hex(SELF_CYCLE)),
    };
    let bytes = to_vec(&env).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "0a 23 01 05 69 64 09 62 6f 64 79 04 02 0a 0b 01 09 73 65 6c 66 0a 02 01"
    );
    let back: Env = from_slice(&bytes).unwrap();
    assert_eq!(back, env);
    assert!(back.body["self"].ptr_eq(&back.body));
}

#[test]
fn two_value_fields_holding_the_same_node() {
    let o = amf_value!({"a": 1});
    let pair = Env3 { v: o.clone(), w: o };
    let bytes = to_vec(&pair).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "0a 23 01 03 76 03 77 0a 0b 01 03 61 04 01 01 0a 02"
    );
    let back: Env3 = from_slice(&bytes).unwrap();
    assert_eq!(back, pair);
    assert!(back.v.ptr_eq(&back.w));
}

#[test]
fn value_field_referring_to_an_object_decoded_as_a_typed_value() {
    // [o, {v: ref o}] with o = {a: 1}.
    let bytes = hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 01 03 76 0a 02 01");
    let (o, env): (HashMap<String, i32>, Env2) = from_slice(&bytes).unwrap();
    assert_eq!(o, HashMap::from([("a".to_string(), 1)]));
    assert_eq!(env.v, anon(vec![("a", int(1))]));
    let (_, env): (serde_json::Value, Env2) = amf_serde::from_reader(&bytes[..]).unwrap();
    assert_eq!(env.v, anon(vec![("a", int(1))]));

    // [o, {v: ref o, w: ref o}]: both Values are the same node.
    let bytes = hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 01 03 76 0a 02 03 77 0a 02 01");
    let (o, env): (HashMap<String, i32>, Env3) = from_slice(&bytes).unwrap();
    assert_eq!(o["a"], 1);
    assert_eq!(env.v, anon(vec![("a", int(1))]));
    assert!(env.v.ptr_eq(&env.w));
}

#[test]
fn typed_field_referring_to_an_object_decoded_as_a_value() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct R {
        v: Value,
        o: HashMap<String, i32>,
    }
    // {v: o, o: ref o} with o = {a: 1}.
    let bytes = hex("0a 0b 01 03 76 0a 01 03 61 04 01 01 03 6f 0a 02 01");
    let r: R = from_slice(&bytes).unwrap();
    assert_eq!(r.v, anon(vec![("a", int(1))]));
    assert_eq!(r.o, HashMap::from([("a".to_string(), 1)]));
}

/// The decoders' object tables hold only weak handles on the nodes they
/// built: a node that the caller dropped before a later reference to it is
/// read again from its bytes, and the reference still decodes to it.
#[test]
fn reference_to_a_node_the_caller_dropped_is_read_again() {
    fn drop_value<'de, D: serde::Deserializer<'de>>(d: D) -> Result<(), D::Error> {
        Value::deserialize(d).map(drop)
    }
    #[derive(Deserialize)]
    struct Pair {
        #[serde(deserialize_with = "drop_value")]
        first: (),
        second: Value,
        third: Value,
    }
    // {first: o, second: <ref 1>, third: <ref 2>} with o = {a: 1} and the
    // date d = 1.0 inside it: 0a 23 ... sealed members first/second/third.
    let bytes = hex(
        "0a 33 01 0b 66 69 72 73 74 0d 73 65 63 6f 6e 64 0b 74 68 69 72 64 \
         0a 0b 01 03 61 04 01 03 64 08 01 3f f0 00 00 00 00 00 00 01 \
         0a 02 08 04",
    );
    let p: Pair = from_slice(&bytes).unwrap();
    let _: () = p.first;
    let date = Value::Date(Arc::new(amf_serde::types::Date::from_millis(1.0)));
    assert_eq!(p.second, anon(vec![("a", int(1)), ("d", date.clone())]));
    assert_eq!(p.third, date);
}
