//! Remoting packets (`amf_serde::remoting`): the worked examples of
//! envelope.md §6 byte for byte, the NetConnection conventions, and bad
//! input (truncation, versions, counts, limits) with offsets and parts.

use std::borrow::Cow;

use amf_serde::remoting::{
    Amf3, Body, Credentials, Header, Message, Packet, PacketPart, PersistentHeader, ReplyKind,
    Status, Version,
};
use amf_serde::{amf_value, Options, Value};
use amf_serde_tests::{hex, to_hex};
use serde::Deserialize;

/// envelope.md §6.1: `NetConnection.call("echo.hello", responder, "hi", 2)`.
const CALL_6_1: &str = "00 00 00 00 00 01
    00 0a 65 63 68 6f 2e 68 65 6c 6c 6f  00 02 2f 31  00 00 00 13
    0a 00 00 00 02  02 00 02 68 69  00 40 00 00 00 00 00 00 00";

#[test]
fn call_6_1_decodes_and_encodes_byte_for_byte() {
    let bytes = hex(CALL_6_1);
    let p = Packet::from_slice(&bytes).unwrap();
    assert_eq!(p.version, Version::Amf0);
    assert!(p.headers.is_empty());
    assert_eq!(p.messages.len(), 1);
    let m = &p.messages[0];
    assert_eq!(m.target, "echo.hello");
    assert_eq!(m.response, "/1");
    assert_eq!(m.call_number(), Some(1));
    assert_eq!(m.body.offset(), 26);
    assert_eq!(m.body.as_bytes().len(), 0x13);

    // typed: a tuple borrowing from the packet
    let (s, n): (&str, f64) = m.arguments().unwrap();
    assert_eq!((s, n), ("hi", 2.0));
    let range = bytes.as_ptr_range();
    assert!(range.contains(&s.as_ptr()));
    assert!(matches!(m.target, Cow::Borrowed(_)));
    // Vec<Value> for the unknown
    let args: Vec<Value> = m.arguments().unwrap();
    assert_eq!(args, vec![Value::from("hi"), Value::Double(2.0)]);
    // a struct read by position
    #[derive(Deserialize, Debug, PartialEq)]
    struct Hello {
        greeting: String,
        times: u8,
    }
    assert_eq!(
        m.arguments::<Hello>().unwrap(),
        Hello {
            greeting: "hi".into(),
            times: 2
        }
    );

    // the same call built in Rust: PyAMF's strict output exactly
    let mut built = Packet::new(Version::Amf0);
    built
        .messages
        .push(Message::call("echo.hello", 1, &("hi", 2)).unwrap());
    assert_eq!(to_hex(&built.to_vec().unwrap()), to_hex(&bytes));
    assert_eq!(p.to_vec().unwrap(), bytes);
}

#[test]
fn non_strict_pyamf_length_zero_is_ignored() {
    let mut bytes = hex(CALL_6_1);
    bytes[22..26].copy_from_slice(&[0, 0, 0, 0]);
    let p = Packet::from_slice(&bytes).unwrap();
    assert_eq!(
        p.messages[0].arguments::<(String, i32)>().unwrap(),
        ("hi".into(), 2)
    );
    // written back with the real length
    assert_eq!(p.to_vec().unwrap(), hex(CALL_6_1));
}

