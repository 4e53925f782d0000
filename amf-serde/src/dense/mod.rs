//! [`Dense`]: the dense part of an [`Array`](crate::types::Array), with up
//! to two values kept inline. This file holds the storage and its
//! `Vec`-like methods; `traits.rs` the std and serde trait impls (slices,
//! comparisons, conversions, sequences), `iter.rs` the owning iterator.
//! Generic over the element type: it names no AMF type.
#![allow(dead_code)]

use std::ops::RangeBounds;

mod iter;
#[cfg(test)]
mod tests;
mod traits;

/// The dense part of an [`Array`](crate::types::Array) (indices 0…n−1): a
/// vector that keeps up to two values inside the array itself.
///
/// Short arrays are everywhere in AMF data: coordinate pairs, ranges,
/// `[key, value]` pairs. Keeping them inline saves one allocation per array
/// when decoding into [`Value`](crate::Value) (the array node and its values are one
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
pub struct Dense<V>(Repr<V>);

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
