//! `value["name"]`, `value[0]` and [`Value::get`].

use std::ops;

use super::Value;

mod private {
    pub trait Sealed {}
    impl Sealed for usize {}
    impl Sealed for str {}
    impl Sealed for String {}
    impl<T: ?Sized + Sealed> Sealed for &T {}
}

/// Types that can index into a [`Value`]: `usize` for dense array, vector
/// and ECMA-array positions, `&str`/`String` for object members, associative
/// array keys, ECMA array keys and string-keyed dictionary entries. Sealed.
pub trait Index: private::Sealed {
    #[doc(hidden)]
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value>;
}

impl Index for usize {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        match v.inner() {
            Value::Array(a) => a.dense.get(*self),
            Value::VectorObject(a) => a.items.get(*self),
            Value::External(e) => e.value().and_then(|v| self.index_into(v)),
            _ => None,
        }
    }
}

impl Index for str {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        match v.inner() {
            Value::Object(o) => o.get(self),
            Value::Array(a) => a.assoc.iter().find(|(k, _)| k == self).map(|(_, v)| v),
            Value::EcmaArray(a) => a.entries.iter().find(|(k, _)| k == self).map(|(_, v)| v),
            Value::Dictionary(d) => d
                .entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(self) && matches!(k, Value::String(_)))
                .map(|(_, v)| v),
            Value::External(e) => e.value().and_then(|v| self.index_into(v)),
            _ => None,
        }
    }
}

impl Index for String {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        self.as_str().index_into(v)
    }
}

impl<T: ?Sized + Index> Index for &T {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        (**self).index_into(v)
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
