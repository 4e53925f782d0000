//! The hand-written impls against what serde's derive generates for the
//! same declarations (the "twins" below are the library's former derived
//! types, attributes and all): the same bytes and JSON when writing, and
//! the same value or the same error (message and offset) when reading
//! JSON, AMF3 and AMF0 documents, including every truncation and many
//! single-byte corruptions of real messages.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::flex::{
    AcknowledgeMessage, AsyncMessage, CommandMessage, ErrorMessage, Headers, RemotingMessage,
};
use crate::remoting::{Credentials, PersistentHeader, Status};
use crate::types::Object;
use crate::value::Value;

/// The outcome of a decode, comparable across the two types.
fn outcome<T: Serialize, E: std::fmt::Display>(
    r: Result<T, E>,
) -> Result<serde_json::Value, String> {
    match r {
        Ok(v) => Ok(serde_json::to_value(&v).map_err(|e| format!("to json: {e}"))?),
        Err(e) => Err(e.to_string()),
    }
}

/// `H` (hand-written) and `W` (derived) read `input` alike, in every format.
fn reads_alike<H, W>(json: &str)
where
    H: Serialize + DeserializeOwned,
    W: Serialize + DeserializeOwned,
{
    let h = outcome(serde_json::from_str::<H>(json));
    let w = outcome(serde_json::from_str::<W>(json));
    assert_eq!(h, w, "JSON {json}");
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(json) {
        if let Ok(value) = crate::to_value(&v) {
            bytes_read_alike::<H, W>(&crate::to_vec(&value).unwrap());
            bytes_read_alike::<H, W>(&crate::amf0::to_vec(&value).unwrap());
        }
    }
}

/// `H` and `W` read `bytes` (AMF3 and AMF0) alike.
fn bytes_read_alike<H, W>(bytes: &[u8])
where
    H: Serialize + DeserializeOwned,
    W: Serialize + DeserializeOwned,
{
    let h = outcome(crate::from_slice::<H>(bytes));
    let w = outcome(crate::from_slice::<W>(bytes));
    assert_eq!(h, w, "AMF3 {bytes:02x?}");
    let h = outcome(crate::amf0::from_slice::<H>(bytes));
    let w = outcome(crate::amf0::from_slice::<W>(bytes));
    assert_eq!(h, w, "AMF0 {bytes:02x?}");
    let h = crate::from_slice::<Value>(bytes).map(|v| outcome(crate::from_value::<H>(v)));
    let w = crate::from_slice::<Value>(bytes).map(|v| outcome(crate::from_value::<W>(v)));
    assert_eq!(h.ok(), w.ok(), "from_value {bytes:02x?}");
}

/// `h` and its twin `w` write the same AMF3, AMF0 and JSON; and the
/// written bytes, truncated anywhere or with any byte replaced, read alike.
fn writes_alike<H, W>(h: &H, w: &W)
where
    H: Serialize + DeserializeOwned,
    W: Serialize + DeserializeOwned,
{
    let amf3 = crate::to_vec(h).unwrap();
    assert_eq!(amf3, crate::to_vec(w).unwrap());
    let amf0 = crate::amf0::to_vec(h).unwrap();
    assert_eq!(amf0, crate::amf0::to_vec(w).unwrap());
    assert_eq!(
        serde_json::to_string(h).unwrap(),
        serde_json::to_string(w).unwrap()
    );
    for bytes in [amf3, amf0] {
        bytes_read_alike::<H, W>(&bytes);
        for i in 0..bytes.len() {
            bytes_read_alike::<H, W>(&bytes[..i]);
            for b in [0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x0a, 0x7f, 0xff] {
                let mut m = bytes.clone();
                m[i] = b;
                bytes_read_alike::<H, W>(&m);
            }
        }
    }
}

/// JSON documents every record is read from: missing, `null`, wrong-typed,
/// repeated and unknown members, sequences of every length, non-objects.
fn json_corpus(keys: &[&str]) -> Vec<String> {
    let samples = [
        "null",
        "\"s\"",
        "3",
        "-1",
        "4.5",
        "true",
        "[]",
        "{}",
        "[1,2]",
        "{\"a\":1}",
    ];
    let mut docs = vec!["null".to_owned(), "\"text\"".to_owned(), "7".to_owned()];
    docs.push("{}".to_owned());
    docs.push("{\"unknown\": [1, {\"x\": 2}], \"other\": null}".to_owned());
    for key in keys {
        for s in samples {
            docs.push(format!("{{\"{key}\": {s}}}"));
            docs.push(format!("{{\"{key}\": {s}, \"{key}\": {s}}}"));
        }
    }
    for n in 0..=keys.len() + 1 {
        for s in ["null", "\"s\"", "0", "{}", "[]", "false"] {
            docs.push(format!("[{}]", vec![s; n].join(",")));
        }
    }
    docs
}

