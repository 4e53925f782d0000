//! A readable rendering of a [`Value`] tree: `{:}` on one line, `{:#}`
//! indented. Class aliases are shown before objects; a node that occurs
//! more than once is labelled `#n=` where it first appears and written `#n`
//! (or `cycle #n`) afterwards.

use std::collections::HashMap;
use std::fmt::{self, Display, Write};

use super::Value;
use crate::types::DataItem;

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
        };
        p.pretty = p.out.alternate();
        p.value(self)
    }
}

/// Counts how often each node is reached (cycles count as a reach).
fn count(v: &Value, counts: &mut HashMap<usize, u32>) {
    let Some(addr) = v.node_addr() else {
        return;
    };
    let n = counts.entry(addr).or_insert(0);
    *n += 1;
    if *n > 1 || matches!(v, Value::Cycle(_)) {
        return;
    }
    for child in children(v) {
        count(child, counts);
    }
}

fn children(v: &Value) -> Vec<&Value> {
    match v {
        Value::Amf3(v) => children(v),
        Value::Array(a) => a
            .dense
            .iter()
            .chain(a.assoc.iter().map(|(_, v)| v))
            .collect(),
        Value::Object(o) => o.members().map(|(_, v)| v).collect(),
        Value::External(e) => e
            .body
            .iter()
            .filter_map(|i| match i {
                DataItem::Value(v) => Some(v),
                _ => None,
            })
            .collect(),
        Value::VectorObject(o) => o.items.iter().collect(),
        Value::Dictionary(d) => d.entries.iter().flat_map(|(k, v)| [k, v]).collect(),
        Value::EcmaArray(e) => e.entries.iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
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
        if let Value::Cycle(c) = v {
            return match self.labels.get(&c.addr()) {
                Some(n) => write!(self.out, "cycle #{n}"),
                None => self.out.write_str("cycle"),
            };
        }
        if let Some(addr) = v.node_addr() {
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
