//! AMF0 serialization.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io;

use serde::ser::{self, Serialize};

use super::marker as m;
use crate::amf3;
use crate::error::{Error, ErrorCode, Result};
use crate::options::{Amf0Bytes, Amf0Switch, Options};
use crate::types::Name;
use crate::util::FxHasher;
use crate::value::Value;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The largest reference index AMF0 can write (`U16`).
const MAX_REF: u32 = u16::MAX as u32;

/// A structure for serializing Rust values into AMF0.
///
/// Every top-level value has its own reference tables (AMF0 and, for values
/// behind the `0x11` switch, AMF3). To write the several values of an RTMP
/// command, serialize them one after another:
///
/// ```
/// use amf_serde::amf0::Serializer;
///
/// let mut ser = Serializer::new(Vec::new());
/// ser.serialize_value(&"connect")?;
/// ser.serialize_value(&1.0)?;
/// ser.serialize_value(&())?;
/// assert_eq!(ser.into_inner(), [
///     0x02, 0x00, 0x07, b'c', b'o', b'n', b'n', b'e', b'c', b't',
///     0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
///     0x05,
/// ]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
pub struct Serializer<W> {
    /// Owns the output buffer, the writer and the AMF3 tables.
    pub(crate) amf3: amf3::Serializer<W>,
    /// AMF0 reference-table entries written in this value.
    pub(crate) refs: u32,
    /// Reference index of each shared `Value` node, by address.
    ids: FxMap<usize, u32>,
    pub(crate) level: u32,
    bytes: Amf0Bytes,
    switch: Amf0Switch,
    /// The next map is the `#[amf(dynamic)]` field: its entries join the
    /// enclosing object's properties.
    dynamic_members: bool,
}

impl<W: io::Write> Serializer<W> {
    /// Writes AMF0 to `writer`.
    pub fn new(writer: W) -> Self {
        Serializer::with_options(writer, &Options::new())
    }

    /// Writes AMF0 to `writer` with the given options (see
    /// [`Options::with_amf0_bytes`]).
    pub fn with_options(writer: W, opts: &Options) -> Self {
        Serializer::build(amf3::Serializer::with_options(writer, opts), opts)
    }

    fn build(mut amf3: amf3::Serializer<W>, opts: &Options) -> Self {
        amf3.configure(opts);
        Serializer {
            amf3,
            refs: 0,
            ids: FxMap::default(),
            level: 0,
            bytes: opts.amf0_bytes,
            switch: opts.amf0_switch,
            dynamic_members: false,
        }
    }

    /// Gives back the writer.
    pub fn into_inner(self) -> W {
        self.amf3.into_inner()
    }

