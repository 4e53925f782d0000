//! The reference tables of one top-level value (strings, objects, traits),
//! the per-thread pool that recycles their memory, and reading object and
//! traits headers (and externalizable bodies) into them.

use serde::de::{self, Visitor};

use super::{Deserializer, Head, ObjectHead};
use crate::amf3::marker as m;
use crate::error::{Error, ErrorCode, Result};
use crate::external::ExternalCodec;
use crate::read::{Read, Reference};
use crate::types::{Members, Name};
use crate::value::{Cycle, Value, WeakValue};
/// A string held by the string table or the traits table: borrowed from the
/// input when decoding from a slice, owned otherwise.
pub(crate) enum Str<'de> {
    Borrowed(&'de str),
    Owned(Box<str>),
}

impl Str<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s,
        }
    }
}

impl<'de> Str<'de> {
    pub(super) fn into_owned(self) -> Str<'static> {
        match self {
            Str::Borrowed(s) => Str::Owned(s.into()),
            Str::Owned(s) => Str::Owned(s),
        }
    }

    pub(super) fn from_ref(r: &Reference<'de, '_, str>) -> Self {
        match *r {
            Reference::Borrowed(s) => Str::Borrowed(s),
            Reference::Copied(s) => Str::Owned(s.into()),
        }
    }

    pub(super) fn as_ref(&self) -> Reference<'de, '_, str> {
        match self {
            Str::Borrowed(s) => Reference::Borrowed(s),
            Str::Owned(s) => Reference::Copied(s),
        }
    }
}

/// An object reference table (AMF3 objects, AMF0 complex values): where
/// each inline value starts and whether it has been read completely (a
/// reference to an incomplete one is a cycle). One word per entry, so that
/// inputs with many small arrays (coordinate pairs) stay cheap; the nodes
/// built by the `Value` decoders live in a separate, sparse column.
#[derive(Default)]
pub(crate) struct ObjTable {
    /// `pos << 1 | done` per entry.
    pub(super) slots: Vec<usize>,
    /// A weak handle on the node built for entry `i` when decoding into
    /// [`Value`] (shorter than `slots` when the last entries have none).
    /// While the entry is not done, the handle is what references to it
    /// (cycles) point at; once done, a reference upgrades it to share the
    /// node. The table does not own the nodes: no reference count to move
    /// per node, and nothing to drop with the table.
    pub(super) natives: Vec<Option<WeakValue>>,
    /// Where the entries without a weak handle are: the coordinate pairs
    /// that the `Value` decoder reads in one step (`pairs` in
    /// amf3/value.rs) and the empty arrays it reads as members of an object
    /// (`member` there), as runs of consecutive entries that are
    /// consecutive elements (or members) of one array (or object). A
    /// reference to such an entry finds its node there (see
    /// [`pair_place`](Self::pair_place)).
    pub(crate) pairs: Vec<PairRun>,
    /// Nodes that must replace an element of an array (or a member of an
    /// object) still being read: `(parent entry, element index, node)`, for
    /// a pair or empty array referred to before its parent was complete
    /// (its node was made again from its bytes, and the parent takes that
    /// one so that both places share it).
    pub(crate) fixups: Vec<(usize, usize, Value)>,
}

/// Entries `first..first + count` of an [`ObjTable`] are elements
/// `k0..k0 + count` of the array (or members of the object, sealed first)
/// that is entry `parent`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PairRun {
    first: usize,
    count: usize,
    parent: usize,
    k0: usize,
}

impl ObjTable {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Enters an object that starts at `pos`; returns its index.
    #[inline]
    pub(crate) fn push(&mut self, pos: usize) -> usize {
        self.slots.push(pos << 1);
        self.slots.len() - 1
    }

    /// Enters an object that starts at `pos` as complete already (its
    /// body was read ahead and cannot refer to it).
    #[inline]
    pub(crate) fn push_done(&mut self, pos: usize) {
        self.slots.push(pos << 1 | 1);
    }

