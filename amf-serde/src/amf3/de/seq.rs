//! `deserialize_seq` for typed targets, shaped so that the target's
//! visitor is called from one place only.
//!
//! Why: with one codegen unit (a common production profile), LLVM inlines a
//! function of the size of serde's `TupleVisitor<f64, f64>::visit_seq`
//! only when the call is the last one to a local function. When that
//! visitor had five call sites (the short-array fast path, two in `any`,
//! two in the general path), it stayed out of line and handed each
//! coordinate pair back through memory, written as two 8-byte stores and
//! read as one 16-byte load: a store-forwarding stall per pair (canada
//! typed decode 1.6× rmp-serde under `codegen-units = 1`, see
//! BENCHMARKS.md, issue 23).
//!
//! So [`Deserializer::seq`] makes exactly one call of `V::visit_seq` over
//! [`SeqAccess`](super::access::SeqAccess), for every dense array (short
//! arrays read inline, the others and references framed out of line by the
//! non-generic [`Deserializer::seq_begin`]). Everything else a sequence
//! request can meet (an object, a `Vector.<Object>`, a mixed array, a
//! scalar that gives the visitor's type error, the body of an
//! externalizable object) goes to [`Deserializer::seq_other`], which visits
//! any sequence in it through [`ColdSeqAccess`]: another type, so another
//! copy of the visitor, and its elements through [`ColdDe`], another
//! deserializer type, so that the element types' `deserialize` (e.g.
//! `(f64, f64)::deserialize`) keep a single caller too. [`ColdDe`] does
//! what `&mut Deserializer` does (it forwards to it), except that its
//! sequence requests stay on the cold path.

use serde::de::{self, DeserializeSeed, Visitor};

use super::access::SeqAccess;
use super::{Deserializer, Head};
use crate::amf3::marker as m;
use crate::error::{Error, Result};
use crate::read::Read;

/// A dense array being visited: what `seq_end` needs to close it. Plain
/// integers (the frame of the short-array path and that of `seq_begin` meet
/// before the one call of the visitor, and stay in registers better so).
pub(super) struct SeqFrame {
    len: u32,
    /// The offset of the array (of the reference, when one was followed).
    pos: usize,
    /// `slot << 1`: the object-table slot to mark complete; or
    /// `restore << 1 | 1`: where to continue after replaying a referenced
    /// array; or [`NO_MARK`].
    mark: usize,
}

/// [`SeqFrame::mark`] of an array read while replaying another value: no
/// slot, nothing to restore.
const NO_MARK: usize = usize::MAX;

impl SeqFrame {
    fn new(len: u32, pos: usize, slot: Option<usize>, restore: Option<usize>) -> Self {
        let mark = match (slot, restore) {
            (_, Some(r)) => r << 1 | 1,
            (Some(s), None) => s << 1,
            (None, None) => NO_MARK,
        };
        SeqFrame { len, pos, mark }
    }
}