/// Every JSON document of [`json_corpus`], plus each one with all the
/// known keys set to a plausible value (strings, numbers, a header map).
fn check_reads<H, W>(keys: &[&str], full: &str)
where
    H: Serialize + DeserializeOwned,
    W: Serialize + DeserializeOwned,
{
    for doc in json_corpus(keys) {
        reads_alike::<H, W>(&doc);
    }
    reads_alike::<H, W>(full);
    // The full document typed with the class alias (AMF only).
    let v: serde_json::Value = serde_json::from_str(full).unwrap();
    let value = crate::to_value(&v).unwrap();
    let o = value.as_object().unwrap();
    for class in ["", "flex.messaging.messages.RemotingMessage", "Other"] {
        let sealed: Vec<(String, Value)> = o
            .members()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let typed = Value::from(Object::sealed(class, sealed));
        bytes_read_alike::<H, W>(&crate::to_vec(&typed).unwrap());
        bytes_read_alike::<H, W>(&crate::amf0::to_vec(&typed).unwrap());
    }
}

mod twin {
    //! The former derived declarations. The Flex messages are their former
    //! read-side structs (`body: Option<B>`, with the class alias), named as
    //! the types they read so that errors name the same struct; their
    //! bodies are written as `Some(body)`.
    use super::*;

    fn nullable_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Option::<String>::deserialize(d).map(Option::unwrap_or_default)
    }
    fn nullable_i64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        Option::<i64>::deserialize(d).map(Option::unwrap_or_default)
    }
    fn nullable_u32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        Option::<u32>::deserialize(d).map(Option::unwrap_or_default)
    }

    #[derive(Serialize, Deserialize)]
    pub struct Status {
        #[serde(default)]
        pub level: String,
        #[serde(default)]
        pub code: String,
        #[serde(default)]
        pub description: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub details: Option<String>,
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        pub kind: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Credentials {
        pub userid: String,
        pub password: String,
    }

    #[derive(Serialize, Deserialize)]
    pub struct PersistentHeader<T = Value> {
        pub name: String,
        #[serde(rename = "mustUnderstand", default)]
        pub must_understand: bool,
        pub data: T,
    }

    // Each twin is the former derived type of one Flex class, kept as it was (the point of these
    // tests): the members it shares with `CommandMessage` and the reply twins below are the
    // AbstractMessage ones, in each class's own order and attributes.
    #[derive(Serialize, Deserialize)]
    #[serde(rename = "$amf_serde::private::class::flex.messaging.messages.RemotingMessage")]
    #[serde(rename_all = "camelCase")]
    pub struct RemotingMessage<B> {
        #[serde(default, deserialize_with = "nullable_string")]
        pub operation: String,
        #[serde(default, deserialize_with = "nullable_string")]
        pub source: String,
        #[serde(default, deserialize_with = "nullable_string")]
        pub message_id: String,
        #[serde(default)]
        pub client_id: Option<String>,
        pub body: Option<B>,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub time_to_live: i64,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub timestamp: i64,
        #[serde(default)]
        pub destination: Option<String>,
        #[serde(default)]
        pub headers: Headers,
    }

    // The former derived `CommandMessage`, as it was; its AbstractMessage members repeat
    // `RemotingMessage`'s above on purpose (each twin is one class's old declaration).
    #[derive(Serialize, Deserialize)]
    #[serde(rename = "$amf_serde::private::class::flex.messaging.messages.CommandMessage")]
    #[serde(rename_all = "camelCase")]
    pub struct CommandMessage<B> {
        #[serde(default, deserialize_with = "nullable_u32")]
        pub operation: u32,
        #[serde(default, deserialize_with = "nullable_string")]
        pub correlation_id: String,
        #[serde(default, deserialize_with = "nullable_string")]
        pub message_id: String,
        #[serde(default)]
        pub client_id: Option<String>,
        pub body: Option<B>,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub time_to_live: i64,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub timestamp: i64,
        #[serde(default)]
        pub destination: Option<String>,
        #[serde(default)]
        pub headers: Headers,
    }

    // `ErrorMessage` below starts with these members and adds its own between them (alphabetical,
    // as the old derive wrote them), so it cannot use this macro.
    /// `AcknowledgeMessage` and `AsyncMessage` have the same members.
    macro_rules! reply_twin {
        ($name:ident, $class:literal) => {
            #[derive(Serialize, Deserialize)]
            #[serde(rename = $class)]
            #[serde(rename_all = "camelCase")]
            pub struct $name<B> {
                pub body: Option<B>,
                #[serde(default)]
                pub client_id: Option<String>,
                #[serde(default, deserialize_with = "nullable_string")]
                pub correlation_id: String,
                #[serde(default)]
                pub destination: Option<String>,
                #[serde(default)]
                pub headers: Headers,
                #[serde(default, deserialize_with = "nullable_string")]
                pub message_id: String,
                #[serde(default, deserialize_with = "nullable_i64")]
                pub timestamp: i64,
                #[serde(default, deserialize_with = "nullable_i64")]
                pub time_to_live: i64,
            }
        };
    }
    reply_twin!(
        AcknowledgeMessage,
        "$amf_serde::private::class::flex.messaging.messages.AcknowledgeMessage"
    );
    reply_twin!(
        AsyncMessage,
        "$amf_serde::private::class::flex.messaging.messages.AsyncMessage"
    );

    // The former derived `ErrorMessage`: `reply_twin!`'s members with the fault members in between
    // (alphabetical order), kept as it was.
    #[derive(Serialize, Deserialize)]
    #[serde(rename = "$amf_serde::private::class::flex.messaging.messages.ErrorMessage")]
    #[serde(rename_all = "camelCase")]
    pub struct ErrorMessage<B> {
        pub body: Option<B>,
        #[serde(default)]
        pub client_id: Option<String>,
        #[serde(default, deserialize_with = "nullable_string")]
        pub correlation_id: String,
        #[serde(default)]
        pub destination: Option<String>,
        #[serde(default)]
        pub extended_data: Value,
        #[serde(default, deserialize_with = "nullable_string")]
        pub fault_code: String,
        #[serde(default, deserialize_with = "nullable_string")]
        pub fault_detail: String,
        #[serde(default, deserialize_with = "nullable_string")]
        pub fault_string: String,
        #[serde(default)]
        pub headers: Headers,
        #[serde(default, deserialize_with = "nullable_string")]
        pub message_id: String,
        #[serde(default)]
        pub root_cause: Value,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub timestamp: i64,
        #[serde(default, deserialize_with = "nullable_i64")]
        pub time_to_live: i64,
    }
}

