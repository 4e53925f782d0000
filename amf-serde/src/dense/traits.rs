//! The std and serde trait impls of [`Dense`]: it reads as a slice
//! (`Deref`, `AsRef`, `Borrow`), compares and hashes as one, converts from
//! and to `Vec`s, arrays and iterators, and is a sequence to serde.

use std::borrow::{Borrow, BorrowMut};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use super::{Dense, Repr};

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
