//! [`Dense`]: the dense part of an [`Array`](crate::types::Array), with up
//! to two values kept inline.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

use crate::value::Value;

/// The dense part of an [`Array`](crate::types::Array) (indices 0…n−1): a
/// vector that keeps up to two values inside the array itself.
///
/// Short arrays are everywhere in AMF data: coordinate pairs, ranges,
/// `[key, value]` pairs. Keeping them inline saves one allocation per array
/// when decoding into [`Value`] (the array node and its values are one
/// allocation). `Dense` dereferences to a slice (`len`, indexing, `iter`,
/// `sort`, …), has the `Vec` methods that change the length, and converts
/// to and from `Vec` (a `Vec` keeps its allocation).
///
/// ```
/// use amf_serde::types::{Array, Dense};
/// use amf_serde::Value;
///
/// let mut a = Array::<Value>::default();
/// a.dense.push(Value::Integer(1));
/// a.dense.push(Value::Double(2.5));
/// assert_eq!(a.dense.len(), 2);
/// assert_eq!(a.dense[1], Value::Double(2.5));
/// assert_eq!(a.dense, [Value::Integer(1), Value::Double(2.5)]);
///
/// let v: Vec<Value> = a.dense.into();
/// assert_eq!(v.len(), 2);
/// let d: Dense<i32> = (1..=4).collect();
/// assert_eq!(d.iter().sum::<i32>(), 10);
/// ```
#[derive(Clone)]
pub struct Dense<V = Value>(Repr<V>);

#[derive(Clone)]
enum Repr<V> {
    One(V),
    Two([V; 2]),
    /// Also the empty state (an empty `Vec` does not allocate).
    Heap(Vec<V>),
}

impl<V> Dense<V> {
    /// An empty dense part (no allocation).
    pub const fn new() -> Self {
        Dense(Repr::Heap(Vec::new()))
    }

    /// An empty dense part with room for `n` values: inline for up to two,
    /// on the heap for more.
    pub fn with_capacity(n: usize) -> Self {
        Dense(Repr::Heap(if n <= 2 {
            Vec::new()
        } else {
            Vec::with_capacity(n)
        }))
    }

    /// The values, as a slice.
    pub fn as_slice(&self) -> &[V] {
        match &self.0 {
            Repr::One(v) => std::slice::from_ref(v),
            Repr::Two(a) => a,
            Repr::Heap(v) => v,
        }
    }

    /// The values, as a mutable slice.
    pub fn as_mut_slice(&mut self) -> &mut [V] {
        match &mut self.0 {
            Repr::One(v) => std::slice::from_mut(v),
            Repr::Two(a) => a,
            Repr::Heap(v) => v,
        }
    }

    /// The values as a `Vec`, for the `Vec` methods `Dense` does not have
    /// (`retain`, `drain`, `dedup`, …). Inline values move to the heap.
    pub fn as_mut_vec(&mut self) -> &mut Vec<V> {
        if !matches!(self.0, Repr::Heap(_)) {
            let v = std::mem::take(self).into_vec();
            self.0 = Repr::Heap(v);
        }
        match &mut self.0 {
            Repr::Heap(v) => v,
            // Made a `Heap` just above.
            Repr::One(_) | Repr::Two(_) => unreachable!(),
        }
    }

    /// The values as a `Vec` (inline values move to a new allocation).
    pub fn into_vec(self) -> Vec<V> {
        match self.0 {
            Repr::One(v) => vec![v],
            Repr::Two([a, b]) => {
                let mut v = Vec::with_capacity(4);
                v.push(a);
                v.push(b);
                v
            }
            Repr::Heap(v) => v,
        }
    }

    /// Appends `v`.
    pub fn push(&mut self, v: V) {
        match &mut self.0 {
            Repr::Heap(vec) if vec.is_empty() && vec.capacity() == 0 => self.0 = Repr::One(v),
            Repr::Heap(vec) => vec.push(v),
            Repr::One(_) | Repr::Two(_) => {
                let old = std::mem::take(self);
                self.0 = match old.0 {
                    Repr::One(a) => Repr::Two([a, v]),
                    other => {
                        let mut vec = Dense(other).into_vec();
                        vec.push(v);
                        Repr::Heap(vec)
                    }
                };
            }
        }
    }