pub(super) enum SeqStart {
    Dense(SeqFrame),
    Other(Head),
}

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    /// `deserialize_seq`: one call of `visitor.visit_seq` over
    /// [`SeqAccess`] for every dense array (see the module's comment).
    #[inline(always)]
    pub(super) fn seq<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let mut doubles = None;
        let frame = match self.short_seq(&mut doubles)? {
            Some(frame) => frame,
            None => match self.seq_begin()? {
                SeqStart::Dense(frame) => frame,
                SeqStart::Other(head) => return self.seq_other(head, visitor),
            },
        };
        let mut access = SeqAccess {
            de: self,
            remaining: frame.len,
            doubles,
        };
        let r = visitor.visit_seq(&mut access);
        let remaining = access.remaining;
        if access.doubles.is_some() {
            // Read ahead: no depth was entered, the slot is complete.
            return match r {
                Ok(v) if remaining == 0 => Ok(v),
                Ok(_) => Err(Self::fewer_elements(frame.len, frame.pos)),
                Err(e) => Err(e.fix_offset(frame.pos)),
            };
        }
        self.seq_end(frame, remaining, r)
    }

    /// Short dense arrays inside a container (coordinate pairs, tags):
    /// marker, one-byte inline header, empty associative part, read without
    /// the general framing. Up to [`AHEAD`] elements that are all doubles
    /// are read at once (into `doubles`), when the limits let all of them
    /// through: the work of the array and its elements is counted in one
    /// step, the array enters the object table complete (doubles cannot
    /// refer to it) and no depth is entered (the depth limit is checked; a
    /// double does not look at the depth, and what is handed to the general
    /// path enters it there, see [`DoubleDe`]). Otherwise, or when a limit would stop the array, the
    /// elements are read one by one and fail where they always did.
    #[inline(always)]
    fn short_seq(&mut self, doubles: &mut Option<Ahead>) -> Result<Option<SeqFrame>> {
        if self.depth > 0 && self.replaying == 0 {
            let mode = ahead_mode();
            // A coordinate pair, the most common case, first: its 21 bytes
            // (`09 05 01 05 <8 bytes> 05 <8 bytes>`) with one length check,
            // its head (marker, header, empty associative part, first
            // marker) as one 32-bit compare, and the limits with the
            // length known. The same conditions and effects as the general
            // read-ahead below, for two elements.
            if let (ahead_switch::ALL, Some(c)) = (mode, self.read.peek_chunk::<PAIR_BYTES>()) {
                let [h0, h1, h2, h3, a0, a1, a2, a3, a4, a5, a6, a7, b, b0, b1, b2, b3, b4, b5, b6, b7] =
                    *c;
                if u32::from_le_bytes([h0, h1, h2, h3]) == PAIR_HEAD
                    && b == m::DOUBLE
                    // (`work_limit - work > 2`; the work count is far
                    // from overflowing: it counts values read)
                    && self.work + 3 <= self.work_limit
                    && self.depth < self.opts.max_depth
                    && 2 <= self.opts.max_items
                {
                    let pos = self.read.pos();
                    self.work += 3;
                    self.read.advance(PAIR_BYTES);
                    self.objects.push_done(pos);
                    *doubles = Some(Ahead {
                        vals: [
                            f64::from_be_bytes([a0, a1, a2, a3, a4, a5, a6, a7]),
                            f64::from_be_bytes([b0, b1, b2, b3, b4, b5, b6, b7]),
                            0.0,
                            0.0,
                        ],
                        next: 0,
                        len: 2,
                        pos,
                    });
                    return Ok(Some(SeqFrame {
                        len: 2,
                        pos,
                        mark: NO_MARK,
                    }));
                }
            }
            if let [m::ARRAY, h, 0x01, ref rest @ ..] = *self.read.buffered() {
                if h & 0x81 == 0x01 {
                    let pos = self.read.pos();
                    let len = u32::from(h >> 1);
                    if let (ahead_switch::ALL | ahead_switch::NO_PAIRS, Some(vals)) =
                        (mode, read_ahead(rest, len))
                    {
                        if self.work_limit.saturating_sub(self.work) > u64::from(len)
                            && self.depth < self.opts.max_depth
                            && u64::from(len) <= self.opts.max_items
                        {
                            self.work += 1 + u64::from(len);
                            self.read.advance(3 + 9 * len as usize);
                            self.objects.push_done(pos);
                            *doubles = Some(Ahead {
                                vals,
                                next: 0,
                                len,
                                pos,
                            });
                            return Ok(Some(SeqFrame {
                                len,
                                pos,
                                mark: NO_MARK,
                            }));
                        }
                    }
                    self.count_work(pos)?;
                    self.read.seek(pos + 3);
                    let slot = self.objects.push(pos);
                    self.enter(pos)?;
                    self.check_len(len, 1)?;
                    return Ok(Some(SeqFrame {
                        len,
                        pos,
                        mark: slot << 1,
                    }));
                }
            }
        }
        Ok(None)
    }

    /// The general framing of a sequence request: reads the head (following
    /// a reference); for a dense array, enters it and returns its frame.
    #[inline(never)]
    fn seq_begin(&mut self) -> Result<SeqStart> {
        let head = self.begin()?;
        match self.dense_head(&head) {
            Ok(Some(len)) => Ok(SeqStart::Dense(SeqFrame::new(
                len,
                head.pos,
                head.slot,
                head.restore,
            ))),
            Ok(None) => Ok(SeqStart::Other(head)),
            Err(e) => Err(e.fix_offset(head.pos)),
        }
    }

    #[inline]
    fn dense_head(&mut self, head: &Head) -> Result<Option<u32>> {
        if head.marker != m::ARRAY || self.read.peek()? != Some(0x01) {
            return Ok(None);
        }
        self.enter(head.pos)?;
        self.read.next()?;
        let len = head.u29 >> 1;
        self.check_len(len, 1)?;
        Ok(Some(len))
    }

    /// Closes a dense array after its visitor returned.
    #[inline(always)]
    fn seq_end<T>(&mut self, frame: SeqFrame, remaining: u32, r: Result<T>) -> Result<T> {
        match r {
            Ok(v) if remaining == 0 => {
                self.leave();
                if frame.mark & 1 == 0 {
                    self.objects.mark_done(frame.mark >> 1);
                } else if frame.mark != NO_MARK {
                    self.read.seek(frame.mark >> 1);
                    self.replaying -= 1;
                    self.depth -= 1;
                }
                Ok(v)
            }
            Ok(_) => Err(Self::fewer_elements(frame.len, frame.pos)),
            Err(e) => Err(e.fix_offset(frame.pos)),
        }
    }

    #[cold]
    fn fewer_elements(len: u32, pos: usize) -> Error {
        let e: Error = de::Error::invalid_length(len as usize, &"fewer elements in the array");
        e.fix_offset(pos)
    }

    /// A sequence request for something other than a dense array (its head
    /// read by `seq_begin`).
    #[inline(never)]
    fn seq_other<V: Visitor<'de>>(&mut self, head: Head, visitor: V) -> Result<V::Value> {
        let r = match head.marker {
            m::OBJECT => self.object_value(&head, visitor, |de, visitor| de.cold_seq(visitor)),
            _ => self.any_in::<V, true>(&head, visitor),
        };
        match r {
            Ok(v) => {
                self.finish(&head);
                Ok(v)
            }
            Err(e) => Err(e.fix_offset(head.pos)),
        }
    }

    /// `deserialize_seq` on the cold path (the general framing; dense arrays
    /// through [`ColdSeqAccess`]).
    #[inline(never)]
    pub(super) fn cold_seq<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.value(|de, head| match head.marker {
            m::ARRAY if de.read.peek()? == Some(0x01) => {
                de.enter(head.pos)?;
                de.read.next()?;
                let v = de.dense_cold(head.u29 >> 1, visitor)?;
                de.leave();
                Ok(v)
            }
            m::OBJECT => de.object_value(head, visitor, |de, visitor| de.cold_seq(visitor)),
            _ => de.any_in::<V, true>(head, visitor),
        })
    }

    /// `deserialize_any` on the cold path (the body of an externalizable
    /// object met by `any_in::<_, true>`): the general framing, so that
    /// the visitor's `visit_seq` over [`SeqAccess`] gets no other caller.
    #[inline(never)]
    pub(super) fn cold_any<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.value(|de, head| de.any_in::<V, true>(head, visitor))
    }

    // A copy of `dense` (dispatch.rs) on purpose: another access type, so that the visitor's
    // `visit_seq` over `SeqAccess` keeps `seq` as its one caller (module comment; BENCHMARKS.md,
    // issue 23, typed rows).
    /// `dense` through [`ColdSeqAccess`].
    pub(super) fn dense_cold<V: Visitor<'de>>(&mut self, len: u32, visitor: V) -> Result<V::Value> {
        self.check_len(len, 1)?;
        let mut access = ColdSeqAccess {
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
        Ok(v)
    }
}