    #[inline]
    pub(crate) fn mark_done(&mut self, index: usize) {
        if let Some(s) = self.slots.get_mut(index) {
            *s |= 1;
        }
    }

    /// The start offset of entry `index` and whether it is complete.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<(usize, bool)> {
        self.slots.get(index).map(|&s| (s >> 1, s & 1 == 1))
    }

    /// Enters `count` pairs read in one step, `size` bytes each from
    /// `pos`, complete already, as elements `k…` of the array that is
    /// entry `parent`.
    #[inline]
    pub(crate) fn push_pairs(
        &mut self,
        pos: usize,
        size: usize,
        count: usize,
        parent: usize,
        k: usize,
    ) {
        let i = self.slots.len();
        self.slots
            .extend((0..count).map(|j| (pos + j * size) << 1 | 1));
        self.add_run(i, count, parent, k);
    }

    /// Gives entry `index`, just entered, the place `k` in the array that
    /// is entry `parent` (a flat object read without a weak handle).
    #[inline]
    pub(crate) fn place(&mut self, index: usize, parent: usize, k: usize) {
        self.add_run(index, 1, parent, k);
    }

    #[inline]
    fn add_run(&mut self, first: usize, count: usize, parent: usize, k: usize) {
        if let Some(r) = self.pairs.last_mut() {
            if r.parent == parent && r.first + r.count == first && r.k0 + r.count == k {
                r.count += count;
                return;
            }
        }
        self.pairs.push(PairRun {
            first,
            count,
            parent,
            k0: k,
        });
    }

    /// For an entry entered by [`push_pairs`](Self::push_pairs): its array's
    /// entry and its index in that array.
    pub(crate) fn pair_place(&self, index: usize) -> Option<(usize, usize)> {
        // Runs are in entry order (entries only grow within a value).
        let p = self.pairs.partition_point(|r| r.first <= index);
        let r = self.pairs.get(p.checked_sub(1)?)?;
        (index - r.first < r.count).then(|| (r.parent, r.k0 + (index - r.first)))
    }

    /// Puts the nodes waiting for the array that is entry `parent` (see
    /// `fixups`) into its elements.
    #[cold]
    pub(crate) fn fix_up(&mut self, parent: usize, dense: &mut [Value]) {
        self.fixups.retain_mut(|(p, k, v)| {
            if *p != parent {
                return true;
            }
            if let Some(e) = dense.get_mut(*k) {
                *e = std::mem::take(v);
            }
            false
        });
    }

    /// Puts the nodes waiting for the object that is entry `parent` (see
    /// `fixups`) into its members (`k` counts sealed members first).
    #[cold]
    pub(crate) fn fix_up_members(
        &mut self,
        parent: usize,
        sealed: &mut Members,
        dynamic: Option<&mut Vec<(Name, Value)>>,
    ) {
        let mut values: Vec<&mut Value> = sealed
            .values_mut()
            .chain(
                dynamic
                    .into_iter()
                    .flat_map(|d| d.iter_mut().map(|(_, v)| v)),
            )
            .collect();
        self.fixups.retain_mut(|(p, k, v)| {
            if *p != parent {
                return true;
            }
            if let Some(e) = values.get_mut(*k) {
                **e = std::mem::take(v);
            }
            false
        });
    }

    pub(crate) fn native(&self, index: usize) -> Option<&WeakValue> {
        self.natives.get(index).and_then(Option::as_ref)
    }

    #[inline]
    pub(crate) fn set_native(&mut self, index: usize, native: WeakValue) {
        if index >= self.slots.len() {
            return;
        }
        if index == self.natives.len() {
            self.natives.push(Some(native));
            return;
        }
        if index > self.natives.len() {
            self.natives.resize_with(index + 1, || None);
        }
        self.natives[index] = Some(native);
    }

    /// What a reference to entry `index` means for the `Value` decoders:
    /// the shared node, a cycle to a node being read, or (`Ok(None)`) a
    /// replay of the entry's bytes (no node, or it was dropped).
    pub(crate) fn shared(&self, index: usize, done: bool) -> Result<Option<Value>, ()> {
        match self.native(index) {
            Some(w) if done => Ok(w.upgrade()),
            Some(WeakValue::Node(n)) => Ok(Some(Value::Cycle(Cycle(n.clone())))),
            Some(_) => Ok(None),
            None if done => Ok(None),
            None => Err(()),
        }
    }

    pub(crate) fn clear(&mut self) {
        self.slots.clear();
        self.natives.clear();
        self.pairs.clear();
        self.fixups.clear();
    }

    /// Swaps with `other` if that one has room for more entries.
    pub(crate) fn keep_larger(&mut self, other: &mut ObjTable) {
        if other.slots.capacity() > self.slots.capacity() {
            std::mem::swap(self, other);
        }
    }
}

