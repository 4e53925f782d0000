//! `amf encode`: JSON (lossless or plain, a packet or a `.sol` document)
//! back into AMF bytes.

use std::io::{self, Write};

use amf_serde::remoting::Version as PacketVersion;
use amf_serde::remoting::{Body, Header, Message, Packet};
use amf_serde::sol::Sol;
use amf_serde::sol::Version as SolVersion;
use amf_serde::Value;

use crate::lossless::{self, Json};
use crate::Failure;

use super::out_err;

/// What `amf encode` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// AMF3 value(s).
    Amf3,
    /// AMF0 value(s).
    Amf0,
    /// A remoting packet.
    Packet,
    /// A `.sol` file with this name (`None`: the name in the JSON).
    Sol(Option<String>),
}

fn members<'j>(j: &'j Json, what: &str) -> Result<&'j [(String, Json)], String> {
    match j {
        Json::Obj(m) => Ok(m),
        _ => Err(format!("{what}: a JSON object expected")),
    }
}

fn field<'j>(m: &'j [(String, Json)], k: &str) -> Option<&'j Json> {
    m.iter().find(|(key, _)| key == k).map(|(_, v)| v)
}

fn int_field<T: TryFrom<i128>>(m: &[(String, Json)], k: &str, what: &str) -> Result<T, String> {
    match field(m, k) {
        Some(Json::Int(n)) => T::try_from(*n).map_err(|_| format!("{what}: {k} {n} out of range")),
        Some(_) => Err(format!("{what}: {k} must be an integer")),
        None => Err(format!("{what}: {k} missing")),
    }
}

fn str_field<'j>(m: &'j [(String, Json)], k: &str, what: &str) -> Result<&'j str, String> {
    match field(m, k) {
        Some(Json::Str(s)) => Ok(s),
        Some(_) => Err(format!("{what}: {k} must be a string")),
        None => Err(format!("{what}: {k} missing")),
    }
}

/// Encodes JSON text (lossless or plain) as `target`; `None` takes the
/// format from the document's `"$format"`.
///
/// # Errors
/// Invalid JSON, a document that does not fit the target, or a value the
/// encoder rejects.
pub fn encode_text(text: &str, target: Option<Target>) -> Result<Vec<u8>, String> {
    let doc = lossless::parse_json(text)?;
    let wrapper = match &doc {
        Json::Obj(m) => match field(m, "$format") {
            Some(Json::Str(f)) => Some((f.as_str(), m.as_slice())),
            Some(_) => return Err("$format must be a string".into()),
            None => None,
        },
        _ => None,
    };
    let target = match (target, wrapper) {
        (Some(t), _) => t,
        (None, Some(("amf3", _))) => Target::Amf3,
        (None, Some(("amf0", _))) => Target::Amf0,
        (None, Some(("packet", _))) => Target::Packet,
        (None, Some(("sol", _))) => Target::Sol(None),
        (None, Some((f, _))) => return Err(format!("unknown $format {f:?}")),
        (None, None) => {
            return Err("say what to encode: --amf3, --amf0, --packet or --sol NAME".into())
        }
    };
    let values = |m: Option<&[(String, Json)]>| -> Result<Vec<Value>, String> {
        match m {
            Some(m) => match (field(m, "value"), field(m, "values")) {
                (Some(v), None) => Ok(vec![lossless::Builder::default().value(v, "value")?]),
                (None, Some(Json::Arr(vs))) => vs
                    .iter()
                    .enumerate()
                    .map(|(i, v)| lossless::Builder::default().value(v, &format!("values[{i}]")))
                    .collect(),
                _ => Err("a \"value\" or a \"values\" list expected".into()),
            },
            None => Ok(vec![lossless::Builder::default().value(&doc, "")?]),
        }
    };
    let body = wrapper.map(|(_, m)| m);
    let fail = |e: amf_serde::Error| e.to_string();
    match target {
        Target::Amf3 => {
            let mut out = Vec::new();
            for v in values(body)? {
                out.extend(amf_serde::to_vec(&v).map_err(fail)?);
            }
            Ok(out)
        }
        Target::Amf0 => {
            let mut ser = amf_serde::amf0::Serializer::new(Vec::new());
            for v in values(body)? {
                ser.serialize_value(&v).map_err(fail)?;
            }
            Ok(ser.into_inner())
        }
        Target::Packet => encode_packet(body.unwrap_or(members(&doc, "packet")?)),
        Target::Sol(name) => encode_sol(body.unwrap_or(members(&doc, "sol")?), name, &doc),
    }
}

