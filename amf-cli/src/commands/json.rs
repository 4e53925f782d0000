//! `amf json`: values, remoting packets and `.sol` files as plain or
//! lossless JSON, streamed value by value.

use std::cell::RefCell;
use std::io::{self, Write};

use amf_serde::remoting::{Body, Packet};
use amf_serde::sol::Sol;
use amf_serde::Value;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::dump::Kind;
use crate::lossless::{self, Lossless};
use crate::progress::{Progress, ProgressReader};
use crate::Failure;

use super::Source;

/// How `amf json` writes.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonStyle {
    /// The lossless form ([`crate::lossless`]).
    pub lossless: bool,
    /// One line, no indentation.
    pub compact: bool,
}

/// Values pulled from a decoder while they are written (so a stream is
/// never held whole).
struct Lazy<I> {
    it: RefCell<I>,
    first: RefCell<Option<Value>>,
    lossless: bool,
    err: RefCell<Option<amf_serde::Error>>,
}

impl<I: Iterator<Item = amf_serde::Result<Value>>> Serialize for Lazy<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut next = self.first.borrow_mut().take().map(Ok);
        loop {
            let item = match next.take() {
                Some(v) => v,
                None => match self.it.borrow_mut().next() {
                    Some(v) => v,
                    None => break,
                },
            };
            match item {
                Ok(v) => seq.serialize_element(&One(&v, self.lossless))?,
                Err(e) => {
                    *self.err.borrow_mut() = Some(e);
                    return Err(serde::ser::Error::custom("decoding failed"));
                }
            }
        }
        seq.end()
    }
}

/// One value, plain or lossless.
pub(super) struct One<'a>(pub(super) &'a Value, pub(super) bool);

impl Serialize for One<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.1 {
            let l = Lossless::new(std::slice::from_ref(self.0));
            l.of(0).serialize(s)
        } else if lossless::has_cycle(self.0) {
            // Plain JSON has no references: a cycle becomes null.
            lossless::without_cycles(self.0).serialize(s)
        } else {
            self.0.serialize(s)
        }
    }
}

pub(super) fn write_json<T: Serialize>(
    out: &mut dyn Write,
    style: JsonStyle,
    v: &T,
) -> Result<(), String> {
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    let r = if style.compact {
        v.serialize(&mut serde_json::Serializer::new(&mut w))
    } else {
        v.serialize(&mut serde_json::Serializer::pretty(&mut w))
    };
    r.map_err(|e| e.to_string())?;
    w.write_all(b"\n").map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())
}

/// `amf json`: the content as JSON, plain (what `serde_json` shows for the
/// decoded `Value`) or lossless, written as it is decoded.
///
/// # Errors
/// Unreadable or malformed input (exit code 1).
pub fn json(src: &Source, style: JsonStyle, out: &mut dyn Write) -> Result<(), Failure> {
    let input = src.open()?;
    let (det, _) = src.kind(&input)?;
    let opts = src.options()?;
    let fail = |e: amf_serde::Error| Failure::input(format!("{}: {e}", input.name));
    match det.kind {
        Kind::Amf3 => {
            // AMF3 references reach back anywhere in a value, so the
            // library keeps a value's bytes either way: read them at once
            // and decode from the slice (its fast paths need no copies).
            let progress = Progress::new(Some(input.len()), true);
            let mut bytes = Vec::with_capacity(input.len() as usize);
            let mut r = ProgressReader::new(input.raw_reader()?, progress.ticker());
            io::copy(&mut r, &mut bytes)
                .map_err(|e| Failure::input(format!("{}: {e}", input.name)))?;
            progress.phase("decoding and writing");
            let de = amf_serde::amf3::Deserializer::with_options(
                amf_serde::read::SliceRead::new(&bytes),
                &opts,
            );
            json_values(
                Box::new(de.into_iter::<Value>()),
                det.kind,
                style,
                out,
                &input.name,
            )
        }
        Kind::Amf0 => {
            // Value by value from the file: memory stays at one value.
            let progress = Progress::new(Some(input.len()), true);
            progress.phase("decoding and writing");
            let r = ProgressReader::new(input.raw_reader()?, progress.ticker());
            let read = amf_serde::read::IoRead::new(io::BufReader::with_capacity(1 << 16, r));
            let de = amf_serde::amf0::Deserializer::with_options(read, &opts);
            json_values(
                Box::new(de.into_iter::<Value>()),
                det.kind,
                style,
                out,
                &input.name,
            )
        }
        Kind::Packet => {
            let bytes = input.bytes()?;
            let p = Packet::from_slice_with(&bytes, &opts).map_err(fail)?;
            let doc = PacketJson::read(&p, &bytes, &opts).map_err(fail)?;
            write_json(out, style, &PacketOut(&doc, style.lossless)).map_err(Failure::input)
        }
        Kind::Sol => {
            let bytes = input.bytes()?;
            let sol = amf_serde::sol::ReadOptions::new()
                .with_options(opts)
                .read(&bytes)
                .map_err(fail)?;
            write_json(out, style, &SolOut(&sol, style.lossless)).map_err(Failure::input)
        }
    }
}

