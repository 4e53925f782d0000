//! Flex messages (`amf_serde::flex`) and the ten RocketAMF request/response
//! fixtures (real Flash Player and BlazeDS traffic): the worked examples of
//! flex.md §5 byte for byte, typed decoding of every fixture, and
//! re-encoding byte for byte where the original writer's choices are
//! representable (the exceptions are named in each test).

use std::collections::BTreeMap;

use amf_serde::flex::{
    self, operation, AcknowledgeMessage, AcknowledgeMessageExt, ArrayCollection, AsyncMessage,
    AsyncMessageExt, CommandMessage, CommandMessageExt, ErrorMessage, FlexMessage, Headers,
    ObjectProxy, RemotingMessage,
};
use amf_serde::remoting::{Packet, ReplyKind, Version};
use amf_serde::{amf, amf_value, Value};
use amf_serde_tests::{fixture, hex, to_hex};
use serde::{Deserialize, Serialize};

/// `original` with every length field replaced by the real length of the
/// value after it (what this crate writes), for comparing re-encodings of
/// packets whose writer put -1, 0 or 1 there.
fn with_real_lengths(original: &[u8], p: &Packet<'_>) -> Vec<u8> {
    let mut out = original.to_vec();
    let bodies = p
        .headers
        .iter()
        .map(|h| &h.value)
        .chain(p.messages.iter().map(|m| &m.body));
    for b in bodies {
        let at = b.offset() - 4;
        out[at..at + 4].copy_from_slice(&(b.as_bytes().len() as u32).to_be_bytes());
    }
    out
}

fn utf(s: &str) -> Vec<u8> {
    let mut v = vec![(s.len() * 2 + 1) as u8];
    v.extend(s.as_bytes());
    v
}

// ------------------------------------------------------------ flex.md §5

#[test]
fn array_collection_5_1_and_table_order() {
    let mut expected = hex("0a 07 43");
    expected.extend(b"flex.messaging.io.ArrayCollection");
    expected.extend(hex("09 03 01 06 09 65 67 67 73"));
    assert_eq!(
        to_hex(&amf_serde::to_vec(&ArrayCollection(vec!["eggs"])).unwrap()),
        to_hex(&expected)
    );
    // The Flash fixture: AC(['foo','bar'])
    let flash = fixture("objects", "amf3-array-collection.bin");
    let ac: ArrayCollection<String> = amf_serde::from_slice(&flash).unwrap();
    assert_eq!(ac.0, ["foo", "bar"]);
    assert_eq!(amf_serde::to_vec(&ac).unwrap(), flash);

    // A second collection in one value uses the traits reference (0a 01);
    // the wrapper and its array each take an object slot.
    let two = vec![ArrayCollection(vec![1]), ArrayCollection(vec![2])];
    let bytes = amf_serde::to_vec(&two).unwrap();
    let mut expected = hex("09 05 01 0a 07 43");
    expected.extend(b"flex.messaging.io.ArrayCollection");
    expected.extend(hex("09 03 01 04 01  0a 01 09 03 01 04 02"));
    assert_eq!(to_hex(&bytes), to_hex(&expected));
    assert_eq!(
        amf_serde::from_slice::<Vec<ArrayCollection<i32>>>(&bytes).unwrap(),
        two
    );
    // Value keeps the class and writes the same bytes
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(v[0].class(), Some("flex.messaging.io.ArrayCollection"));
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
    assert_eq!(amf_serde::to_value(&two).unwrap(), v);

    // old peers: {source: [...]}
    let old = amf_serde::to_vec(&amf_value!({"source": [1, 2]})).unwrap();
    let ac: ArrayCollection<i32> = amf_serde::from_slice(&old).unwrap();
    assert_eq!(ac.0, [1, 2]);
    // a vector
    let vec_int = hex("0d 05 00 00 00 00 04 ff ff ff ec");
    let ac: ArrayCollection<i32> = amf_serde::from_slice(&vec_int).unwrap();
    assert_eq!(ac.0, [4, -20]);
    // in AMF0, behind the switch
    let amf0 = amf_serde::amf0::to_vec(&ArrayCollection(vec!["eggs"])).unwrap();
    assert_eq!(amf0[0], 0x11);
    assert_eq!(
        amf0[1..],
        amf_serde::to_vec(&ArrayCollection(vec!["eggs"])).unwrap()
    );
    assert_eq!(
        amf_serde::amf0::from_slice::<ArrayCollection<&str>>(&amf0)
            .unwrap()
            .0,
        ["eggs"]
    );
}

