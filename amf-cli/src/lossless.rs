//! Lossless JSON: every distinction a [`Value`] holds, written as JSON that
//! reads back into the same `Value` (and so, for input written by Flash
//! Player, into the same bytes).
//!
//! | AMF | JSON |
//! |---|---|
//! | null, boolean, string | `null`, `true`, `"text"` |
//! | integer (AMF3 `04`) | a number without fraction or exponent: `5` |
//! | double | a number with a fraction or exponent: `5.0`, `1e300`; `{"$double": "NaN"}`, `"Infinity"`, `"-Infinity"`, or the bits `"0x7ff4000000000000"` |
//! | undefined, unsupported | `{"$undefined": true}`, `{"$unsupported": true}` |
//! | date | `{"$date": 1704067200000.0}`, AMF0 time-zone field `"$tz": -60` when not 0 |
//! | XML, XML document | `{"$xml": "<a/>"}`, `{"$xmldoc": "<a/>"}` |
//! | ByteArray | `{"$bytes": "0a0b"}` (hex) |
//! | array, dense only | `[1, 2]` |
//! | array with an associative part | `{"$assoc": {"k": 1}, "$array": [1, 2]}` (wire order) |
//! | anonymous dynamic object | `{"a": 1}` (when no member name starts with `$`) |
//! | other objects | `{"$class": "com.x.C", "$sealed": {"a": 1}, "$dynamic": {"b": 2}}`: `$class` left out when anonymous, `$dynamic` present exactly for dynamic objects, `$sealed` left out when empty and dynamic |
//! | an object using a second copy of its traits (Flash writes the traits of a second class that looks the same inline again: `Object::traits_copy`) | `"$traits_copy": 1` in the form above (left out when 0) |
//! | externalizable object | `{"$class": "C", "$external": [{"double": 5.0}, {"utf": "x"}, {"object": …}]}`, `"$dynamic": true` when its traits have the dynamic flag (`0a 0f`, Flash's `ObjectProxy`: `External::dynamic`) |
//! | vectors | `{"$vector_int": [1]}`, `$vector_uint`, `$vector_double`, `{"$vector_object": [...], "$type": "*"}`, `"$fixed": true` when fixed |
//! | Dictionary | `{"$dictionary": [[key, value], …]}`, `"$weak": true` for weak keys |
//! | AMF0 ECMA array | `{"$ecma": {"k": v}, "$length": 2}` |
//! | AMF3 value inside AMF0 (`11`) | `{"$amf3": value}` |
//! | a node met more than once | first time with `"$id": n`, then `{"$ref": n}` (also for cycles) |
//!
//! Any tagged form (and any array) takes `"$id"`. Member order and
//! duplicate member names are kept. Plain JSON reads as the obvious AMF
//! (integers that fit an `i32` as integers, objects as anonymous dynamic
//! objects).
//!
//! ```
//! use amf_cli::lossless;
//!
//! // [o, o] where o = {a: 1}, as Flash Player writes it.
//! let bytes = [0x09, 0x05, 0x01, 0x0a, 0x0b, 0x01, 0x03, 0x61, 0x04, 0x01, 0x01, 0x0a, 0x02];
//! let v: amf_serde::Value = amf_serde::from_slice(&bytes)?;
//! let json = serde_json::to_string(&lossless::Lossless::new(std::slice::from_ref(&v)).of(0))?;
//! assert_eq!(json, r#"[{"$dynamic":{"a":1},"$id":0},{"$ref":0}]"#);
//! let back = lossless::from_str(&json)?;
//! assert_eq!(amf_serde::to_vec(&back)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use amf_serde::types::{
    Array, ByteArray, DataItem, Date, Dictionary, EcmaArray, External, Object, ObjectVector,
    Vector, Xml, XmlDocument,
};
use amf_serde::{Cycle, Value};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserializer, Serialize};

// ------------------------------------------------------------------ write

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

