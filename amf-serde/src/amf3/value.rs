//! Decoding AMF3 straight into [`Value`], keeping shared references as
//! shared nodes and cycles as [`Value::Cycle`]s.

use std::sync::Arc;

use super::de::{ahead_mode, ahead_switch, Deserializer, ObjectHead};
use super::marker::{self as m, sign_extend};
use crate::error::{Error, ErrorCode, Result, Version};
use crate::external::{DataInput, ExternalCodec};
use crate::read::{Read, Reference};
use crate::types::{
    Array, ByteArray, DataItem, Date, Dense, Dictionary, External, Members, Name, Object,
    ObjectVector, Vector, Xml, XmlDocument,
};
use crate::value::{Value, WeakNode, WeakValue};

/// Numbers the entries of the traits table that are copies of earlier
/// identical ones (same class, flags and sealed names), for
/// [`Object::traits_copy`]: entry `i` is copy `numbered[i]`. Entries are
/// numbered in table order, each once, when a `Value` object first needs
/// one (the `HashMap` is std's, whose hashing input cannot steer).
#[derive(Default)]
pub(crate) struct TraitsCopies {
    numbered: Vec<u32>,
    seen: std::collections::HashMap<(bool, bool, Vec<Name>), u32>,
}

impl TraitsCopies {
    pub(crate) fn clear(&mut self) {
        if !self.numbered.is_empty() {
            self.numbered.clear();
            self.seen.clear();
        }
    }
}

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    /// Reads one value as a [`Value`].
    #[inline(never)]
    pub(crate) fn read_value(&mut self) -> Result<Value> {
        self.next_value()
    }

    /// [`read_value`](Self::read_value) inlined where a container stores
    /// its children: the `Value` is built in registers and written once,
    /// into the container's vector. (Returned from an out-of-line call, it
    /// came back through a stack slot written in parts and read whole: a
    /// store-forwarding stall per member.) The containers themselves are
    /// read out of line and come back as one `Arc` pointer.
    #[inline(always)]
    fn next_value(&mut self) -> Result<Value> {
        if self.depth == 0 && self.replaying == 0 {
            self.reset();
        }
        let pos = self.read.pos();
        self.count_work(pos)?;
        let marker = self.read.next()?;
        Ok(match marker {
            m::UNDEFINED => Value::Undefined,
            m::NULL => Value::Null,
            m::FALSE => Value::Bool(false),
            m::TRUE => Value::Bool(true),
            m::INTEGER => Value::Integer(sign_extend(self.read_u29()?)),
            m::DOUBLE => Value::Double(self.read_f64()?),
            m::STRING => Value::String(self.read_str()?.to_owned()),
            m::XML_DOC..=m::DICTIONARY => {
                let u29 = self.read_u29()?;
                if u29 & 1 == 0 {
                    return self.value_reference(pos, u29 >> 1);
                }
                let slot = if self.replaying == 0 {
                    Some(self.objects.push(pos))
                } else {
                    None
                };
                let v = match marker {
                    m::ARRAY => Value::Array(self.array_node(u29 >> 1, pos, slot)?),
                    m::OBJECT => {
                        let obj = self.object_head(u29, pos + 1)?;
                        if obj.external {
                            self.external_node(&obj, pos, slot)?
                        } else {
                            Value::Object(self.object_node(&obj, pos, slot)?)
                        }
                    }
                    _ => self.value_inline(marker, u29, pos, slot)?,
                };
                if let Some(slot) = slot {
                    self.objects.mark_done(slot);
                    if let Some(w) = WeakValue::leaf(&v) {
                        self.objects.set_native(slot, w);
                    }
                }
                v
            }
            marker => {
                return Err(Error::at(
                    ErrorCode::InvalidMarker {
                        version: Version::Amf3,
                        marker,
                    },
                    pos,
                ))
            }
        })
    }

    /// A reference: the shared node, a cycle, or a replay of an object that
    /// was decoded into a typed value.
    fn value_reference(&mut self, pos: usize, index: u32) -> Result<Value> {
        let len = self.objects.len();
        let Some((target, done)) = self.objects.get(index as usize) else {
            return Err(Error::at(
                ErrorCode::ObjectRefOutOfRange { index, len },
                pos,
            ));
        };
        match self.objects.shared(index as usize, done) {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {
                if let Some(v) = self.pair_reference(index as usize, target) {
                    return Ok(v);
                }
            }
            // An object being skipped has no node to point at; what is read
            // here is dropped, so a placeholder will do.
            Err(()) if self.skipping > 0 => return Ok(Value::Null),
            Err(()) => return Err(Error::at(ErrorCode::CyclicReference { index }, pos)),
        }
        self.enter(pos)?;
        let restore = self.read.pos();
        self.read.seek(target);
        self.replaying += 1;
        let v = self.read_value()?;
        self.replaying -= 1;
        self.read.seek(restore);
        self.leave();
        if let Some(w) = WeakValue::of(&v) {
            self.objects.set_native(index as usize, w);
        }
        Ok(v)
    }

    /// A reference to entry `index`, at `target`, if it has no weak handle
    /// but a place (see [`ObjTable::pair_place`](super::de::ObjTable::pair_place)):
    /// a pair read by [`pairs`](Self::pairs), an empty array read by
    /// [`member`](Self::member), an object read by
    /// [`flat_object`](Self::flat_object). The node is the one its parent
    /// holds (the parent found through its weak handle, or through its own
    /// place). While that parent is still being read, its elements are out
    /// of reach: the node is made again from its bytes (read already: no
    /// work or depth is charged, as for a node shared through a weak
    /// handle) and the parent takes it in place of the first one when it
    /// is complete (`ObjTable::fix_up`), so that both places share one
    /// node. Either way the entry then has a weak handle on that node.
    /// `None` (replay the bytes) if the parent's node is gone, as for a
    /// node whose weak handle is dead.
    #[cold]
    fn pair_reference(&mut self, index: usize, target: usize) -> Option<Value> {
        let (parent, k) = self.objects.pair_place(index)?;
        let v = match self.objects.get(parent)? {
            (parent_at, true) => {
                let node = match self.objects.native(parent) {
                    Some(w) => w.upgrade()?,
                    // (A place is only ever given under a parent read
                    // earlier, with a smaller entry: this ends.)
                    None => self.pair_reference(parent, parent_at)?,
                };
                match &node {
                    Value::Array(a) => a.get(k).cloned()?,
                    Value::Object(o) => o.values().nth(k).cloned()?,
                    _ => return None,
                }
            }
            (_, false) => {
                let v = self.rebuild(target)?;
                self.objects.fixups.push((parent, k, v.clone()));
                v
            }
        };
        if let Some(w) = WeakValue::of(&v) {
            self.objects.set_native(index, w);
        }
        Some(v)
    }

    /// The node read at `target` (a pair, an empty array or a flat object
    /// that has a place), made again from its bytes with no work, depth or
    /// table entries charged (they were read once already, within the
    /// limits).
    #[cold]
    fn rebuild(&mut self, target: usize) -> Option<Value> {
        let restore = self.read.pos();
        self.read.seek(target);
        let node = match self.read.buffered() {
            [m::ARRAY, 0x01, 0x01, ..] => Some(Value::Array(Arc::new(Array::new()))),
            [m::OBJECT, ..] => {
                let (work, depth) = (self.work, self.depth);
                (self.work, self.depth) = (0, 0);
                self.replaying += 1;
                let v = self.read_value();
                self.replaying -= 1;
                (self.work, self.depth) = (work, depth);
                v.ok()
            }
            bytes => bytes
                .get(..PAIR)
                .and_then(pair_bytes)
                .map(|(a, b)| Value::Array(pair_node(a, b))),
        };
        self.read.seek(restore);
        node
    }

    /// A run of coordinate pairs, `[double, double]` with no associative
    /// part (21 bytes each: `09 05 01 05 <8 bytes> 05 <8 bytes>`), as many
    /// as `n`, the buffered bytes and the work budget allow, pushed to
    /// `dense` as elements `dense.len()…` of the array that is
    /// object-table entry `parent` (`None` while replaying: no entries
    /// then). Returns how many; 0 if the depth or length limits would stop
    /// a pair (the general path then reads it, and fails where it would
    /// have).
    ///
    /// Values, work (three units a pair) and object-table entries are
    /// those of the general path; what it saves is each pair's weak handle
    /// in the object table (a pair cannot contain a reference to itself):
    /// a reference to a pair finds the node through its array
    /// ([`ObjTable::pair_place`](super::de::ObjTable::pair_place)). As in
    /// [`doubles`](Self::doubles), the run is counted first and appended
    /// from an exact-length iterator, so that each element is written
    /// into the vector as built (a `push` of a value built in another
    /// branch went through a stack slot written in parts and read whole: a
    /// store-forwarding stall per pair).
    #[inline(never)]
    fn pairs(&mut self, dense: &mut Vec<Value>, parent: Option<usize>, n: usize) -> usize {
        if ahead_mode() != ahead_switch::ALL
            || self.depth >= self.opts.max_depth
            || self.opts.max_items < 2
        {
            return 0;
        }
        let budget = self.work_limit.saturating_sub(self.work) / 3;
        let n = n.min(usize::try_from(budget).unwrap_or(usize::MAX));
        let run = self.read.buffered();
        let k = run
            .chunks_exact(PAIR)
            .take(n)
            .take_while(|item| pair_bytes(item).is_some())
            .count();
        if k == 0 {
            return 0;
        }
        let pos = self.read.pos();
        if let Some(parent) = parent {
            self.objects.push_pairs(pos, PAIR, k, parent, dense.len());
        }
        dense.extend(run[..PAIR * k].chunks_exact(PAIR).map(|item| {
            // (Every one of the `k` matched above.)
            let (a, b) = pair_bytes(item).unwrap_or_default();
            Value::Array(pair_node(a, b))
        }));
        self.work += 3 * k as u64;
        self.read.advance(PAIR * k);
        k
    }

    /// One element of a short array: a double straight from the buffered
    /// bytes when there are enough, anything else through [`read_value`].
    ///
    /// [`read_value`]: Self::read_value
    #[inline]
    fn element(&mut self) -> Result<Value> {
        if let [m::DOUBLE, b0, b1, b2, b3, b4, b5, b6, b7, ..] = *self.read.buffered() {
            let pos = self.read.pos();
            self.count_work(pos)?;
            self.read.seek(pos + 9);
            return Ok(Value::Double(f64::from_be_bytes([
                b0, b1, b2, b3, b4, b5, b6, b7,
            ])));
        }
        self.next_value()
    }

    /// A run of doubles from the buffered bytes, as many as `n`, the work
    /// budget and the buffer allow, pushed straight to `dense`; anything
    /// else (or a double split across the reader's buffer) is left for
    /// [`read_value`]. Returns how many were pushed.
    ///
    /// The run is counted first and then appended from an exact-length
    /// iterator, so that each `Value::Double` is written into the vector as
    /// built. A `push` per element kept it in a stack temporary across the
    /// possible reallocation (a store-forwarding stall per element).
    ///
    /// [`read_value`]: Self::read_value
    #[inline(never)]
    fn doubles(&mut self, dense: &mut Vec<Value>, n: usize) -> usize {
        if ahead_mode() == ahead_switch::NONE {
            return 0;
        }
        let budget = self.work_limit.saturating_sub(self.work);
        let n = n.min(usize::try_from(budget).unwrap_or(usize::MAX));
        let run = self.read.buffered();
        let k = run
            .chunks_exact(9)
            .take(n)
            .take_while(|item| item[0] == m::DOUBLE)
            .count();
        dense.extend(run[..9 * k].chunks_exact(9).map(|item| {
            Value::Double(
                item[1..]
                    .first_chunk()
                    .map_or(0.0, |b| f64::from_be_bytes(*b)),
            )
        }));
        self.work += k as u64;
        self.read.seek(self.read.pos() + 9 * k);
        k
    }

    /// `key value` pairs up to the empty key: an array's associative part
    /// or an object's dynamic members.
    ///
    /// Inlined for the common case (none: the empty key, skipped without
    /// the string-table lookup), so that the empty vector is not returned
    /// through memory (a store-forwarding stall per array).
    #[inline(always)]
    fn named_members(&mut self) -> Result<Vec<(Name, Value)>> {
        if let [0x01, ..] = self.read.buffered() {
            self.read.seek(self.read.pos() + 1);
            return Ok(Vec::new());
        }
        self.named_members_slow()
    }

    #[inline(never)]
    fn named_members_slow(&mut self) -> Result<Vec<(Name, Value)>> {
        let mut members = Vec::new();
        loop {
            let key = self.read_str()?;
            if key.is_empty() {
                return Ok(members);
            }
            let key = Name::new(&key);
            members.push((key, self.next_value()?));
        }
    }

    /// The `n` sealed members of an object with traits entry `t` (whose
    /// names [`class_name`](Self::class_name) has made).
    ///
    /// One or two members are kept inline in the [`Members`] (the object
    /// node is then the object's only allocation: citm's
    /// `{areaId, blockIds}`). For more, the names are copied into the
    /// vector first, in one exact-length pass, each with a `Null` value;
    /// then each value is read and written into its slot. (Pushing
    /// `(name, value)` pairs built the pair in a stack temporary in 8-byte
    /// stores and copied it into the vector in 16-byte loads: two or three
    /// store-forwarding stalls per member, a quarter of the object reader's
    /// time on citm.)
    #[inline(always)]
    fn sealed_members(&mut self, t: usize, n: usize, slot: Option<usize>) -> Result<Members> {
        let names = self.traits[t].names.get(1..).unwrap_or_default();
        match (n, names) {
            (1, [a, ..]) => {
                let a = a.clone();
                let va = self.member(slot, 0)?;
                return Ok(Members::from_dense(Dense::one((a, va))));
            }
            (2, [a, b, ..]) => {
                let (a, b) = (a.clone(), b.clone());
                let va = self.member(slot, 0)?;
                let vb = self.member(slot, 1)?;
                return Ok(Members::from_dense(Dense::two((a, va), (b, vb))));
            }
            _ => {}
        }
        let mut sealed = Vec::with_capacity(n);
        sealed.extend(names.iter().take(n).map(|k| (k.clone(), Value::Null)));
        // (`names` has one name per sealed member: this adds nothing.)
        sealed.resize_with(n, Default::default);
        for (k, member) in sealed.iter_mut().enumerate() {
            member.1 = self.member(slot, k)?;
        }
        Ok(sealed.into())
    }

    /// Sealed member `k` of the object that is object-table entry `parent`
    /// (`None` while replaying). An empty array (`09 01 01`, citm's
    /// `blockIds: []`) is read here as the general path reads it (the same
    /// work, depth check and entry) but made with no weak handle: it cannot
    /// contain a reference to itself, and a reference to it finds it among
    /// the object's members, as for a coordinate pair
    /// ([`pair_reference`](Self::pair_reference)).
    #[inline(always)]
    fn member(&mut self, parent: Option<usize>, k: usize) -> Result<Value> {
        if let [m::ARRAY, 0x01, 0x01, ..] = self.read.buffered() {
            if ahead_mode() == ahead_switch::ALL && self.depth < self.opts.max_depth {
                return self.empty_array(parent, k);
            }
        }
        self.next_value()
    }

    /// The empty array at the read position (see [`member`](Self::member)).
    #[inline(never)]
    fn empty_array(&mut self, parent: Option<usize>, k: usize) -> Result<Value> {
        let pos = self.read.pos();
        self.count_work(pos)?;
        if let Some(parent) = parent {
            self.objects.push_pairs(pos, 3, 1, parent, k);
        }
        self.read.advance(3);
        Ok(Value::Array(Arc::new(Array::new())))
    }

    /// The class name of traits entry `t`, making the entry's [`Name`]s
    /// on first use (inlined: a clone once they are made).
    #[inline]
    fn class_name(&mut self, t: usize) -> Name {
        match self.traits.get(t).and_then(|e| e.names.first()) {
            Some(class) => class.clone(),
            None => self.make_names(t),
        }
    }

    /// The class name of traits entry `t`, making the entry's [`Name`]s.
    #[cold]
    #[inline(never)]
    fn make_names(&mut self, t: usize) -> Name {
        let traits = &mut self.traits[t];
        if traits.names.is_empty() {
            let mut names = Vec::with_capacity(traits.sealed.len() + 1);
            names.push(Name::new(traits.class.as_str()));
            names.extend(traits.sealed.iter().map(|n| Name::new(n.as_str())));
            traits.names = names;
        }
        traits.names[0].clone()
    }

    /// Which copy of its traits entry `t` is (see [`TraitsCopies`]);
    /// inlined when the entry is numbered already.
    #[inline]
    fn traits_copy(&mut self, t: usize) -> u32 {
        match self.traits_copies.numbered.get(t) {
            Some(&copy) => copy,
            None => self.number_traits(t),
        }
    }

    /// Numbers the traits entries up to `t` (see [`TraitsCopies`]).
    #[cold]
    #[inline(never)]
    fn number_traits(&mut self, t: usize) -> u32 {
        while self.traits_copies.numbered.len() <= t {
            let i = self.traits_copies.numbered.len();
            self.class_name(i);
            let e = &self.traits[i];
            let n = self
                .traits_copies
                .seen
                .entry((e.dynamic, e.external, e.names.clone()))
                .or_insert(0);
            let copy = *n;
            *n = n.saturating_add(1);
            self.traits_copies.numbered.push(copy);
        }
        self.traits_copies.numbered[t]
    }

    fn set_pending(&mut self, slot: Option<usize>, weak: WeakNode) {
        if let Some(slot) = slot {
            self.objects.set_native(slot, WeakValue::Node(weak));
        }
    }

    // Like `cyclic` in amf0/de/value.rs but on AMF3's object table (`set_pending`) and depth; the
    // shared part, the cycle-safe construction, is `de_common::new_cyclic`.
    /// Reads a container inside `Arc::new_cyclic`, so that references to it
    /// from its own children become weak [`Value::Cycle`]s.
    fn cyclic<T: Default>(
        &mut self,
        pos: usize,
        slot: Option<usize>,
        weak: fn(std::sync::Weak<T>) -> WeakNode,
        read: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<Arc<T>> {
        self.enter(pos)?;
        let node = crate::de_common::new_cyclic(|w| {
            self.set_pending(slot, weak(w.clone()));
            read(self)
        })?;
        self.leave();
        Ok(node)
    }

    fn text(&mut self, u29: u32) -> Result<String> {
        let len = (u29 >> 1) as usize;
        let start = self.read.pos();
        self.check_bytes(len)?;
        let bytes = self.read.read_bytes(len)?;
        match std::str::from_utf8(&bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => Err(Error::at(ErrorCode::InvalidUtf8, start)),
        }
    }

    /// An array (`09`, inline, dense length `len`) whose object-table
    /// entry is `slot`.
    #[inline(never)]
    fn array_node(&mut self, len: u32, pos: usize, slot: Option<usize>) -> Result<Arc<Array>> {
        self.cyclic(pos, slot, WeakNode::Array, |de| {
            let assoc = de.named_members()?;
            de.check_len(len, 1)?;
            let dense = match len {
                // Short arrays inline in the node (coordinate pairs).
                0 => Dense::new(),
                1 => Dense::one(de.element()?),
                2 => {
                    let a = de.element()?;
                    Dense::two(a, de.element()?)
                }
                _ => {
                    let mut dense = Vec::with_capacity(de.size_hint(len).unwrap_or(0));
                    let len = len as usize;
                    while dense.len() < len {
                        match de.read.buffered().first() {
                            Some(&m::DOUBLE) => {
                                let left = len - dense.len();
                                if de.doubles(&mut dense, left) == 0 {
                                    dense.push(de.next_value()?);
                                }
                            }
                            Some(&m::ARRAY) => {
                                let left = len - dense.len();
                                if de.pairs(&mut dense, slot, left) == 0 {
                                    dense.push(de.next_value()?);
                                }
                            }
                            Some(&m::OBJECT) => {
                                let k = dense.len();
                                dense.push(de.element_object(slot, k)?);
                            }
                            _ => dense.push(de.next_value()?),
                        }
                    }
                    if !de.objects.fixups.is_empty() {
                        if let Some(slot) = slot {
                            de.objects.fix_up(slot, &mut dense);
                        }
                    }
                    Dense::from(dense)
                }
            };
            Ok(Array::from_dense(dense, assoc.into()))
        })
    }

    /// Element `k`, an object (`0a`), of the array that is object-table
    /// entry `parent` (`None` while replaying: the general path then). As
    /// [`next_value`](Self::next_value) reads it (the same work, entries and
    /// errors), except that a flat object (sealed members only, each a
    /// scalar or an empty array: citm's `{areaId, blockIds: []}` and
    /// `{amount, audienceSubCategoryId, seatCategoryId}`) is read by
    /// [`flat_object`](Self::flat_object).
    #[inline(never)]
    fn element_object(&mut self, parent: Option<usize>, k: usize) -> Result<Value> {
        let Some(parent) = parent.filter(|_| ahead_mode() == ahead_switch::ALL) else {
            return self.next_value();
        };
        let pos = self.read.pos();
        self.count_work(pos)?;
        self.read.next()?; // the marker, `0a`
        let u29 = self.read_u29()?;
        if u29 & 1 == 0 {
            return self.value_reference(pos, u29 >> 1);
        }
        let slot = self.objects.push(pos);
        let obj = self.object_head(u29, pos + 1)?;
        let v = if obj.external {
            self.external_node(&obj, pos, Some(slot))?
        } else if !obj.dynamic && flat(self.read.buffered(), obj.sealed as usize) {
            Value::Object(self.flat_object(&obj, pos, slot, parent, k)?)
        } else {
            Value::Object(self.object_node(&obj, pos, Some(slot))?)
        };
        self.objects.mark_done(slot);
        Ok(v)
    }

    /// A flat object (see [`element_object`](Self::element_object)),
    /// element `k` of the array that is entry `parent`, itself entry
    /// `slot`: made with `Arc::new` and no weak handle. Nothing inside it
    /// can refer to it (its members are scalars and empty arrays), and a
    /// reference after it finds it in its array, as for a coordinate pair
    /// ([`pair_reference`](Self::pair_reference)).
    #[inline(never)]
    fn flat_object(
        &mut self,
        obj: &ObjectHead,
        pos: usize,
        slot: usize,
        parent: usize,
        k: usize,
    ) -> Result<Arc<Object>> {
        self.enter(pos)?;
        let t = obj.traits;
        let class = self.class_name(t);
        let traits_copy = self.traits_copy(t);
        self.objects.place(slot, parent, k);
        let mut sealed = self.sealed_members(t, obj.sealed as usize, Some(slot))?;
        if !self.objects.fixups.is_empty() {
            self.objects.fix_up_members(slot, &mut sealed, None);
        }
        self.leave();
        Ok(Arc::new(Object {
            class,
            sealed,
            dynamic: None,
            traits_copy,
        }))
    }

    /// An object that is not externalizable, header `obj`, whose
    /// object-table entry is `slot`.
    #[inline(never)]
    fn object_node(
        &mut self,
        obj: &ObjectHead,
        pos: usize,
        slot: Option<usize>,
    ) -> Result<Arc<Object>> {
        // As `cyclic`, but with the class name and traits copy taken before
        // the node is made, and only the members read inside: the `Object`
        // is then written into the node from one source. (Built inside the
        // fallible read, the class name was merged with the empty
        // `Object::default()` an error leaves in the node and went through
        // the stack in overlapping pieces: a store-forwarding stall per
        // object.)
        self.enter(pos)?;
        let t = obj.traits;
        let class = self.class_name(t);
        let traits_copy = self.traits_copy(t);
        let mut err = None;
        let node = Arc::new_cyclic(|w| {
            self.set_pending(slot, WeakNode::Object(w.clone()));
            let (mut sealed, mut dynamic) = match self.object_members(t, obj, slot) {
                Ok(members) => members,
                Err(e) => {
                    err = Some(e);
                    (Members::new(), None)
                }
            };
            if !self.objects.fixups.is_empty() {
                if let Some(slot) = slot {
                    self.objects
                        .fix_up_members(slot, &mut sealed, dynamic.as_mut());
                }
            }
            Object {
                class,
                sealed,
                dynamic: dynamic.map(Into::into),
                traits_copy,
            }
        });
        if let Some(e) = err {
            return Err(e);
        }
        self.leave();
        Ok(node)
    }

    /// The sealed and dynamic members of object `obj` (traits entry `t`).
    #[allow(clippy::type_complexity)]
    #[inline(always)]
    fn object_members(
        &mut self,
        t: usize,
        obj: &ObjectHead,
        slot: Option<usize>,
    ) -> Result<(Members, Option<Vec<(Name, Value)>>)> {
        let sealed = self.sealed_members(t, obj.sealed as usize, slot)?;
        let dynamic = if obj.dynamic {
            Some(self.named_members()?)
        } else {
            None
        };
        Ok((sealed, dynamic))
    }

    /// An externalizable object, header `obj`, whose object-table entry is
    /// `slot`.
    #[inline(never)]
    fn external_node(
        &mut self,
        obj: &ObjectHead,
        pos: usize,
        slot: Option<usize>,
    ) -> Result<Value> {
        let class = Name::new(self.traits[obj.traits].class.as_str());
        let dynamic = self.traits[obj.traits].dynamic;
        Ok(Value::External(self.cyclic(
            pos,
            slot,
            WeakNode::External,
            |de| {
                let body = de.external_items(&class).map_err(|e| e.fix_offset(pos))?;
                Ok(External {
                    class,
                    body,
                    dynamic,
                })
            },
        )?))
    }

    /// The complex values other than arrays and objects (read by
    /// [`next_value`](Self::next_value) itself).
    fn value_inline(
        &mut self,
        marker: u8,
        u29: u32,
        pos: usize,
        slot: Option<usize>,
    ) -> Result<Value> {
        let len = u29 >> 1;
        Ok(match marker {
            m::XML_DOC => Value::XmlDocument(Arc::new(XmlDocument(self.text(u29)?))),
            m::XML => Value::Xml(Arc::new(Xml(self.text(u29)?))),
            m::DATE => Value::Date(Arc::new(Date::from_millis(self.read_f64()?))),
            m::BYTE_ARRAY => {
                self.check_bytes(len as usize)?;
                let bytes = self.read.read_bytes(len as usize)?.to_vec();
                Value::ByteArray(Arc::new(ByteArray(bytes)))
            }
            m::VECTOR_INT => {
                let fixed = self.read.next()? != 0;
                self.check_len(len, 4)?;
                let mut items = Vec::with_capacity(self.size_hint(len).unwrap_or(0));
                for _ in 0..len {
                    items.push(i32::from_be_bytes(self.read.read_array()?));
                }
                Value::VectorInt(Arc::new(Vector { fixed, items }))
            }
            m::VECTOR_UINT => {
                let fixed = self.read.next()? != 0;
                self.check_len(len, 4)?;
                let mut items = Vec::with_capacity(self.size_hint(len).unwrap_or(0));
                for _ in 0..len {
                    items.push(u32::from_be_bytes(self.read.read_array()?));
                }
                Value::VectorUint(Arc::new(Vector { fixed, items }))
            }
            m::VECTOR_DOUBLE => {
                let fixed = self.read.next()? != 0;
                self.check_len(len, 8)?;
                let mut items = Vec::with_capacity(self.size_hint(len).unwrap_or(0));
                for _ in 0..len {
                    items.push(f64::from_be_bytes(self.read.read_array()?));
                }
                Value::VectorDouble(Arc::new(Vector { fixed, items }))
            }
            m::VECTOR_OBJECT => {
                let fixed = self.read.next()? != 0;
                let type_name = Name::new(&self.read_str()?);
                Value::VectorObject(self.cyclic(pos, slot, WeakNode::VectorObject, |de| {
                    de.check_len(len, 1)?;
                    let mut items = Vec::with_capacity(de.size_hint(len).unwrap_or(0));
                    for _ in 0..len {
                        items.push(de.read_value()?);
                    }
                    Ok(ObjectVector {
                        fixed,
                        type_name,
                        items,
                    })
                })?)
            }
            _ => {
                // m::DICTIONARY (arrays and objects never come here)
                let weak_keys = self.read.next()? != 0;
                Value::Dictionary(self.cyclic(pos, slot, WeakNode::Dictionary, |de| {
                    de.check_len(len, 2)?;
                    let mut entries = Vec::with_capacity(de.size_hint(len).unwrap_or(0));
                    for _ in 0..len {
                        let k = de.read_value()?;
                        entries.push((k, de.read_value()?));
                    }
                    Ok(Dictionary { weak_keys, entries })
                })?)
            }
        })
    }

    /// Reads the body of an externalizable object of class `class` with its
    /// registered reader.
    pub(super) fn external_items(&mut self, class: &str) -> Result<Vec<DataItem>> {
        match self.opts.external(class, &self.hints) {
            Some(ExternalCodec::OneValue) => Ok(vec![DataItem::Value(self.read_value()?)]),
            Some(ExternalCodec::Reader(reader)) => {
                let pos = self.read.pos();
                self.budgeted(pos, |de| {
                    let mut input = Input {
                        de,
                        items: Vec::new(),
                    };
                    reader(&mut input)?;
                    Ok(input.items)
                })
            }
            None => Err(Error::code(ErrorCode::UnknownExternalizable {
                alias: class.into(),
            })),
        }
    }
}

