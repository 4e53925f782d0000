//! The annotated hex dump: one line per element (offset, bytes, what they
//! mean), indented by nesting, with the reference tables at the end.
//!
//! The dump comes from walkers of its own (not the library's decoders): they
//! read every AMF0 and AMF3 marker, the remoting packet framing and the
//! `.sol` header, keep their own string, traits and object tables, and say
//! which element is a reference to which earlier one. They read from any
//! [`BufRead`] and keep only the tables (no input history), so a dump of a
//! large stream runs in bounded memory. They never panic on bad input: they
//! stop with a [`Stop::Fault`] at the offending byte.
//!
//! ```
//! use amf_cli::dump::{Kind, Walker};
//! use amf_cli::style::Styles;
//!
//! // ["foo", "foo"]: the second "foo" is a string reference.
//! let bytes = [0x09, 0x05, 0x01, 0x06, 0x07, b'f', b'o', b'o', 0x06, 0x00];
//! let mut out = Vec::new();
//! let mut w = Walker::new(&bytes[..], &mut out, Styles::new(false));
//! let end = w.walk(Kind::Amf3).unwrap();
//! assert_eq!(end.values, 1);
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.contains("string \"foo\" (string ref #0)"), "{text}");
//! ```

use std::fmt::Display;
use std::io::{self, BufRead, Write};

use amf_serde::amf3::marker as m3;

use crate::external::{Read, Spec};
use crate::progress::Progress;
use crate::style::Styles;

/// What the bytes are, for the walkers (and for `--amf0` & co.).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One or more AMF3 values in a row.
    Amf3,
    /// One or more AMF0 values in a row.
    Amf0,
    /// A remoting packet (AMF0 framing).
    Packet,
    /// A `.sol` file.
    Sol,
}

impl Kind {
    /// A short name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Amf3 => "AMF3",
            Kind::Amf0 => "AMF0",
            Kind::Packet => "remoting packet",
            Kind::Sol => ".sol file",
        }
    }
}

/// Why a walk stopped early.
#[derive(Debug)]
pub enum Stop {
    /// The input is malformed at byte offset `at`.
    Fault {
        /// Absolute byte offset of the problem.
        at: u64,
        /// What is wrong.
        msg: String,
    },
    /// Reading the input or writing the dump failed.
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Stop::Io(e)
    }
}

impl Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Fault { at, msg } => write!(f, "{msg} at byte offset {at}"),
            Stop::Io(e) => write!(f, "{e}"),
        }
    }
}

type Walk<T> = Result<T, Stop>;

/// What a finished walk saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct End {
    /// Top-level values (or packet messages, or `.sol` entries) read.
    pub values: u64,
    /// Offset just past the last byte read.
    pub pos: u64,
}

/// Deepest nesting the walkers follow: malformed input could nest forever.
pub const MAX_DEPTH: usize = 256;
/// Most bytes shown on a line; longer runs end with "…".
const MAX_SHOWN: usize = 9;
/// Longest text shown in full; longer strings are cut.
const MAX_TEXT: usize = 72;
/// Most entries listed per table at the end.
const MAX_TABLE: usize = 64;

/// The AMF3 string table, all strings in one buffer (a large input has
/// millions of them).
#[derive(Debug, Default)]
struct StrTable {
    buf: String,
    ends: Vec<usize>,
}

impl StrTable {
    fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn push(&mut self, s: &str) {
        self.buf.push_str(s);
        self.ends.push(self.buf.len());
    }

    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.buf.get(start..end)
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// One traits entry of the AMF3 traits table.
#[derive(Clone, Debug, Default)]
struct Traits {
    class: String,
    members: Vec<String>,
    dynamic: bool,
    external: bool,
}

/// An annotating reader of AMF0/AMF3 values, remoting packets and `.sol`
/// files, writing the dump to `out`.
pub struct Walker<'o, R> {
    r: R,
    out: &'o mut dyn Write,
    st: Styles,
    /// Absolute offset of the next unread byte.
    pos: u64,
    /// Offset of the first byte not yet shown on a line.
    line_start: u64,
    /// The first bytes since `line_start` (at most `MAX_SHOWN + 1`).
    shown: Vec<u8>,
    /// Width of the offset column.
    width: usize,
    /// Tables printed after each top-level unit.
    tables: bool,
    /// Top-level values labelled `#0`, `#1`, … (a stream).
    numbered: bool,
    progress: Progress,
    next_tick: u64,
    /// Externalizable classes described with `--external`.
    externals: Vec<Spec>,
    /// Nesting of the value being read (for the fault line).
    depth: usize,
    // AMF3 tables.
    strings: StrTable,
    traits: Vec<Traits>,
    /// Object table: offset and marker of every inline complex value.
    objects: Vec<(u64, u8)>,
    // AMF0 object table.
    objects0: Vec<(u64, &'static str)>,
}

impl<'o, R: BufRead> Walker<'o, R> {
    /// A walker reading `r` and writing the dump to `out`.
    pub fn new(r: R, out: &'o mut dyn Write, st: Styles) -> Self {
        Walker {
            r,
            out,
            st,
            pos: 0,
            line_start: 0,
            shown: Vec::new(),
            width: 4,
            tables: true,
            numbered: false,
            progress: Progress::off(),
            next_tick: 1 << 20,
            externals: Vec::new(),
            depth: 0,
            strings: StrTable::default(),
            traits: Vec::new(),
            objects: Vec::new(),
            objects0: Vec::new(),
        }
    }

