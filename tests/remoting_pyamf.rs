//! Differential tests against PyAMF's remoting (`pyamf.remoting.decode` /
//! `encode`, `pyamf.flex.messaging`) through `tools/pyamf/remoting.py
//! batch`: packets written here decode in PyAMF to the same content
//! (strict mode, so PyAMF also checks our length fields), and packets
//! PyAMF writes decode here into the typed messages.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use amf_serde::flex::{
    self, operation, AcknowledgeMessage, AcknowledgeMessageExt, ArrayCollection, AsyncMessage,
    AsyncMessageExt, CommandMessage, CommandMessageExt, ErrorMessage, FlexMessage, Headers,
    RemotingMessage,
};
use amf_serde::remoting::{Amf3, Credentials, Header, Message, Packet, ReplyKind, Status, Version};
use amf_serde::{amf, amf_value, Value};
use amf_serde_tests::{hex, to_hex};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

struct Peer {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

fn peer() -> Peer {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut child = Command::new(format!("{root}/.venv/bin/python"))
        .arg(format!("{root}/tools/pyamf/remoting.py"))
        .arg("batch")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start tools/pyamf/remoting.py batch");
    let stdin = child.stdin.take();
    let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    Peer {
        child,
        stdin,
        stdout,
    }
}

impl Peer {
    fn call(&mut self, req: &Json) -> Json {
        let stdin = self.stdin.as_mut().expect("peer stdin open");
        writeln!(stdin, "{req}").expect("write to remoting.py");
        stdin.flush().expect("flush");
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("read from remoting.py");
        assert!(!line.is_empty(), "remoting.py exited (request {req})");
        let reply: Json = serde_json::from_str(&line).expect("remoting.py replies JSON");
        assert_eq!(reply["code"], 0, "PyAMF failed on {req}: {reply}");
        reply
    }

    /// PyAMF decodes our packet, strictly (length fields checked).
    fn decode(&mut self, bytes: &[u8]) -> Json {
        let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.call(&json!({"op": "decode", "hex": h, "strict": true}))["packet"].take()
    }

