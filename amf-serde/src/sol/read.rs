//! This file owns reading `.sol` files: the header, the body's entries
//! (key, value, the `00` after it) over one AMF0 or AMF3 decoder whose
//! reference tables live for the whole body, and the serde `Deserializer`
//! that presents the entries as a map to typed targets.

use std::borrow::Cow;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer, UnitDeserializer};
use serde::de::{self, DeserializeSeed, Visitor};

use super::value::Raw;
use super::{Header, ReadOptions, Sol, Version, MAGIC, SIGNATURE};
use crate::error::{Error, ErrorCode, Result};
use crate::read::{Read, Reference, SliceRead};
use crate::types::Object;
use crate::value::{Value, VALUE_TOKEN};
use crate::{amf0, amf3};

/// Offset of the name's length field.
const NAME_AT: usize = 16;

/// The header as read, borrowing the name.
pub(crate) struct Parsed<'a> {
    pub(crate) name: &'a str,
    pub(crate) version: Version,
    pub(crate) length: u32,
    pub(crate) body: usize,
    pub(crate) file_len: usize,
}

impl Parsed<'_> {
    pub(crate) fn to_header(&self) -> Header {
        Header {
            name: self.name.to_owned(),
            version: self.version,
            length: self.length,
            body_offset: self.body,
        }
    }
}

#[cold]
fn format_error(msg: String, offset: usize) -> Error {
    Error::at(ErrorCode::SolFormat(msg.into_boxed_str()), offset)
}

/// Reads and checks the header.
pub(crate) fn header<'a>(bytes: &'a [u8], ro: &ReadOptions) -> Result<Parsed<'a>> {
    let take = |at: usize, len: usize| {
        bytes
            .get(at..at + len)
            .ok_or_else(|| Error::eof(bytes.len()))
    };
    let magic = take(0, 2)?;
    if magic != MAGIC {
        return Err(format_error(
            format!(
                "not a .sol file: expected magic 00 bf, found {:02x} {:02x}",
                magic[0], magic[1]
            ),
            0,
        ));
    }
    let lb = take(2, 4)?;
    let length = u32::from_be_bytes([lb[0], lb[1], lb[2], lb[3]]);
    let sig = take(6, SIGNATURE.len())?;
    if let Some(i) = sig.iter().zip(SIGNATURE).position(|(a, b)| *a != b) {
        return Err(format_error(
            format!(
                "not a .sol file: expected signature \"TCSO\" 00 04 00 00 00 00, found {}",
                hex(sig)
            ),
            6 + i,
        ));
    }
    let len_bytes = take(NAME_AT, 2)?;
    let name_len = usize::from(u16::from_be_bytes([len_bytes[0], len_bytes[1]]));
    let name_start = NAME_AT + 2;
    let left = bytes.len() - name_start;
    if name_len > left {
        return Err(format_error(
            format!("the name's length of {name_len} bytes runs past the end of the file ({left} bytes left)"),
            NAME_AT,
        ));
    }
    ro.options.check_string_len(name_len as u64, NAME_AT)?;
    let name = std::str::from_utf8(&bytes[name_start..name_start + name_len])
        .map_err(|_| Error::at(ErrorCode::InvalidUtf8, name_start))?;
    let pad_at = name_start + name_len;
    let pad = take(pad_at, 3)?;
    if let Some(i) = pad.iter().position(|&b| b != 0) {
        return Err(format_error(
            format!(
                "expected the padding 00 00 00 after the name, found {}",
                hex(pad)
            ),
            pad_at + i,
        ));
    }
    let version_at = pad_at + 3;
    let version_byte = take(version_at, 1)?[0];
    let version = Version::from_byte(version_byte).ok_or_else(|| {
        format_error(
            format!("unsupported AMF version {version_byte} (expected 0 or 3)"),
            version_at,
        )
    })?;
    if ro.strict_length {
        let actual = bytes.len() - 6;
        if u64::from(length) != actual as u64 {
            return Err(format_error(
                format!("the file-length field says {length} bytes follow it, but {actual} do"),
                2,
            ));
        }
    }
    Ok(Parsed {
        name,
        version,
        length,
        body: version_at + 1,
        file_len: bytes.len(),
    })
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The body's decoder: one for the whole body, so reference tables are
/// shared by all entries. Its depth stays at 1 between entries (the
/// entries are the members of the shared object's `data`), which also
/// keeps the decoder from resetting its tables before each value.
pub(crate) enum Body<'de> {
    Amf0(amf0::Deserializer<'de, SliceRead<'de>>),
    Amf3(amf3::Deserializer<'de, SliceRead<'de>>),
}

impl<'de> Body<'de> {
    pub(crate) fn new(bytes: &'de [u8], parsed: &Parsed<'_>, ro: &ReadOptions) -> Self {
        let mut read = SliceRead::new(bytes);
        read.seek(parsed.body);
        match parsed.version {
            Version::Amf0 => {
                let mut de = amf0::Deserializer::with_options(read, &ro.options);
                de.reset();
                // Flash Player counts the shared object's `data` as AMF0
                // object #0 (its entries are that object's members), so
                // references in the entries start at #1: a placeholder
                // that is never complete (a reference to it is a cycle).
                de.refs.push(parsed.body);
                de.inner.depth = 1;
                Body::Amf0(de)
            }
            Version::Amf3 => {
                let mut de = amf3::Deserializer::with_options(read, &ro.options);
                de.reset();
                de.depth = 1;
                Body::Amf3(de)
            }
        }
    }