#[test]
fn array_collection_of_aliased_records() {
    #[amf(alias = "com.example.Rec")]
    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
    struct Rec {
        id: i32,
        name: String,
    }
    let recs: ArrayCollection<Rec> = (0..3)
        .map(|i| Rec {
            id: i,
            name: format!("r{i}"),
        })
        .collect();
    let bytes = amf_serde::to_vec(&recs).unwrap();
    let back: ArrayCollection<Rec> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, recs);
    // the records' traits are written once
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(
        v.as_external().unwrap().value().unwrap()[2]["name"],
        Value::from("r2")
    );
    assert_eq!(
        bytes
            .windows(15)
            .filter(|w| *w == b"com.example.Rec")
            .count(),
        1
    );
}

#[test]
fn object_proxy_5_2_all_three_forms() {
    let mut pyamf = hex("0a 07 3b");
    pyamf.extend(b"flex.messaging.io.ObjectProxy");
    let mut blaze = pyamf.clone();
    let mut legacy = pyamf.clone();
    pyamf.extend(hex("0a 0b 01 03 61 06 09 73 70 61 6d 01"));
    blaze.extend(hex("0a 13 01 03 61 06 09 73 70 61 6d"));
    legacy.extend(hex("09 01 03 61 06 09 73 70 61 6d 01"));
    #[derive(Deserialize, Serialize, Debug, PartialEq)]
    struct A {
        a: String,
    }
    for bytes in [&pyamf, &blaze, &legacy] {
        let m: ObjectProxy<BTreeMap<String, String>> = amf_serde::from_slice(bytes).unwrap();
        assert_eq!(m.0["a"], "spam", "{}", to_hex(bytes));
        let s: ObjectProxy<A> = amf_serde::from_slice(bytes).unwrap();
        assert_eq!(s.a, "spam");
        let v: ObjectProxy = amf_serde::from_slice(bytes).unwrap();
        assert_eq!(v["a"], Value::from("spam"));
    }
    // a map writes the PyAMF/Flex form, a struct the BlazeDS form
    let mut m = BTreeMap::new();
    m.insert("a", "spam");
    assert_eq!(amf_serde::to_vec(&ObjectProxy(m)).unwrap(), pyamf);
    assert_eq!(
        amf_serde::to_vec(&ObjectProxy(A { a: "spam".into() })).unwrap(),
        blaze
    );
}

const MSG: &str = "11111111-2222-3333-4444-555555555555";
const CORR: &str = "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE";
const CLIENT: &str = "0F0F0F0F-1E1E-2D2D-3C3C-4B4B4B4B4B4B";

