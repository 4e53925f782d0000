//! Writing a [`Value`] as AMF3 with every detail kept: shared nodes by
//! object reference, traits of `Value` objects by traits reference,
//! externalizable bodies item by item.

use std::io;

use serde::ser;

use super::{too_long, FxMap, Serializer};
use crate::amf3::marker::{self as m, write_u29, U29_MAX};
use crate::error::{Error, ErrorCode, Result};
use crate::types::{DataItem, Name};
use crate::util::FxHasher;
use crate::value::Value;
/// Traits written for `Value` objects, found by (class, dynamic,
/// externalizable, sealed names, copy number: see `Object::traits_copy`).
#[derive(Default)]
pub(super) struct ValueTraits {
    pub(super) by_hash: FxMap<u64, Vec<usize>>,
    pub(super) entries: Vec<(u32, TraitsKey)>,
    /// Per nesting depth (modulo [`MEMO`]), the entry the last object
    /// written at that depth used, plus one (0: none). Siblings in an
    /// array nearly always share their traits, so the next object at that
    /// depth is compared with it first, without hashing its names and
    /// probing the map (a quarter of citm's `Value` encode went there).
    memo: [u32; MEMO],
}

/// Depths remembered by [`ValueTraits::memo`].
const MEMO: usize = 16;

#[derive(PartialEq)]
pub(super) struct TraitsKey {
    pub(super) class: String,
    pub(super) dynamic: bool,
    pub(super) external: bool,
    pub(super) names: Vec<Name>,
    pub(super) copy: u32,
}

impl TraitsKey {
    /// Equal to the key given in parts.
    #[inline]
    fn matches<N: TraitName>(
        &self,
        class: &str,
        dynamic: bool,
        external: bool,
        names: &[N],
        copy: u32,
    ) -> bool {
        self.dynamic == dynamic
            && self.external == external
            && self.copy == copy
            && self.names.len() == names.len()
            && crate::name::same_bytes(self.class.as_bytes(), class.as_bytes())
            && self.names.iter().zip(names).all(|(a, b)| b.same(a))
    }
}

/// A sealed member name as the traits table sees it: a `&str` (traits
/// written from serde) or a `Value` object's member (no `Vec<&str>` built
/// per object).
pub(super) trait TraitName {
    fn name_str(&self) -> &str;
    /// The hash word of [`Name::hash_word`].
    fn hash_word(&self) -> u64;
    /// Equal to `n`.
    fn same(&self, n: &Name) -> bool;
}

impl TraitName for &str {
    fn name_str(&self) -> &str {
        self
    }
    fn hash_word(&self) -> u64 {
        Name::new(self).hash_word()
    }
    fn same(&self, n: &Name) -> bool {
        crate::name::same_bytes(n.as_bytes(), self.as_bytes())
    }
}

impl<V> TraitName for (Name, V) {
    #[inline]
    fn name_str(&self) -> &str {
        self.0.as_str()
    }
    #[inline]
    fn hash_word(&self) -> u64 {
        self.0.hash_word()
    }
    #[inline]
    fn same(&self, n: &Name) -> bool {
        self.0.same(n)
    }
}

/// No sealed names (dynamic and externalizable traits).
pub(super) const NO_NAMES: &[&str] = &[];

impl ValueTraits {
    /// A cheap hash: the class, the flags, the count and a word of each
    /// name (`find` compares the names in full).
    #[inline]
    pub(super) fn hash<N: TraitName>(
        class: &str,
        dynamic: bool,
        external: bool,
        names: &[N],
        copy: u32,
    ) -> u64 {
        use std::hash::Hasher;
        let mut h = FxHasher::default();
        h.write(class.as_bytes());
        h.write_usize(names.len() << 2 | usize::from(dynamic) << 1 | usize::from(external));
        h.write_u32(copy);
        for n in names {
            h.write_u64(n.hash_word());
        }
        h.finish()
    }

    /// The traits index of an entry equal to the key, trying the entry
    /// last used at `depth` first.
    #[inline]
    pub(super) fn find_at<N: TraitName>(
        &mut self,
        depth: usize,
        class: &str,
        dynamic: bool,
        external: bool,
        names: &[N],
        copy: u32,
    ) -> Result<u32, u64> {
        let slot = depth % MEMO;
        let e = self.memo[slot] as usize;
        if let Some(e) = e.checked_sub(1) {
            if let Some((index, key)) = self.entries.get(e) {
                if key.matches(class, dynamic, external, names, copy) {
                    return Ok(*index);
                }
            }
        }
        let hash = Self::hash(class, dynamic, external, names, copy);
        match self.find(hash, class, dynamic, external, names, copy) {
            Some(e) => {
                self.memo[slot] = e as u32 + 1;
                Ok(self.entries[e].0)
            }
            None => Err(hash),
        }
    }

