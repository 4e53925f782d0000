//! Sharing-aware structural equality for [`Value`].

use std::collections::HashMap;

use super::Value;
use crate::types::{DataItem, Name, Object};

/// Pairs of node addresses already matched (left → right and right → left),
/// so that shared nodes must be shared alike and cycles terminate.
#[derive(Default)]
struct Matching {
    left: HashMap<usize, usize>,
    right: HashMap<usize, usize>,
}

impl Matching {
    /// `Some(result)` if the pair was seen before (or conflicts), `None` if
    /// the contents must be compared (the pair is recorded first).
    fn check(&mut self, a: usize, b: usize) -> Option<bool> {
        match (self.left.get(&a), self.right.get(&b)) {
            (Some(&x), Some(&y)) => Some(x == b && y == a),
            (None, None) => {
                self.left.insert(a, b);
                self.right.insert(b, a);
                None
            }
            _ => Some(false),
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        eq(self, other, &mut Matching::default())
    }
}

fn eq_f64(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits()
}

fn eq_members(a: &[(Name, Value)], b: &[(Name, Value)], m: &mut Matching) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && eq(va, vb, m))
}

fn eq_values(a: &[Value], b: &[Value], m: &mut Matching) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| eq(x, y, m))
}

fn eq_object(a: &Object, b: &Object, m: &mut Matching) -> bool {
    a.class == b.class
        && eq_members(&a.sealed, &b.sealed, m)
        && match (&a.dynamic, &b.dynamic) {
            (Some(x), Some(y)) => eq_members(x, y, m),
            (None, None) => true,
            _ => false,
        }
}

fn eq_item(a: &DataItem, b: &DataItem, m: &mut Matching) -> bool {
    match (a, b) {
        (DataItem::Value(x), DataItem::Value(y)) => eq(x, y, m),
        (DataItem::Double(x), DataItem::Double(y)) => eq_f64(*x, *y),
        (DataItem::Float(x), DataItem::Float(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

fn eq(a: &Value, b: &Value, m: &mut Matching) -> bool {
    use Value as V;
    // Cycles compare by the node they point at.
    if let (V::Cycle(x), V::Cycle(y)) = (a, b) {
        return match m.check(x.addr(), y.addr()) {
            Some(r) => r,
            None => match (x.upgrade(), y.upgrade()) {
                (Some(x), Some(y)) => eq_contents(&x, &y, m),
                (None, None) => true,
                _ => false,
            },
        };
    }
    if let (Some(x), Some(y)) = (a.node_addr(), b.node_addr()) {
        if matches!(a, V::Cycle(_)) != matches!(b, V::Cycle(_)) {
            return false;
        }
        if let Some(r) = m.check(x, y) {
            return r;
        }
    }
    eq_contents(a, b, m)
}

fn eq_contents(a: &Value, b: &Value, m: &mut Matching) -> bool {
    use Value as V;
    match (a, b) {
        (V::Undefined, V::Undefined) | (V::Null, V::Null) | (V::Unsupported, V::Unsupported) => {
            true
        }
        (V::Amf3(x), V::Amf3(y)) => eq(x, y, m),
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Integer(x), V::Integer(y)) => x == y,
        (V::Double(x), V::Double(y)) => eq_f64(*x, *y),
        (V::String(x), V::String(y)) => x == y,
        (V::Date(x), V::Date(y)) => eq_f64(x.millis(), y.millis()) && x.timezone() == y.timezone(),
        (V::XmlDocument(x), V::XmlDocument(y)) => x == y,
        (V::Xml(x), V::Xml(y)) => x == y,
        (V::ByteArray(x), V::ByteArray(y)) => x == y,
        (V::Array(x), V::Array(y)) => {
            eq_values(&x.dense, &y.dense, m) && eq_members(&x.assoc, &y.assoc, m)
        }
        (V::Object(x), V::Object(y)) => eq_object(x, y, m),
        (V::External(x), V::External(y)) => {
            x.class == y.class
                && x.body.len() == y.body.len()
                && x.body.iter().zip(&y.body).all(|(p, q)| eq_item(p, q, m))
        }
        (V::VectorInt(x), V::VectorInt(y)) => x == y,
        (V::VectorUint(x), V::VectorUint(y)) => x == y,
        (V::VectorDouble(x), V::VectorDouble(y)) => {
            x.fixed == y.fixed
                && x.items.len() == y.items.len()
                && x.items.iter().zip(&y.items).all(|(p, q)| eq_f64(*p, *q))
        }
        (V::VectorObject(x), V::VectorObject(y)) => {
            x.fixed == y.fixed && x.type_name == y.type_name && eq_values(&x.items, &y.items, m)
        }
        (V::Dictionary(x), V::Dictionary(y)) => {
            x.weak_keys == y.weak_keys
                && x.entries.len() == y.entries.len()
                && x.entries
                    .iter()
                    .zip(&y.entries)
                    .all(|((ka, va), (kb, vb))| eq(ka, kb, m) && eq(va, vb, m))
        }
        (V::EcmaArray(x), V::EcmaArray(y)) => {
            x.length == y.length && eq_members(&x.entries, &y.entries, m)
        }
        _ => false,
    }
}