    /// Offsets in the dump start at `base` (the input was read from there).
    pub fn with_base(mut self, base: u64) -> Self {
        self.pos = base;
        self.line_start = base;
        self
    }

    /// Offset column wide enough for inputs ending at `end`.
    pub fn with_end(mut self, end: u64) -> Self {
        self.width = format!("{end:x}").len().max(4);
        self
    }

    /// Whether to print the reference tables after each top-level unit.
    pub fn with_tables(mut self, tables: bool) -> Self {
        self.tables = tables;
        self
    }

    /// Label top-level values `#0`, `#1`, … (for a stream of values).
    pub fn with_numbered(mut self, numbered: bool) -> Self {
        self.numbered = numbered;
        self
    }

    /// Externalizable classes whose body layout is known.
    pub fn with_externals(mut self, specs: &[Spec]) -> Self {
        self.externals = specs.to_vec();
        self
    }

    /// Report progress while walking.
    pub fn with_progress(mut self, progress: Progress) -> Self {
        self.progress = progress;
        self
    }

    /// Current offset.
    pub fn pos(&self) -> u64 {
        self.pos
    }

    /// Walks the whole input as `kind`: values until the end of the input
    /// (AMF0/AMF3), one packet, or one `.sol` file.
    ///
    /// # Errors
    /// [`Stop::Fault`] at the first malformed byte, after printing every
    /// line before it and the partial line of the fault; [`Stop::Io`] when
    /// reading or writing fails.
    pub fn walk(&mut self, kind: Kind) -> Walk<End> {
        let r = match kind {
            Kind::Amf3 | Kind::Amf0 => self.stream(kind),
            Kind::Packet => self.packet(),
            Kind::Sol => self.sol(),
        };
        self.progress.finish();
        if let Err(Stop::Fault { at, msg }) = &r {
            let (at, msg) = (*at, msg.clone());
            let what = self.st.error(&format!("✗ {msg}"));
            self.line(self.depth, what)?;
            return Err(Stop::Fault { at, msg });
        }
        r
    }

    // ------------------------------------------------------------ input

    fn fault<T>(&self, at: u64, what: impl Display) -> Walk<T> {
        Err(Stop::Fault {
            at,
            msg: what.to_string(),
        })
    }

    /// Consumes `n` bytes of the reader's buffer, keeping the first ones
    /// for the line.
    fn consume(&mut self, n: usize, keep: Option<&mut Vec<u8>>) -> Walk<()> {
        let buf = self.r.fill_buf()?;
        let chunk = &buf[..n];
        let room = (MAX_SHOWN + 1).saturating_sub(self.shown.len());
        self.shown.extend_from_slice(&chunk[..room.min(n)]);
        if let Some(k) = keep {
            k.extend_from_slice(chunk);
        }
        self.r.consume(n);
        self.pos += n as u64;
        if self.pos >= self.next_tick {
            self.next_tick = self.pos + (1 << 20);
            self.progress.tick(self.pos);
        }
        Ok(())
    }

