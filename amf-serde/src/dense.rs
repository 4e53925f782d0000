//! [`Dense`]: the dense part of an [`Array`](crate::types::Array), with up
//! to two values kept inline.
#![allow(dead_code)]

use std::borrow::{Borrow, BorrowMut};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::iter::FusedIterator;
use std::ops::{Deref, DerefMut, RangeBounds};

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::value::Value;

/// The dense part of an [`Array`](crate::types::Array) (indices 0…n−1): a
/// vector that keeps up to two values inside the array itself.
///
/// Short arrays are everywhere in AMF data: coordinate pairs, ranges,
/// `[key, value]` pairs. Keeping them inline saves one allocation per array
/// when decoding into [`Value`] (the array node and its values are one
/// allocation).
///
/// `Dense` dereferences to a slice (`len`, indexing, `iter`, `sort`, …),
/// compares equal to slices, arrays and `Vec`s with the same values, and has
/// the common `Vec` methods that change the length (`push`, `pop`,
/// `insert`, `remove`, `truncate`, `clear`, `retain`, `drain`, `resize`,
/// `extend_from_slice`, …); [`as_mut_vec`](Self::as_mut_vec) gives the
/// rest. Serde sees it as a sequence.
///
/// Internal: the public API shows the dense part as a slice and `Vec`-like
/// methods on [`Array`](crate::types::Array). Methods the crate does not
/// use yet stay (they are tested against `Vec` below).
#[derive(Clone)]
pub struct Dense<V = Value>(Repr<V>);

#[derive(Clone)]
enum Repr<V> {
    One(V),
    Two([V; 2]),
    /// Any length, including empty (an empty `Vec::new()` does not
    /// allocate); one or two values only after `From<Vec>` or once the
    /// values have moved to the heap.
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

