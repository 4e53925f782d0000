//! What are these bytes? A `.sol` file, a remoting packet, one AMF3 value,
//! one AMF0 value or a stream of values.
//!
//! The `.sol` magic decides at once. Otherwise each candidate is walked
//! quietly (the dump walkers, output thrown away) over the first
//! [`PREFIX`] bytes, and the first candidate that reads cleanly wins, in the
//! order: packet, one AMF3 value, AMF0 values, AMF3 values. On a longer
//! input, "cleanly" means "without a fault before the prefix ends".
//!
//! ```
//! use amf_cli::detect::{detect, Detected};
//! use amf_cli::dump::Kind;
//! use amf_cli::input::Input;
//!
//! // An RTMP-style AMF0 stream: "_result", 1.0
//! let bytes = vec![2, 0, 7, b'_', b'r', b'e', b's', b'u', b'l', b't', 0, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0];
//! let d = detect(&Input::from_bytes(bytes, "x"))?;
//! assert_eq!((d.kind, d.values), (Kind::Amf0, Some(2)));
//! # Ok::<(), String>(())
//! ```

use std::io;

use crate::dump::{End, Kind, Stop, Walker};
use crate::input::Input;
use crate::style::Styles;

/// How much of the input detection reads.
pub const PREFIX: u64 = 1 << 18;

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// What the bytes are (or the best guess).
    pub kind: Kind,
    /// Top-level values (or messages, entries), when the whole input was read.
    pub values: Option<u64>,
    /// `false` when no candidate read cleanly and `kind` is the one that
    /// got furthest.
    pub clean: bool,
}

impl Detected {
    /// "AMF3 value", "AMF0 stream of 3 values", "remoting packet", …
    pub fn describe(&self) -> String {
        match (self.kind, self.values) {
            (Kind::Amf3 | Kind::Amf0, Some(1)) => format!("{} value", self.kind.name()),
            (Kind::Amf3 | Kind::Amf0, Some(n)) => {
                format!("{} stream of {n} values", self.kind.name())
            }
            (Kind::Amf3 | Kind::Amf0, None) => format!("{} value(s)", self.kind.name()),
            (k, _) => k.name().to_string(),
        }
    }
}

/// How a quiet walk of a candidate went.
enum Trial {
    /// Read to the end.
    Clean(End),
    /// Read up to the end of the prefix (longer input).
    SoFar,
    /// A fault at this offset.
    Fault(u64),
}

fn trial(prefix: &[u8], kind: Kind, whole: bool) -> Trial {
    let mut sink = io::sink();
    let mut w = Walker::new(prefix, &mut sink, Styles::new(false)).with_tables(false);
    match w.walk(kind) {
        Ok(end) if whole => Trial::Clean(end),
        Ok(_) => Trial::SoFar,
        Err(Stop::Fault { at, .. }) if !whole && at >= prefix.len() as u64 => Trial::SoFar,
        Err(Stop::Fault { at, .. }) => Trial::Fault(at),
        Err(Stop::Io(_)) => Trial::Fault(0),
    }
}

/// Tells what the input is.
///
/// # Errors
/// The input cannot be read, or is empty.
pub fn detect(input: &Input) -> Result<Detected, String> {
    let prefix = input
        .prefix(PREFIX)
        .map_err(|e| format!("{}: {e}", input.name))?;
    if prefix.is_empty() {
        return Err(format!("{}: input is empty", input.name));
    }
    let whole = prefix.len() as u64 == input.len();
    if prefix.starts_with(&[0x00, 0xbf]) && prefix.get(6..10) == Some(b"TCSO") {
        return Ok(Detected {
            kind: Kind::Sol,
            values: None,
            clean: true,
        });
    }
    let mut best = (Kind::Amf3, 0u64);
    let mut order = vec![];
    // A packet starts with version 0, 1 or 3.
    if matches!(prefix.get(..2), Some([0, 0 | 1 | 3])) {
        order.push(Kind::Packet);
    }
    order.extend([Kind::Amf3, Kind::Amf0]);
    let mut amf3_stream = None;
    for kind in order {
        match trial(&prefix, kind, whole) {
            // One AMF3 value, or AMF0 values: done.
            Trial::Clean(end) if kind != Kind::Amf3 || end.values == 1 => {
                let values = (kind != Kind::Packet).then_some(end.values);
                return Ok(Detected {
                    kind,
                    values,
                    clean: true,
                });
            }
            Trial::SoFar => {
                return Ok(Detected {
                    kind,
                    values: None,
                    clean: true,
                })
            }
            Trial::Clean(end) => amf3_stream = Some(end),
            Trial::Fault(at) => {
                if at > best.1 {
                    best = (kind, at);
                }
            }
        }
    }
    // Several AMF3 values in a row.
    if let Some(end) = amf3_stream {
        return Ok(Detected {
            kind: Kind::Amf3,
            values: Some(end.values),
            clean: true,
        });
    }
    Ok(Detected {
        kind: best.0,
        values: None,
        clean: false,
    })
}
