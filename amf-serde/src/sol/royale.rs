//! This file owns Apache Royale's form of a shared object: what
//! `mx.net.SharedObject.flush()` stores in the browser's `localStorage`
//! (the key `"<localPath>::<name>"`, the value the base64 of the AMF3
//! `writeObject` of the `data` object), and the conversion between it and
//! a [`Sol`]. The base64 codec is `crate::base64`'s.

use super::{Sol, Version};
use crate::error::{Error, ErrorCode, Result};
use crate::value::Value;

/// The `localPath` Royale uses in the key when `getLocal` is given none.
pub const NULL_LOCAL_PATH: &str = "$null$";

/// One `localStorage` item as Apache Royale's `mx.net.SharedObject`
/// writes it on `flush()` and reads it in `getLocal()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoyaleItem {
    /// `"<localPath>::<name>"` (`localPath` is `"$null$"` when
    /// `getLocal` was called without one).
    pub key: String,
    /// The base64 of the AMF3 encoding of the `data` object.
    pub value: String,
}

impl RoyaleItem {
    /// The `localPath` part of the key (before the last `::`).
    pub fn local_path(&self) -> Option<&str> {
        self.key.rsplit_once("::").map(|(p, _)| p)
    }

    /// The name part of the key (after the last `::`; Royale rejects names
    /// containing `:`).
    pub fn name(&self) -> Option<&str> {
        self.key.rsplit_once("::").map(|(_, n)| n)
    }
}

/// Converts a shared object to the `localStorage` item Royale reads for
/// `SharedObject.getLocal(sol.name, local_path)`, so that a Flash
/// application's saved data can move to its Royale port. An AMF0 file's
/// values are written as AMF3 (numbers stay doubles, ECMA arrays become
/// arrays with named members).
///
/// ```
/// use amf_serde::sol::{self, Sol, Version};
/// use amf_serde::Value;
///
/// let mut save = Sol::new("game", Version::Amf3);
/// save.insert("level", Value::Integer(3));
/// let item = sol::to_royale(&save, None)?;
/// assert_eq!(item.key, "$null$::game");
/// // 0a 0b 01 (anonymous dynamic object), "level" = int 3, end.
/// assert_eq!(item.value, "CgsBC2xldmVsBAMB");
/// assert_eq!(sol::from_royale(&item)?, save);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// A value that cannot be written as AMF3.
pub fn to_royale(sol: &Sol, local_path: Option<&str>) -> Result<RoyaleItem> {
    let bytes = crate::amf3::to_vec(&sol.to_object())?;
    Ok(RoyaleItem {
        key: format!("{}::{}", local_path.unwrap_or(NULL_LOCAL_PATH), sol.name),
        value: crate::base64::encode(&bytes),
    })
}

/// Converts a Royale `localStorage` item back to a shared object (AMF3,
/// named after the key's name part, entries in the object's member order),
/// ready to be written as a `.sol` file.
///
/// # Errors
/// A key without `::`, invalid base64 (the offset is the character's
/// index), invalid AMF3 (the offset is in the decoded bytes), or a value
/// that is not an object.
pub fn from_royale(item: &RoyaleItem) -> Result<Sol> {
    let name = item.name().ok_or_else(|| {
        Error::code(ErrorCode::SolFormat(
            format!(
                "a Royale shared object key is \"<localPath>::<name>\", found {:?}",
                item.key
            )
            .into_boxed_str(),
        ))
    })?;
    let bytes = crate::base64::decode(&item.value)
        .map_err(|(msg, at)| Error::at(ErrorCode::SolFormat(msg.into()), at))?;
    let data: Value = crate::amf3::from_slice(&bytes)?;
    Sol::from_object(name, Version::Amf3, &data)
}