/// Which read-ahead paths of [`Deserializer::short_seq`] run: in the
/// library, all of them; the crate's tests switch them off per thread to
/// check that the outcomes are those of the element-by-element path
/// (`amf3/doubles.rs`).
pub(crate) mod ahead_switch {
    /// Every path.
    pub(crate) const ALL: u8 = 0;
    /// Pairs through the general read-ahead.
    pub(crate) const NO_PAIRS: u8 = 1;
    /// Element by element only.
    #[cfg_attr(not(test), allow(dead_code))] // only the tests switch it off
    pub(crate) const NONE: u8 = 2;

    #[cfg(test)]
    std::thread_local! {
        /// This thread's mode (tests only).
        pub(crate) static MODE: std::cell::Cell<u8> = const { std::cell::Cell::new(ALL) };
    }
}

/// The read-ahead mode: [`ahead_switch::ALL`] outside the crate's tests
/// (also read by the `Value` decoder's pair and double paths).
#[inline(always)]
pub(crate) fn ahead_mode() -> u8 {
    #[cfg(test)]
    {
        ahead_switch::MODE.with(std::cell::Cell::get)
    }
    #[cfg(not(test))]
    {
        ahead_switch::ALL
    }
}

/// How many elements of a short array [`Deserializer::short_seq`] reads
/// ahead as doubles, at most (coordinates: pairs, triples, quadruples).
const AHEAD: usize = 4;