    /// Reads `n` bytes, returning them if `keep`. Allocates only as the
    /// bytes arrive, so a length field larger than the input costs nothing.
    fn read(&mut self, n: u64, keep: bool) -> Walk<Vec<u8>> {
        let mut kept = Vec::new();
        let mut left = n;
        while left > 0 {
            let avail = match self.r.fill_buf() {
                Ok(b) => b.len(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            if avail == 0 {
                return self.fault(self.pos, format!("input ends, {left} more bytes needed"));
            }
            let k = avail.min(usize::try_from(left).unwrap_or(usize::MAX));
            self.consume(k, keep.then_some(&mut kept))?;
            left -= k as u64;
        }
        Ok(kept)
    }

    fn byte(&mut self) -> Walk<u8> {
        Ok(self.array::<1>()?[0])
    }

    fn array<const N: usize>(&mut self) -> Walk<[u8; N]> {
        if let Ok(buf) = self.r.fill_buf() {
            if buf.len() >= N {
                let mut a = [0; N];
                a.copy_from_slice(&buf[..N]);
                self.consume(N, None)?;
                return Ok(a);
            }
        }
        let v = self.read(N as u64, true)?;
        let mut a = [0; N];
        a.copy_from_slice(&v);
        Ok(a)
    }

    /// The next byte without reading it; `None` at the end of the input.
    fn peek(&mut self) -> Walk<Option<u8>> {
        loop {
            match self.r.fill_buf() {
                Ok(b) => return Ok(b.first().copied()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Reads `len` bytes of UTF-8 text.
    fn text(&mut self, len: u64) -> Walk<String> {
        let at = self.pos;
        let bytes = self.read(len, true)?;
        String::from_utf8(bytes).or_else(|e| self.fault(at, format!("invalid UTF-8: {e}")))
    }

    fn u16(&mut self) -> Walk<u16> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    fn u32(&mut self) -> Walk<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    fn f64(&mut self) -> Walk<f64> {
        Ok(f64::from_be_bytes(self.array()?))
    }

    /// Reads a U29 (1 to 4 bytes).
    fn u29(&mut self) -> Walk<u32> {
        let mut v = 0u32;
        for i in 0..4 {
            let b = self.byte()?;
            if i == 3 {
                return Ok((v << 8) | u32::from(b));
            }
            v = (v << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
        Ok(v)
    }

    // ----------------------------------------------------------- output

    /// Prints one line: the offset and bytes since the last line, indented
    /// by `depth`, and `what`.
    fn line(&mut self, depth: usize, what: impl Display) -> Walk<()> {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let n = self.pos - self.line_start;
        let cut = n > MAX_SHOWN as u64;
        let shown = if cut { MAX_SHOWN - 1 } else { n as usize }.min(self.shown.len());
        let mut hex = String::with_capacity(3 * MAX_SHOWN + 2);
        for (i, b) in self.shown[..shown].iter().enumerate() {
            if i > 0 {
                hex.push(' ');
            }
            hex.push(char::from(DIGITS[usize::from(b >> 4)]));
            hex.push(char::from(DIGITS[usize::from(b & 15)]));
        }
        let mut width = hex.len();
        if cut {
            hex.push_str(" …");
            width += 2;
        }
        let pad = (3 * MAX_SHOWN - 1).saturating_sub(width);
        let (start, w, indent) = (self.line_start, self.width, 2 * depth);
        if self.st.on() {
            let off = self.st.offset(&format!("{start:0w$x}"));
            let hex = self.st.bytes(&hex);
            writeln!(self.out, "{off}  {hex}{:pad$}  {:indent$}{what}", "", "")?;
        } else {
            writeln!(
                self.out,
                "{start:0w$x}  {hex}{:pad$}  {:indent$}{what}",
                "", ""
            )?;
        }
        self.line_start = self.pos;
        self.shown.clear();
        Ok(())
    }

    fn quote(&self, s: &str) -> String {
        let shown: String = s.chars().take(MAX_TEXT).collect();
        let q = if shown.len() < s.len() {
            format!("{shown:?}… ({} bytes)", s.len())
        } else {
            format!("{s:?}")
        };
        self.st.text(&q)
    }

    fn label(&self, label: &str) -> String {
        if label.is_empty() {
            String::new()
        } else {
            self.st.label(label)
        }
    }

    // ---------------------------------------------------------- streams

    fn reset_tables(&mut self) {
        self.strings.clear();
        self.traits.clear();
        self.objects.clear();
        self.objects0.clear();
    }

    fn stream(&mut self, kind: Kind) -> Walk<End> {
        let mut values = 0;
        while self.peek()?.is_some() {
            self.reset_tables();
            let label = if self.numbered {
                format!("#{values} ")
            } else {
                String::new()
            };
            match kind {
                Kind::Amf3 => self.amf3(0, &label)?,
                _ => self.amf0(0, &label)?,
            }
            values += 1;
            self.print_tables()?;
        }
        if values == 0 {
            return self.fault(self.pos, "input is empty");
        }
        Ok(End {
            values,
            pos: self.pos,
        })
    }

    fn print_tables(&mut self) -> Walk<()> {
        if !self.tables {
            return Ok(());
        }
        let st = self.st;
        let mut lines = Vec::new();
        if !self.strings.is_empty() {
            let items: Vec<String> = self
                .strings
                .iter()
                .take(MAX_TABLE)
                .enumerate()
                .map(|(i, s)| format!("{} {}", st.reference(&format!("#{i}")), self.quote(s)))
                .collect();
            lines.push(format!(
                "  strings ({}): {}{}",
                self.strings.len(),
                items.join(", "),
                more(self.strings.len())
            ));
        }
        if !self.traits.is_empty() {
            lines.push(format!("  traits ({}):", self.traits.len()));
            for (i, t) in self.traits.iter().take(MAX_TABLE).enumerate() {
                let class = if t.class.is_empty() {
                    "anonymous".to_string()
                } else {
                    self.quote(&t.class)
                };
                let kind = match (t.external, t.dynamic) {
                    (true, _) => "externalizable",
                    (_, true) => "dynamic",
                    _ => "sealed",
                };
                lines.push(format!(
                    "    {} {class}, {kind}, members [{}]",
                    st.reference(&format!("#{i}")),
                    t.members.join(", ")
                ));
            }
            if self.traits.len() > MAX_TABLE {
                lines.push(format!("    {}", more(self.traits.len())));
            }
        }
        let amf3: Vec<(u64, &'static str)> = self
            .objects
            .iter()
            .take(MAX_TABLE)
            .map(|&(at, mk)| (at, m3::name(mk)))
            .collect();
        for (name, objects, total) in [
            ("objects", &amf3, self.objects.len()),
            ("AMF0 objects", &self.objects0, self.objects0.len()),
        ] {
            if objects.is_empty() {
                continue;
            }
            let items: Vec<String> = objects
                .iter()
                .take(MAX_TABLE)
                .enumerate()
                .map(|(i, (at, kind))| {
                    format!(
                        "{} {kind} at {at:0w$x}",
                        st.reference(&format!("#{i}")),
                        w = self.width
                    )
                })
                .collect();
            lines.push(format!(
                "  {name} ({total}): {}{}",
                items.join(", "),
                more(total)
            ));
        }
        if !lines.is_empty() {
            writeln!(self.out, "{}", st.note("tables:"))?;
            for l in lines {
                writeln!(self.out, "{l}")?;
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------- AMF3

    /// Reads a UTF-8-vr: the text, and how it was sent.
    fn utf8_vr(&mut self) -> Walk<(String, String)> {
        let (at, h) = (self.pos, self.u29()?);
        let i = (h >> 1) as usize;
        if h & 1 == 0 {
            let Some(s) = self.strings.get(i) else {
                return self.fault(at, format!("string ref #{i} past the table's end"));
            };
            let s = s.to_string();
            let how = self.st.reference(&format!("string ref #{i}"));
            Ok((s, how))
        } else if i == 0 {
            Ok((String::new(), "empty: never in the table".into()))
        } else {
            let s = self.text(u64::from(h >> 1))?;
            self.strings.push(&s);
            let how = self
                .st
                .reference(&format!("new string #{}", self.strings.len() - 1));
            Ok((s, how))
        }
    }

    /// Walks one AMF3 value: prints its header line (prefixed by `label`),
    /// then its contents one level deeper.
    pub(crate) fn amf3(&mut self, depth: usize, label: &str) -> Walk<()> {
        let start = self.pos;
        self.depth = depth;
        if depth > MAX_DEPTH {
            return self.fault(start, "nested too deeply");
        }
        let st = self.st;
        let label = self.label(label);
        let mk = self.byte()?;
        let name = m3::name(mk);
        // Complex values start with a U29: low bit 0 = object reference,
        // 1 = inline (registered in the object table before its contents).
        let (mut h, mut tag) = (0, String::new());
        if m3::is_complex(mk) {
            h = self.u29()?;
            let i = (h >> 1) as usize;
            if h & 1 == 0 {
                let Some(&(at, was)) = self.objects.get(i) else {
                    return self.fault(start, format!("object ref #{i} past the table's end"));
                };
                let was = m3::name(was);
                let r = st.reference(&format!("object ref #{i}"));
                let what = format!(
                    "{label}{}: {r}, the {was} at {at:0w$x}",
                    st.kind(name),
                    w = self.width
                );
                return self.line(depth, what);
            }
            tag = format!(
                " {}",
                st.reference(&format!("(object #{})", self.objects.len()))
            );
            self.objects.push((start, mk));
        }
        let (n, mut t) = (h >> 1, (h >> 2) as usize);
        let mut assoc = false;
        let mut external = None;
        let mut inline_class = String::new();

        let kind = st.kind(name);
        let what = match mk {
            m3::UNDEFINED | m3::NULL => st.scalar(name),
            m3::FALSE => format!("{kind} {}", st.scalar("false")),
            m3::TRUE => format!("{kind} {}", st.scalar("true")),
            m3::INTEGER => format!("{kind} {}", num(self.st, m3::sign_extend(self.u29()?))),
            m3::DOUBLE => format!("{kind} {}", num(self.st, fmt_f64(self.f64()?))),
            m3::STRING => {
                let (s, how) = self.utf8_vr()?;
                format!("{kind} {} ({how})", self.quote(&s))
            }
            m3::XML_DOC | m3::XML => {
                let s = self.text(u64::from(n))?;
                format!("{kind} {}", self.quote(&s))
            }
            m3::BYTE_ARRAY => {
                self.read(u64::from(n), false)?;
                format!("{kind}, {} bytes", num(self.st, n))
            }
            m3::DATE => {
                let ms = self.f64()?;
                format!("{kind} {} ({} ms)", iso_date(ms), num(self.st, fmt_f64(ms)))
            }
            m3::ARRAY if self.peek()? == Some(0x01) => {
                self.byte()?;
                format!("{kind}, {} dense, no associative part", num(self.st, n))
            }
            m3::ARRAY => {
                assoc = true;
                format!("{kind}, {} dense, associative part first", num(self.st, n))
            }
            // Object header bits: …01 traits ref, …111 externalizable,
            // …011 inline traits (bit 3 = dynamic, >> 4 = sealed count).
            m3::OBJECT if h & 2 == 0 => {
                let Some(tr) = self.traits.get(t) else {
                    return self.fault(start, format!("traits ref #{t} past the table's end"));
                };
                let class = if tr.class.is_empty() {
                    "anonymous".to_string()
                } else {
                    self.quote(&tr.class)
                };
                let k = match (tr.external, tr.dynamic) {
                    (true, _) => "externalizable",
                    (_, true) => "dynamic",
                    _ => "sealed",
                };
                if tr.external {
                    external = Some(tr.class.clone());
                }
                let r = st.reference(&format!("traits ref #{t}"));
                format!("{kind} {class}, {r} ({k}, {} members)", tr.members.len())
            }
            m3::OBJECT => {
                let (class, how) = self.utf8_vr()?;
                let shown = if class.is_empty() {
                    "anonymous".to_string()
                } else {
                    format!("{} ({how})", self.quote(&class))
                };
                t = self.traits.len();
                let r = st.reference(&format!("inline traits #{t}"));
                if h & 4 != 0 {
                    self.traits.push(Traits {
                        class: class.clone(),
                        external: true,
                        ..Traits::default()
                    });
                    external = Some(class);
                    format!("{kind} {shown}, {r}, externalizable")
                } else {
                    let k = if h & 8 != 0 { "dynamic" } else { "sealed" };
                    inline_class = class;
                    format!("{kind} {shown}, {r} ({k}, {} members)", h >> 4)
                }
            }
            m3::VECTOR_INT..=m3::VECTOR_OBJECT => {
                let fixed = if self.byte()? == 0 {
                    "variable"
                } else {
                    "fixed"
                };
                let mut ty = String::new();
                if mk == m3::VECTOR_OBJECT {
                    let (tn, how) = self.utf8_vr()?;
                    ty = format!(", type {} ({how})", self.quote(&tn));
                }
                format!("{kind}, {} items, {fixed} length{ty}", num(self.st, n))
            }
            m3::DICTIONARY => {
                let weak = if self.byte()? == 0 { "strong" } else { "weak" };
                format!("{kind}, {} entries, {weak} keys", num(self.st, n))
            }
            _ => return self.fault(start, format!("invalid AMF3 marker {mk:#04x}")),
        };
        self.line(depth, format!("{label}{what}{tag}"))?;

        let depth = depth + 1;
        match mk {
            m3::ARRAY | m3::VECTOR_OBJECT => {
                if assoc {
                    self.amf3_pairs(depth, "end of associative part")?;
                }
                for i in 0..n {
                    self.amf3(depth, &format!("[{i}] "))?;
                }
            }
            m3::OBJECT if external.is_some() => {
                let class = external.unwrap_or_default();
                if FLEX_ONE_VALUE.contains(&class.as_str()) {
                    self.amf3(depth, "body: ")?;
                } else if matches!(class.as_str(), "DSK" | "DSA" | "DSC") {
                    self.small_message(depth, &class)?;
                } else if let Some(spec) = self.externals.iter().find(|s| s.class == class) {
                    for r in spec.reads.clone() {
                        self.external_read(depth, r)?;
                    }
                } else {
                    return self.fault(
                        self.pos,
                        format!(
                            "externalizable class {class:?}: its body is in the class's own \
                             format (describe it with --external {class}=double,utf,…)"
                        ),
                    );
                }
            }
            m3::OBJECT => {
                if h & 2 != 0 {
                    let mut members = Vec::new();
                    for _ in 0..h >> 4 {
                        let (member, how) = self.utf8_vr()?;
                        let q = self.quote(&member);
                        self.line(depth, format!("member name {q} ({how})"))?;
                        members.push(member);
                    }
                    self.traits.push(Traits {
                        class: std::mem::take(&mut inline_class),
                        members,
                        dynamic: h & 8 != 0,
                        external: false,
                    });
                }
                let tr = self.traits[t].clone();
                for member in &tr.members {
                    self.amf3(depth, &format!("{member}: "))?;
                }
                if tr.dynamic {
                    self.amf3_pairs(depth, "end of dynamic members")?;
                }
            }
            m3::VECTOR_INT..=m3::VECTOR_DOUBLE => {
                for i in 0..n {
                    let item = match mk {
                        m3::VECTOR_INT => i32::from_be_bytes(self.array()?).to_string(),
                        m3::VECTOR_UINT => u32::from_be_bytes(self.array()?).to_string(),
                        _ => fmt_f64(self.f64()?),
                    };
                    let l = self.st.label(&format!("[{i}]"));
                    self.line(depth, format!("{l} {}", num(self.st, item)))?;
                }
            }
            m3::DICTIONARY => {
                for _ in 0..n {
                    self.amf3(depth, "key: ")?;
                    self.amf3(depth, "value: ")?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The body of a Flex small message (`DSK`, `DSA`, `DSC`): flag groups,
    /// each flag bytes then one AMF3 value per set bit.
    fn small_message(&mut self, depth: usize, class: &str) -> Walk<()> {
        const ABSTRACT: [&[&str]; 2] = [
            &[
                "body",
                "clientId",
                "destination",
                "headers",
                "messageId",
                "timestamp",
                "timeToLive",
            ],
            &["clientId (bytes)", "messageId (bytes)"],
        ];
        const ASYNC: [&[&str]; 1] = [&["correlationId", "correlationId (bytes)"]];
        const ACK: [&[&str]; 1] = [&[]];
        const COMMAND: [&[&str]; 1] = [&["operation"]];
        let last: (&str, &[&[&str]]) = match class {
            "DSK" => ("AcknowledgeMessage", &ACK),
            "DSC" => ("CommandMessage", &COMMAND),
            _ => ("", &[]),
        };
        let mut groups: Vec<(&str, &[&[&str]])> =
            vec![("AbstractMessage", &ABSTRACT), ("AsyncMessage", &ASYNC)];
        if !last.0.is_empty() {
            groups.push(last);
        }
        for (group, names) in groups {
            let mut flags = Vec::new();
            loop {
                let f = self.byte()?;
                let i = flags.len();
                let known = names.get(i).copied().unwrap_or(&[]);
                let set: Vec<String> = (0..7)
                    .filter(|b| f & (1 << b) != 0)
                    .map(|b| known.get(b).map_or(format!("bit {b}"), |n| n.to_string()))
                    .collect();
                let more = if f & 0x80 != 0 {
                    ", more flags follow"
                } else {
                    ""
                };
                let what = format!(
                    "{} flags {}: [{}]{more}",
                    group,
                    num(self.st, format!("{f:#04x}")),
                    set.join(", ")
                );
                self.line(depth, what)?;
                flags.push(f);
                if f & 0x80 == 0 {
                    break;
                }
            }
            for (i, f) in flags.iter().enumerate() {
                let known = names.get(i).copied().unwrap_or(&[]);
                for b in 0..7 {
                    if f & (1 << b) == 0 {
                        continue;
                    }
                    match known.get(b) {
                        Some(name) => self.amf3(depth, &format!("{name}: "))?,
                        // Unknown bits up to 5 carry a value to skip; an
                        // unknown bit 6 carries none (the reference reader).
                        None if b < 6 => self.amf3(depth, &format!("bit {b} (unknown): "))?,
                        None => {}
                    }
                }
            }
        }
        Ok(())
    }

    /// One read of an externalizable body described by `--external`.
    fn external_read(&mut self, depth: usize, r: Read) -> Walk<()> {
        let what = match r {
            Read::Bool => format!("readBoolean {}", num(self.st, self.byte()? != 0)),
            Read::Byte => format!(
                "readByte {}",
                num(self.st, i8::from_be_bytes(self.array()?))
            ),
            Read::UnsignedByte => format!("readUnsignedByte {}", num(self.st, self.byte()?)),
            Read::Short => format!(
                "readShort {}",
                num(self.st, i16::from_be_bytes(self.array()?))
            ),
            Read::UnsignedShort => format!("readUnsignedShort {}", num(self.st, self.u16()?)),
            Read::Int => format!(
                "readInt {}",
                num(self.st, i32::from_be_bytes(self.array()?))
            ),
            Read::UnsignedInt => format!("readUnsignedInt {}", num(self.st, self.u32()?)),
            Read::Float => {
                let f = f32::from_be_bytes(self.array()?);
                format!("readFloat {}", num(self.st, format!("{f:?}")))
            }
            Read::Double => format!("readDouble {}", num(self.st, fmt_f64(self.f64()?))),
            Read::Utf => {
                let s = self.utf8_field()?;
                format!("readUTF {}", self.quote(&s))
            }
            Read::UtfBytes(n) => {
                let s = self.text(n as u64)?;
                format!("readUTFBytes {}", self.quote(&s))
            }
            Read::Bytes(n) => {
                self.read(n as u64, false)?;
                format!("readBytes, {} bytes", num(self.st, n))
            }
            Read::Object => return self.amf3(depth, "readObject: "),
        };
        self.line(depth, what)
    }

    /// Walks name/value pairs up to the empty name `01` that ends them.
    fn amf3_pairs(&mut self, depth: usize, end: &str) -> Walk<()> {
        loop {
            let (key, how) = self.utf8_vr()?;
            if key.is_empty() {
                let e = self.st.note(end);
                return self.line(depth, e);
            }
            let q = self.quote(&key);
            self.line(depth, format!("key {q} ({how})"))?;
            self.amf3(depth, &format!("{key}: "))?;
        }
    }

    // ------------------------------------------------------------- AMF0

    /// Walks one AMF0 value.
    pub(crate) fn amf0(&mut self, depth: usize, label: &str) -> Walk<()> {
        use amf_serde::amf0::marker as m0;
        let start = self.pos;
        self.depth = depth;
        if depth > MAX_DEPTH {
            return self.fault(start, "nested too deeply");
        }
        let st = self.st;
        let label = self.label(label);
        let mk = self.byte()?;
        let kind = |s: &str| st.kind(s);
        let mut count = 0;
        let tag = |objects: &Vec<(u64, &'static str)>| {
            st.reference(&format!("(AMF0 object #{})", objects.len()))
        };
        let what = match mk {
            m0::NUMBER => format!("{} {}", kind("number"), num(self.st, fmt_f64(self.f64()?))),
            m0::BOOLEAN => {
                let b = self.byte()? != 0;
                format!("{} {}", kind("boolean"), num(self.st, b))
            }
            m0::STRING | m0::LONG_STRING => {
                let len = if mk == m0::STRING {
                    u64::from(self.u16()?)
                } else {
                    u64::from(self.u32()?)
                };
                let s = self.text(len)?;
                let k = if mk == m0::STRING {
                    "string"
                } else {
                    "long string"
                };
                format!("{} {}", kind(k), self.quote(&s))
            }
            m0::NULL => st.scalar("null"),
            m0::UNDEFINED => st.scalar("undefined"),
            m0::UNSUPPORTED => st.scalar("unsupported"),
            m0::REFERENCE => {
                let i = self.u16()?;
                let Some(&(at, was)) = self.objects0.get(usize::from(i)) else {
                    return self.fault(start, format!("AMF0 reference #{i} past the table's end"));
                };
                let r = st.reference(&format!("AMF0 reference #{i}"));
                let what = format!(
                    "{label}{}: {r}, the {was} at {at:0w$x}",
                    kind("reference"),
                    w = self.width
                );
                return self.line(depth, what);
            }
            m0::DATE => {
                let ms = self.f64()?;
                let tz = i16::from_be_bytes(self.array()?);
                format!(
                    "{} {} ({} ms, time-zone field {tz})",
                    kind("date"),
                    iso_date(ms),
                    num(self.st, fmt_f64(ms))
                )
            }
            m0::XML_DOC => {
                let len = u64::from(self.u32()?);
                let s = self.text(len)?;
                format!("{} {}", kind("XML document"), self.quote(&s))
            }
            m0::OBJECT => {
                let t = tag(&self.objects0);
                self.objects0.push((start, "object"));
                format!("{} (anonymous) {t}", kind("object"))
            }
            m0::TYPED_OBJECT => {
                let len = u64::from(self.u16()?);
                let class = self.text(len)?;
                let t = tag(&self.objects0);
                self.objects0.push((start, "typed object"));
                format!("{} {} {t}", kind("typed object"), self.quote(&class))
            }
            m0::ECMA_ARRAY => {
                let n = self.u32()?;
                let t = tag(&self.objects0);
                self.objects0.push((start, "ECMA array"));
                format!("{}, count {} {t}", kind("ECMA array"), num(self.st, n))
            }
            m0::STRICT_ARRAY => {
                let n = self.u32()?;
                count = n;
                let t = tag(&self.objects0);
                self.objects0.push((start, "strict array"));
                format!("{}, {} items {t}", kind("strict array"), num(self.st, n))
            }
            m0::AVMPLUS => {
                let what = format!("{label}{}", kind("switch to AMF3"));
                self.line(depth, what)?;
                return self.amf3(depth + 1, "");
            }
            _ => return self.fault(start, format!("invalid AMF0 marker {mk:#04x}")),
        };
        self.line(depth, format!("{label}{what}"))?;
        let depth = depth + 1;
        match mk {
            m0::OBJECT | m0::TYPED_OBJECT | m0::ECMA_ARRAY => self.amf0_properties(depth)?,
            m0::STRICT_ARRAY => {
                // The count comes from the input: items are read one by one,
                // so a huge count on short input ends at the end of input.
                for i in 0..count {
                    self.amf0(depth, &format!("[{i}] "))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// AMF0 properties: `U16` key, value, … up to the empty key and `09`.
    fn amf0_properties(&mut self, depth: usize) -> Walk<()> {
        loop {
            let len = self.u16()?;
            if len == 0 && self.peek()? == Some(amf_serde::amf0::marker::OBJECT_END) {
                self.byte()?;
                let e = self.st.note("end of object");
                return self.line(depth, e);
            }
            let key = self.text(u64::from(len))?;
            let q = self.quote(&key);
            self.line(depth, format!("key {q}"))?;
            self.amf0(depth, &format!("{key}: "))?;
        }
    }

    // ----------------------------------------------------------- packet

    /// A `U16`-prefixed UTF-8 field (names, URIs).
    fn utf8_field(&mut self) -> Walk<String> {
        let len = self.u16()?;
        self.text(u64::from(len))
    }

    fn packet(&mut self) -> Walk<End> {
        let st = self.st;
        let version = self.u16()?;
        let v = format!("{} {}", st.kind("packet version"), num(self.st, version));
        self.line(0, v)?;
        let nh = self.u16()?;
        let h = format!("{} {}", st.kind("headers:"), num(self.st, nh));
        self.line(0, h)?;
        for i in 0..nh {
            let name = self.utf8_field()?;
            let q = self.quote(&name);
            self.line(1, format!("{} {q}", st.kind(&format!("header #{i}"))))?;
            let must = self.byte()?;
            self.line(2, format!("must understand: {}", num(self.st, must != 0)))?;
            let len = self.u32()?;
            self.line(2, format!("length {}", fmt_len(len)))?;
            self.reset_tables();
            self.amf0(2, "value: ")?;
            self.print_tables()?;
        }
        let nm = self.u16()?;
        let m = format!("{} {}", st.kind("messages:"), num(self.st, nm));
        self.line(0, m)?;
        for i in 0..nm {
            let target = self.utf8_field()?;
            let q = self.quote(&target);
            self.line(
                1,
                format!("{} target {q}", st.kind(&format!("message #{i}"))),
            )?;
            let response = self.utf8_field()?;
            let q = self.quote(&response);
            self.line(2, format!("response {q}"))?;
            let len = self.u32()?;
            self.line(2, format!("length {}", fmt_len(len)))?;
            self.reset_tables();
            self.amf0(2, "body: ")?;
            self.print_tables()?;
        }
        if self.peek()?.is_some() {
            return self.fault(self.pos, "trailing bytes after the last message");
        }
        Ok(End {
            values: u64::from(nm),
            pos: self.pos,
        })
    }

    // -------------------------------------------------------------- sol

    fn sol(&mut self) -> Walk<End> {
        let st = self.st;
        let start = self.pos;
        if self.array::<2>()? != [0x00, 0xbf] {
            return self.fault(start, "not a .sol file: it does not start with 00 bf");
        }
        self.line(0, st.kind(".sol magic"))?;
        let len = self.u32()?;
        self.line(
            0,
            format!("length {} (bytes after this field)", num(self.st, len)),
        )?;
        let at = self.pos;
        if &self.array::<4>()? != b"TCSO" {
            return self.fault(at, "signature \"TCSO\" missing");
        }
        let at = self.pos;
        let sig = self.array::<6>()?;
        if sig != [0x00, 0x04, 0, 0, 0, 0] {
            return self.fault(at, "signature bytes 00 04 00 00 00 00 missing");
        }
        self.line(0, "signature \"TCSO\" 00 04 00 00 00 00")?;
        let name = self.utf8_field()?;
        let q = self.quote(&name);
        self.line(0, format!("{} {q}", st.kind("name")))?;
        self.read(3, false)?;
        let at = self.pos;
        let version = self.byte()?;
        let amf3 = match version {
            0 => false,
            3 => true,
            v => return self.fault(at, format!("AMF version {v}: only 0 and 3 exist")),
        };
        let v = if amf3 { "AMF3" } else { "AMF0" };
        self.line(0, format!("padding, {} {v}", st.kind("version")))?;
        // One table set for the whole body. In AMF0, Flash
        // Player counts the shared object's data (the body) as object #0.
        self.reset_tables();
        if !amf3 {
            self.objects0
                .push((self.pos, "body (the shared object's data)"));
        }
        let mut values = 0;
        while self.peek()?.is_some() {
            let key = if amf3 {
                let (key, how) = self.utf8_vr()?;
                let q = self.quote(&key);
                self.line(1, format!("{} {q} ({how})", st.kind("entry")))?;
                key
            } else {
                let key = self.utf8_field()?;
                let q = self.quote(&key);
                self.line(1, format!("{} {q}", st.kind("entry")))?;
                key
            };
            if amf3 {
                self.amf3(2, &format!("{key}: "))?;
            } else {
                self.amf0(2, &format!("{key}: "))?;
            }
            let at = self.pos;
            let end = self.byte()?;
            if end != 0 {
                return self.fault(at, format!("entry end 00 expected, found {end:02x}"));
            }
            let e = st.note("end of entry");
            self.line(2, e)?;
            values += 1;
        }
        self.print_tables()?;
        Ok(End {
            values,
            pos: self.pos,
        })
    }
}

/// Flex classes whose externalizable body is one AMF3 value.
const FLEX_ONE_VALUE: [&str; 3] = [
    "flex.messaging.io.ArrayCollection",
    "flex.messaging.io.ArrayList",
    "flex.messaging.io.ObjectProxy",
];

fn num(st: Styles, v: impl Display) -> String {
    st.scalar(&v.to_string())
}

fn fmt_len(len: u32) -> String {
    match len {
        u32::MAX => "ff ff ff ff (unknown)".into(),
        n => n.to_string(),
    }
}

fn more(n: usize) -> String {
    if n > MAX_TABLE {
        format!(", … {} more", n - MAX_TABLE)
    } else {
        String::new()
    }
}

/// A double as the dump shows it (integral values without a fraction).
pub fn fmt_f64(v: f64) -> String {
    format!("{v:?}")
}

/// Milliseconds since the epoch as an ISO 8601 UTC date, when in range.
pub fn iso_date(ms: f64) -> String {
    if !ms.is_finite() || ms.abs() > 8.64e15 {
        return "invalid date".into();
    }
    let total = ms.floor() as i64;
    let (days, rem) = (total.div_euclid(86_400_000), total.rem_euclid(86_400_000));
    let (y, mo, d) = civil(days);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(mo <= 2);
    (y, mo, d)
}
