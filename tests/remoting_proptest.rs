//! Property tests of remoting packets: random headers, messages and typed
//! bodies (NetConnection argument tuples, Flex messages with typed bodies,
//! small messages) survive write → read, whatever the length fields say;
//! every truncation and every single-byte corruption is an error or a
//! packet, never a panic.

use amf_serde::flex::{
    self, AcknowledgeMessage, AcknowledgeMessageExt, ArrayCollection, CommandMessage,
    CommandMessageExt, Headers, RemotingMessage,
};
use amf_serde::remoting::{Amf3, Body, Header, Message, Packet, Version};
use amf_serde::{amf, Value};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

#[amf(alias = "test.Rec")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Rec {
    id: i32,
    name: String,
    score: f64,
    tags: Vec<String>,
}

/// The typed body of one message, kept to check the decoded one.
#[derive(Debug, Clone)]
enum Typed {
    Call((String, i32, Vec<f64>)),
    Amf3Args((String, Vec<Rec>)),
    Remoting(RemotingMessage<(String, Option<bool>, ArrayCollection<Rec>)>),
    Ack(AcknowledgeMessage<ArrayCollection<Rec>>),
    Small(AcknowledgeMessageExt<String>),
    Command(CommandMessageExt),
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9./_]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn finite() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |f| f.is_finite())
}

fn rec() -> impl Strategy<Value = Rec> {
    (
        any::<i32>(),
        text(),
        finite(),
        prop::collection::vec(text(), 0..3),
    )
        .prop_map(|(id, name, score, tags)| Rec {
            id,
            name,
            score,
            tags,
        })
}

fn uid_or_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<[u8; 16]>().prop_map(|b| {
            let h: String = b.iter().map(|x| format!("{x:02X}")).collect();
            format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            )
        }),
        text(),
    ]
}

fn headers() -> impl Strategy<Value = Headers> {
    prop::collection::vec(("[A-Za-z]{1,8}", any::<i32>()), 0..3)
        .prop_map(|v| v.into_iter().collect())
}

fn typed() -> impl Strategy<Value = Typed> {
    prop_oneof![
        (text(), any::<i32>(), prop::collection::vec(finite(), 0..4)).prop_map(Typed::Call),
        (text(), prop::collection::vec(rec(), 0..3)).prop_map(Typed::Amf3Args),
        (
            text(),
            text(),
            uid_or_text(),
            any::<Option<bool>>(),
            prop::collection::vec(rec(), 0..3),
            headers(),
            -(1i64 << 40)..(1i64 << 40),
        )
            .prop_map(|(op, dest, id, flag, recs, headers, ts)| {
                let mut m =
                    RemotingMessage::new(&dest, &op, (id.clone(), flag, ArrayCollection(recs)));
                m.message_id = id;
                m.headers = headers;
                m.timestamp = ts;
                Typed::Remoting(m)
            }),
        (
            prop::collection::vec(rec(), 0..4),
            uid_or_text(),
            uid_or_text(),
            prop::option::of(uid_or_text()),
            0i64..(1i64 << 45),
        )
            .prop_map(|(recs, mid, corr, client, ts)| {
                let mut a = AcknowledgeMessage::new(ArrayCollection(recs));
                a.message_id = mid;
                a.correlation_id = corr;
                a.client_id = client;
                a.timestamp = ts;
                Typed::Ack(a)
            }),
        (
            text(),
            uid_or_text(),
            uid_or_text(),
            prop::option::of(uid_or_text()),
            prop::option::of(text()),
            headers(),
            0i64..(1i64 << 45),
            0i64..100_000,
        )
            .prop_map(|(body, mid, corr, client, dest, headers, ts, ttl)| {
                let mut a = AcknowledgeMessage::new(body);
                a.message_id = mid;
                a.correlation_id = corr;
                a.client_id = client;
                a.destination = dest;
                a.headers = headers;
                a.timestamp = ts;
                a.time_to_live = ttl;
                Typed::Small(AcknowledgeMessageExt(a))
            }),
        (
            0u32..14,
            uid_or_text(),
            prop::option::of(uid_or_text()),
            headers()
        )
            .prop_map(|(op, mid, client, headers)| {
                let mut c = CommandMessage::new(op, Value::Null);
                c.message_id = mid;
                c.client_id = client;
                c.headers = headers;
                c.destination = None;
                Typed::Command(CommandMessageExt(c))
            }),
    ]
}

fn body_of(t: &Typed) -> Body<'static> {
    match t {
        Typed::Call(args) => Body::amf0(args).unwrap(),
        Typed::Amf3Args((s, recs)) => Body::amf0(&(s, Amf3(recs))).unwrap(),
        Typed::Remoting(m) => Body::amf0(&(Amf3(m),)).unwrap(),
        Typed::Ack(m) => Body::amf3(m).unwrap(),
        Typed::Small(m) => Body::amf3(m).unwrap(),
        Typed::Command(m) => Body::amf3(m).unwrap(),
    }
}

