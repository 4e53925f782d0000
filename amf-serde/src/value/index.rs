//! `value["name"]`, `value[0]`, their `IndexMut` forms and [`Value::get`].

use std::ops;
use std::sync::Arc;

use super::{kind, Value};
use crate::types::Object;

mod private {
    pub trait Sealed {}
    impl Sealed for usize {}
    impl Sealed for str {}
    impl Sealed for String {}
    impl<T: ?Sized + Sealed> Sealed for &T {}
}

/// Types that can index into a [`Value`]: `usize` for positions in arrays
/// (the dense part, then the associative part's decimal keys), object
/// vectors and ECMA arrays (by decimal key); `&str`/`String` for object
/// members, associative array keys, ECMA array keys and string-keyed
/// dictionary entries. Lookups see through [`Value::Amf3`] and through
/// externalizable objects whose body is one value (Flex `ArrayCollection`).
/// Sealed.
pub trait Index: private::Sealed {
    #[doc(hidden)]
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value>;
    #[doc(hidden)]
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value>;
    #[doc(hidden)]
    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value;
}

/// The one value of an externalizable body, mutably (copy-on-write).
fn external_value(e: &mut Arc<crate::types::External>) -> Option<&mut Value> {
    match Arc::make_mut(e).body.as_mut_slice() {
        [crate::types::DataItem::Value(v)] => Some(v),
        _ => None,
    }
}

impl Index for usize {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        match v.inner() {
            Value::Array(a) => match a.dense.get(*self) {
                Some(x) => Some(x),
                None => a.assoc.get(&self.to_string()),
            },
            Value::VectorObject(a) => a.items.get(*self),
            Value::EcmaArray(e) => e.entries.get(&self.to_string()),
            Value::External(e) => e.value().and_then(|v| self.index_into(v)),
            _ => None,
        }
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        match v.inner_mut() {
            Value::Array(a) => {
                let a = Arc::make_mut(a);
                if *self < a.dense.len() {
                    a.dense.get_mut(*self)
                } else {
                    a.assoc.get_mut(&self.to_string())
                }
            }
            Value::VectorObject(a) => Arc::make_mut(a).items.get_mut(*self),
            Value::EcmaArray(e) => Arc::make_mut(e).entries.get_mut(&self.to_string()),
            Value::External(e) => external_value(e).and_then(|v| self.index_into_mut(v)),
            _ => None,
        }
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        if self.index_into(v).is_none() {
            // Like serde_json (and `Vec`), a position is never created.
            out_of_bounds(*self, kind(v));
        }
        let what = kind(v);
        match self.index_into_mut(v) {
            Some(x) => x,
            None => out_of_bounds(*self, what),
        }
    }
}

#[cold]
fn out_of_bounds(i: usize, what: &str) -> ! {
    // The documented contract of `IndexMut` (as in serde_json); `get_mut`
    // is the non-panicking form.
    panic!("cannot access index {i} of AMF {what} (use get_mut)")
}

impl Index for str {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        match v.inner() {
            Value::Object(o) => o.get(self),
            Value::Array(a) => a.assoc.get(self),
            Value::EcmaArray(a) => a.entries.get(self),
            Value::Dictionary(d) => d
                .entries
                .iter()
                .find(|(k, _)| matches!(k, Value::String(s) if s == self))
                .map(|(_, v)| v),
            Value::External(e) => e.value().and_then(|v| self.index_into(v)),
            _ => None,
        }
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        match v.inner_mut() {
            Value::Object(o) => Arc::make_mut(o).get_mut(self),
            Value::Array(a) => Arc::make_mut(a).assoc.get_mut(self),
            Value::EcmaArray(a) => Arc::make_mut(a).entries.get_mut(self),
            Value::Dictionary(d) => Arc::make_mut(d)
                .entries
                .iter_mut()
                .find(|(k, _)| matches!(k, Value::String(s) if s == self))
                .map(|(_, v)| v),
            Value::External(e) => external_value(e).and_then(|v| self.index_into_mut(v)),
            _ => None,
        }
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        if self.index_into(v).is_none() {
            let target = v.inner_mut();
            match target {
                Value::Null => {
                    *target = Value::from(Object::anonymous([(self, Value::Null)]));
                }
                Value::Object(o) => {
                    Arc::make_mut(o).insert(self, Value::Null);
                }
                Value::Array(a) => Arc::make_mut(a).assoc.push(self, Value::Null),
                Value::EcmaArray(a) => Arc::make_mut(a).entries.push(self, Value::Null),
                Value::Dictionary(d) => Arc::make_mut(d)
                    .entries
                    .push((Value::String(self.to_owned()), Value::Null)),
                _ => no_key(self, kind(v)),
            }
        }
        let what = kind(v);
        match self.index_into_mut(v) {
            Some(x) => x,
            None => no_key(self, what),
        }
    }
}

#[cold]
fn no_key(key: &str, what: &str) -> ! {
    // The documented contract of `IndexMut` (as in serde_json).
    panic!("cannot access key {key:?} in AMF {what} (use get_mut)")
}

impl Index for String {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        self.as_str().index_into(v)
    }
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        self.as_str().index_into_mut(v)
    }
    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        self.as_str().index_or_insert(v)
    }
}

impl<T: ?Sized + Index> Index for &T {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        (**self).index_into(v)
    }
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        (**self).index_into_mut(v)
    }
    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        (**self).index_or_insert(v)
    }
}

static NULL: Value = Value::Null;

impl<I: Index> ops::Index<I> for Value {
    type Output = Value;

    /// Like [`Value::get`], but a missing entry gives `Value::Null` (as
    /// `serde_json` does) instead of panicking.
    fn index(&self, index: I) -> &Value {
        index.index_into(self).unwrap_or(&NULL)
    }
}

impl<I: Index> ops::IndexMut<I> for Value {
    /// Like [`Value::get_mut`] (copy-on-write through shared nodes), with
    /// serde_json's rules: a missing key is inserted as `null` (into an
    /// object, array, ECMA array or dictionary; `null` itself becomes an
    /// empty anonymous object first).
    ///
    /// ```
    /// let mut v = amf_serde::Value::Null;
    /// v["a"]["b"] = 1.into();
    /// v["list"] = amf_serde::amf_value!([1, 2]);
    /// v["list"][0] = "x".into();
    /// assert_eq!(v, amf_serde::amf_value!({"a": {"b": 1}, "list": ["x", 2]}));
    /// ```
    ///
    /// # Panics
    /// A position out of bounds, or a key or position into a value that
    /// has none (a number, a string…), as in serde_json. Use
    /// [`Value::get_mut`] to get `None` instead.
    fn index_mut(&mut self, index: I) -> &mut Value {
        index.index_or_insert(self)
    }
}