/// The bytes of a short array of two doubles: marker, header, empty
/// associative part, then two doubles with their markers.
const PAIR_BYTES: usize = 3 + 2 * 9;

/// The first four bytes of a short array of two doubles (`09 05 01 05`),
/// as a little-endian `u32`.
const PAIR_HEAD: u32 = u32::from_le_bytes([m::ARRAY, 2 << 1 | 1, 0x01, m::DOUBLE]);

/// `len` doubles (`1..=AHEAD`) at the start of `rest`, each with its marker.
#[inline(always)]
fn read_ahead(rest: &[u8], len: u32) -> Option<[f64; AHEAD]> {
    // Coordinate pairs first: one length check.
    if let (
        2,
        [m::DOUBLE, a0, a1, a2, a3, a4, a5, a6, a7, m::DOUBLE, b0, b1, b2, b3, b4, b5, b6, b7, ..],
    ) = (len, rest)
    {
        return Some([
            f64::from_be_bytes([*a0, *a1, *a2, *a3, *a4, *a5, *a6, *a7]),
            f64::from_be_bytes([*b0, *b1, *b2, *b3, *b4, *b5, *b6, *b7]),
            0.0,
            0.0,
        ]);
    }
    let n = len as usize;
    if n == 0 || n > AHEAD {
        return None;
    }
    let mut vals = [0.0; AHEAD];
    for (i, v) in vals.iter_mut().enumerate().take(n) {
        match rest.get(9 * i..9 * i + 9) {
            Some(&[m::DOUBLE, b0, b1, b2, b3, b4, b5, b6, b7]) => {
                *v = f64::from_be_bytes([b0, b1, b2, b3, b4, b5, b6, b7]);
            }
            _ => return None,
        }
    }
    Some(vals)
}

/// The elements of a short array read ahead as doubles (their work already
/// counted, the reader already after the array).
/// The offsets are derived from the array's offset when needed (on error
/// and general paths only), so that the hot path keeps no more than that.
pub(super) struct Ahead {
    vals: [f64; AHEAD],
    /// The index of the next element.
    next: u32,
    /// The number of elements.
    len: u32,
    /// The offset of the array.
    pos: usize,
}

impl Ahead {
    /// The next element (the caller has checked that there is one).
    #[inline(always)]
    pub(super) fn take(&mut self) -> OneDouble {
        let i = self.next as usize;
        self.next += 1;
        let first = self.pos + 3;
        OneDouble {
            val: self.vals[i % AHEAD],
            pos: first + 9 * i,
            end: first + 9 * self.len as usize,
        }
    }
}

/// One element of [`Ahead`].
pub(super) struct OneDouble {
    val: f64,
    /// The element's offset.
    pos: usize,
    /// The offset after the array.
    end: usize,
}

impl OneDouble {
    /// The element as a deserializer.
    #[inline(always)]
    pub(super) fn on<'a, 'de, R>(self, de: &'a mut Deserializer<'de, R>) -> DoubleDe<'a, 'de, R> {
        DoubleDe { de, one: self }
    }
}

/// An element of a short array read ahead as a double: `f64`, `f32`,
/// `deserialize_any` and `IgnoredAny` get the value (as the fast paths of
/// `&mut Deserializer` give it); every other request is handed to the
/// general path at the element's offset, with the element's work given
/// back first (that path counts it again) and the array's depth entered,
/// and the reader is put back after the array afterwards. Sequence requests go to the cold path (as
/// from [`ColdDe`]), so that a sequence visitor keeps its single caller.
pub(super) struct DoubleDe<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    one: OneDouble,
}

