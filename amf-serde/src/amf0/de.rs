//! AMF0 deserialization.

use std::sync::Arc;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::marker as m;
use crate::amf3;
use crate::amf3::de::ObjTable;
use crate::error::{Error, ErrorCode, Result, Version};
use crate::options::Options;
use crate::read::{IoRead, Read, Reference, SliceRead};
use crate::types::{Array, Date, Dense, EcmaArray, Members, Name, Object, XmlDocument};
use crate::value::{Value, WeakNode, WeakValue};

/// The start of a value, with a `07` reference already followed.
struct Head {
    marker: u8,
    pos: usize,
    restore: Option<usize>,
    slot: Option<usize>,
}

/// A structure that deserializes AMF0 into Rust values.
///
/// AMF3 values embedded with the `0x11` switch are read by an AMF3 decoder
/// whose reference tables are shared by all switches inside one top-level
/// AMF0 value, as Flash Player and BlazeDS require. Several values in a row
/// (an RTMP command) are read with [`Deserializer::into_iter`] or by calling
/// `deserialize` repeatedly:
///
/// ```
/// use serde::Deserialize;
///
/// // "_result", 1.0, null
/// let bytes = [
///     0x02, 0x00, 0x07, b'_', b'r', b'e', b's', b'u', b'l', b't',
///     0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
///     0x05,
/// ];
/// let mut de = amf_serde::amf0::Deserializer::from_slice(&bytes);
/// let name = <&str>::deserialize(&mut de)?;
/// let id = f64::deserialize(&mut de)?;
/// let nothing = Option::<i32>::deserialize(&mut de)?;
/// de.end()?;
/// assert_eq!((name, id, nothing), ("_result", 1.0, None));
/// # Ok::<(), amf_serde::Error>(())
/// ```
pub struct Deserializer<'de, R> {
    /// Owns the reader, the AMF3 tables, the depth and work counters.
    pub(crate) inner: amf3::Deserializer<'de, R>,
    /// The AMF0 reference table (objects, typed objects, ECMA and strict
    /// arrays).
    pub(crate) refs: ObjTable,
}

impl<R> Drop for Deserializer<'_, R> {
    fn drop(&mut self) {
        // The larger object table goes back to the thread's spares with the
        // inner decoder.
        self.inner.objects.keep_larger(&mut self.refs);
    }
}

impl<'a> Deserializer<'a, SliceRead<'a>> {
    /// Reads from a slice; strings borrow from it.
    pub fn from_slice(bytes: &'a [u8]) -> Self {
        Deserializer::new(SliceRead::new(bytes))
    }
}

