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

use crate::external::Spec;
use crate::progress::Progress;
use crate::style::Styles;

mod amf0;
mod amf3;
mod bytes;
mod packet;
mod sol;
mod tables;

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
