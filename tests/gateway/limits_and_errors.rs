//! Limits, undecodable bodies, reference bombs, Send futures, client errors and
//! small messages.

use super::*;

#[test]
fn limits_turn_into_http_errors_or_faults() {
    let gw = services().with_max_request_bytes(1000);
    let mut c = Client::new();
    let big = c.remote("Geo", "echo", &("x".repeat(2000),)).unwrap();
    assert_eq!(gw.try_handle_blocking(&big.body).unwrap_err().status(), 413);
    // An unreadable packet: 400, and an empty buffer from handle_blocking.
    assert_eq!(
        gw.try_handle_blocking(&[0, 3, 0]).unwrap_err().status(),
        400
    );
    assert!(gw.handle_blocking(&[0, 9, 0, 0, 0, 0]).is_empty());
    let call = c.remote("Geo", "sum", &(1, 2)).unwrap();
    let mut cut = call.body.to_vec();
    cut.truncate(cut.len() - 3);
    let e = gw.try_handle_blocking(&cut).unwrap_err();
    assert_eq!(e.status(), 400);
    assert!(e.to_string().contains("in message 0"), "{e}");
    // Too many messages.
    let gw2 = services().with_max_messages(2);
    let mut b = c.batch();
    for _ in 0..3 {
        b = b.call("Geo.sum", &(1, 2)).unwrap();
    }
    let e = gw2
        .try_handle_blocking(&b.finish().unwrap().body)
        .unwrap_err();
    assert_eq!(e.status(), 400);
    assert!(e.to_string().contains("limit of 2"), "{e}");
    // Depth: 40 nested arrays exceed a depth limit of 16.
    let gw3 = services().with_options(Options::new().with_max_depth(16));
    let mut deep = Value::Null;
    for _ in 0..40 {
        deep = amf_serde::to_value(&vec![deep]).unwrap();
    }
    let call = c.remote("Geo", "echo", &(deep,)).unwrap();
    let e = gw3.try_handle_blocking(&call.body).unwrap_err();
    assert!(e.to_string().contains("depth limit of 16"), "{e}");
}

#[test]
fn reference_bomb_into_typed_arguments_is_a_fault_not_an_expansion() {
    // [[[…]]]: each level an array holding the previous level twice, by
    // reference: 30 levels are tiny on the wire and 2^30 values as a tree.
    let mut level = amf_serde::to_value(&vec![1, 2, 3]).unwrap();
    for _ in 0..30 {
        let mut a = amf_serde::types::Array::default();
        a.extend([level.clone(), level.clone()]);
        level = Value::Array(Arc::new(a));
    }
    let gw = services();
    let mut c = Client::new();
    let call = c.remote("Geo", "nested", &(level.clone(),)).unwrap();
    assert!(call.body.len() < 400, "{}", call.body.len());
    let started = std::time::Instant::now();
    let r = roundtrip(&gw, &mut c, &call);
    let f = fault_of(r.answers()[0].clone());
    assert_eq!(f.code, "Server.ResourceUnavailable");
    assert!(f.detail.contains("work limit"), "{f}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // Echoing it as a Value keeps the sharing: the answer is small too.
    let call = c.remote("Geo", "echo", &(level,)).unwrap();
    let out = gw.handle_blocking(&call.body);
    assert!(out.len() < 600, "{}", out.len());
}

#[test]
fn bodies_that_do_not_decode_are_client_message_encoding_faults() {
    // A Flex message whose body decodes as a packet value but holds no Flex
    // message, and an AMF0 call whose body is not an argument array.
    let gw = services();
    let mut p = Packet::new(Version::Amf3);
    p.messages.push(amf_serde::remoting::Message::new(
        "null",
        "/1",
        amf_serde::remoting::Body::amf0(&("not a message",)).unwrap(),
    ));
    p.messages.push(amf_serde::remoting::Message::new(
        "Geo.sum",
        "/2",
        amf_serde::remoting::Body::amf0(&"scalar").unwrap(),
    ));
    let out = gw.handle_blocking(&p.to_vec().unwrap());
    let back = Packet::from_slice(&out).unwrap();
    assert_eq!(back.messages[0].target, "/1/onStatus");
    assert_eq!(back.messages[1].target, "/2/onStatus");
    let em: Value = back.messages[0].body.decode().unwrap();
    assert_eq!(em["faultCode"].as_str(), Some("Client.Message.Encoding"));
    let st: Value = back.messages[1].body.decode().unwrap();
    assert_eq!(st["code"].as_str(), Some("Client.Message.Encoding"));
}

#[test]
fn handle_is_a_send_future_that_any_executor_runs() {
    fn assert_send<T: Send + 'static>(_: &T) {}
    let gw = services();
    let mut c = Client::new();
    let call = c.remote("Geo", "later", &(1,)).unwrap();
    let fut = gw.handle(call.body.clone());
    assert_send(&fut);
    // Run on other threads at once.
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let gw = gw.clone();
            std::thread::spawn(move || {
                let mut c = Client::new();
                let call = c.remote("Geo", "later", &(i,)).unwrap();
                let out = block_on(gw.handle(call.body.clone())).unwrap();
                c.read(&call, &out)
                    .unwrap()
                    .into_result::<String>()
                    .unwrap()
            })
        })
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        assert_eq!(h.join().unwrap(), format!("Geo.later {i}"));
    }
    let out = block_on(fut).unwrap();
    assert_eq!(
        c.read(&call, &out)
            .unwrap()
            .into_result::<String>()
            .unwrap(),
        "Geo.later 1"
    );
}

