//! Writing lossless JSON: [`Lossless`] numbers the nodes met more than once
//! (`$id`/`$ref`), and [`Node`] serializes one value in the tagged forms of
//! the table in the module docs.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use amf_serde::types::DataItem;
use amf_serde::Value;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use super::graph::{children, NodeAddr};

/// Lossless JSON of one or more values that share one reference space
/// (the values of one `.sol` file share their tables).
pub struct Lossless<'a> {
    values: &'a [Value],
    /// Address of every node met more than once.
    shared: HashSet<usize>,
    /// Ids of the shared nodes written so far.
    ids: RefCell<HashMap<usize, u64>>,
}

impl<'a> Lossless<'a> {
    /// Finds the shared nodes of `values`.
    pub fn new(values: &'a [Value]) -> Self {
        let mut seen = HashSet::new();
        let mut shared = HashSet::new();
        let mut stack: Vec<&Value> = values.iter().rev().collect();
        while let Some(v) = stack.pop() {
            if let Value::Cycle(c) = v {
                if let Some(t) = c.upgrade() {
                    if let Some(a) = t.node_addr_pub() {
                        shared.insert(a);
                    }
                }
                continue;
            }
            let Some(addr) = v.node_addr_pub() else {
                if let Value::Amf3(inner) = v {
                    stack.push(inner);
                }
                continue;
            };
            if !seen.insert(addr) {
                shared.insert(addr);
                continue;
            }
            children(v, &mut stack);
        }
        Lossless {
            values,
            shared,
            ids: RefCell::new(HashMap::new()),
        }
    }

    /// The writer of value `i` (write them in order: ids are given out as
    /// nodes are first written).
    pub fn of(&'a self, i: usize) -> Node<'a> {
        Node {
            v: &self.values[i],
            ctx: self,
        }
    }

    /// The writer of `v`, one of the values given to [`Lossless::new`] or a
    /// part of one.
    pub fn node(&'a self, v: &'a Value) -> Node<'a> {
        Node { v, ctx: self }
    }
}

/// One value, serializable as lossless JSON.
pub struct Node<'a> {
    v: &'a Value,
    ctx: &'a Lossless<'a>,
}

/// A double, as lossless JSON writes it.
struct Double(f64);

impl Serialize for Double {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        if d.is_finite() {
            return s.serialize_f64(d);
        }
        let text = if d.is_nan() && d.to_bits() == f64::NAN.to_bits() {
            "NaN".to_string()
        } else if d == f64::INFINITY {
            "Infinity".to_string()
        } else if d == f64::NEG_INFINITY {
            "-Infinity".to_string()
        } else {
            format!("0x{:016x}", d.to_bits())
        };
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("$double", &text)?;
        m.end()
    }
}

/// Members as a JSON object (order and duplicates kept).
struct Members<'a>(&'a [(amf_serde::Name, Value)], &'a Lossless<'a>);

impl Serialize for Members<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k.as_str(), &self.1.node(v))?;
        }
        m.end()
    }
}

struct Seq<'a, I>(RefCell<Option<I>>, &'a Lossless<'a>);

impl<'a, I: Iterator<Item = &'a Value>> Serialize for Seq<'a, I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let it = self.0.borrow_mut().take();
        let mut seq = s.serialize_seq(None)?;
        for v in it.into_iter().flatten() {
            seq.serialize_element(&self.1.node(v))?;
        }
        seq.end()
    }
}

fn seq<'a, I: Iterator<Item = &'a Value>>(it: I, ctx: &'a Lossless<'a>) -> Seq<'a, I> {
    Seq(RefCell::new(Some(it)), ctx)
}

struct Hex<'a>(&'a [u8]);

impl Serialize for Hex<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}", HexDisplay(self.0)))
    }
}

struct HexDisplay<'a>(&'a [u8]);