/// The twin of `$h`: its fields cloned, the body (if named after `;`)
/// wrapped in `Some`.
macro_rules! twin {
    ($h:expr, $t:ident { $($f:ident),* $(,)? } $(; $body:ident)?) => {
        twin::$t {
            $($f: $h.$f.clone(),)*
            $($body: Some($h.$body.clone()),)?
        }
    };
}

const FLEX_KEYS: &[&str] = &[
    "operation",
    "source",
    "messageId",
    "clientId",
    "body",
    "timeToLive",
    "timestamp",
    "destination",
    "headers",
    "correlationId",
    "extendedData",
    "faultCode",
    "faultDetail",
    "faultString",
    "rootCause",
];

const FLEX_FULL: &str = r#"{"operation": 5, "source": "src", "messageId": "M-1",
    "clientId": "C-1", "body": [1, "two", {"three": 3}], "timeToLive": 100,
    "timestamp": 1306275431838, "destination": "svc", "headers": {"DSId": "nil", "n": 1},
    "correlationId": "M-0", "extendedData": {"k": "v"}, "faultCode": "Server.Processing",
    "faultDetail": "trace", "faultString": "boom", "rootCause": null}"#;

#[test]
fn status_as_derived() {
    let full = Status {
        details: Some("traceback".into()),
        kind: Some("KeyError".into()),
        ..Status::error("Server.Call.Failed", "no such method")
    };
    for s in [full, Status::error("c", "d"), Status::error("", "")] {
        let t = twin!(
            s,
            Status {
                level,
                code,
                description,
                details,
                kind
            }
        );
        writes_alike(&s, &t);
    }
    let keys = ["level", "code", "description", "details", "type"];
    let full =
        r#"{"level": "error", "code": "C", "description": "D", "details": "x", "type": "T"}"#;
    check_reads::<Status, twin::Status>(&keys, full);
}

#[test]
fn credentials_as_derived() {
    let c = Credentials {
        userid: "ada".into(),
        password: "secret".into(),
    };
    writes_alike(&c, &twin!(c, Credentials { userid, password }));
    let full = r#"{"userid": "ada", "password": "pw"}"#;
    check_reads::<Credentials, twin::Credentials>(&["userid", "password"], full);
    // A missing member is an error naming it.
    let e = serde_json::from_str::<Credentials>(r#"{"userid": "a"}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `password` at line 1 column 15"
    );
}