fn encode_packet(m: &[(String, Json)]) -> Result<Vec<u8>, String> {
    let fail = |e: amf_serde::Error| e.to_string();
    let version: u16 = int_field(m, "version", "packet")?;
    let version = PacketVersion::try_from(version).map_err(fail)?;
    let mut p = Packet::new(version);
    let mut lengths = Vec::new();
    let list = |k: &str| match field(m, k) {
        Some(Json::Arr(a)) => Ok(a.as_slice()),
        None => Ok(&[][..]),
        Some(_) => Err(format!("packet: {k} must be a list")),
    };
    let body = |j: Option<&Json>, what: &str| -> Result<Body<'static>, String> {
        let j = j.ok_or_else(|| format!("{what}: value missing"))?;
        let v = lossless::Builder::default().value(j, what)?;
        let mut ser = amf_serde::amf0::Serializer::new(Vec::new());
        ser.serialize_value(&v).map_err(fail)?;
        Body::from_bytes(ser.into_inner()).map_err(fail)
    };
    for (i, h) in list("headers")?.iter().enumerate() {
        let what = format!("headers[{i}]");
        let h = members(h, &what)?;
        let name = str_field(h, "name", &what)?.to_string();
        let must = matches!(field(h, "must_understand"), Some(Json::Bool(true)));
        lengths.push(opt_len(h, &what)?);
        p.headers
            .push(Header::new(name, must, body(field(h, "value"), &what)?));
    }
    for (i, msg) in list("messages")?.iter().enumerate() {
        let what = format!("messages[{i}]");
        let msg = members(msg, &what)?;
        let target = str_field(msg, "target", &what)?.to_string();
        let response = str_field(msg, "response", &what)?.to_string();
        lengths.push(opt_len(msg, &what)?);
        p.messages.push(Message::new(
            target,
            response,
            body(field(msg, "value"), &what)?,
        ));
    }
    let mut out = p.to_vec().map_err(fail)?;
    // Length fields that were not the real length (BlazeDS writes
    // ff ff ff ff or 1): put them back where the bodies start.
    if lengths.iter().any(Option::is_some) {
        let written = Packet::from_slice(&out).map_err(fail)?;
        let offsets: Vec<usize> = written
            .headers
            .iter()
            .map(|h| h.value.offset())
            .chain(written.messages.iter().map(|m| m.body.offset()))
            .collect();
        for (at, len) in offsets.into_iter().zip(lengths) {
            if let (Some(len), Some(start)) = (len, at.checked_sub(4)) {
                out[start..at].copy_from_slice(&len.to_be_bytes());
            }
        }
    }
    Ok(out)
}

fn opt_len(m: &[(String, Json)], what: &str) -> Result<Option<u32>, String> {
    match field(m, "length") {
        None => Ok(None),
        Some(_) => int_field(m, "length", what).map(Some),
    }
}

fn encode_sol(m: &[(String, Json)], name: Option<String>, doc: &Json) -> Result<Vec<u8>, String> {
    let format = match field(m, "$format") {
        Some(Json::Str(f)) => Some(f.as_str()),
        _ => None,
    };
    let mut b = lossless::Builder::default();
    let (name, version, entries) = if format == Some("sol") {
        let name = match name {
            Some(n) => n,
            None => str_field(m, "name", "sol")?.to_string(),
        };
        let version: u8 = match field(m, "version") {
            Some(_) => int_field(m, "version", "sol")?,
            None => 3,
        };
        let empty = Json::Obj(vec![]);
        let list = members(field(m, "entries").unwrap_or(&empty), "entries")?;
        // One reference space for the whole body.
        let mut entries = Vec::with_capacity(list.len());
        for (k, j) in list {
            entries.push((k.clone(), b.value(j, k)?));
        }
        (name, version, entries)
    } else {
        // An object (plain JSON, or the value of an amf3/amf0 document):
        // its members are the entries, in an AMF3 file.
        let name = name.ok_or("--sol NAME: the name of the shared object")?;
        let v = match format {
            Some(_) => match field(m, "value") {
                Some(j) => b.value(j, "value")?,
                None => return Err("--sol: a document with one object \"value\" expected".into()),
            },
            None => b.value(doc, "")?,
        };
        let Some(o) = v.as_object() else {
            return Err("--sol: the entries must be a JSON object".into());
        };
        let entries = o
            .members()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        (name, 3, entries)
    };
    let version = SolVersion::from_byte(version)
        .ok_or_else(|| format!("sol: version {version}: only 0 and 3 exist"))?;
    let mut sol = Sol::new(name, version);
    sol.entries = entries;
    sol.to_vec().map_err(|e| e.to_string())
}

/// `amf encode`: reads JSON from `file` (`-` for standard input) and
/// writes the bytes to `out`.
///
/// # Errors
/// Unreadable or invalid JSON (exit code 1).
pub fn encode(file: &str, target: Option<Target>, out: &mut dyn Write) -> Result<(), Failure> {
    let text = read_text(file)?;
    let bytes = encode_text(&text, target).map_err(|e| Failure::input(format!("{file}: {e}")))?;
    out.write_all(&bytes).map_err(out_err)?;
    out.flush().map_err(out_err)
}

fn read_text(file: &str) -> Result<String, Failure> {
    let r = if file == "-" {
        io::read_to_string(io::stdin().lock())
    } else {
        std::fs::read_to_string(file)
    };
    r.map_err(|e| Failure::input(format!("{file}: {e}")))
}
