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
    /// Iterative (any depth): node pairs still to compare wait on a heap
    /// stack, each pair once.
    fn eq(&self, other: &Value) -> bool {
        let mut m = Matching::default();
        let mut pending: Vec<(Value, Value)> = Vec::new();
        if !step(self, other, &mut m, &mut pending) {
            return false;
        }
        while let Some((a, b)) = pending.pop() {
            if !children(&a, &b, &mut m, &mut pending) {
                return false;
            }
        }
        true
    }
}

fn eq_f64(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits()
}

/// Compares a pair: scalars and leaf nodes now, containers by their own
/// fields now and their children later (the pair goes on `pending`).
fn step(a: &Value, b: &Value, m: &mut Matching, pending: &mut Vec<(Value, Value)>) -> bool {
    use Value as V;
    // The `Amf3` mark is wire information: `==` sees through it.
    let (a, b) = (a.inner(), b.inner());
    // Cycles compare by the node they point at.
    match (a, b) {
        (V::Cycle(x), V::Cycle(y)) => {
            return match m.check(x.addr(), y.addr()) {
                Some(r) => r,
                None => match (x.upgrade(), y.upgrade()) {
                    (Some(x), Some(y)) => shallow(&x, &y, pending),
                    (None, None) => true,
                    _ => false,
                },
            };
        }
        (V::Cycle(_), _) | (_, V::Cycle(_)) => return false,
        _ => {}
    }
    if let (Some(x), Some(y)) = (a.node_addr(), b.node_addr()) {
        if let Some(r) = m.check(x, y) {
            return r;
        }
    }
    shallow(a, b, pending)
}

fn same_names(a: &[(Name, Value)], b: &[(Name, Value)]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|((ka, _), (kb, _))| ka == kb)
}

fn same_object_names(a: &Object, b: &Object) -> bool {
    a.class == b.class
        && a.traits_copy == b.traits_copy
        && same_names(&a.sealed, &b.sealed)
        && match (&a.dynamic, &b.dynamic) {
            (Some(x), Some(y)) => same_names(x, y),
            (None, None) => true,
            _ => false,
        }
}

