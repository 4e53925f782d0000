//! [`Object`] (class alias, sealed and dynamic members, traits copy) and
//! [`EcmaArray`] (AMF0's ordered string-keyed array): the two containers of
//! named members.

use super::{Members, Name, Value};

/// An ActionScript object: its class alias (`""` for anonymous objects),
/// sealed members in traits order, and, for dynamic classes, dynamic members
/// in wire order.
///
/// Members are [`Members`]: ordered, with amortized constant-time lookup by
/// name. The methods here ([`get`](Object::get), [`insert`](Object::insert),
/// [`remove`](Object::remove), …) see sealed and dynamic members as one map,
/// sealed first.
#[derive(Clone, PartialEq, Default)]
pub struct Object {
    /// The registered class alias; `""` for an anonymous object.
    pub class: Name,
    /// Sealed members, in the order of the traits.
    pub sealed: Members,
    /// `Some` for a dynamic object: its dynamic members in wire order.
    pub dynamic: Option<Members>,
    /// Which copy of its traits (class, sealed names, dynamic flag) the
    /// object uses in the AMF3 traits table: 0, the first, for nearly every
    /// object. Wire information only; leave it 0 when building values.
    ///
    /// An AMF3 encoder writes identical traits once and refers to them
    /// after that. Flash Player keys its traits table by ActionScript
    /// class, so two classes that look the same on the wire (an old
    /// player writes a `Dictionary` as an anonymous object, just like an
    /// `Object`) get one entry each: the second class's traits are written
    /// inline again (`0a 0b 01` where `0a 05` would refer to the first).
    /// The decoder numbers such copies in the order they appear (0, 1, …)
    /// and gives each object the number of the entry it uses, so the
    /// encoder writes the same table back; objects with the same traits
    /// and the same number share one entry. AMF0 objects (which have no
    /// traits table) ignore it.
    ///
    /// ```
    /// use amf_serde::Value;
    ///
    /// // [{}, {}] with the anonymous traits written inline twice
    /// let bytes = [0x09, 0x05, 0x01, 0x0a, 0x0b, 0x01, 0x01, 0x0a, 0x0b, 0x01, 0x01];
    /// let v: Value = amf_serde::from_slice(&bytes)?;
    /// assert_eq!(v[0].as_object().map(|o| o.traits_copy), Some(0));
    /// assert_eq!(v[1].as_object().map(|o| o.traits_copy), Some(1));
    /// assert_eq!(amf_serde::to_vec(&v)?, bytes);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    pub traits_copy: u32,
}

impl std::fmt::Debug for Object {
    /// As derived, with `traits_copy` shown only when it is not 0.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Object");
        d.field("class", &self.class)
            .field("sealed", &self.sealed)
            .field("dynamic", &self.dynamic);
        if self.traits_copy != 0 {
            d.field("traits_copy", &self.traits_copy);
        }
        d.finish()
    }
}

impl Object {
    /// An anonymous dynamic object (what Flash writes for `{}`) with the given
    /// members.
    pub fn anonymous<K: Into<Name>>(members: impl IntoIterator<Item = (K, Value)>) -> Self {
        Object {
            class: Name::default(),
            sealed: Members::new(),
            dynamic: Some(members.into_iter().collect()),
            traits_copy: 0,
        }
    }

    /// A typed object with sealed members only (what a registered class
    /// without dynamic properties looks like).
    pub fn sealed<K: Into<Name>>(
        class: impl Into<Name>,
        members: impl IntoIterator<Item = (K, Value)>,
    ) -> Self {
        Object {
            class: class.into(),
            sealed: members.into_iter().collect(),
            dynamic: None,
            traits_copy: 0,
        }
    }

    /// All members, sealed first.
    pub fn members(&self) -> impl Iterator<Item = &(Name, Value)> {
        self.sealed
            .iter()
            .chain(self.dynamic.iter().flat_map(|d| d.iter()))
    }

    /// All members, sealed first, with mutable values.
    pub fn members_mut(&mut self) -> impl Iterator<Item = (&Name, &mut Value)> {
        self.sealed
            .iter_mut()
            .chain(self.dynamic.iter_mut().flat_map(|d| d.iter_mut()))
    }

    /// The member names, sealed first.
    pub fn keys(&self) -> impl Iterator<Item = &Name> {
        self.members().map(|(k, _)| k)
    }

    /// The member values, sealed first.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.members().map(|(_, v)| v)
    }

    /// The member called `name`, sealed or dynamic (amortized constant
    /// time).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.sealed
            .get(name)
            .or_else(|| self.dynamic.as_ref()?.get(name))
    }

    /// The member called `name`, mutably.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        if self.sealed.contains_key(name) {
            return self.sealed.get_mut(name);
        }
        self.dynamic.as_mut()?.get_mut(name)
    }

    /// `true` if a member is called `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets member `name`: an existing member (sealed or dynamic) keeps its
    /// place and gets the new value (the old one is returned); a new member
    /// is appended to the dynamic members (making a sealed-only object
    /// dynamic, since traits cannot grow).
    pub fn insert(&mut self, name: impl Into<Name>, value: Value) -> Option<Value> {
        let name = name.into();
        if let Some(v) = self.get_mut(&name) {
            return Some(std::mem::replace(v, value));
        }
        self.dynamic
            .get_or_insert_with(Members::new)
            .push(name, value);
        None
    }

    /// Removes member `name` (sealed or dynamic), keeping the order of the
    /// others.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.sealed
            .remove(name)
            .or_else(|| self.dynamic.as_mut()?.remove(name))
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.sealed.len() + self.dynamic.as_ref().map_or(0, |d| d.len())
    }

    /// `true` if the object has no members.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An AMF0 ECMA array (`0x08`): ordered string-keyed entries and the count the
/// writer put in front (advisory: writers disagree on what it means).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EcmaArray {
    /// The `U32` count as written.
    pub length: u32,
    /// The entries, in wire order.
    pub entries: Members,
}
