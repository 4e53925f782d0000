//! A readable rendering of a [`Value`] tree: `{:}` on one line, `{:#}`
//! indented. Class aliases are shown before objects; a node that occurs
//! more than once is labelled `#n=` where it first appears and written `#n`
//! (or `cycle #n`) afterwards. `Debug` labels shared nodes the same way.
//!
//! Both print at most [`MAX_PRINT_DEPTH`] levels (deeper nodes show as
//! `…`), so any value prints in bounded stack space, and a shared node is
//! printed once, so the output is as large as the value, not as the tree it
//! unfolds to.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::{self, Debug, Display, Write};

use super::Value;
use crate::types::DataItem;

/// Nesting printed by `Display` and `Debug`; deeper nodes print as `…`.
pub const MAX_PRINT_DEPTH: usize = 200;

impl Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut counts = HashMap::new();
        count(self, &mut counts);
        let mut p = Printer {
            out: f,
            pretty: false,
            indent: 0,
            labels: HashMap::new(),
            counts,
            depth: 0,
        };
        p.pretty = p.out.alternate();
        p.value(self)
    }
}

/// Counts how often each node is reached (cycles count as a reach);
/// iterative, so any depth.
fn count(v: &Value, counts: &mut HashMap<usize, u32>) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        // A wrapper is the node it wraps (counted there, once).
        if let Value::Amf3(inner) = v {
            stack.push(inner);
            continue;
        }
        if let Some(addr) = v.node_addr() {
            let n = counts.entry(addr).or_insert(0);
            *n += 1;
            if *n > 1 || matches!(v, Value::Cycle(_)) {
                continue;
            }
        }
        super::for_each_child(v, |c| stack.push(c));
    }
}

fn fixed(fixed: bool) -> &'static str {
    if fixed {
        "fixed "
    } else {
        ""
    }
}

struct Printer<'a, 'b> {
    out: &'a mut fmt::Formatter<'b>,
    pretty: bool,
    indent: usize,
    labels: HashMap<usize, usize>,
    counts: HashMap<usize, u32>,
    depth: usize,
}

impl Printer<'_, '_> {
    fn newline(&mut self) -> fmt::Result {
        if self.pretty {
            self.out.write_char('\n')?;
            for _ in 0..self.indent {
                self.out.write_str("  ")?;
            }
        }
        Ok(())
    }

    fn sep(&mut self, first: bool) -> fmt::Result {
        if !first {
            self.out.write_char(',')?;
            if !self.pretty {
                self.out.write_char(' ')?;
            }
        }
        self.newline()
    }

    /// Opens a bracketed list, prints `items` with `each`, closes it.
    fn list<T>(
        &mut self,
        open: &str,
        close: &str,
        items: impl IntoIterator<Item = T>,
        mut each: impl FnMut(&mut Self, T) -> fmt::Result,
    ) -> fmt::Result {
        self.out.write_str(open)?;
        self.indent += 1;
        let mut first = true;
        for item in items {
            self.sep(first)?;
            first = false;
            each(self, item)?;
        }
        self.indent -= 1;
        if !first {
            self.newline()?;
        }
        self.out.write_str(close)
    }

    fn entry(&mut self, key: &str, v: &Value) -> fmt::Result {
        write!(self.out, "{key:?}: ")?;
        self.value(v)
    }

    fn value(&mut self, v: &Value) -> fmt::Result {
        if self.depth >= MAX_PRINT_DEPTH {
            return self.out.write_str("…");
        }
        self.depth += 1;
        let r = self.value_inner(v);
        self.depth -= 1;
        r
    }