/// The length of a coordinate pair's bytes (see `Deserializer::pairs`).
const PAIR: usize = 21;

/// The two doubles' bytes of a coordinate pair, if `item` (21 bytes) is
/// one: `09 05 01 05 <8 bytes> 05 <8 bytes>`.
#[inline(always)]
fn pair_bytes(item: &[u8]) -> Option<([u8; 8], [u8; 8])> {
    match *item {
        [m::ARRAY, 0x05, 0x01, m::DOUBLE, a0, a1, a2, a3, a4, a5, a6, a7, m::DOUBLE, b0, b1, b2, b3, b4, b5, b6, b7] => {
            Some((
                [a0, a1, a2, a3, a4, a5, a6, a7],
                [b0, b1, b2, b3, b4, b5, b6, b7],
            ))
        }
        _ => None,
    }
}

/// The node of a `[double, double]` array, from the doubles' bytes.
#[inline(always)]
fn pair_node(a: [u8; 8], b: [u8; 8]) -> Arc<Array> {
    Arc::new(Array::pair(
        Value::Double(f64::from_be_bytes(a)),
        Value::Double(f64::from_be_bytes(b)),
    ))
}

/// Whether `bytes` start with `n` values that are each a scalar
/// (undefined, null, a boolean, an integer, a double, a string) or an
/// empty array (`09 01 01`), all within `bytes`: the members of a flat
/// object (see `Deserializer::element_object`). Only a forecast: the
/// members are then read by the usual readers, which check everything.
#[inline]
fn flat(bytes: &[u8], n: usize) -> bool {
    let mut i = 0;
    for _ in 0..n {
        let Some(&marker) = bytes.get(i) else {
            return false;
        };
        i += 1;
        match marker {
            m::UNDEFINED | m::NULL | m::FALSE | m::TRUE => {}
            m::INTEGER => match u29_at(bytes, i) {
                Some((_, len)) => i += len,
                None => return false,
            },
            m::DOUBLE => i += 8,
            m::STRING => match u29_at(bytes, i) {
                Some((u, len)) if u & 1 == 1 => i += len + (u >> 1) as usize,
                Some((_, len)) => i += len,
                None => return false,
            },
            m::ARRAY if bytes.get(i..i + 2) == Some(&[0x01, 0x01]) => i += 2,
            _ => return false,
        }
    }
    i <= bytes.len()
}