/// `true` if `v` contains a [`Value::Cycle`] (which plain JSON cannot
/// write).
pub fn has_cycle(v: &Value) -> bool {
    // Recursive (no stack to allocate), shared nodes walked again each
    // time as writing them does; depth is bounded by the decoder's limit.
    let members = |m: &[(amf_serde::Name, Value)]| m.iter().any(|(_, v)| has_cycle(v));
    match v {
        Value::Cycle(_) => true,
        Value::Array(a) => members(a.assoc()) || a.iter().any(has_cycle),
        Value::Object(o) => members(&o.sealed) || o.dynamic.as_deref().is_some_and(members),
        Value::External(e) => e.body.iter().any(|i| match i {
            DataItem::Value(v) => has_cycle(v),
            _ => false,
        }),
        Value::VectorObject(x) => x.items.iter().any(has_cycle),
        Value::Dictionary(d) => d.entries.iter().any(|(k, v)| has_cycle(k) || has_cycle(v)),
        Value::EcmaArray(e) => members(&e.entries),
        Value::Amf3(inner) => has_cycle(inner),
        _ => false,
    }
}

/// A copy of `v` with every [`Value::Cycle`] replaced by `null`, for plain
/// JSON.
pub fn without_cycles(v: &Value) -> Value {
    let members = |m: &[(amf_serde::Name, Value)]| -> Vec<(amf_serde::Name, Value)> {
        m.iter()
            .map(|(k, v)| (k.clone(), without_cycles(v)))
            .collect()
    };
    match v {
        Value::Cycle(_) => Value::Null,
        Value::Array(a) => Value::Array(Arc::new(Array::from_parts(
            a.iter().map(without_cycles).collect::<Vec<_>>(),
            members(a.assoc()),
        ))),
        Value::Object(o) => Value::Object(Arc::new(Object {
            class: o.class.clone(),
            sealed: members(&o.sealed).into(),
            dynamic: o.dynamic.as_deref().map(|d| members(d).into()),
            traits_copy: o.traits_copy,
        })),
        Value::External(e) => Value::External(Arc::new(External {
            class: e.class.clone(),
            dynamic: e.dynamic,
            body: e
                .body
                .iter()
                .map(|i| match i {
                    DataItem::Value(v) => DataItem::Value(without_cycles(v)),
                    other => other.clone(),
                })
                .collect(),
        })),
        Value::VectorObject(x) => Value::VectorObject(Arc::new(ObjectVector {
            fixed: x.fixed,
            type_name: x.type_name.clone(),
            items: x.items.iter().map(without_cycles).collect(),
        })),
        Value::Dictionary(d) => Value::Dictionary(Arc::new(Dictionary {
            weak_keys: d.weak_keys,
            entries: d
                .entries
                .iter()
                .map(|(k, v)| (without_cycles(k), without_cycles(v)))
                .collect(),
        })),
        Value::EcmaArray(e) => Value::EcmaArray(Arc::new(EcmaArray {
            length: e.length,
            entries: members(&e.entries).into(),
        })),
        Value::Amf3(inner) => Value::Amf3(Box::new(without_cycles(inner))),
        other => other.clone(),
    }
}

/// Pushes the children of `v` in reverse wire order (so they pop in order).
fn children<'v>(v: &'v Value, stack: &mut Vec<&'v Value>) {
    let start = stack.len();
    match v {
        Value::Array(a) => {
            stack.extend(a.assoc().iter().map(|(_, v)| v));
            stack.extend(a.iter());
        }
        Value::Object(o) => stack.extend(o.members().map(|(_, v)| v)),
        Value::External(e) => {
            for item in &e.body {
                if let DataItem::Value(v) = item {
                    stack.push(v);
                }
            }
        }
        Value::VectorObject(x) => stack.extend(x.items.iter()),
        Value::Dictionary(d) => {
            for (k, v) in &d.entries {
                stack.push(k);
                stack.push(v);
            }
        }
        Value::EcmaArray(e) => stack.extend(e.entries.iter().map(|(_, v)| v)),
        Value::Amf3(inner) => stack.push(inner),
        _ => {}
    }
    stack[start..].reverse();
}

