//! The work budget of the operations that walk a [`Value`] as a tree
//! ([`from_value`](super::from_value), the plain serde shape other formats
//! see, `#[amf]` enum dispatch, externalizable bodies).
//!
//! A `Value` is a graph: one node may be held in many places, so walking it
//! as a tree can cost exponentially more than the graph (22 levels of
//! `[a, a]` are 4 million leaves from 131 input bytes). Every node visited
//! is therefore charged against a budget:
//!
//! - inside an AMF decoder (enum dispatch, externalizable readers, the value
//!   handed to a `Deserialize` impl), the decoder's own remaining work limit
//!   ([`Options::with_max_work`](crate::Options::with_max_work)); the decoder
//!   turns an exhausted budget into its work-limit error at the value's byte
//!   offset;
//! - otherwise, a budget the value carries by its own size: its nodes
//!   counted once each (with sharing, which is at most the size of the input
//!   it was decoded from), times [`Options::WORK_PER_BYTE`], plus
//!   [`Options::WORK_BASE`], the rule a decoder applies to input bytes.
//!
//! Nesting is limited the same way (the decoder's depth limit, or
//! [`MAX_DEPTH`] for a value walked on its own), so a program-built value
//! nested a million deep gives an error rather than a stack overflow.
//!
//! The state is per thread: conversions nest (a `Deserialize` impl calling
//! `from_value` on part of its input) and all share the outermost budget.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use super::Value;
use crate::error::{Error, ErrorCode, Result};
use crate::options::Options;
use crate::types::DataItem;

/// Nesting limit of a value walked outside a decoder (from_value, the plain
/// serde shape): deep enough for any value a decoder builds with the default
/// limits, shallow enough for the 2 MiB stack of a spawned thread.
pub const MAX_DEPTH: usize = 512;

struct State {
    used: u64,
    limit: u64,
    depth: usize,
    max_depth: usize,
    /// The value whose size sets the limit, until it has been measured
    /// (only measured when the initial [`Options::WORK_BASE`] runs out).
    root: Option<Value>,
    /// The depth limit was hit.
    too_deep: bool,
}

// The budget in force on this thread (`STATE`) and whether there is one
// (`ACTIVE`, a `Cell` read on every charge, so that a walk without a
// budget costs one flag test).
//
// Why no type carries it: the walks that share one budget meet only
// through serde's generic calls and our public functions, which take no
// budget: a decoder lends its remaining work to the `Value` visitor it
// calls with `Visitor::visit_newtype_struct<D: Deserializer>` (the visitor
// cannot downcast `D`), and that visitor's conversion, a user's
// `Deserialize` impl or `read_external` calling the public `from_value` or
// `read_object_as`, starts a walk with nothing but a `Value` in hand. A
// budget per call would let each nested walk spend a fresh allowance (the
// exponential case this module exists for). No benchmark is involved.
//
// What keeps it safe: `run` installs a scope's state and `Restore` puts
// the enclosing one back when the scope ends, also on a panic in a
// `Deserialize` impl, so nothing outlives the outermost walk, and a nested
// `with_limit` (a decoder inside a conversion) gets its own state and gives
// the outer one back. Pinned by `tests/handoffs.rs`
// (`a_budget_does_not_outlive_a_panicking_conversion`).
thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// What a scope used.
#[cfg_attr(not(feature = "serde_json"), allow(dead_code))]
pub(crate) struct Outcome {
    /// Units charged.
    pub(crate) used: u64,
    /// `true` if the budget ran out (the scope's result is then an error).
    pub(crate) exceeded: bool,
    /// `true` if the nesting limit was hit.
    pub(crate) too_deep: bool,
    /// The limit in force at the end.
    pub(crate) limit: u64,
}

#[cfg_attr(not(feature = "serde_json"), allow(dead_code))]
impl Outcome {
    /// The error to report for a failed scope, if the budget or the depth
    /// limit caused it.
    pub(crate) fn error(&self, max_depth: usize) -> Option<Error> {
        if self.exceeded {
            Some(over(self.limit))
        } else if self.too_deep {
            Some(Error::code(ErrorCode::DepthLimitExceeded {
                limit: max_depth,
            }))
        } else {
            None
        }
    }
}

/// Restores the enclosing scope's state when a scope ends (also on panic).
struct Restore {
    saved: Option<State>,
    was_active: bool,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let saved = self.saved.take();
        STATE.with(|s| *s.borrow_mut() = saved);
        ACTIVE.with(|a| a.set(self.was_active));
    }
}

fn run<R>(state: State, f: impl FnOnce() -> R) -> (R, Outcome) {
    let saved = STATE.with(|s| s.borrow_mut().replace(state));
    let was_active = ACTIVE.with(|a| a.replace(true));
    let restore = Restore { saved, was_active };
    let r = f();
    let outcome = STATE.with(|s| {
        s.borrow().as_ref().map_or(
            Outcome {
                used: 0,
                exceeded: false,
                too_deep: false,
                limit: 0,
            },
            |st| Outcome {
                used: st.used,
                exceeded: st.used > st.limit,
                too_deep: st.too_deep,
                limit: st.limit,
            },
        )
    });
    drop(restore);
    (r, outcome)
}