    fn value_inner(&mut self, v: &Value) -> fmt::Result {
        if let Value::Cycle(c) = v {
            return match self.labels.get(&c.addr()) {
                Some(n) => write!(self.out, "cycle #{n}"),
                None => self.out.write_str("cycle"),
            };
        }
        let addr = match v {
            Value::Amf3(_) => None,
            v => v.node_addr(),
        };
        if let Some(addr) = addr {
            if let Some(n) = self.labels.get(&addr) {
                return write!(self.out, "#{n}");
            }
            if self.counts.get(&addr).copied().unwrap_or(0) > 1 {
                let n = self.labels.len() + 1;
                self.labels.insert(addr, n);
                write!(self.out, "#{n}=")?;
            }
        }
        match v {
            Value::Undefined => self.out.write_str("undefined"),
            Value::Null => self.out.write_str("null"),
            Value::Unsupported => self.out.write_str("unsupported"),
            Value::Amf3(v) => {
                self.out.write_str("amf3 ")?;
                self.value(v)
            }
            Value::Bool(b) => write!(self.out, "{b}"),
            Value::Integer(i) => write!(self.out, "{i}"),
            Value::Double(d) => write!(self.out, "{d:?}"),
            Value::String(s) => write!(self.out, "{s:?}"),
            Value::Date(d) => write!(self.out, "Date({})", d.millis()),
            Value::Xml(x) => write!(self.out, "Xml({:?})", x.0),
            Value::XmlDocument(x) => write!(self.out, "XmlDocument({:?})", x.0),
            Value::ByteArray(b) => {
                self.out.write_str("ByteArray(")?;
                for byte in &b.0 {
                    write!(self.out, "{byte:02x}")?;
                }
                self.out.write_str(")")
            }
            Value::Array(a) => self.list(
                "[",
                "]",
                a.dense
                    .iter()
                    .map(|v| (None, v))
                    .chain(a.assoc.iter().map(|(k, v)| (Some(k), v))),
                |p, (k, v)| match k {
                    Some(k) => p.entry(k, v),
                    None => p.value(v),
                },
            ),
            Value::Object(o) => {
                if !o.class.is_empty() {
                    write!(self.out, "{} ", o.class)?;
                }
                self.list("{", "}", o.members(), |p, (k, v)| p.entry(k, v))
            }
            Value::External(e) => {
                write!(self.out, "{} ", e.class)?;
                self.list("<", ">", &e.body, |p, item| match item {
                    DataItem::Value(v) => p.value(v),
                    other => write!(p.out, "{other:?}"),
                })
            }
            Value::VectorInt(x) => write!(self.out, "{}Vector.<int>{:?}", fixed(x.fixed), x.items),
            Value::VectorUint(x) => {
                write!(self.out, "{}Vector.<uint>{:?}", fixed(x.fixed), x.items)
            }
            Value::VectorDouble(x) => {
                write!(self.out, "{}Vector.<Number>{:?}", fixed(x.fixed), x.items)
            }
            Value::VectorObject(x) => {
                write!(self.out, "{}Vector.<{}>", fixed(x.fixed), x.type_name)?;
                self.list("[", "]", &x.items, |p, v| p.value(v))
            }
            Value::Dictionary(d) => {
                self.out.write_str(if d.weak_keys {
                    "weak Dictionary"
                } else {
                    "Dictionary"
                })?;
                self.list("{", "}", &d.entries, |p, (k, v)| {
                    p.value(k)?;
                    p.out.write_str(" => ")?;
                    p.value(v)
                })
            }
            Value::EcmaArray(e) => {
                write!(self.out, "EcmaArray({})", e.length)?;
                self.list("{", "}", &e.entries, |p, (k, v)| p.entry(k, v))
            }
            Value::Cycle(_) => Ok(()),
        }
    }
}

/// The labels of the `Debug` rendering in progress on this thread.
struct DebugState {
    counts: HashMap<usize, u32>,
    labels: HashMap<usize, usize>,
    depth: usize,
}

// Why no type carries it: `Debug for Value` is called back by the `Debug`
// impls of the node types (`Array<Value>`, `Members<Value>`, `Vec<Value>`,
// …) through `Debug::fmt(&self, &mut Formatter)`, and a `Formatter` has no
// room for our labels. A typed path would mean a second `Debug` rendering
// of every node type, written by hand to print what their own impls print.
// No benchmark is involved.
//
// What keeps it safe: only the outermost `fmt` call (the one that finds no
// state) creates the state, and its `EndDebug` guard removes it when that
// call ends, also when the writer fails or panics; nested calls only read
// and update it. Pinned by `tests/handoffs.rs` (`debug_labels_start_...`).
thread_local! {
    static DEBUG: RefCell<Option<DebugState>> = const { RefCell::new(None) };
}

/// Ends the outermost `Debug` rendering (also when a formatter fails).
struct EndDebug;

impl Drop for EndDebug {
    fn drop(&mut self) {
        DEBUG.with(|d| *d.borrow_mut() = None);
    }
}

/// What `Debug` prints for a node before (or instead of) its contents.
enum Prefix {
    None,
    Label(usize),
    Seen(usize),
    TooDeep,
}

