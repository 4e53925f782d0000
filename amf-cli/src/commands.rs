//! The commands of `amf`: `inspect`, `json`, `encode` and `sol`.

use std::cell::RefCell;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use amf_serde::remoting::{Body, Header, Message, Packet, Version as PacketVersion};
use amf_serde::sol::{Sol, Version as SolVersion};
use amf_serde::Value;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::detect::{detect, Detected};
use crate::dump::{Kind, Stop, Walker};
use crate::external::Spec;
use crate::input::Input;
use crate::lossless::{self, Json, Lossless};
use crate::progress::{Progress, ProgressReader};
use crate::style::{ColorChoice, Styles};
use crate::Failure;

/// Where the input comes from and what it is, as the common flags say.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// File name, or `-` for standard input.
    pub file: String,
    /// The input is hex text.
    pub hex: bool,
    /// Skip this many bytes first.
    pub offset: u64,
    /// What the bytes are, if forced (`--amf0` & co.).
    pub kind: Option<Kind>,
    /// Externalizable classes described on the command line.
    pub externals: Vec<Spec>,
}

impl Source {
    fn open(&self) -> Result<Input, Failure> {
        Input::open(&self.file, self.hex, self.offset).map_err(Failure::input)
    }

    /// The kind, forced or detected.
    fn kind(&self, input: &Input) -> Result<(Detected, bool), Failure> {
        match self.kind {
            Some(kind) => Ok((
                Detected {
                    kind,
                    values: None,
                    clean: true,
                },
                false,
            )),
            None => Ok((detect(input).map_err(Failure::input)?, true)),
        }
    }

    fn options(&self) -> Result<amf_serde::Options, Failure> {
        crate::external::options(&self.externals).map_err(Failure::usage)
    }
}

fn out_err(e: io::Error) -> Failure {
    Failure::input(format!("writing the output: {e}"))
}

// ---------------------------------------------------------------- inspect

/// `amf inspect`: says what the input is and prints the annotated dump; on
/// bad bytes, everything up to the fault, then the library's error and
/// the bytes around it.
///
/// # Errors
/// Unreadable or malformed input (exit code 1).
pub fn inspect(
    src: &Source,
    color: ColorChoice,
    tables: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let input = src.open()?;
    let st = Styles::new(color.for_stdout());
    let (det, detected) = src.kind(&input)?;
    let how = if !detected {
        "as asked"
    } else if det.clean {
        "detected"
    } else {
        "best guess: no kind reads cleanly"
    };
    let base = input.base();
    let at = if base > 0 {
        format!(", from offset {base:#x}")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}: {}, {} bytes{at} ({how})",
        input.name,
        st.label(&det.describe()),
        input.len()
    )
    .map_err(out_err)?;
    let reader = input.reader().map_err(|e| Failure::input(e.to_string()))?;
    let progress = Progress::new(Some(input.len()), true);
    let mut w = Walker::new(reader, out, st)
        .with_base(base)
        .with_end(base + input.len())
        .with_tables(tables)
        .with_numbered(det.values.is_none_or(|n| n > 1))
        .with_externals(&src.externals)
        .with_progress(progress);
    let end = w.walk(det.kind);
    drop(w);
    match end {
        Ok(end) => {
            let n = end.values;
            let what = match (det.kind, n) {
                (Kind::Packet, 1) => "message",
                (Kind::Packet, _) => "messages",
                (Kind::Sol, 1) => "entry",
                (Kind::Sol, _) => "entries",
                (_, 1) => "value",
                _ => "values",
            };
            writeln!(
                out,
                "{}",
                st.note(&format!("end: {n} {what}, {} bytes", end.pos - base))
            )
            .map_err(out_err)?;
            Ok(())
        }
        Err(Stop::Io(e)) => Err(Failure::input(format!("{}: {e}", input.name))),
        Err(Stop::Fault { at, msg }) => {
            let lib = library_error(&input, det.kind, src);
            let point = lib
                .as_ref()
                .and_then(|e| e.offset())
                .map_or(at, |o| o + base);
            let lib_text = match &lib {
                Some(e) => e.to_string(),
                None => "decodes these bytes without an error".to_string(),
            };
            let head = format!("error at byte offset {at} ({at:#x}): {msg}");
            writeln!(out, "{}", st.error(&head)).map_err(out_err)?;
            writeln!(out, "library: {lib_text}").map_err(out_err)?;
            pointer(&input, point, &st, out).map_err(out_err)?;
            let short = match &lib {
                Some(e) => e.to_string(),
                None => format!("{msg} at byte offset {at}"),
            };
            Err(Failure::input(format!("{}: {short}", input.name)))
        }
    }
}

