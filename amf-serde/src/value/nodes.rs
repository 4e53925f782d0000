//! The per-variant plumbing of [`Value`], written once from one list of
//! its shared nodes (the variants behind an `Arc`): `Clone`, [`Parts`]
//! (a value taken apart), node addresses and ownership, the weak handles
//! the decoders keep ([`WeakValue`]) and [`Cycle`]'s methods. Adding a node
//! variant to `Value` means adding it to [`with_nodes!`] (and, for a
//! container, to `WeakNode` in `types/value.rs`).

use std::fmt;
use std::sync::{Arc, Weak};

use super::{Cycle, Value, WeakNode};
use crate::types::{
    Array, ByteArray, Date, Dictionary, EcmaArray, External, Object, ObjectVector, Vector, Xml,
    XmlDocument,
};

/// Calls `$m!` with `Value`'s shared-node variants as `Variant(Type)`:
/// the leaves (no children; a decoder's table holds them weakly as
/// themselves), then the containers (a [`Cycle`] can point at them).
macro_rules! with_nodes {
    ($m:ident) => {
        $m! {
            leaves: [
                Date(Date), XmlDocument(XmlDocument), Xml(Xml), ByteArray(ByteArray),
                VectorInt(Vector<i32>), VectorUint(Vector<u32>), VectorDouble(Vector<f64>)
            ]
            containers: [
                Array(Array), Object(Object), External(External), VectorObject(ObjectVector),
                Dictionary(Dictionary), EcmaArray(EcmaArray)
            ]
        }
    };
}

