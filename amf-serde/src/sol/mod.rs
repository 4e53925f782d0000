//! Local Shared Object files (`.sol`): what Flash Player writes for
//! `SharedObject.getLocal()`, the "Flash cookie" that holds game saves and
//! settings.
//!
//! A `.sol` file is a small header (magic `00 bf`, a length, `"TCSO"`, the
//! shared object's name, the AMF version) followed by the top-level
//! properties of the shared object's `data`, one *entry* each: a key, a
//! value in AMF0 or AMF3, and one `00` byte. In an AMF3 file the reference
//! tables (strings, objects, traits) are shared by the whole body, so a
//! later entry may refer to a string first seen in an earlier one.
//!
//! # Typed
//!
//! The entries map onto a struct's fields (or a map's entries), with every
//! serde attribute working; a flattened map keeps the entries the struct
//! does not name:
//!
//! ```
//! use std::collections::BTreeMap;
//! use amf_serde::{sol, Value};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Save {
//!     level: i32,
//!     #[serde(rename = "playerName")]
//!     player: String,
//!     #[serde(default, skip_serializing_if = "Vec::is_empty")]
//!     items: Vec<String>,
//!     #[serde(flatten)]
//!     rest: BTreeMap<String, Value>,
//! }
//!
//! let save = Save { level: 3, player: "Ada".into(), items: vec![], rest: BTreeMap::new() };
//! let bytes = sol::to_vec("savegame", &save, sol::Version::Amf3)?;
//! assert_eq!(&bytes[..2], [0x00, 0xbf]);
//! assert_eq!(sol::read_header(&bytes)?.name, "savegame");
//! let back: Save = sol::from_slice(&bytes)?;
//! assert_eq!(back, save);
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # Untyped and lossless
//!
//! [`Sol`] holds the name, the version and the entries in file order as
//! [`Value`](crate::Value)s; a file read and written back unchanged is the
//! same bytes, and editing one entry changes only that entry's bytes (and
//! the length field):
//!
//! ```
//! use amf_serde::{sol::Sol, Value};
//!
//! // AMF3 file "test" with a = 1 and s = "a" (a string reference).
//! let file = [
//!     0x00, 0xbf, 0x00, 0x00, 0x00, 0x1e, b'T', b'C', b'S', b'O', 0, 4, 0, 0, 0, 0,
//!     0x00, 0x04, b't', b'e', b's', b't', 0x00, 0x00, 0x00, 0x03,
//!     0x03, b'a', 0x04, 0x01, 0x00,
//!     0x03, b's', 0x06, 0x00, 0x00,
//! ];
//! let mut sol = Sol::from_slice(&file)?;
//! assert_eq!(sol.name, "test");
//! assert_eq!(sol.get("s"), Some(&Value::String("a".into())));
//! assert_eq!(sol.to_vec()?, file);
//!
//! sol.insert("a", Value::Integer(2));
//! let edited = sol.to_vec()?;
//! assert_eq!(edited[29], 0x02); // only the int changed
//! assert_eq!(edited[..29], file[..29]);
//! assert_eq!(edited[30..], file[30..]);
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # Errors
//!
//! Bad input is an [`Error`] with the byte offset and, inside the body, the
//! entry it was found in ([`Error::sol_entry`]). The length field is only
//! checked when asked ([`ReadOptions::with_strict_length`]); the limits of
//! [`Options`] apply to the entries' values.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::options::Options;

mod read;
mod royale;
mod value;
mod write;

pub use royale::{from_royale, to_royale, RoyaleItem};
pub use value::Sol;

/// The magic number a `.sol` file starts with.
pub const MAGIC: [u8; 2] = [0x00, 0xbf];

/// The signature after the length field: `"TCSO"` and `00 04 00 00 00 00`.
pub const SIGNATURE: [u8; 10] = [b'T', b'C', b'S', b'O', 0x00, 0x04, 0x00, 0x00, 0x00, 0x00];

/// The AMF version of a `.sol` file's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// AMF0 (ActionScript 1/2, or AS3 with `objectEncoding = 0`): version
    /// byte `00`.
    Amf0,
    /// AMF3 (the ActionScript 3 default): version byte `03`.
    Amf3,
}

impl Version {
    /// The version byte written in the header (`0` or `3`).
    pub fn byte(self) -> u8 {
        match self {
            Version::Amf0 => 0,
            Version::Amf3 => 3,
        }
    }

    /// The version for a header byte, if it is `0` or `3`.
    pub fn from_byte(byte: u8) -> Option<Version> {
        match byte {
            0 => Some(Version::Amf0),
            3 => Some(Version::Amf3),
            _ => None,
        }
    }
}

/// What a `.sol` file's header says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The shared object's name (`Minimal`, not a path).
    pub name: String,
    /// The AMF version of the body.
    pub version: Version,
    /// The file-length field as stored (the number of bytes after it, in a
    /// well-formed file).
    pub length: u32,
    /// The offset of the first entry.
    pub body_offset: usize,
}

/// How to read a `.sol` file: the [`Options`] (limits) for the entries'
/// values, and whether the file-length field must be right.
///
/// ```
/// use amf_serde::sol::{ReadOptions, Sol};
///
/// let mut file = amf_serde::sol::Sol::new("x", amf_serde::sol::Version::Amf0).to_vec()?;
/// file[5] += 1; // a wrong length field
/// assert!(Sol::from_slice(&file).is_ok()); // ignored by default, as Flash Player does
/// let err = ReadOptions::new().with_strict_length(true).read(&file).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "the file-length field says 18 bytes follow it, but 17 do at byte offset 2"
/// );
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    options: Options,
    strict_length: bool,
}