fn same_item_kind(a: &DataItem, b: &DataItem) -> bool {
    match (a, b) {
        (DataItem::Value(_), DataItem::Value(_)) => true,
        (DataItem::Double(x), DataItem::Double(y)) => eq_f64(*x, *y),
        (DataItem::Float(x), DataItem::Float(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

/// Everything of a pair but the children of containers.
fn shallow(a: &Value, b: &Value, pending: &mut Vec<(Value, Value)>) -> bool {
    use Value as V;
    let container = match (a, b) {
        (V::Undefined, V::Undefined) | (V::Null, V::Null) | (V::Unsupported, V::Unsupported) => {
            return true
        }
        (V::Bool(x), V::Bool(y)) => return x == y,
        (V::Integer(x), V::Integer(y)) => return x == y,
        (V::Double(x), V::Double(y)) => return eq_f64(*x, *y),
        (V::String(x), V::String(y)) => return x == y,
        (V::Date(x), V::Date(y)) => {
            return eq_f64(x.millis(), y.millis()) && x.timezone() == y.timezone()
        }
        (V::XmlDocument(x), V::XmlDocument(y)) => return x == y,
        (V::Xml(x), V::Xml(y)) => return x == y,
        (V::ByteArray(x), V::ByteArray(y)) => return x == y,
        (V::VectorInt(x), V::VectorInt(y)) => return x == y,
        (V::VectorUint(x), V::VectorUint(y)) => return x == y,
        (V::VectorDouble(x), V::VectorDouble(y)) => {
            return x.fixed == y.fixed
                && x.items.len() == y.items.len()
                && x.items.iter().zip(&y.items).all(|(p, q)| eq_f64(*p, *q))
        }
        (V::Array(x), V::Array(y)) => {
            x.dense.len() == y.dense.len() && same_names(&x.assoc, &y.assoc)
        }
        (V::Object(x), V::Object(y)) => same_object_names(x, y),
        (V::External(x), V::External(y)) => {
            x.class == y.class
                && x.dynamic == y.dynamic
                && x.body.len() == y.body.len()
                && x.body
                    .iter()
                    .zip(&y.body)
                    .all(|(p, q)| same_item_kind(p, q))
        }
        (V::VectorObject(x), V::VectorObject(y)) => {
            x.fixed == y.fixed && x.type_name == y.type_name && x.items.len() == y.items.len()
        }
        (V::Dictionary(x), V::Dictionary(y)) => {
            x.weak_keys == y.weak_keys && x.entries.len() == y.entries.len()
        }
        (V::EcmaArray(x), V::EcmaArray(y)) => {
            x.length == y.length && same_names(&x.entries, &y.entries)
        }
        _ => return false,
    };
    if container {
        pending.push((a.clone(), b.clone()));
    }
    container
}

/// Steps through the children of two containers that matched
/// [`shallow`]ly (same kinds, same lengths and names).
fn children(a: &Value, b: &Value, m: &mut Matching, pending: &mut Vec<(Value, Value)>) -> bool {
    let mut xs = Vec::new();
    super::for_each_child(a, |c| xs.push(c));
    let mut ok = true;
    let mut i = 0;
    super::for_each_child(b, |c| {
        if ok {
            ok = match xs.get(i) {
                Some(x) => step(x, c, m, pending),
                None => false,
            };
        }
        i += 1;
    });
    ok && i == xs.len()
}

impl Eq for Value {}

impl std::hash::Hash for Value {
    /// Consistent with the sharing-aware `==`: the shape, the scalars
    /// (doubles by their bits) and the pattern of shared and cyclic
    /// references (a node met again hashes as the number of its first
    /// visit). Iterative: any depth; each shared node is hashed once.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        use Value as V;
        let mut seen: HashMap<usize, usize> = HashMap::new();
        let mut stack: Vec<&Value> = vec![self];
        while let Some(mut v) = stack.pop() {
            while let V::Amf3(inner) = v {
                v = inner;
            }
            std::mem::discriminant(v).hash(state);
            if let V::Cycle(c) = v {
                seen.get(&c.addr())
                    .copied()
                    .unwrap_or(usize::MAX)
                    .hash(state);
                continue;
            }
            if let Some(addr) = v.node_addr() {
                if let Some(&n) = seen.get(&addr) {
                    (1u8, n).hash(state);
                    continue;
                }
                let n = seen.len();
                seen.insert(addr, n);
                0u8.hash(state);
            }
            match v {
                V::Bool(b) => b.hash(state),
                V::Integer(i) => i.hash(state),
                V::Double(d) => d.to_bits().hash(state),
                V::String(s) => s.hash(state),
                V::Date(d) => (d.millis().to_bits(), d.timezone()).hash(state),
                V::XmlDocument(x) => x.0.hash(state),
                V::Xml(x) => x.0.hash(state),
                V::ByteArray(b) => b.0.hash(state),
                V::VectorInt(x) => (x.fixed, &x.items).hash(state),
                V::VectorUint(x) => (x.fixed, &x.items).hash(state),
                V::VectorDouble(x) => {
                    x.fixed.hash(state);
                    x.items.len().hash(state);
                    x.items.iter().for_each(|d| d.to_bits().hash(state));
                }
                V::Array(a) => {
                    a.dense.len().hash(state);
                    a.assoc.iter().for_each(|(k, _)| k.hash(state));
                }
                V::Object(o) => {
                    o.class.hash(state);
                    o.traits_copy.hash(state);
                    o.sealed.iter().for_each(|(k, _)| k.hash(state));
                    o.dynamic
                        .as_ref()
                        .map(|d| d.iter().map(|(k, _)| k).collect::<Vec<_>>())
                        .hash(state);
                }
                V::External(e) => {
                    e.class.hash(state);
                    e.dynamic.hash(state);
                    e.body.len().hash(state);
                    for item in &e.body {
                        std::mem::discriminant(item).hash(state);
                        match item {
                            DataItem::Float(f) => f.to_bits().hash(state),
                            DataItem::Double(f) => f.to_bits().hash(state),
                            DataItem::Value(_) => {}
                            other => format!("{other:?}").hash(state),
                        }
                    }
                }
                V::VectorObject(x) => (x.fixed, &x.type_name, x.items.len()).hash(state),
                V::Dictionary(d) => (d.weak_keys, d.entries.len()).hash(state),
                V::EcmaArray(e) => {
                    e.length.hash(state);
                    e.entries.iter().for_each(|(k, _)| k.hash(state));
                }
                _ => {}
            }
            let at = stack.len();
            super::for_each_child(v, |c| stack.push(c));
            // Children in order (the stack pops the last pushed first).
            stack[at..].reverse();
        }
    }
}