/// Spare decoder tables, one set per thread: a decoder takes them when it is
/// made and gives them back, emptied, when it is dropped, so that decoding
/// many documents in a row does not grow (and fault in) new tables each
/// time. Tables with more than [`pool::MAX_ENTRIES`] entries are freed
/// instead, which bounds what a thread keeps.
pub(super) mod pool {
    use super::{ObjTable, Str};
    use std::cell::Cell;

    /// The largest table (in entries) kept for the next decoder.
    pub(in crate::amf3::de) const MAX_ENTRIES: usize = 1 << 17;

    #[derive(Default)]
    pub(in crate::amf3::de) struct Spare {
        pub(in crate::amf3::de) strings: Vec<Str<'static>>,
        pub(in crate::amf3::de) objects: ObjTable,
    }

    // A thread-local pool, kept for speed only (no data is handed over):
    // `from_slice`/`from_reader` have nowhere else to keep tables between
    // calls. Why: records typed decode went 4.6 -> 3.2 ms when it was
    // introduced; issue 17 re-measured it against a build without the pool
    // (BENCHMARKS.md, "Issue 17: thread-local pools A/B").
    // What keeps it safe: the tables are cleared before they are stored
    // (the empty vector of strings borrowing the last input is retyped to
    // `'static`, so nothing of an earlier input survives); `take` hands them
    // to one decoder at a time, so a nested decoder (the AMF3 switch of an
    // AMF0 decoder, a decoder run inside a `Deserialize` impl) or a second
    // one on the thread gets empty tables; a panic drops the decoder's
    // tables normally; `try_with` makes it a no-op during thread teardown;
    // tables over `MAX_ENTRIES` are freed, which bounds what a thread keeps.
    thread_local! {
        static SPARE: Cell<Option<Spare>> = const { Cell::new(None) };
    }

    /// This thread's spare tables (empty ones if another decoder holds them).
    pub(in crate::amf3::de) fn take() -> Spare {
        SPARE
            .try_with(Cell::take)
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Empties `strings` and `objects` and keeps them for the next decoder.
    pub(in crate::amf3::de) fn give_back(strings: &mut Vec<Str<'_>>, objects: &mut ObjTable) {
        let mut strings = std::mem::take(strings);
        let mut objects = std::mem::take(objects);
        if strings.capacity() > MAX_ENTRIES
            || objects.slots.capacity() > MAX_ENTRIES
            || objects.natives.capacity() > MAX_ENTRIES
            || objects.pairs.capacity() > MAX_ENTRIES
        {
            return;
        }
        strings.clear();
        objects.clear();
        // The (empty) vector of borrowing strings becomes one of `'static`
        // strings in place (same layout: the allocation is reused).
        let strings: Vec<Str<'static>> = strings.into_iter().map(Str::into_owned).collect();
        let _ = SPARE.try_with(|c| c.set(Some(Spare { strings, objects })));
    }
}

/// An entry in the traits table.
pub(crate) struct Traits<'de> {
    /// Offset of the traits header (for finding the entry again on replay).
    pub(super) pos: usize,
    /// Offset just after the traits block.
    pub(super) end: usize,
    pub(crate) class: Str<'de>,
    pub(crate) sealed: Vec<Str<'de>>,
    /// The dynamic flag as written (also on externalizable traits, where
    /// it only matters for writing the bytes back).
    pub(crate) dynamic: bool,
    pub(crate) external: bool,
    /// Bytes of the class and member names (charged per traits reference).
    pub(super) names_len: usize,
    /// The class and sealed member names as [`Name`]s, made by the `Value`
    /// decoder the first time it reads an object with these traits, then
    /// copied into every such object (empty until then).
    pub(crate) names: Vec<Name>,
}

