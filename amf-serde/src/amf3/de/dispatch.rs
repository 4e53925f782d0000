//! The [`serde::Deserializer`] impl: reads the marker (following
//! references) and hands the value to the visitor in the shape the target
//! type asks for.

use serde::de::{self, Visitor};

use super::access::{
    DenseAccess, DictAccess, DynamicAccess, EnumAccess, MixedAccess, NumVectorAccess, ObjectAccess,
    Stage,
};
use super::{Deserializer, Head, ObjectHead};
use crate::amf3::marker::{self as m, sign_extend};
use crate::de_common::{
    deserialize_newtype, forward_de_data_model, struct_plan, visit_enum_str, NativeReader,
};
use crate::error::{Error, ErrorCode, Result, Version};
use crate::num;
use crate::read::{Read, Reference};
use crate::value::Value;

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    #[inline(always)]
    pub(super) fn any<V: Visitor<'de>>(&mut self, head: &Head, visitor: V) -> Result<V::Value> {
        self.any_in::<V, false>(head, visitor)
    }

    /// `any`; with `COLD`, dense arrays are visited through the cold
    /// sequence access (for the sequence paths, see `seq.rs`).
    pub(super) fn any_in<V: Visitor<'de>, const COLD: bool>(
        &mut self,
        head: &Head,
        visitor: V,
    ) -> Result<V::Value> {
        match head.marker {
            m::UNDEFINED | m::NULL => visitor.visit_unit(),
            m::FALSE => visitor.visit_bool(false),
            m::TRUE => visitor.visit_bool(true),
            m::INTEGER => {
                let u = self.read_u29()?;
                visitor.visit_i32(sign_extend(u))
            }
            m::DOUBLE => visitor.visit_f64(self.read_f64()?),
            m::STRING => match self.read_str()? {
                Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
                Reference::Copied(s) => visitor.visit_str(s),
            },
            m::XML_DOC | m::XML => {
                let len = (head.u29 >> 1) as usize;
                let start = self.read.pos();
                self.check_bytes(len)?;
                match self.read.read_bytes(len)? {
                    Reference::Borrowed(b) => visitor.visit_borrowed_str(
                        std::str::from_utf8(b)
                            .map_err(|_| Error::at(ErrorCode::InvalidUtf8, start))?,
                    ),
                    Reference::Copied(b) => visitor.visit_str(
                        std::str::from_utf8(b)
                            .map_err(|_| Error::at(ErrorCode::InvalidUtf8, start))?,
                    ),
                }
            }
            m::DATE => visitor.visit_f64(self.read_f64()?),
            m::BYTE_ARRAY => {
                let len = (head.u29 >> 1) as usize;
                self.check_bytes(len)?;
                match self.read.read_bytes(len)? {
                    Reference::Borrowed(b) => visitor.visit_borrowed_bytes(b),
                    Reference::Copied(b) => visitor.visit_bytes(b),
                }
            }
            m::ARRAY => {
                let len = head.u29 >> 1;
                self.enter(head.pos)?;
                if self.peek_or_eof()? == 0x01 {
                    self.read.next()?;
                    let r = if COLD {
                        self.dense_cold(len, visitor)
                    } else {
                        self.dense(len, visitor)
                    };
                    if r.is_ok() {
                        self.leave();
                    }
                    return r;
                }
                self.check_len(len, 1)?;
                let mut access = MixedAccess {
                    de: self,
                    dense: len,
                    next: 0,
                    in_assoc: true,
                };
                let v = visitor.visit_map(&mut access)?;
                if access.in_assoc || access.next < access.dense {
                    return Err(de::Error::invalid_length(
                        len as usize,
                        &"fewer entries in the array",
                    ));
                }
                self.leave();
                Ok(v)
            }
            m::OBJECT if COLD => {
                self.object_value(head, visitor, |de, visitor| de.cold_any(visitor))
            }
            m::OBJECT => self.object_value(head, visitor, |de, visitor| {
                de::Deserializer::deserialize_any(de, visitor)
            }),
            m::VECTOR_INT | m::VECTOR_UINT | m::VECTOR_DOUBLE => {
                let len = head.u29 >> 1;
                let _fixed = self.read.next()?;
                let unit = if head.marker == m::VECTOR_DOUBLE {
                    8
                } else {
                    4
                };
                self.check_len(len, unit)?;
                let hint = self.size_hint(len);
                let mut access = NumVectorAccess {
                    de: self,
                    marker: head.marker,
                    remaining: len,
                    hint,
                };
                let v = visitor.visit_seq(&mut access)?;
                if access.remaining > 0 {
                    return Err(de::Error::invalid_length(
                        len as usize,
                        &"fewer elements in the vector",
                    ));
                }
                Ok(v)
            }
            m::VECTOR_OBJECT => {
                let len = head.u29 >> 1;
                let _fixed = self.read.next()?;
                let _type_name = self.read_str()?;
                self.enter(head.pos)?;
                let v = if COLD {
                    self.dense_cold(len, visitor)?
                } else {
                    self.dense(len, visitor)?
                };
                self.leave();
                Ok(v)
            }
            m::DICTIONARY => {
                let len = head.u29 >> 1;
                let _weak = self.read.next()?;
                self.check_len(len, 2)?;
                self.enter(head.pos)?;
                let mut access = DictAccess {
                    de: self,
                    remaining: len,
                };
                let v = visitor.visit_map(&mut access)?;
                if access.remaining > 0 {
                    return Err(de::Error::invalid_length(
                        len as usize,
                        &"fewer entries in the dictionary",
                    ));
                }
                self.leave();
                Ok(v)
            }
            marker => Err(Error::at(
                ErrorCode::InvalidMarker {
                    version: Version::Amf3,
                    marker,
                },
                head.pos,
            )),
        }
    }

    /// `deserialize_any` inside a container: a double, a one-byte integer,
    /// a boolean, null or a string read directly; anything else through the
    /// general framing.
    #[inline(always)]
    fn any_inside<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        // Every arm's result is this function's result (no `let v = match
        // …` joined afterwards): the visitor's value is then written where
        // the caller wants it, once, instead of being copied through a
        // local in pieces (a store-forwarding stall per value;
        // BENCHMARKS.md, issue 23, session 6).
        let pos = self.read.pos();
        let fix = |e: Error| e.fix_offset(pos);
        match *self.read.buffered() {
            [m::DOUBLE, b0, b1, b2, b3, b4, b5, b6, b7, ..] => {
                self.count_work(pos)?;
                self.read.seek(pos + 9);
                visitor
                    .visit_f64(f64::from_be_bytes([b0, b1, b2, b3, b4, b5, b6, b7]))
                    .map_err(fix)
            }
            [m::INTEGER, b, ..] if b < 0x80 => {
                self.count_work(pos)?;
                self.read.seek(pos + 2);
                visitor.visit_i32(i32::from(b)).map_err(fix)
            }
            // Longer U29s (ids, amounts: most integers of dynamic data),
            // also without the general framing; one arm, so that the
            // dispatch on the marker stays as it was for the other types.
            [m::INTEGER, b0, ref rest @ ..] if b0 >= 0x80 && !rest.is_empty() => {
                let (u, n) = match *rest {
                    [b1, ..] if b1 < 0x80 => (u32::from(b0 & 0x7F) << 7 | u32::from(b1), 3),
                    [b1, b2, ..] if b2 < 0x80 => (
                        u32::from(b0 & 0x7F) << 14 | u32::from(b1 & 0x7F) << 7 | u32::from(b2),
                        4,
                    ),
                    [b1, b2, b3, ..] => (
                        u32::from(b0 & 0x7F) << 22
                            | u32::from(b1 & 0x7F) << 15
                            | u32::from(b2 & 0x7F) << 8
                            | u32::from(b3),
                        5,
                    ),
                    _ => return self.value(|de, head| de.any(head, visitor)),
                };
                self.count_work(pos)?;
                self.read.seek(pos + n);
                visitor.visit_i32(sign_extend(u)).map_err(fix)
            }
            [m::TRUE, ..] => {
                self.count_work(pos)?;
                self.read.seek(pos + 1);
                visitor.visit_bool(true).map_err(fix)
            }
            [m::FALSE, ..] => {
                self.count_work(pos)?;
                self.read.seek(pos + 1);
                visitor.visit_bool(false).map_err(fix)
            }
            [m::NULL | m::UNDEFINED, ..] => {
                self.count_work(pos)?;
                self.read.seek(pos + 1);
                visitor.visit_unit().map_err(fix)
            }
            [m::STRING, ..] => {
                self.count_work(pos)?;
                self.read.seek(pos + 1);
                let s = match self.short_str_ref() {
                    Some(s) => Ok(s),
                    None => self.read_str(),
                };
                match s {
                    Ok(Reference::Borrowed(s)) => visitor.visit_borrowed_str(s).map_err(fix),
                    Ok(Reference::Copied(s)) => visitor.visit_str(s).map_err(fix),
                    Err(e) => Err(fix(e)),
                }
            }
            // An object with a one-byte header referring to known traits
            // that are not externalizable (the members of dynamic data
            // after the first object of a shape), and a short dense array:
            // no `Head` through memory, no out-of-line `any`.
            [m::OBJECT, h, ..]
                if h & 0x83 == 0x01
                    && self.replaying == 0
                    && self
                        .traits
                        .get(usize::from(h >> 2))
                        .is_some_and(|t| !t.external) =>
            {
                self.count_work(pos)?;
                self.read.seek(pos + 2);
                let slot = self.objects.push(pos);
                self.object_inside(u32::from(h), pos, slot, visitor)
            }
            [m::ARRAY, h, 0x01, ..] if h & 0x81 == 0x01 && self.replaying == 0 => {
                self.count_work(pos)?;
                self.read.seek(pos + 3);
                let slot = self.objects.push(pos);
                self.enter(pos)?;
                // `dense`, written out: one local for the visitor's result
                // (see above).
                let len = u32::from(h >> 1);
                self.check_len(len, 1)?;
                let mut access = DenseAccess {
                    de: self,
                    remaining: len,
                };
                let mut r = visitor.visit_seq(&mut access);
                if access.remaining > 0 && r.is_ok() {
                    r = Err(de::Error::invalid_length(
                        len as usize,
                        &"fewer elements in the array",
                    ));
                }
                match &mut r {
                    Ok(_) => {
                        self.leave();
                        self.objects.mark_done(slot);
                    }
                    Err(e) => e.fix_offset_in_place(pos),
                }
                r
            }
            _ => self.value(|de, head| de.any(head, visitor)),
        }
    }

    /// The body of an object for [`Deserializer::any_inside`]: the traits
    /// header `u29` (a reference to traits that are not externalizable),
    /// read just after the marker at `pos`; `slot` is its object-table
    /// slot, marked complete at its end. Everything after the visitor
    /// happens here, so that its result is copied once, whole, into the
    /// caller's (see `any_inside`).
    #[inline(never)]
    fn object_inside<V: Visitor<'de>>(
        &mut self,
        u29: u32,
        pos: usize,
        slot: usize,
        visitor: V,
    ) -> Result<V::Value> {
        let obj = match self.object_head(u29, pos + 1) {
            Ok(obj) => obj,
            Err(e) => return Err(e.fix_offset(pos)),
        };
        if let Err(e) = self.enter(pos) {
            return Err(e.fix_offset(pos));
        }
        let mut access = ObjectAccess {
            de: self,
            traits: obj.traits,
            next: 0,
            sealed: obj.sealed,
            dynamic: obj.dynamic,
        };
        let mut r = visitor.visit_map(&mut access);
        if (access.next < access.sealed || access.dynamic) && r.is_ok() {
            r = Err(de::Error::invalid_length(
                access.next as usize,
                &"fewer members in the object",
            ));
        }
        match &mut r {
            Ok(_) => {
                self.leave();
                self.objects.mark_done(slot);
            }
            Err(e) => e.fix_offset_in_place(pos),
        }
        r
    }

    /// `deserialize_f64` outside the fast path: an integer, a double at top
    /// level, or another type.
    #[inline(never)]
    pub(super) fn f64_slow<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            m::INTEGER => {
                let u = de.read_u29()?;
                visitor.visit_f64(f64::from(sign_extend(u)))
            }
            _ => de.any(head, visitor),
        })
    }

    // The same visit-and-count as AMF0's strict arrays (amf0/de/visit.rs) and `dense_cold`
    // (seq.rs): kept apart with `SeqAccess` (see access.rs); `dense_cold` is a cold copy through
    // another access type on purpose.
    /// Visits `len` consecutive values as a sequence.
    #[inline(always)]
    pub(super) fn dense<V: Visitor<'de>>(&mut self, len: u32, visitor: V) -> Result<V::Value> {
        self.check_len(len, 1)?;
        let mut access = DenseAccess {
            de: self,
            remaining: len,
        };
        // The visitor's result handed on as it is (see `Error::fix_offset_in_place`).
        let r = visitor.visit_seq(&mut access);
        if access.remaining > 0 && r.is_ok() {
            return Err(de::Error::invalid_length(
                len as usize,
                &"fewer elements in the array",
            ));
        }
        r
    }

    /// An object (`0a`, header in `head`) for `visitor`; the body of an
    /// externalizable one is read with `external`.
    pub(super) fn object_value<V: Visitor<'de>>(
        &mut self,
        head: &Head,
        visitor: V,
        external: impl FnOnce(&mut Self, V) -> Result<V::Value>,
    ) -> Result<V::Value> {
        let obj = self.object_head(head.u29, head.pos + 1)?;
        if obj.external {
            return self.external_body(head, &obj, visitor, external);
        }
        self.enter(head.pos)?;
        let r = self.object(obj, visitor);
        if r.is_ok() {
            self.leave();
        }
        r
    }

    pub(super) fn object<V: Visitor<'de>>(
        &mut self,
        obj: ObjectHead,
        visitor: V,
    ) -> Result<V::Value> {
        let mut access = ObjectAccess {
            de: self,
            traits: obj.traits,
            next: 0,
            sealed: obj.sealed,
            dynamic: obj.dynamic,
        };
        // The visitor's result handed on as it is (see `Error::fix_offset_in_place`).
        let r = visitor.visit_map(&mut access);
        if (access.next < access.sealed || access.dynamic) && r.is_ok() {
            return Err(de::Error::invalid_length(
                access.next as usize,
                &"fewer members in the object",
            ));
        }
        r
    }

    /// Converts a double to an integer for an integer-typed target, refusing
    /// fractions and values out of the `i64`/`u64` range.
    pub(crate) fn visit_double_as_int<V: Visitor<'de>>(
        d: f64,
        ty: &'static str,
        signed: bool,
        visitor: V,
    ) -> Result<V::Value> {
        if d.fract() == 0.0 {
            if signed {
                if let Some(i) = num::f64_to_i64(d) {
                    return visitor.visit_i64(i);
                }
            } else if let Some(u) = num::f64_to_u64(d) {
                return visitor.visit_u64(u);
            }
            if signed && (-num::TWO_127..0.0).contains(&d) {
                return visitor.visit_i128(d as i128);
            }
            if d.is_finite() && d > 0.0 && d < num::TWO_128 {
                return visitor.visit_u128(d as u128);
            }
        }
        Err(Error::code(ErrorCode::NumberOutOfRange {
            value: format!("{d:?}").into(),
            ty,
        }))
    }
}

