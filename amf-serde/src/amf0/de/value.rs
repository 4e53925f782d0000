//! Reading AMF0 into a [`Value`]: shared objects and arrays stay shared,
//! references to a value from inside itself become [`Value::Cycle`]s, and
//! values behind the `0x11` switch are read by the AMF3 decoder.

use std::sync::Arc;

use super::{m, Deserializer, Head};
use crate::error::Result;
use crate::read::Read;
use crate::types::{Array, Date, Dense, EcmaArray, Members, Name, Object, XmlDocument};
use crate::value::{Value, WeakNode, WeakValue};

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
                v @ (crate::amf0::amf3_only!()) => v,
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
            Err(()) => return Err(Self::cyclic_reference(index, pos)),
        }
        let restore = self.replay_from(pos, target)?;
        let v = self.read_value()?;
        self.replay_end(restore);
        if let Some(w) = WeakValue::of(&v) {
            self.refs.set_native(index, w);
        }
        Ok(v)
    }

    /// Reads a property list into `(key, value)` pairs.
    ///
    /// AMF0 does not say how many members follow, so they gather on the
    /// decoder's `members` stack (nested containers above them) and move
    /// into a `Vec` at the end: one allocation, after the members' own,
    /// instead of a `Vec` doubling as it goes (copies, and freed blocks
    /// that scatter the next allocations). Its capacity is the power of two
    /// (at least 4) that a doubling `Vec` would have ended with, not the
    /// exact count: with exact sizes glibc merged the freed tree back into
    /// the top of the heap and returned it to the kernel after every large
    /// decode, so the next one faulted it in again (`records` AMF0 `Value`
    /// decode 1.8x slower, 13-20x the page faults; BENCHMARKS.md, issue 20). The tree then lies in memory about in
    /// the order it is written, which is what a write of a large value that
    /// is not in the caches waits on.
    fn properties(&mut self) -> Result<Vec<(Name, Value)>> {
        let start = self.members.len();
        match self.properties_onto_stack() {
            Ok(()) => {
                let n = self.members.len() - start;
                let mut v = Vec::with_capacity(n.next_power_of_two().max(4));
                v.extend(self.members.drain(start..));
                Ok(v)
            }
            Err(e) => {
                self.members.truncate(start);
                Err(e)
            }
        }
    }

    fn properties_onto_stack(&mut self) -> Result<()> {
        loop {
            let key = match self.next_key()? {
                None => return Ok(()),
                Some(k) => Name::new(&k),
            };
            let value = self.read_value()?;
            self.members.push((key, value));
        }
    }

    // Like `cyclic` in amf3/value.rs but on AMF0's reference table (`refs`, `07` references) and
    // its embedded decoder's depth; the shared part, the cycle-safe construction, is
    // `de_common::new_cyclic`.
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
        let node = crate::de_common::new_cyclic(|w| {
            if let Some(slot) = slot {
                self.refs.set_native(slot, WeakValue::Node(weak(w.clone())));
            }
            read(self)
        })?;
        self.inner.leave();
        Ok(node)
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
                        traits_copy: 0,
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
                        assoc: crate::types::assoc::Assoc::new(),
                    })
                })?)
            }
        })
    }

    /// The ECMA array at `head` as a `Value` (for sequence targets). Its
    /// slot is not given a native node: the array becomes a typed sequence,
    /// so a reference to it from inside is a cycle error, and one from later
    /// replays it.
    pub(super) fn ecma_value(&mut self, head: &Head) -> Result<Value> {
        self.complex_value(head, None)
    }
}

#[cfg(test)]
mod tests {
    use super::Deserializer;
    use crate::types::Name;
    use crate::Value;

    /// `{a: 1, o: {x: "s", y: true}, e: [ecma k: null], z: 2}`: every
    /// container's members come off the stack in order, into a `Vec` of
    /// the capacity a doubling `Vec` ends with, and the stack is empty
    /// afterwards.
    #[test]
    fn members_move_into_exact_vecs_in_order() {
        #[rustfmt::skip]
        let bytes = [
            0x03,
              0, 1, b'a', 0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
              0, 1, b'o', 0x03,
                0, 1, b'x', 0x02, 0, 1, b's',
                0, 1, b'y', 0x01, 0x01,
                0, 0, 0x09,
              0, 1, b'e', 0x08, 0, 0, 0, 0,
                0, 1, b'k', 0x05,
                0, 0, 0x09,
              0, 1, b'z', 0x00, 0x40, 0, 0, 0, 0, 0, 0, 0,
              0, 0, 0x09,
        ];
        let mut de = Deserializer::from_slice(&bytes);
        let v = de.read_value().unwrap();
        assert!(de.members.is_empty());
        assert_eq!(crate::amf0::to_vec(&v).unwrap(), bytes);
        // Owned (not cloned) vectors, so that their capacities are the
        // decoder's.
        let mut top = owned_members(v);
        assert_eq!(top.len(), 4);
        assert_eq!(top.capacity(), 4);
        let names: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["a", "o", "e", "z"]);
        assert_eq!(top[0].1, Value::Double(1.0));
        assert_eq!(top[3].1, Value::Double(2.0));
        let Value::EcmaArray(e) = &top[2].1 else {
            panic!("not an ECMA array: {:?}", top[2].1)
        };
        assert_eq!(e.entries.as_slice(), [(Name::from("k"), Value::Null)]);
        let (_, inner) = top.remove(1);
        let inner = owned_members(inner);
        // Two members: the capacity a doubling `Vec` starts with.
        assert_eq!(inner.capacity(), 4);
        assert_eq!(
            inner,
            [
                (Name::from("x"), Value::String("s".into())),
                (Name::from("y"), Value::Bool(true)),
            ]
        );
    }

    /// The dynamic members of the object `v`, owned (not cloned).
    fn owned_members(v: Value) -> Vec<(Name, Value)> {
        let Value::Object(o) = &v else {
            panic!("not an object: {v:?}")
        };
        let o = o.clone();
        drop(v);
        let mut o = std::sync::Arc::try_unwrap(o).unwrap();
        o.dynamic.take().unwrap().into_vec()
    }

    /// A member that fails to read leaves nothing of its container on the
    /// stack: `{a: 1, b: {c: <bad marker>}}`.
    #[test]
    fn a_failed_container_leaves_the_stack_empty() {
        #[rustfmt::skip]
        let bytes = [
            0x03,
              0, 1, b'a', 0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
              0, 1, b'b', 0x03,
                0, 1, b'c', 0x1f,
        ];
        let mut de = Deserializer::from_slice(&bytes);
        let e = de.read_value().unwrap_err();
        assert_eq!(e.offset(), Some(20), "{e}");
        assert!(de.members.is_empty());
    }
}