/// Prints the 16-byte row holding offset `at`, with a caret under it.
fn pointer(input: &Input, at: u64, st: &Styles, out: &mut dyn Write) -> io::Result<()> {
    let row = at - at % 16;
    let bytes = input.read_at(row.max(input.base()), 16);
    let first = row.max(input.base());
    let mut hex = String::new();
    let mut caret = 0;
    for (i, b) in bytes.iter().enumerate() {
        if first + i as u64 == at {
            caret = hex.len();
        }
        hex += &format!("{b:02x} ");
    }
    let lead = 3 * (first - row) as usize;
    if at >= first + bytes.len() as u64 {
        caret = hex.len(); // the fault is the end of the input
    }
    writeln!(
        out,
        "  {row:08x}  {}{}",
        " ".repeat(lead),
        st.bytes(hex.trim_end())
    )?;
    writeln!(
        out,
        "  {}  {}{}",
        " ".repeat(8),
        " ".repeat(lead + caret),
        st.error("^^")
    )?;
    Ok(())
}

/// The library's error for the input read as `kind`, if it has one.
fn library_error(input: &Input, kind: Kind, src: &Source) -> Option<amf_serde::Error> {
    let opts = src.options().ok()?;
    match kind {
        Kind::Amf3 | Kind::Amf0 => {
            let r = input.raw_reader().ok()?;
            let read = amf_serde::read::IoRead::new(r);
            if kind == Kind::Amf3 {
                let de = amf_serde::amf3::Deserializer::with_options(read, &opts);
                de.into_iter::<Value>().find_map(Result::err)
            } else {
                let de = amf_serde::amf0::Deserializer::with_options(read, &opts);
                de.into_iter::<Value>().find_map(Result::err)
            }
        }
        Kind::Packet => {
            let bytes = input.bytes().ok()?;
            match Packet::from_slice_with(&bytes, &opts) {
                Err(e) => Some(e),
                Ok(p) => p
                    .headers
                    .iter()
                    .map(|h| &h.value)
                    .chain(p.messages.iter().map(|m| &m.body))
                    .find_map(|b| b.decode_with::<Value>(&opts).err()),
            }
        }
        Kind::Sol => {
            let bytes = input.bytes().ok()?;
            Sol::from_slice(&bytes).err()
        }
    }
}

// ------------------------------------------------------------------- json

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
struct One<'a>(&'a Value, bool);

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

fn write_json<T: Serialize>(out: &mut dyn Write, style: JsonStyle, v: &T) -> Result<(), String> {
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

// ----------------------------------------------------------------- encode

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

// -------------------------------------------------------------------- sol

/// Reads a `.sol` file whole.
fn read_sol(path: &Path) -> Result<(Vec<u8>, Sol), Failure> {
    let name = path.display();
    let bytes = std::fs::read(path).map_err(|e| Failure::input(format!("{name}: {e}")))?;
    let sol = Sol::from_slice(&bytes).map_err(|e| Failure::input(format!("{name}: {e}")))?;
    Ok((bytes, sol))
}

/// `amf sol list`: one line per entry: key, kind, and a short value.
///
/// # Errors
/// Unreadable or malformed file.
pub fn sol_list(path: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    let (_, sol) = read_sol(path)?;
    let v = if sol.version == SolVersion::Amf3 {
        "AMF3"
    } else {
        "AMF0"
    };
    writeln!(out, "{:?}, {v}, {} entries", sol.name, sol.entries.len()).map_err(out_err)?;
    for (k, v) in &sol.entries {
        let mut shown = v.to_string();
        if shown.chars().count() > 60 {
            shown = shown.chars().take(59).collect::<String>() + "…";
        }
        writeln!(out, "{k}\t{}\t{shown}", kind_name(v)).map_err(out_err)?;
    }
    Ok(())
}

fn kind_name(v: &Value) -> &'static str {
    match v.inner() {
        Value::Undefined => "undefined",
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Integer(_) => "integer",
        Value::Double(_) => "number",
        Value::String(_) => "string",
        Value::Date(_) => "date",
        Value::XmlDocument(_) | Value::Xml(_) => "xml",
        Value::ByteArray(_) => "bytearray",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::External(_) => "externalizable",
        Value::VectorInt(_) | Value::VectorUint(_) | Value::VectorDouble(_) => "vector",
        Value::VectorObject(_) => "vector",
        Value::Dictionary(_) => "dictionary",
        Value::EcmaArray(_) => "ecma-array",
        _ => "other",
    }
}

