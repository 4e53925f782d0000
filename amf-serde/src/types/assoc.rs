//! The associative part of an [`Array`](crate::types::Array), boxed: most
//! arrays have none, and an empty one then costs one pointer in the array
//! node (`Members` is 40 bytes; a decoded `[x, y]` pair is one allocation
//! whose size class this decides).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use super::{Members, Name};

#[derive(Clone)]
pub(crate) struct Assoc<V>(Option<Box<Members<V>>>);

impl<V> Default for Assoc<V> {
    fn default() -> Self {
        Assoc(None)
    }
}

impl<V> Assoc<V> {
    pub(crate) const fn new() -> Self {
        Assoc(None)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.as_slice().len()
    }

    pub(crate) fn as_slice(&self) -> &[(Name, V)] {
        match &self.0 {
            Some(m) => m,
            None => &[],
        }
    }

    pub(crate) fn iter(&self) -> std::slice::Iter<'_, (Name, V)> {
        self.as_slice().iter()
    }

    pub(crate) fn get(&self, name: &str) -> Option<&V> {
        self.0.as_ref().and_then(|m| m.get(name))
    }

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        self.0.as_mut().and_then(|m| m.get_mut(name))
    }

    pub(crate) fn push(&mut self, name: impl Into<Name>, value: V) {
        self.members_mut().push(name, value);
    }

    pub(crate) fn clear(&mut self) {
        self.0 = None;
    }

    /// The members, created empty if there were none.
    pub(crate) fn members_mut(&mut self) -> &mut Members<V> {
        self.0.get_or_insert_with(Box::default)
    }

    pub(crate) fn into_members(self) -> Members<V> {
        self.0.map(|m| *m).unwrap_or_default()
    }

    /// The members, or a shared empty set for this `V`.
    pub(crate) fn members(&self) -> &Members<V>
    where
        V: Send + Sync + 'static,
    {
        match &self.0 {
            Some(m) => m,
            None => empty(),
        }
    }
}

/// One leaked empty `Members<V>` per type `V` (a handful in a program).
fn empty<V: Send + Sync + 'static>() -> &'static Members<V> {
    type Registry = Mutex<HashMap<TypeId, &'static (dyn Any + Send + Sync)>>;
    static EMPTY: OnceLock<Registry> = OnceLock::new();
    let registry = EMPTY.get_or_init(Registry::default);
    let mut map = registry.lock().unwrap_or_else(|e| e.into_inner());
    let any: &'static (dyn Any + Send + Sync) = *map
        .entry(TypeId::of::<V>())
        .or_insert_with(|| Box::leak(Box::new(Members::<V>::new())));
    drop(map);
    match any.downcast_ref::<Members<V>>() {
        Some(m) => m,
        // Unreachable: the entry for `TypeId::of::<V>()` is a
        // `Members<V>`; should it not be, leak a fresh empty one.
        None => Box::leak(Box::new(Members::new())),
    }
}

impl<V> From<Members<V>> for Assoc<V> {
    fn from(m: Members<V>) -> Self {
        if m.is_empty() {
            Assoc(None)
        } else {
            Assoc(Some(Box::new(m)))
        }
    }
}

impl<V: fmt::Debug> fmt::Debug for Assoc<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(m) => m.fmt(f),
            None => Members::<V>::new().fmt(f),
        }
    }
}

impl<V> std::ops::Deref for Assoc<V> {
    type Target = [(Name, V)];

    fn deref(&self) -> &[(Name, V)] {
        self.as_slice()
    }
}

impl<V: PartialEq> PartialEq for Assoc<V> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<'a, V> IntoIterator for &'a Assoc<V> {
    type Item = &'a (Name, V);
    type IntoIter = std::slice::Iter<'a, (Name, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<V> IntoIterator for Assoc<V> {
    type Item = (Name, V);
    type IntoIter = std::vec::IntoIter<(Name, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_members().into_vec().into_iter()
    }
}