/// `Value`'s methods and types that treat every shared node alike.
macro_rules! node_plumbing {
    (
        leaves: [$($l:ident($lt:ty)),*]
        containers: [$($c:ident($ct:ty)),*]
    ) => {
        impl Clone for Value {
            /// Shares the node (complex values are behind an [`Arc`]);
            /// copies scalars and strings. A chain of [`Value::Amf3`]
            /// wrappers is copied without recursion.
            fn clone(&self) -> Value {
                let mut wrappers = 0usize;
                let mut v = self;
                while let Value::Amf3(inner) = v {
                    wrappers += 1;
                    v = inner;
                }
                let mut out = match v {
                    Value::Undefined => Value::Undefined,
                    Value::Null => Value::Null,
                    Value::Bool(b) => Value::Bool(*b),
                    Value::Integer(i) => Value::Integer(*i),
                    Value::Double(d) => Value::Double(*d),
                    Value::String(s) => Value::String(s.clone()),
                    $(Value::$l(a) => Value::$l(a.clone()),)*
                    $(Value::$c(a) => Value::$c(a.clone()),)*
                    Value::Unsupported => Value::Unsupported,
                    Value::Cycle(c) => Value::Cycle(c.clone()),
                    Value::Amf3(_) => Value::Null,
                };
                for _ in 0..wrappers {
                    out = Value::Amf3(Box::new(out));
                }
                out
            }
        }

        /// A [`Value`] taken apart: its variants without `Value`'s `Drop`,
        /// so that their contents can be moved out.
        pub(crate) enum Parts {
            Undefined,
            Null,
            Bool(bool),
            Integer(i32),
            Double(f64),
            String(String),
            $($l(Arc<$lt>),)*
            $($c(Arc<$ct>),)*
            Unsupported,
            Amf3(Value),
            Cycle,
        }

        impl Value {
            /// Takes the value apart (a node changes owner: one reference
            /// count up, one down).
            pub(crate) fn into_parts(mut self) -> Parts {
                match &mut self {
                    Value::Undefined => Parts::Undefined,
                    Value::Null => Parts::Null,
                    Value::Bool(b) => Parts::Bool(*b),
                    Value::Integer(i) => Parts::Integer(*i),
                    Value::Double(d) => Parts::Double(*d),
                    Value::String(s) => Parts::String(std::mem::take(s)),
                    $(Value::$l(a) => Parts::$l(a.clone()),)*
                    $(Value::$c(a) => Parts::$c(a.clone()),)*
                    Value::Unsupported => Parts::Unsupported,
                    Value::Amf3(b) => Parts::Amf3(std::mem::take(&mut **b)),
                    Value::Cycle(_) => Parts::Cycle,
                }
            }

            /// The address of the shared node, for complex values.
            pub(crate) fn node_addr(&self) -> Option<usize> {
                Some(match self.inner() {
                    $(Value::$l(a) => Arc::as_ptr(a) as usize,)*
                    $(Value::$c(a) => Arc::as_ptr(a) as usize,)*
                    Value::Cycle(c) => c.addr(),
                    _ => return None,
                })
            }

            /// `true` for a node (array, object, …) that nothing else holds:
            /// one strong owner and no weak pointers (no [`Value::Cycle`]
            /// points at it). Such a node can occur only once in a tree, so
            /// an encoder walking the tree never meets it again and need not
            /// remember its address.
            #[inline]
            pub(crate) fn is_sole_owner(&self) -> bool {
                fn sole<T: ?Sized>(a: &Arc<T>) -> bool {
                    Arc::strong_count(a) == 1 && Arc::weak_count(a) == 0
                }
                match self.inner() {
                    $(Value::$l(a) => sole(a),)*
                    $(Value::$c(a) => sole(a),)*
                    _ => false,
                }
            }

            /// How many values hold the node (0 for scalars, strings and
            /// cycles).
            pub(crate) fn strong_count(&self) -> usize {
                match self.inner() {
                    $(Value::$l(a) => Arc::strong_count(a),)*
                    $(Value::$c(a) => Arc::strong_count(a),)*
                    _ => 0,
                }
            }
        }

        /// A weak handle on any shared node: what the decoders' object
        /// tables keep of a node they built, so that a later reference
        /// shares it without the table owning it.
        #[derive(Clone)]
        pub(crate) enum WeakValue {
            /// A container (also what a cycle points at while it is being
            /// read).
            Node(WeakNode),
            $($l(Weak<$lt>),)*
        }

        impl WeakValue {
            /// The node, if it is still alive.
            pub(crate) fn upgrade(&self) -> Option<Value> {
                Some(match self {
                    WeakValue::Node(n) => return Cycle(n.clone()).upgrade(),
                    $(WeakValue::$l(w) => Value::$l(w.upgrade()?),)*
                })
            }

            /// A weak handle on `v` if it is a shared node without children
            /// (the containers get theirs while they are being read).
            pub(crate) fn leaf(v: &Value) -> Option<WeakValue> {
                Some(match v {
                    $(Value::$l(a) => WeakValue::$l(Arc::downgrade(a)),)*
                    _ => return None,
                })
            }
        }

        impl Cycle {
            /// The value referred to, if it is still alive.
            pub fn upgrade(&self) -> Option<Value> {
                Some(match &self.0 {
                    $(WeakNode::$c(w) => Value::$c(w.upgrade()?),)*
                })
            }

            /// The address of the referred-to node (for identity checks).
            pub(crate) fn addr(&self) -> usize {
                match &self.0 {
                    $(WeakNode::$c(w) => w.as_ptr() as usize,)*
                }
            }

            /// A cycle pointing at `value`, which must be an array, object,
            /// externalizable object, object vector, dictionary or ECMA array.
            pub fn to(value: &Value) -> Option<Cycle> {
                Some(Cycle(match value {
                    $(Value::$c(a) => WeakNode::$c(Arc::downgrade(a)),)*
                    Value::Cycle(c) => c.0.clone(),
                    _ => return None,
                }))
            }
        }

        $(
            impl From<Weak<$ct>> for Cycle {
                /// A cycle pointing at the node behind `weak`: with
                /// [`Arc::new_cyclic`], a value can contain itself.
                fn from(weak: Weak<$ct>) -> Cycle {
                    Cycle(WeakNode::$c(weak))
                }
            }
        )*

        impl fmt::Debug for Cycle {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let kind = match &self.0 {
                    $(WeakNode::$c(_) => stringify!($c),)*
                };
                write!(f, "Cycle(<{kind}>)")
            }
        }
    };
}

with_nodes!(node_plumbing);

impl WeakValue {
    /// A weak handle on `v` if it is any shared node.
    pub(crate) fn of(v: &Value) -> Option<WeakValue> {
        WeakValue::leaf(v).or_else(|| Cycle::to(v).map(|c| WeakValue::Node(c.0)))
    }
}