#[test]
fn responses_6_2() {
    let ok = hex("00 00 00 00 00 01
        00 0b 2f 31 2f 6f 6e 52 65 73 75 6c 74  00 04 6e 75 6c 6c  00 00 00 05
        02 00 02 6f 6b");
    let p = Packet::from_slice(&ok).unwrap();
    assert_eq!(p.messages[0].reply_kind(), Some((ReplyKind::Result, "/1")));
    assert_eq!(p.messages[0].body.decode::<&str>().unwrap(), "ok");
    let request = Message::call("echo.hello", 1, &("hi", 2)).unwrap();
    let mut built = Packet::new(Version::Amf0);
    built.messages.push(request.result("ok").unwrap());
    assert_eq!(to_hex(&built.to_vec().unwrap()), to_hex(&ok));

    let fault = hex("00 00 00 00 00 01
        00 0b 2f 31 2f 6f 6e 53 74 61 74 75 73  00 04 6e 75 6c 6c  00 00 00 0e
        03 00 04 63 6f 64 65 02 00 01 45 00 00 09");
    let p = Packet::from_slice(&fault).unwrap();
    assert_eq!(p.messages[0].reply_kind(), Some((ReplyKind::Status, "/1")));
    let status: Status = p.messages[0].body.decode().unwrap();
    assert_eq!(status.code, "E");
    assert_eq!(status.level, "");
    let mut built = Packet::new(Version::Amf0);
    built
        .messages
        .push(request.status(&amf_value!({"code": "E"})).unwrap());
    assert_eq!(to_hex(&built.to_vec().unwrap()), to_hex(&fault));

    // BlazeDS: version 3, empty response URI, length 1, 0x11 + ["x"]
    let blaze = hex("00 03 00 00 00 01
        00 0b 2f 31 2f 6f 6e 52 65 73 75 6c 74  00 00  00 00 00 01
        11 09 03 01 06 03 78");
    let p = Packet::from_slice(&blaze).unwrap();
    assert_eq!(p.version, Version::Amf3);
    assert_eq!(p.messages[0].response, "");
    assert_eq!(p.messages[0].body.decode::<Vec<String>>().unwrap(), ["x"]);
    // Re-encoded, only the length differs: BlazeDS's "unknown" 1 is not
    // representable (the writer always puts the real length, 7).
    let mut expected = blaze.clone();
    expected[21..25].copy_from_slice(&[0, 0, 0, 7]);
    assert_eq!(to_hex(&p.to_vec().unwrap()), to_hex(&expected));
    // and built in Rust: AMF3 body
    let mut built = Packet::new(Version::Amf3);
    built
        .messages
        .push(Message::new("/1/onResult", "", Body::amf3(&["x"]).unwrap()));
    assert_eq!(built.to_vec().unwrap(), expected);
}

fn armorgames_request(id: &str, sig: &str) -> Vec<u8> {
    let mut b = hex("00 03 00 03");
    let utf = |b: &mut Vec<u8>, s: &str| {
        b.extend_from_slice(&(s.len() as u16).to_be_bytes());
        b.extend_from_slice(s.as_bytes());
    };
    utf(&mut b, "authenticate");
    b.extend(hex("01 00 00 00 02 01 01"));
    utf(&mut b, "Credentials");
    b.extend(hex("00 00 00 00 45 11 0a 0b 01 11"));
    b.extend(b"password");
    b.extend(hex("06 19"));
    b.extend(b"kingdom-rush");
    b.extend(hex("0d"));
    b.extend(b"userid");
    b.extend(hex("06 41"));
    b.extend(id.as_bytes());
    b.push(0x01);
    utf(&mut b, "signature");
    b.extend(hex("01 00 00 00 23 02 00 20"));
    b.extend(sig.as_bytes());
    b.extend(hex("00 01"));
    utf(&mut b, "auth.authenticate");
    utf(&mut b, "/1");
    b.extend(hex("00 00 00 4b 0a 00 00 00 04 02 00 20"));
    b.extend(id.as_bytes());
    b.extend(hex("02 00 0c"));
    b.extend(b"kingdom-rush");
    b.extend(hex("02 00 08"));
    b.extend(b"32149996");
    b.extend(hex("00 3f f0 00 00 00 00 00 00"));
    b
}

#[test]
fn headers_6_3_flash_request_with_real_lengths() {
    let id = "0123456789abcdef0123456789abcdef";
    let sig = "fedcba9876543210fedcba9876543210";
    let bytes = armorgames_request(id, sig);
    let p = Packet::from_slice(&bytes).unwrap();
    assert_eq!(p.version, Version::Amf3);
    assert_eq!(p.headers.len(), 3);
    assert_eq!(p.headers[0].name, "authenticate");
    assert!(p.headers[0].must_understand);
    assert!(p.headers[0].value.decode::<bool>().unwrap());
    let creds = p.header("Credentials").unwrap();
    assert!(!creds.must_understand);
    assert_eq!(creds.value.as_bytes().len(), 0x45);
    let c: Credentials = creds.value.decode().unwrap();
    assert_eq!(
        c,
        Credentials {
            userid: id.into(),
            password: "kingdom-rush".into()
        }
    );
    assert_eq!(p.headers[2].value.decode::<&str>().unwrap(), sig);
    let m = &p.messages[0];
    assert_eq!(m.target, "auth.authenticate");
    let (a, b, c, d): (&str, &str, &str, f64) = m.arguments().unwrap();
    assert_eq!((a, b, c, d), (id, "kingdom-rush", "32149996", 1.0));
    // real lengths everywhere: identical bytes
    assert_eq!(to_hex(&p.to_vec().unwrap()), to_hex(&bytes));

    // Built in Rust: the header written as Flash does (0x11 + AMF3 object)
    let mut built = Packet::new(Version::Amf3);
    built
        .headers
        .push(Header::amf0("authenticate", true, &true).unwrap());
    built.headers.push(Header::new(
        "Credentials",
        false,
        Body::amf3(&amf_value!({"password": "kingdom-rush", "userid": id})).unwrap(),
    ));
    built
        .headers
        .push(Header::amf0("signature", true, sig).unwrap());
    built.messages.push(
        Message::call(
            "auth.authenticate",
            1,
            &(id, "kingdom-rush", "32149996", 1.0),
        )
        .unwrap(),
    );
    assert_eq!(to_hex(&built.to_vec().unwrap()), to_hex(&bytes));
}

#[test]
fn append_to_gateway_url_response_6_3() {
    let session = "?agi_session=0123456789abcdef0123456789abcdef";
    let mut built = Packet::new(Version::Amf3);
    built
        .headers
        .push(Header::append_to_gateway_url(session).unwrap());
    built
        .messages
        .push(Message::reply("/1", ReplyKind::Result, &Amf3(vec!["token"])).unwrap());
    let bytes = built.to_vec().unwrap();
    let mut expected = hex("00 03 00 01 00 12");
    expected.extend(b"AppendToGatewayUrl");
    expected.extend(hex("00 00 00 00 30 02 00 2d"));
    expected.extend(session.as_bytes());
    expected.extend(hex("00 01 00 0b"));
    expected.extend(b"/1/onResult");
    expected.extend(hex("00 04"));
    expected.extend(b"null");
    expected.extend(hex("00 00 00 0b 11 09 03 01 06 0b"));
    expected.extend(b"token");
    assert_eq!(to_hex(&bytes), to_hex(&expected));
    let back = Packet::from_slice(&bytes).unwrap();
    assert_eq!(
        back.header("AppendToGatewayUrl")
            .unwrap()
            .value
            .decode::<&str>()
            .unwrap(),
        session
    );
}

#[test]
fn predefined_headers() {
    let h = Header::credentials("ada", "pw").unwrap();
    // AMF0 anonymous object {userid, password}
    let mut expected = hex("03 00 06");
    expected.extend(b"userid");
    expected.extend(hex("02 00 03"));
    expected.extend(b"ada");
    expected.extend(hex("00 08"));
    expected.extend(b"password");
    expected.extend(hex("02 00 02"));
    expected.extend(b"pw");
    expected.extend(hex("00 00 09"));
    assert_eq!(to_hex(h.value.as_bytes()), to_hex(&expected));
    assert_eq!(h.name, "Credentials");

    let h = Header::replace_gateway_url("http://x/gw").unwrap();
    assert_eq!(h.name, "ReplaceGatewayUrl");
    assert_eq!(h.value.decode::<String>().unwrap(), "http://x/gw");

    let h = Header::request_persistent_header("Credentials", true, &amf_value!({"userid": "a"}))
        .unwrap();
    assert_eq!(h.name, "RequestPersistentHeader");
    let p: PersistentHeader = h.value.decode().unwrap();
    assert_eq!(p.name, "Credentials");
    assert!(p.must_understand);
    assert_eq!(p.data["userid"], Value::from("a"));
    // member order on the wire: name, mustUnderstand, data
    let mut expected = hex("03 00 04");
    expected.extend(b"name");
    expected.extend(hex("02 00 0b"));
    expected.extend(b"Credentials");
    expected.extend(hex("00 0e"));
    expected.extend(b"mustUnderstand");
    expected.extend(hex("01 01 00 04"));
    expected.extend(b"data");
    expected.extend(hex("03 00 06"));
    expected.extend(b"userid");
    expected.extend(hex("02 00 01 61 00 00 09 00 00 09"));
    assert_eq!(to_hex(h.value.as_bytes()), to_hex(&expected));
}

#[test]
fn status_object_members() {
    let s = Status {
        level: "error".into(),
        code: "Server.Call.Failed".into(),
        description: "boom".into(),
        details: Some("trace".into()),
        kind: Some("KeyError".into()),
    };
    let v: Value = amf_serde::amf0::from_slice(&amf_serde::amf0::to_vec(&s).unwrap()).unwrap();
    assert_eq!(v["level"], Value::from("error"));
    assert_eq!(v["code"], Value::from("Server.Call.Failed"));
    assert_eq!(v["description"], Value::from("boom"));
    assert_eq!(v["details"], Value::from("trace"));
    assert_eq!(v["type"], Value::from("KeyError"));
}

#[test]
fn batched_calls_have_consecutive_numbers() {
    let mut p = Packet::new(Version::Amf0);
    p.messages.push(Message::call("a.b", 1, &[1]).unwrap());
    p.messages.push(Message::call("a.c", 2, &[2]).unwrap());
    let bytes = p.to_vec().unwrap();
    let back = Packet::from_slice(&bytes).unwrap();
    let numbers: Vec<_> = back.messages.iter().map(|m| m.call_number()).collect();
    assert_eq!(numbers, [Some(1), Some(2)]);
    assert!(Message::call("a.b", 1, &5).is_err(), "not a sequence");
    let m = Message::new("x", "/01x", Body::amf0(&()).unwrap());
    assert_eq!(m.call_number(), None);
}

#[test]
fn amf3_switch_segments_share_tables_within_a_value() {
    // [Amf3("abc"), Amf3("abc")] inside one AMF0 array: the second string
    // is a reference to the first (06 00)
    let body = Body::amf0(&(Amf3("abc"), Amf3("abc"))).unwrap();
    assert_eq!(
        to_hex(body.as_bytes()),
        "0a 00 00 00 02 11 06 07 61 62 63 11 06 00"
    );
    let (a, b): (String, String) = body.decode().unwrap();
    assert_eq!((a.as_str(), b.as_str()), ("abc", "abc"));
    // but not across messages: each message starts fresh tables
    let mut p = Packet::new(Version::Amf3);
    p.messages.push(Message::new("a", "/1", body.clone()));
    p.messages.push(Message::new("b", "/2", body));
    let bytes = p.to_vec().unwrap();
    let back = Packet::from_slice(&bytes).unwrap();
    for m in &back.messages {
        assert_eq!(
            m.arguments::<(String, String)>().unwrap(),
            ("abc".into(), "abc".into())
        );
    }
    // A reference to a string of the previous message is out of range.
    let mut bad = bytes.clone();
    // second message's first string: 06 07 'abc' -> 06 00 (a reference)
    let second = back.messages[1].body.offset();
    assert_eq!(bad[second + 6..second + 11], [0x06, 0x07, b'a', b'b', b'c']);
    bad.splice(second + 7..second + 11, [0x00]);
    let err = Packet::from_slice(&bad).unwrap_err();
    assert_eq!(err.packet_part(), Some(PacketPart::Message(1)));
    assert!(
        err.to_string().contains("string reference 0 out of range"),
        "{err}"
    );
}

#[test]
fn header_amf0_reference_tables_are_per_value() {
    // header 0: [{}, ref 1]; header 1: ref 1 alone would be out of range
    let mut bytes = hex("00 00 00 02");
    bytes.extend(hex(
        "00 01 61 00 ff ff ff ff 0a 00 00 00 02 03 00 00 09 07 00 01",
    ));
    bytes.extend(hex("00 01 62 00 ff ff ff ff 07 00 00"));
    bytes.extend(hex("00 00"));
    let err = Packet::from_slice(&bytes).unwrap_err();
    assert_eq!(err.packet_part(), Some(PacketPart::Header(1)));
    assert_eq!(
        err.to_string(),
        "object reference 0 out of range (0 entries) at byte offset 32 in header 1"
    );
}

#[test]
fn versions() {
    for (v, ok) in [
        (0u16, true),
        (1, true),
        (2, false),
        (3, true),
        (4, false),
        (9, false),
        (0xffff, false),
    ] {
        let mut b = v.to_be_bytes().to_vec();
        b.extend([0, 0, 0, 0]);
        match Packet::from_slice(&b) {
            Ok(p) => {
                assert!(ok, "version {v} accepted");
                assert_eq!(p.version.as_u16(), v);
                assert_eq!(p.to_vec().unwrap(), b);
            }
            Err(e) => {
                assert!(!ok, "version {v} rejected: {e}");
                assert_eq!(
                    e.to_string(),
                    format!("unsupported remoting packet version {v} (expected 0, 1 or 3) at byte offset 0")
                );
                assert!(e.is_syntax());
                assert_eq!(e.packet_part(), None);
            }
        }
    }
    assert!(Version::try_from(2).is_err());
    assert_eq!(Version::try_from(1).unwrap(), Version::FlashCom);
}

#[test]
fn empty_packet_and_zero_messages() {
    let empty = hex("00 03 00 00 00 00");
    let p = Packet::from_slice(&empty).unwrap();
    assert_eq!(p, Packet::new(Version::Amf3));
    assert_eq!(
        Packet::new(Version::Amf3).to_vec().unwrap(),
        hex("00 03 00 00 00 00")
    );
}

#[test]
fn every_truncation_is_an_error_with_offset() {
    let full = armorgames_request(
        "0123456789abcdef0123456789abcdef",
        "fedcba9876543210fedcba9876543210",
    );
    for cut in 0..full.len() {
        let err = Packet::from_slice(&full[..cut]).unwrap_err();
        assert!(err.is_eof(), "cut {cut}: {err}");
        assert_eq!(err.offset(), Some(cut as u64), "cut {cut}: {err}");
    }
    // the part is named inside headers and messages
    let err = Packet::from_slice(&full[..20]).unwrap_err();
    assert_eq!(err.packet_part(), Some(PacketPart::Header(0)));
    let err = Packet::from_slice(&full[..full.len() - 3]).unwrap_err();
    assert_eq!(err.packet_part(), Some(PacketPart::Message(0)));
    // trailing bytes
    let mut more = full.clone();
    more.push(0);
    let err = Packet::from_slice(&more).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "1 trailing byte after the value at byte offset {}",
            full.len()
        )
    );
}

#[test]
fn counts_beyond_the_bytes() {
    // 65535 headers claimed, 0 present: no huge allocation, EOF at 4 in header 0
    let err = Packet::from_slice(&hex("00 00 ff ff")).unwrap_err();
    assert!(err.is_eof());
    assert_eq!(err.offset(), Some(4));
    assert_eq!(err.packet_part(), Some(PacketPart::Header(0)));
    // 65535 messages, one present
    let mut b = hex("00 00 00 00 ff ff 00 01 61 00 01 62 00 00 00 00 05");
    let err = Packet::from_slice(&b).unwrap_err();
    assert_eq!(err.packet_part(), Some(PacketPart::Message(1)));
    assert_eq!(err.offset(), Some(b.len() as u64));
    // huge string length in a name, huge strict array count in a body
    b = hex("00 00 00 01 ff ff 61");
    let err = Packet::from_slice(&b).unwrap_err();
    assert!(err.is_eof());
    assert_eq!(err.packet_part(), Some(PacketPart::Header(0)));
    b = hex("00 00 00 00 00 01 00 01 61 00 01 62 ff ff ff ff 0a ff ff ff ff 05");
    let err = Packet::from_slice(&b).unwrap_err();
    assert!(err.is_eof(), "{err}");
    assert_eq!(err.packet_part(), Some(PacketPart::Message(0)));
    // invalid UTF-8 in a URI
    b = hex("00 00 00 00 00 01 00 01 ff 00 01 62 00 00 00 00 05");
    let err = Packet::from_slice(&b).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid UTF-8 in string at byte offset 8 in message 0"
    );
}