    /// The entry (position in `entries`) equal to the key.
    #[inline]
    pub(super) fn find<N: TraitName>(
        &self,
        hash: u64,
        class: &str,
        dynamic: bool,
        external: bool,
        names: &[N],
        copy: u32,
    ) -> Option<usize> {
        self.by_hash.get(&hash)?.iter().copied().find(|&e| {
            self.entries[e]
                .1
                .matches(class, dynamic, external, names, copy)
        })
    }

    /// Adds an entry, remembered as the last one used at `depth`.
    pub(super) fn insert(&mut self, depth: usize, hash: u64, index: u32, key: TraitsKey) {
        let e = self.entries.len();
        self.by_hash.entry(hash).or_default().push(e);
        self.entries.push((index, key));
        self.memo[depth % MEMO] = u32::try_from(e + 1).unwrap_or(0);
    }

    pub(super) fn clear(&mut self) {
        self.by_hash.clear();
        self.entries.clear();
        self.memo = [0; MEMO];
    }

    pub(super) fn truncate(&mut self, traits: u32) {
        if self.entries.iter().any(|(i, _)| *i >= traits) {
            self.memo = [0; MEMO];
            self.entries.retain(|(i, _)| *i < traits);
            self.by_hash.clear();
            for (n, (_, key)) in self.entries.iter().enumerate() {
                let names: Vec<(Name, ())> = key.names.iter().map(|n| (n.clone(), ())).collect();
                let h = Self::hash(&key.class, key.dynamic, key.external, &names, key.copy);
                self.by_hash.entry(h).or_default().push(n);
            }
        }
    }
}

/// The AMF3 marker a reference to `v` is written with.
pub(super) fn ref_marker(v: &Value) -> u8 {
    match v {
        Value::Date(_) => m::DATE,
        Value::XmlDocument(_) => m::XML_DOC,
        Value::Xml(_) => m::XML,
        Value::ByteArray(_) => m::BYTE_ARRAY,
        Value::Object(_) | Value::External(_) => m::OBJECT,
        Value::VectorInt(_) => m::VECTOR_INT,
        Value::VectorUint(_) => m::VECTOR_UINT,
        Value::VectorDouble(_) => m::VECTOR_DOUBLE,
        Value::VectorObject(_) => m::VECTOR_OBJECT,
        Value::Dictionary(_) => m::DICTIONARY,
        _ => m::ARRAY,
    }
}