fn check(t: &Typed, m: &Message<'_>) {
    match t {
        Typed::Call(args) => {
            let got: (String, i32, Vec<f64>) = m.arguments().unwrap();
            assert_eq!(&got, args);
        }
        Typed::Amf3Args((s, recs)) => {
            let (gs, grecs): (&str, Vec<Rec>) = m.arguments().unwrap();
            assert_eq!((gs, &grecs), (s.as_str(), recs));
        }
        Typed::Remoting(want) => {
            let got: RemotingMessage<(String, Option<bool>, ArrayCollection<Rec>)> =
                flex::request_message(m).unwrap();
            assert_eq!(&got, want);
        }
        Typed::Ack(want) => {
            let got: AcknowledgeMessage<ArrayCollection<Rec>> = m.body.decode().unwrap();
            assert_eq!(&got, want);
        }
        Typed::Small(want) => {
            let got: AcknowledgeMessageExt<String> = m.body.decode().unwrap();
            assert_eq!(&got, want);
        }
        Typed::Command(want) => {
            let got: CommandMessageExt = m.body.decode().unwrap();
            assert_eq!(&got, want);
        }
    }
}

fn version() -> impl Strategy<Value = Version> {
    prop_oneof![
        Just(Version::Amf0),
        Just(Version::FlashCom),
        Just(Version::Amf3)
    ]
}

/// Version, headers (name, must-understand, value), messages (target,
/// response, typed body).
type Parts = (
    Version,
    Vec<(String, bool, i32)>,
    Vec<(String, String, Typed)>,
);

fn packet_parts() -> impl Strategy<Value = Parts> {
    (
        version(),
        prop::collection::vec((text(), any::<bool>(), any::<i32>()), 0..3),
        prop::collection::vec((text(), text(), typed()), 0..4),
    )
}

fn build(
    version: Version,
    headers: &[(String, bool, i32)],
    messages: &[(String, String, Typed)],
) -> Packet<'static> {
    let mut p = Packet::new(version);
    for (name, must, v) in headers {
        p.headers
            .push(Header::amf0(name.clone(), *must, v).unwrap());
    }
    for (target, response, t) in messages {
        p.messages
            .push(Message::new(target.clone(), response.clone(), body_of(t)));
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn packets_round_trip((version, headers, messages) in packet_parts(), lengths in prop::collection::vec(any::<u32>(), 8)) {
        let p = build(version, &headers, &messages);
        let bytes = p.to_vec().unwrap();
        let back = Packet::from_slice(&bytes).unwrap();
        prop_assert_eq!(&back, &p);
        prop_assert_eq!(back.to_vec().unwrap(), bytes.clone());
        for ((name, must, v), h) in headers.iter().zip(&back.headers) {
            prop_assert_eq!(&*h.name, name.as_str());
            prop_assert_eq!(h.must_understand, *must);
            prop_assert_eq!(h.value.decode::<i32>().unwrap(), *v);
            // the length field holds the real length
            let at = h.value.offset() - 4;
            prop_assert_eq!(u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize, h.value.as_bytes().len());
        }
        for ((target, response, t), m) in messages.iter().zip(&back.messages) {
            prop_assert_eq!(&*m.target, target.as_str());
            prop_assert_eq!(&*m.response, response.as_str());
            check(t, m);
        }

        // any length fields (-1, 0, 1, garbage): the same packet
        let mut odd = bytes.clone();
        let bodies = back.headers.iter().map(|h| &h.value).chain(back.messages.iter().map(|m| &m.body));
        for (b, len) in bodies.zip(lengths.iter().cycle()) {
            let at = b.offset() - 4;
            odd[at..at + 4].copy_from_slice(&len.to_be_bytes());
        }
        let again = Packet::from_slice(&odd).unwrap();
        prop_assert_eq!(&again, &p);
        prop_assert_eq!(again.to_vec().unwrap(), bytes);
    }

    #[test]
    fn truncations_and_corruptions_never_panic((version, headers, messages) in packet_parts(), flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)) {
        let bytes = build(version, &headers, &messages).to_vec().unwrap();
        for cut in 0..bytes.len() {
            let err = Packet::from_slice(&bytes[..cut]).unwrap_err();
            prop_assert!(err.offset().is_some());
        }
        let mut bad = bytes.clone();
        for (i, b) in &flips {
            let i = i.index(bad.len());
            bad[i] = *b;
        }
        if let Ok(p) = Packet::from_slice(&bad) {
            // decoding whatever came out: any type, no panic
            for m in &p.messages {
                let _ = m.body.to_value();
                let _ = m.arguments::<Vec<Value>>();
                let _ = flex::request_message::<flex::FlexMessage>(m);
                let _ = m.body.decode::<AcknowledgeMessageExt>();
            }
            // a packet that decodes writes back to something that decodes the same
            let again = p.to_vec().unwrap();
            prop_assert_eq!(&Packet::from_slice(&again).unwrap(), &p);
        }
    }
}
