//! The reference graph of a [`Value`]: the address of a shared node, its
//! children in wire order, and finding or dropping [`Value::Cycle`]s.

use std::sync::Arc;

use amf_serde::types::{Array, DataItem, Dictionary, EcmaArray, External, Object, ObjectVector};
use amf_serde::Value;

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
pub(super) fn children<'v>(v: &'v Value, stack: &mut Vec<&'v Value>) {
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
pub(super) trait NodeAddr {
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
