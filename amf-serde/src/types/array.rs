//! [`Array`]: an ActionScript array, its dense part (a [`Dense`], up to two
//! values inline) and its associative part (boxed [`Members`], absent when
//! empty), with `Vec`-like methods. Its serde impls are in `value/types.rs`.

use super::assoc::Assoc;
use super::{Dense, Members, Value};

/// An ActionScript `Array` with a dense part (indices 0…n−1) and an
/// associative part (string keys), as AMF3 `0x09` carries it.
///
/// An `Array` derefs to its dense part, a slice (`a.len()`, `a[0]`,
/// `a.iter()`), and has `Vec`'s methods to change it ([`push`](Array::push),
/// [`insert`](Array::insert), [`remove`](Array::remove), …). The
/// associative part is [`assoc`](Array::assoc), ordered [`Members`].
///
/// ```
/// use amf_serde::types::Array;
/// use amf_serde::Value;
///
/// let mut a: Array = vec![Value::from(1), Value::from(2)].into();
/// a.push(Value::from(3));
/// a.assoc_mut().insert("name", Value::from("x"));
/// assert_eq!(a.len(), 3);
/// assert_eq!(a[2], Value::from(3));
/// assert_eq!(a.assoc().get("name"), Some(&Value::from("x")));
/// assert_eq!(Vec::from(a), [Value::from(1), Value::from(2), Value::from(3)]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Array<V = Value> {
    // Up to two values inline: a short array decoded into a `Value` is one
    // allocation (see dense.rs).
    pub(crate) dense: Dense<V>,
    // Boxed, absent when empty (most arrays): see assoc.rs.
    pub(crate) assoc: Assoc<V>,
}

impl<V> Default for Array<V> {
    fn default() -> Self {
        Array::new()
    }
}

impl<V> Array<V> {
    /// An empty array.
    pub fn new() -> Self {
        Array {
            dense: Dense::new(),
            assoc: Assoc::new(),
        }
    }

    /// An empty array with room for `n` dense values.
    pub fn with_capacity(n: usize) -> Self {
        Array {
            dense: Dense::with_capacity(n),
            assoc: Assoc::new(),
        }
    }

    /// An array with both parts.
    pub fn from_parts(dense: Vec<V>, assoc: impl Into<Members<V>>) -> Self {
        Array {
            dense: dense.into(),
            assoc: assoc.into().into(),
        }
    }

    /// A two-element array (both inline), no associative part.
    #[inline(always)]
    pub(crate) fn pair(a: V, b: V) -> Self {
        Array {
            dense: Dense::two(a, b),
            assoc: Assoc::new(),
        }
    }

    pub(crate) fn from_dense(dense: Dense<V>, assoc: Members<V>) -> Self {
        Array {
            dense,
            assoc: assoc.into(),
        }
    }

    /// Both parts, the dense one as a `Vec`.
    pub fn into_parts(self) -> (Vec<V>, Members<V>) {
        (self.dense.into_vec(), self.assoc.into_members())
    }

    /// The dense part as a slice (what the array derefs to).
    pub fn as_slice(&self) -> &[V] {
        &self.dense
    }

    /// The dense part as a mutable slice.
    pub fn as_mut_slice(&mut self) -> &mut [V] {
        &mut self.dense
    }

    /// The associative part, mutably.
    pub fn assoc_mut(&mut self) -> &mut Members<V> {
        self.assoc.members_mut()
    }

    /// The number of values the dense part can hold without reallocating.
    pub fn capacity(&self) -> usize {
        self.dense.capacity()
    }

    /// Appends a value to the dense part.
    pub fn push(&mut self, v: V) {
        self.dense.push(v);
    }

    /// Removes the last dense value.
    pub fn pop(&mut self) -> Option<V> {
        self.dense.pop()
    }

    /// Inserts a dense value at `index`, shifting the later ones.
    ///
    /// # Panics
    /// If `index > len`, like [`Vec::insert`].
    pub fn insert(&mut self, index: usize, v: V) {
        self.dense.insert(index, v);
    }