    /// Serializes `value` as one top-level value.
    ///
    /// # Errors
    /// As [`to_vec`].
    pub fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self)
    }

    fn out(&mut self) -> &mut Vec<u8> {
        &mut self.amf3.out
    }

    fn done(&mut self) -> Result<()> {
        if self.level == 0 {
            self.refs = 0;
            self.ids.clear();
            self.amf3.finish_top()?;
        }
        Ok(())
    }

    fn write_f64(&mut self, v: f64) -> Result<()> {
        let out = self.out();
        out.push(m::NUMBER);
        out.extend_from_slice(&v.to_be_bytes());
        self.done()
    }

    fn write_int(&mut self, v: i64) -> Result<()> {
        let f = v as f64;
        if (f >= 9.223_372_036_854_776e18 || f as i64 != v) && !self.amf3.lossy_integers {
            return Err(not_exact(v));
        }
        self.write_f64(f)
    }

    /// A string value: `02` up to 65535 bytes, `0C` up to 2^32 − 1 bytes
    /// (longer: an error, as for [`Self::write_long_text`]).
    fn write_string(&mut self, s: &str) -> Result<()> {
        let long = match u16::try_from(s.len()) {
            Ok(_) => None,
            Err(_) => Some(
                u32::try_from(s.len())
                    .map_err(|_| too_long("long string", s.len(), u32::MAX.into()))?,
            ),
        };
        let out = self.out();
        match long {
            None => {
                out.push(m::STRING);
                out.extend_from_slice(&(s.len() as u16).to_be_bytes());
            }
            Some(len) => {
                out.push(m::LONG_STRING);
                out.extend_from_slice(&len.to_be_bytes());
            }
        }
        out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn write_long_text(&mut self, marker: u8, s: &str) -> Result<()> {
        let len = u32::try_from(s.len())
            .map_err(|_| too_long("long string", s.len(), u32::MAX.into()))?;
        let out = self.out();
        out.push(marker);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    /// A property key or class alias: `U16` length, no marker.
    pub(crate) fn write_key(&mut self, key: &str) -> Result<()> {
        let len = u16::try_from(key.len())
            .map_err(|_| too_long("AMF0 property name", key.len(), u16::MAX.into()))?;
        let out = self.out();
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(key.as_bytes());
        Ok(())
    }

    fn end_properties(&mut self) {
        self.out().extend_from_slice(&[0x00, 0x00, m::OBJECT_END]);
    }

    /// Writes a marker that enters the reference table.
    fn complex(&mut self, marker: u8) {
        self.refs = self.refs.saturating_add(1);
        self.out().push(marker);
    }

    fn begin_object(&mut self) {
        self.level += 1;
        self.complex(m::OBJECT);
    }

    /// `{variant: …}`: an object with one member named after the variant.
    fn begin_variant(&mut self, variant: &str) -> Result<()> {
        self.begin_object();
        self.write_key(variant)
    }

    fn begin_strict_array(&mut self, len: Option<usize>) -> Result<Compound<'_, W>> {
        self.level += 1;
        self.complex(m::STRICT_ARRAY);
        let at = self.out().len();
        let count = match len {
            Some(n) => {
                u32::try_from(n).map_err(|_| too_long("strict array", n, u32::MAX.into()))?
            }
            None => 0,
        };
        self.out().extend_from_slice(&count.to_be_bytes());
        Ok(Compound {
            ser: self,
            state: State::Array {
                at,
                count: 0,
                expected: len,
            },
            close_variant: false,
        })
    }

    fn write_bytes(&mut self, v: &[u8]) -> Result<()> {
        match self.bytes {
            Amf0Bytes::Amf3ByteArray => {
                self.out().push(m::AVMPLUS);
                self.amf3.object_count += 1;
                self.out().push(amf3::marker::BYTE_ARRAY);
                self.amf3.write_len_header(v.len(), "byte array")?;
                self.out().extend_from_slice(v);
            }
            Amf0Bytes::NumberArray => {
                let n = u32::try_from(v.len())
                    .map_err(|_| too_long("strict array", v.len(), u32::MAX.into()))?;
                self.complex(m::STRICT_ARRAY);
                self.out().extend_from_slice(&n.to_be_bytes());
                for b in v {
                    self.out().push(m::NUMBER);
                    self.out().extend_from_slice(&f64::from(*b).to_be_bytes());
                }
            }
        }
        self.done()
    }
}

#[cold]
fn not_exact<T: std::fmt::Display>(v: T) -> Error {
    Error::code(ErrorCode::NotExactlyRepresentable {
        what: "integer",
        value: v.to_string().into(),
    })
}

#[cold]
fn too_long(what: &'static str, len: usize, max: u64) -> Error {
    Error::code(ErrorCode::TooLong {
        what,
        len: len as u64,
        max,
    })
}

// ------------------------------------------------------------------ Value

impl<W: io::Write> Serializer<W> {
    /// Writes a [`Value`] as it is: shared objects and arrays by `07`
    /// reference, AMF3-only values behind the `0x11` switch.
    fn write_value(&mut self, v: &Value, depth: usize) -> Result<()> {
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
            Value::Integer(i) => {
                self.out().push(m::NUMBER);
                self.out().extend_from_slice(&f64::from(*i).to_be_bytes());
            }
            Value::Double(d) => {
                self.out().push(m::NUMBER);
                self.out().extend_from_slice(&d.to_be_bytes());
            }
            Value::String(s) => self.write_string(s)?,
            Value::Date(d) => {
                let out = self.out();
                out.push(m::DATE);
                out.extend_from_slice(&d.millis().to_be_bytes());
                out.extend_from_slice(&d.timezone().to_be_bytes());
            }
            Value::XmlDocument(x) => self.write_long_text(m::XML_DOC, &x.0)?,
            Value::Amf3(inner) => {
                self.out().push(m::AVMPLUS);
                self.amf3.write_value(inner, depth + 1)?;
            }
            Value::Xml(_)
            | Value::ByteArray(_)
            | Value::External(_)
            | Value::VectorInt(_)
            | Value::VectorUint(_)
            | Value::VectorDouble(_)
            | Value::VectorObject(_)
            | Value::Dictionary(_) => {
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
            self.write_key(k)?;
            self.write_value(v, depth + 1)?;
        }
        self.end_properties();
        Ok(())
    }