impl std::fmt::Display for HexDisplay<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut buf = [0u8; 128];
        for chunk in self.0.chunks(64) {
            for (i, b) in chunk.iter().enumerate() {
                buf[2 * i] = DIGITS[usize::from(b >> 4)];
                buf[2 * i + 1] = DIGITS[usize::from(b & 15)];
            }
            let s = std::str::from_utf8(&buf[..2 * chunk.len()]).map_err(|_| std::fmt::Error)?;
            f.write_str(s)?;
        }
        Ok(())
    }
}

struct Item<'a>(&'a DataItem, &'a Lossless<'a>);

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        match self.0 {
            DataItem::Bool(b) => m.serialize_entry("bool", b)?,
            DataItem::Byte(n) => m.serialize_entry("byte", n)?,
            DataItem::UnsignedByte(n) => m.serialize_entry("ubyte", n)?,
            DataItem::Short(n) => m.serialize_entry("short", n)?,
            DataItem::UnsignedShort(n) => m.serialize_entry("ushort", n)?,
            DataItem::Int(n) => m.serialize_entry("int", n)?,
            DataItem::UnsignedInt(n) => m.serialize_entry("uint", n)?,
            DataItem::Float(n) => m.serialize_entry("float", &Double(f64::from(*n)))?,
            DataItem::Double(n) => m.serialize_entry("double", &Double(*n))?,
            DataItem::Utf(t) => m.serialize_entry("utf", t)?,
            DataItem::UtfBytes(t) => m.serialize_entry("utfbytes", t)?,
            DataItem::Bytes(b) => m.serialize_entry("bytes", &Hex(b))?,
            DataItem::Value(v) => m.serialize_entry("object", &self.1.node(v))?,
            // `DataItem` may grow: say so rather than guess.
            #[allow(unreachable_patterns)]
            _ => {
                return Err(serde::ser::Error::custom(
                    "an externalizable body item of an unknown kind",
                ))
            }
        }
        m.end()
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = self.ctx;
        let v = self.v;
        // Shared nodes: the first time with "$id", then "$ref".
        let mut id = None;
        if let Value::Cycle(c) = v {
            let addr = c.upgrade().and_then(|t| t.node_addr_pub());
            let known = addr.and_then(|a| ctx.ids.borrow().get(&a).copied());
            return match known {
                Some(n) => {
                    let mut m = s.serialize_map(Some(1))?;
                    m.serialize_entry("$ref", &n)?;
                    m.end()
                }
                None => Err(serde::ser::Error::custom(
                    "a cycle points at a value that is not an enclosing one",
                )),
            };
        }
        if let Some(addr) = v.node_addr_pub().filter(|a| ctx.shared.contains(a)) {
            let mut ids = ctx.ids.borrow_mut();
            if let Some(&n) = ids.get(&addr) {
                drop(ids);
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("$ref", &n)?;
                return m.end();
            }
            let n = ids.len() as u64;
            ids.insert(addr, n);
            id = Some(n);
        }
        macro_rules! tagged {
            ($($k:expr => $v:expr),* $(,)?) => {{
                let mut m = s.serialize_map(None)?;
                $( m.serialize_entry($k, $v)?; )*
                if let Some(n) = id {
                    m.serialize_entry("$id", &n)?;
                }
                m.end()
            }};
        }
        match v {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Integer(i) => s.serialize_i32(*i),
            Value::Double(d) => Double(*d).serialize(s),
            Value::String(t) => s.serialize_str(t),
            Value::Undefined => tagged!("$undefined" => &true),
            Value::Unsupported => tagged!("$unsupported" => &true),
            Value::Date(d) => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("$date", &Double(d.millis()))?;
                if d.timezone() != 0 {
                    m.serialize_entry("$tz", &d.timezone())?;
                }
                if let Some(n) = id {
                    m.serialize_entry("$id", &n)?;
                }
                m.end()
            }
            Value::Xml(x) => tagged!("$xml" => &x.0),
            Value::XmlDocument(x) => tagged!("$xmldoc" => &x.0),
            Value::ByteArray(b) => tagged!("$bytes" => &Hex(&b.0)),
            Value::Array(a) if a.assoc().is_empty() && id.is_none() => {
                seq(a.iter(), ctx).serialize(s)
            }
            Value::Array(a) => {
                let mut m = s.serialize_map(None)?;
                if !a.assoc().is_empty() {
                    m.serialize_entry("$assoc", &Members(a.assoc(), ctx))?;
                }
                m.serialize_entry("$array", &seq(a.iter(), ctx))?;
                if let Some(n) = id {
                    m.serialize_entry("$id", &n)?;
                }
                m.end()
            }
            Value::Object(o)
                if o.class.is_empty()
                    && o.sealed.is_empty()
                    && o.traits_copy == 0
                    && id.is_none()
                    && o.dynamic
                        .as_ref()
                        .is_some_and(|d| d.iter().all(|(k, _)| !k.starts_with('$'))) =>
            {
                Members(o.dynamic.as_deref().unwrap_or_default(), ctx).serialize(s)
            }
            Value::Object(o) => {
                let mut m = s.serialize_map(None)?;
                if !o.class.is_empty() {
                    m.serialize_entry("$class", o.class.as_str())?;
                }
                if !o.sealed.is_empty() || o.dynamic.is_none() {
                    m.serialize_entry("$sealed", &Members(&o.sealed, ctx))?;
                }
                if let Some(d) = &o.dynamic {
                    m.serialize_entry("$dynamic", &Members(d, ctx))?;
                }
                if o.traits_copy != 0 {
                    m.serialize_entry("$traits_copy", &o.traits_copy)?;
                }
                if let Some(n) = id {
                    m.serialize_entry("$id", &n)?;
                }
                m.end()
            }
            Value::External(e) => {
                let items: Vec<Item> = e.body.iter().map(|i| Item(i, ctx)).collect();
                if e.dynamic {
                    tagged!("$class" => e.class.as_str(), "$external" => &items, "$dynamic" => &true)
                } else {
                    tagged!("$class" => e.class.as_str(), "$external" => &items)
                }
            }
            Value::VectorInt(x) => vector(s, "$vector_int", &x.items, x.fixed, None, id),
            Value::VectorUint(x) => vector(s, "$vector_uint", &x.items, x.fixed, None, id),
            Value::VectorDouble(x) => {
                let items: Vec<Double> = x.items.iter().map(|d| Double(*d)).collect();
                vector(s, "$vector_double", &items, x.fixed, None, id)
            }
            Value::VectorObject(x) => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("$vector_object", &seq(x.items.iter(), ctx))?;
                m.serialize_entry("$type", x.type_name.as_str())?;
                if x.fixed {
                    m.serialize_entry("$fixed", &true)?;
                }
                if let Some(n) = id {
                    m.serialize_entry("$id", &n)?;
                }
                m.end()
            }
            Value::Dictionary(d) => {
                let pairs: Vec<[Node; 2]> = d
                    .entries
                    .iter()
                    .map(|(k, v)| [ctx.node(k), ctx.node(v)])
                    .collect();
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("$dictionary", &pairs)?;
                if d.weak_keys {
                    m.serialize_entry("$weak", &true)?;
                }
                if let Some(n) = id {
                    m.serialize_entry("$id", &n)?;
                }
                m.end()
            }
            Value::EcmaArray(e) => {
                tagged!("$ecma" => &Members(&e.entries, ctx), "$length" => &e.length)
            }
            Value::Amf3(inner) => tagged!("$amf3" => &ctx.node(inner)),
            // `Value` is non-exhaustive: a new kind is an error, not a guess.
            _ => Err(serde::ser::Error::custom(
                "a kind of value this version of amf cannot write",
            )),
        }
    }
}

fn vector<S: Serializer, T: Serialize>(
    s: S,
    tag: &str,
    items: &[T],
    fixed: bool,
    type_name: Option<&str>,
    id: Option<u64>,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    m.serialize_entry(tag, items)?;
    if let Some(t) = type_name {
        m.serialize_entry("$type", t)?;
    }
    if fixed {
        m.serialize_entry("$fixed", &true)?;
    }
    if let Some(n) = id {
        m.serialize_entry("$id", &n)?;
    }
    m.end()
}