impl<'de, R: std::io::Read> Deserializer<'de, IoRead<R>> {
    /// Reads from an [`std::io::Read`].
    pub fn from_reader(reader: R) -> Self {
        Deserializer::new(IoRead::new(reader))
    }
}

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    /// Reads from `read` with the default [`Options`].
    pub fn new(read: R) -> Self {
        Deserializer::with_options(read, &Options::new())
    }

    /// Reads from `read` with the given options.
    pub fn with_options(read: R, opts: &Options) -> Self {
        let mut inner = amf3::Deserializer::with_options(read, opts);
        // The thread's spare object table serves as the AMF0 reference
        // table (an AMF3 switch starts its own).
        let refs = std::mem::take(&mut inner.objects);
        Deserializer { inner, refs }
    }

    /// The offset of the next byte to be read.
    pub fn byte_offset(&self) -> usize {
        self.inner.byte_offset()
    }

    /// Checks that the input has been consumed entirely.
    ///
    /// # Errors
    /// A syntax error if bytes remain.
    pub fn end(&mut self) -> Result<()> {
        self.inner.end()
    }

    /// An iterator over consecutive values of type `T` (the arguments of an
    /// RTMP command, say), ending cleanly at the end of the input.
    ///
    /// ```
    /// use amf_serde::Value;
    ///
    /// let bytes = [0x02, 0x00, 0x01, b'a', 0x00, 0x40, 0x08, 0, 0, 0, 0, 0, 0];
    /// let mut values = amf_serde::amf0::Deserializer::from_slice(&bytes).into_iter::<Value>();
    /// assert_eq!(values.next().unwrap()?.as_str(), Some("a"));
    /// assert_eq!(values.byte_offset(), 4);
    /// assert_eq!(values.next().unwrap()?.as_f64(), Some(3.0));
    /// assert!(values.next().is_none());
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    #[allow(clippy::should_implement_trait)] // the serde_json name; it takes a type parameter
    pub fn into_iter<T: de::Deserialize<'de>>(self) -> StreamDeserializer<'de, R, T> {
        StreamDeserializer {
            de: self,
            failed: false,
            _marker: std::marker::PhantomData,
        }
    }

    // ---------------------------------------------------------- framing

    pub(crate) fn reset(&mut self) {
        self.refs.clear();
        self.inner.reset();
    }

    fn read_u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.inner.read.read_array()?))
    }

    fn read_u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.inner.read.read_array()?))
    }

    fn read_f64(&mut self) -> Result<f64> {
        Ok(f64::from_be_bytes(self.inner.read.read_array()?))
    }

    /// Reads `len` bytes of UTF-8.
    fn read_utf8(&mut self, len: usize) -> Result<Reference<'de, '_, str>> {
        let start = self.inner.read.pos();
        self.inner.check_bytes(len)?;
        match self.inner.read.read_bytes(len)? {
            Reference::Borrowed(b) => std::str::from_utf8(b)
                .map(Reference::Borrowed)
                .map_err(|_| Error::at(ErrorCode::InvalidUtf8, start)),
            Reference::Copied(b) => std::str::from_utf8(b)
                .map(Reference::Copied)
                .map_err(|_| Error::at(ErrorCode::InvalidUtf8, start)),
        }
    }

    /// A `UTF-8` (16-bit length) string: keys, class aliases, short strings.
    pub(crate) fn read_short_str(&mut self) -> Result<Reference<'de, '_, str>> {
        let len = self.read_u16()?;
        self.read_utf8(len.into())
    }

    /// The string payload after marker `02` or `0C`.
    fn read_string(&mut self, marker: u8) -> Result<Reference<'de, '_, str>> {
        let len = if marker == m::LONG_STRING {
            self.read_u32()? as usize
        } else {
            self.read_u16()?.into()
        };
        self.read_utf8(len)
    }

    fn begin(&mut self) -> Result<Head> {
        if self.inner.depth == 0 && self.inner.replaying == 0 {
            self.reset();
        }
        let pos = self.inner.read.pos();
        self.inner.count_work(pos)?;
        let marker = self.inner.read.next()?;
        match marker {
            m::REFERENCE => self.follow(pos),
            m::OBJECT | m::ECMA_ARRAY | m::STRICT_ARRAY | m::TYPED_OBJECT => {
                let slot = self.register(pos);
                Ok(Head {
                    marker,
                    pos,
                    restore: None,
                    slot,
                })
            }
            _ => Ok(Head {
                marker,
                pos,
                restore: None,
                slot: None,
            }),
        }
    }

    fn register(&mut self, pos: usize) -> Option<usize> {
        if self.inner.replaying > 0 {
            return None;
        }
        Some(self.refs.push(pos))
    }

    /// Reads the index of a `07` reference and checks it.
    fn reference_index(&mut self, pos: usize) -> Result<usize> {
        let index = self.read_u16()?;
        if usize::from(index) >= self.refs.len() {
            return Err(Error::at(
                ErrorCode::ObjectRefOutOfRange {
                    index: index.into(),
                    len: self.refs.len(),
                },
                pos,
            ));
        }
        Ok(index.into())
    }

    #[cold]
    fn follow(&mut self, pos: usize) -> Result<Head> {
        let index = self.reference_index(pos)?;
        let Some((target, true)) = self.refs.get(index) else {
            return Err(Error::at(
                ErrorCode::CyclicReference {
                    index: index as u32,
                },
                pos,
            ));
        };
        self.inner.enter(pos)?;
        let restore = self.inner.read.pos();
        self.inner.read.seek(target);
        self.inner.replaying += 1;
        let marker = self.inner.read.next()?;
        Ok(Head {
            marker,
            pos,
            restore: Some(restore),
            slot: None,
        })
    }

    fn finish(&mut self, head: &Head) {
        if let Some(slot) = head.slot {
            self.refs.mark_done(slot);
        }
        if let Some(restore) = head.restore {
            self.inner.read.seek(restore);
            self.inner.replaying -= 1;
            self.inner.leave();
        }
    }

    fn value<T>(&mut self, f: impl FnOnce(&mut Self, &Head) -> Result<T>) -> Result<T> {
        let head = self.begin()?;
        match f(self, &head) {
            Ok(v) => {
                self.finish(&head);
                Ok(v)
            }
            Err(e) => Err(e.fix_offset(head.pos)),
        }
    }

    /// Reads one AMF3 value after the `0x11` switch.
    fn amf3<T>(
        &mut self,
        head: &Head,
        f: impl FnOnce(&mut amf3::Deserializer<'de, R>) -> Result<T>,
    ) -> Result<T> {
        self.inner.enter(head.pos)?;
        let v = f(&mut self.inner)?;
        self.inner.leave();
        Ok(v)
    }

    #[cold]
    fn bad_marker(marker: u8, pos: usize) -> Error {
        let code = match marker {
            m::MOVIECLIP | m::RECORDSET | m::OBJECT_END => ErrorCode::ReservedMarker {
                version: Version::Amf0,
                marker,
                name: m::name(marker),
            },
            _ => ErrorCode::InvalidMarker {
                version: Version::Amf0,
                marker,
            },
        };
        Error::at(code, pos)
    }

    // ------------------------------------------------------ deserialize_any

    fn any<V: Visitor<'de>>(&mut self, head: &Head, visitor: V) -> Result<V::Value> {
        match head.marker {
            m::NUMBER => visitor.visit_f64(self.read_f64()?),
            m::BOOLEAN => visitor.visit_bool(self.inner.read.next()? != 0),
            m::STRING | m::LONG_STRING | m::XML_DOC => {
                let marker = if head.marker == m::XML_DOC {
                    m::LONG_STRING
                } else {
                    head.marker
                };
                match self.read_string(marker)? {
                    Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
                    Reference::Copied(s) => visitor.visit_str(s),
                }
            }
            m::NULL | m::UNDEFINED | m::UNSUPPORTED => visitor.visit_unit(),
            m::OBJECT | m::TYPED_OBJECT | m::ECMA_ARRAY => {
                if head.marker == m::TYPED_OBJECT {
                    let _alias = self.read_short_str()?;
                } else if head.marker == m::ECMA_ARRAY {
                    let _count = self.read_u32()?;
                }
                self.inner.enter(head.pos)?;
                let mut access = PropertyAccess {
                    de: self,
                    done: false,
                };
                let v = visitor.visit_map(&mut access)?;
                if !access.done {
                    return Err(de::Error::custom("the visitor did not read every member"));
                }
                self.inner.leave();
                Ok(v)
            }
            m::STRICT_ARRAY => {
                let len = self.read_u32()?;
                self.inner.check_len(len, 1)?;
                self.inner.enter(head.pos)?;
                let mut access = SeqAccess {
                    de: self,
                    remaining: len,
                };
                let v = visitor.visit_seq(&mut access)?;
                if access.remaining > 0 {
                    return Err(de::Error::invalid_length(
                        len as usize,
                        &"fewer elements in the array",
                    ));
                }
                self.inner.leave();
                Ok(v)
            }
            m::DATE => {
                let ms = self.read_f64()?;
                let _timezone = self.read_u16()?;
                visitor.visit_f64(ms)
            }
            m::AVMPLUS => self.amf3(head, |d| de::Deserializer::deserialize_any(d, visitor)),
            marker => Err(Self::bad_marker(marker, head.pos)),
        }
    }
}