impl<'de, R: Read<'de>> Deserializer<'de, R> {
    // ------------------------------------------------------------ objects

    /// Reads the traits part of an object header (`u29` is the header).
    pub(crate) fn object_head(&mut self, u29: u32, at: usize) -> Result<ObjectHead> {
        let pos = self.read.pos();
        if u29 & 7 == 7 && u29 >> 4 != 0 {
            // Externalizable traits with a member count: only the dynamic
            // flag can be kept (`External::dynamic`), and no writer puts a
            // count there.
            return Err(Error::at(
                ErrorCode::Message(
                    format!(
                        "externalizable traits with a member count ({}); they have none",
                        u29 >> 4
                    )
                    .into_boxed_str(),
                ),
                at,
            ));
        }
        let index = if u29 & 3 == 1 {
            let index = u29 >> 2;
            if index as usize >= self.traits.len() {
                return Err(Error::at(
                    ErrorCode::TraitsRefOutOfRange {
                        index,
                        len: self.traits.len(),
                    },
                    at,
                ));
            }
            let names = self.traits[index as usize].names_len;
            self.charge_bytes(names, at)?;
            index as usize
        } else if self.replaying > 0 {
            // The inline traits were entered into the table on first read.
            match self.traits.binary_search_by_key(&pos, |t| t.pos) {
                Ok(i) => {
                    let end = self.traits[i].end;
                    self.read.seek(end);
                    i
                }
                Err(_) => self.read_traits(u29, pos)?,
            }
        } else {
            self.read_traits(u29, pos)?
        };
        let t = &self.traits[index];
        Ok(ObjectHead {
            traits: index,
            sealed: t.sealed.len() as u32,
            dynamic: t.dynamic && !t.external,
            external: t.external,
        })
    }

    pub(super) fn read_traits(&mut self, u29: u32, pos: usize) -> Result<usize> {
        let external = u29 & 4 != 0;
        let dynamic = u29 & 8 != 0;
        // (Externalizable traits have no count: see `object_head`.)
        let count = u29 >> 4;
        let class = Str::from_ref(&self.read_str()?);
        self.check_len(count, 1)?;
        let mut sealed = Vec::with_capacity((count as usize).min(64));
        for _ in 0..count {
            sealed.push(Str::from_ref(&self.read_str()?));
        }
        let names_len =
            class.as_str().len() + sealed.iter().map(|n| n.as_str().len()).sum::<usize>();
        self.traits.push(Traits {
            pos,
            end: self.read.pos(),
            class,
            sealed,
            dynamic,
            external,
            names_len,
            names: Vec::new(),
        });
        Ok(self.traits.len() - 1)
    }

    /// If `obj` is an externalizable class that wraps one value, returns
    /// `true` (the body follows); otherwise an error naming the class.
    /// Reads the body of an externalizable object for a typed target: a
    /// one-value body (Flex `ArrayCollection`…) is the value itself; a body
    /// read by a registered reader is visited as the sequence of its items.
    pub(super) fn external_body<V: Visitor<'de>>(
        &mut self,
        head: &Head,
        obj: &ObjectHead,
        visitor: V,
        f: impl FnOnce(&mut Self, V) -> Result<V::Value>,
    ) -> Result<V::Value> {
        self.enter(head.pos)?;
        let class = self.traits[obj.traits].class.as_str();
        let collection = matches!(
            class,
            "flex.messaging.io.ArrayCollection" | "flex.messaging.io.ArrayList"
        );
        let codec = self.opts.external(class, &[]);
        let object_body = collection && self.read.peek()? == Some(m::OBJECT);
        let class = self.traits[obj.traits].class.as_str();
        let v = match codec {
            Some(ExternalCodec::OneValue) if object_body => {
                // An older peer's ArrayCollection: an object whose `source`
                // member is the array (the older form PyAMF accepts).
                let class = class.to_owned();
                let body = self.read_value()?;
                let source = crate::value::collection_source(&class, &body).clone();
                drop(body);
                let skipping = self.skipping > 0;
                self.budgeted(head.pos, |_| {
                    // A skipped body may refer to itself (a `Value::Cycle`):
                    // skipping it needs no tree, as `deserialize_ignored_any`
                    // promises.
                    if skipping {
                        de::Deserializer::deserialize_ignored_any(source, visitor)
                    } else {
                        de::Deserializer::deserialize_any(source, visitor)
                    }
                })?
            }
            Some(ExternalCodec::OneValue) => f(self, visitor)?,
            Some(ExternalCodec::Reader(_)) => {
                let class = class.to_owned();
                let items = self.external_items(&class)?;
                let items: Vec<Value> = items.into_iter().map(Value::from).collect();
                let skipping = self.skipping > 0;
                self.budgeted(head.pos, |_| {
                    if skipping {
                        de::Deserializer::deserialize_ignored_any(Value::from(items), visitor)
                    } else {
                        de::Deserializer::deserialize_any(Value::from(items), visitor)
                    }
                })?
            }
            None => {
                return Err(Error::code(ErrorCode::UnknownExternalizable {
                    alias: class.into(),
                }))
            }
        };
        self.leave();
        Ok(v)
    }
}