/// Address of a shared node, seen through [`Value::Amf3`]; the same as the
/// library's private `node_addr`.
trait NodeAddr {
    fn node_addr_pub(&self) -> Option<usize>;
}

impl NodeAddr for Value {
    fn node_addr_pub(&self) -> Option<usize> {
        Some(match self {
            Value::Date(a) => Arc::as_ptr(a) as usize,
            Value::XmlDocument(a) => Arc::as_ptr(a) as usize,
            Value::Xml(a) => Arc::as_ptr(a) as usize,
            Value::ByteArray(a) => Arc::as_ptr(a) as usize,
            Value::Array(a) => Arc::as_ptr(a) as usize,
            Value::Object(a) => Arc::as_ptr(a) as usize,
            Value::External(a) => Arc::as_ptr(a) as usize,
            Value::VectorInt(a) => Arc::as_ptr(a) as usize,
            Value::VectorUint(a) => Arc::as_ptr(a) as usize,
            Value::VectorDouble(a) => Arc::as_ptr(a) as usize,
            Value::VectorObject(a) => Arc::as_ptr(a) as usize,
            Value::Dictionary(a) => Arc::as_ptr(a) as usize,
            Value::EcmaArray(a) => Arc::as_ptr(a) as usize,
            Value::Cycle(c) => return c.upgrade().and_then(|t| t.node_addr_pub()),
            _ => return None,
        })
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

// ------------------------------------------------------------------- read

/// Parsed JSON that keeps what `serde_json::Value` loses: member order,
/// duplicate names, and integer vs number with a fraction.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number without fraction or exponent.
    Int(i128),
    /// A number with a fraction or exponent.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, members in order, duplicates kept.
    Obj(Vec<(String, Json)>),
}

/// Deepest JSON nesting read (each AMF level takes up to three).
pub const MAX_JSON_DEPTH: usize = 1024;

struct JsonSeed(usize);

impl<'de> DeserializeSeed<'de> for JsonSeed {
    type Value = Json;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        if self.0 > MAX_JSON_DEPTH {
            return Err(de::Error::custom("JSON nested too deeply"));
        }
        d.deserialize_any(JsonVisitor(self.0))
    }
}

