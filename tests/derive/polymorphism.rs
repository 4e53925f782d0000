//! Polymorphism: a bare `#[amf]` on an enum of newtype variants, each with
//! its class alias, reads the variant named by the incoming object's class
//! and writes each variant as an object of its class. Flex messages
//! (`flex.md` §2) decoded from RocketAMF's Flash Player requests, written
//! back, and round-tripped through AMF3, AMF0, `Value` and `serde_json`.

use std::collections::BTreeMap;

use amf_serde::external::{DataInput, DataOutput, Externalizable};
use amf_serde::types::Object;
use amf_serde::{amf, amf0, Category, Options, Value};
use amf_serde_tests::{fixture, hex, to_hex};
use serde::{Deserialize, Serialize};

use crate::common::{amf3, assert_amf3, err0, err3, from0, from3, message, round_trip, vr};
use crate::vectors::{p, Foo, P};

// ------------------------------------------------------------------- types

/// `flex.messaging.messages.RemotingMessage`, members in the order Flash
/// Player writes them (`flex.md` §2).
#[amf(alias = "flex.messaging.messages.RemotingMessage")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct RemotingMessage {
    pub operation: String,
    pub source: Option<String>,
    pub message_id: String,
    pub client_id: Option<String>,
    pub body: Vec<Value>,
    pub time_to_live: f64,
    pub timestamp: f64,
    pub destination: String,
    pub headers: BTreeMap<String, Value>,
}

/// `flex.messaging.messages.CommandMessage`, members in Flash Player's
/// order.
#[amf(alias = "flex.messaging.messages.CommandMessage")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct CommandMessage {
    pub operation: i32,
    pub correlation_id: String,
    pub message_id: String,
    pub client_id: Option<String>,
    pub body: Value,
    pub time_to_live: f64,
    pub timestamp: f64,
    pub destination: String,
    pub headers: BTreeMap<String, Value>,
}

/// A Flex message, chosen by class alias.
#[amf]
#[derive(Debug, PartialEq, Clone)]
pub enum Message {
    #[amf(alias = "flex.messaging.messages.RemotingMessage")]
    Remoting(RemotingMessage),
    #[amf(alias = "flex.messaging.messages.CommandMessage")]
    Command(CommandMessage),
}

const REMOTING: &str = "flex.messaging.messages.RemotingMessage";
const COMMAND: &str = "flex.messaging.messages.CommandMessage";

/// The RemotingMessage in RocketAMF's `remotingMessage.bin`.
fn remoting() -> RemotingMessage {
    RemotingMessage {
        operation: "save".into(),
        source: Some("WritesController".into()),
        message_id: "FE4AF2BC-DD3C-5470-05D8-9971D51FF89D".into(),
        client_id: None,
        body: vec![Value::Bool(true)],
        time_to_live: 0.0,
        timestamp: 0.0,
        destination: "rubyamf".into(),
        headers: BTreeMap::from([
            ("DSEndpoint".to_owned(), Value::Null),
            ("DSId".to_owned(), Value::String("nil".into())),
        ]),
    }
}

/// The ping CommandMessage in RocketAMF's `commandMessage.bin` (`flex.md`
/// §5.5).
fn ping() -> CommandMessage {
    CommandMessage {
        operation: 5,
        correlation_id: String::new(),
        message_id: "7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246".into(),
        client_id: None,
        body: Value::from(Object::anonymous(Vec::<(String, Value)>::new())),
        time_to_live: 0.0,
        timestamp: 0.0,
        destination: String::new(),
        headers: BTreeMap::from([
            ("DSMessagingVersion".to_owned(), Value::Integer(1)),
            ("DSId".to_owned(), Value::String("nil".into())),
        ]),
    }
}

/// A RemotingMessage as a client sends it for a call with arguments.
fn call() -> RemotingMessage {
    RemotingMessage {
        operation: "getOrders".into(),
        source: None,
        message_id: "11111111-2222-3333-4444-555555555555".into(),
        client_id: Some("0F0F0F0F-1E1E-2D2D-3C3C-4B4B4B4B4B4B".into()),
        body: vec![Value::Double(42.5), Value::String("open".into())],
        time_to_live: 0.0,
        timestamp: 1_306_275_431_838.0,
        destination: "orderService".into(),
        headers: BTreeMap::from([
            ("DSEndpoint".to_owned(), Value::String("my-amf".into())),
            (
                "DSId".to_owned(),
                Value::String("8814A067-FE0D-3A9C-A274-4AAED9BD7B0B".into()),
            ),
            ("DSRequestTimeoutMillis".to_owned(), Value::Double(30_000.0)),
        ]),
    }
}