#[test]
fn body_that_is_not_an_array() {
    let b = hex("00 00 00 00 00 02
        00 01 61 00 02 2f 31 00 00 00 00 0a 00 00 00 00
        00 01 62 00 02 2f 32 00 00 00 00 02 00 01 78");
    let p = Packet::from_slice(&b).unwrap();
    assert!(p.messages[0].arguments::<Vec<Value>>().unwrap().is_empty());
    let err = p.messages[1].arguments::<Vec<Value>>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "the body of a request must be an array of arguments, found marker 0x02 at byte offset 33 in message 1"
    );
    assert!(err.is_syntax());
    // a typed mismatch inside the body: offset in the packet, message named
    let err = p.messages[0].arguments::<(i32,)>().unwrap_err();
    assert_eq!(err.packet_part(), Some(PacketPart::Message(0)));
    assert_eq!(err.offset(), Some(17));
}

#[test]
fn limits_apply_per_value_and_to_the_packet() {
    // depth: one message nesting 10 arrays
    let mut body = [0x0a, 0, 0, 0, 1].repeat(10);
    body.push(0x05);
    let mut p = Packet::new(Version::Amf0);
    p.messages.push(Message::new(
        "a",
        "/1",
        Body::from_bytes(body.clone()).unwrap(),
    ));
    let bytes = p.to_vec().unwrap();
    let err = Packet::from_slice_with(&bytes, &Options::new().with_max_depth(5)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("nesting depth limit of 5 exceeded"),
        "{err}"
    );
    assert_eq!(err.packet_part(), Some(PacketPart::Message(0)));
    assert!(Packet::from_slice_with(&bytes, &Options::new().with_max_depth(11)).is_ok());

    // work: 4 messages of 11 values each pass a limit of 20 one by one but
    // not together
    let mut p = Packet::new(Version::Amf0);
    for i in 0..4 {
        p.messages.push(Message::call("a", i, &[0u8; 10]).unwrap());
    }
    let bytes = p.to_vec().unwrap();
    let opts = Options::new().with_max_work(20);
    for m in &Packet::from_slice(&bytes).unwrap().messages {
        m.arguments_with::<Vec<u8>>(&opts).unwrap();
    }
    let err = Packet::from_slice_with(&bytes, &opts).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("work limit of 20 decoded values exceeded"),
        "{err}"
    );
    assert_eq!(err.packet_part(), Some(PacketPart::Message(1)));
    assert!(Packet::from_slice_with(&bytes, &Options::new().with_max_work(44)).is_ok());
    assert!(Packet::from_slice_with(&bytes, &Options::new().with_max_work(43)).is_err());

    // the collection limit applies to the header and message counts
    let err =
        Packet::from_slice_with(&bytes, &Options::new().with_max_collection_len(3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "message count of 4 exceeds the limit of 3 (Options::with_max_collection_len) at byte offset 4"
    );
    // string length limit applies to names and URIs too
    let err = Packet::from_slice_with(&bytes, &Options::new().with_max_string_len(0)).unwrap_err();
    assert!(
        err.to_string().contains("string or byte array length of 1"),
        "{err}"
    );
    assert_eq!(err.packet_part(), Some(PacketPart::Message(0)));
}

