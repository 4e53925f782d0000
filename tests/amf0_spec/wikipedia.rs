//! The AMF0 examples from the Wikipedia article, byte for byte.

use super::*;

// --------------------------------------------------------------- Wikipedia

const PERSON: &str = "03 00 04 6e 61 6d 65 02 00 04 4d 69 6b 65 \
                      00 03 61 67 65 00 40 3e 00 00 00 00 00 00 \
                      00 05 61 6c 69 61 73 02 00 04 4d 69 6b 65 00 00 09";

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Person {
    name: String,
    age: f64,
    alias: String,
}

#[test]
fn wikipedia_person() {
    let p = Person {
        name: "Mike".into(),
        age: 30.0,
        alias: "Mike".into(),
    };
    both_ways(&p, PERSON);
    let v = value_roundtrip(PERSON);
    assert_eq!(
        v,
        obj(vec![
            ("name", s("Mike")),
            ("age", d(30.0)),
            ("alias", s("Mike"))
        ])
    );
    assert_eq!(
        decode::<serde_json::Value>(PERSON),
        json!({"name": "Mike", "age": 30.0, "alias": "Mike"})
    );
}

const RTMP_HEADER: &str = "03 00 00 00 00 01 05 14 00 00 00 00";

/// The RTMP `_result` message from the Wikipedia article, header included.
const RESULT_MESSAGE: &str = "03 00 00 00 00 01 05 14 00 00 00 00 02 00 07 5F 72 65 73 75 6C 74 00 3F F0 00 00 00 00 00 00 03 00 06 66 6D 73 56 65 72 02 00 0E 46 4D 53 2F 33 2C 35 2C 35 2C 32 30 30 34 00 0C 63 61 70 61 62 69 6C 69 74 69 65 73 00 40 3F 00 00 00 00 00 00 00 04 6D 6F 64 65 00 3F F0 00 00 00 00 00 00 00 00 09 03 00 05 6C 65 76 65 6C 02 00 06 73 74 61 74 75 73 00 04 63 6F 64 65 02 00 1D 4E 65 74 43 6F 6E 6E 65 63 74 69 6F 6E 2E 43 6F 6E 6E 65 63 74 2E 53 75 63 63 65 73 73 00 0B 64 65 73 63 72 69 70 74 69 6F 6E 02 00 15 43 6F 6E 6E 65 63 74 69 6F 6E 20 73 75 63 63 65 65 64 65 64 2E 00 04 64 61 74 61 08 00 00 00 01 00 07 76 65 72 73 69 6F 6E 02 00 0A 33 2C 35 2C 35 2C 32 30 30 34 00 00 09 00 08 63 6C 69 65 6E 74 49 64 00 41 D7 9B 78 7C C0 00 00 00 0E 6F 62 6A 65 63 74 45 6E 63 6F 64 69 6E 67 00 40 08 00 00 00 00 00 00 00 00 09";