macro_rules! deserialize_number {
    ($($method:ident => $ty:literal, $signed:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.value(|de, head| match head.marker {
                m::NUMBER => {
                    let d = de.read_f64()?;
                    amf3::Deserializer::<R>::visit_double_as_int(d, $ty, $signed, visitor)
                }
                m::AVMPLUS => de.amf3(head, |d| de::Deserializer::$method(d, visitor)),
                _ => de.any(head, visitor),
            })
        }
    )*};
}

impl<'de, R: Read<'de>> de::Deserializer<'de> for &mut Deserializer<'de, R> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.value(|de, head| de.any(head, visitor))
    }

    deserialize_number! {
        deserialize_i8 => "i8", true;
        deserialize_i16 => "i16", true;
        deserialize_i32 => "i32", true;
        deserialize_i64 => "i64", true;
        deserialize_i128 => "i128", true;
        deserialize_u8 => "u8", false;
        deserialize_u16 => "u16", false;
        deserialize_u32 => "u32", false;
        deserialize_u64 => "u64", false;
        deserialize_u128 => "u128", false;
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            m::AVMPLUS => de.amf3(head, |d| de::Deserializer::deserialize_f64(d, visitor)),
            _ => de.any(head, visitor),
        })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.inner.read.peek()? {
            Some(m::NULL | m::UNDEFINED | m::UNSUPPORTED) => {
                self.value(|_, _| visitor.visit_none())
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            m::ECMA_ARRAY => {
                // An ECMA array whose keys are exactly "0".."n-1", in any
                // order, is a sequence (Flash writes every AS3 Array so).
                let v = de.ecma_value(head)?;
                let Value::EcmaArray(e) = &v else {
                    return Err(de::Error::custom("expected an ECMA array"));
                };
                let mut items: Vec<(usize, Value)> = Vec::with_capacity(e.entries.len());
                for (k, v) in &e.entries {
                    match k.parse::<usize>() {
                        Ok(i) if i < e.entries.len() && k == &i.to_string() => {
                            items.push((i, v.clone()))
                        }
                        _ => {
                            return Err(de::Error::custom(format_args!(
                                "invalid type: ECMA array with key {k:?}, expected a sequence"
                            )))
                        }
                    }
                }
                items.sort_by_key(|(i, _)| *i);
                if items.windows(2).any(|w| w[0].0 == w[1].0) {
                    return Err(de::Error::custom("ECMA array with a repeated index"));
                }
                de::Deserializer::deserialize_seq(
                    Value::from(items.into_iter().map(|(_, v)| v).collect::<Vec<_>>()),
                    visitor,
                )
            }
            m::AVMPLUS => de.amf3(head, |d| de::Deserializer::deserialize_seq(d, visitor)),
            _ => de.any(head, visitor),
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == crate::dynamic::PROBE {
            crate::dynamic::enter_amf();
            return visitor.visit_newtype_struct(self);
        }
        if name == crate::value::VALUE_TOKEN {
            // Behind the AMF3 switch, errors point at the AMF3 marker.
            let mut pos = self.inner.read.pos();
            if self.inner.read.peek()? == Some(m::AVMPLUS) {
                pos += 1;
            }
            let hints = crate::external::take_hints();
            let saved = std::mem::replace(&mut self.inner.hints, hints);
            let v = self.read_value();
            self.inner.hints = saved;
            let v = v.map_err(|e| e.fix_offset(pos))?;
            crate::value::stash(v);
            return self
                .inner
                .budgeted(pos, |_| {
                    visitor.visit_newtype_struct(de::value::UnitDeserializer::<Error>::new())
                })
                .map_err(|e| e.fix_offset(pos));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            m::STRING | m::LONG_STRING => match de.read_string(head.marker)? {
                Reference::Borrowed(s) => {
                    visitor.visit_enum(de::value::BorrowedStrDeserializer::<Error>::new(s))
                }
                Reference::Copied(s) => {
                    visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(s))
                }
            },
            m::OBJECT | m::TYPED_OBJECT | m::ECMA_ARRAY => {
                if head.marker == m::TYPED_OBJECT {
                    let _alias = de.read_short_str()?;
                } else if head.marker == m::ECMA_ARRAY {
                    let _count = de.read_u32()?;
                }
                de.inner.enter(head.pos)?;
                let v = visitor.visit_enum(EnumAccess { de: &mut *de })?;
                // Exactly one member: the end marker must follow.
                let len = de.read_u16()?;
                if len != 0 || de.inner.read.next()? != m::OBJECT_END {
                    return Err(Error::code(ErrorCode::InvalidEnumShape));
                }
                de.inner.leave();
                Ok(v)
            }
            m::AVMPLUS => de.amf3(head, |d| {
                de::Deserializer::deserialize_enum(d, name, variants, visitor)
            }),
            _ => de.any(head, visitor),
        })
    }

    /// Skips a value; `07` references are checked, not followed.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.inner.depth > 0 && self.inner.read.peek()? == Some(m::REFERENCE) {
            let pos = self.inner.read.pos();
            self.inner.read.next()?;
            self.reference_index(pos)?;
            return visitor.visit_unit();
        }
        // Behind the switch, skip with the AMF3 rules (references inside
        // are not followed, so cycles through them are harmless).
        self.value(|de, head| match head.marker {
            m::AVMPLUS => de.amf3(head, |d| {
                de::Deserializer::deserialize_ignored_any(d, visitor)
            }),
            _ => de.any(head, visitor),
        })
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    /// Structs with `#[amf(alias = "…")]` check the class of typed objects;
    /// a `#[amf(dynamic)]` field receives the members that match no field.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let class = crate::__private::class_of(name).map(|(alias, _)| alias);
        let dynamic_field = fields.last() == Some(&crate::__private::DYNAMIC_FIELD);
        if class.is_none() && !dynamic_field {
            return self.deserialize_any(visitor);
        }
        self.value(|de, head| match head.marker {
            m::OBJECT | m::TYPED_OBJECT => {
                let found = if head.marker == m::TYPED_OBJECT {
                    de.read_short_str()?.to_owned()
                } else {
                    String::new()
                };
                if let Some(expected) = class {
                    crate::de_common::check_class(expected, &found, &de.inner.opts)?;
                }
                de.inner.enter(head.pos)?;
                let v = if dynamic_field {
                    let mut members = Vec::new();
                    let mut known = Vec::new();
                    while let Some(key) = de.next_key()? {
                        let key = key.to_owned();
                        let value = de.read_value()?;
                        match fields.iter().find(|f| **f == key) {
                            Some(f) if *f != crate::__private::DYNAMIC_FIELD => {
                                known.push((Value::String(key), value))
                            }
                            _ => members.push((key, value)),
                        }
                    }
                    known.push((
                        Value::String(crate::__private::DYNAMIC_FIELD.to_owned()),
                        Value::from(Object::anonymous(members)),
                    ));
                    let entries = known.into_iter();
                    visitor.visit_map(de::value::MapDeserializer::new(entries))?
                } else {
                    let mut access = PropertyAccess {
                        de: &mut *de,
                        done: false,
                    };
                    let v = visitor.visit_map(&mut access)?;
                    if !access.done {
                        return Err(de::Error::custom("the visitor did not read every member"));
                    }
                    v
                };
                de.inner.leave();
                Ok(v)
            }
            m::AVMPLUS => de.amf3(head, |d| {
                de::Deserializer::deserialize_struct(d, name, fields, visitor)
            }),
            _ => de.any(head, visitor),
        })
    }

    serde::forward_to_deserialize_any! {
        bool char str string bytes byte_buf unit unit_struct map identifier
    }
}