impl<W: io::Write> Serializer<W> {
    /// Writes a [`Value`] as it is: shared nodes by object reference, traits
    /// by traits reference, every AMF3 detail kept.
    pub(crate) fn write_value(&mut self, v: &Value, depth: usize) -> Result<()> {
        if depth > self.max_depth {
            return Err(ser::Error::custom(format_args!(
                "Value nested too deeply to encode (more than {} levels; see Options::with_max_encode_depth)",
                self.max_depth
            )));
        }
        match v {
            Value::Undefined | Value::Unsupported => self.out.push(m::UNDEFINED),
            Value::Amf3(inner) => self.write_value(inner, depth + 1)?,
            Value::Null => self.out.push(m::NULL),
            Value::Bool(b) => self.out.push(if *b { m::TRUE } else { m::FALSE }),
            Value::Integer(i) if (m::INT_MIN..=m::INT_MAX).contains(i) => {
                m::write_marked_u29(&mut self.out, m::INTEGER, (*i as u32) & U29_MAX);
            }
            Value::Integer(i) => self.write_raw_double(f64::from(*i)),
            Value::Double(d) => self.write_raw_double(*d),
            Value::String(s) => {
                self.out.push(m::STRING);
                self.write_str_vr(s)?;
            }
            Value::Cycle(c) => match self.ids.get(&c.addr()) {
                Some(&index) => {
                    let target = c.upgrade().unwrap_or(Value::Null);
                    self.out.push(ref_marker(&target));
                    write_u29(&mut self.out, index << 1);
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
            // A node nothing else holds cannot come again: it takes its
            // object-table slot without entering `ids` (a hash insert, and
            // the map's growth, per array or object otherwise).
            complex if complex.is_sole_owner() => {
                self.object_count += 1;
                self.write_complex(complex, depth)?;
            }
            complex => {
                let addr = complex.node_addr().unwrap_or(0);
                if let Some(&index) = self.ids.get(&addr) {
                    self.out.push(ref_marker(complex));
                    write_u29(&mut self.out, index << 1);
                    return Ok(());
                }
                self.ids.insert(addr, self.object_count);
                self.object_count += 1;
                self.write_complex(complex, depth)?;
            }
        }
        Ok(())
    }

    /// [`write_value`](Self::write_value) for a container's child, with the
    /// scalars written in the container's loop (no call per member: a
    /// third of the values in citm are integers, strings and nulls).
    #[inline(always)]
    fn write_child(&mut self, v: &Value, depth: usize) -> Result<()> {
        if depth <= self.max_depth {
            match v {
                Value::Null => {
                    self.out.push(m::NULL);
                    return Ok(());
                }
                Value::Integer(i) if (m::INT_MIN..=m::INT_MAX).contains(i) => {
                    m::write_marked_u29(&mut self.out, m::INTEGER, (*i as u32) & U29_MAX);
                    return Ok(());
                }
                Value::Double(d) => {
                    self.write_raw_double(*d);
                    return Ok(());
                }
                Value::String(s) => {
                    self.out.push(m::STRING);
                    return self.write_str_vr(s);
                }
                _ => {}
            }
        }
        self.write_value(v, depth)
    }

    pub(super) fn write_raw_double(&mut self, d: f64) {
        self.out.push(m::DOUBLE);
        self.out.extend_from_slice(&d.to_be_bytes());
    }

    pub(super) fn write_members(&mut self, members: &[(Name, Value)], depth: usize) -> Result<()> {
        for (k, v) in members {
            self.write_member_name(k)?;
            self.write_child(v, depth + 1)?;
        }
        self.out.push(0x01);
        Ok(())
    }

    /// Writes the traits of a `Value` object (or externalizable object):
    /// by reference when the same traits (and the same copy of them, see
    /// `Object::traits_copy`) were written before.
    pub(super) fn write_value_traits<N: TraitName>(
        &mut self,
        depth: usize,
        class: &str,
        dynamic: bool,
        external: bool,
        names: &[N],
        copy: u32,
    ) -> Result<()> {
        if class.is_empty() && dynamic && !external && names.is_empty() && copy == 0 {
            if let Some(t) = self.anon_dynamic {
                write_u29(&mut self.out, (t << 2) | 1);
            } else {
                self.out.extend_from_slice(&[0x0B, 0x01]);
                self.anon_dynamic = Some(self.traits_count);
                self.traits_count += 1;
            }
            return Ok(());
        }
        let hash = match self
            .value_traits
            .find_at(depth, class, dynamic, external, names, copy)
        {
            Ok(t) => {
                write_u29(&mut self.out, (t << 2) | 1);
                return Ok(());
            }
            Err(hash) => hash,
        };
        if names.len() as u64 > u64::from(m::MAX_SEALED) {
            return Err(too_long("sealed member list", names.len()));
        }
        let header = if external {
            0x07 | if dynamic { 0x08 } else { 0 }
        } else {
            ((names.len() as u32) << 4) | 0x03 | if dynamic { 0x08 } else { 0 }
        };
        write_u29(&mut self.out, header);
        self.write_str_vr(class)?;
        for name in names {
            self.write_str_vr(name.name_str())?;
        }
        let t = self.traits_count;
        self.traits_count += 1;
        self.value_traits.insert(
            depth,
            hash,
            t,
            TraitsKey {
                class: class.to_owned(),
                dynamic,
                external,
                names: names.iter().map(|n| Name::new(n.name_str())).collect(),
                copy,
            },
        );
        Ok(())
    }

    pub(super) fn write_complex(&mut self, v: &Value, depth: usize) -> Result<()> {
        match v {
            Value::Date(d) => {
                self.out.extend_from_slice(&[m::DATE, 0x01]);
                self.out.extend_from_slice(&d.millis().to_be_bytes());
            }
            Value::XmlDocument(x) => self.write_text(m::XML_DOC, &x.0)?,
            Value::Xml(x) => self.write_text(m::XML, &x.0)?,
            Value::ByteArray(b) => {
                self.out.push(m::BYTE_ARRAY);
                self.write_len_header(b.0.len(), "byte array")?;
                self.out.extend_from_slice(&b.0);
            }
            Value::Array(a) => {
                self.out.push(m::ARRAY);
                self.write_len_header(a.dense.len(), "array")?;
                for (k, v) in &a.assoc {
                    self.write_member_name(k)?;
                    self.write_child(v, depth + 1)?;
                }
                self.out.push(0x01);
                for v in &a.dense {
                    self.write_child(v, depth + 1)?;
                }
            }
            Value::EcmaArray(e) => {
                // AMF3 has no ECMA array: keys "0", "1", … from the start go
                // to the dense part, the rest to the associative part.
                let dense = e
                    .entries
                    .iter()
                    .enumerate()
                    .take_while(|(i, (k, _))| *k == i.to_string())
                    .count();
                self.out.push(m::ARRAY);
                self.write_len_header(dense, "array")?;
                for (k, v) in &e.entries[dense..] {
                    self.write_member_name(k)?;
                    self.write_child(v, depth + 1)?;
                }
                self.out.push(0x01);
                for (_, v) in &e.entries[..dense] {
                    self.write_child(v, depth + 1)?;
                }
            }
            Value::Object(o) => {
                self.out.push(m::OBJECT);
                self.write_value_traits(
                    depth,
                    &o.class,
                    o.dynamic.is_some(),
                    false,
                    &o.sealed,
                    o.traits_copy,
                )?;
                for (_, v) in &o.sealed {
                    self.write_child(v, depth + 1)?;
                }
                if let Some(members) = &o.dynamic {
                    self.write_members(members, depth)?;
                }
            }
            Value::External(e) => {
                self.out.push(m::OBJECT);
                self.write_value_traits(depth, &e.class, e.dynamic, true, NO_NAMES, 0)?;
                for item in &e.body {
                    self.write_item(item, depth)?;
                }
            }
            Value::VectorInt(x) => {
                self.out.push(m::VECTOR_INT);
                self.write_len_header(x.items.len(), "vector")?;
                self.out.push(u8::from(x.fixed));
                for i in &x.items {
                    self.out.extend_from_slice(&i.to_be_bytes());
                }
            }
            Value::VectorUint(x) => {
                self.out.push(m::VECTOR_UINT);
                self.write_len_header(x.items.len(), "vector")?;
                self.out.push(u8::from(x.fixed));
                for i in &x.items {
                    self.out.extend_from_slice(&i.to_be_bytes());
                }
            }
            Value::VectorDouble(x) => {
                self.out.push(m::VECTOR_DOUBLE);
                self.write_len_header(x.items.len(), "vector")?;
                self.out.push(u8::from(x.fixed));
                for i in &x.items {
                    self.out.extend_from_slice(&i.to_be_bytes());
                }
            }
            Value::VectorObject(x) => {
                self.out.push(m::VECTOR_OBJECT);
                self.write_len_header(x.items.len(), "vector")?;
                self.out.push(u8::from(x.fixed));
                self.write_str_vr(&x.type_name)?;
                for v in &x.items {
                    self.write_value(v, depth + 1)?;
                }
            }
            Value::Dictionary(d) => {
                self.out.push(m::DICTIONARY);
                self.write_len_header(d.entries.len(), "dictionary")?;
                self.out.push(u8::from(d.weak_keys));
                for (k, v) in &d.entries {
                    self.write_value(k, depth + 1)?;
                    self.write_value(v, depth + 1)?;
                }
            }
            // Scalars and cycles are handled by `write_value`.
            _ => self.write_value(v, depth + 1)?,
        }
        Ok(())
    }

    pub(super) fn write_text(&mut self, marker: u8, text: &str) -> Result<()> {
        self.out.push(marker);
        self.write_len_header(text.len(), "XML text")?;
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }

    pub(super) fn write_item(&mut self, item: &DataItem, depth: usize) -> Result<()> {
        match item {
            DataItem::Bool(b) => self.out.push(u8::from(*b)),
            DataItem::Byte(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::UnsignedByte(n) => self.out.push(*n),
            DataItem::Short(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::UnsignedShort(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::Int(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::UnsignedInt(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::Float(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::Double(n) => self.out.extend_from_slice(&n.to_be_bytes()),
            DataItem::Utf(s) => {
                let len = u16::try_from(s.len()).map_err(|_| {
                    Error::code(ErrorCode::TooLong {
                        what: "writeUTF string",
                        len: s.len() as u64,
                        max: u64::from(u16::MAX),
                    })
                })?;
                self.out.extend_from_slice(&len.to_be_bytes());
                self.out.extend_from_slice(s.as_bytes());
            }
            DataItem::UtfBytes(s) => self.out.extend_from_slice(s.as_bytes()),
            DataItem::Bytes(b) => self.out.extend_from_slice(b),
            DataItem::Value(v) => self.write_value(v, depth + 1)?,
        }
        Ok(())
    }
}
