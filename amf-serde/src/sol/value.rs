//! This file owns [`Sol`], the untyped `.sol` file: name, AMF version and
//! the entries in file order as [`Value`]s, with the map-like accessors a
//! save editor needs (get, insert in place, remove) and lossless writing.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::write::BodyWriter;
use super::{ReadOptions, Version};
use crate::error::{Error, ErrorCode, Result};
use crate::options::Options;
use crate::types::Object;
use crate::value::Value;

/// A `.sol` file held untyped: the shared object's name, the AMF version of
/// its body and its entries in file order.
///
/// Decoded files write back byte for byte: the values keep every AMF
/// detail (integer or double, shared objects, traits, date time zones,
/// vector fixedness), and the encoder shares its reference tables across
/// the entries as Flash Player does. Editing an entry with
/// [`Sol::insert`] keeps its place, so only that entry's bytes and the
/// length field change, provided the edit leaves the reference tables
/// the later entries use as they were (an edited AMF3 entry that adds or
/// drops strings, objects or traits shifts the indices of later references,
/// which are then written with their new indices).
///
/// ```
/// use amf_serde::sol::{Sol, Version};
/// use amf_serde::Value;
///
/// let mut sol = Sol::new("prefs", Version::Amf3);
/// sol.insert("volume", Value::Double(0.5));
/// sol.insert("muted", Value::Bool(false));
/// let bytes = sol.to_vec()?;
/// let back = Sol::from_slice(&bytes)?;
/// assert_eq!(back, sol);
/// assert_eq!(back.keys().collect::<Vec<_>>(), ["volume", "muted"]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Sol {
    /// The shared object's name (`Minimal`, not a path).
    pub name: String,
    /// The AMF version of the body.
    pub version: Version,
    /// The entries (the top-level properties of the shared object's
    /// `data`), in file order.
    pub entries: Vec<(String, Value)>,
    /// The body as read, while the entries are still the ones read.
    pub(crate) raw: Option<Arc<Raw>>,
}

/// What a [`Sol`] read from bytes remembers to write itself back
/// unchanged: the body's bytes and the entries as decoded. Values are
/// shared (`Arc`) with the entries, so this costs one copy of the body and
/// of the top-level keys and strings.
#[derive(Debug)]
pub(crate) struct Raw {
    pub(crate) version: Version,
    pub(crate) body: Box<[u8]>,
    pub(crate) entries: Vec<(String, Value)>,
}

impl PartialEq for Sol {
    fn eq(&self, other: &Sol) -> bool {
        self.name == other.name && self.version == other.version && self.entries == other.entries
    }
}

/// Whether `now` still holds what was read: the same nodes (or, for
/// scalars and strings, equal values), so that the body read can be copied
/// instead of encoded again. (The values alone write the same bytes too,
/// including what Flash puts in traits, `Object::traits_copy` and
/// `External::dynamic`; copying is just faster, and an equal-looking copy
/// of a node is not checked deeply.)
fn unchanged(now: &[(String, Value)], read: &[(String, Value)]) -> bool {
    now.len() == read.len()
        && now
            .iter()
            .zip(read)
            .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Amf3(a), Value::Amf3(b)) => same(a, b),
        (Value::Amf3(_), _) | (_, Value::Amf3(_)) => false,
        _ => match (a.node_addr(), b.node_addr()) {
            (Some(x), Some(y)) => x == y,
            (None, None) => a == b,
            _ => false,
        },
    }
}

impl Sol {
    /// An empty shared object.
    pub fn new(name: impl Into<String>, version: Version) -> Self {
        Sol {
            name: name.into(),
            version,
            entries: Vec::new(),
            raw: None,
        }
    }

    /// Reads a `.sol` file (default limits, length field not checked; see
    /// [`ReadOptions`]).
    ///
    /// # Errors
    /// As [`ReadOptions::read`].
    pub fn from_slice(bytes: &[u8]) -> Result<Sol> {
        ReadOptions::new().read(bytes)
    }