// ------------------------------------------------------------- accessors

struct SeqAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    remaining: u32,
}

impl<'de, R: Read<'de>> de::SeqAccess<'de> for SeqAccess<'_, 'de, R> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.inner.size_hint(self.remaining)
    }
}

/// A property list: `UTF-8` key, value, …, `00 00 09`.
struct PropertyAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    done: bool,
}

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    /// Reads the next property key, or `None` at the end marker.
    fn next_key(&mut self) -> Result<Option<Reference<'de, '_, str>>> {
        let len = self.read_u16()?;
        if len == 0 && self.inner.peek_or_eof()? == m::OBJECT_END {
            self.inner.read.next()?;
            return Ok(None);
        }
        self.read_utf8(len.into()).map(Some)
    }
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for PropertyAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        match self.de.next_key()? {
            None => {
                self.done = true;
                Ok(None)
            }
            Some(key) => seed
                .deserialize(amf3::de::KeyDeserializer { key })
                .map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }
}

struct EnumAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
}

impl<'a, 'de, R: Read<'de>> de::EnumAccess<'de> for EnumAccess<'a, 'de, R> {
    type Error = Error;
    type Variant = VariantAccess<'a, 'de, R>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let v = match self.de.next_key()? {
            None => return Err(Error::code(ErrorCode::InvalidEnumShape)),
            Some(Reference::Borrowed(s)) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(s))?
            }
            Some(Reference::Copied(s)) => {
                seed.deserialize(IntoDeserializer::<Error>::into_deserializer(s))?
            }
        };
        Ok((v, VariantAccess { de: self.de }))
    }
}