fn json_values(
    mut it: Box<dyn Iterator<Item = amf_serde::Result<Value>> + '_>,
    kind: Kind,
    style: JsonStyle,
    out: &mut dyn Write,
    name: &str,
) -> Result<(), Failure> {
    let fail = |e: amf_serde::Error| Failure::input(format!("{name}: {e}"));
    let first = match it.next() {
        Some(v) => v.map_err(fail)?,
        None => return Err(Failure::input(format!("{name}: input is empty"))),
    };
    let second = it.next().transpose().map_err(fail)?;
    let format = if kind == Kind::Amf3 { "amf3" } else { "amf0" };
    let Some(second) = second else {
        // One value.
        let r = if style.lossless {
            write_json(out, style, &Wrapped(format, "value", &One(&first, true)))
        } else {
            write_json(out, style, &One(&first, false))
        };
        return r.map_err(Failure::input);
    };
    let lazy = Lazy {
        it: RefCell::new(std::iter::once(Ok(second)).chain(it)),
        first: RefCell::new(Some(first)),
        lossless: style.lossless,
        err: RefCell::new(None),
    };
    let r = if style.lossless {
        write_json(out, style, &Wrapped(format, "values", &lazy))
    } else {
        write_json(out, style, &lazy)
    };
    if let Some(e) = lazy.err.into_inner() {
        return Err(fail(e));
    }
    r.map_err(Failure::input)
}

/// `{"$format": f, key: value}`.
struct Wrapped<'a, T>(&'a str, &'a str, &'a T);

impl<T: Serialize> Serialize for Wrapped<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("$format", self.0)?;
        m.serialize_entry(self.1, self.2)?;
        m.end()
    }
}

/// A packet's headers and messages with their values decoded, and the
/// length fields as written.
struct PacketJson {
    version: u16,
    headers: Vec<(String, bool, Value, Option<u32>)>,
    messages: Vec<(String, String, Value, Option<u32>)>,
}

/// The length field written before a body, when it is not the body's real
/// length (so the lossless form keeps BlazeDS's `ff ff ff ff` and `1`).
fn odd_length(packet: &[u8], body: &Body<'_>) -> Option<u32> {
    let at = body.offset();
    let field = packet.get(at.checked_sub(4)?..at)?;
    let written = u32::from_be_bytes(field.try_into().ok()?);
    (u64::from(written) != body.as_bytes().len() as u64).then_some(written)
}

impl PacketJson {
    fn read(p: &Packet<'_>, bytes: &[u8], opts: &amf_serde::Options) -> amf_serde::Result<Self> {
        let mut headers = Vec::new();
        for h in &p.headers {
            let v = h.value.decode_with::<Value>(opts)?;
            let len = odd_length(bytes, &h.value);
            headers.push((h.name.to_string(), h.must_understand, v, len));
        }
        let mut messages = Vec::new();
        for m in &p.messages {
            let v = m.body.decode_with::<Value>(opts)?;
            let len = odd_length(bytes, &m.body);
            messages.push((m.target.to_string(), m.response.to_string(), v, len));
        }
        Ok(PacketJson {
            version: p.version.as_u16(),
            headers,
            messages,
        })
    }
}

struct PacketOut<'a>(&'a PacketJson, bool);

struct Part<'a> {
    names: [(&'a str, &'a str); 2],
    flag: Option<bool>,
    value: &'a Value,
    length: Option<u32>,
    lossless: bool,
}

impl Serialize for Part<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (k, v) in self.names {
            if !k.is_empty() {
                m.serialize_entry(k, v)?;
            }
        }
        if let Some(f) = self.flag {
            m.serialize_entry("must_understand", &f)?;
        }
        if self.lossless {
            if let Some(l) = self.length {
                m.serialize_entry("length", &l)?;
            }
        }
        m.serialize_entry("value", &One(self.value, self.lossless))?;
        m.end()
    }
}

impl Serialize for PacketOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, lossless) = (self.0, self.1);
        let headers: Vec<Part> = p
            .headers
            .iter()
            .map(|(name, must, v, len)| Part {
                names: [("name", name), ("", "")],
                flag: Some(*must),
                value: v,
                length: *len,
                lossless,
            })
            .collect();
        let messages: Vec<Part> = p
            .messages
            .iter()
            .map(|(t, r, v, len)| Part {
                names: [("target", t), ("response", r)],
                flag: None,
                value: v,
                length: *len,
                lossless,
            })
            .collect();
        let mut m = s.serialize_map(None)?;
        if lossless {
            m.serialize_entry("$format", "packet")?;
        }
        m.serialize_entry("version", &p.version)?;
        m.serialize_entry("headers", &headers)?;
        m.serialize_entry("messages", &messages)?;
        m.end()
    }
}

struct SolOut<'a>(&'a Sol, bool);

struct Entries<'a>(&'a [(String, Value)], Option<&'a Lossless<'a>>);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            match self.1 {
                Some(l) => m.serialize_entry(k, &l.node(v))?,
                None => m.serialize_entry(k, v)?,
            }
        }
        m.end()
    }
}

impl Serialize for SolOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sol = self.0;
        // One reference space for the whole body.
        let values: Vec<Value> = sol.entries.iter().map(|(_, v)| v.clone()).collect();
        let l = Lossless::new(&values);
        let mut m = s.serialize_map(None)?;
        if self.1 {
            m.serialize_entry("$format", "sol")?;
        }
        m.serialize_entry("name", &sol.name)?;
        m.serialize_entry("version", &sol.version.byte())?;
        let entries = Entries(&sol.entries, self.1.then_some(&l));
        m.serialize_entry("entries", &entries)?;
        m.end()
    }
}