    /// Removes and returns the last value.
    pub fn pop(&mut self) -> Option<V> {
        match &mut self.0 {
            Repr::Heap(vec) => vec.pop(),
            Repr::One(_) | Repr::Two(_) => match std::mem::take(self).0 {
                Repr::One(a) => Some(a),
                Repr::Two([a, b]) => {
                    self.0 = Repr::One(a);
                    Some(b)
                }
                Repr::Heap(_) => None,
            },
        }
    }

    /// Inserts `v` at `index`, shifting the values after it.
    ///
    /// # Panics
    ///
    /// If `index > len`, as `Vec::insert` does.
    pub fn insert(&mut self, index: usize, v: V) {
        if index == self.len() {
            self.push(v);
        } else {
            self.as_mut_vec().insert(index, v);
        }
    }

    /// Removes and returns the value at `index`, shifting the values after
    /// it.
    ///
    /// # Panics
    ///
    /// If `index >= len`, as `Vec::remove` does.
    pub fn remove(&mut self, index: usize) -> V {
        self.as_mut_vec().remove(index)
    }

    /// Keeps the first `len` values, dropping the rest.
    pub fn truncate(&mut self, len: usize) {
        if len < self.len() {
            self.as_mut_vec().truncate(len);
        }
    }

    /// Removes all values (keeping a heap allocation, like `Vec::clear`).
    pub fn clear(&mut self) {
        match &mut self.0 {
            Repr::Heap(vec) => vec.clear(),
            Repr::One(_) | Repr::Two(_) => self.0 = Repr::Heap(Vec::new()),
        }
    }

    /// Reserves room for `additional` more values.
    pub fn reserve(&mut self, additional: usize) {
        if let Repr::Heap(vec) = &mut self.0 {
            if vec.len() + additional <= 2 && vec.capacity() == 0 {
                return;
            }
        }
        self.as_mut_vec().reserve(additional);
    }

    /// One value, inline.
    pub(crate) fn one(v: V) -> Self {
        Dense(Repr::One(v))
    }

    /// Two values, inline.
    pub(crate) fn two(a: V, b: V) -> Self {
        Dense(Repr::Two([a, b]))
    }
}

impl<V> Default for Dense<V> {
    fn default() -> Self {
        Dense::new()
    }
}

impl<V> Deref for Dense<V> {
    type Target = [V];

    fn deref(&self) -> &[V] {
        self.as_slice()
    }
}

impl<V> DerefMut for Dense<V> {
    fn deref_mut(&mut self) -> &mut [V] {
        self.as_mut_slice()
    }
}

impl<V> AsRef<[V]> for Dense<V> {
    fn as_ref(&self) -> &[V] {
        self
    }
}

impl<V> AsMut<[V]> for Dense<V> {
    fn as_mut(&mut self) -> &mut [V] {
        self
    }
}

impl<V: fmt::Debug> fmt::Debug for Dense<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<V: PartialEq<U>, U> PartialEq<Dense<U>> for Dense<V> {
    fn eq(&self, other: &Dense<U>) -> bool {
        self[..] == other[..]
    }
}

impl<V: Eq> Eq for Dense<V> {}

impl<V: PartialEq<U>, U> PartialEq<Vec<U>> for Dense<V> {
    fn eq(&self, other: &Vec<U>) -> bool {
        self[..] == other[..]
    }
}

impl<V: PartialEq<U>, U> PartialEq<[U]> for Dense<V> {
    fn eq(&self, other: &[U]) -> bool {
        self[..] == *other
    }
}

impl<V: PartialEq<U>, U, const N: usize> PartialEq<[U; N]> for Dense<V> {
    fn eq(&self, other: &[U; N]) -> bool {
        self[..] == other[..]
    }
}

impl<V: Hash> Hash for Dense<V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self[..].hash(state);
    }
}

impl<V> From<Vec<V>> for Dense<V> {
    /// Keeps the vector's allocation.
    fn from(v: Vec<V>) -> Self {
        Dense(Repr::Heap(v))
    }
}