#[test]
fn into_owned_outlives_the_input() {
    let owned = {
        let bytes = hex(CALL_6_1);
        Packet::from_slice(&bytes).unwrap().into_owned()
    };
    assert_eq!(
        owned.messages[0].arguments::<(String, u8)>().unwrap(),
        ("hi".into(), 2)
    );
    assert_eq!(owned.to_vec().unwrap(), hex(CALL_6_1));
    let mut w = Vec::new();
    owned.to_writer(&mut w).unwrap();
    assert_eq!(w, hex(CALL_6_1));
}

#[test]
fn writer_limits() {
    let long = "x".repeat(70_000);
    let mut p = Packet::new(Version::Amf0);
    p.messages
        .push(Message::new(long.as_str(), "/1", Body::amf0(&()).unwrap()));
    let err = p.to_vec().unwrap_err();
    assert_eq!(
        err.to_string(),
        "target URI is longer than the format allows (70000 bytes, at most 65535)"
    );
    let mut p = Packet::new(Version::Amf0);
    for _ in 0..65_536 {
        p.headers.push(Header::amf0("h", false, &()).unwrap());
    }
    assert!(p.to_vec().is_err());
    p.headers.pop();
    assert_eq!(p.to_vec().unwrap().len(), 6 + 65_535 * 9);
}

