//! This file owns Apache Royale's form of a shared object: what
//! `mx.net.SharedObject.flush()` stores in the browser's `localStorage`
//! (the key `"<localPath>::<name>"`, the value the base64 of the AMF3
//! `writeObject` of the `data` object), and the conversion between it and
//! a [`Sol`]. Also the base64 codec it needs (standard alphabet, padded,
//! as `btoa` writes).

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
        value: base64_encode(&bytes),
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
    let bytes = base64_decode(&item.value)?;
    let data: Value = crate::amf3::from_slice(&bytes)?;
    Sol::from_object(name, Version::Amf3, &data)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with `=` padding.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        for shift in [18, 12, 6, 0] {
            out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
        }
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.push(char::from(ALPHABET[(n >> 18) as usize & 63]));
            out.push(char::from(ALPHABET[(n >> 12) as usize & 63]));
            out.push_str("==");
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.push(char::from(ALPHABET[(n >> 18) as usize & 63]));
            out.push(char::from(ALPHABET[(n >> 12) as usize & 63]));
            out.push(char::from(ALPHABET[(n >> 6) as usize & 63]));
            out.push('=');
        }
        _ => {}
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

#[cold]
fn bad_base64(msg: &str, at: usize) -> Error {
    Error::at(ErrorCode::SolFormat(msg.into()), at)
}

/// Decodes standard base64; padding is optional (`atob` accepts both),
/// anything else (whitespace included) is an error at its index.
pub(crate) fn base64_decode(text: &str) -> Result<Vec<u8>> {
    let bytes = text.as_bytes();
    let data_len = bytes.len()
        - bytes
            .iter()
            .rev()
            .take(2)
            .take_while(|&&c| c == b'=')
            .count();
    if data_len % 4 == 1 {
        return Err(bad_base64(
            "invalid base64: the length leaves a single character in the last group",
            data_len.saturating_sub(1),
        ));
    }
    if data_len < bytes.len() && !bytes.len().is_multiple_of(4) {
        return Err(bad_base64("invalid base64: wrong padding", data_len));
    }
    let mut out = Vec::with_capacity(data_len / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for (i, &c) in bytes[..data_len].iter().enumerate() {
        let v = sextet(c)
            .ok_or_else(|| bad_base64(&format!("invalid base64 character 0x{c:02x}"), i))?;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_remainder() {
        // RFC 4648 §10 test vectors.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), coded);
            assert_eq!(base64_decode(coded).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&all)).unwrap(), all);
        assert_eq!(base64_decode("Zm8").unwrap(), b"fo");
    }

    #[test]
    fn base64_errors_name_the_character() {
        let e = base64_decode("Zm9v!A==").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid base64 character 0x21 at byte offset 4"
        );
        assert_eq!(base64_decode("Z").unwrap_err().offset(), Some(0));
        assert!(base64_decode("Zm9=").is_ok());
        assert!(base64_decode("Zg=").is_err());
    }
}