/// Runs `f` with a budget of `limit` units and a nesting limit of
/// `max_depth` (what a decoder has left), replacing any enclosing budget.
pub(crate) fn with_limit<R>(limit: u64, max_depth: usize, f: impl FnOnce() -> R) -> (R, Outcome) {
    run(
        State {
            used: 0,
            limit,
            depth: 0,
            max_depth,
            root: None,
            too_deep: false,
        },
        f,
    )
}

/// `true` while a budget is in force on this thread.
pub(crate) fn active() -> bool {
    ACTIVE.with(Cell::get)
}

/// Runs `f` under the enclosing budget, or, if there is none, under one
/// sized by `root` (see the module docs), measured only if the first
/// [`Options::WORK_BASE`] units run out (for walks that only borrow `root`).
pub(crate) fn within<R>(root: &Value, f: impl FnOnce() -> R) -> R {
    if active() {
        return f();
    }
    scoped(root, f).0
}

/// A budget sized by `root` as for [`within`], always a new one.
pub(crate) fn scoped<R>(root: &Value, f: impl FnOnce() -> R) -> (R, Outcome) {
    run(
        State {
            used: 0,
            limit: Options::WORK_BASE,
            depth: 0,
            max_depth: MAX_DEPTH,
            root: Some(root.clone()),
            too_deep: false,
        },
        f,
    )
}

/// Runs `f` under a budget for a value of `size` units (see [`size`]):
/// for walks that consume the value, where keeping a second owner for a
/// later measurement would make every node look shared.
pub(crate) fn within_measured<R>(size: u64, f: impl FnOnce() -> R) -> R {
    run(
        State {
            used: 0,
            limit: Options::new().max_work(size),
            depth: 0,
            max_depth: MAX_DEPTH,
            root: None,
            too_deep: false,
        },
        f,
    )
    .0
}

#[cold]
fn over(limit: u64) -> Error {
    Error::code(ErrorCode::WorkLimitExceeded { limit })
}

/// Charges `units` (see [`cost`]); the work-limit error when the budget is
/// spent. Without a budget in force, nothing is charged.
pub(crate) fn charge(units: u64) -> Result<()> {
    in_force(|st| {
        st.used = st.used.saturating_add(units);
        if st.used <= st.limit {
            return Ok(());
        }
        if let Some(root) = st.root.take() {
            st.limit = Options::new().max_work(size(&root));
        }
        if st.used <= st.limit {
            Ok(())
        } else {
            Err(over(st.limit))
        }
    })
}

/// Runs `f` on the budget in force; `Ok` without one.
#[inline]
fn in_force(f: impl FnOnce(&mut State) -> Result<()>) -> Result<()> {
    if !active() {
        return Ok(());
    }
    STATE.with(|s| s.borrow_mut().as_mut().map_or(Ok(()), f))
}

/// Charges a node ([`cost`]) and enters one nesting level; pair with
/// [`leave`].
pub(crate) fn enter(v: &Value) -> Result<()> {
    charge(cost(v))?;
    in_force(|st| {
        st.depth += 1;
        if st.depth > st.max_depth {
            st.depth -= 1;
            st.too_deep = true;
            return Err(Error::code(ErrorCode::DepthLimitExceeded {
                limit: st.max_depth,
            }));
        }
        Ok(())
    })
}

/// Leaves a level entered with [`enter`].
pub(crate) fn leave() {
    let _ = in_force(|st| {
        st.depth = st.depth.saturating_sub(1);
        Ok(())
    });
}

/// The units one node costs when it is visited: one, plus one per 32 bytes
/// of text or binary it holds (the rule the decoders apply to bytes re-read
/// through references).
pub(crate) fn cost(v: &Value) -> u64 {
    let bytes = match v {
        Value::String(s) => s.len(),
        Value::Xml(x) => x.0.len(),
        Value::XmlDocument(x) => x.0.len(),
        Value::ByteArray(b) => b.0.len(),
        Value::VectorInt(x) => 4 * x.items.len(),
        Value::VectorUint(x) => 4 * x.items.len(),
        Value::VectorDouble(x) => 8 * x.items.len(),
        Value::External(e) => e
            .body
            .iter()
            .map(|i| match i {
                DataItem::Utf(s) | DataItem::UtfBytes(s) => s.len(),
                DataItem::Bytes(b) => b.len(),
                _ => 8,
            })
            .sum(),
        _ => 0,
    };
    1 + (bytes / 32) as u64
}

/// The size of `v` in [`cost`] units, each shared node counted once
/// (iterative: any depth).
pub(crate) fn size(v: &Value) -> u64 {
    let mut seen: HashSet<usize> = HashSet::new();
    let mut total = 0u64;
    let mut stack: Vec<&Value> = vec![v];
    // Borrowed walk: nodes reached through a cycle are already on the path.
    while let Some(v) = stack.pop() {
        if let Value::Amf3(inner) = v {
            stack.push(inner);
            continue;
        }
        if matches!(v, Value::Cycle(_)) {
            total += 1;
            continue;
        }
        // A node with one owner has one parent, reached once: only shared
        // nodes need remembering.
        if shared(v) && !seen.insert(v.node_addr().unwrap_or(0)) {
            total += 1;
            continue;
        }
        total = total.saturating_add(cost(v));
        super::for_each_child(v, |c| stack.push(c));
    }
    total
}

/// `true` for a node with more than one owner.
pub(crate) fn shared(v: &Value) -> bool {
    v.strong_count() > 1
}