#[test]
fn client_errors_for_unmatched_answers() {
    let gw = services();
    let mut c = Client::new();
    let call = c.remote("Geo", "sum", &(1, 2)).unwrap();
    let other = c.remote("Geo", "sum", &(1, 2)).unwrap();
    let out = gw.handle_blocking(&call.body);
    match c.read(&other, &out) {
        Err(ClientError::Protocol(m)) => assert!(m.contains("/2"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        c.read(&call, &out[..out.len() - 1]),
        Err(ClientError::Amf(_))
    ));
}

#[test]
fn small_messages_are_answered_in_the_small_form() {
    use amf_serde::flex::{self, operation, CommandMessage, CommandMessageExt, FlexMessage};
    let gw = services();
    for op in [operation::POLL, operation::CLIENT_PING] {
        let mut dsc = CommandMessage::new(op, Value::Null);
        dsc.message_id = "11111111-2222-3333-4444-555555555555".into();
        let mut p = Packet::new(Version::Amf3);
        p.messages
            .push(flex::request(&CommandMessageExt(dsc), 1).unwrap());
        let bytes = p.to_vec().unwrap();
        // The request really holds a DSC.
        assert!(bytes
            .windows(6)
            .any(|w| w == [0x0a, 0x07, 0x07, b'D', b'S', b'C']));
        let out = gw.handle_blocking(&bytes);
        let back = Packet::from_slice(&out).unwrap();
        assert_eq!(back.messages[0].target, "/1/onResult");
        // The answer is a DSK (externalizable traits, class "DSK") ...
        let body = back.messages[0].body.as_bytes();
        assert_eq!(&body[..6], [0x11, 0x0a, 0x07, 0x07, b'D', b'S'], "op {op}");
        assert_eq!(body[6], b'K');
        // ... that reads as the acknowledgement of the command.
        match back.messages[0].body.decode::<FlexMessage>().unwrap() {
            FlexMessage::Acknowledge(ack) => {
                assert_eq!(ack.correlation_id, "11111111-2222-3333-4444-555555555555");
                if op == operation::CLIENT_PING {
                    assert!(is_uid(ack.headers.get_str("DSId").unwrap()));
                }
            }
            other => panic!("{other:?}"),
        }
    }
    // Full-size requests get full-size answers.
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    let out = gw.handle_blocking(&ping.body);
    let back = Packet::from_slice(&out).unwrap();
    let v: Value = back.messages[0].body.decode().unwrap();
    assert_eq!(
        v.class(),
        Some("flex.messaging.messages.AcknowledgeMessage")
    );
}