impl ReadOptions {
    /// Default limits, length field not checked.
    pub fn new() -> Self {
        ReadOptions::default()
    }

    /// The options (limits, external readers) used for the entries' values.
    /// The name is limited by [`Options::with_max_string_len`].
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Whether the file-length field must equal the number of bytes after
    /// it (PyAMF's strict mode). Off by default: Flash Player and most
    /// readers ignore it.
    pub fn with_strict_length(mut self, strict: bool) -> Self {
        self.strict_length = strict;
        self
    }

    /// Reads the header only.
    ///
    /// # Errors
    /// A wrong magic, signature, padding or AMF version, a truncated
    /// header, a name longer than the file or the string limit, and (in
    /// strict mode) a wrong length field.
    pub fn header(&self, bytes: &[u8]) -> Result<Header> {
        let h = read::header(bytes, self)?;
        Ok(h.to_header())
    }

    /// Reads a whole file into a [`Sol`].
    ///
    /// # Errors
    /// As [`ReadOptions::header`], plus any error inside an entry (with
    /// the entry: [`Error::sol_entry`]).
    pub fn read(&self, bytes: &[u8]) -> Result<Sol> {
        read::read_sol(bytes, self)
    }

    /// Reads the entries into `T` (see [`from_slice`]).
    ///
    /// # Errors
    /// As [`ReadOptions::read`], plus entries that do not fit `T`.
    pub fn from_slice<'a, T: Deserialize<'a>>(&self, bytes: &'a [u8]) -> Result<T> {
        read::from_slice(bytes, self).map(|(_, v)| v)
    }

    /// Reads the header and the entries into `T`.
    ///
    /// # Errors
    /// As [`ReadOptions::from_slice`].
    pub fn from_slice_with_header<'a, T: Deserialize<'a>>(
        &self,
        bytes: &'a [u8],
    ) -> Result<(Header, T)> {
        read::from_slice(bytes, self)
    }
}

/// Reads a `.sol` file's entries into `T`: a struct whose fields are the
/// entries (every serde attribute works; `#[serde(flatten)]` on a map keeps
/// the entries no field names), a map, or a [`Value`](crate::Value) (an
/// anonymous object). Strings can borrow from `bytes`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Demo<'a> { a: f64, s: &'a str }
///
/// // The AMF0 file "test" with a = 1 and s = "a".
/// let file = [
///     0x00, 0xbf, 0x00, 0x00, 0x00, 0x2a, b'T', b'C', b'S', b'O', 0, 4, 0, 0, 0, 0,
///     0x00, 0x04, b't', b'e', b's', b't', 0x00, 0x00, 0x00, 0x00,
///     0x00, 0x01, b'a', 0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x00,
///     0x00, 0x01, b's', 0x02, 0x00, 0x02, b'h', b'i', 0x00,
/// ];
/// let demo: Demo = amf_serde::sol::from_slice(&file)?;
/// assert_eq!((demo.a, demo.s), (1.0, "hi"));
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// As [`ReadOptions::from_slice`].
pub fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    ReadOptions::new().from_slice(bytes)
}

/// Reads a `.sol` file's header and its entries into `T`.
///
/// # Errors
/// As [`from_slice`].
pub fn from_slice_with_header<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<(Header, T)> {
    ReadOptions::new().from_slice_with_header(bytes)
}

/// Reads a `.sol` file's header.
///
/// # Errors
/// As [`ReadOptions::header`].
pub fn read_header(bytes: &[u8]) -> Result<Header> {
    ReadOptions::new().header(bytes)
}

/// Writes `value` as a `.sol` file named `name`: its fields (or map
/// entries) become the entries, in order; the length field is computed.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Demo { a: f64, s: String }
///
/// let file = amf_serde::sol::to_vec("test", &Demo { a: 1.0, s: "hi".into() }, amf_serde::sol::Version::Amf0)?;
/// // The AMF3 file "test", byte for byte.
/// assert_eq!(file, [
///     0x00, 0xbf, 0x00, 0x00, 0x00, 0x2a, b'T', b'C', b'S', b'O', 0, 4, 0, 0, 0, 0,
///     0x00, 0x04, b't', b'e', b's', b't', 0x00, 0x00, 0x00, 0x00,
///     0x00, 0x01, b'a', 0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x00,
///     0x00, 0x01, b's', 0x02, 0x00, 0x02, b'h', b'i', 0x00,
/// ]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// `value` is not a struct, map or unit; a key is not a string or (AMF0)
/// longer than 65535 bytes; a name longer than 65535 bytes; the file would
/// exceed 4 GiB; any value that cannot be written.
pub fn to_vec<T: ?Sized + Serialize>(name: &str, value: &T, version: Version) -> Result<Vec<u8>> {
    to_vec_with(name, value, version, &Options::new())
}

/// [`to_vec`] with [`Options`] (for AMF0 bodies, how byte arrays are
/// written: [`Options::with_amf0_bytes`]).
///
/// # Errors
/// As [`to_vec`].
pub fn to_vec_with<T: ?Sized + Serialize>(
    name: &str,
    value: &T,
    version: Version,
    options: &Options,
) -> Result<Vec<u8>> {
    write::to_vec(name, value, version, options)
}

/// Writes `value` as a `.sol` file to `writer` (see [`to_vec`]).
///
/// # Errors
/// As [`to_vec`], plus I/O errors.
pub fn to_writer<W: std::io::Write, T: ?Sized + Serialize>(
    mut writer: W,
    name: &str,
    value: &T,
    version: Version,
) -> Result<()> {
    let bytes = to_vec(name, value, version)?;
    writer.write_all(&bytes).map_err(|e| Error::io(e, None))
}