    fn read(&mut self) -> &mut SliceRead<'de> {
        match self {
            Body::Amf0(de) => &mut de.inner.read,
            Body::Amf3(de) => &mut de.read,
        }
    }

    pub(crate) fn pos(&mut self) -> usize {
        self.read().pos()
    }

    pub(crate) fn at_end(&mut self) -> bool {
        self.read().rest().is_empty()
    }

    /// Reads an entry's key: a U16-prefixed string (AMF0) or a UTF-8-vr
    /// through the string table (AMF3).
    pub(crate) fn read_key(&mut self) -> Result<Cow<'de, str>> {
        let r = match self {
            Body::Amf0(de) => de.read_short_str()?,
            Body::Amf3(de) => de.read_str()?,
        };
        Ok(match r {
            Reference::Borrowed(s) => Cow::Borrowed(s),
            Reference::Copied(s) => Cow::Owned(s.to_owned()),
        })
    }

    /// Reads the `00` that ends every entry.
    pub(crate) fn end_entry(&mut self) -> Result<()> {
        let read = self.read();
        let pos = read.pos();
        match read.next()? {
            0 => Ok(()),
            b => Err(format_error(
                format!("expected the 00 that ends an entry after its value, found 0x{b:02x}"),
                pos,
            )),
        }
    }

    pub(crate) fn read_value(&mut self) -> Result<Value> {
        match self {
            Body::Amf0(de) => de.read_value(),
            Body::Amf3(de) => de.read_value(),
        }
    }

    fn value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        match self {
            Body::Amf0(de) => seed.deserialize(&mut *de),
            Body::Amf3(de) => seed.deserialize(&mut *de),
        }
    }
}

/// Reads every entry as a [`Value`].
pub(crate) fn read_sol(bytes: &[u8], ro: &ReadOptions) -> Result<Sol> {
    let parsed = header(bytes, ro)?;
    let mut body = Body::new(bytes, &parsed, ro);
    let entries = read_entries(&mut body, &parsed)?;
    let raw = Raw {
        version: parsed.version,
        body: bytes[parsed.body..].into(),
        entries: entries.clone(),
    };
    Ok(Sol {
        name: parsed.name.to_owned(),
        version: parsed.version,
        entries,
        raw: Some(std::sync::Arc::new(raw)),
    })
}

pub(crate) fn read_entries(
    body: &mut Body<'_>,
    parsed: &Parsed<'_>,
) -> Result<Vec<(String, Value)>> {
    let mut entries = Vec::new();
    while !body.at_end() {
        let index = entries.len();
        let start = body.pos();
        let r = body.read_key().map_err(|e| e.in_entry(index, None));
        let key = r.map_err(|e| past_length(e, start, parsed))?;
        let value = body
            .read_value()
            .and_then(|v| body.end_entry().map(|()| v))
            .map_err(|e| past_length(e.in_entry(index, Some(&key)), start, parsed))?;
        entries.push((key.into_owned(), value));
    }
    Ok(entries)
}

/// An entry that fails to decode and starts exactly where the length field
/// says the file ends: say so (some tools append data to `.sol` files).
#[cold]
fn past_length(e: Error, start: usize, parsed: &Parsed<'_>) -> Error {
    if start as u64 != u64::from(parsed.length) + 6 {
        return e;
    }
    format_error(
        format!(
            "the {} bytes after the end the file-length field gives are not an entry ({e})",
            parsed.file_len - start
        ),
        start,
    )
}

/// Reads the header and the entries into `T`.
pub(crate) fn from_slice<'a, T: de::Deserialize<'a>>(
    bytes: &'a [u8],
    ro: &ReadOptions,
) -> Result<(Header, T)> {
    let parsed = header(bytes, ro)?;
    let mut body = Body::new(bytes, &parsed, ro);
    let value = T::deserialize(Entries {
        body: &mut body,
        parsed: &parsed,
        index: 0,
        key: None,
        start: 0,
    })
    .map_err(|e| e.fix_offset(bytes.len()))?;
    Ok((parsed.to_header(), value))
}

/// The entries as a serde map (also the `Deserializer` handed to `T`).
struct Entries<'a, 'de> {
    body: &'a mut Body<'de>,
    parsed: &'a Parsed<'a>,
    index: usize,
    key: Option<Cow<'de, str>>,
    /// Where the current entry starts.
    start: usize,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.body.at_end() {
            return Ok(None);
        }
        let index = self.index;
        let pos = self.body.pos();
        self.start = pos;
        let parsed = self.parsed;
        let key = self
            .body
            .read_key()
            .map_err(|e| past_length(e.in_entry(index, None), pos, parsed))?;
        let r = match &key {
            Cow::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::<Error>::new(s)),
            Cow::Owned(s) => seed.deserialize(StringDeserializer::<Error>::new(s.clone())),
        };
        let r = r.map_err(|e| e.fix_offset(pos).in_entry(index, Some(&key)));
        self.key = Some(key);
        r.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let pos = self.body.pos();
        let index = self.index;
        let r = self
            .body
            .value_seed(seed)
            .map_err(|e| e.fix_offset(pos))
            .and_then(|v| self.body.end_entry().map(|()| v));
        self.index += 1;
        r.map_err(|e| {
            past_length(
                e.in_entry(index, self.key.as_deref()),
                self.start,
                self.parsed,
            )
        })
    }
}

impl<'de> de::Deserializer<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        let v = visitor.visit_map(&mut self)?;
        if !self.body.at_end() {
            // A visitor that stopped early (it cannot happen with derived
            // types, which read every entry).
            return Err(format_error(
                "the target type did not read every entry".to_owned(),
                self.body.pos(),
            ));
        }
        Ok(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == VALUE_TOKEN {
            // A `Value`: the entries as an anonymous object.
            let entries = read_entries(self.body, self.parsed)?;
            let v = Value::Object(std::sync::Arc::new(Object::anonymous(entries)));
            return crate::value::hand_over(v, || {
                visitor.visit_newtype_struct(UnitDeserializer::<Error>::new())
            });
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}
