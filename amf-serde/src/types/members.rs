//! [`Members`]: the named entries of an object, ECMA array or associative
//! array part, in wire order, with amortized constant-time lookup by name.

use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use super::{Dense, Name, Value};

/// Up to this many entries, lookups scan (faster than hashing, and no index
/// is built).
const SCAN: usize = 8;

/// Position of the first entry of each name.
type NameIndex = HashMap<Name, usize>;

/// Named entries in order (the members of an [`Object`](crate::types::Object),
/// the entries of an [`EcmaArray`](crate::types::EcmaArray), the associative
/// part of an [`Array`](crate::types::Array)), like an insertion-ordered map.
///
/// The order is kept because it is part of the wire: sealed members follow
/// their traits, and re-encoding a decoded value writes the same bytes.
/// Looking a name up ([`get`](Members::get), `value["name"]`) is amortized
/// constant time: past a few entries, the first lookup builds a hash index
/// of the names (with std's randomly keyed hasher, so hostile keys cannot
/// make it slow), which later lookups and appends reuse. Reading never pays
/// for it unless a lookup happens, so decoding stays as fast as filling a
/// `Vec`.
///
/// AMF input may repeat a name; the entries keep every repetition, and
/// lookups find the first one (what Flash does). [`insert`](Members::insert)
/// replaces the value of an existing name in place, keeping its position;
/// [`push`](Members::push) appends unconditionally.
///
/// `Members` derefs to a slice of `(name, value)` pairs for reading; values
/// change through [`get_mut`](Members::get_mut),
/// [`values_mut`](Members::values_mut) and
/// [`iter_mut`](Members::iter_mut) (names cannot change in place, which keeps
/// the index right).
///
/// ```
/// use amf_serde::types::Members;
/// use amf_serde::Value;
///
/// let mut m = Members::new();
/// for i in 0..10_000 {
///     m.push(format!("k{i}"), Value::from(i));
/// }
/// assert_eq!(m.get("k9999"), Some(&Value::from(9999)));
/// assert_eq!(m.insert("k0", Value::Null), Some(Value::from(0)));
/// assert_eq!(m[0].0, "k0"); // replaced in place
/// assert_eq!(m.remove("k1"), Some(Value::from(1)));
/// assert_eq!(m[1].0, "k2"); // order kept
/// ```
pub struct Members<V = Value> {
    // Up to two entries inline (see dense/mod.rs): an object with one or
    // two members decoded into a `Value` is one allocation, its node.
    items: Dense<(Name, V)>,
    index: OnceLock<Box<NameIndex>>,
}

impl<V> Members<V> {
    /// No entries.
    pub const fn new() -> Self {
        Members {
            items: Dense::new(),
            index: OnceLock::new(),
        }
    }

    /// No entries, with room for `n`.
    pub fn with_capacity(n: usize) -> Self {
        Members {
            items: Dense::with_capacity(n),
            index: OnceLock::new(),
        }
    }

    /// One or two entries, inline (the decoders' small objects).
    #[inline(always)]
    pub(crate) fn from_dense(items: Dense<(Name, V)>) -> Self {
        Members {
            items,
            index: OnceLock::new(),
        }
    }

    /// The entries as a slice, in order.
    pub fn as_slice(&self) -> &[(Name, V)] {
        &self.items
    }

    /// The entries as a `Vec`, in order.
    pub fn into_vec(self) -> Vec<(Name, V)> {
        self.items.into_vec()
    }

    fn index(&self) -> &NameIndex {
        self.index.get_or_init(|| {
            let mut ix = NameIndex::with_capacity(self.items.len());
            for (i, (k, _)) in self.items.iter().enumerate() {
                ix.entry(k.clone()).or_insert(i);
            }
            Box::new(ix)
        })
    }

    /// The position of the first entry called `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        if self.items.len() <= SCAN {
            self.items.iter().position(|(k, _)| k == name)
        } else {
            self.index().get(name).copied()
        }
    }

    /// The value of the first entry called `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        self.position(name).map(|i| &self.items[i].1)
    }

    /// The value of the first entry called `name`, mutably.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        let i = self.position(name)?;
        Some(&mut self.items[i].1)
    }

    /// `true` if an entry is called `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Sets the value of `name`: replaces the value of the first entry of
    /// that name in place (returning the old value), or appends an entry.
    pub fn insert(&mut self, name: impl Into<Name>, value: V) -> Option<V> {
        let name = name.into();
        match self.position(&name) {
            Some(i) => Some(std::mem::replace(&mut self.items[i].1, value)),
            None => {
                self.push(name, value);
                None
            }
        }
    }

    /// Appends an entry, even if the name is already there (the wire allows
    /// it; lookups keep finding the first).
    pub fn push(&mut self, name: impl Into<Name>, value: V) {
        let name = name.into();
        if let Some(ix) = self.index.get_mut() {
            ix.entry(name.clone()).or_insert(self.items.len());
        }
        self.items.push((name, value));
    }

    /// Removes the first entry called `name`, keeping the order of the
    /// others (linear in the number of entries after it).
    pub fn remove(&mut self, name: &str) -> Option<V> {
        let i = self.position(name)?;
        self.remove_at(i).map(|(_, v)| v)
    }

    /// Removes and returns the entry at `position`, keeping the order of
    /// the others; `None` if out of bounds.
    pub fn remove_at(&mut self, position: usize) -> Option<(Name, V)> {
        if position >= self.items.len() {
            return None;
        }
        self.index = OnceLock::new();
        Some(self.items.remove(position))
    }

    /// Removes the last entry.
    pub fn pop(&mut self) -> Option<(Name, V)> {
        self.index = OnceLock::new();
        self.items.pop()
    }

    /// Keeps the entries for which `keep` returns `true`, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Name, &mut V) -> bool) {
        self.index = OnceLock::new();
        self.items.retain_mut(|(k, v)| keep(k, v));
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.index = OnceLock::new();
        self.items.clear();
    }

    /// The names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Name> + ExactSizeIterator {
        self.items.iter().map(|(k, _)| k)
    }

    /// The values, in order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.items.iter().map(|(_, v)| v)
    }

    /// The values, in order, mutably.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.items.iter_mut().map(|(_, v)| v)
    }

    /// The entries, in order, with mutable values.
    pub fn iter_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = (&Name, &mut V)> + ExactSizeIterator {
        self.items.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// Reserves room for `additional` more entries.
    pub fn reserve(&mut self, additional: usize) {
        self.items.reserve(additional);
    }
}

