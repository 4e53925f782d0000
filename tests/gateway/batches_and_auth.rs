//! NetConnection calls and batches, Flex batches, login/logout and credentials,
//! commands.

use super::*;

#[test]
fn net_connection_calls_results_faults_and_batches() {
    for mut c in [Client::amf0(), Client::new()] {
        let gw = services();
        let batch = c
            .batch()
            .call("Geo.sum", &(2, 3))
            .unwrap()
            .call("Geo.refuse", &())
            .unwrap()
            .call("Geo.mirror", &(Point { x: 0.5, y: 1.0 },))
            .unwrap()
            .call("Nope.x", &())
            .unwrap()
            .call("Geo.later", &(9,))
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(batch.uris(), ["/1", "/2", "/3", "/4", "/5"]);
        let bytes = gw.handle_blocking(&batch.body);
        let packet = Packet::from_slice(&bytes).unwrap();
        let targets: Vec<&str> = packet.messages.iter().map(|m| &*m.target).collect();
        assert_eq!(
            targets,
            [
                "/1/onResult",
                "/2/onStatus",
                "/3/onResult",
                "/4/onStatus",
                "/5/onResult"
            ]
        );
        let status: Value = packet.messages[1].body.decode().unwrap();
        assert_eq!(status["level"].as_str(), Some("error"));
        assert_eq!(status["code"].as_str(), Some("Geo.Refused"));
        assert_eq!(status["description"].as_str(), Some("no"));
        assert_eq!(status["details"].as_str(), Some("never"));
        let r = c.read(&batch, &bytes).unwrap();
        assert_eq!(r.result::<i32>(0).unwrap(), 5);
        assert_eq!(
            r.result::<()>(1).unwrap_err().fault().unwrap().code,
            "Geo.Refused"
        );
        assert_eq!(r.result::<Point>(2).unwrap(), Point { x: 1.0, y: 0.5 });
        assert_eq!(
            r.result::<()>(3).unwrap_err().fault().unwrap().code,
            "Server.Processing"
        );
        assert_eq!(r.result::<String>(4).unwrap(), "Geo.later 9");
        assert_eq!(
            packet.version,
            if c.encoding() == amf_serde::client::ObjectEncoding::Amf0 {
                Version::Amf0
            } else {
                Version::Amf3
            }
        );
    }
}

#[test]
fn flex_batch_answers_every_message_in_order() {
    let gw = services();
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    roundtrip(&gw, &mut c, &ping);
    let batch = c
        .batch()
        .remote("Geo", "sum", &(1, 1))
        .unwrap()
        .remote("Geo", "boom", &())
        .unwrap()
        .remote("Geo", "later", &(3,))
        .unwrap()
        .finish()
        .unwrap();
    let r = roundtrip(&gw, &mut c, &batch);
    assert_eq!(r.len(), 3);
    assert_eq!(r.result::<i32>(0).unwrap(), 2);
    assert!(r
        .result::<()>(1)
        .unwrap_err()
        .fault()
        .unwrap()
        .message
        .contains("sync boom"));
    assert_eq!(r.result::<String>(2).unwrap(), "Geo.later 3");
}

#[derive(Default)]
struct Users {
    sessions: Mutex<Vec<(String, String)>>,
    logins: AtomicUsize,
}

impl Auth for Users {
    fn login(&self, client_id: Option<&str>, user: &str, password: &str) -> Result<(), Fault> {
        self.logins.fetch_add(1, Ordering::SeqCst);
        if password != format!("{user}-pw") {
            return Err(Fault::new(Fault::CLIENT_AUTHENTICATION, "bad password"));
        }
        if let Some(id) = client_id {
            self.sessions
                .lock()
                .unwrap()
                .push((id.to_owned(), user.to_owned()));
        }
        Ok(())
    }
    fn logout(&self, client_id: &str) {
        self.sessions
            .lock()
            .unwrap()
            .retain(|(id, _)| id != client_id);
    }
    fn user(&self, client_id: &str) -> Option<String> {
        let s = self.sessions.lock().unwrap();
        s.iter()
            .find(|(id, _)| id == client_id)
            .map(|(_, u)| u.clone())
    }
}

#[test]
fn flex_login_and_logout_go_through_the_hook() {
    let users = Arc::new(Users::default());
    let gw = services().with_auth(users.clone());
    let mut c = Client::new();
    let ping = c.ping().unwrap();
    roundtrip(&gw, &mut c, &ping);
    let login = c.login("ada", "wrong").unwrap();
    let f = fault_of(roundtrip(&gw, &mut c, &login).answers()[0].clone());
    assert_eq!(f.code, "Client.Authentication");
    let login = c.login("ada", "ada-pw").unwrap();
    assert_eq!(
        roundtrip(&gw, &mut c, &login)
            .into_result::<String>()
            .unwrap(),
        "success"
    );
    let call = c.remote("Geo", "whoami", &()).unwrap();
    let (user, _, _): (Option<String>, Option<String>, bool) =
        roundtrip(&gw, &mut c, &call).into_result().unwrap();
    assert_eq!(user.as_deref(), Some("ada"));
    let logout = c.logout().unwrap();
    roundtrip(&gw, &mut c, &logout)
        .into_result::<String>()
        .unwrap();
    let call = c.remote("Geo", "whoami", &()).unwrap();
    let (user, _, _): (Option<String>, Option<String>, bool) =
        roundtrip(&gw, &mut c, &call).into_result().unwrap();
    assert_eq!(user, None);
    // Without a hook, a login is a fault.
    let login = c.login("ada", "ada-pw").unwrap();
    let f = fault_of(roundtrip(&services(), &mut c, &login).answers()[0].clone());
    assert_eq!(f.code, "Client.Authentication");
}

#[test]
fn net_connection_credentials_header_is_checked_per_packet() {
    let users = Arc::new(Users::default());
    let gw = services().with_auth(users.clone());
    let mut c = Client::amf0();
    c.set_credentials("bob", "bob-pw");
    let batch = c
        .batch()
        .call("Geo.whoami", &())
        .unwrap()
        .call("Geo.sum", &(1, 2))
        .unwrap()
        .finish()
        .unwrap();
    let r = roundtrip(&gw, &mut c, &batch);
    let (user, id, flex): (Option<String>, Option<String>, bool) = r.result(0).unwrap();
    assert_eq!((user.as_deref(), id, flex), (Some("bob"), None, false));
    assert_eq!(r.result::<i32>(1).unwrap(), 3);
    assert_eq!(
        users.logins.load(Ordering::SeqCst),
        1,
        "one login per packet"
    );
    c.set_credentials("bob", "nope");
    let call = c.call("Geo.sum", &(1, 2)).unwrap();
    let f = fault_of(roundtrip(&gw, &mut c, &call).answers()[0].clone());
    assert_eq!(f.code, "Client.Authentication");
}

#[test]
fn commands_poll_and_unknown_operations() {
    let gw = services();
    // Real Flash Player CommandMessage with operation 10000 (unknown).
    let bytes = std::fs::read("fixtures/rocketamf/request/unsupportedCommandMessage.bin").unwrap();
    let out = gw.handle_blocking(&bytes);
    let p = Packet::from_slice(&out).unwrap();
    assert_eq!(p.messages[0].target, "/1/onStatus");
    let em: Value = p.messages[0].body.decode().unwrap();
    assert_eq!(em["faultCode"].as_str(), Some("Server.Processing"));
    assert_eq!(
        em["correlationId"].as_str(),
        Some("7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246")
    );
}
