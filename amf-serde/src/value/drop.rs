//! Dropping a [`Value`] of any depth without a deep recursion.
//!
//! Dropping a node drops its children, which drop theirs: one stack frame
//! per level. Nodes dropped more than [`LIMIT`] levels below the outermost
//! drop on the thread hand their children to a per-thread queue instead,
//! which the outermost drop empties, so the stack never holds more than
//! [`LIMIT`] levels however deep the value is.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use super::Value;
use crate::types::{DataItem, Dense, Members, Name};

/// Levels dropped by plain recursion before children are queued.
const LIMIT: u32 = 64;

/// The children taken out of a node that is being dropped (held only to
/// be dropped).
#[allow(dead_code)]
enum Detached {
    One(Value),
    Array(Dense<Value>, Members),
    Members(Members, Option<Members>),
    Body(Vec<DataItem>),
    Items(Vec<Value>),
    Pairs(Vec<(Value, Value)>),
}

// The drop depth of this thread (`DEPTH`) and the children queued below
// [`LIMIT`] levels (`QUEUE`).
//
// Why no type carries them: `Drop::drop(&mut self)` takes no argument, and
// a node's children are dropped by the compiler's drop glue of `Vec`,
// `Arc` and the node types, which call `Drop for Value` with nothing else
// in hand. No benchmark is involved (one `Cell` update per dropped node
// that has nested children).
//
// What keeps it safe: dropping a `Value` runs no code but ours and the
// standard library's (no user type lives in a node), so it cannot unwind
// between the depth update and its undo; a nested drop (a child, or a
// value held in another value) is counted one level deeper and restores
// the count it found; the outermost drop empties the queue before
// returning. While the thread exits, `try_with` fails and children are
// dropped in place. Pinned by `tests/hostile_value.rs` (`deep_drop`).
thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static QUEUE: RefCell<Vec<Detached>> = const { RefCell::new(Vec::new()) };
}

/// A value with children (members, elements, entries, body items, the
/// value inside [`Value::Amf3`]). Dropping a value without children
/// recurses no further, so it needs no [`detach`]: an empty array or object
/// (citm's `blockIds: []`) is a leaf here, and a node whose children are
/// all leaves (citm's `{areaId, blockIds: []}`) drops in place, two levels
/// deep at most, without taking its children out.
#[inline]
pub(super) fn nested(v: &Value) -> bool {
    match v {
        Value::Array(a) => !a.dense.is_empty() || !a.assoc.is_empty(),
        Value::Object(o) => {
            !o.sealed.is_empty() || o.dynamic.as_ref().is_some_and(|d| !d.is_empty())
        }
        Value::External(e) => !e.body.is_empty(),
        Value::VectorObject(o) => !o.items.is_empty(),
        Value::Dictionary(d) => !d.entries.is_empty(),
        Value::EcmaArray(e) => !e.entries.is_empty(),
        Value::Amf3(_) => true,
        _ => false,
    }
}

/// Whether dropping `v` goes through [`drop_value`]: [`nested`], except an
/// array of one or two childless values and no associative part (a
/// coordinate pair) and an object whose members are all childless, which
/// the compiler's drop glue takes apart in place, one level deep (`detach`
/// would find nothing to take out of them).
#[inline]
pub(super) fn walk(v: &Value) -> bool {
    match v {
        Value::Array(a) => {
            !a.assoc.is_empty()
                || match a.dense.as_slice() {
                    [] => false,
                    [x] => nested(x),
                    [x, y] => nested(x) || nested(y),
                    _ => true,
                }
        }
        // An object whose members have no children of their own (citm's
        // `{areaId, blockIds: []}`) drops in place, one level deep: no
        // call into `drop_value` to find nothing to take out.
        Value::Object(o) => {
            members_nested(&o.sealed) || o.dynamic.as_ref().is_some_and(|d| members_nested(d))
        }
        v => nested(v),
    }
}

#[inline]
fn members_nested(m: &[(Name, Value)]) -> bool {
    m.iter().any(|(_, v)| nested(v))
}

/// Takes the node out of `arc` if this is its last owner.
fn unique<T: Default>(arc: &mut Arc<T>) -> Option<&mut T> {
    if Arc::strong_count(arc) != 1 {
        return None;
    }
    if Arc::get_mut(arc).is_none() {
        // Weak references (cycles) to this node: swap in an empty node so
        // that this one can be taken out.
        let old = std::mem::replace(arc, Arc::new(T::default()));
        match Arc::try_unwrap(old) {
            Ok(inner) => *arc = Arc::new(inner),
            Err(old) => {
                *arc = old;
                return None;
            }
        }
    }
    Arc::get_mut(arc)
}

