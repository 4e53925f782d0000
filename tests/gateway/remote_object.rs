//! Flex RemoteObject calls: ping and client ids, typed arguments, echo, faults.

use super::*;

#[test]
fn ping_assigns_a_client_id_in_the_dsid_header() {
    let gw = services();
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    let bytes = gw.handle_blocking(&ping.body);
    // The raw answer: version 3, "/1/onResult", an AcknowledgeMessage with
    // headers.DSId = a fresh UID and correlationId = the ping's messageId.
    let packet = Packet::from_slice(&bytes).unwrap();
    assert_eq!(packet.version, Version::Amf3);
    assert_eq!(packet.messages.len(), 1);
    assert_eq!(packet.messages[0].target, "/1/onResult");
    let ack: Value = packet.messages[0].body.decode().unwrap();
    assert_eq!(
        ack.class(),
        Some("flex.messaging.messages.AcknowledgeMessage")
    );
    let id = ack["headers"]["DSId"].as_str().unwrap().to_owned();
    assert!(is_uid(&id), "{id}");
    assert_eq!(ack["clientId"].as_str(), Some(id.as_str()));
    let sent: Value = Packet::from_slice(&ping.body).unwrap().messages[0]
        .body
        .decode()
        .unwrap();
    assert_eq!(ack["correlationId"], sent[0]["messageId"]);
    assert!(is_uid(ack["messageId"].as_str().unwrap()));

    c.read(&ping, &bytes).unwrap();
    assert_eq!(c.client_id(), Some(id.as_str()));
    // A second ping with the id keeps it.
    let again = c.ping().unwrap();
    roundtrip(&gw, &mut c, &again);
    assert_eq!(c.client_id(), Some(id.as_str()));
    assert_eq!(c.counter(), 2);
}

#[test]
fn a_client_id_issued_by_one_instance_is_accepted_by_another() {
    let a = services();
    let b = services();
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    roundtrip(&a, &mut c, &ping);
    let id = c.client_id().unwrap().to_owned();
    let call = c.remote("Geo", "whoami", &()).unwrap();
    let r = roundtrip(&b, &mut c, &call);
    let (user, seen, flex): (Option<String>, Option<String>, bool) = r.result(0).unwrap();
    assert_eq!(
        (user, seen.as_deref(), flex),
        (None, Some(id.as_str()), true)
    );
    // b's ping keeps a's id rather than issuing a new one.
    let ping = c.ping().unwrap();
    roundtrip(&b, &mut c, &ping);
    assert_eq!(c.client_id(), Some(id.as_str()));
}

/// Ids signed with a shared secret: only ids this deployment issued pass.
struct Signed(u64);

impl ClientIds for Signed {
    fn issue(&self) -> String {
        let base = RandomClientIds.issue();
        let tag = format!("{:012X}", self.sign(&base[..24]));
        format!("{}{}", &base[..24], tag)
    }
    fn accept(&self, id: &str) -> bool {
        is_uid(id) && format!("{:012X}", self.sign(&id[..24])) == id[24..]
    }
}

impl Signed {
    fn sign(&self, s: &str) -> u64 {
        s.bytes().fold(self.0, |h, b| {
            h.wrapping_mul(1_099_511_628_211) ^ u64::from(b)
        }) & 0xFFFF_FFFF_FFFF
    }
}

#[test]
fn client_ids_hook_decides_which_ids_are_accepted() {
    let one = services().with_client_ids(Signed(7));
    let two = services().with_client_ids(Signed(7));
    let other = services().with_client_ids(Signed(8));
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    roundtrip(&one, &mut c, &ping);
    let call = c.remote("Geo", "sum", &(1, 2)).unwrap();
    assert_eq!(roundtrip(&two, &mut c, &call).result::<i32>(0).unwrap(), 3);
    let call = c.remote("Geo", "sum", &(1, 2)).unwrap();
    let f = fault_of(roundtrip(&other, &mut c, &call).answers()[0].clone());
    assert_eq!(f.code, "Server.Processing");
    assert!(f.message.contains("ping again"), "{f}");
    // A ping to the other deployment replaces the foreign id.
    let old = c.client_id().unwrap().to_owned();
    let ping = c.ping().unwrap();
    roundtrip(&other, &mut c, &ping);
    assert_ne!(c.client_id().unwrap(), old);
}

