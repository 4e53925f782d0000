//! Writing a [`Value`] as AMF0 as it is: shared objects and arrays by `07`
//! reference, AMF3-only values behind the `0x11` switch.

use std::collections::hash_map::Entry;
use std::io;

use serde::ser;

use super::{m, Serializer};
use crate::error::{Error, Result};
use crate::options::Amf0Switch;
use crate::types::Name;
use crate::value::Value;

/// The largest reference index AMF0 can write (`U16`).
const MAX_REF: u32 = u16::MAX as u32;

impl<W: io::Write> Serializer<W> {
    /// Writes a [`Value`] as it is: shared objects and arrays by `07`
    /// reference, AMF3-only values behind the `0x11` switch.
    ///
    /// Each scalar is one `extend_from_slice` of its marker and payload
    /// (one capacity check), and keys are written from their bytes (a
    /// [`Name`] is UTF-8 already).
    pub(crate) fn write_value(&mut self, v: &Value, depth: usize) -> Result<()> {
        if depth > self.amf3.max_depth {
            return Err(ser::Error::custom(format_args!(
                "Value nested too deeply to encode (more than {} levels; see Options::with_max_encode_depth)",
                self.amf3.max_depth
            )));
        }
        if self.switch == Amf0Switch::Complex
            && (depth > 0 || self.level > 0)
            && matches!(
                v,
                Value::Object(_) | Value::Array(_) | Value::Date(_) | Value::XmlDocument(_)
            )
        {
            // Flash's rule: a complex value inside an AMF0 container goes
            // behind the switch (the tables stay open for this AMF0 value).
            self.out().push(m::AVMPLUS);
            return self.amf3.write_value(v, depth + 1);
        }
        match v {
            Value::Undefined => self.out().push(m::UNDEFINED),
            Value::Null => self.out().push(m::NULL),
            Value::Unsupported => self.out().push(m::UNSUPPORTED),
            Value::Bool(b) => self.out().extend_from_slice(&[m::BOOLEAN, u8::from(*b)]),
            Value::Integer(i) => number(self.out(), f64::from(*i)),
            Value::Double(d) => number(self.out(), *d),
            Value::String(s) if s.len() <= usize::from(u16::MAX) => {
                let out = self.out();
                let [l0, l1] = (s.len() as u16).to_be_bytes();
                out.reserve(3 + s.len());
                out.extend_from_slice(&[m::STRING, l0, l1]);
                out.extend_from_slice(s.as_bytes());
            }
            Value::String(s) => self.write_string(s)?,
            Value::Date(d) => {
                let [b0, b1, b2, b3, b4, b5, b6, b7] = d.millis().to_be_bytes();
                let [t0, t1] = d.timezone().to_be_bytes();
                self.out()
                    .extend_from_slice(&[m::DATE, b0, b1, b2, b3, b4, b5, b6, b7, t0, t1]);
            }
            Value::XmlDocument(x) => self.write_long_text(m::XML_DOC, &x.0)?,
            Value::Amf3(inner) => {
                self.out().push(m::AVMPLUS);
                self.amf3.write_value(inner, depth + 1)?;
            }
            crate::amf0::amf3_only!() => {
                // Only AMF3 can hold these.
                self.out().push(m::AVMPLUS);
                self.amf3.write_value(v, depth + 1)?;
            }
            Value::Cycle(c) => match self.ids.get(&c.addr()) {
                Some(&index) => {
                    self.out().push(m::REFERENCE);
                    self.out().extend_from_slice(&(index as u16).to_be_bytes());
                }
                None => match c.upgrade() {
                    Some(target) => self.write_value(&target, depth + 1)?,
                    None => {
                        return Err(ser::Error::custom(
                            "a Value::Cycle points at a value that no longer exists",
                        ))
                    }
                },
            },
            Value::Object(_) | Value::Array(_) | Value::EcmaArray(_) if !may_recur(v) => {
                // One holder and no cycle points at it: it cannot be met
                // again, so it needs no entry in `ids` (it still takes a
                // reference number).
                self.write_complex(v, depth)?;
            }
            Value::Object(_) | Value::Array(_) | Value::EcmaArray(_) => {
                let addr = v.node_addr().unwrap_or(0);
                match self.ids.entry(addr) {
                    Entry::Occupied(e) => {
                        let [i0, i1] = (*e.get() as u16).to_be_bytes();
                        self.out().extend_from_slice(&[m::REFERENCE, i0, i1]);
                        return Ok(());
                    }
                    Entry::Vacant(e) => {
                        if self.refs <= MAX_REF {
                            e.insert(self.refs);
                        }
                    }
                }
                self.write_complex(v, depth)?;
            }
        }
        Ok(())
    }