impl<V> From<Dense<V>> for Vec<V> {
    fn from(d: Dense<V>) -> Self {
        d.into_vec()
    }
}

impl<V, const N: usize> From<[V; N]> for Dense<V> {
    fn from(a: [V; N]) -> Self {
        a.into_iter().collect()
    }
}

impl<V> FromIterator<V> for Dense<V> {
    fn from_iter<I: IntoIterator<Item = V>>(iter: I) -> Self {
        let mut it = iter.into_iter();
        let Some(a) = it.next() else {
            return Dense::new();
        };
        let Some(b) = it.next() else {
            return Dense::one(a);
        };
        let Some(c) = it.next() else {
            return Dense::two(a, b);
        };
        let mut v = Vec::with_capacity(it.size_hint().0.saturating_add(3));
        v.extend([a, b, c]);
        v.extend(it);
        Dense(Repr::Heap(v))
    }
}

impl<V> Extend<V> for Dense<V> {
    fn extend<I: IntoIterator<Item = V>>(&mut self, iter: I) {
        for v in iter {
            self.push(v);
        }
    }
}

impl<V> IntoIterator for Dense<V> {
    type Item = V;
    type IntoIter = DenseIntoIter<V>;

    fn into_iter(self) -> DenseIntoIter<V> {
        DenseIntoIter(match self.0 {
            Repr::One(v) => IterRepr::Inline(Some(v).into_iter().chain(None)),
            Repr::Two([a, b]) => IterRepr::Inline(Some(a).into_iter().chain(Some(b))),
            Repr::Heap(v) => IterRepr::Heap(v.into_iter()),
        })
    }
}