impl<V> Default for Members<V> {
    fn default() -> Self {
        Members::new()
    }
}

impl<V: Clone> Clone for Members<V> {
    fn clone(&self) -> Self {
        // The index is rebuilt on demand rather than copied.
        Members {
            items: self.items.clone(),
            index: OnceLock::new(),
        }
    }
}

impl<V> Deref for Members<V> {
    type Target = [(Name, V)];

    fn deref(&self) -> &[(Name, V)] {
        &self.items
    }
}

impl<V: fmt::Debug> fmt::Debug for Members<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.as_slice().fmt(f)
    }
}

impl<V: PartialEq> PartialEq for Members<V> {
    fn eq(&self, other: &Self) -> bool {
        self.items.as_slice() == other.items.as_slice()
    }
}

impl<V: PartialEq> PartialEq<[(Name, V)]> for Members<V> {
    fn eq(&self, other: &[(Name, V)]) -> bool {
        self.items.as_slice() == other
    }
}

impl<V: PartialEq, const N: usize> PartialEq<[(Name, V); N]> for Members<V> {
    fn eq(&self, other: &[(Name, V); N]) -> bool {
        self.items.as_slice() == other
    }
}

impl<V: PartialEq> PartialEq<Vec<(Name, V)>> for Members<V> {
    fn eq(&self, other: &Vec<(Name, V)>) -> bool {
        self.items.as_slice() == other.as_slice()
    }
}

impl<V> From<Vec<(Name, V)>> for Members<V> {
    fn from(items: Vec<(Name, V)>) -> Self {
        Members {
            items: Dense::from(items),
            index: OnceLock::new(),
        }
    }
}

impl<V> From<Members<V>> for Vec<(Name, V)> {
    fn from(m: Members<V>) -> Self {
        m.items.into_vec()
    }
}

impl<K: Into<Name>, V> FromIterator<(K, V)> for Members<V> {
    /// Collects entries as given (repeated names are kept, as
    /// [`push`](Members::push) does).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Members {
            items: iter.into_iter().map(|(k, v)| (k.into(), v)).collect(),
            index: OnceLock::new(),
        }
    }
}

impl<K: Into<Name>, V> Extend<(K, V)> for Members<V> {
    /// Appends entries as given (as [`push`](Members::push) does).
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.items.reserve(iter.size_hint().0);
        for (k, v) in iter {
            self.push(k, v);
        }
    }
}

impl<V> IntoIterator for Members<V> {
    type Item = (Name, V);
    type IntoIter = std::vec::IntoIter<(Name, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_vec().into_iter()
    }
}

impl<'a, V> IntoIterator for &'a Members<V> {
    type Item = &'a (Name, V);
    type IntoIter = std::slice::Iter<'a, (Name, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<V: serde::Serialize> serde::Serialize for Members<V> {
    /// As a map, in order.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.items.iter().map(|(k, v)| (k, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_follows_pushes_inserts_and_removals() {
        let mut m: Members<i32> = (0..100).map(|i| (format!("k{i}"), i)).collect();
        assert_eq!(m.get("k50"), Some(&50)); // builds the index
        m.push("k50", -1); // a repeated name: the first one stays found
        assert_eq!(m.get("k50"), Some(&50));
        m.push("new", 7);
        assert_eq!(m.get("new"), Some(&7));
        assert_eq!(m.insert("k3", 33), Some(3));
        assert_eq!(m.position("k3"), Some(3));
        assert_eq!(m.remove("k0"), Some(0));
        assert_eq!(m.position("k3"), Some(2));
        assert_eq!(m.get("k0"), None);
        m.retain(|k, v| !(k == "k50" && *v == 50));
        assert_eq!(m.get("k50"), Some(&-1)); // the repetition is now first
        assert_eq!(m.keys().last().map(Name::as_str), Some("new"));
        let c = m.clone();
        assert_eq!(c, m);
        assert_eq!(c.get("k99"), Some(&99));
    }

    #[test]
    fn small_sets_scan() {
        let mut m: Members<i32> = Members::new();
        m.insert("a", 1);
        m.insert("b", 2);
        assert!(m.index.get().is_none());
        assert_eq!(m.get("b"), Some(&2));
        assert!(m.index.get().is_none());
        assert_eq!(m.remove_at(5), None);
        assert_eq!(
            m.pop().map(|(k, v)| (k.to_string(), v)),
            Some(("b".into(), 2))
        );
    }
}