impl Debug for Value {
    /// The shape of the variants (`Integer(1)`, `Array(Array { dense: …,
    /// assoc: … })`), with a node held in several places printed once:
    /// `#n=` before its first occurrence, `#n` for the later ones, like
    /// `Display`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let outermost = DEBUG.with(|d| d.borrow().is_none());
        let _end = if outermost {
            let mut counts = HashMap::new();
            count(self, &mut counts);
            counts.retain(|_, n| *n > 1);
            DEBUG.with(|d| {
                *d.borrow_mut() = Some(DebugState {
                    counts,
                    labels: HashMap::new(),
                    depth: 0,
                })
            });
            Some(EndDebug)
        } else {
            None
        };
        let prefix = DEBUG.with(|d| {
            let mut d = d.borrow_mut();
            let Some(st) = d.as_mut() else {
                return Prefix::None;
            };
            if st.depth >= MAX_PRINT_DEPTH {
                return Prefix::TooDeep;
            }
            if matches!(self, Value::Amf3(_)) {
                return Prefix::None;
            }
            let Some(addr) = self.node_addr() else {
                return Prefix::None;
            };
            if matches!(self, Value::Cycle(_)) {
                return match st.labels.get(&addr) {
                    Some(&n) => Prefix::Seen(n),
                    None => Prefix::None,
                };
            }
            if let Some(&n) = st.labels.get(&addr) {
                return Prefix::Seen(n);
            }
            if st.counts.contains_key(&addr) {
                let n = st.labels.len() + 1;
                st.labels.insert(addr, n);
                return Prefix::Label(n);
            }
            Prefix::None
        });
        match prefix {
            Prefix::TooDeep => return f.write_str("…"),
            Prefix::Seen(n) if matches!(self, Value::Cycle(_)) => return write!(f, "Cycle(#{n})"),
            Prefix::Seen(n) => return write!(f, "#{n}"),
            Prefix::Label(n) => write!(f, "#{n}=")?,
            Prefix::None => {}
        }
        DEBUG.with(|d| {
            if let Some(st) = d.borrow_mut().as_mut() {
                st.depth += 1;
            }
        });
        let r = debug_variant(self, f);
        DEBUG.with(|d| {
            if let Some(st) = d.borrow_mut().as_mut() {
                st.depth -= 1;
            }
        });
        r
    }
}

fn debug_variant(v: &Value, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match v {
        Value::Undefined => f.write_str("Undefined"),
        Value::Null => f.write_str("Null"),
        Value::Unsupported => f.write_str("Unsupported"),
        Value::Bool(b) => f.debug_tuple("Bool").field(b).finish(),
        Value::Integer(i) => f.debug_tuple("Integer").field(i).finish(),
        Value::Double(d) => f.debug_tuple("Double").field(d).finish(),
        Value::String(s) => f.debug_tuple("String").field(s).finish(),
        Value::Date(d) => f.debug_tuple("Date").field(&**d).finish(),
        Value::XmlDocument(x) => f.debug_tuple("XmlDocument").field(&**x).finish(),
        Value::Xml(x) => f.debug_tuple("Xml").field(&**x).finish(),
        Value::ByteArray(b) => f.debug_tuple("ByteArray").field(&**b).finish(),
        Value::Array(a) => f.debug_tuple("Array").field(&**a).finish(),
        Value::Object(o) => f.debug_tuple("Object").field(&**o).finish(),
        Value::External(e) => f.debug_tuple("External").field(&**e).finish(),
        Value::VectorInt(x) => f.debug_tuple("VectorInt").field(&**x).finish(),
        Value::VectorUint(x) => f.debug_tuple("VectorUint").field(&**x).finish(),
        Value::VectorDouble(x) => f.debug_tuple("VectorDouble").field(&**x).finish(),
        Value::VectorObject(x) => f.debug_tuple("VectorObject").field(&**x).finish(),
        Value::Dictionary(x) => f.debug_tuple("Dictionary").field(&**x).finish(),
        Value::EcmaArray(x) => f.debug_tuple("EcmaArray").field(&**x).finish(),
        Value::Amf3(x) => f.debug_tuple("Amf3").field(&**x).finish(),
        Value::Cycle(c) => f.debug_tuple("Cycle").field(c).finish(),
    }
}