struct JsonVisitor(usize);

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Int(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Int(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
        Ok(Json::Float(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = a.next_element_seed(JsonSeed(self.0 + 1))? {
            v.push(x);
        }
        Ok(Json::Arr(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
        let mut v = Vec::new();
        while let Some(k) = a.next_key::<String>()? {
            v.push((k, a.next_value_seed(JsonSeed(self.0 + 1))?));
        }
        Ok(Json::Obj(v))
    }
}

/// Parses JSON text into a [`Json`] tree.
///
/// # Errors
/// Invalid JSON (with line and column), or nesting deeper than
/// [`MAX_JSON_DEPTH`].
pub fn parse_json(text: &str) -> Result<Json, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let j = JsonSeed(0)
        .deserialize(&mut de)
        .map_err(|e| format!("invalid JSON: {e}"))?;
    de.end().map_err(|e| format!("invalid JSON: {e}"))?;
    Ok(j)
}

/// Reads lossless (or plain) JSON text into a [`Value`].
///
/// # Errors
/// Invalid JSON, or JSON that breaks the rules of the lossless form (an
/// unknown `$` key, a `$ref` before its `$id`, a value out of range).
pub fn from_str(text: &str) -> Result<Value, String> {
    Builder::default().value(&parse_json(text)?, "")
}

/// What a `$ref` resolves to.
enum Def {
    /// A node still being built: a reference to it is a cycle.
    Building(Cycle),
    /// A finished node.
    Done(Value),
}

/// Builds [`Value`]s from [`Json`], resolving `$id`/`$ref`. One builder per
/// reference space (one value, or all entries of a `.sol` file).
#[derive(Default)]
pub struct Builder {
    defs: HashMap<u64, Def>,
}

/// `where` for messages: a JSON path.
fn at(path: &str) -> String {
    if path.is_empty() {
        "at the top".into()
    } else {
        format!("at {path}")
    }
}

fn get<'j>(members: &'j [(String, Json)], key: &str) -> Option<&'j Json> {
    members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

const KNOWN: &[&str] = &[
    "$id",
    "$ref",
    "$double",
    "$undefined",
    "$unsupported",
    "$date",
    "$tz",
    "$xml",
    "$xmldoc",
    "$bytes",
    "$array",
    "$assoc",
    "$class",
    "$sealed",
    "$dynamic",
    "$external",
    "$vector_int",
    "$vector_uint",
    "$vector_double",
    "$vector_object",
    "$type",
    "$fixed",
    "$dictionary",
    "$weak",
    "$ecma",
    "$length",
    "$amf3",
    "$traits_copy",
];

impl Builder {
    /// Builds one value; `path` names it in messages.
    ///
    /// # Errors
    /// See [`from_str`].
    pub fn value(&mut self, j: &Json, path: &str) -> Result<Value, String> {
        match j {
            Json::Null => Ok(Value::Null),
            Json::Bool(b) => Ok(Value::Bool(*b)),
            Json::Int(n) => Ok(match i32::try_from(*n) {
                Ok(i) => Value::Integer(i),
                Err(_) => Value::Double(*n as f64),
            }),
            Json::Float(f) => Ok(Value::Double(*f)),
            Json::Str(s) => Ok(Value::String(s.clone())),
            Json::Arr(items) => {
                let dense = self.list(items, path)?;
                Ok(Value::Array(Arc::new(Array::from(dense))))
            }
            Json::Obj(m) if m.iter().all(|(k, _)| !k.starts_with('$')) => {
                let members = self.members(m, path)?;
                Ok(Value::Object(Arc::new(Object::anonymous(members))))
            }
            Json::Obj(m) => self.tagged(m, path),
        }
    }

    fn list(&mut self, items: &[Json], path: &str) -> Result<Vec<Value>, String> {
        items
            .iter()
            .enumerate()
            .map(|(i, x)| self.value(x, &format!("{path}[{i}]")))
            .collect()
    }

    fn members(
        &mut self,
        m: &[(String, Json)],
        path: &str,
    ) -> Result<Vec<(amf_serde::Name, Value)>, String> {
        m.iter()
            .map(|(k, v)| {
                Ok((
                    amf_serde::Name::new(k),
                    self.value(v, &format!("{path}.{k}"))?,
                ))
            })
            .collect()
    }

    fn members_of(
        &mut self,
        j: &Json,
        path: &str,
    ) -> Result<Vec<(amf_serde::Name, Value)>, String> {
        match j {
            Json::Obj(m) => self.members(m, path),
            _ => Err(format!("{}: an object expected", at(path))),
        }
    }

    fn double(j: &Json, path: &str) -> Result<f64, String> {
        match j {
            Json::Float(f) => Ok(*f),
            Json::Int(n) => Ok(*n as f64),
            Json::Obj(m) if m.len() == 1 && m[0].0 == "$double" => match &m[0].1 {
                Json::Str(s) => match s.as_str() {
                    "NaN" => Ok(f64::NAN),
                    "Infinity" => Ok(f64::INFINITY),
                    "-Infinity" => Ok(f64::NEG_INFINITY),
                    hex => hex
                        .strip_prefix("0x")
                        .and_then(|h| u64::from_str_radix(h, 16).ok())
                        .map(f64::from_bits)
                        .ok_or_else(|| format!("{}: bad $double {hex:?}", at(path))),
                },
                _ => Err(format!("{}: $double takes a string", at(path))),
            },
            _ => Err(format!("{}: a number expected", at(path))),
        }
    }

    fn int<T: TryFrom<i128>>(j: &Json, path: &str, what: &str) -> Result<T, String> {
        match j {
            Json::Int(n) => T::try_from(*n).map_err(|_| format!("{}: {n} is not {what}", at(path))),
            _ => Err(format!("{}: {what} expected", at(path))),
        }
    }

    fn flag(j: Option<&Json>, path: &str) -> Result<bool, String> {
        match j {
            None => Ok(false),
            Some(Json::Bool(b)) => Ok(*b),
            Some(_) => Err(format!("{}: true or false expected", at(path))),
        }
    }

    fn string<'j>(j: &'j Json, path: &str) -> Result<&'j str, String> {
        match j {
            Json::Str(s) => Ok(s),
            _ => Err(format!("{}: a string expected", at(path))),
        }
    }

    fn hex(j: &Json, path: &str) -> Result<Vec<u8>, String> {
        let s = Self::string(j, path)?;
        crate::input::parse_hex(s).map_err(|e| format!("{}: {e}", at(path)))
    }

    /// Builds a container that may be the target of cycles: registers it
    /// as being built under `id` while its children are read.
    fn cyclic<T: Default>(
        &mut self,
        id: Option<u64>,
        weak: fn(std::sync::Weak<T>) -> Cycle,
        build: impl FnOnce(&mut Self) -> Result<T, String>,
    ) -> Result<Arc<T>, String> {
        let mut err = None;
        let node = Arc::new_cyclic(|w| {
            if let Some(id) = id {
                self.defs.insert(id, Def::Building(weak(w.clone())));
            }
            build(self).unwrap_or_else(|e| {
                err = Some(e);
                T::default()
            })
        });
        match err {
            Some(e) => Err(e),
            None => Ok(node),
        }
    }

    fn tagged(&mut self, m: &[(String, Json)], path: &str) -> Result<Value, String> {
        for (k, _) in m {
            if !KNOWN.contains(&k.as_str()) {
                return Err(format!(
                    "{}: unknown key {k:?} (member names starting with $ go inside \
                     {{\"$dynamic\": {{…}}}})",
                    at(path)
                ));
            }
        }
        if let Some(r) = get(m, "$ref") {
            let n: u64 = Self::int(r, path, "a $ref number")?;
            return match self.defs.get(&n) {
                Some(Def::Done(v)) => Ok(v.clone()),
                Some(Def::Building(c)) => Ok(Value::Cycle(c.clone())),
                None => Err(format!("{}: $ref {n} before its $id", at(path))),
            };
        }
        let id = match get(m, "$id") {
            Some(j) => {
                let n: u64 = Self::int(j, path, "an $id number")?;
                if self.defs.contains_key(&n) {
                    return Err(format!("{}: $id {n} given twice", at(path)));
                }
                Some(n)
            }
            None => None,
        };
        let v = self.tagged_node(m, path, id)?;
        if let Some(n) = id {
            if v.node_addr_pub().is_none() {
                return Err(format!(
                    "{}: $id on a value that cannot be shared",
                    at(path)
                ));
            }
            self.defs.insert(n, Def::Done(v.clone()));
        }
        Ok(v)
    }

    fn tagged_node(
        &mut self,
        m: &[(String, Json)],
        path: &str,
        id: Option<u64>,
    ) -> Result<Value, String> {
        let has = |k: &str| get(m, k).is_some();
        if let Some(j) = get(m, "$double") {
            return Ok(Value::Double(Self::double(
                &Json::Obj(vec![("$double".into(), j.clone())]),
                path,
            )?));
        }
        if has("$undefined") {
            return Ok(Value::Undefined);
        }
        if has("$unsupported") {
            return Ok(Value::Unsupported);
        }
        if let Some(j) = get(m, "$date") {
            let ms = Self::double(j, path)?;
            let tz = match get(m, "$tz") {
                Some(t) => Self::int(t, path, "a time-zone field (i16)")?,
                None => 0,
            };
            return Ok(Value::Date(Arc::new(
                Date::from_millis(ms).with_timezone(tz),
            )));
        }
        if let Some(j) = get(m, "$xml") {
            return Ok(Value::Xml(Arc::new(Xml(Self::string(j, path)?.into()))));
        }
        if let Some(j) = get(m, "$xmldoc") {
            let s = Self::string(j, path)?.to_string();
            return Ok(Value::XmlDocument(Arc::new(XmlDocument(s))));
        }
        if let Some(j) = get(m, "$bytes") {
            return Ok(Value::ByteArray(Arc::new(ByteArray(Self::hex(j, path)?))));
        }
        if let Some(j) = get(m, "$amf3") {
            return Ok(Value::Amf3(Box::new(
                self.value(j, &format!("{path}.$amf3"))?,
            )));
        }
        if has("$array") || has("$assoc") {
            let arr = self.cyclic(id, Cycle::from, |b| {
                let assoc = match get(m, "$assoc") {
                    Some(j) => b.members_of(j, &format!("{path}.$assoc"))?,
                    None => Vec::new(),
                };
                let dense = match get(m, "$array") {
                    Some(Json::Arr(items)) => b.list(items, path)?,
                    Some(_) => return Err(format!("{}: $array takes a list", at(path))),
                    None => Vec::new(),
                };
                Ok(Array::from_parts(dense, assoc))
            })?;
            return Ok(Value::Array(arr));
        }
        if let Some(j) = get(m, "$ecma") {
            let length = match get(m, "$length") {
                Some(l) => Self::int(l, path, "a $length (u32)")?,
                None => match j {
                    Json::Obj(e) => u32::try_from(e.len()).unwrap_or(u32::MAX),
                    _ => 0,
                },
            };
            let e = self.cyclic(id, Cycle::from, |b| {
                Ok(EcmaArray {
                    length,
                    entries: b.members_of(j, &format!("{path}.$ecma"))?.into(),
                })
            })?;
            return Ok(Value::EcmaArray(e));
        }
        if let Some(j) = get(m, "$external") {
            let class = match get(m, "$class") {
                Some(c) => Self::string(c, path)?.to_string(),
                None => return Err(format!("{}: $external needs a $class", at(path))),
            };
            let Json::Arr(items) = j else {
                return Err(format!("{}: $external takes a list", at(path)));
            };
            let dynamic = Self::flag(get(m, "$dynamic"), &format!("{path}.$dynamic"))?;
            let e = self.cyclic(id, Cycle::from, |b| {
                let mut body = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    body.push(b.item(item, &format!("{path}.$external[{i}]"))?);
                }
                Ok(External {
                    class: class.as_str().into(),
                    body,
                    dynamic,
                })
            })?;
            return Ok(Value::External(e));
        }
        let fixed = Self::flag(get(m, "$fixed"), path)?;
        if let Some(j) = get(m, "$vector_int") {
            let items = self.numbers(j, path, |x, p| Self::int(x, p, "an int"))?;
            return Ok(Value::VectorInt(Arc::new(Vector { fixed, items })));
        }
        if let Some(j) = get(m, "$vector_uint") {
            let items = self.numbers(j, path, |x, p| Self::int(x, p, "a uint"))?;
            return Ok(Value::VectorUint(Arc::new(Vector { fixed, items })));
        }
        if let Some(j) = get(m, "$vector_double") {
            let items = self.numbers(j, path, Self::double)?;
            return Ok(Value::VectorDouble(Arc::new(Vector { fixed, items })));
        }
        if let Some(j) = get(m, "$vector_object") {
            let type_name = match get(m, "$type") {
                Some(t) => Self::string(t, path)?.to_string(),
                None => "*".to_string(),
            };
            let Json::Arr(items) = j else {
                return Err(format!("{}: $vector_object takes a list", at(path)));
            };
            let x = self.cyclic(id, Cycle::from, |b| {
                Ok(ObjectVector {
                    fixed,
                    type_name: type_name.as_str().into(),
                    items: b.list(items, &format!("{path}.$vector_object"))?,
                })
            })?;
            return Ok(Value::VectorObject(x));
        }
        if let Some(j) = get(m, "$dictionary") {
            let weak_keys = Self::flag(get(m, "$weak"), path)?;
            let Json::Arr(pairs) = j else {
                return Err(format!("{}: $dictionary takes a list of pairs", at(path)));
            };
            let d = self.cyclic(id, Cycle::from, |b| {
                let mut entries = Vec::with_capacity(pairs.len());
                for (i, p) in pairs.iter().enumerate() {
                    let p_path = format!("{path}.$dictionary[{i}]");
                    match p {
                        Json::Arr(kv) if kv.len() == 2 => {
                            let k = b.value(&kv[0], &p_path)?;
                            entries.push((k, b.value(&kv[1], &p_path)?));
                        }
                        _ => return Err(format!("{}: a [key, value] pair expected", at(&p_path))),
                    }
                }
                Ok(Dictionary { weak_keys, entries })
            })?;
            return Ok(Value::Dictionary(d));
        }
        if has("$class") || has("$sealed") || has("$dynamic") || has("$traits_copy") {
            let class = match get(m, "$class") {
                Some(c) => Self::string(c, path)?.to_string(),
                None => String::new(),
            };
            let traits_copy = match get(m, "$traits_copy") {
                Some(n) => Self::int(n, path, "a $traits_copy number (u32)")?,
                None => 0,
            };
            let o = self.cyclic(id, Cycle::from, |b| {
                let sealed = match get(m, "$sealed") {
                    Some(j) => b.members_of(j, &format!("{path}.$sealed"))?,
                    None => Vec::new(),
                };
                let dynamic = match get(m, "$dynamic") {
                    Some(j) => Some(b.members_of(j, &format!("{path}.$dynamic"))?),
                    None => None,
                };
                Ok(Object {
                    class: class.as_str().into(),
                    sealed: sealed.into(),
                    dynamic: dynamic.map(Into::into),
                    traits_copy,
                })
            })?;
            return Ok(Value::Object(o));
        }
        Err(format!(
            "{}: an object with only {:?}",
            at(path),
            m.first().map(|(k, _)| k)
        ))
    }

    fn numbers<T>(
        &mut self,
        j: &Json,
        path: &str,
        f: impl Fn(&Json, &str) -> Result<T, String>,
    ) -> Result<Vec<T>, String> {
        match j {
            Json::Arr(items) => items
                .iter()
                .enumerate()
                .map(|(i, x)| f(x, &format!("{path}[{i}]")))
                .collect(),
            _ => Err(format!("{}: a list expected", at(path))),
        }
    }

    fn item(&mut self, j: &Json, path: &str) -> Result<DataItem, String> {
        let Json::Obj(m) = j else {
            return Err(format!(
                "{}: an item such as {{\"double\": 1.0}} expected",
                at(path)
            ));
        };
        let [(k, v)] = m.as_slice() else {
            return Err(format!("{}: an item has exactly one key", at(path)));
        };
        Ok(match k.as_str() {
            "bool" => DataItem::Bool(Self::flag(Some(v), path)?),
            "byte" => DataItem::Byte(Self::int(v, path, "a byte")?),
            "ubyte" => DataItem::UnsignedByte(Self::int(v, path, "an unsigned byte")?),
            "short" => DataItem::Short(Self::int(v, path, "a short")?),
            "ushort" => DataItem::UnsignedShort(Self::int(v, path, "an unsigned short")?),
            "int" => DataItem::Int(Self::int(v, path, "an int")?),
            "uint" => DataItem::UnsignedInt(Self::int(v, path, "a uint")?),
            "float" => DataItem::Float(Self::double(v, path)? as f32),
            "double" => DataItem::Double(Self::double(v, path)?),
            "utf" => DataItem::Utf(Self::string(v, path)?.into()),
            "utfbytes" => DataItem::UtfBytes(Self::string(v, path)?.into()),
            "bytes" => DataItem::Bytes(Self::hex(v, path)?),
            "object" => DataItem::Value(self.value(v, path)?),
            other => return Err(format!("{}: unknown item kind {other:?}", at(path))),
        })
    }
}