struct VariantAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
}

impl<'de, R: Read<'de>> de::VariantAccess<'de> for VariantAccess<'_, 'de, R> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(&mut *self.de)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(&mut *self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(&mut *self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }
}

// ------------------------------------------------------------------ Value

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    /// Reads one value as a [`Value`], keeping shared references shared and
    /// cycles as [`Value::Cycle`].
    pub(crate) fn read_value(&mut self) -> Result<Value> {
        if self.inner.depth == 0 && self.inner.replaying == 0 {
            self.reset();
        }
        let pos = self.inner.read.pos();
        self.inner.count_work(pos)?;
        let marker = self.inner.read.next()?;
        let head = Head {
            marker,
            pos,
            restore: None,
            slot: None,
        };
        Ok(match marker {
            m::NUMBER => Value::Double(self.read_f64()?),
            m::BOOLEAN => Value::Bool(self.inner.read.next()? != 0),
            m::STRING | m::LONG_STRING => Value::String(self.read_string(marker)?.to_owned()),
            m::XML_DOC => Value::XmlDocument(Arc::new(XmlDocument(
                self.read_string(m::LONG_STRING)?.to_owned(),
            ))),
            m::NULL => Value::Null,
            m::UNDEFINED => Value::Undefined,
            m::UNSUPPORTED => Value::Unsupported,
            m::DATE => {
                let ms = self.read_f64()?;
                let tz = i16::from_be_bytes(self.inner.read.read_array()?);
                Value::Date(Arc::new(Date::from_millis(ms).with_timezone(tz)))
            }
            // The switch is wire information only: the value behind it is
            // returned bare (see `Value::Amf3` for how it is written back),
            // or marked if the caller asked for the marks.
            m::AVMPLUS => match self.amf3(&head, |d| d.read_value())? {
                // Kinds only AMF3 has are written behind the switch anyway.
                v @ (Value::Xml(_)
                | Value::ByteArray(_)
                | Value::External(_)
                | Value::VectorInt(_)
                | Value::VectorUint(_)
                | Value::VectorDouble(_)
                | Value::VectorObject(_)
                | Value::Dictionary(_)) => v,
                v if self.inner.opts.switch_marks => Value::Amf3(Box::new(v)),
                v => v,
            },
            m::REFERENCE => return self.value_reference(pos),
            m::OBJECT | m::TYPED_OBJECT | m::ECMA_ARRAY | m::STRICT_ARRAY => {
                let slot = self.register(pos);
                let v = self.complex_value(&head, slot)?;
                if let Some(slot) = slot {
                    self.refs.mark_done(slot);
                }
                v
            }
            marker => return Err(Self::bad_marker(marker, pos)),
        })
    }

    fn value_reference(&mut self, pos: usize) -> Result<Value> {
        let index = self.reference_index(pos)?;
        let (target, done) = self.refs.get(index).unwrap_or((0, false));
        match self.refs.shared(index, done) {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(()) => {
                return Err(Error::at(
                    ErrorCode::CyclicReference {
                        index: index as u32,
                    },
                    pos,
                ))
            }
        }
        self.inner.enter(pos)?;
        let restore = self.inner.read.pos();
        self.inner.read.seek(target);
        self.inner.replaying += 1;
        let v = self.read_value()?;
        self.inner.replaying -= 1;
        self.inner.read.seek(restore);
        self.inner.leave();
        if let Some(w) = WeakValue::of(&v) {
            self.refs.set_native(index, w);
        }
        Ok(v)
    }

    /// Reads a property list into `(key, value)` pairs.
    fn properties(&mut self) -> Result<Vec<(Name, Value)>> {
        let mut members = Vec::new();
        loop {
            let key = match self.next_key()? {
                None => return Ok(members),
                Some(k) => Name::new(&k),
            };
            members.push((key, self.read_value()?));
        }
    }

    /// Reads an object or array inside `Arc::new_cyclic`, so that references
    /// to it from inside become weak cycles.
    fn cyclic<T: Default>(
        &mut self,
        pos: usize,
        slot: Option<usize>,
        weak: fn(std::sync::Weak<T>) -> WeakNode,
        read: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<Arc<T>> {
        self.inner.enter(pos)?;
        let mut err = None;
        let node = Arc::new_cyclic(|w| {
            if let Some(slot) = slot {
                self.refs.set_native(slot, WeakValue::Node(weak(w.clone())));
            }
            read(self).unwrap_or_else(|e| {
                err = Some(e);
                T::default()
            })
        });
        match err {
            Some(e) => Err(e),
            None => {
                self.inner.leave();
                Ok(node)
            }
        }
    }

    fn complex_value(&mut self, head: &Head, slot: Option<usize>) -> Result<Value> {
        let pos = head.pos;
        Ok(match head.marker {
            m::OBJECT | m::TYPED_OBJECT => {
                let class = if head.marker == m::TYPED_OBJECT {
                    Name::new(&self.read_short_str()?)
                } else {
                    Name::default()
                };
                Value::Object(self.cyclic(pos, slot, WeakNode::Object, |de| {
                    Ok(Object {
                        class,
                        sealed: Members::new(),
                        dynamic: Some(de.properties()?.into()),
                    })
                })?)
            }
            m::ECMA_ARRAY => {
                let length = self.read_u32()?;
                Value::EcmaArray(self.cyclic(pos, slot, WeakNode::EcmaArray, |de| {
                    Ok(EcmaArray {
                        length,
                        entries: de.properties()?.into(),
                    })
                })?)
            }
            _ => {
                // m::STRICT_ARRAY
                let len = self.read_u32()?;
                self.inner.check_len(len, 1)?;
                Value::Array(self.cyclic(pos, slot, WeakNode::Array, |de| {
                    // Up to two values inline (see `Dense`), more on the heap.
                    let mut dense = Dense::with_capacity(de.inner.size_hint(len).unwrap_or(0));
                    for _ in 0..len {
                        dense.push(de.read_value()?);
                    }
                    Ok(Array {
                        dense,
                        assoc: Members::new(),
                    })
                })?)
            }
        })
    }

    /// The ECMA array at `head` as a `Value` (for sequence targets). Its
    /// slot is not given a native node: the array becomes a typed sequence,
    /// so a reference to it from inside is a cycle error, and one from later
    /// replays it.
    fn ecma_value(&mut self, head: &Head) -> Result<Value> {
        self.complex_value(head, None)
    }
}

