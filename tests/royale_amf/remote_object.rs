//! Royale RemoteObject calls over real HTTP against the gateway.

use super::*;

// ------------------------------------------- RemoteObject over real HTTP

#[test]
#[cfg_attr(
    not(all(has_royale, has_pyamf)),
    ignore = "needs Royale and PyAMF: bash tools/royale/install.sh && bash tools/pyamf/install.sh"
)]
fn royale_remote_object_calls_pyamf_gateway() {
    let gw = PyamfGateway::start(Duration::from_secs(60));
    let scenario = json!({
        "timeout_ms": 15000,
        "classes": [{"class": "com.example.Person", "sealed": ["age", "name"], "dynamic": false}],
        "calls": [
            {"destination": "EchoService", "operation": "echo", "args": [s("hi"), {"int": 1}, {"float": 2.5}]},
            {"destination": "EchoService", "operation": "person", "args": [s("Ann"), {"int": 30}]},
            {"destination": "EchoService", "operation": "collection", "args": [{"int": 1}, s("b")]},
            {"destination": "EchoService", "operation": "fail", "args": []},
            {"destination": "EchoService", "operation": "echo", "args": [s("A")]},
            {"destination": "EchoService", "operation": "echo", "args": [s("B")], "concurrent": true},
            {"destination": "EchoService", "operation": "echo", "args": [
                {"object": {"class": "com.example.Person", "sealed": ["age", "name"],
                    "members": {"name": s("Bo"), "age": {"int": 5}}}},
                {"external": {"class": "flex.messaging.io.ArrayCollection",
                    "value": {"list": [{"int": 1}, {"ref": 0}]}}},
            ]},
        ],
    });
    let report = remote_object(
        &gw.url(),
        &scenario.to_string(),
        false,
        Duration::from_secs(60),
    );
    let report: Json = serde_json::from_str(&report).expect("one JSON report");
    let calls = report["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), 7, "{report}");
    for (i, c) in calls.iter().enumerate() {
        assert_eq!(c["index"], i, "{c}");
        assert_eq!(c["status"], 200, "{c}");
        assert_eq!(c["content_type"], "application/x-amf", "{c}");
    }
    assert!(
        report["dsid"].as_str().is_some_and(|d| !d.is_empty()),
        "the ping's DSId: {report}"
    );
    assert_eq!(report["unattributed"], json!([]));

    // Strings and numbers.
    assert_eq!(calls[0]["event"], "result");
    assert_eq!(
        calls[0]["result"],
        json!({"list": [s("hi"), int_num(1), num(2.5)]})
    );
    // What Royale sent: a RemotingMessage with the DSId from the ping.
    let msg = &calls[0]["request_message"]["object"];
    assert_eq!(msg["class"], "flex.messaging.messages.RemotingMessage");
    assert_eq!(msg["members"]["operation"], s("echo"));
    assert_eq!(msg["members"]["destination"], s("EchoService"));
    assert_eq!(
        msg["members"]["headers"]["object"]["members"]["DSId"],
        json!({"str": report["dsid"]})
    );
    // A typed object comes back as the registered class.
    assert_eq!(
        calls[1]["result"],
        json!({"object": {"class": "com.example.Person", "members": {"age": int_num(30), "name": s("Ann")}}})
    );
    // An ArrayCollection comes back as Royale's ArrayList.
    assert_eq!(
        calls[2]["result"],
        json!({"external": {"class": "flex.messaging.io.ArrayCollection", "value": {"list": [int_num(1), s("b")]}}})
    );
    // A fault reaches the fault handler as Royale's ErrorMessage (which has
    // no faultCode/faultString members, so those are dropped on reading).
    assert_eq!(calls[3]["event"], "fault");
    assert_eq!(
        calls[3]["fault"]["object"]["class"],
        "flex.messaging.messages.ErrorMessage"
    );
    assert!(
        calls[3]["response_target"]
            .as_str()
            .is_some_and(|t| t.ends_with("/onStatus")),
        "{}",
        calls[3]
    );
    // Two calls in flight: two POSTs, each result attributed to its call.
    assert_eq!(calls[4]["result"], json!({"list": [s("A")]}));
    assert_eq!(calls[5]["result"], json!({"list": [s("B")]}));
    assert_ne!(calls[4]["exchange"], calls[5]["exchange"]);
    // A typed object and an ArrayCollection (holding a second reference to
    // that object) sent by Royale come back as the same classes.
    let bo = json!({"object": {"class": "com.example.Person", "members": {"age": int_num(5), "name": s("Bo")}}});
    assert_eq!(
        calls[6]["result"],
        json!({"list": [bo.clone(), {"external": {"class": "flex.messaging.io.ArrayCollection",
            "value": {"list": [int_num(1), bo]}}}]})
    );
    drop(gw);
}

/// Two calls made at once before any DSId is known: Royale pings twice (each
/// call checks for a DSId), then sends both calls with the DSId of the first
/// ack, each its own POST. The requests are as `../shared/spec/royale.md` §2
/// describes.
#[test]
#[cfg_attr(
    not(all(has_royale, has_pyamf)),
    ignore = "needs Royale and PyAMF: bash tools/royale/install.sh && bash tools/pyamf/install.sh"
)]
fn royale_first_calls_in_flight_ping_twice() {
    let gw = PyamfGateway::start(Duration::from_secs(60));
    let scenario = json!({
        "timeout_ms": 15000,
        "calls": [
            {"destination": "EchoService", "operation": "echo", "args": [s("A")]},
            {"destination": "EchoService", "operation": "echo", "args": [s("B")], "concurrent": true},
        ],
    });
    let report = remote_object(
        &gw.url(),
        &scenario.to_string(),
        true,
        Duration::from_secs(60),
    );
    let report: Json = serde_json::from_str(&report).expect("one JSON report");
    assert_eq!(
        report["calls"][0]["result"],
        json!({"list": [s("A")]}),
        "{report}"
    );
    assert_eq!(
        report["calls"][1]["result"],
        json!({"list": [s("B")]}),
        "{report}"
    );
    let dsid = report["dsid"].clone();
    assert!(dsid.as_str().is_some_and(|d| !d.is_empty()), "{report}");
    let mut exchanges: Vec<Json> = report["exchanges"].as_array().expect("--trace").clone();
    // Completion order varies; sort by the response URI Royale gave.
    exchanges.sort_by_key(|e| {
        e["request"]["bodies"][0]["response"]
            .as_str()
            .map(str::to_owned)
    });
    let uris: Vec<&str> = exchanges
        .iter()
        .map(|e| e["request"]["bodies"][0]["response"].as_str().expect("uri"))
        .collect();
    assert_eq!(uris, ["/1", "/2", "/3", "/4"]);
    for (i, e) in exchanges.iter().enumerate() {
        let req = &e["request"];
        assert_eq!(req["version"], 3);
        assert_eq!(req["headers"], json!([]));
        assert_eq!(req["bodies"].as_array().map(Vec::len), Some(1));
        let body = &req["bodies"][0];
        assert_eq!(body["target"], "null");
        // Royale writes 1 as the message length, whatever the size.
        assert_eq!(body["length"], 1);
        // 11 (AMF3 follows), then an AMF3 array of one message.
        let message_start = 2 + 2 + 2 + (2 + 4) + (2 + 2) + 4;
        assert_eq!(
            &e["request_hex"].as_str().expect("hex")[message_start * 2..][..6],
            "110903"
        );
        let m = &body["value"]["list"][0]["object"];
        let members = &m["members"];
        if i < 2 {
            // The client ping.
            assert_eq!(m["class"], "flex.messaging.messages.CommandMessage", "{e}");
            assert_eq!(members["operation"], int_num(5));
            assert_eq!(members["destination"], s(""));
            assert_eq!(
                members["body"],
                json!({"object": {"class": "", "members": {}}})
            );
            assert_eq!(
                members["headers"],
                json!({"object": {"class": "", "members": {"DSId": s("nil"), "DSMessagingVersion": int_num(1)}}})
            );
        } else {
            assert_eq!(m["class"], "flex.messaging.messages.RemotingMessage", "{e}");
            assert_eq!(members["operation"], s("echo"));
            assert_eq!(members["destination"], s("EchoService"));
            assert_eq!(members["source"], json!({"null": null}));
            assert_eq!(
                members["headers"],
                json!({"object": {"class": "", "members": {"DSId": {"str": dsid}}}})
            );
        }
        assert_eq!(members["clientId"], json!({"null": null}));
        assert_eq!(members["timestamp"], int_num(0));
        assert_eq!(members["timeToLive"], int_num(0));
        assert!(
            members["messageId"]["str"]
                .as_str()
                .is_some_and(|id| id.len() == 36),
            "{e}"
        );
        assert_eq!(e["status"], 200);
    }
    drop(gw);
}
