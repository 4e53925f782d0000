//! [`DenseIntoIter`], the owning iterator of a [`Dense`].

use std::fmt;
use std::iter::FusedIterator;

use super::{Dense, Repr};

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