/// The children of `v` if dropping it would recurse into nodes with
/// children of their own.
fn detach(v: &mut Value) -> Option<Detached> {
    use std::mem::take;
    Some(match v {
        Value::Amf3(b) if nested(b) => Detached::One(take(&mut **b)),
        Value::Array(a) if a.dense.iter().any(nested) || members_nested(&a.assoc) => {
            let a = unique(a)?;
            Detached::Array(take(&mut a.dense), take(&mut a.assoc).into_members())
        }
        // (Two slice scans: `Object::members()` chains them, and the chain's
        // `any` was an out-of-line call per object with members.)
        Value::Object(o)
            if members_nested(&o.sealed)
                || o.dynamic.as_ref().is_some_and(|d| members_nested(d)) =>
        {
            let o = unique(o)?;
            Detached::Members(take(&mut o.sealed), o.dynamic.take())
        }
        Value::EcmaArray(e) if members_nested(&e.entries) => {
            Detached::Members(take(&mut unique(e)?.entries), None)
        }
        Value::External(e)
            if e.body
                .iter()
                .any(|i| matches!(i, DataItem::Value(v) if nested(v))) =>
        {
            Detached::Body(take(&mut unique(e)?.body))
        }
        Value::VectorObject(o) if o.items.iter().any(nested) => {
            Detached::Items(take(&mut unique(o)?.items))
        }
        Value::Dictionary(d) if d.entries.iter().any(|(k, v)| nested(k) || nested(v)) => {
            Detached::Pairs(take(&mut unique(d)?.entries))
        }
        _ => return None,
    })
}

pub(super) fn drop_value(v: &mut Value) {
    let Some(children) = detach(v) else {
        return;
    };
    let Ok(depth) = DEPTH.try_with(|d| d.replace(d.get() + 1)) else {
        // The thread is exiting: its queue is gone.
        drop(children);
        return;
    };
    if depth < LIMIT {
        drop(children);
    } else {
        // If the queue is gone (thread exit), the closure and the children
        // in it are dropped here.
        let _ = QUEUE.try_with(|q| q.borrow_mut().push(children));
    }
    DEPTH.with(|d| d.set(depth));
    if depth == 0 {
        drain();
    }
}

#[cold]
fn drain() {
    loop {
        let next = QUEUE.try_with(|q| q.borrow_mut().pop()).ok().flatten();
        let Some(children) = next else {
            return;
        };
        DEPTH.with(|d| d.set(1));
        drop(children);
        DEPTH.with(|d| d.set(0));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Weak};

    use crate::types::{Array, Object};
    use crate::{Cycle, Value};

    /// Nodes without children of their own (empty arrays and objects,
    /// arrays of scalars) are dropped in place by their parent, which is
    /// then not taken apart; everything is freed either way: shared nodes
    /// when their last holder goes, nodes behind cycles, `Amf3` wrappers,
    /// and a long chain of parents of such nodes.
    #[test]
    fn every_node_is_freed() {
        let mut weaks_a: Vec<Weak<Array>> = Vec::new();
        let mut weaks_o: Vec<Weak<Object>> = Vec::new();
        let mut arr = |items: Vec<Value>| {
            let a = Arc::new(Array::from(items));
            weaks_a.push(Arc::downgrade(&a));
            Value::Array(a)
        };
        let empty = arr(vec![]);
        let pair = arr(vec![Value::Double(1.0), Value::Double(2.0)]);
        let shared = arr(vec![Value::Integer(3)]);
        let mut items = vec![empty, pair, shared.clone()];
        for i in 0..1000 {
            let o = Arc::new(Object::anonymous([
                ("id", Value::Integer(i)),
                ("blocks", arr(vec![])),
                ("s", Value::String("x".repeat(3))),
            ]));
            weaks_o.push(Arc::downgrade(&o));
            items.push(Value::Object(o));
        }
        let cyclic = Arc::new_cyclic(|w: &Weak<Object>| {
            Object::anonymous([("me", Value::Cycle(Cycle::from(w.clone())))])
        });
        weaks_o.push(Arc::downgrade(&cyclic));
        items.push(Value::Amf3(Box::new(Value::Object(cyclic))));
        let mut chain = arr(vec![]);
        for _ in 0..10_000 {
            chain = arr(vec![chain, Value::Null]);
        }
        items.push(chain);
        let root = arr(items);
        drop(root);
        // `shared` still holds its node; everything else is gone.
        assert_eq!(weaks_a.iter().filter(|w| w.upgrade().is_some()).count(), 1);
        assert!(weaks_o.iter().all(|w| w.upgrade().is_none()));
        assert_eq!(shared[0], Value::Integer(3));
        drop(shared);
        assert!(weaks_a.iter().all(|w| w.upgrade().is_none()));
    }

    /// An object is taken apart when a child with children of its own is
    /// in its sealed members, in its dynamic members or in both: chains of
    /// 100,000 objects nested through each part drop without a deep
    /// recursion, and every node is freed.
    #[test]
    fn objects_nested_through_sealed_or_dynamic_members() {
        type Link = fn(Value) -> Object;
        let sealed: Link = |v| Object::sealed("S", [("next", v), ("n", Value::Integer(1))]);
        let dynamic: Link = |v| Object {
            dynamic: Some([("next", v)].into_iter().collect()),
            ..Object::sealed("D", [("n", Value::Integer(2))])
        };
        let both: Link = |v| Object {
            dynamic: Some(
                [("also", Value::from(vec![Value::Null]))]
                    .into_iter()
                    .collect(),
            ),
            ..Object::sealed("B", [("next", v)])
        };
        for link in [sealed, dynamic, both] {
            let mut weaks: Vec<Weak<Object>> = Vec::new();
            let mut v = Value::Null;
            for _ in 0..100_000 {
                let o = Arc::new(link(v));
                weaks.push(Arc::downgrade(&o));
                v = Value::Object(o);
            }
            assert!(super::nested(&v));
            drop(v);
            assert!(weaks.iter().all(|w| w.upgrade().is_none()));
        }
    }
}