    /// Makes room in the reference map for `n` shared nodes (a `.sol`
    /// body's entries, which their `Sol` and its copies share).
    pub(crate) fn reserve_shared(&mut self, n: usize) {
        self.ids.reserve(n.min(MAX_REF as usize + 1));
    }

    fn write_properties<'a>(
        &mut self,
        members: impl Iterator<Item = &'a (Name, Value)>,
        depth: usize,
    ) -> Result<()> {
        // Scalars one level down are within the depth limit too.
        let fast = depth < self.amf3.max_depth;
        for (k, v) in members {
            self.write_name(k)?;
            if !(fast && self.write_scalar(v)) {
                self.write_value(v, depth + 1)?;
            }
        }
        self.end_properties();
        Ok(())
    }

    /// Writes the commonest scalars (numbers, booleans, null, short
    /// strings) the way [`Self::write_value`] does, without its call and
    /// checks; `false` for anything else (nothing written).
    #[inline(always)]
    fn write_scalar(&mut self, v: &Value) -> bool {
        let out = self.out();
        match v {
            Value::Double(d) => number(out, *d),
            Value::Integer(i) => number(out, f64::from(*i)),
            Value::Bool(b) => out.extend_from_slice(&[m::BOOLEAN, u8::from(*b)]),
            Value::Null => out.push(m::NULL),
            Value::String(s) if s.len() <= usize::from(u16::MAX) => {
                let [l0, l1] = (s.len() as u16).to_be_bytes();
                out.reserve(3 + s.len());
                out.extend_from_slice(&[m::STRING, l0, l1]);
                out.extend_from_slice(s.as_bytes());
            }
            _ => return false,
        }
        true
    }

    /// [`Self::write_key`] for a [`Name`], from its bytes.
    #[inline]
    fn write_name(&mut self, key: &Name) -> Result<()> {
        if let Some((buf, n)) = key.u16_prefixed() {
            // A short name: one fixed-size copy of its whole storage
            // (zeros past the name), then the extra bytes dropped.
            let out = self.out();
            let at = out.len();
            out.extend_from_slice(&buf);
            out.truncate(at + n);
            return Ok(());
        }
        let b = key.as_bytes();
        let len = u16::try_from(b.len())
            .map_err(|_| Error::too_long("AMF0 property name", b.len(), u16::MAX.into()))?;
        let out = self.out();
        out.reserve(2 + b.len());
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(b);
        Ok(())
    }

    fn write_complex(&mut self, v: &Value, depth: usize) -> Result<()> {
        match v {
            Value::Object(o) => {
                if o.class.is_empty() {
                    self.complex(m::OBJECT);
                } else {
                    self.complex(m::TYPED_OBJECT);
                    self.write_name(&o.class)?;
                }
                self.write_properties(o.members(), depth)
            }
            Value::EcmaArray(e) => {
                self.complex(m::ECMA_ARRAY);
                self.out().extend_from_slice(&e.length.to_be_bytes());
                self.write_properties(e.entries.iter(), depth)
            }
            Value::Array(a) if a.assoc.is_empty() => {
                let n = u32::try_from(a.dense.len())
                    .map_err(|_| Error::too_long("strict array", a.dense.len(), u32::MAX.into()))?;
                self.complex(m::STRICT_ARRAY);
                self.out().extend_from_slice(&n.to_be_bytes());
                let fast = depth < self.amf3.max_depth;
                for item in &a.dense {
                    if !(fast && self.write_scalar(item)) {
                        self.write_value(item, depth + 1)?;
                    }
                }
                Ok(())
            }
            Value::Array(a) => {
                // An array with named entries: an ECMA array whose count is
                // the dense length, as Flash Player writes it.
                let n = u32::try_from(a.dense.len())
                    .map_err(|_| Error::too_long("ECMA array", a.dense.len(), u32::MAX.into()))?;
                self.complex(m::ECMA_ARRAY);
                self.out().extend_from_slice(&n.to_be_bytes());
                for (i, item) in a.dense.iter().enumerate() {
                    self.write_key(&i.to_string())?;
                    self.write_value(item, depth + 1)?;
                }
                self.write_properties(a.assoc.iter(), depth)
            }
            other => self.write_value(other, depth + 1),
        }
    }
}

