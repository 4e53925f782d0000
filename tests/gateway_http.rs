//! The gateway over real HTTP on 127.0.0.1 (the `gateway` example's axum
//! server, started and stopped here), against real peers: PyAMF's client in
//! AMF0 and AMF3, Apache Royale's own RemoteObject, and the Rust client
//! against PyAMF's WSGI gateway. Every peer run is bounded by a timeout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use amf_serde::client::{Client, Request, Response};
use amf_serde::remoting::Packet;
use amf_serde::Value;
use amf_serde_examples::demo::{self, Customer};
use amf_serde_examples::http1::Conn;
use amf_serde_examples::server::{self, Cors};
use serde_json::{json, Value as Json};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn start() -> server::Running {
    server::spawn(demo::gateway(), Cors::Any, 2).expect("start the gateway")
}

fn post(conn: &mut Conn, client: &mut Client, request: &Request) -> Response {
    let r = conn
        .post("/amf", "application/x-amf", &request.body)
        .expect("HTTP exchange");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("content-type"), Some("application/x-amf"));
    client.read(request, &r.body).expect("a readable answer")
}

/// Runs a command with `input` on stdin, killing it after `limit`; stdout
/// and stderr are drained while it runs (so a large report cannot block it).
fn run_bounded(cmd: &mut Command, input: &str, limit: Duration) -> std::process::Output {
    let mut child: Child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the peer");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.as_bytes());
    }
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the peer ran longer than {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    std::process::Output {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

fn python() -> String {
    format!("{ROOT}/.venv/bin/python")
}

/// PyAMF's RemotingService against `url`: the JSON report of
/// tools/pyamf/client.py.
fn pyamf_client(url: &str, scenario: Json) -> Json {
    let out = run_bounded(
        Command::new(python())
            .arg(format!("{ROOT}/tools/pyamf/client.py"))
            .arg(url)
            .arg("-"),
        &scenario.to_string(),
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "client.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON report")
}

fn s(x: &str) -> Json {
    json!({"str": x})
}

fn customer_class() -> Json {
    json!([{"class": "com.example.Customer", "sealed": ["balance", "id", "name", "tags"]}])
}

fn customer_json(id: i64, name: &str, balance: f64, tags: &[&str], int: &str) -> Json {
    json!({"object": {"class": "com.example.Customer", "members": {
        "balance": {"float": balance},
        "id": {int: if int == "float" { json!(id as f64) } else { json!(id) }},
        "name": s(name),
        "tags": {"list": tags.iter().map(|t| s(t)).collect::<Vec<_>>()},
    }}})
}

#[test]
fn rust_client_over_http_flex_and_net_connection() {
    let srv = start();
    let mut conn = Conn::new(srv.addr());
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    post(&mut conn, &mut c, &ping);
    assert!(c.client_id().is_some());
    let call = c.remote("CustomerService", "get", &(2,)).unwrap();
    let got: Customer = post(&mut conn, &mut c, &call).into_result().unwrap();
    assert_eq!(got, demo::customers()[1]);
    let call = c.remote("CustomerService", "list", &()).unwrap();
    let list: amf_serde::flex::ArrayCollection<Customer> =
        post(&mut conn, &mut c, &call).into_result().unwrap();
    assert_eq!(list.0, demo::customers());
    let call = c.remote("EchoService", "fail", &("x",)).unwrap();
    let err = post(&mut conn, &mut c, &call)
        .into_result::<()>()
        .unwrap_err();
    assert_eq!(err.fault().unwrap().code, "EchoService.Fail");
    let login = c.login("demo", "secret").unwrap();
    post(&mut conn, &mut c, &login)
        .into_result::<String>()
        .unwrap();
    let call = c.remote("CustomerService", "whoami", &()).unwrap();
    let who: Option<String> = post(&mut conn, &mut c, &call).into_result().unwrap();
    assert_eq!(who.as_deref(), Some("demo"));

    let mut nc = Client::amf0();
    let batch = nc
        .batch()
        .call("CustomerService.add", &(1.5, 2))
        .unwrap()
        .call("EchoService.fail", &())
        .unwrap()
        .finish()
        .unwrap();
    let r = post(&mut conn, &mut nc, &batch);
    assert_eq!(r.result::<f64>(0).unwrap(), 3.5);
    assert_eq!(
        r.result::<()>(1).unwrap_err().fault().unwrap().code,
        "EchoService.Fail"
    );
}

#[test]
fn cors_preflight_and_headers() {
    let srv = server::spawn(
        demo::gateway(),
        Cors::parse("http://app.example, http://other.example"),
        1,
    )
    .unwrap();
    let raw = |req: &str| {
        let mut s = std::net::TcpStream::connect(srv.addr()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = BufReader::new(s).read_to_string(&mut out);
        out.to_ascii_lowercase()
    };
    let pre = raw("OPTIONS /amf HTTP/1.1\r\nHost: x\r\nOrigin: http://app.example\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
    assert!(pre.starts_with("http/1.1 204"), "{pre}");
    assert!(
        pre.contains("access-control-allow-origin: http://app.example"),
        "{pre}"
    );
    assert!(
        pre.contains("access-control-allow-methods: post, options"),
        "{pre}"
    );
    assert!(
        pre.contains("access-control-allow-headers: content-type"),
        "{pre}"
    );
    let other = raw("OPTIONS /amf HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n");
    assert!(!other.contains("access-control-allow-origin"), "{other}");
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    let mut req = format!(
        "POST /amf HTTP/1.1\r\nHost: x\r\nOrigin: http://other.example\r\nContent-Type: application/x-amf\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        ping.body.len()
    )
    .into_bytes();
    req.extend_from_slice(&ping.body);
    let mut s = std::net::TcpStream::connect(srv.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(&req).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 200"), "{text}");
    assert!(
        text.contains("access-control-allow-origin: http://other.example"),
        "{text}"
    );
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn pyamf_client_calls_the_rust_gateway_in_amf0_and_amf3() {
    let srv = start();
    let url = srv.url();
    for amf in [0, 3] {
        // PyAMF's int: an AMF3 integer in version 3; AMF0 has only doubles.
        let int = if amf == 3 { "int" } else { "float" };
        let echo_args = json!([
            s("héllo"),
            {"int": 42},
            {"float": 1.5},
            {"bool": true},
            {"null": null},
            {"list": [{"int": 1}, s("two")]},
            {"object": {"class": "", "members": {"a": {"int": 1}}}},
            {"object": {"class": "com.example.Customer", "sealed": ["balance", "id", "name", "tags"], "members": {
                "balance": {"float": 0.25}, "id": {"int": 7}, "name": s("Zed"), "tags": {"list": [s("x")]},
            }}},
        ]);
        let report = pyamf_client(
            &url,
            json!({
                "amf": amf,
                "classes": customer_class(),
                "calls": [
                    {"target": "EchoService.echo", "args": echo_args},
                    {"target": "CustomerService.get", "args": [{"int": 2}]},
                    {"target": "CustomerService.add", "args": [{"int": 2}, {"float": 0.5}]},
                    {"target": "CustomerService.list", "args": []},
                    {"target": "EchoService.fail", "args": [s("x")]},
                    {"target": "CustomerService.greet", "args": [s("Ann"), s("not a number")]},
                    {"target": "Nowhere.x", "args": []},
                ],
            }),
        );
        assert_eq!(report["version"], amf);
        let r = report["results"].as_array().unwrap();
        assert_eq!(r.len(), 7, "{report}");
        let n = |v: i64| json!({int: if int == "float" { json!(v as f64) } else { json!(v) }});
        assert_eq!(
            r[0]["value"],
            json!({"list": [
                s("héllo"), n(42), {"float": 1.5}, {"bool": true}, {"null": null},
                {"list": [n(1), s("two")]},
                {"object": {"class": "", "members": {"a": n(1)}}},
                customer_json(7, "Zed", 0.25, &["x"], int),
            ]}),
            "AMF{amf}: {report}"
        );
        assert_eq!(
            r[1]["value"],
            customer_json(2, "Alan", 1912.25, &["math", "crypto"], int),
            "AMF{amf}"
        );
        assert_eq!(r[2]["value"], json!({"float": 2.5}));
        let list = &r[3]["value"]["external"];
        assert_eq!(
            list["class"], "flex.messaging.io.ArrayCollection",
            "AMF{amf}: {report}"
        );
        // The collection is AMF3 even in AMF0 mode (behind 0x11), so ids are ints.
        assert_eq!(
            list["value"]["list"][2],
            customer_json(3, "Grace", 1906.0, &["compilers"], "int")
        );
        for (i, text) in [
            (4, "fail always fails"),
            (5, "Cannot invoke method 'greet'"),
            (6, "No destination with id 'Nowhere'"),
        ] {
            assert_eq!(r[i]["status"], "fault", "AMF{amf}: {}", r[i]);
            assert_eq!(r[i]["exception"], "RemotingError", "{}", r[i]);
            assert!(r[i]["message"].as_str().unwrap().contains(text), "{}", r[i]);
        }

        // A batch with credentials: one packet, every answer in order.
        let report = pyamf_client(
            &url,
            json!({
                "amf": amf,
                "batch": true,
                "credentials": ["demo", "secret"],
                "calls": [
                    {"target": "CustomerService.whoami", "args": []},
                    {"target": "EchoService.fail", "args": []},
                    {"target": "EchoService.echo", "args": [s("b")]},
                ],
            }),
        );
        let r = report["results"].as_array().unwrap();
        assert_eq!(
            r[0],
            json!({"target": "CustomerService.whoami", "status": "result", "value": s("demo")})
        );
        assert_eq!(r[1]["status"], "fault");
        assert_eq!(r[1]["exception"], "ErrorFault");
        assert_eq!(r[1]["code"], "EchoService.Fail");
        assert_eq!(r[1]["description"], "fail always fails");
        assert_eq!(r[1]["details"], "called with 0 argument(s)");
        assert_eq!(r[2]["value"], json!({"list": [s("b")]}));
        // Wrong credentials: every call of the packet is refused.
        let report = pyamf_client(
            &url,
            json!({"amf": amf, "batch": true, "credentials": ["demo", "nope"],
                   "calls": [{"target": "EchoService.echo", "args": []}]}),
        );
        assert_eq!(
            report["results"][0]["code"], "Client.Authentication",
            "{report}"
        );
    }
}

/// tools/pyamf/gateway.py (PyAMF's WSGI gateway) on 127.0.0.1, stopped when
/// dropped; it also stops by itself after its lifetime.
struct PyamfGateway {
    child: Child,
    addr: SocketAddr,
}

impl PyamfGateway {
    fn start() -> PyamfGateway {
        let mut child = Command::new(python())
            .arg(format!("{ROOT}/tools/pyamf/gateway.py"))
            .args(["--lifetime", "120"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start gateway.py");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the port");
        let port: u16 = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("gateway.py said {line:?}"));
        PyamfGateway {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        }
    }
}

impl Drop for PyamfGateway {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn rust_client_calls_pyamf_wsgi_gateway() {
    let gw = PyamfGateway::start();
    let mut conn = Conn::new(gw.addr);
    for mut c in [Client::amf0(), Client::new()] {
        let batch = c
            .batch()
            .call("EchoService.echo", &("hi", 2.5, true))
            .unwrap()
            .call("CustomerService.get", &(1,))
            .unwrap()
            .call("EchoService.fail", &())
            .unwrap()
            .call("CustomerService.list", &())
            .unwrap()
            .finish()
            .unwrap();
        let r = post(&mut conn, &mut c, &batch);
        assert_eq!(r.len(), 4);
        let echoed: (String, f64, bool) = r.result(0).unwrap();
        assert_eq!(echoed, ("hi".to_owned(), 2.5, true));
        let got: Customer = r.result(1).unwrap();
        assert_eq!(got, demo::customers()[0]);
        assert_eq!(
            r.answers()[1].as_ref().unwrap().class(),
            Some("com.example.Customer")
        );
        let fault = r.result::<()>(2).unwrap_err();
        let fault = fault.fault().unwrap();
        assert_eq!(fault.code, "ValueError", "{fault}");
        assert_eq!(fault.message, "fail always fails");
        let list: amf_serde::flex::ArrayCollection<Customer> = r.result(3).unwrap();
        assert_eq!(list.0, demo::customers());
    }
    // Flex style: PyAMF's gateway answers the ping and RemotingMessages
    // (destination + operation -> "EchoService.echo").
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    post(&mut conn, &mut c, &ping);
    let call = c.remote("EchoService", "echo", &("flex", 1)).unwrap();
    let echoed: (String, i32) = post(&mut conn, &mut c, &call).into_result().unwrap();
    assert_eq!(echoed, ("flex".to_owned(), 1));
    let call = c.remote("EchoService", "fail", &()).unwrap();
    let err = post(&mut conn, &mut c, &call)
        .into_result::<()>()
        .unwrap_err();
    assert_eq!(err.fault().unwrap().message, "fail always fails");
}

/// What PyAMF's `remoting.decode` makes of a response packet.
fn pyamf_decode_response(bytes: &[u8]) -> Json {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let out = run_bounded(
        Command::new(python()).arg(format!("{ROOT}/tools/pyamf/decode_response.py")),
        &hex,
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "PyAMF cannot decode our response: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]
fn rocketamf_requests_get_answers_pyamf_reads_as_acknowledgements() {
    let srv = server::spawn(
        demo::gateway()
            .service(
                "TestController",
                amf_serde::gateway::Service::new()
                    .operation("test", |a: Vec<String>| {
                        Ok::<_, amf_serde::gateway::Fault>(a.join("+"))
                    })
                    .operation("test2", |a: Vec<String>| {
                        Ok::<_, amf_serde::gateway::Fault>(a.len())
                    }),
            )
            .service(
                "rubyamf",
                amf_serde::gateway::Service::new().operation("save", |(b,): (bool,)| {
                    Ok::<_, amf_serde::gateway::Fault>(!b)
                }),
            ),
        Cors::Off,
        1,
    )
    .unwrap();
    let mut conn = Conn::new(srv.addr());
    let dir = format!("{ROOT}/tests/fixtures/rocketamf/request");
    let mut ask = |name: &str| {
        let body = std::fs::read(format!("{dir}/{name}")).unwrap();
        let r = conn.post("/amf", "application/x-amf", &body).unwrap();
        assert_eq!(r.status, 200, "{name}");
        pyamf_decode_response(&r.body)
    };
    let ack = "flex.messaging.messages.AcknowledgeMessage";
    // PyAMF reports each answer under its request's response URI, with the
    // status taken from the target's /onResult or /onStatus suffix.
    let r = ask("commandMessage.bin");
    let m = &r["messages"][0];
    assert_eq!(
        (r["version"].clone(), m["target"].clone()),
        (json!(3), json!("/1")),
        "{r}"
    );
    assert_eq!(m["status"], "ok");
    assert_eq!(m["alias"], ack, "{r}");
    assert_eq!(m["correlationId"], "7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246");
    assert!(
        m["DSId"].as_str().is_some_and(amf_serde::gateway::is_uid),
        "{r}"
    );
    assert_eq!(m["clientId"], m["DSId"]);

    let r = ask("remotingMessage.bin");
    let m = &r["messages"][0];
    assert_eq!(
        (m["target"].clone(), m["status"].clone()),
        (json!("/2"), json!("ok")),
        "{r}"
    );
    assert_eq!(m["alias"], ack, "{r}");
    assert_eq!(m["correlationId"], "FE4AF2BC-DD3C-5470-05D8-9971D51FF89D");
    assert_eq!(m["body"], json!({"bool": false}));

    let r = ask("flex-request.bin");
    let m = &r["messages"][0];
    assert_eq!(m["alias"], ack, "{r}");
    assert_eq!(m["correlationId"], "9D108E33-B591-BE79-210D-F1A72D06B578");
    assert_eq!(m["body"], s("first_arg+second_arg"));

    let r = ask("unsupportedCommandMessage.bin");
    let m = &r["messages"][0];
    assert_eq!(
        (m["target"].clone(), m["status"].clone()),
        (json!("/1"), json!("error")),
        "{r}"
    );
    assert_eq!(m["alias"], "flex.messaging.messages.ErrorMessage");
    assert_eq!(m["faultCode"], "Server.Processing");

    let r = ask("multiple-simple-request.bin");
    assert_eq!(r["version"], 0);
    let got: Vec<(&str, &str)> = r["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["target"].as_str().unwrap(), m["status"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("/1", "ok"), ("/2", "ok")]);
    assert_eq!(r["messages"][0]["body"], s("first_arg+second_arg"));
    assert_eq!(r["messages"][1]["body"], json!({"float": 2.0}));
}

#[test]
#[cfg_attr(not(has_royale), ignore = "needs Royale: bash tools/royale/install.sh")]
fn royale_remote_object_calls_the_rust_gateway() {
    let srv = start();
    let customer = json!({"object": {"class": "com.example.Customer", "members": {
        "balance": {"float": 10.5}, "id": {"int": 9}, "name": s("ann"), "tags": {"list": [s("t")]},
    }, "sealed": ["balance", "id", "name", "tags"]}});
    let scenario = json!({
        "timeout_ms": 20000,
        "classes": [{"class": "com.example.Customer", "sealed": ["balance", "id", "name", "tags"], "dynamic": false}],
        "calls": [
            {"destination": "EchoService", "operation": "echo", "args": [s("hi"), {"int": 1}, {"float": 2.5}, s("é")]},
            {"destination": "CustomerService", "operation": "save", "args": [customer]},
            {"destination": "CustomerService", "operation": "list", "args": []},
            {"destination": "EchoService", "operation": "fail", "args": [s("x")]},
            {"destination": "EchoService", "operation": "echo", "args": [s("A")]},
            {"destination": "CustomerService", "operation": "add", "args": [{"int": 2}, {"int": 3}], "concurrent": true},
        ],
    });
    let out = run_bounded(
        Command::new("node")
            .arg(format!("{ROOT}/tools/royale/remote.js"))
            .arg(srv.url())
            .arg("-"),
        &scenario.to_string(),
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "remote.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Json = serde_json::from_slice(&out.stdout).expect("one JSON report");
    let calls = report["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), 6, "{report}");
    let dsid = report["dsid"]
        .as_str()
        .expect("Royale kept the DSId from the ping");
    assert!(amf_serde::gateway::is_uid(dsid), "{dsid}");
    for (i, c) in calls.iter().enumerate() {
        assert_eq!(c["index"], i, "{c}");
        assert_eq!(c["status"], 200, "{c}");
        assert_eq!(c["content_type"], "application/x-amf", "{c}");
        // Every call carried the DSId the gateway assigned.
        let msg = &c["request_message"]["object"]["members"];
        assert_eq!(msg["headers"]["object"]["members"]["DSId"], s(dsid), "{c}");
    }
    assert_eq!(report["unattributed"], json!([]));
    let num = |n: f64| json!({"number": n});
    let int = |n: i64| json!({"number": n});
    // Strings and numbers.
    assert_eq!(calls[0]["event"], "result", "{}", calls[0]);
    assert_eq!(
        calls[0]["result"],
        json!({"list": [s("hi"), int(1), num(2.5), s("é")]})
    );
    // A typed object comes back as the same registered class.
    assert_eq!(calls[1]["event"], "result", "{}", calls[1]);
    assert_eq!(
        calls[1]["result"],
        json!({"object": {"class": "com.example.Customer", "members": {
            "balance": num(10.5), "id": int(9), "name": s("ANN"), "tags": {"list": [s("t")]},
        }}})
    );
    // An ArrayCollection result (Royale's ArrayList) of typed records.
    assert_eq!(
        calls[2]["result"]["external"]["class"], "flex.messaging.io.ArrayCollection",
        "{}",
        calls[2]
    );
    let items = calls[2]["result"]["external"]["value"]["list"]
        .as_array()
        .unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["object"]["class"], "com.example.Customer");
    assert_eq!(items[2]["object"]["members"]["name"], s("Grace"));
    // The fault reaches the fault handler as an ErrorMessage; the response
    // carries faultCode/faultString for clients that read them.
    assert_eq!(calls[3]["event"], "fault", "{}", calls[3]);
    assert_eq!(
        calls[3]["fault"]["object"]["class"],
        "flex.messaging.messages.ErrorMessage"
    );
    assert!(calls[3]["response_target"]
        .as_str()
        .unwrap()
        .ends_with("/onStatus"));
    let hex = calls[3]["response_hex"].as_str().unwrap();
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let p = Packet::from_slice(&bytes).unwrap();
    let em: Value = p.messages[0].body.decode().unwrap();
    assert_eq!(em["faultCode"].as_str(), Some("EchoService.Fail"));
    assert_eq!(em["faultString"].as_str(), Some("fail always fails"));
    // Two calls in flight: both answered, each to its own call.
    assert_eq!(calls[4]["result"], json!({"list": [s("A")]}));
    assert_eq!(calls[5]["result"], int(5));
    assert_ne!(calls[4]["exchange"], calls[5]["exchange"]);
}