/// The AMF0 message body of a RocketAMF request packet: a strict array of
/// one value behind the AMF3 switch (`0a 00 00 00 01 11 …`).
fn packet_body(name: &str) -> Vec<u8> {
    let packet = fixture("request", name);
    let at = 0x14;
    assert_eq!(
        to_hex(&packet[at..at + 6]),
        "0a 00 00 00 01 11",
        "{name}: body"
    );
    packet[at..].to_vec()
}

// ---------------------------------------------------------------- decoding

#[test]
fn decodes_the_variant_named_by_the_class() {
    // RocketAMF's Flash Player requests, read as AMF0 message bodies.
    let got: Vec<Message> = from0(&packet_body("remotingMessage.bin"));
    assert_eq!(got, [Message::Remoting(remoting())]);
    let got: Vec<Message> = from0(&packet_body("commandMessage.bin"));
    assert_eq!(got, [Message::Command(ping())]);
    // The AMF3 value alone.
    let body = packet_body("commandMessage.bin");
    let got: Message = from3(&body[6..]);
    assert_eq!(got, Message::Command(ping()));
}

#[test]
fn writes_each_variant_with_its_class() {
    // The ping written back: the same traits and values as Flash Player's,
    // except that `timeToLive`/`timestamp` are f64 (doubles) and the
    // headers map is in key order.
    let body = packet_body("commandMessage.bin");
    let flash = &body[6..];
    let ours = amf3(&Message::Command(ping()));
    // 0a 81 13, the class name (1 + 38 bytes), nine member names (89).
    let traits_len = 3 + 1 + COMMAND.len() + 89;
    assert_eq!(to_hex(&ours[..traits_len]), to_hex(&flash[..traits_len]));
    assert_eq!(
        to_hex(&ours[traits_len..]),
        to_hex(&hex(&format!(
            "04 05  06 01  06 {id} 01  0a 0b 01 01
             05 00 00 00 00 00 00 00 00  05 00 00 00 00 00 00 00 00
             06 01
             0a 05  {ds_id} 06 {nil}  {version} 04 01  01",
            id = "49 37 42 30 41 43 45 31 35 2d 38 44 35 37 2d 36 41 45 35 2d
                  42 39 44 34 2d 39 39 43 32 44 33 32 43 38 32 34 36",
            ds_id = vr("DSId"),
            nil = vr("nil"),
            version = vr("DSMessagingVersion"),
        )))
    );
    // The class on the wire is the variant's alias.
    let v: Value = amf_serde::from_slice(&ours).unwrap();
    assert_eq!(v.class(), Some(COMMAND));
    let v = amf_serde::to_value(&Message::Remoting(call())).unwrap();
    assert_eq!(v.class(), Some(REMOTING));
    assert_eq!(v["destination"], Value::String("orderService".into()));
}

#[test]
fn enum_of_small_classes_exact_bytes() {
    #[amf]
    #[derive(Debug, PartialEq, Clone)]
    enum Shape {
        #[amf(alias = "P")]
        Point(P),
        #[amf(alias = "Foo")]
        Foo(Foo),
    }
    // The same bytes as the types written directly (`amf3.md` §8.3 plus a
    // second class): the traits table is shared across variants.
    assert_amf3(
        &vec![
            Shape::Point(p(1, 2)),
            Shape::Foo(Foo { x: 0.5 }),
            Shape::Point(p(3, 4)),
        ],
        "09 07 01
         0a 23 03 50 03 78 03 79  04 01 04 02
         0a 13 07 46 6f 6f 02     05 3f e0 00 00 00 00 00 00
         0a 01                    04 03 04 04",
    );
    // AMF0: typed objects.
    let got: Shape = from0(&hex(
        "10 00 03 46 6f 6f 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09",
    ));
    assert_eq!(got, Shape::Foo(Foo { x: 1.0 }));
    round_trip(&vec![Shape::Point(p(5, 6)), Shape::Foo(Foo { x: 2.5 })]);
}

#[test]
fn variant_around_a_type_without_alias() {
    // The variant's alias is written even if the inner type has none.
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Plain {
        a: i32,
    }
    #[amf]
    #[derive(Debug, PartialEq)]
    enum E {
        #[amf(alias = "com.example.Plain")]
        Plain(Plain),
    }
    assert_amf3(
        &E::Plain(Plain { a: 1 }),
        &format!("0a 13 {} 03 61 04 01", vr("com.example.Plain")),
    );
    round_trip(&E::Plain(Plain { a: -3 }));
}

/// `0a 13 <AcknowledgeMessage> <"body"> "ok"`: a class `Message` does not
/// list.
fn acknowledge() -> Vec<u8> {
    hex(&format!(
        "0a 13 {} {} 06 05 6f 6b",
        vr("flex.messaging.messages.AcknowledgeMessage"),
        vr("body")
    ))
}