#[test]
fn persistent_header_as_derived() {
    let p = PersistentHeader {
        name: "session".into(),
        must_understand: true,
        data: Value::from("abc"),
    };
    let t = twin!(
        p,
        PersistentHeader {
            name,
            must_understand,
            data
        }
    );
    writes_alike(&p, &t);
    let keys = ["name", "mustUnderstand", "data"];
    let full = r#"{"name": "n", "mustUnderstand": true, "data": [1, 2]}"#;
    check_reads::<PersistentHeader, twin::PersistentHeader>(&keys, full);
    // A missing `data` reads as `None` into an `Option`, else is an error.
    let p: PersistentHeader<Option<i32>> = serde_json::from_str(r#"{"name": "n"}"#).unwrap();
    assert_eq!((p.data, p.must_understand), (None, false));
    let e = serde_json::from_str::<PersistentHeader<i32>>(r#"{"name": "n"}"#).unwrap_err();
    assert_eq!(e.to_string(), "missing field `data` at line 1 column 13");
}

#[test]
fn remoting_message_as_derived() {
    let mut m = RemotingMessage::new("svc", "save", Value::from(vec![Value::from(true)]));
    m.client_id = Some("C-1".into());
    m.timestamp = 1_306_275_431_838;
    let t = twin!(m, RemotingMessage {
        operation, source, message_id, client_id, time_to_live, timestamp, destination, headers
    }; body);
    writes_alike(&m, &t);
    check_reads::<RemotingMessage<Value>, twin::RemotingMessage<Value>>(FLEX_KEYS, FLEX_FULL);
    check_reads::<RemotingMessage<Option<String>>, twin::RemotingMessage<Option<String>>>(
        &["body"],
        r#"{"body": "b"}"#,
    );
}

#[test]
fn command_message_as_derived() {
    let m = CommandMessage::client_ping();
    let t = twin!(m, CommandMessage {
        operation, correlation_id, message_id, client_id, time_to_live, timestamp, destination,
        headers
    }; body);
    writes_alike(&m, &t);
    check_reads::<CommandMessage, twin::CommandMessage<Value>>(FLEX_KEYS, FLEX_FULL);
}

#[test]
fn reply_messages_as_derived() {
    let call = RemotingMessage::new("svc", "add", (1, 2));
    let ack = call.acknowledge(Value::from(3));
    let t = twin!(ack, AcknowledgeMessage {
        client_id, correlation_id, destination, headers, message_id, timestamp, time_to_live
    }; body);
    writes_alike(&ack, &t);
    check_reads::<AcknowledgeMessage, twin::AcknowledgeMessage<Value>>(FLEX_KEYS, FLEX_FULL);

    let a = AsyncMessage::new("feed", Value::from("news"));
    let t = twin!(a, AsyncMessage {
        client_id, correlation_id, destination, headers, message_id, timestamp, time_to_live
    }; body);
    writes_alike(&a, &t);
    check_reads::<AsyncMessage, twin::AsyncMessage<Value>>(FLEX_KEYS, FLEX_FULL);

    let mut e = call.error("Server.Processing", "division by zero");
    e.extended_data = Value::from(Object::anonymous([("k", Value::from(1))]));
    let t = twin!(e, ErrorMessage {
        client_id, correlation_id, destination, extended_data, fault_code, fault_detail,
        fault_string, headers, message_id, root_cause, timestamp, time_to_live
    }; body);
    writes_alike(&e, &t);
    check_reads::<ErrorMessage, twin::ErrorMessage<Value>>(FLEX_KEYS, FLEX_FULL);
}

#[test]
fn missing_or_null_body() {
    // A missing or `null` body reads as `null` does: `Value::Null`,
    // `None`, `()`.
    let m: RemotingMessage<Value> = serde_json::from_str("{}").unwrap();
    assert_eq!(m.body, Value::Null);
    let m: AcknowledgeMessage<Option<i32>> = serde_json::from_str(r#"{"body": null}"#).unwrap();
    assert_eq!(m.body, None);
    let m: AcknowledgeMessage<()> = serde_json::from_str("{}").unwrap();
    assert_eq!(m.body, ());
    // Other types: an error naming the member.
    let e = serde_json::from_str::<RemotingMessage>("{}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "body: invalid type: unit value, expected a sequence at line 1 column 2"
    );
    // (In AMF, at the message's offset.)
    let e = crate::from_slice::<AcknowledgeMessage<i32>>(b"\x0a\x0b\x01\x01").unwrap_err();
    assert_eq!(
        e.to_string(),
        "body: invalid type: unit value, expected i32 at byte offset 0"
    );
    // A sequence too short for the body.
    let e = serde_json::from_str::<AcknowledgeMessage>("[]").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid length 0, expected struct AcknowledgeMessage with 8 elements at line 1 column 2"
    );
}