macro_rules! deserialize_int {
    ($($method:ident => $ty:literal, $signed:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            if let Some(pos) = self.scalar_fast_path(m::INTEGER)? {
                let u = self.read_u29()?;
                return visitor.visit_i32(sign_extend(u)).map_err(|e: Error| e.fix_offset(pos));
            }
            self.value(|de, head| match head.marker {
                m::INTEGER => {
                    let u = de.read_u29()?;
                    visitor.visit_i32(sign_extend(u))
                }
                m::DOUBLE => {
                    let d = de.read_f64()?;
                    Deserializer::<R>::visit_double_as_int(d, $ty, $signed, visitor)
                }
                _ => de.any(head, visitor),
            })
        }
    )*};
}

impl<'de, R: Read<'de>> de::Deserializer<'de> for &mut Deserializer<'de, R> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Scalars inside a container (the elements and members of dynamic
        // data: `serde_json::Value`, maps) without the general framing,
        // whose `Head` goes through memory.
        if self.depth > 0 {
            return self.any_inside(visitor);
        }
        self.value(|de, head| de.any(head, visitor))
    }

    forward_de_data_model!(ints: deserialize_int);

    #[inline]
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.depth > 0 {
            if let [m::DOUBLE, b0, b1, b2, b3, b4, b5, b6, b7, ..] = *self.read.buffered() {
                let pos = self.read.pos();
                self.count_work(pos)?;
                self.read.seek(pos + 9);
                let d = f64::from_be_bytes([b0, b1, b2, b3, b4, b5, b6, b7]);
                return visitor.visit_f64(d).map_err(|e: Error| e.fix_offset(pos));
            }
        }
        self.f64_slow(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.read.peek()? {
            Some(m::UNDEFINED | m::NULL) => self.value(|_, _| visitor.visit_none()),
            _ => visitor.visit_some(self),
        }
    }

    // Always inlined, and one call of the visitor for every dense array
    // (see `seq.rs`): the element visitor's (tuple's) result then stays in
    // registers instead of going through a stack slot that is written in
    // halves and read whole (a store-forwarding stall per coordinate pair).
    #[inline(always)]
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.seq(visitor)
    }

    // serde's signature, as in amf0/de/visit.rs and the other `Deserializer` impls; the crate's
    // names are handled once in `de_common::deserialize_newtype`, the rest is each wire's (AMF3
    // reads a date natively here).
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        deserialize_newtype(self, name, visitor, |de, visitor| {
            if name == crate::value::DATE_TOKEN {
                return de.value(|de, head| match head.marker {
                    m::DATE | m::DOUBLE => visitor.visit_f64(de.read_f64()?),
                    _ => de.any(head, visitor),
                });
            }
            visitor.visit_newtype_struct(de)
        })
    }

    // Not AMF0's rule (amf0/de/visit.rs): AMF3 reads `{variant: …}` from an object with one sealed
    // or dynamic member; AMF0 from a property list ended by `00 00 09`. Unit variants from a
    // string: `de_common::visit_enum_str`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            m::STRING => visit_enum_str(de.read_str()?, visitor),
            m::OBJECT => {
                let obj = de.object_head(head.u29, head.pos + 1)?;
                if obj.external || obj.sealed > 1 || (obj.sealed == 0 && !obj.dynamic) {
                    return Err(Error::code(ErrorCode::InvalidEnumShape));
                }
                de.enter(head.pos)?;
                let v = visitor.visit_enum(EnumAccess {
                    de: &mut *de,
                    obj: &obj,
                })?;
                if obj.dynamic && !de.read_str()?.is_empty() {
                    return Err(Error::code(ErrorCode::InvalidEnumShape));
                }
                de.leave();
                Ok(v)
            }
            _ => de.any(head, visitor),
        })
    }

    // AMF3's skip (U29 object references checked, externalizable bodies skipped); amf0/de/visit.rs
    // has AMF0's, which checks `07` references and hands the `11` switch to this one.
    /// Skips a value. Object references are checked but not followed: there
    /// is nothing to rebuild, so skipping is linear and cycles are harmless.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let pos = self.read.pos();
        if let Some(marker) = self.read.peek()? {
            if m::is_complex(marker) && self.depth > 0 {
                let save = self.read.pos();
                self.read.next()?;
                let u29 = self.read_u29()?;
                if u29 & 1 == 0 {
                    let index = u29 >> 1;
                    if index as usize >= self.objects.len() {
                        return Err(Error::at(
                            ErrorCode::ObjectRefOutOfRange {
                                index,
                                len: self.objects.len(),
                            },
                            pos,
                        ));
                    }
                    return visitor.visit_unit();
                }
                self.read.seek(save);
            }
        }
        // The body of an externalizable object is skipped by the same rules
        // (a reference in it to the object itself is not a cycle error).
        self.value(|de, head| match head.marker {
            m::OBJECT => {
                de.skipping += 1;
                let r = de.object_value(head, visitor, |de, visitor| {
                    de::Deserializer::deserialize_ignored_any(de, visitor)
                });
                de.skipping -= 1;
                r
            }
            _ => de.any(head, visitor),
        })
    }

    // AMF3's class check reads the traits; AMF0's (amf0/de/visit.rs) reads a typed object's name.
    // What a struct needs is decided once: `de_common::struct_plan`.
    /// Structs with `#[amf(alias = "…")]` check the class of the incoming
    /// object; a `#[amf(dynamic)]` field receives the members that match no
    /// other field.
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
            m::OBJECT => {
                let obj = de.object_head(head.u29, head.pos + 1)?;
                if let Some(expected) = class {
                    let found = de.traits[obj.traits].class.as_str();
                    de.opts.check_class(expected, found)?;
                }
                if obj.external {
                    return de.external_body(head, &obj, visitor, |de, visitor| {
                        de::Deserializer::deserialize_struct(de, name, fields, visitor)
                    });
                }
                de.enter(head.pos)?;
                let v = if dynamic_field {
                    let mut access = DynamicAccess {
                        de: &mut *de,
                        traits: obj.traits,
                        next: 0,
                        sealed: obj.sealed,
                        dynamic: obj.dynamic,
                        fields,
                        extra: Vec::new(),
                        stage: Stage::Members,
                    };
                    visitor.visit_map(&mut access)?
                } else {
                    de.object(obj, visitor)?
                };
                de.leave();
                Ok(v)
            }
            _ => de.any(head, visitor),
        })
    }

    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if let Some(pos) = self.scalar_fast_path(m::STRING)? {
            return match self.read_str()? {
                Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
                Reference::Copied(s) => visitor.visit_str(s),
            }
            .map_err(|e: Error| e.fix_offset(pos));
        }
        self.deserialize_any(visitor)
    }

    #[inline]
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    #[inline]
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.depth > 0 {
            if let Some(b @ (m::FALSE | m::TRUE)) = self.read.peek()? {
                let pos = self.read.pos();
                self.count_work(pos)?;
                self.read.next()?;
                return visitor
                    .visit_bool(b == m::TRUE)
                    .map_err(|e: Error| e.fix_offset(pos));
            }
        }
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct map identifier
    }
}

impl<'de, R: Read<'de>> NativeReader for Deserializer<'de, R> {
    fn read_native_value(&mut self) -> Result<(Value, usize)> {
        let pos = self.read.pos();
        let v = self.read_value_hinted().map_err(|e| e.fix_offset(pos))?;
        Ok((v, pos))
    }

    fn visit_budgeted<T>(&mut self, pos: usize, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.budgeted(pos, |_| f())
    }
}
