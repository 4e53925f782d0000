//! Reading lossless (or plain) JSON back into [`Value`]s: [`from_str`] and the
//! [`Builder`] that resolves `$id`/`$ref` and checks every tagged form.

use std::collections::HashMap;
use std::sync::Arc;

use amf_serde::types::{
    Array, ByteArray, DataItem, Date, Dictionary, EcmaArray, External, Object, ObjectVector,
    Vector, Xml, XmlDocument,
};
use amf_serde::{Cycle, Value};

use super::graph::NodeAddr;
use super::json::{parse_json, Json};

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

pub(super) fn get<'j>(members: &'j [(String, Json)], key: &str) -> Option<&'j Json> {
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