/// The U29 at `bytes[i..]` and its length in bytes, if all there.
#[inline]
fn u29_at(bytes: &[u8], i: usize) -> Option<(u32, usize)> {
    let mut u = 0u32;
    for j in 0..4 {
        let b = *bytes.get(i + j)?;
        if j == 3 {
            return Some((u << 8 | u32::from(b), 4));
        }
        u = u << 7 | u32::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((u, j + 1));
        }
    }
    None
}

/// [`DataInput`] over the AMF3 stream, recording every item read.
struct Input<'a, 'de, R> {
    de: &'a mut Deserializer<'de, R>,
    items: Vec<DataItem>,
}

impl<'de, R: Read<'de>> Input<'_, 'de, R> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        self.de.read.read_array::<N>()
    }

    fn raw(&mut self, len: usize) -> Result<Reference<'de, '_, [u8]>> {
        self.de.check_bytes(len)?;
        self.de.read.read_bytes(len)
    }

    fn utf8(&mut self, len: usize) -> Result<String> {
        let start = self.de.read.pos();
        let bytes = self.raw(len)?;
        match std::str::from_utf8(&bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => Err(Error::at(ErrorCode::InvalidUtf8, start)),
        }
    }
}

impl<'de, R: Read<'de>> DataInput for Input<'_, 'de, R> {
    fn read_bool(&mut self) -> Result<bool> {
        let v = self.de.read.next()? != 0;
        self.items.push(DataItem::Bool(v));
        Ok(v)
    }