#[test]
fn typed_arguments_and_aliased_results() {
    let gw = services();
    let mut c = Client::new();
    let call = c
        .remote("Geo", "mirror", &(Point { x: 1.0, y: 2.5 },))
        .unwrap();
    let r = roundtrip(&gw, &mut c, &call);
    let v = r.answers()[0].as_ref().unwrap();
    assert_eq!(v.class(), Some("com.example.Point"));
    assert_eq!(r.result::<Point>(0).unwrap(), Point { x: 2.5, y: 1.0 });
    let call = c.remote("Geo", "nothing", &()).unwrap();
    assert_eq!(
        roundtrip(&gw, &mut c, &call)
            .into_result::<String>()
            .unwrap(),
        "none"
    );
}

#[test]
fn echo_keeps_types_and_aliases() {
    let gw = services();
    let mut c = Client::new();
    let args = (
        "s",
        7,
        1.5,
        true,
        Point { x: 3.0, y: 4.0 },
        amf_value!({"k": [1, "two"]}),
    );
    let call = c.remote("Geo", "echo", &args).unwrap();
    let r = roundtrip(&gw, &mut c, &call);
    let v = r.answers()[0].as_ref().unwrap();
    assert_eq!(v[0], Value::String("s".into()));
    assert_eq!(v[1], Value::Integer(7));
    assert_eq!(v[2], Value::Double(1.5));
    assert_eq!(v[3], Value::Bool(true));
    assert_eq!(v[4].class(), Some("com.example.Point"));
    assert_eq!(v[5]["k"][1], Value::String("two".into()));
    assert_eq!(*v, amf_serde::to_value(&args).unwrap());
}

#[test]
fn faults_for_unknown_destination_operation_and_bad_arguments() {
    let gw = services();
    let mut c = Client::new();
    let cases: Vec<(&str, &str, Value, &str, &str)> = vec![
        (
            "Nowhere",
            "x",
            amf_value!([]),
            "Server.Processing",
            "No destination with id 'Nowhere'",
        ),
        (
            "Geo",
            "nope",
            amf_value!([]),
            "Server.ResourceUnavailable",
            "Method 'nope' not found",
        ),
        (
            "Geo",
            "sum",
            amf_value!(["a", 1]),
            "Server.ResourceUnavailable",
            "Cannot invoke method 'sum'",
        ),
        (
            "Geo",
            "sum",
            amf_value!([1]),
            "Server.ResourceUnavailable",
            "Cannot invoke method 'sum'",
        ),
        (
            "Geo",
            "mirror",
            amf_value!([{"x": "no"}]),
            "Server.ResourceUnavailable",
            "Cannot invoke method 'mirror'",
        ),
        ("Geo", "refuse", amf_value!([]), "Geo.Refused", "no"),
        (
            "Geo",
            "boom",
            amf_value!([]),
            "Server.Processing",
            "the service panicked: sync boom",
        ),
        (
            "Geo",
            "late_boom",
            amf_value!([]),
            "Server.Processing",
            "the service panicked: async boom after a suspension",
        ),
    ];
    for (dest, op, args, code, text) in cases {
        let call = c.remote(dest, op, &args).unwrap();
        let bytes = gw.handle_blocking(&call.body);
        let packet = Packet::from_slice(&bytes).unwrap();
        assert_eq!(
            packet.messages[0].target,
            format!("{}/onStatus", call.uris()[0])
        );
        let em: Value = packet.messages[0].body.decode().unwrap();
        assert_eq!(
            em.class(),
            Some("flex.messaging.messages.ErrorMessage"),
            "{dest}.{op}"
        );
        let sent: Value = Packet::from_slice(&call.body).unwrap().messages[0]
            .body
            .decode()
            .unwrap();
        assert_eq!(em["correlationId"], sent[0]["messageId"]);
        let f = fault_of(c.read(&call, &bytes).unwrap().answers()[0].clone());
        assert_eq!(f.code, code, "{dest}.{op}: {f}");
        assert!(f.message.contains(text), "{dest}.{op}: {f}");
    }
    // The refusal's detail reaches the client.
    let call = c.remote("Geo", "refuse", &()).unwrap();
    let err = roundtrip(&gw, &mut c, &call)
        .into_result::<()>()
        .unwrap_err();
    assert_eq!(err.fault().unwrap().detail, "never");
}