fn unknown_class_text() -> String {
    format!(
        "unknown class \"flex.messaging.messages.AcknowledgeMessage\" for Message, \
         expected one of \"{REMOTING}\", \"{COMMAND}\""
    )
}

#[test]
fn variant_alias_differs_from_the_type_alias() {
    #[amf]
    #[derive(Debug, PartialEq)]
    enum Renamed {
        #[amf(alias = "Q")]
        P(P),
    }
    let bytes = amf3(&Renamed::P(p(1, 2)));
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex("0a 23 03 51 03 78 03 79 04 01 04 02"))
    );
    let back: Renamed = amf_serde::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, Renamed::P(p(1, 2)));
}

#[test]
fn unknown_class_is_an_error() {
    let text = unknown_class_text();
    let e = err3::<Message>(&acknowledge());
    assert_eq!(message(&e), text);
    assert_eq!(e.classify(), Category::Data);
    // Inside an array, AMF0 and Value.
    let mut in_array = hex("09 03 01");
    in_array.extend(acknowledge());
    assert_eq!(message(&err3::<Vec<Message>>(&in_array)), text);
    let mut amf0_bytes = hex("11");
    amf0_bytes.extend(acknowledge());
    assert_eq!(message(&err0::<Message>(&amf0_bytes)), text);
    let v = Value::from(Object::sealed(
        "flex.messaging.messages.AcknowledgeMessage",
        [("body", Value::Null)],
    ));
    let e = amf_serde::from_value::<Message>(v).unwrap_err();
    assert_eq!(e.to_string(), text);
}

#[test]
fn known_class_with_wrong_members_is_an_error() {
    // A CommandMessage whose operation is a string.
    let bytes = hex(&format!(
        "0a 13 {} {} 06 {}",
        vr(COMMAND),
        vr("operation"),
        vr("x")
    ));
    let e = err3::<Message>(&bytes);
    assert_eq!(message(&e), "invalid type: string \"x\", expected i32");
    assert_eq!(e.classify(), Category::Data);
}

#[test]
fn anonymous_objects_try_the_variants_in_order() {
    // No class: the first variant that accepts the members wins.
    let v = amf_serde::to_value(&ping()).unwrap();
    let anon = Value::from(Object::anonymous(v.as_object().unwrap().members().cloned()));
    let bytes = amf_serde::to_vec(&anon).unwrap();
    assert_eq!(bytes[..3], [0x0a, 0x0b, 0x01], "an anonymous object");
    let got: Message = from3(&bytes);
    assert_eq!(got, Message::Command(ping()));
    // One that fits neither; a string is not a message at all.
    let e = err3::<Message>(&hex("0a 0b 01 01"));
    assert_eq!(message(&e), "the value matches no variant of Message");
    let e = err3::<Message>(&hex("06 03 78"));
    assert_eq!(message(&e), "the value matches no variant of Message");
}

#[test]
fn enum_errors_have_the_offset_of_the_object() {
    let text = unknown_class_text();
    let e = err3::<Message>(&acknowledge());
    assert_eq!(e.to_string(), format!("{text} at byte offset 0"));
    let mut in_array = hex("09 03 01");
    in_array.extend(acknowledge());
    let e = err3::<Vec<Message>>(&in_array);
    assert_eq!(e.to_string(), format!("{text} at byte offset 3"));
    // Behind the AMF0 switch, offsets point at the AMF3 marker (as for
    // the class check of a struct).
    let mut amf0_bytes = hex("11");
    amf0_bytes.extend(acknowledge());
    let e = err0::<Message>(&amf0_bytes);
    assert_eq!(e.to_string(), format!("{text} at byte offset 1"));
    let e = err3::<Message>(&hex("09 03 01 0a 0b 01 01"));
    assert_eq!(
        e.to_string(),
        "the value matches no variant of Message at byte offset 0"
    );
    let bytes = hex(&format!(
        "0a 13 {} {} 06 {}",
        vr(COMMAND),
        vr("operation"),
        vr("x")
    ));
    let e = err3::<Message>(&bytes);
    assert!(e.offset().is_some(), "{e}");
}

#[test]
fn strict_aliases_and_anonymous_messages() {
    // Documented: strict aliases apply to aliased structs; a #[amf] enum
    // given an object without a class tries its variants in order.
    let v = amf_serde::to_value(&ping()).unwrap();
    let anon = Value::from(Object::anonymous(v.as_object().unwrap().members().cloned()));
    let bytes = amf_serde::to_vec(&anon).unwrap();
    let strict = Options::new().with_strict_aliases(true);
    let e = strict.from_slice::<CommandMessage>(&bytes).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "expected an object of class \"{COMMAND}\", found an anonymous object at byte offset 0"
        )
    );
    let m = strict.from_slice::<Message>(&bytes).unwrap();
    assert_eq!(m, Message::Command(ping()));
}