    /// How many values it can hold without allocating: 2 inline, the
    /// vector's capacity on the heap.
    pub fn capacity(&self) -> usize {
        match &self.0 {
            Repr::One(_) | Repr::Two(_) => 2,
            Repr::Heap(v) if v.capacity() == 0 => 2,
            Repr::Heap(v) => v.capacity(),
        }
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

    /// The values as a `Vec`, for the `Vec` methods `Dense` does not have.
    /// Inline values move to the heap.
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
            Repr::One(a) => {
                let mut v = Vec::with_capacity(4);
                v.push(a);
                v
            }
            Repr::Two([a, b]) => {
                let mut v = Vec::with_capacity(4);
                v.push(a);
                v.push(b);
                v
            }
            Repr::Heap(v) => v,
        }
    }

    /// The values as a boxed slice.
    pub fn into_boxed_slice(self) -> Box<[V]> {
        self.into_vec().into_boxed_slice()
    }

    /// Appends `v`.
    pub fn push(&mut self, v: V) {
        match &mut self.0 {
            Repr::Heap(vec) if vec.capacity() == 0 => self.0 = Repr::One(v),
            Repr::Heap(vec) => vec.push(v),
            Repr::One(_) | Repr::Two(_) => {
                self.0 = match std::mem::take(self).0 {
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
                Repr::Two([a, b]) => {
                    self.0 = Repr::One(a);
                    Some(b)
                }
                Repr::One(a) => Some(a),
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
        match std::mem::take(self).0 {
            Repr::One(a) if index == 0 => self.0 = Repr::Two([v, a]),
            other => {
                self.0 = other;
                if index == self.len() {
                    self.push(v);
                } else {
                    self.as_mut_vec().insert(index, v);
                }
            }
        }
    }

    /// Removes and returns the value at `index`, shifting the values after
    /// it.
    ///
    /// # Panics
    ///
    /// If `index >= len`, as `Vec::remove` does.
    pub fn remove(&mut self, index: usize) -> V {
        match std::mem::take(self).0 {
            Repr::One(a) if index == 0 => a,
            Repr::Two([a, b]) if index == 0 => {
                self.0 = Repr::One(b);
                a
            }
            Repr::Two([a, b]) if index == 1 => {
                self.0 = Repr::One(a);
                b
            }
            other => {
                self.0 = other;
                self.as_mut_vec().remove(index)
            }
        }
    }

    /// Removes the value at `index` and returns it, moving the last value
    /// into its place.
    ///
    /// # Panics
    ///
    /// If `index >= len`, as `Vec::swap_remove` does.
    pub fn swap_remove(&mut self, index: usize) -> V {
        if index < self.len() {
            let last = self.len() - 1;
            self.as_mut_slice().swap(index, last);
            self.remove(last)
        } else {
            self.as_mut_vec().swap_remove(index)
        }
    }

    /// Keeps the first `len` values, dropping the rest.
    pub fn truncate(&mut self, len: usize) {
        match &mut self.0 {
            Repr::Heap(vec) => vec.truncate(len),
            Repr::One(_) | Repr::Two(_) => {
                while self.len() > len {
                    self.pop();
                }
            }
        }
    }

    /// Removes all values (keeping a heap allocation, like `Vec::clear`).
    pub fn clear(&mut self) {
        match &mut self.0 {
            Repr::Heap(vec) => vec.clear(),
            Repr::One(_) | Repr::Two(_) => self.0 = Repr::Heap(Vec::new()),
        }
    }

    /// Keeps the values for which `f` returns `true`, in order.
    pub fn retain(&mut self, f: impl FnMut(&V) -> bool) {
        self.as_mut_vec().retain(f);
    }

    /// Keeps the values for which `f` returns `true`, in order, letting `f`
    /// change them.
    pub fn retain_mut(&mut self, f: impl FnMut(&mut V) -> bool) {
        self.as_mut_vec().retain_mut(f);
    }

    /// Removes the values in `range` and returns them as an iterator.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds, as `Vec::drain` does.
    pub fn drain(&mut self, range: impl RangeBounds<usize>) -> std::vec::Drain<'_, V> {
        self.as_mut_vec().drain(range)
    }

    /// Splits off the values from `at` on, returning them.
    ///
    /// # Panics
    ///
    /// If `at > len`, as `Vec::split_off` does.
    pub fn split_off(&mut self, at: usize) -> Self {
        Dense::from(self.as_mut_vec().split_off(at))
    }

    /// Moves all values of `other` to the end, leaving `other` empty.
    pub fn append(&mut self, other: &mut Self) {
        self.extend(std::mem::take(other));
    }

    /// Reserves room for `additional` more values.
    pub fn reserve(&mut self, additional: usize) {
        let inline = match &self.0 {
            Repr::One(_) | Repr::Two(_) => true,
            Repr::Heap(vec) => vec.capacity() == 0,
        };
        if inline && self.len().saturating_add(additional) <= 2 {
            return;
        }
        self.as_mut_vec().reserve(additional);
    }

    /// Moves up to two values back inline, or shrinks the heap allocation.
    pub fn shrink_to_fit(&mut self) {
        if let Repr::Heap(vec) = &mut self.0 {
            if vec.len() <= 2 {
                let vec = std::mem::take(vec);
                *self = vec.into_iter().collect();
            } else {
                vec.shrink_to_fit();
            }
        }
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

impl<V: Clone> Dense<V> {
    /// Appends clones of the values of `other`.
    pub fn extend_from_slice(&mut self, other: &[V]) {
        self.extend(other.iter().cloned());
    }

    /// Makes the length `len`, dropping values or appending clones of `v`.
    pub fn resize(&mut self, len: usize, v: V) {
        if len <= self.len() {
            self.truncate(len);
        } else {
            self.extend(std::iter::repeat_n(v, len - self.len()));
        }
    }
}

impl<V: PartialEq> Dense<V> {
    /// Removes consecutive repeated values.
    pub fn dedup(&mut self) {
        if self.windows(2).any(|w| w[0] == w[1]) {
            self.as_mut_vec().dedup();
        }
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

impl<V> Borrow<[V]> for Dense<V> {
    fn borrow(&self) -> &[V] {
        self
    }
}

impl<V> BorrowMut<[V]> for Dense<V> {
    fn borrow_mut(&mut self) -> &mut [V] {
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

/// `Dense == x` and `x == Dense` for the slice-like types `x`.
macro_rules! slice_eq {
    ($([$($gen:tt)*] $other:ty),* $(,)?) => {$(
        impl<V: PartialEq<U>, U, $($gen)*> PartialEq<$other> for Dense<V> {
            fn eq(&self, other: &$other) -> bool {
                self[..] == other[..]
            }
        }

        impl<V, U: PartialEq<V>, $($gen)*> PartialEq<Dense<V>> for $other {
            fn eq(&self, other: &Dense<V>) -> bool {
                self[..] == other[..]
            }
        }
    )*};
}

slice_eq! {
    [] Vec<U>,
    [] [U],
    [] &[U],
    [] &mut [U],
    [const N: usize] [U; N],
    [const N: usize] &[U; N],
}

impl<V: PartialOrd> PartialOrd for Dense<V> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self[..].partial_cmp(&other[..])
    }
}

impl<V: Ord> Ord for Dense<V> {
    fn cmp(&self, other: &Self) -> Ordering {
        self[..].cmp(&other[..])
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

impl<V> From<Box<[V]>> for Dense<V> {
    fn from(v: Box<[V]>) -> Self {
        Dense(Repr::Heap(v.into_vec()))
    }
}

impl<V: Clone> From<&[V]> for Dense<V> {
    fn from(v: &[V]) -> Self {
        v.iter().cloned().collect()
    }
}

impl<V: Clone, const N: usize> From<&[V; N]> for Dense<V> {
    fn from(v: &[V; N]) -> Self {
        v.iter().cloned().collect()
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

impl<V, const N: usize> TryFrom<Dense<V>> for [V; N] {
    /// The dense part back, when its length is not `N`.
    type Error = Dense<V>;

    fn try_from(d: Dense<V>) -> Result<Self, Dense<V>> {
        <[V; N]>::try_from(d.into_vec()).map_err(Dense::from)
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
        let iter = iter.into_iter();
        if self.len().saturating_add(iter.size_hint().0) > 2 {
            self.as_mut_vec().extend(iter);
        } else {
            for v in iter {
                self.push(v);
            }
        }
    }
}

impl<'a, V: Copy + 'a> Extend<&'a V> for Dense<V> {
    fn extend<I: IntoIterator<Item = &'a V>>(&mut self, iter: I) {
        self.extend(iter.into_iter().copied());
    }
}

impl<V> IntoIterator for Dense<V> {
    type Item = V;
    type IntoIter = DenseIntoIter<V>;

    fn into_iter(self) -> DenseIntoIter<V> {
        DenseIntoIter(match self.0 {
            Repr::One(v) => IterRepr::One([v].into_iter()),
            Repr::Two(a) => IterRepr::Two(a.into_iter()),
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

impl<V: Serialize> Serialize for Dense<V> {
    /// As a sequence.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Dense<V> {
    /// From a sequence (up to two values inline).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SeqVisitor<V>(std::marker::PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for SeqVisitor<V> {
            type Value = Dense<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Dense<V>, A::Error> {
                let mut dense = Dense::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(v) = seq.next_element()? {
                    dense.push(v);
                }
                Ok(dense)
            }
        }

        d.deserialize_seq(SeqVisitor(std::marker::PhantomData))
    }
}

/// The owning iterator of a [`Dense`], in index order.
#[derive(Clone)]
pub struct DenseIntoIter<V>(IterRepr<V>);

#[derive(Clone)]
enum IterRepr<V> {
    One(std::array::IntoIter<V, 1>),
    Two(std::array::IntoIter<V, 2>),
    Heap(std::vec::IntoIter<V>),
}

impl<V> DenseIntoIter<V> {
    /// The values not yet iterated over.
    pub fn as_slice(&self) -> &[V] {
        match &self.0 {
            IterRepr::One(it) => it.as_slice(),
            IterRepr::Two(it) => it.as_slice(),
            IterRepr::Heap(it) => it.as_slice(),
        }
    }
}

impl<V> Iterator for DenseIntoIter<V> {
    type Item = V;

    fn next(&mut self) -> Option<V> {
        match &mut self.0 {
            IterRepr::One(it) => it.next(),
            IterRepr::Two(it) => it.next(),
            IterRepr::Heap(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.as_slice().len();
        (n, Some(n))
    }
}

impl<V> DoubleEndedIterator for DenseIntoIter<V> {
    fn next_back(&mut self) -> Option<V> {
        match &mut self.0 {
            IterRepr::One(it) => it.next_back(),
            IterRepr::Two(it) => it.next_back(),
            IterRepr::Heap(it) => it.next_back(),
        }
    }
}

impl<V> ExactSizeIterator for DenseIntoIter<V> {}

impl<V> FusedIterator for DenseIntoIter<V> {}

impl<V: fmt::Debug> fmt::Debug for DenseIntoIter<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DenseIntoIter")
            .field(&self.as_slice())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that `d` holds what `v` holds, every way it can be read.
    fn check(d: &Dense<u32>, v: &Vec<u32>) {
        assert_eq!(d.as_slice(), v.as_slice());
        assert_eq!(d.len(), v.len());
        assert_eq!(*d, *v);
        assert_eq!(*v, *d);
        assert_eq!(d, v.as_slice());
        assert!(d.capacity() >= d.len());
        assert_eq!(d.clone().into_vec(), *v);
        assert_eq!(d.clone().into_iter().collect::<Vec<_>>(), *v);
        let mut r = v.clone();
        r.reverse();
        assert_eq!(d.clone().into_iter().rev().collect::<Vec<_>>(), r);
        let mut it = d.clone().into_iter();
        assert_eq!(it.len(), v.len());
        if let Some(first) = it.next() {
            assert_eq!(first, v[0]);
            assert_eq!(it.as_slice(), &v[1..]);
            assert_eq!(format!("{it:?}"), format!("DenseIntoIter({:?})", &v[1..]));
        }
        assert_eq!(format!("{d:?}"), format!("{v:?}"));
        // Up to two values stay inline once inline.
        if let Repr::One(_) | Repr::Two(_) = d.0 {
            assert!(v.len() <= 2);
        }
    }

    /// Random operations on a `Dense` and on a `Vec` side by side, through
    /// the inline and heap states and the changes between them.
    #[test]
    fn dense_behaves_like_a_vec() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut rand = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n.max(1)
        };
        let mut d = Dense::<u32>::new();
        let mut v = Vec::<u32>::new();
        for step in 0..20_000u32 {
            let len = v.len() as u64;
            match rand(18) {
                0..=3 => {
                    d.push(step);
                    v.push(step);
                }
                4 | 5 => assert_eq!(d.pop(), v.pop()),
                6 => {
                    let i = rand(len + 1) as usize;
                    d.insert(i, step);
                    v.insert(i, step);
                }
                7 if len > 0 => {
                    let i = rand(len) as usize;
                    assert_eq!(d.remove(i), v.remove(i));
                }
                8 if len > 0 => {
                    let i = rand(len) as usize;
                    assert_eq!(d.swap_remove(i), v.swap_remove(i));
                }
                9 => {
                    let n = rand(len + 2) as usize;
                    d.truncate(n);
                    v.truncate(n);
                }
                10 => {
                    let m = rand(3) as u32 + 2;
                    d.retain(|x| x % m != 0);
                    v.retain(|x| x % m != 0);
                }
                11 => {
                    let (i, j) = (rand(len + 1) as usize, rand(len + 1) as usize);
                    let (i, j) = (i.min(j), i.max(j));
                    assert!(d.drain(i..j).eq(v.drain(i..j)));
                }
                12 => {
                    let more: Vec<u32> = (0..rand(4) as u32).map(|k| step + k).collect();
                    if rand(2) == 0 {
                        d.extend(more.iter().copied());
                    } else {
                        d.extend_from_slice(&more);
                    }
                    v.extend(more);
                }
                13 => {
                    let n = rand(len + 3) as usize;
                    d.resize(n, step);
                    v.resize(n, step);
                }
                14 => {
                    let at = rand(len + 1) as usize;
                    let (dt, vt) = (d.split_off(at), v.split_off(at));
                    check(&dt, &vt);
                    let mut dt = dt;
                    d.append(&mut dt);
                    assert!(dt.is_empty());
                    v.extend(vt);
                }
                15 => {
                    d.shrink_to_fit();
                    if v.len() <= 2 {
                        assert!(!matches!(d.0, Repr::Heap(_)) || v.is_empty());
                    }
                }
                16 => {
                    let n = rand(4) as usize;
                    d.reserve(n);
                    assert!(d.capacity() >= v.len() + n);
                }
                17 if len > 0 => {
                    d[0] = 7;
                    v[0] = 7;
                    d.dedup();
                    v.dedup();
                }
                _ => {
                    d.clear();
                    v.clear();
                }
            }
            check(&d, &v);
        }
    }

    #[test]
    fn dense_converts_like_a_vec() {
        let d: Dense<u8> = (&[1u8, 2][..]).into();
        assert_eq!(<[u8; 2]>::try_from(d.clone()), Ok([1, 2]));
        assert_eq!(<[u8; 3]>::try_from(d.clone()), Err(d.clone()));
        assert_eq!(
            Dense::from(&[3u8, 4, 5]).into_boxed_slice(),
            vec![3, 4, 5].into_boxed_slice()
        );
        assert_eq!(Dense::from(vec![9u8].into_boxed_slice()), [9]);
        let (low, high) = (Dense::from([1u8, 2]), Dense::from([1u8, 3]));
        assert!(low < high);
        assert_eq!(low.partial_cmp(&high), Some(Ordering::Less));
        assert_eq!(
            Dense::from([2u8]).cmp(&Dense::from(vec![1u8, 5, 6])),
            Ordering::Greater
        );
        let borrowed: &[u8] = d.borrow();
        assert_eq!(borrowed, [1, 2]);
        let mut m = Dense::from([1u8, 2, 3]);
        m.retain_mut(|x| {
            *x *= 2;
            *x != 4
        });
        assert_eq!(m, [2, 6]);
        // Serde sees a sequence; short ones come back inline.
        let bytes = crate::to_vec(&Dense::from([1.5f64, 2.5])).unwrap();
        assert_eq!(bytes, crate::to_vec(&vec![1.5f64, 2.5]).unwrap());
        let back: Dense<f64> = crate::from_slice(&bytes).unwrap();
        assert!(matches!(back.0, Repr::Two([1.5, 2.5])));
        let json = serde_json::to_string(&Dense::from([1, 2, 3])).unwrap();
        assert_eq!(json, "[1,2,3]");
        let back: Dense<i32> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, [1, 2, 3]);
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