impl<'de, R: Read<'de>> DoubleDe<'_, 'de, R> {
    #[inline(always)]
    fn visit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let pos = self.one.pos;
        visitor
            .visit_f64(self.one.val)
            .map_err(|e: Error| e.fix_offset(pos))
    }

    /// Runs `f` on the general path at the element (see the type's comment).
    #[cold]
    #[inline(never)]
    fn general<T>(self, f: impl FnOnce(ColdDe<'_, 'de, R>) -> Result<T>) -> Result<T> {
        let de = self.de;
        de.read.seek(self.one.pos);
        de.work = de.work.saturating_sub(1);
        de.depth += 1;
        let r = f(ColdDe(&mut *de));
        de.depth -= 1;
        de.read.seek(self.one.end);
        r
    }
}

macro_rules! to_general {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.general(|de| de::Deserializer::$method(de, visitor))
        }
    )*};
}

impl<'de, R: Read<'de>> de::Deserializer<'de> for DoubleDe<'_, 'de, R> {
    type Error = Error;

    #[inline(always)]
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    #[inline(always)]
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    #[inline(always)]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    #[inline(always)]
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    to_general! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_map deserialize_identifier
        deserialize_seq
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.general(|de| de::Deserializer::deserialize_unit_struct(de, name, visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.general(|de| de::Deserializer::deserialize_newtype_struct(de, name, visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        self.general(|de| de::Deserializer::deserialize_tuple(de, len, visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.general(|de| de::Deserializer::deserialize_tuple_struct(de, name, len, visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.general(|de| de::Deserializer::deserialize_struct(de, name, fields, visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.general(|de| de::Deserializer::deserialize_enum(de, name, variants, visitor))
    }

    fn is_human_readable(&self) -> bool {
        false
    }
}

/// The elements of a dense array met on the cold path, handed out as
/// [`ColdDe`].
pub(super) struct ColdSeqAccess<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    remaining: u32,
}

// `SeqAccess`'s counted rule (access.rs), copied on purpose: its elements go to `ColdDe`, so that
// every element type's `deserialize` on the cold path is another instance than on the hot one
// (module comment).
impl<'de, R: Read<'de>> de::SeqAccess<'de> for ColdSeqAccess<'_, 'de, R> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        seed.deserialize(ColdDe(&mut *self.de)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        self.de.size_hint(self.remaining)
    }
}

/// `&mut Deserializer` under another type (see the module's comment): every
/// request goes to it, sequence requests to its cold path.
pub(super) struct ColdDe<'a, 'de, R>(&'a mut Deserializer<'de, R>);

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*))*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value> {
            de::Deserializer::$method(self.0, $($arg,)* visitor)
        }
    )*};
}

impl<'de, R: Read<'de>> de::Deserializer<'de> for ColdDe<'_, 'de, R> {
    type Error = Error;

    forward! {
        deserialize_any() deserialize_bool() deserialize_i8() deserialize_i16()
        deserialize_i32() deserialize_i64() deserialize_i128() deserialize_u8()
        deserialize_u16() deserialize_u32() deserialize_u64() deserialize_u128()
        deserialize_f32() deserialize_f64() deserialize_char() deserialize_str()
        deserialize_string() deserialize_bytes() deserialize_byte_buf()
        deserialize_option() deserialize_unit() deserialize_map() deserialize_identifier()
        deserialize_ignored_any()
        deserialize_unit_struct(name: &'static str)
        deserialize_newtype_struct(name: &'static str)
        deserialize_struct(name: &'static str, fields: &'static [&'static str])
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
    }

    // Sequences stay on the cold path (the point of `ColdDe`), so these
    // differ from `forward_de_data_model!` (de_common.rs), which sends
    // tuples to `deserialize_seq`, i.e. back to the hot path.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.cold_seq(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.0.cold_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.0.cold_seq(visitor)
    }

    fn is_human_readable(&self) -> bool {
        false
    }
}