/// `amf sol get`: one entry as JSON.
///
/// # Errors
/// Unreadable file, no such entry.
pub fn sol_get(
    path: &Path,
    key: &str,
    style: JsonStyle,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let (_, sol) = read_sol(path)?;
    let Some(i) = sol.entries.iter().position(|(k, _)| k == key) else {
        return Err(Failure::input(format!(
            "{}: no entry {key:?}",
            path.display()
        )));
    };
    // A value on its own: objects it shares with other entries are written
    // in full here.
    write_json(out, style, &One(&sol.entries[i].1, style.lossless)).map_err(Failure::input)
}

/// How `amf sol set`/`delete` write the file back.
#[derive(Debug, Clone, Default)]
pub struct Edit {
    /// Keep the old file as `FILE.bak` (or this path).
    pub backup: Option<PathBuf>,
}

/// `amf sol set`: sets entry `key` to the value of the JSON text (plain or
/// lossless), adding it at the end if new, and replaces the file
/// atomically.
///
/// # Errors
/// Unreadable file, invalid JSON, a failed write (the file is unchanged).
pub fn sol_set(path: &Path, key: &str, json: &str, edit: &Edit) -> Result<(), Failure> {
    let (_, mut sol) = read_sol(path)?;
    let v = lossless::from_str(json).map_err(|e| Failure::input(format!("value: {e}")))?;
    sol.insert(key, v);
    write_sol(path, &sol, edit)
}

/// `amf sol delete`: removes entry `key` and replaces the file atomically.
///
/// # Errors
/// Unreadable file, no such entry, a failed write (the file is unchanged).
pub fn sol_delete(path: &Path, key: &str, edit: &Edit) -> Result<(), Failure> {
    let (_, mut sol) = read_sol(path)?;
    if sol.remove(key).is_none() {
        return Err(Failure::input(format!(
            "{}: no entry {key:?}",
            path.display()
        )));
    }
    write_sol(path, &sol, edit)
}

fn write_sol(path: &Path, sol: &Sol, edit: &Edit) -> Result<(), Failure> {
    let bytes = sol
        .to_vec()
        .map_err(|e| Failure::input(format!("encoding: {e}")))?;
    if let Some(b) = &edit.backup {
        std::fs::copy(path, b)
            .map_err(|e| Failure::input(format!("backup to {}: {e}", b.display())))?;
    }
    replace_atomically(path, &bytes)
        .map_err(|e| Failure::input(format!("{}: not changed: {e}", path.display())))
}

/// Environment variable that makes [`replace_atomically`] fail after
/// writing half of the temporary file (for tests of the failure path).
pub const FAIL_WRITE_ENV: &str = "AMF_CLI_TEST_FAIL_WRITE";

/// Replaces `path` with `bytes`: writes a temporary file in the same
/// directory, syncs it, and renames it over `path`, so a reader sees the
/// old file or the new one, never a part. On any failure the temporary
/// file is removed and `path` is untouched.
///
/// # Errors
/// Creating, writing, syncing or renaming the temporary file failed.
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut tmp = None;
    for n in 0..100u32 {
        let mut name = std::ffi::OsString::from(".");
        name.push(file_name);
        name.push(format!(".amf-{}-{n}.tmp", std::process::id()));
        let p = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(f) => {
                tmp = Some((p, f));
                break;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    let (tmp_path, mut f) =
        tmp.ok_or_else(|| io::Error::new(io::ErrorKind::AlreadyExists, "no free temporary name"))?;
    let result = (|| {
        if let Ok(perm) = std::fs::metadata(path).map(|m| m.permissions()) {
            f.set_permissions(perm)?;
        }
        if std::env::var_os(FAIL_WRITE_ENV).is_some() {
            f.write_all(&bytes[..bytes.len() / 2])?;
            f.sync_all()?;
            return Err(io::Error::other(format!(
                "simulated failure after {} of {} bytes ({FAIL_WRITE_ENV})",
                bytes.len() / 2,
                bytes.len()
            )));
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp_path, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp_path);
    }
    result
}
