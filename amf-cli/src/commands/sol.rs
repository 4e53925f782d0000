//! `amf sol`: listing, reading, setting and deleting the entries of a
//! `.sol` file.

use std::io::Write;
use std::path::{Path, PathBuf};

use amf_serde::sol::Sol;
use amf_serde::sol::Version as SolVersion;
use amf_serde::Value;

use crate::lossless;
use crate::Failure;

use super::atomic::replace_atomically;
use super::json::{write_json, JsonStyle, One};
use super::out_err;

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