// --------------------------------------------------------------- streams

/// An iterator over consecutive AMF0 values, from
/// [`Deserializer::into_iter`].
pub struct StreamDeserializer<'de, R, T> {
    de: Deserializer<'de, R>,
    failed: bool,
    _marker: std::marker::PhantomData<T>,
}

impl<'de, R: Read<'de>, T> StreamDeserializer<'de, R, T> {
    /// Offset of the first byte after the last value read.
    pub fn byte_offset(&self) -> usize {
        self.de.byte_offset()
    }
}

impl<'de, R: Read<'de>, T: de::Deserialize<'de>> Iterator for StreamDeserializer<'de, R, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.failed {
            return None;
        }
        match self.de.inner.read.peek() {
            Ok(None) => None,
            Ok(Some(_)) => {
                let r = T::deserialize(&mut self.de);
                self.failed = r.is_err();
                Some(r)
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

// ------------------------------------------------------------ functions

/// Decodes one AMF0 value from a byte slice, rejecting trailing bytes.
/// Strings can be borrowed from the slice.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct Person<'a> { name: &'a str, age: f64 }
///
/// // {name: "Mike", age: 30} as Flash Player writes it
/// let bytes = [
///     0x03, 0x00, 0x04, b'n', b'a', b'm', b'e', 0x02, 0x00, 0x04, b'M', b'i', b'k', b'e',
///     0x00, 0x03, b'a', b'g', b'e', 0x00, 0x40, 0x3e, 0, 0, 0, 0, 0, 0,
///     0x00, 0x00, 0x09,
/// ];
/// let p: Person = amf_serde::amf0::from_slice(&bytes)?;
/// assert_eq!(p, Person { name: "Mike", age: 30.0 });
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// Invalid or truncated input, input that does not fit `T`, limits
/// exceeded, trailing bytes.
pub fn from_slice<'a, T: de::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    from_slice_with(bytes, &Options::new())
}

/// [`from_slice`] with the given [`Options`].
///
/// # Errors
/// As [`from_slice`].
pub fn from_slice_with<'a, T: de::Deserialize<'a>>(bytes: &'a [u8], opts: &Options) -> Result<T> {
    let mut de = Deserializer::with_options(SliceRead::new(bytes), opts);
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Decodes one AMF0 value from an [`std::io::Read`], which must then be at
/// its end.
///
/// # Errors
/// As [`from_slice`], plus I/O errors.
pub fn from_reader<R: std::io::Read, T: de::DeserializeOwned>(reader: R) -> Result<T> {
    from_reader_with(reader, &Options::new())
}

/// [`from_reader`] with the given [`Options`].
///
/// # Errors
/// As [`from_reader`].
pub fn from_reader_with<R: std::io::Read, T: de::DeserializeOwned>(
    reader: R,
    opts: &Options,
) -> Result<T> {
    let mut de = Deserializer::with_options(IoRead::read_ahead(reader), opts);
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}