    /// Removes the dense value at `index`, shifting the later ones.
    ///
    /// # Panics
    /// If `index >= len`, like [`Vec::remove`].
    pub fn remove(&mut self, index: usize) -> V {
        self.dense.remove(index)
    }

    /// Removes the dense value at `index`, moving the last one there.
    ///
    /// # Panics
    /// If `index >= len`, like [`Vec::swap_remove`].
    pub fn swap_remove(&mut self, index: usize) -> V {
        self.dense.swap_remove(index)
    }

    /// Shortens the dense part to `len` values.
    pub fn truncate(&mut self, len: usize) {
        self.dense.truncate(len);
    }

    /// Empties both parts.
    pub fn clear(&mut self) {
        self.dense.clear();
        self.assoc.clear();
    }

    /// Keeps the dense values for which `keep` returns `true`.
    pub fn retain(&mut self, keep: impl FnMut(&V) -> bool) {
        self.dense.retain(keep);
    }

    /// Keeps the dense values for which `keep` returns `true`, mutably.
    pub fn retain_mut(&mut self, keep: impl FnMut(&mut V) -> bool) {
        self.dense.retain_mut(keep);
    }

    /// Removes a range of dense values, yielding them.
    ///
    /// # Panics
    /// If the range is out of bounds, like [`Vec::drain`].
    pub fn drain(
        &mut self,
        range: impl std::ops::RangeBounds<usize>,
    ) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator + '_ {
        self.dense.drain(range)
    }

    /// Moves every dense value of `other` to the end of this one.
    pub fn append(&mut self, other: &mut Vec<V>) {
        self.dense.as_mut_vec().append(other);
    }

    /// Reserves room for `additional` more dense values.
    pub fn reserve(&mut self, additional: usize) {
        self.dense.reserve(additional);
    }
}

impl<V: Send + Sync + 'static> Array<V> {
    /// The associative part: named entries (including numeric indices after
    /// a gap), in wire order.
    pub fn assoc(&self) -> &Members<V> {
        self.assoc.members()
    }
}

impl<V: Clone> Array<V> {
    /// Appends clones of `other` to the dense part.
    pub fn extend_from_slice(&mut self, other: &[V]) {
        self.dense.extend_from_slice(other);
    }

    /// Resizes the dense part to `len`, filling with `v`.
    pub fn resize(&mut self, len: usize, v: V) {
        self.dense.resize(len, v);
    }
}

impl<V> std::ops::Deref for Array<V> {
    type Target = [V];

    fn deref(&self) -> &[V] {
        &self.dense
    }
}

impl<V> std::ops::DerefMut for Array<V> {
    fn deref_mut(&mut self) -> &mut [V] {
        &mut self.dense
    }
}

impl<V> From<Vec<V>> for Array<V> {
    /// A dense array.
    fn from(dense: Vec<V>) -> Self {
        Array {
            dense: dense.into(),
            assoc: Assoc::new(),
        }
    }
}

impl<V> From<Array<V>> for Vec<V> {
    /// The dense part (the associative part is dropped).
    fn from(a: Array<V>) -> Self {
        a.dense.into_vec()
    }
}

impl<V> FromIterator<V> for Array<V> {
    /// A dense array.
    fn from_iter<I: IntoIterator<Item = V>>(iter: I) -> Self {
        Array {
            dense: iter.into_iter().collect(),
            assoc: Assoc::new(),
        }
    }
}

impl<V> Extend<V> for Array<V> {
    /// Appends to the dense part.
    fn extend<I: IntoIterator<Item = V>>(&mut self, iter: I) {
        self.dense.extend(iter);
    }
}

impl<'a, V> IntoIterator for &'a Array<V> {
    type Item = &'a V;
    type IntoIter = std::slice::Iter<'a, V>;

    /// The dense values.
    fn into_iter(self) -> Self::IntoIter {
        self.dense.iter()
    }
}

impl<'a, V> IntoIterator for &'a mut Array<V> {
    type Item = &'a mut V;
    type IntoIter = std::slice::IterMut<'a, V>;

    /// The dense values, mutably.
    fn into_iter(self) -> Self::IntoIter {
        self.dense.iter_mut()
    }
}