impl<'a, V> IntoIterator for &'a Dense<V> {
    type Item = &'a V;
    type IntoIter = std::slice::Iter<'a, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, V> IntoIterator for &'a mut Dense<V> {
    type Item = &'a mut V;
    type IntoIter = std::slice::IterMut<'a, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

/// The owning iterator of a [`Dense`], in index order.
pub struct DenseIntoIter<V>(IterRepr<V>);

type InlineIter<V> = std::iter::Chain<std::option::IntoIter<V>, std::option::IntoIter<V>>;

enum IterRepr<V> {
    Inline(InlineIter<V>),
    Heap(std::vec::IntoIter<V>),
}

impl<V> Iterator for DenseIntoIter<V> {
    type Item = V;

    fn next(&mut self) -> Option<V> {
        match &mut self.0 {
            IterRepr::Inline(it) => it.next(),
            IterRepr::Heap(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Inline(it) => it.size_hint(),
            IterRepr::Heap(it) => it.size_hint(),
        }
    }
}

impl<V> DoubleEndedIterator for DenseIntoIter<V> {
    fn next_back(&mut self) -> Option<V> {
        match &mut self.0 {
            IterRepr::Inline(it) => it.next_back(),
            IterRepr::Heap(it) => it.next_back(),
        }
    }
}

impl<V> ExactSizeIterator for DenseIntoIter<V> {}

impl<V: fmt::Debug> fmt::Debug for DenseIntoIter<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            IterRepr::Inline(it) => f.debug_tuple("DenseIntoIter").field(it).finish(),
            IterRepr::Heap(it) => f.debug_tuple("DenseIntoIter").field(it).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation on a `Dense` and on a `Vec` side by side, through
    /// the inline and heap states and the changes between them.
    #[test]
    fn dense_behaves_like_a_vec() {
        let mut d = Dense::<u32>::new();
        let mut v = Vec::<u32>::new();
        let check = |d: &Dense<u32>, v: &Vec<u32>| {
            assert_eq!(d.as_slice(), v.as_slice());
            assert_eq!(d.len(), v.len());
            assert_eq!(*d, *v);
            assert_eq!(d.clone().into_vec(), *v);
            assert_eq!(d.clone().into_iter().collect::<Vec<_>>(), *v);
            assert_eq!(d.clone().into_iter().rev().collect::<Vec<_>>(), {
                let mut r = v.clone();
                r.reverse();
                r
            });
            assert_eq!(d.clone().into_iter().len(), v.len());
            assert_eq!(format!("{d:?}"), format!("{v:?}"));
        };
        for i in 0..5 {
            d.push(i);
            v.push(i);
            check(&d, &v);
        }
        for _ in 0..6 {
            assert_eq!(d.pop(), v.pop());
            check(&d, &v);
        }
        d.insert(0, 7);
        v.insert(0, 7);
        check(&d, &v);
        d.insert(0, 8);
        v.insert(0, 8);
        check(&d, &v);
        d.insert(1, 9);
        v.insert(1, 9);
        check(&d, &v);
        assert_eq!(d.remove(1), v.remove(1));
        check(&d, &v);
        d.extend([1, 2, 3]);
        v.extend([1, 2, 3]);
        check(&d, &v);
        d.truncate(9);
        check(&d, &v);
        d.truncate(1);
        v.truncate(1);
        check(&d, &v);
        d.as_mut_vec().retain(|&x| x != 8);
        v.retain(|&x| x != 8);
        check(&d, &v);
        d.clear();
        v.clear();
        check(&d, &v);
        d.reserve(2);
        d.extend([5, 6]);
        v.extend([5, 6]);
        check(&d, &v);
        d[0] = 4;
        d.as_mut_slice()[1] = 3;
        assert_eq!(d, [4, 3]);
        d.sort_unstable();
        assert_eq!(d, vec![3, 4]);
        d.clear();
        assert!(d.is_empty());
    }

    #[test]
    fn short_dense_parts_stay_inline() {
        let d: Dense<u32> = [1, 2].into();
        assert!(matches!(d.0, Repr::Two([1, 2])));
        let d: Dense<u32> = [1].into();
        assert!(matches!(d.0, Repr::One(1)));
        let d: Dense<u32> = (1..=3).collect();
        assert!(matches!(&d.0, Repr::Heap(v) if v == &[1, 2, 3]));
        // A `Vec` keeps its allocation, even a short one.
        let v = Vec::with_capacity(8);
        let ptr = v.as_ptr();
        let mut d: Dense<u32> = v.into();
        d.push(1);
        assert!(matches!(&d.0, Repr::Heap(v) if v.as_ptr() == ptr));
        // Two inline values and their array node are one allocation.
        assert!(std::mem::size_of::<Dense<Value>>() <= 2 * std::mem::size_of::<Value>() + 8);
    }

    /// Every way of making a `Value` keeps a short array inline.
    #[test]
    fn short_arrays_decode_inline() {
        let pair = [1.5f64, -2.0];
        let values = [
            crate::from_slice::<Value>(&crate::to_vec(&pair).unwrap()).unwrap(),
            crate::amf0::from_slice::<Value>(&crate::amf0::to_vec(&pair).unwrap()).unwrap(),
            crate::to_value(&pair).unwrap(),
            crate::to_value(&vec![(1, 2)]).unwrap()[0].clone(),
        ];
        for v in &values {
            let Value::Array(a) = v else { panic!("{v:?}") };
            assert!(matches!(a.dense.0, Repr::Two(_)), "{v:?}");
        }
        assert_eq!(
            values[0].as_array().unwrap().dense,
            [Value::Double(1.5), Value::Double(-2.0)]
        );
        let one = crate::from_slice::<Value>(&crate::to_vec(&[7i32]).unwrap()).unwrap();
        assert!(matches!(
            &one.as_array().unwrap().dense.0,
            Repr::One(Value::Integer(7))
        ));
        let three = crate::from_slice::<Value>(&crate::to_vec(&[7i32; 3]).unwrap()).unwrap();
        assert!(matches!(&three.as_array().unwrap().dense.0, Repr::Heap(v) if v.len() == 3));
    }

    #[test]
    fn dense_equality_and_hash_are_the_slices() {
        use std::collections::hash_map::DefaultHasher;
        let hash = |d: &Dense<u8>| {
            let mut h = DefaultHasher::new();
            d.hash(&mut h);
            h.finish()
        };
        let inline: Dense<u8> = [1, 2].into();
        let heap: Dense<u8> = vec![1, 2].into();
        assert_eq!(inline, heap);
        assert_eq!(hash(&inline), hash(&heap));
        assert_ne!(inline, Dense::from([1, 2, 3]));
    }
}