#[cfg(test)]
mod pool_tests {
    use super::*;

    #[test]
    fn a_dropped_decoder_leaves_its_emptied_tables_to_the_next() {
        // ["a", "b", "c"] as three string literals in an array.
        let bytes = [9, 7, 1, 6, 3, b'a', 6, 3, b'b', 6, 3, b'c'];
        let mut de = Deserializer::from_slice(&bytes);
        let v: Vec<&str> = de::Deserialize::deserialize(&mut de).unwrap_or_default();
        assert_eq!(v, ["a", "b", "c"]);
        assert_eq!((de.strings.len(), de.objects.len()), (3, 1));
        let strings = de.strings.capacity();
        let slots = de.objects.slots.capacity();
        drop(de);
        let de = Deserializer::from_slice(&bytes);
        assert_eq!((de.strings.len(), de.objects.len()), (0, 0));
        assert_eq!(de.strings.capacity(), strings);
        assert_eq!(de.objects.slots.capacity(), slots);
        // A second decoder alive at the same time starts empty.
        let other = Deserializer::from_slice(&bytes);
        assert_eq!(other.strings.capacity(), 0);
        drop(other);
        drop(de);
    }

    #[test]
    fn tables_over_the_bound_are_freed() {
        let mut strings: Vec<Str<'_>> = Vec::with_capacity(pool::MAX_ENTRIES + 1);
        strings.push(Str::Borrowed("x"));
        let mut objects = ObjTable::default();
        objects.push(0);
        pool::give_back(&mut strings, &mut objects);
        assert_eq!(pool::take().strings.capacity(), 0);
        let mut strings: Vec<Str<'_>> = Vec::with_capacity(16);
        pool::give_back(&mut strings, &mut objects);
        assert_eq!(pool::take().strings.capacity(), 16);
    }
}