fn dsk_5_3() -> Vec<u8> {
    hex("0a 07 07 44 53 4b  a1 03  06 05 6f 6b
         05 40 8f 40 00 00 00 00 00
         0c 21 0f 0f 0f 0f 1e 1e 2d 2d 3c 3c 4b 4b 4b 4b 4b 4b
         0c 21 11 11 11 11 22 22 33 33 44 44 55 55 55 55 55 55
         02  0c 21 aa aa aa aa bb bb cc cc dd dd ee ee ee ee ee ee
         00")
}

#[test]
fn dsk_5_3_both_ways() {
    let bytes = dsk_5_3();
    let small: AcknowledgeMessageExt<String> = amf_serde::from_slice(&bytes).unwrap();
    let ack = small.0.clone();
    assert_eq!(ack.message_id, MSG);
    assert_eq!(ack.correlation_id, CORR);
    assert_eq!(ack.client_id.as_deref(), Some(CLIENT));
    assert_eq!(ack.timestamp, 1000);
    assert_eq!(ack.body, "ok");
    assert_eq!(ack.destination, None);
    assert!(ack.headers.is_empty());
    assert_eq!(to_hex(&amf_serde::to_vec(&small).unwrap()), to_hex(&bytes));
    // the full class converts to the small one
    let built = AcknowledgeMessage {
        body: "ok".to_owned(),
        client_id: Some(CLIENT.into()),
        correlation_id: CORR.into(),
        destination: None,
        headers: Headers::new(),
        message_id: MSG.into(),
        timestamp: 1000,
        time_to_live: 0,
    };
    assert_eq!(
        amf_serde::to_vec(&AcknowledgeMessageExt::from(built.clone())).unwrap(),
        bytes
    );
    let back: AcknowledgeMessage<String> = small.into();
    assert_eq!(back, built);
    // Value keeps the body items and writes them back
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(v.class(), Some("DSK"));
    assert_eq!(amf_serde::to_vec(&v).unwrap(), bytes);
    // FlexMessage recognises it
    match amf_serde::from_slice::<FlexMessage>(&bytes).unwrap() {
        FlexMessage::Acknowledge(a) => assert_eq!(a.body, Value::from("ok")),
        other => panic!("{other:?}"),
    }

    // non-UID ids
    let text = hex("0a 07 07 44 53 4b 10 06 0b 6d 73 67 2d 31 01 06 0d 63 6f 72 72 2d 31 00");
    let small: AcknowledgeMessageExt = amf_serde::from_slice(&text).unwrap();
    assert_eq!(small.0.message_id, "msg-1");
    assert_eq!(small.0.correlation_id, "corr-1");
    assert_eq!(small.0.body, Value::Null);
    assert_eq!(amf_serde::to_vec(&small).unwrap(), text);
}

#[test]
fn dsc_and_dsa_5_4() {
    let dsc = hex("0a 07 07 44 53 43  80 03
        0c 21 0f 0f 0f 0f 1e 1e 2d 2d 3c 3c 4b 4b 4b 4b 4b 4b
        0c 21 11 11 11 11 22 22 33 33 44 44 55 55 55 55 55 55
        00  01 04 02");
    let c: CommandMessageExt = amf_serde::from_slice(&dsc).unwrap();
    assert_eq!(c.0.operation, operation::POLL);
    assert_eq!(c.0.client_id.as_deref(), Some(CLIENT));
    assert_eq!(c.0.message_id, MSG);
    assert_eq!(c.0.body, Value::Null);
    assert_eq!(amf_serde::to_vec(&c).unwrap(), dsc);
    let full: CommandMessage = c.into();
    assert_eq!(amf_serde::to_vec(&CommandMessageExt(full)).unwrap(), dsc);

    let dsa = hex("0a 07 07 44 53 41  85 02  04 07  06 09 63 68 61 74
        0c 21 11 11 11 11 22 22 33 33 44 44 55 55 55 55 55 55  00");
    let a: AsyncMessageExt<i32> = amf_serde::from_slice(&dsa).unwrap();
    assert_eq!(a.0.body, 7);
    assert_eq!(a.0.destination.as_deref(), Some("chat"));
    assert_eq!(a.0.message_id, MSG);
    assert_eq!(amf_serde::to_vec(&a).unwrap(), dsa);
    match amf_serde::from_slice::<FlexMessage>(&dsa).unwrap() {
        FlexMessage::Async(m) => assert_eq!(m.body, Value::Integer(7)),
        other => panic!("{other:?}"),
    }
    // A subscribe (operation 0) has no operation value: Command byte 00.
    let sub = CommandMessageExt(CommandMessage {
        message_id: "m".into(),
        destination: None,
        ..CommandMessage::new(operation::SUBSCRIBE, Value::Null)
    });
    assert_eq!(
        to_hex(&amf_serde::to_vec(&sub).unwrap()),
        "0a 07 07 44 53 43 10 06 03 6d 00 00"
    );
}

#[test]
fn small_message_flags_continuation_and_reserved_bits() {
    // DSA with a third (unknown) Abstract flag byte with bit 0 set, an
    // unknown bit 2 in the second byte and bit 3 in the Async byte: the
    // reader skips one value for each, as the reference reader does.
    // flags 90 84 01; messageId 'm' (bit 4 of byte 1); 04 09 for unknown
    // bit 2 of byte 2; 04 0a for unknown bit 0 of byte 3; Async flags 09:
    // correlationId 'c' and 04 0b for unknown bit 3
    let bytes = hex("0a 07 07 44 53 41  90 84 01  06 03 6d  04 09  04 0a  09 06 03 63 04 0b");
    let a: AsyncMessageExt = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(a.0.message_id, "m");
    assert_eq!(a.0.correlation_id, "c");
    // Value reads the same extent (the stream continues after it)
    let mut two = bytes.clone();
    two.extend(&bytes);
    let arr = [hex("09 05 01"), two.clone()].concat();
    let v: Vec<Value> = amf_serde::from_slice(&arr).unwrap();
    assert_eq!(v.len(), 2);
    let typed: Vec<AsyncMessageExt> = amf_serde::from_slice(&arr).unwrap();
    assert_eq!(typed[1].0.correlation_id, "c");

    // bad ids
    let bad = hex("0a 07 07 44 53 41 80 02 0c 05 01 02 00");
    let err = amf_serde::from_slice::<AsyncMessageExt>(&bad).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected a 16-byte UID, found 2 bytes"),
        "{err}"
    );
    let bad = hex("0a 07 07 44 53 41 10 04 01 00");
    let err = amf_serde::from_slice::<AsyncMessageExt>(&bad).unwrap_err();
    assert!(
        err.to_string().contains("messageId: expected a string"),
        "{err}"
    );
    // truncated anywhere: an error, never a panic
    let full = dsk_5_3();
    for cut in 0..full.len() {
        assert!(amf_serde::from_slice::<AcknowledgeMessageExt>(&full[..cut]).is_err());
        assert!(amf_serde::from_slice::<Value>(&full[..cut]).is_err());
    }
}

// ------------------------------------------------- RocketAMF fixtures

#[test]
fn fixture_remoting_message_6_4() {
    let bytes = fixture("request", "remotingMessage.bin");
    let p = Packet::from_slice(&bytes).unwrap();
    assert_eq!(p.version, Version::Amf3);
    let m = &p.messages[0];
    assert_eq!((&*m.target, &*m.response), ("null", "/2"));
    let call: RemotingMessage<(bool,)> = flex::request_message(m).unwrap();
    assert_eq!(call.operation, "save");
    assert_eq!(call.source, "WritesController");
    assert_eq!(call.message_id, "FE4AF2BC-DD3C-5470-05D8-9971D51FF89D");
    assert_eq!(call.client_id, None);
    assert_eq!(call.body, (true,));
    assert_eq!((call.time_to_live, call.timestamp), (0, 0));
    assert_eq!(call.destination.as_deref(), Some("rubyamf"));
    assert_eq!(call.headers.get("DSEndpoint"), Some(&Value::Null));
    assert_eq!(call.headers.get_str("DSId"), Some("nil"));
    // every member written back in Flash's order, lengths real: identical
    let mut out = Packet::new(Version::Amf3);
    out.messages.push(flex::request(&call, 2).unwrap());
    assert_eq!(to_hex(&out.to_vec().unwrap()), to_hex(&bytes));
    assert_eq!(p.to_vec().unwrap(), bytes);
    // as FlexMessage, and as Vec<Value> arguments
    let any: FlexMessage<Vec<Value>> = flex::request_message(m).unwrap();
    assert!(matches!(any, FlexMessage::Remoting(ref r) if r.body == [Value::Bool(true)]));
}

#[test]
fn fixture_command_message_ping() {
    let bytes = fixture("request", "commandMessage.bin");
    let p = Packet::from_slice(&bytes).unwrap();
    let m = &p.messages[0];
    let ping: CommandMessage = flex::request_message(m).unwrap();
    assert_eq!(ping.operation, operation::CLIENT_PING);
    assert_eq!(ping.correlation_id, "");
    assert_eq!(ping.message_id, "7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246");
    assert_eq!(ping.client_id, None);
    assert_eq!(ping.body, amf_value!({}));
    assert_eq!(ping.destination.as_deref(), Some(""));
    assert_eq!(
        ping.headers.get("DSMessagingVersion"),
        Some(&Value::Integer(1))
    );
    assert_eq!(ping.headers.get_str("DSId"), Some("nil"));
    let mut out = Packet::new(Version::Amf3);
    out.messages.push(flex::request(&ping, 1).unwrap());
    assert_eq!(to_hex(&out.to_vec().unwrap()), to_hex(&bytes));

    // the server's answer assigns a DSId
    let ack = ping.acknowledge(Value::Null);
    assert_eq!(ack.correlation_id, ping.message_id);
    let id = ack.headers.get_str("DSId").unwrap().to_owned();
    assert!(flex::is_uid(&id));
    assert_eq!(ack.client_id.as_deref(), Some(id.as_str()));
    let reply = flex::reply(m, &ack).unwrap();
    assert_eq!(reply.target, "/1/onResult");
    assert_eq!(reply.response, "null");
    let back: AcknowledgeMessage = reply.body.decode().unwrap();
    assert_eq!(back, ack);
}

#[test]
fn fixture_unsupported_command_message() {
    let bytes = fixture("request", "unsupportedCommandMessage.bin");
    let p = Packet::from_slice(&bytes).unwrap();
    let c: CommandMessage = flex::request_message(&p.messages[0]).unwrap();
    assert_eq!(c.operation, operation::UNKNOWN);
    assert_eq!(c.correlation_id, "");
    // This file's correlationId is null (`01`); `correlation_id` is a
    // String, so it is written back as "" (`06 01`), one byte longer: the
    // only difference.
    let mut out = Packet::new(Version::Amf3);
    out.messages.push(flex::request(&c, 1).unwrap());
    let mut expected = bytes.clone();
    expected[19] += 1;
    let at = expected
        .windows(3)
        .position(|w| w == [0x04, 0xce, 0x10])
        .unwrap()
        + 3;
    assert_eq!(expected[at], 0x01);
    expected.splice(at..at + 1, [0x06, 0x01]);
    assert_eq!(to_hex(&out.to_vec().unwrap()), to_hex(&expected));
    assert_eq!(p.to_vec().unwrap(), bytes);
    // the answer is an ErrorMessage on /1/onStatus
    let err = c.error("Server.Processing", "unsupported command");
    let reply = flex::reply(&p.messages[0], &err).unwrap();
    assert_eq!(reply.reply_kind(), Some((ReplyKind::Status, "/1")));
    let back: ErrorMessage = reply.body.decode().unwrap();
    assert_eq!(back.correlation_id, c.message_id);
    assert_eq!(back.fault_code, "Server.Processing");
}

#[test]
fn fixture_flex_request_without_array() {
    // RocketAMF's own writer: the RemotingMessage is the body itself (no
    // argument array) and has dynamic traits with the members in another
    // order. Decodes; re-encoding cannot reproduce dynamic traits.
    let bytes = fixture("request", "flex-request.bin");
    let p = Packet::from_slice(&bytes).unwrap();
    let m = &p.messages[0];
    assert_eq!(m.body.offset(), 20);
    let call: RemotingMessage<(&str, &str)> = flex::request_message(m).unwrap();
    assert_eq!(call.body, ("first_arg", "second_arg"));
    assert_eq!(call.operation, "test");
    assert_eq!(call.source, "TestController");
    assert_eq!(call.message_id, "9D108E33-B591-BE79-210D-F1A72D06B578");
    assert_eq!(call.destination, None);
    assert!(call.headers.is_empty());
    // arguments borrowed from the packet
    assert!(bytes.as_ptr_range().contains(&call.body.0.as_ptr()));
    // the packet itself re-encodes with the real length
    assert_eq!(
        to_hex(&p.to_vec().unwrap()),
        to_hex(&with_real_lengths(&bytes, &p))
    );
}

#[test]
fn fixture_acknowledge_response_dynamic() {
    // RocketAMF writes AcknowledgeMessage with dynamic traits; decoded by
    // name. Our writer uses sealed traits (not byte-identical).
    let bytes = fixture("request", "acknowledge-response.bin");
    let p = Packet::from_slice(&bytes).unwrap();
    let m = &p.messages[0];
    assert_eq!(m.reply_kind(), Some((ReplyKind::Result, "/1")));
    let ack: AcknowledgeMessage = m.body.decode().unwrap();
    assert_eq!(ack.body, Value::Null);
    assert_eq!(
        ack.client_id.as_deref(),
        Some("7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246")
    );
    assert_eq!(ack.correlation_id, "");
    assert_eq!(ack.destination, None);
    assert!(ack.headers.is_empty());
    assert_eq!(ack.message_id, "7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246");
    assert_eq!((ack.time_to_live, ack.timestamp), (0, 0));
    assert_eq!(
        to_hex(&p.to_vec().unwrap()),
        to_hex(&with_real_lengths(&bytes, &p))
    );
    // our encoding decodes to the same message
    let again = amf_serde::to_vec(&ack).unwrap();
    assert_eq!(
        amf_serde::from_slice::<AcknowledgeMessage>(&again).unwrap(),
        ack
    );
}

#[test]
fn fixture_blaze_response_5_5() {
    let bytes = fixture("request", "blaze-response.bin");
    let p = Packet::from_slice(&bytes).unwrap();
    let m = &p.messages[0];
    assert_eq!(m.reply_kind(), Some((ReplyKind::Result, "/33")));
    assert_eq!(m.response, "");
    let small: AcknowledgeMessageExt<String> = m.body.decode().unwrap();
    let ack = &small.0;
    assert!(ack.body.starts_with("<env:Envelope"));
    assert_eq!(ack.body.len(), 223);
    assert_eq!(ack.timestamp, 1_306_275_431_838);
    assert_eq!(
        ack.client_id.as_deref(),
        Some("8814A067-FE0D-3A9C-A274-4AAED9BD7B0B")
    );
    assert_eq!(ack.message_id, "8817EEF6-BE0D-8462-17F1-38B6A43414DE");
    assert_eq!(ack.correlation_id, "7BB01BC0-C836-8F4D-7B47-241543357109");
    // The body is written back identically; only BlazeDS's -1 length
    // becomes the real one.
    let mut out = Packet::new(Version::Amf3);
    out.messages.push(amf_serde::remoting::Message::new(
        "/33/onResult",
        "",
        amf_serde::remoting::Body::amf3(&small).unwrap(),
    ));
    assert_eq!(
        to_hex(&out.to_vec().unwrap()),
        to_hex(&with_real_lengths(&bytes, &p))
    );
    // FlexMessage and Value read it too
    match m.body.decode::<FlexMessage>().unwrap() {
        FlexMessage::Acknowledge(a) => assert_eq!(a.timestamp, 1_306_275_431_838),
        other => panic!("{other:?}"),
    }
    let v: Value = m.body.decode().unwrap();
    assert_eq!(v.class(), Some("DSK"));
}

#[test]
fn fixture_simple_requests_and_responses() {
    for name in ["simple-request.bin", "multiple-simple-request.bin"] {
        let bytes = fixture("request", name);
        let p = Packet::from_slice(&bytes).unwrap();
        assert_eq!(p.version, Version::Amf0);
        for (i, m) in p.messages.iter().enumerate() {
            let target = if i == 0 {
                "TestController.test"
            } else {
                "TestController.test2"
            };
            assert_eq!(m.target, target);
            assert_eq!(m.call_number(), Some(i as u32 + 1));
            let (a, b): (&str, &str) = m.arguments().unwrap();
            assert_eq!((a, b), ("first_arg", "second_arg"));
        }
        // -1 lengths become real ones; everything else identical
        let fixed = with_real_lengths(&bytes, &p);
        assert_eq!(to_hex(&p.to_vec().unwrap()), to_hex(&fixed));
        let mut built = Packet::new(Version::Amf0);
        for m in &p.messages {
            built.messages.push(
                amf_serde::remoting::Message::call(
                    m.target.clone(),
                    m.call_number().unwrap(),
                    &("first_arg", "second_arg"),
                )
                .unwrap(),
            );
        }
        assert_eq!(built.to_vec().unwrap(), fixed);
    }

    let bytes = fixture("request", "simple-response.bin");
    let p = Packet::from_slice(&bytes).unwrap();
    assert_eq!(p.messages[0].reply_kind(), Some((ReplyKind::Result, "/1")));
    assert_eq!(p.messages[0].body.decode::<&str>().unwrap(), "hello");
    let mut built = Packet::new(Version::Amf3);
    built.messages.push(amf_serde::remoting::Message::new(
        "/1/onResult",
        "",
        amf_serde::remoting::Body::amf3("hello").unwrap(),
    ));
    assert_eq!(built.to_vec().unwrap(), with_real_lengths(&bytes, &p));

    // RocketAMF writes the status target without the leading slash
    let bytes = fixture("request", "amf0-error-response.bin");
    let p = Packet::from_slice(&bytes).unwrap();
    let m = &p.messages[0];
    assert_eq!(m.reply_kind(), Some((ReplyKind::Status, "1")));
    #[derive(Deserialize, Serialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Fault {
        fault_code: String,
        fault_detail: String,
        fault_string: String,
    }
    let f: Fault = m.body.decode().unwrap();
    assert_eq!(
        f,
        Fault {
            fault_code: "Exception".into(),
            fault_detail: "Backtrace 1\nBacktrace 2".into(),
            fault_string: "Error message".into(),
        }
    );
    let mut built = Packet::new(Version::Amf0);
    built
        .messages
        .push(amf_serde::remoting::Message::reply("1", ReplyKind::Status, &f).unwrap());
    built.messages[0].response = "".into();
    assert_eq!(
        to_hex(&built.to_vec().unwrap()),
        to_hex(&with_real_lengths(&bytes, &p))
    );
}

// ------------------------------------------------- message classes

#[test]
fn members_match_by_name_in_any_order_and_tolerate_gaps() {
    // alphabetical (PyAMF), with an extra member (BlazeDS's `parameters`),
    // missing timestamp, null strings, a double for timeToLive
    let mut b = hex("0a 81 13");
    b.extend(utf("flex.messaging.messages.RemotingMessage"));
    for name in [
        "body",
        "clientId",
        "destination",
        "headers",
        "messageId",
        "operation",
        "parameters",
        "source",
        "timeToLive",
    ] {
        b.extend(utf(name));
    }
    b.extend(hex("09 05 01 04 01 04 02")); // body [1, 2]
    b.extend(hex("01")); // clientId null
    b.extend(hex("06")); // destination
    b.extend(utf("calc"));
    b.extend(hex("01")); // headers null
    b.extend(hex("01")); // messageId null
    b.extend(hex("06"));
    b.extend(utf("add"));
    b.extend(hex("09 01 01")); // parameters []
    b.extend(hex("01")); // source null
    b.extend(hex("05 40 8f 40 00 00 00 00 00")); // timeToLive 1000.0
    let m: RemotingMessage<(i32, i32)> = amf_serde::from_slice(&b).unwrap();
    assert_eq!(m.body, (1, 2));
    assert_eq!(m.operation, "add");
    assert_eq!(m.destination.as_deref(), Some("calc"));
    assert_eq!(m.message_id, "");
    assert_eq!(m.source, "");
    assert_eq!(m.time_to_live, 1000);
    assert_eq!(m.timestamp, 0);
    assert!(m.headers.is_empty());
    // another class is refused
    let ack = amf_serde::to_vec(&AcknowledgeMessage::new(1)).unwrap();
    let err = amf_serde::from_slice::<RemotingMessage>(&ack).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected an object of class \"flex.messaging.messages.RemotingMessage\""),
        "{err}"
    );
}

