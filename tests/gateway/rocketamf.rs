//! Real RocketAMF request bytes answered by the gateway.

use super::*;

#[test]
fn rocketamf_requests_are_answered() {
    let gw = Gateway::new()
        .service(
            "TestController",
            Service::new()
                .operation("test", |args: Vec<String>| Ok::<_, Fault>(args.join("+")))
                .operation("test2", |args: Vec<String>| Ok::<_, Fault>(args.len())),
        )
        .service(
            "WritesController",
            Service::new().operation("save", |(b,): (bool,)| Ok::<_, Fault>(!b)),
        )
        .service(
            "rubyamf",
            Service::new().operation("save", |(b,): (bool,)| Ok::<_, Fault>(!b)),
        );
    let dir = "fixtures/rocketamf/request";
    // commandMessage.bin: the Flash ping.
    let out = gw.handle_blocking(&std::fs::read(format!("{dir}/commandMessage.bin")).unwrap());
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.messages[0].target, "/1/onResult");
    let ack: Value = p.messages[0].body.decode().unwrap();
    assert_eq!(
        ack["correlationId"].as_str(),
        Some("7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246")
    );
    assert!(is_uid(ack["headers"]["DSId"].as_str().unwrap()));
    // remotingMessage.bin: WritesController.save(true) to destination "rubyamf".
    let out = gw.handle_blocking(&std::fs::read(format!("{dir}/remotingMessage.bin")).unwrap());
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.messages[0].target, "/2/onResult");
    let ack: Value = p.messages[0].body.decode().unwrap();
    assert_eq!(
        ack.class(),
        Some("flex.messaging.messages.AcknowledgeMessage")
    );
    assert_eq!(ack["body"], Value::Bool(false));
    assert_eq!(
        ack["correlationId"].as_str(),
        Some("FE4AF2BC-DD3C-5470-05D8-9971D51FF89D")
    );
    // flex-request.bin: a RemotingMessage with a null destination and
    // source "TestController".
    let out = gw.handle_blocking(&std::fs::read(format!("{dir}/flex-request.bin")).unwrap());
    let ack: Value = Packet::from_slice(&out).unwrap().messages[0]
        .body
        .decode()
        .unwrap();
    assert_eq!(ack["body"].as_str(), Some("first_arg+second_arg"));
    // simple-request.bin and multiple-simple-request.bin: AMF0 calls.
    let out =
        gw.handle_blocking(&std::fs::read(format!("{dir}/multiple-simple-request.bin")).unwrap());
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.version, Version::Amf0);
    let got: Vec<(String, Value)> = p
        .messages
        .iter()
        .map(|m| (m.target.to_string(), m.body.decode().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "/1/onResult".to_owned(),
                Value::String("first_arg+second_arg".into())
            ),
            ("/2/onResult".to_owned(), Value::Double(2.0)),
        ]
    );
    let out = gw.handle_blocking(&std::fs::read(format!("{dir}/simple-request.bin")).unwrap());
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.messages.len(), 1);
    assert!(
        p.messages[0].target.ends_with("/onResult"),
        "{}",
        p.messages[0].target
    );
}