#[test]
fn strict_aliases_accept_typed_messages() {
    let strict = Options::new().with_strict_aliases(true);
    let bytes = amf3(&vec![Message::Remoting(call()), Message::Command(ping())]);
    let got: Vec<Message> = strict.from_slice(&bytes).unwrap();
    assert_eq!(got, [Message::Remoting(call()), Message::Command(ping())]);
    // From a `Value` too: the enum chooses the variant by the class.
    let typed = amf_serde::to_value(&Message::Command(ping())).unwrap();
    let got: Message = amf_serde::from_value_with(typed, &strict).unwrap();
    assert_eq!(got, Message::Command(ping()));
}

/// An externalizable class that only a `#[amf]` enum names.
#[amf(alias = "com.example.Token", externalizable)]
#[derive(Debug, PartialEq, Clone)]
pub struct Token(pub u32);

impl Externalizable for Token {
    fn write_external(&self, output: &mut dyn DataOutput) -> amf_serde::Result<()> {
        output.write_unsigned_int(self.0)
    }

    fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
        input.read_unsigned_int().map(Token)
    }
}

/// An enum with an externalizable variant.
#[amf]
#[derive(Debug, PartialEq, Clone)]
pub enum Credential {
    #[amf(alias = "com.example.Token")]
    Token(Token),
    #[amf(alias = "P")]
    Point(P),
}

#[test]
fn externalizable_variant_encodes() {
    assert_eq!(
        to_hex(&amf3(&Credential::Token(Token(7)))),
        to_hex(&hex(&format!(
            "0a 07 {} 00 00 00 07",
            vr("com.example.Token")
        )))
    );
}

#[test]
fn externalizable_variant_decodes_on_a_fresh_thread() {
    std::thread::spawn(|| {
        let bytes = amf3(&vec![
            Credential::Point(p(1, 2)),
            Credential::Token(Token(7)),
        ]);
        let got: Vec<Credential> = amf_serde::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            got,
            [Credential::Point(p(1, 2)), Credential::Token(Token(7))]
        );
    })
    .join()
    .unwrap();
}

#[test]
fn externalizable_variant_decodes_once_its_type_was_decoded() {
    std::thread::spawn(|| {
        let bytes = amf3(&Token(1));
        assert_eq!(from3::<Token>(&bytes), Token(1));
        round_trip(&vec![
            Credential::Point(p(1, 2)),
            Credential::Token(Token(7)),
        ]);
    })
    .join()
    .unwrap();
}

// ------------------------------------------------------------- round trips

#[test]
fn messages_round_trip_through_every_format() {
    // Integers in `Value`s would come back from AMF0 as doubles (AMF0 has
    // no integer type): these messages hold doubles only.
    let ping = CommandMessage {
        headers: BTreeMap::from([
            ("DSMessagingVersion".to_owned(), Value::Double(1.0)),
            ("DSId".to_owned(), Value::String("nil".into())),
        ]),
        ..ping()
    };
    let messages = vec![
        Message::Remoting(call()),
        Message::Command(ping),
        Message::Remoting(remoting()),
        Message::Command(CommandMessage {
            operation: 2,
            correlation_id: "corr-1".into(),
            message_id: "msg-1".into(),
            client_id: Some("0F0F0F0F-1E1E-2D2D-3C3C-4B4B4B4B4B4B".into()),
            body: Value::Null,
            time_to_live: 0.0,
            timestamp: 1000.0,
            destination: "chat".into(),
            headers: BTreeMap::from([("DSPollWait".to_owned(), Value::Double(0.0))]),
        }),
    ];
    round_trip(&messages);
    for m in &messages {
        round_trip(m);
    }
    // AMF3: the second RemotingMessage refers to the first one's traits.
    let bytes = amf3(&messages);
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    let classes: Vec<_> = (0..4).map(|i| v[i].class().unwrap().to_owned()).collect();
    assert_eq!(classes, [REMOTING, COMMAND, REMOTING, COMMAND]);
    // AMF0: typed objects (`10`) in a strict array.
    let bytes0 = crate::common::amf0(&messages);
    assert_eq!(to_hex(&bytes0[..8]), "0a 00 00 00 04 10 00 27");
    let v: Value = amf0::from_slice(&bytes0).unwrap();
    assert_eq!(v[1].class(), Some(COMMAND));
    // JSON has no classes: each object is decoded by trying the variants.
    let json = serde_json::to_value(&messages).unwrap();
    assert_eq!(json[1]["operation"], 5);
    assert_eq!(json[0]["operation"], "getOrders");
    assert!(json[0].get("$amf_serde::private::class").is_none());
}
