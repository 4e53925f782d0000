//! `amf inspect`: what the input is, its annotated dump, and on bad bytes
//! the library's own error with the bytes around it.

use std::io::{self, Write};

use amf_serde::remoting::Packet;
use amf_serde::sol::Sol;
use amf_serde::Value;

use crate::dump::{Kind, Stop, Walker};
use crate::input::Input;
use crate::progress::Progress;
use crate::style::{ColorChoice, Styles};
use crate::Failure;

use super::{out_err, Source};

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
