//! Writing a [`Value`] as AMF0 as it is: shared objects and arrays by `07`
//! reference, AMF3-only values behind the `0x11` switch.

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
                if let Some(&index) = self.ids.get(&addr) {
                    self.out().push(m::REFERENCE);
                    self.out().extend_from_slice(&(index as u16).to_be_bytes());
                    return Ok(());
                }
                if self.refs <= MAX_REF {
                    self.ids.insert(addr, self.refs);
                }
                self.write_complex(v, depth)?;
            }
        }
        Ok(())
    }

    fn write_properties<'a>(
        &mut self,
        members: impl Iterator<Item = &'a (Name, Value)>,
        depth: usize,
    ) -> Result<()> {
        for (k, v) in members {
            self.write_name(k)?;
            self.write_value(v, depth + 1)?;
        }
        self.end_properties();
        Ok(())
    }

    /// [`Self::write_key`] for a [`Name`], from its bytes.
    fn write_name(&mut self, key: &Name) -> Result<()> {
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
                for item in &a.dense {
                    self.write_value(item, depth + 1)?;
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
