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