/// The AMF0 part of the `_result` message: four values.
fn result_command() -> Vec<u8> {
    let all = hex(RESULT_MESSAGE);
    let header = hex(RTMP_HEADER);
    assert_eq!(all[..12], header[..]);
    all[12..].to_vec()
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Connect {
    #[serde(rename = "fmsVer")]
    fms_ver: String,
    capabilities: f64,
    mode: f64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Status<D> {
    level: String,
    code: String,
    description: String,
    data: D,
    #[serde(rename = "clientId")]
    client_id: f64,
    #[serde(rename = "objectEncoding")]
    object_encoding: f64,
}

fn connect() -> Connect {
    Connect {
        fms_ver: "FMS/3,5,5,2004".into(),
        capabilities: 31.0,
        mode: 1.0,
    }
}

fn status<D>(data: D) -> Status<D> {
    Status {
        level: "status".into(),
        code: "NetConnection.Connect.Success".into(),
        description: "Connection succeeded.".into(),
        data,
        client_id: 1_584_259_571.0,
        object_encoding: 3.0,
    }
}

fn version_ecma() -> Value {
    ecma(1, vec![("version", s("3,5,5,2004"))])
}

#[test]
fn wikipedia_result_command_as_value_stream() {
    let bytes = result_command();
    let values: Vec<Value> = amf0::Deserializer::from_slice(&bytes)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(values.len(), 4);
    assert_eq!(values[0], s("_result"));
    assert_eq!(values[1], d(1.0));
    assert_eq!(
        values[2],
        obj(vec![
            ("fmsVer", s("FMS/3,5,5,2004")),
            ("capabilities", d(31.0)),
            ("mode", d(1.0)),
        ])
    );
    assert_eq!(
        values[3],
        obj(vec![
            ("level", s("status")),
            ("code", s("NetConnection.Connect.Success")),
            ("description", s("Connection succeeded.")),
            ("data", version_ecma()),
            ("clientId", d(1_584_259_571.0)),
            ("objectEncoding", d(3.0)),
        ])
    );
    assert_eq!(values[3]["data"]["version"].as_str(), Some("3,5,5,2004"));

    // The same through a reader, and with offsets between values.
    let from_reader: Vec<Value> = amf0::Deserializer::from_reader(bytes.as_slice())
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(from_reader, values);
    let mut it = amf0::Deserializer::from_slice(&bytes).into_iter::<IgnoredAny>();
    let mut offsets = Vec::new();
    while let Some(r) = it.next() {
        r.unwrap();
        offsets.push(it.byte_offset());
    }
    assert_eq!(offsets, [10, 19, 86, bytes.len()]);

    // Written back value by value: the same bytes.
    let mut ser = amf0::Serializer::new(Vec::new());
    for v in &values {
        ser.serialize_value(v).unwrap();
    }
    assert_eq!(to_hex(&ser.into_inner()), to_hex(&bytes));
}

#[test]
fn wikipedia_result_command_typed() {
    let bytes = result_command();
    let mut de = amf0::Deserializer::from_slice(&bytes);
    let name = String::deserialize(&mut de).unwrap();
    let id = f64::deserialize(&mut de).unwrap();
    let props = Connect::deserialize(&mut de).unwrap();
    let info = Status::<HashMap<String, String>>::deserialize(&mut de).unwrap();
    de.end().unwrap();
    assert_eq!(name, "_result");
    assert_eq!(id, 1.0);
    assert_eq!(props, connect());
    assert_eq!(
        info,
        status(HashMap::from([(
            "version".to_owned(),
            "3,5,5,2004".to_owned()
        )]))
    );
    assert_eq!(info.client_id, 1_584_259_571.0);

    // Borrowing, from a reader, and as a tuple-like stream of u32/i64.
    let mut de = amf0::Deserializer::from_reader(bytes.as_slice());
    assert_eq!(String::deserialize(&mut de).unwrap(), "_result");
    assert_eq!(u32::deserialize(&mut de).unwrap(), 1);
    assert_eq!(Connect::deserialize(&mut de).unwrap(), connect());
    let st = Status::<BTreeMap<String, String>>::deserialize(&mut de).unwrap();
    assert_eq!(st.data["version"], "3,5,5,2004");
    de.end().unwrap();

    // Re-encoded value by value with `amf0::Serializer`: identical bytes.
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value("_result").unwrap();
    ser.serialize_value(&1.0).unwrap();
    ser.serialize_value(&connect()).unwrap();
    ser.serialize_value(&status(version_ecma())).unwrap();
    assert_eq!(to_hex(&ser.into_inner()), to_hex(&bytes));

    // An integer transaction id writes the same double.
    let mut ser = amf0::Serializer::new(Vec::new());
    ser.serialize_value("_result").unwrap();
    ser.serialize_value(&1u8).unwrap();
    ser.serialize_value(&connect()).unwrap();
    ser.serialize_value(&status(version_ecma())).unwrap();
    assert_eq!(to_hex(&ser.into_inner()), to_hex(&bytes));
}

#[test]
fn wikipedia_result_command_data_field_as_value() {
    // The `data` field kept as a `Value`: an ECMA array with its count.
    let bytes = result_command();
    let mut de = amf0::Deserializer::from_slice(&bytes);
    let _: IgnoredAny = IgnoredAny::deserialize(&mut de).unwrap();
    let _: IgnoredAny = IgnoredAny::deserialize(&mut de).unwrap();
    let _: IgnoredAny = IgnoredAny::deserialize(&mut de).unwrap();
    let st = Status::<Value>::deserialize(&mut de).unwrap();
    de.end().unwrap();
    let Value::EcmaArray(e) = &st.data else {
        panic!("data is not an ECMA array: {}", st.data);
    };
    assert_eq!(
        **e,
        EcmaArray {
            length: 1,
            entries: vec![("version".into(), s("3,5,5,2004"))].into()
        }
    );
}