    fn read_byte(&mut self) -> Result<i8> {
        let v = i8::from_be_bytes(self.array()?);
        self.items.push(DataItem::Byte(v));
        Ok(v)
    }

    fn read_unsigned_byte(&mut self) -> Result<u8> {
        let v = u8::from_be_bytes(self.array()?);
        self.items.push(DataItem::UnsignedByte(v));
        Ok(v)
    }

    fn read_short(&mut self) -> Result<i16> {
        let v = i16::from_be_bytes(self.array()?);
        self.items.push(DataItem::Short(v));
        Ok(v)
    }

    fn read_unsigned_short(&mut self) -> Result<u16> {
        let v = u16::from_be_bytes(self.array()?);
        self.items.push(DataItem::UnsignedShort(v));
        Ok(v)
    }

    fn read_int(&mut self) -> Result<i32> {
        let v = i32::from_be_bytes(self.array()?);
        self.items.push(DataItem::Int(v));
        Ok(v)
    }

    fn read_unsigned_int(&mut self) -> Result<u32> {
        let v = u32::from_be_bytes(self.array()?);
        self.items.push(DataItem::UnsignedInt(v));
        Ok(v)
    }

    fn read_float(&mut self) -> Result<f32> {
        let v = f32::from_be_bytes(self.array()?);
        self.items.push(DataItem::Float(v));
        Ok(v)
    }

    fn read_double(&mut self) -> Result<f64> {
        let v = f64::from_be_bytes(self.array()?);
        self.items.push(DataItem::Double(v));
        Ok(v)
    }

    fn read_utf(&mut self) -> Result<String> {
        let len = u16::from_be_bytes(self.array()?);
        let v = self.utf8(len.into())?;
        self.items.push(DataItem::Utf(v.clone()));
        Ok(v)
    }

    fn read_utf_bytes(&mut self, len: usize) -> Result<String> {
        let v = self.utf8(len)?;
        self.items.push(DataItem::UtfBytes(v.clone()));
        Ok(v)
    }

    fn read_bytes(&mut self, len: usize) -> Result<Vec<u8>> {
        let v = self.raw(len)?.to_vec();
        self.items.push(DataItem::Bytes(v.clone()));
        Ok(v)
    }

    fn read_object(&mut self) -> Result<Value> {
        let v = self.de.read_value()?;
        self.items.push(DataItem::Value(v.clone()));
        Ok(v)
    }
}