    /// PyAMF encodes a packet.
    fn encode(&mut self, packet: &Json, strict: bool) -> Vec<u8> {
        let reply = self.call(&json!({"op": "encode", "packet": packet, "strict": strict}));
        hex(reply["hex"].as_str().expect("hex"))
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn s(v: &str) -> Json {
    json!({ "str": v })
}
fn i(v: i64) -> Json {
    json!({ "int": v })
}
fn f(v: f64) -> Json {
    json!({ "float": v })
}
const NULL: Json = Json::Null;
fn nul() -> Json {
    json!({ "null": NULL })
}
fn obj(class: &str, members: Json) -> Json {
    json!({"object": {"class": class, "members": members}})
}
fn flex_obj(class: &str, fields: Json) -> Json {
    json!({"flex": {"class": class, "fields": fields}})
}
fn ac(items: Vec<Json>) -> Json {
    json!({"external": {"class": "flex.messaging.io.ArrayCollection", "value": {"list": items}}})
}

#[amf(alias = "com.example.Rec")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Rec {
    id: i32,
    name: String,
}

fn recs(n: i32) -> ArrayCollection<Rec> {
    (0..n)
        .map(|id| Rec {
            id,
            name: format!("r{id}"),
        })
        .collect()
}

fn recs_json(n: i64) -> Json {
    ac((0..n)
        .map(|id| {
            obj(
                "com.example.Rec",
                json!({"id": i(id), "name": s(&format!("r{id}"))}),
            )
        })
        .collect())
}

const UID1: &str = "11111111-2222-3333-4444-555555555555";
const UID2: &str = "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE";
const UID3: &str = "0F0F0F0F-1E1E-2D2D-3C3C-4B4B4B4B4B4B";

// ---------------------------------------------------- ours -> PyAMF

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn pyamf_decodes_our_netconnection_packets() {
    let mut p = peer();
    let mut req = Packet::new(Version::Amf0);
    req.headers.push(Header::credentials("ada", "pw").unwrap());
    req.headers
        .push(Header::amf0("authenticate", true, &true).unwrap());
    req.messages
        .push(Message::call("echo.hello", 1, &("hi", 2)).unwrap());
    req.messages
        .push(Message::call("echo.list", 2, &(vec![1.5, 2.5], ())).unwrap());
    let got = p.decode(&req.to_vec().unwrap());
    assert_eq!(
        got,
        json!({"version": 0,
            "headers": [
                {"name": "Credentials", "required": false,
                 "value": obj("", json!({"userid": s("ada"), "password": s("pw")}))},
                {"name": "authenticate", "required": true, "value": {"bool": true}}],
            "messages": [
                {"kind": "request", "target": "echo.hello", "response": "/1",
                 "body": {"list": [s("hi"), f(2.0)]}},
                {"kind": "request", "target": "echo.list", "response": "/2",
                 "body": {"list": [{"list": [f(1.5), f(2.5)]}, nul()]}}]})
    );

    let call = &req.messages[0];
    let mut resp = Packet::new(Version::Amf3);
    resp.headers
        .push(Header::append_to_gateway_url("?session=1").unwrap());
    resp.headers.push(
        Header::request_persistent_header(
            "Credentials",
            false,
            &Credentials {
                userid: "u".into(),
                password: "p".into(),
            },
        )
        .unwrap(),
    );
    resp.messages
        .push(call.result(&Amf3(vec!["a", "b"])).unwrap());
    resp.messages.push(
        req.messages[1]
            .status(&Status::error("Server.Call.Failed", "boom"))
            .unwrap(),
    );
    let got = p.decode(&resp.to_vec().unwrap());
    assert_eq!(got["version"], 3);
    assert_eq!(
        got["headers"][0],
        json!({"name": "AppendToGatewayUrl", "required": false, "value": s("?session=1")})
    );
    assert_eq!(
        got["headers"][1]["value"],
        obj(
            "",
            json!({"name": s("Credentials"), "mustUnderstand": {"bool": false},
            "data": obj("", json!({"userid": s("u"), "password": s("p")}))})
        )
    );
    assert_eq!(
        got["messages"][0],
        json!({"kind": "response", "target": "/1", "status": "onResult",
               "body": {"list": [s("a"), s("b")]}})
    );
    // PyAMF turns an onStatus object into its ErrorFault
    let fault = &got["messages"][1];
    assert_eq!(
        (&fault["target"], &fault["status"]),
        (&json!("/2"), &json!("onStatus"))
    );
    assert_eq!(
        fault["body"]["object"]["members"]["code"],
        s("Server.Call.Failed")
    );
    assert_eq!(fault["body"]["object"]["members"]["description"], s("boom"));
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn pyamf_decodes_our_flex_messages() {
    let mut p = peer();
    // a RemoteObject call with 3 arguments, and the channel's first ping
    let mut call = RemotingMessage::new("svc", "save", ("x", 7, recs(2)));
    call.message_id = UID1.into();
    let mut ping = CommandMessage::client_ping();
    ping.message_id = UID2.into();
    let mut req = Packet::new(Version::Amf3);
    req.messages.push(flex::request(&ping, 1).unwrap());
    req.messages.push(flex::request(&call, 2).unwrap());
    let got = p.decode(&req.to_vec().unwrap());
    let m = &got["messages"];
    assert_eq!(
        (&m[0]["target"], &m[0]["response"]),
        (&json!("null"), &json!("/1"))
    );
    assert_eq!(
        m[0]["body"],
        json!({"list": [flex_obj("CommandMessage", json!({
            "body": obj("", json!({})), "clientId": nul(), "correlationId": s(""),
            "destination": s(""),
            "headers": obj("", json!({"DSMessagingVersion": i(1), "DSId": s("nil")})),
            "messageId": s(UID2), "operation": i(5), "timeToLive": i(0), "timestamp": i(0)}))]})
    );
    assert_eq!(
        m[1]["body"],
        json!({"list": [flex_obj("RemotingMessage", json!({
            "body": {"list": [s("x"), i(7), recs_json(2)]}, "clientId": nul(),
            "destination": s("svc"), "headers": obj("", json!({"DSId": s("nil")})),
            "messageId": s(UID1), "operation": s("save"), "source": s(""),
            "timeToLive": i(0), "timestamp": i(0)}))]})
    );

    // the replies: acknowledgement with 100 records, error, small forms
    let mut ack = call.acknowledge(recs(100));
    ack.message_id = UID3.into();
    ack.timestamp = 1_306_275_431_838;
    let mut err = call.error("Server.Processing", "boom");
    err.fault_detail = "trace".into();
    err.extended_data = amf_value!({"k": 1});
    err.timestamp = 5;
    let mut small = AcknowledgeMessageExt(call.acknowledge(Value::from("ok")));
    small.0.message_id = UID3.into();
    small.0.client_id = Some(UID2.into());
    small.0.timestamp = 1000;
    small.0.headers = Headers::new();
    let mut poll = CommandMessageExt(CommandMessage::new(operation::POLL, Value::Null));
    poll.0.message_id = UID1.into();
    poll.0.client_id = Some(UID3.into());
    poll.0.destination = None;
    let mut pushed = AsyncMessageExt(AsyncMessage::new("chat", Value::Integer(7)));
    pushed.0.message_id = UID1.into();
    pushed.0.timestamp = 0;
    let mut resp = Packet::new(Version::Amf3);
    let r = &req.messages[1];
    resp.messages.push(flex::reply(r, &ack).unwrap());
    resp.messages
        .push(flex::reply(&req.messages[0], &err).unwrap());
    resp.messages
        .push(Message::reply("/3", ReplyKind::Result, &Amf3(&small)).unwrap());
    resp.messages
        .push(Message::reply("/4", ReplyKind::Result, &Amf3(&poll)).unwrap());
    resp.messages
        .push(Message::reply("/5", ReplyKind::Result, &Amf3(&pushed)).unwrap());
    let got = p.decode(&resp.to_vec().unwrap());
    let m = &got["messages"];
    assert_eq!(
        (&m[0]["target"], &m[0]["status"]),
        (&json!("/2"), &json!("onResult"))
    );
    let client = ack.client_id.clone().unwrap();
    assert_eq!(
        m[0]["body"],
        flex_obj(
            "AcknowledgeMessage",
            json!({
            "body": recs_json(100), "clientId": s(&client), "correlationId": s(UID1),
            "destination": nul(), "headers": obj("", json!({"DSId": s(&client)})),
            "messageId": s(UID3), "timeToLive": i(0), "timestamp": f(1_306_275_431_838.0)})
        )
    );
    assert_eq!(
        (&m[1]["target"], &m[1]["status"]),
        (&json!("/1"), &json!("onStatus"))
    );
    let e = &m[1]["body"]["flex"];
    assert_eq!(e["class"], "ErrorMessage");
    assert_eq!(e["fields"]["faultCode"], s("Server.Processing"));
    assert_eq!(e["fields"]["faultString"], s("boom"));
    assert_eq!(e["fields"]["faultDetail"], s("trace"));
    assert_eq!(e["fields"]["extendedData"], obj("", json!({"k": i(1)})));
    assert_eq!(e["fields"]["rootCause"], nul());
    assert_eq!(e["fields"]["correlationId"], s(UID1));
    assert_eq!(e["fields"]["timestamp"], i(5));
    assert_eq!(
        m[2]["body"],
        flex_obj(
            "AcknowledgeMessageExt",
            json!({
            "body": s("ok"), "clientId": s(UID2), "correlationId": s(UID1),
            "destination": nul(), "headers": obj("", json!({})), "messageId": s(UID3),
            "timeToLive": nul(), "timestamp": {"date_ms": 1000}})
        )
    );
    let c = &m[3]["body"]["flex"];
    assert_eq!(c["class"], "CommandMessageExt");
    assert_eq!(c["fields"]["operation"], i(2));
    assert_eq!(c["fields"]["messageId"], s(UID1));
    assert_eq!(c["fields"]["clientId"], s(UID3));
    let a = &m[4]["body"]["flex"];
    assert_eq!(a["class"], "AsyncMessageExt");
    assert_eq!(a["fields"]["body"], i(7));
    assert_eq!(a["fields"]["destination"], s("chat"));
    assert_eq!(a["fields"]["messageId"], s(UID1));
}

// ---------------------------------------------------- PyAMF -> ours

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn our_decoder_reads_pyamf_netconnection_packets() {
    let mut p = peer();
    let packet = json!({"version": 0,
        "headers": [{"name": "Credentials", "required": true,
                     "value": obj("", json!({"userid": s("ada"), "password": s("pw")}))}],
        "messages": [
            {"kind": "request", "target": "echo.hello", "response": "/1", "args": [s("hi"), f(2.0)]},
            {"kind": "response", "request": "/7", "status": "onResult", "body": {"list": [i(1), s("two")]}},
            {"kind": "response", "request": "/8", "status": "onStatus",
             "body": obj("", json!({"level": s("error"), "code": s("E"), "description": s("d")}))}]});
    for strict in [false, true] {
        let bytes = p.encode(&packet, strict);
        let got = Packet::from_slice(&bytes).unwrap();
        assert_eq!(got.version, Version::Amf0);
        let h = &got.headers[0];
        assert!(h.must_understand);
        assert_eq!(
            h.value.decode::<Credentials>().unwrap(),
            Credentials {
                userid: "ada".into(),
                password: "pw".into()
            }
        );
        let m = &got.messages;
        assert_eq!((&*m[0].target, &*m[0].response), ("echo.hello", "/1"));
        assert_eq!(m[0].arguments::<(&str, i32)>().unwrap(), ("hi", 2));
        assert_eq!(m[1].reply_kind(), Some((ReplyKind::Result, "/7")));
        assert_eq!(m[1].response, "null");
        let (a, b): (i32, String) = m[1].body.decode().unwrap();
        assert_eq!((a, b.as_str()), (1, "two"));
        assert_eq!(m[2].reply_kind(), Some((ReplyKind::Status, "/8")));
        let st: Status = m[2].body.decode().unwrap();
        assert_eq!(
            (st.level.as_str(), st.code.as_str(), st.description.as_str()),
            ("error", "E", "d")
        );
        // PyAMF's non-strict writer puts 0 in the length fields
        let len_at = m[0].body.offset() - 4;
        let expected_len = if strict {
            m[0].body.as_bytes().len() as u32
        } else {
            0
        };
        assert_eq!(bytes[len_at..len_at + 4], expected_len.to_be_bytes());
        // strict PyAMF writes what we write (envelope.md §6.1 and friends)
        if strict {
            assert_eq!(to_hex(&got.to_vec().unwrap()), to_hex(&bytes));
        }
    }
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn our_decoder_reads_pyamf_flex_messages() {
    let mut p = peer();
    let rec_obj = |id: i64| {
        json!({"object": {"class": "com.example.Rec", "members": {"id": i(id), "name": s(&format!("r{id}"))},
                          "sealed": ["id", "name"]}})
    };
    let packet = json!({"version": 3, "messages": [
        {"kind": "request", "target": "null", "response": "/1", "args": [
            flex_obj("RemotingMessage", json!({
                "operation": s("save"), "source": s("Svc"), "destination": s("svc"),
                "messageId": s(UID1), "clientId": nul(),
                "body": {"list": [s("x"), i(7), {"ac": [rec_obj(0), rec_obj(1)]}]},
                "headers": obj("", json!({"DSId": s("nil")})), "timestamp": i(0), "timeToLive": i(0)}))]},
        {"kind": "request", "target": "null", "response": "/2", "args": [
            flex_obj("CommandMessage", json!({
                "operation": i(5), "messageId": s(UID2), "body": obj("", json!({})),
                "headers": obj("", json!({"DSMessagingVersion": i(1), "DSId": s("nil")}))}))]},
        {"kind": "response", "request": "/3", "status": "onResult",
         "body": flex_obj("AcknowledgeMessage", json!({
            "body": {"ac": [rec_obj(0), rec_obj(1), rec_obj(2)]}, "correlationId": s(UID1),
            "messageId": s(UID3), "clientId": s(UID2), "timestamp": i(1_306_275_431_838_i64),
            "headers": obj("", json!({"DSId": s(UID2)}))}))},
        {"kind": "response", "request": "/4", "status": "onStatus",
         "body": flex_obj("ErrorMessage", json!({
            "faultCode": s("Server.Processing"), "faultString": s("boom"), "faultDetail": s("trace"),
            "correlationId": s(UID1), "messageId": s(UID3), "extendedData": obj("", json!({"k": i(1)})),
            "rootCause": nul()}))},
        {"kind": "response", "request": "/5", "status": "onResult",
         "body": flex_obj("AcknowledgeMessageExt", json!({
            "body": s("ok"), "correlationId": s(UID2), "messageId": s(UID1), "clientId": s(UID3),
            "timestamp": i(1000)}))},
        {"kind": "response", "request": "/6", "status": "onResult",
         "body": flex_obj("CommandMessageExt", json!({"operation": i(2), "messageId": s(UID1), "clientId": s(UID3)}))},
        {"kind": "response", "request": "/7", "status": "onResult",
         // (PyAMF's small-message writer cannot write a non-UID id: it
         // calls `.bytes` on every id)
         "body": flex_obj("AsyncMessageExt", json!({"body": i(7), "destination": s("chat"), "messageId": s(UID2)}))}]});
    let bytes = p.encode(&packet, false);
    let got = Packet::from_slice(&bytes).unwrap();
    let m = &got.messages;

    let call: RemotingMessage<(&str, i32, ArrayCollection<Rec>)> =
        flex::request_message(&m[0]).unwrap();
    assert_eq!(call.operation, "save");
    assert_eq!(call.source, "Svc");
    assert_eq!(call.destination.as_deref(), Some("svc"));
    assert_eq!(call.message_id, UID1);
    assert_eq!(call.body, ("x", 7, recs(2)));
    assert_eq!(call.headers.get_str("DSId"), Some("nil"));

    let ping: FlexMessage = flex::request_message(&m[1]).unwrap();
    let FlexMessage::Command(ping) = ping else {
        panic!("{ping:?}")
    };
    assert_eq!(ping.operation, operation::CLIENT_PING);
    assert_eq!(ping.message_id, UID2);
    assert_eq!(
        ping.headers.get("DSMessagingVersion"),
        Some(&Value::Integer(1))
    );

    assert_eq!(m[2].reply_kind(), Some((ReplyKind::Result, "/3")));
    let ack: AcknowledgeMessage<ArrayCollection<Rec>> = m[2].body.decode().unwrap();
    assert_eq!(ack.body, recs(3));
    assert_eq!(ack.correlation_id, UID1);
    assert_eq!(ack.message_id, UID3);
    assert_eq!(ack.client_id.as_deref(), Some(UID2));
    assert_eq!(ack.timestamp, 1_306_275_431_838);
    assert_eq!(ack.headers.get_str("DSId"), Some(UID2));

    assert_eq!(m[3].reply_kind(), Some((ReplyKind::Status, "/4")));
    let err: ErrorMessage = m[3].body.decode().unwrap();
    assert_eq!(
        (
            err.fault_code.as_str(),
            err.fault_string.as_str(),
            err.fault_detail.as_str()
        ),
        ("Server.Processing", "boom", "trace")
    );
    assert_eq!(err.extended_data, amf_value!({"k": 1}));
    assert_eq!(err.correlation_id, UID1);

    let small: AcknowledgeMessageExt<String> = m[4].body.decode().unwrap();
    assert_eq!(small.0.body, "ok");
    assert_eq!(small.0.correlation_id, UID2);
    assert_eq!(small.0.message_id, UID1);
    assert_eq!(small.0.client_id.as_deref(), Some(UID3));
    assert_eq!(small.0.timestamp, 1000);
    let poll: CommandMessageExt = m[5].body.decode().unwrap();
    assert_eq!(poll.0.operation, operation::POLL);
    assert_eq!(poll.0.client_id.as_deref(), Some(UID3));
    let pushed: AsyncMessageExt<i32> = m[6].body.decode().unwrap();
    assert_eq!(
        (pushed.0.body, pushed.0.destination.as_deref()),
        (7, Some("chat"))
    );
    assert_eq!(pushed.0.message_id, UID2);
    // and the same small messages through FlexMessage
    assert!(matches!(
        m[4].body.decode::<FlexMessage>().unwrap(),
        FlexMessage::Acknowledge(_)
    ));
    assert!(matches!(
        m[5].body.decode::<FlexMessage>().unwrap(),
        FlexMessage::Command(_)
    ));
    assert!(matches!(
        m[6].body.decode::<FlexMessage>().unwrap(),
        FlexMessage::Async(_)
    ));

    // our small-message writer matches PyAMF's byte for byte
    let ours = amf_serde::to_vec(&small).unwrap();
    assert_eq!(to_hex(&ours), to_hex(&m[4].body.as_bytes()[1..]));
    // For the DSC, PyAMF writes an unset correlationId as a null under the
    // string bit (Async byte `01`, value `01`) where BlazeDS and this
    // crate write a bare `00`; otherwise identical.
    let ours = amf_serde::to_vec(&poll).unwrap();
    let mut pyamf_form = ours.clone();
    let at = ours.len() - 3;
    assert_eq!(ours[at..], [0x00, 0x01, 0x04, 0x02][1..]);
    pyamf_form.splice(at - 1..at, [0x01, 0x01]);
    assert_eq!(to_hex(&pyamf_form), to_hex(&m[5].body.as_bytes()[1..]));
}