    /// Reads a `.sol` file from a reader (read to its end first).
    ///
    /// # Errors
    /// As [`Sol::from_slice`], plus I/O errors.
    pub fn from_reader<R: std::io::Read>(mut reader: R) -> Result<Sol> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(e, Some(bytes.len() as u64)))?;
        Sol::from_slice(&bytes)
    }

    /// Writes the file; the length field is computed.
    ///
    /// # Errors
    /// A name longer than 65535 bytes, an AMF0 key longer than 65535
    /// bytes, a value that cannot be written, a file over 4 GiB.
    pub fn to_vec(&self) -> Result<Vec<u8>> {
        self.to_vec_with(&Options::new())
    }

    /// [`Sol::to_vec`] with [`Options`] (how AMF0 writes byte arrays).
    ///
    /// # Errors
    /// As [`Sol::to_vec`].
    pub fn to_vec_with(&self, options: &Options) -> Result<Vec<u8>> {
        if let Some(raw) = &self.raw {
            if raw.version == self.version && unchanged(&self.entries, &raw.entries) {
                let w = BodyWriter::new(&self.name, self.version, options)?;
                return w.finish_with_body(&raw.body);
            }
        }
        let mut w = BodyWriter::new(&self.name, self.version, options)?;
        // The entries' nodes are usually shared (with the `Sol` they were
        // read into, or copied from), so each takes a place in the
        // reference map.
        w.reserve_shared(self.entries.len());
        let mut sized = false;
        if let Some(raw) = &self.raw {
            // Edited: about as long as the body read.
            w.reserve(raw.body.len() + raw.body.len() / 8);
            sized = true;
        }
        // Without a body read, the first sixteenth of the entries tells the
        // size of the rest: one allocation instead of a dozen copies as
        // the output doubles (at most about 20 times what is written already).
        let probe = if sized || self.entries.len() < 64 {
            usize::MAX
        } else {
            self.entries.len() / 16
        };
        for (i, (key, value)) in self.entries.iter().enumerate() {
            if i == probe {
                let done = w.len();
                let rest = self.entries.len() - i;
                w.reserve((done / i).saturating_mul(rest) + done / 8);
            }
            w.entry_value(key, value)?;
        }
        w.finish()
    }

    /// Writes the file to `writer`.
    ///
    /// # Errors
    /// As [`Sol::to_vec`], plus I/O errors.
    pub fn to_writer<W: std::io::Write>(&self, mut writer: W) -> Result<()> {
        let bytes = self.to_vec()?;
        writer.write_all(&bytes).map_err(|e| Error::io(e, None))
    }

    /// The value of the first entry named `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of the first entry named `key`, to change in place.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Whether an entry is named `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets entry `key`: replaces its value where it is (returning the old
    /// one), or appends a new entry.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) -> Option<Value> {
        let key = key.into();
        match self.get_mut(&key) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// Removes the first entry named `key`, keeping the others in order.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(i).1)
    }

    /// The keys in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The entries in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The shared object's `data` as one anonymous object (what
    /// ActionScript sees, and what Apache Royale stores).
    pub fn to_object(&self) -> Value {
        Value::Object(Arc::new(Object::anonymous(
            self.entries.iter().map(|(k, v)| (k.as_str(), v.clone())),
        )))
    }

    /// A shared object whose entries are the members of `data` (sealed
    /// members first, then dynamic ones, in order).
    ///
    /// # Errors
    /// `data` is not an object.
    pub fn from_object(name: impl Into<String>, version: Version, data: &Value) -> Result<Sol> {
        let Value::Object(obj) = see_through(data) else {
            return Err(Error::code(ErrorCode::Message(
                format!(
                    "the data of a shared object must be an object, found {}",
                    crate::value::kind(data)
                )
                .into_boxed_str(),
            )));
        };
        Ok(Sol {
            name: name.into(),
            version,
            raw: None,
            entries: obj
                .members()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        })
    }

    /// The entries converted into `T` (like [`crate::from_value`] on
    /// [`Sol::to_object`]).
    ///
    /// # Errors
    /// The entries do not fit `T`.
    pub fn deserialize_into<T: DeserializeOwned>(&self) -> Result<T> {
        crate::from_value(self.to_object())
    }

    /// A shared object holding `data`'s fields or map entries (converted
    /// with [`crate::to_value`]).
    ///
    /// # Errors
    /// `data` is not a struct or map, or cannot be converted.
    pub fn from_serialize<T: ?Sized + Serialize>(
        name: impl Into<String>,
        version: Version,
        data: &T,
    ) -> Result<Sol> {
        Sol::from_object(name, version, &crate::to_value(data)?)
    }
}

/// `sol["key"]`: the entry's value, or `Value::Null` if there is none (as
/// indexing a [`Value`] does).
impl std::ops::Index<&str> for Sol {
    type Output = Value;

    fn index(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

fn see_through(v: &Value) -> &Value {
    match v {
        Value::Amf3(inner) => see_through(inner),
        v => v,
    }
}

impl<'a> IntoIterator for &'a Sol {
    type Item = (&'a str, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a str, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }
}