/// Issue 16 point 3: real Flash Player / BlazeDS packets (RocketAMF's
/// fixtures) decode into `Value`s without `Value::Amf3` marks, and every
/// header and body writes back byte for byte by the documented rule: a
/// body behind `0x11` ([`Body::is_amf3`]) with [`Body::amf3`], any other
/// with [`Body::amf0_with`] and `Amf0Switch::Complex` in version-3 packets
/// (Flash's call arguments: complex values behind the switch, primitives
/// in AMF0), plain AMF0 otherwise.
#[test]
fn flash_packets_write_back_byte_for_byte_from_bare_values() {
    use amf_serde::options::Amf0Switch;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rocketamf/request");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let (mut bodies, mut switched, mut nested) = (0, 0, 0);
    for path in &names {
        let bytes = std::fs::read(path).unwrap();
        let p = Packet::from_slice(&bytes).unwrap();
        let opts = match p.version {
            Version::Amf3 => Options::new().with_amf0_switch(Amf0Switch::Complex),
            _ => Options::new(),
        };
        let values = p
            .headers
            .iter()
            .map(|h| &h.value)
            .chain(p.messages.iter().map(|m| &m.body));
        for body in values {
            let v: Value = body.decode().unwrap();
            let debug = format!("{v:?}");
            assert!(!debug.contains("Amf3("), "{}: {debug}", path.display());
            let again = if body.is_amf3() {
                switched += 1;
                Body::amf3(&v).unwrap()
            } else {
                nested += usize::from(body.as_bytes()[1..].contains(&0x11));
                Body::amf0_with(&v, &opts).unwrap()
            };
            assert_eq!(
                to_hex(again.as_bytes()),
                to_hex(body.as_bytes()),
                "{}: {v}",
                path.display()
            );
            bodies += 1;
        }
    }
    // The fixtures really hold both forms.
    assert!(
        bodies >= 10 && switched >= 3 && nested >= 2,
        "{bodies} {switched} {nested}"
    );
}
