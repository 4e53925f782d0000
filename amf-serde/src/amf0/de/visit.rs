//! The `serde::Deserializer` impl: `deserialize_any` and the typed entry
//! points (numbers, sequences from ECMA arrays, `Value`, enums, skipping,
//! structs with a class alias or `#[amf(dynamic)]` members).

use serde::de::{self, Visitor};

use super::access::{EnumAccess, PropertyAccess};
use super::{m, Deserializer, Head};
use crate::amf3;
use crate::de_common::{
    deserialize_newtype, forward_de_data_model, struct_plan, visit_enum_str, NativeReader,
};
use crate::error::{Error, ErrorCode, Result};
use crate::read::{Read, Reference};
use crate::types::Object;
use crate::value::Value;

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    /// `deserialize_any`: visits the value at `head` as its marker says.
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
                let v = crate::de_common::visit_counted(self, len, visitor)?;
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

    forward_de_data_model!(ints: deserialize_number);

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

    // serde's signature, as in amf3/de/dispatch.rs, amf3/de/access.rs (member names) and
    // value/de.rs; the crate's names are handled once in `de_common::deserialize_newtype`, the
    // rest is each wire's (AMF3 also reads dates natively here).
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        deserialize_newtype(self, name, visitor, |de, visitor| {
            visitor.visit_newtype_struct(de)
        })
    }

    // Not AMF3's rule (amf3/de/dispatch.rs): AMF0 reads `{variant: …}` from a property list ended
    // by `00 00 09` (or behind the `11` switch); AMF3 from an object with traits. Unit variants
    // from a string: `de_common::visit_enum_str`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            m::STRING | m::LONG_STRING => visit_enum_str(de.read_string(head.marker)?, visitor),
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

    // AMF0's skip (`07` references checked, AMF3 rules behind the `11` switch);
    // amf3/de/dispatch.rs has AMF3's, which checks U29 object references and skips externalizable
    // bodies.
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

    // AMF0's class check reads a typed object's name; AMF3's (amf3/de/dispatch.rs) reads the
    // traits. What a struct needs is decided once: `de_common::struct_plan`.
    /// Structs with `#[amf(alias = "…")]` check the class of typed objects;
    /// a `#[amf(dynamic)]` field receives the members that match no field.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let Some((class, dynamic_field)) = struct_plan(name, fields) else {
            return self.deserialize_any(visitor);
        };
        self.value(|de, head| match head.marker {
            m::OBJECT | m::TYPED_OBJECT => {
                let found = if head.marker == m::TYPED_OBJECT {
                    de.read_short_str()?.to_owned()
                } else {
                    String::new()
                };
                if let Some(expected) = class {
                    de.inner.opts.check_class(expected, &found)?;
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

impl<'de, R: Read<'de>> NativeReader for Deserializer<'de, R> {
    fn read_native_value(&mut self) -> Result<(Value, usize)> {
        // Behind the AMF3 switch, errors point at the AMF3 marker.
        let mut pos = self.inner.read.pos();
        if self.inner.read.peek()? == Some(m::AVMPLUS) {
            pos += 1;
        }
        let hints = crate::external::take_hints();
        let saved = std::mem::replace(&mut self.inner.hints, hints);
        let v = self.read_value();
        self.inner.hints = saved;
        Ok((v.map_err(|e| e.fix_offset(pos))?, pos))
    }

    fn visit_budgeted<T>(&mut self, pos: usize, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.inner.budgeted(pos, |_| f())
    }
}