#[test]
fn error_message_members() {
    let mut e = ErrorMessage::new("Server.Processing", "boom");
    e.fault_detail = "at line 1".into();
    e.root_cause = amf_value!({"message": "inner"});
    e.extended_data = amf_value!({"k": 1});
    let bytes = amf_serde::to_vec(&e).unwrap();
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(v.class(), Some("flex.messaging.messages.ErrorMessage"));
    let names: Vec<&str> = v
        .as_object()
        .unwrap()
        .members()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "body",
            "clientId",
            "correlationId",
            "destination",
            "extendedData",
            "faultCode",
            "faultDetail",
            "faultString",
            "headers",
            "messageId",
            "rootCause",
            "timestamp",
            "timeToLive"
        ]
    );
    assert_eq!(v["faultCode"], Value::from("Server.Processing"));
    assert_eq!(v["rootCause"]["message"], Value::from("inner"));
    assert_eq!(amf_serde::from_slice::<ErrorMessage>(&bytes).unwrap(), e);
    match amf_serde::from_slice::<FlexMessage>(&bytes).unwrap() {
        FlexMessage::Error(x) => assert_eq!(x.fault_string, "boom"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn acknowledge_helpers() {
    let mut call = RemotingMessage::new("svc", "f", vec![Value::from(1)]);
    call.client_id = Some("C".into());
    call.headers.insert("DSId", "D");
    let ack = call.acknowledge("r");
    assert_eq!(ack.correlation_id, call.message_id);
    assert_eq!(ack.client_id.as_deref(), Some("C"));
    assert!(ack.headers.is_empty(), "DSId known: not sent again");
    assert_ne!(ack.message_id, call.message_id);
    assert!(flex::is_uid(&ack.message_id));
    let now = flex::now_millis();
    assert!((now - ack.timestamp).abs() < 60_000);
    // no client id, DSId known: the DSId is the client id
    call.client_id = None;
    assert_eq!(call.acknowledge(()).client_id.as_deref(), Some("D"));
    let err = call.error("Code", "text");
    assert_eq!(err.correlation_id, call.message_id);
    assert_eq!(err.client_id.as_deref(), Some("D"));
    let a = AsyncMessage::new("chat", "hi");
    assert_eq!(a.acknowledge(()).correlation_id, a.message_id);
    let f: FlexMessage<Value> = FlexMessage::Async(AsyncMessage::new("chat", Value::from("x")));
    assert_eq!(f.acknowledge(1).correlation_id, f.message_id());
}

#[test]
fn flex_message_rejects_other_classes() {
    let err =
        amf_serde::from_slice::<FlexMessage>(&amf_serde::to_vec(&amf_value!({"a": 1})).unwrap())
            .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("expected a Flex message, found a value without a class"),
        "{err}"
    );
    let err = amf_serde::from_slice::<FlexMessage>(
        &amf_serde::to_vec(&ArrayCollection(vec![1])).unwrap(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("class \"flex.messaging.io.ArrayCollection\""),
        "{err}"
    );
    // (fuzz round 8) the error has an offset, also inside a packet
    assert_eq!(err.offset(), Some(0));
    let mut p = Packet::new(Version::Amf3);
    p.messages.push(amf_serde::remoting::Message::new(
        "/1/onResult",
        "",
        amf_serde::remoting::Body::amf3(&amf_value!({"a": 1})).unwrap(),
    ));
    let bytes = p.to_vec().unwrap();
    let p = Packet::from_slice(&bytes).unwrap();
    let err = p.messages[0].body.decode::<FlexMessage>().unwrap_err();
    assert_eq!(err.offset(), Some(26)); // the AMF3 object after 0x11
    let err = flex::request_message::<FlexMessage>(&p.messages[0]).unwrap_err();
    assert_eq!(err.offset(), Some(26)); // the AMF3 object after 0x11
}

#[test]
fn small_message_undefined_body_round_trips() {
    // (fuzz round 8) body `undefined` (bit set, value 00) is kept; `null`
    // means "not set"
    let bytes = hex("0a 07 07 44 53 4b 01 00 00 00");
    let m: AcknowledgeMessageExt = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(m.0.body, Value::Undefined);
    assert_eq!(amf_serde::to_vec(&m).unwrap(), bytes);
    let with_null = hex("0a 07 07 44 53 4b 01 01 00 00");
    let m: AcknowledgeMessageExt = amf_serde::from_slice(&with_null).unwrap();
    assert_eq!(m.0.body, Value::Null);
    assert_eq!(
        amf_serde::to_vec(&m).unwrap(),
        hex("0a 07 07 44 53 4b 00 00 00")
    );
}

#[test]
fn royale_style_requests() {
    // royale.md §2: version 3, length field 1, `11` + an AMF3 array of one
    // element, sealed members in alphabetical order.
    #[amf(alias = "flex.messaging.messages.RemotingMessage")]
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct RoyaleCall {
        body: (String, i32),
        client_id: Option<String>,
        destination: String,
        headers: BTreeMap<String, String>,
        message_id: String,
        operation: String,
        source: Option<String>,
        time_to_live: i32,
        timestamp: i32,
    }
    let call = RoyaleCall {
        body: ("hi".into(), 2),
        client_id: None,
        destination: "echo".into(),
        headers: [("DSId".to_owned(), CLIENT.to_owned())].into(),
        message_id: MSG.into(),
        operation: "say".into(),
        source: None,
        time_to_live: 0,
        timestamp: 0,
    };
    let mut p = Packet::new(Version::Amf3);
    p.messages.push(amf_serde::remoting::Message::new(
        "null",
        "/1",
        amf_serde::remoting::Body::amf3(&(&call,)).unwrap(),
    ));
    let mut bytes = p.to_vec().unwrap();
    bytes[16..20].copy_from_slice(&[0, 0, 0, 1]); // Royale's length field
    assert_eq!(bytes[20..22], [0x11, 0x09]);
    let p = Packet::from_slice(&bytes).unwrap();
    let m: RemotingMessage<(&str, i32)> = flex::request_message(&p.messages[0]).unwrap();
    assert_eq!(m.body, ("hi", 2));
    assert_eq!(m.operation, "say");
    assert_eq!(m.source, "");
    assert_eq!(m.headers.get_str("DSId"), Some(CLIENT));
    assert!(matches!(
        flex::request_message::<FlexMessage>(&p.messages[0]).unwrap(),
        FlexMessage::Remoting(_)
    ));
    // the ping's acknowledgement carries the DSId Royale needs (royale.md §3)
    let ping = CommandMessage::client_ping();
    let ack = ping.acknowledge(Value::Null);
    assert!(flex::is_uid(ack.headers.get_str("DSId").unwrap()));
}