    fn write_complex(&mut self, v: &Value, depth: usize) -> Result<()> {
        match v {
            Value::Object(o) => {
                if o.class.is_empty() {
                    self.complex(m::OBJECT);
                } else {
                    self.complex(m::TYPED_OBJECT);
                    self.write_key(&o.class)?;
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
                    .map_err(|_| too_long("strict array", a.dense.len(), u32::MAX.into()))?;
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
                    .map_err(|_| too_long("ECMA array", a.dense.len(), u32::MAX.into()))?;
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

// ------------------------------------------------------------- compounds

enum State {
    Array {
        /// Offset of the `U32` count.
        at: usize,
        count: usize,
        expected: Option<usize>,
    },
    Object,
    /// The entries of a `#[amf(dynamic)]` field.
    Members,
    MapUndecided,
    Ecma {
        at: usize,
        count: u32,
    },
}

/// The state of a container being written.
#[doc(hidden)]
pub struct Compound<'a, W> {
    ser: &'a mut Serializer<W>,
    state: State,
    close_variant: bool,
}

impl<W: io::Write> Compound<'_, W> {
    fn close(self) -> Result<()> {
        match self.state {
            State::Array {
                at,
                count,
                expected,
            } => {
                if expected.is_some_and(|n| n != count) {
                    return Err(ser::Error::custom(format_args!(
                        "the Serialize impl announced {} elements but produced {count}",
                        expected.unwrap_or(0)
                    )));
                }
                let n = u32::try_from(count)
                    .map_err(|_| too_long("strict array", count, u32::MAX.into()))?;
                self.ser.out()[at..at + 4].copy_from_slice(&n.to_be_bytes());
            }
            State::Object => self.ser.end_properties(),
            State::Members => {}
            State::MapUndecided => {
                self.ser.complex(m::OBJECT);
                self.ser.end_properties();
            }
            State::Ecma { at, count } => {
                self.ser.out()[at..at + 4].copy_from_slice(&count.to_be_bytes());
                self.ser.end_properties();
            }
        }
        if self.close_variant {
            self.ser.end_properties();
            self.ser.level -= 1;
        }
        self.ser.level -= 1;
        self.ser.done()
    }
}

impl<W: io::Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if let State::Array { count, .. } = &mut self.state {
            *count += 1;
        }
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

impl<W: io::Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

impl<W: io::Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

impl<W: io::Write> ser::SerializeTupleVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

impl<W: io::Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        if key == crate::__private::DYNAMIC_FIELD {
            self.ser.dynamic_members = true;
            let r = value.serialize(&mut *self.ser);
            self.ser.dynamic_members = false;
            return r;
        }
        self.ser.write_key(key)?;
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

impl<W: io::Write> ser::SerializeStructVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

impl<W: io::Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        let text = key.serialize(KeyText)?;
        if let State::Members = self.state {
            return self.ser.write_key(&text.text);
        }
        if let State::MapUndecided = self.state {
            if text.integer {
                self.ser.complex(m::ECMA_ARRAY);
                let at = self.ser.out().len();
                self.ser.out().extend_from_slice(&[0, 0, 0, 0]);
                self.state = State::Ecma { at, count: 0 };
            } else {
                self.ser.complex(m::OBJECT);
                self.state = State::Object;
            }
        }
        if let State::Ecma { count, .. } = &mut self.state {
            *count = count.saturating_add(1);
        }
        self.ser.write_key(&text.text)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

impl<'a, W: io::Write> ser::Serializer for &'a mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out().extend_from_slice(&[m::BOOLEAN, u8::from(v)]);
        self.done()
    }

    fn serialize_i8(self, v: i8) -> Result<()> {
        self.write_f64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<()> {
        self.write_f64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<()> {
        self.write_f64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<()> {
        self.write_int(v)
    }

    fn serialize_i128(self, v: i128) -> Result<()> {
        let f = v as f64;
        if self.amf3.lossy_integers
            || (f.is_finite() && f as i128 == v && f < 1.701_411_834_604_692_3e38)
        {
            self.write_f64(f)
        } else {
            Err(not_exact(v))
        }
    }

    fn serialize_u8(self, v: u8) -> Result<()> {
        self.write_f64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<()> {
        self.write_f64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<()> {
        self.write_f64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<()> {
        let f = v as f64;
        if (f >= 1.844_674_407_370_955_2e19 || f as u64 != v) && !self.amf3.lossy_integers {
            return Err(not_exact(v));
        }
        self.write_f64(f)
    }

    fn serialize_u128(self, v: u128) -> Result<()> {
        let f = v as f64;
        if self.amf3.lossy_integers
            || (f.is_finite() && f as u128 == v && f < 3.402_823_669_209_385e38)
        {
            self.write_f64(f)
        } else {
            Err(not_exact(v))
        }
    }

    fn serialize_f32(self, v: f32) -> Result<()> {
        self.write_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        self.write_f64(v)
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        self.write_string(v)?;
        self.done()
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.write_bytes(v)
    }

    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.out().push(m::NULL);
        self.done()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == crate::dynamic::PROBE {
            crate::dynamic::enter_amf();
            return value.serialize(self);
        }
        if name == crate::value::DATE_TOKEN {
            if let Some(d) = crate::value::take_date() {
                let out = self.out();
                out.push(m::DATE);
                out.extend_from_slice(&d.millis().to_be_bytes());
                out.extend_from_slice(&d.timezone().to_be_bytes());
                return self.done();
            }
        }
        if name == crate::remoting::AMF3_TOKEN
            || name.starts_with(crate::flex::EXTERNAL_VALUE_PREFIX)
        {
            // `remoting::Amf3` (or an externalizable Flex wrapper, which
            // only AMF3 can hold): the switch, then one AMF3 value whose
            // tables stay open for the rest of this AMF0 value (the AMF3
            // level is raised so that the value's end does not reset them).
            self.out().push(m::AVMPLUS);
            self.amf3.level += 1;
            let r = if name == crate::remoting::AMF3_TOKEN {
                self.amf3.serialize_value(value)
            } else {
                ser::Serializer::serialize_newtype_struct(&mut self.amf3, name, value)
            };
            self.amf3.level -= 1;
            r?;
            return self.done();
        }
        if name == crate::value::VALUE_TOKEN {
            if let Some(v) = crate::value::take_stash() {
                self.write_value(&v, 0)?;
                if v.node_addr().is_some() {
                    self.amf3.keep_alive.push(v);
                }
                return self.done();
            }
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.begin_variant(variant)?;
        value.serialize(&mut *self)?;
        self.end_properties();
        self.level -= 1;
        self.done()
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, W>> {
        self.begin_strict_array(len)
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>> {
        self.begin_strict_array(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        self.begin_strict_array(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W>> {
        self.begin_variant(variant)?;
        let mut c = self.begin_strict_array(Some(len))?;
        c.close_variant = true;
        Ok(c)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        self.level += 1;
        let state = if std::mem::take(&mut self.dynamic_members) {
            State::Members
        } else {
            State::MapUndecided
        };
        Ok(Compound {
            ser: self,
            state,
            close_variant: false,
        })
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'a, W>> {
        match crate::__private::class_of(name) {
            Some((alias, _)) => {
                self.level += 1;
                self.complex(m::TYPED_OBJECT);
                self.write_key(alias)?;
            }
            None => self.begin_object(),
        }
        Ok(Compound {
            ser: self,
            state: State::Object,
            close_variant: false,
        })
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        self.begin_variant(variant)?;
        self.begin_object();
        Ok(Compound {
            ser: self,
            state: State::Object,
            close_variant: true,
        })
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        self.serialize_str(&value.to_string())
    }

    fn is_human_readable(&self) -> bool {
        false
    }
}

// --------------------------------------------------------------- map keys

/// A map key as text, and whether it was an integer (which makes the map an
/// ECMA array).
struct Key {
    text: String,
    integer: bool,
}

/// Turns a map key into text: strings as they are, integers in decimal.
struct KeyText;

#[cold]
fn bad_key(found: &'static str) -> Error {
    Error::code(ErrorCode::KeyMustBeAString { found })
}

macro_rules! int_key {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method(self, v: $ty) -> Result<Key> {
            Ok(Key { text: v.to_string(), integer: true })
        }
    )*};
}

impl ser::Serializer for KeyText {
    type Ok = Key;
    type Error = Error;
    type SerializeSeq = ser::Impossible<Key, Error>;
    type SerializeTuple = ser::Impossible<Key, Error>;
    type SerializeTupleStruct = ser::Impossible<Key, Error>;
    type SerializeTupleVariant = ser::Impossible<Key, Error>;
    type SerializeMap = ser::Impossible<Key, Error>;
    type SerializeStruct = ser::Impossible<Key, Error>;
    type SerializeStructVariant = ser::Impossible<Key, Error>;

    fn serialize_str(self, v: &str) -> Result<Key> {
        Ok(Key {
            text: v.to_owned(),
            integer: false,
        })
    }

    fn serialize_char(self, v: char) -> Result<Key> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Key> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Key> {
        if name == crate::value::VALUE_TOKEN {
            return match crate::value::take_stash().as_mut() {
                Some(Value::String(s)) => Ok(Key {
                    text: std::mem::take(s),
                    integer: false,
                }),
                Some(Value::Integer(i)) => Ok(Key {
                    text: i.to_string(),
                    integer: true,
                }),
                _ => Err(bad_key("a non-string Value")),
            };
        }
        value.serialize(self)
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<Key> {
        self.serialize_str(&value.to_string())
    }

    int_key! {
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_u128(u128);
    }

    fn serialize_bool(self, _: bool) -> Result<Key> {
        Err(bad_key("a boolean"))
    }

    fn serialize_f32(self, _: f32) -> Result<Key> {
        Err(bad_key("a float"))
    }

    fn serialize_f64(self, _: f64) -> Result<Key> {
        Err(bad_key("a float"))
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<Key> {
        Err(bad_key("bytes"))
    }

    fn serialize_none(self) -> Result<Key> {
        Err(bad_key("none"))
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Key> {
        Err(bad_key("an option"))
    }

    fn serialize_unit(self) -> Result<Key> {
        Err(bad_key("unit"))
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Key> {
        Err(bad_key("a unit struct"))
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Key> {
        Err(bad_key("an enum variant"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(bad_key("a sequence"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(bad_key("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(bad_key("a tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(bad_key("an enum variant"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(bad_key("a map"))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(bad_key("a struct"))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(bad_key("an enum variant"))
    }
}

// ------------------------------------------------------------- functions

/// Encodes `value` as AMF0 into a new `Vec<u8>`.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Person { name: &'static str, age: f64 }
///
/// let bytes = amf_serde::amf0::to_vec(&Person { name: "Mike", age: 30.0 })?;
/// assert_eq!(bytes, [
///     0x03,
///     0x00, 0x04, b'n', b'a', b'm', b'e', 0x02, 0x00, 0x04, b'M', b'i', b'k', b'e',
///     0x00, 0x03, b'a', b'g', b'e', 0x00, 0x40, 0x3e, 0, 0, 0, 0, 0, 0,
///     0x00, 0x00, 0x09,
/// ]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// An integer a double cannot hold exactly, a property name over 65535
/// bytes, a map key that is neither a string nor an integer, an error from
/// the value's `Serialize` impl.
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    to_vec_with(value, &Options::new())
}

/// Encodes `value` as AMF0 into `writer`.
///
/// # Errors
/// As [`to_vec`], plus I/O errors.
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    to_writer_with(writer, value, &Options::new())
}

/// [`to_writer`] with the given [`Options`] (see
/// [`Options::with_amf0_bytes`]).
///
/// # Errors
/// As [`to_writer`].
pub fn to_writer_with<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
    opts: &Options,
) -> Result<()> {
    let mut ser = Serializer::with_options(writer, opts);
    value.serialize(&mut ser)
}

/// [`to_vec`] with the given [`Options`] (see [`Options::with_amf0_bytes`]).
///
/// ```
/// use amf_serde::{options::Amf0Bytes, Options};
///
/// let opts = Options::new().with_amf0_bytes(Amf0Bytes::NumberArray);
/// let bytes = amf_serde::amf0::to_vec_with(&serde_bytes::Bytes::new(&[7]), &opts)?;
/// assert_eq!(bytes, [0x0a, 0, 0, 0, 1, 0x00, 0x40, 0x1c, 0, 0, 0, 0, 0, 0]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Errors
/// As [`to_vec`].
pub fn to_vec_with<T: ?Sized + Serialize>(value: &T, opts: &Options) -> Result<Vec<u8>> {
    let mut inner = amf3::Serializer::with_writer(io::sink(), true);
    inner.single_value = true;
    let mut ser = Serializer::build(inner, opts);
    value.serialize(&mut ser)?;
    Ok(std::mem::take(&mut ser.amf3.out))
}