/// `00` and a double.
#[inline]
fn number(out: &mut Vec<u8>, d: f64) {
    let [b0, b1, b2, b3, b4, b5, b6, b7] = d.to_be_bytes();
    out.extend_from_slice(&[m::NUMBER, b0, b1, b2, b3, b4, b5, b6, b7]);
}

/// Whether a container node can be reached again while writing: it has
/// another strong holder or a weak one (a [`Value::Cycle`] inside it).
fn may_recur(v: &Value) -> bool {
    fn shared<T>(a: &std::sync::Arc<T>) -> bool {
        std::sync::Arc::strong_count(a) > 1 || std::sync::Arc::weak_count(a) > 0
    }
    match v {
        Value::Object(a) => shared(a),
        Value::Array(a) => shared(a),
        Value::EcmaArray(a) => shared(a),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::types::Object;
    use crate::{Options, Value};

    fn obj(members: Vec<(&str, Value)>) -> Value {
        Value::Object(Arc::new(Object::anonymous(members)))
    }

    /// Short names are copied as their whole inline storage and cut to
    /// length; longer ones from their shared string: the bytes are the
    /// same either way, at every length around the inline limit.
    #[test]
    fn names_around_the_inline_limit_exact_bytes() {
        for len in [0, 1, 21, 22, 23, 40] {
            let name = "n".repeat(len);
            let v = obj(vec![(name.as_str(), Value::Bool(true))]);
            let mut want = vec![0x03, 0, len as u8];
            want.extend_from_slice(name.as_bytes());
            want.extend_from_slice(&[0x01, 0x01, 0x00, 0x00, 0x09]);
            assert_eq!(crate::amf0::to_vec(&v).unwrap(), want, "name length {len}");
        }
        // Multi-byte UTF-8: the length counts bytes.
        let v = obj(vec![("é", Value::Null)]);
        assert_eq!(
            crate::amf0::to_vec(&v).unwrap(),
            [0x03, 0, 2, 0xc3, 0xa9, 0x05, 0x00, 0x00, 0x09]
        );
    }

    /// The scalars written inline by a container's loop obey the depth
    /// limit as before: a scalar one level below the deepest container
    /// allowed is refused, in arrays and in objects.
    #[test]
    fn scalars_in_containers_keep_the_depth_limit() {
        for leaf in [
            Value::Null,
            Value::Double(1.5),
            Value::Integer(3),
            Value::Bool(false),
            Value::String("s".into()),
        ] {
            // [[[leaf]]]: the leaf is at depth 3.
            let mut arr = leaf.clone();
            for _ in 0..3 {
                arr = Value::from(vec![arr]);
            }
            // {a: {a: {a: leaf}}}
            let mut o = leaf.clone();
            for _ in 0..3 {
                o = obj(vec![("a", o)]);
            }
            for v in [&arr, &o] {
                let refused = Options::new().with_max_encode_depth(2).amf0_to_vec(v);
                let e = refused.expect_err("leaf at depth 3, limit 2");
                assert!(e.to_string().contains("more than 2 levels"), "{e}");
                assert!(Options::new()
                    .with_max_encode_depth(3)
                    .amf0_to_vec(v)
                    .is_ok());
            }
        }
    }
}
