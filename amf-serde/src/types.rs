//! The AMF types JSON lacks, as plain Rust types: [`Date`], [`ByteArray`],
//! [`XmlDocument`], [`Xml`], [`Undefined`], the vectors ([`Vector`],
//! [`ObjectVector`]), [`Dictionary`], the array with dense and associative
//! parts ([`Array`], whose dense part keeps up to two values inline), [`Object`] with its traits, and externalizable objects
//! ([`External`]).
//!
//! Each one is a node of [`Value`] and, where it makes sense,
//! a struct field type of its own with a plain serde shape in other formats.

pub(crate) use crate::dense::Dense;
pub use crate::members::Members;
pub use crate::name::Name;
use crate::value::Value;

/// A point in time: milliseconds since 1970-01-01T00:00Z, as a double (AMF3
/// `0x08`, AMF0 `0x0B`).
///
/// AMF0 dates carry a time-zone field that writers fill inconsistently and
/// readers must ignore; it is kept here only so that a decoded value can be
/// written back unchanged. It never shifts the timestamp.
///
/// ```
/// use amf_serde::types::Date;
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let d = Date::from_millis(1_577_836_800_000.0); // 2020-01-01T00:00Z
/// assert_eq!(d.to_system_time(), Some(UNIX_EPOCH + Duration::from_secs(1_577_836_800)));
/// assert_eq!(Date::from(UNIX_EPOCH + Duration::from_millis(1500)).millis(), 1500.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default)]
pub struct Date {
    millis: f64,
    timezone: i16,
}

impl Date {
    /// A date `millis` milliseconds after the epoch (negative before it).
    pub const fn from_millis(millis: f64) -> Self {
        Date {
            millis,
            timezone: 0,
        }
    }

    /// Milliseconds since the epoch.
    pub const fn millis(&self) -> f64 {
        self.millis
    }

    /// The raw AMF0 time-zone field (0 unless decoded from AMF0 that had one).
    pub const fn timezone(&self) -> i16 {
        self.timezone
    }

    /// The same instant with the given raw AMF0 time-zone field.
    pub const fn with_timezone(mut self, timezone: i16) -> Self {
        self.timezone = timezone;
        self
    }

    /// The instant as a [`std::time::SystemTime`]; `None` for NaN, infinite
    /// or unrepresentable values.
    pub fn to_system_time(&self) -> Option<std::time::SystemTime> {
        use std::time::{Duration, UNIX_EPOCH};
        if !self.millis.is_finite() || self.millis.abs() >= 9.0e15 {
            return None;
        }
        // Whole milliseconds exactly, the fraction to the nearest nanosecond.
        let abs = self.millis.abs();
        let whole = abs.trunc();
        let d = Duration::from_millis(whole as u64)
            + Duration::from_nanos(((abs - whole) * 1e6).round() as u64);
        if self.millis >= 0.0 {
            UNIX_EPOCH.checked_add(d)
        } else {
            UNIX_EPOCH.checked_sub(d)
        }
    }
}

impl From<std::time::SystemTime> for Date {
    fn from(t: std::time::SystemTime) -> Self {
        let millis = match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_secs_f64() * 1000.0,
            Err(e) => -(e.duration().as_secs_f64() * 1000.0),
        };
        Date::from_millis(millis)
    }
}

/// An AMF3 ByteArray (`0x0C`): raw bytes. `serde_bytes` types map to it as
/// well; this owned type is what [`Value`] holds.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteArray(pub Vec<u8>);

/// A legacy `flash.xml.XMLDocument` (AMF3 `0x07`, AMF0 `0x0F`): XML text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct XmlDocument(pub String);

/// An E4X `XML` value (AMF3 `0x0B`): XML text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Xml(pub String);

/// ActionScript's `undefined` (AMF3 `0x00`, AMF0 `0x06`), distinct from
/// `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Undefined;

/// A numeric Flash Player 10 vector: `Vector.<int>` (`Vector<i32>`, AMF3
/// `0x0D`), `Vector.<uint>` (`Vector<u32>`, `0x0E`) or `Vector.<Number>`
/// (`Vector<f64>`, `0x0F`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Vector<T> {
    /// The AS3 `fixed` property (length cannot change).
    pub fixed: bool,
    /// The items.
    pub items: Vec<T>,
}

/// `Vector.<T>` of objects (AMF3 `0x10`), with the element type name the
/// writer gave (`"*"` or `""` for untyped vectors, a class alias otherwise).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectVector<T = Value> {
    /// The AS3 `fixed` property.
    pub fixed: bool,
    /// The element type name, as written (readers must not rely on it).
    pub type_name: Name,
    /// The items.
    pub items: Vec<T>,
}

/// A Flash Player 10 `Dictionary` (AMF3 `0x11`): keys of any type, in wire
/// order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dictionary<K = Value, V = Value> {
    /// `new Dictionary(true)`: weakly referenced keys.
    pub weak_keys: bool,
    /// The entries, in the order they were written.
    pub entries: Vec<(K, V)>,
}

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
    pub(crate) assoc: crate::assoc::Assoc<V>,
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
            assoc: crate::assoc::Assoc::new(),
        }
    }

    /// An empty array with room for `n` dense values.
    pub fn with_capacity(n: usize) -> Self {
        Array {
            dense: Dense::with_capacity(n),
            assoc: crate::assoc::Assoc::new(),
        }
    }

    /// An array with both parts.
    pub fn from_parts(dense: Vec<V>, assoc: impl Into<Members<V>>) -> Self {
        Array {
            dense: dense.into(),
            assoc: assoc.into().into(),
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
            assoc: crate::assoc::Assoc::new(),
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
            assoc: crate::assoc::Assoc::new(),
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

/// An object of an externalizable class (AMF3 traits flag `…111`): the class
/// alias and the body its `writeExternal` produced, as the sequence of
/// `IDataOutput` items that a registered reader read.
#[derive(Clone, PartialEq, Default)]
pub struct External {
    /// The class alias.
    pub class: Name,
    /// The body, item by item.
    pub body: Vec<DataItem>,
    /// The dynamic flag of the traits, set besides the externalizable one
    /// (AMF3 `0a 0f` instead of `0a 07`). Wire information only: Flash
    /// Player sets it for externalizable classes that are also dynamic
    /// (Flex `ObjectProxy`); other writers leave it clear, and so should
    /// values built by hand. Its traits are a table entry of their own.
    ///
    /// ```
    /// use amf_serde::types::External;
    /// use amf_serde::{Options, Value};
    ///
    /// // An ObjectProxy as Flash Player writes it: its body is one value (null).
    /// let mut bytes = vec![0x0a, 0x0f, 0x3b];
    /// bytes.extend_from_slice(b"flex.messaging.io.ObjectProxy");
    /// bytes.push(0x01);
    /// let v: Value = amf_serde::from_slice(&bytes)?;
    /// let e: &External = v.as_external().unwrap();
    /// assert!(e.dynamic);
    /// assert_eq!(amf_serde::to_vec(&v)?, bytes);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    pub dynamic: bool,
}

impl std::fmt::Debug for External {
    /// As derived, with `dynamic` shown only when it is set.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("External");
        d.field("class", &self.class).field("body", &self.body);
        if self.dynamic {
            d.field("dynamic", &self.dynamic);
        }
        d.finish()
    }
}

impl External {
    /// For classes whose body is one AMF value (Flex `ArrayCollection`,
    /// `ArrayList`, `ObjectProxy`): that value.
    pub fn value(&self) -> Option<&Value> {
        match self.body.as_slice() {
            [DataItem::Value(v)] => Some(v),
            _ => None,
        }
    }
}

/// One item of an externalizable body, as `IDataInput`/`IDataOutput` read and
/// write them (all big-endian).
#[derive(Clone, Debug, PartialEq)]
pub enum DataItem {
    /// `writeBoolean`: one byte.
    Bool(bool),
    /// `writeByte`, read with `readByte`: one signed byte.
    Byte(i8),
    /// `writeByte`, read with `readUnsignedByte`.
    UnsignedByte(u8),
    /// `writeShort`, read with `readShort`: 16 bits, signed.
    Short(i16),
    /// `writeShort`, read with `readUnsignedShort`.
    UnsignedShort(u16),
    /// `writeInt`: 32 bits, signed.
    Int(i32),
    /// `writeUnsignedInt`: 32 bits, unsigned.
    UnsignedInt(u32),
    /// `writeFloat`: IEEE single.
    Float(f32),
    /// `writeDouble`: IEEE double.
    Double(f64),
    /// `writeUTF`: a `U16` byte length and UTF-8.
    Utf(String),
    /// `writeUTFBytes` (no length) as read with `readUTFBytes(n)`.
    UtfBytes(String),
    /// `writeBytes` as read with `readBytes(n)`.
    Bytes(Vec<u8>),
    /// `writeObject`: a nested AMF3 value sharing the stream's tables.
    Value(Value),
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

// ------------------------------------------------------------------ serde
//
// Every type here travels through `Value`: to the AMF serializers it is a
// `Value` node written natively (exact marker, fixed flag, type name…); to
// other formats it has the plain shape `Value` has there (a date is a number
// of milliseconds, XML a string, a vector a sequence, a dictionary a map or
// a list of pairs).

use std::sync::Arc;

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::ser::{self, Serialize, Serializer};

fn invalid(found: &Value, expected: &str) -> String {
    format!(
        "invalid type: {}, expected {expected}",
        crate::value::kind(found)
    )
}

fn to_value_ser<T: ?Sized + Serialize, E: ser::Error>(v: &T) -> Result<Value, E> {
    crate::value::to_value(v).map_err(E::custom)
}

fn from_value_de<T: DeserializeOwned>(v: Value) -> Result<T, String> {
    crate::value::from_value(v).map_err(|e| e.to_string())
}

fn unwrap<T: Clone>(a: Arc<T>) -> T {
    Arc::unwrap_or_clone(a)
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The AMF serializers take the date from the stash and write it
        // directly; others see `DateBody`, the `Value` path.
        crate::value::stash_date(*self);
        s.serialize_newtype_struct(crate::value::DATE_TOKEN, &DateBody(*self))
    }
}

/// A [`Date`] as serializers that do not know the date token see it: a
/// [`Value::Date`] (milliseconds, in the plain shape of other formats).
struct DateBody(Date);

impl Serialize for DateBody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::value::serialize_value(Value::Date(Arc::new(self.0)), s)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(crate::value::DATE_TOKEN, DateVisitor)
    }
}

/// The AMF3 deserializer hands a date (or a number) to `visit_f64`; other
/// deserializers call `visit_newtype_struct`, which reads a [`Value`].
struct DateVisitor;

impl<'de> serde::de::Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a date")
    }

    fn visit_f64<E: serde::de::Error>(self, ms: f64) -> Result<Date, E> {
        Ok(Date::from_millis(ms))
    }

    fn visit_i32<E: serde::de::Error>(self, ms: i32) -> Result<Date, E> {
        Ok(Date::from_millis(ms.into()))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Date, D::Error> {
        crate::value::deserialize_via(d, |v| match v.inner() {
            Value::Date(x) => Ok(**x),
            Value::Double(ms) => Ok(Date::from_millis(*ms)),
            Value::Integer(ms) => Ok(Date::from_millis((*ms).into())),
            other => Err(invalid(other, "a date")),
        })
    }
}

impl Serialize for ByteArray {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for ByteArray {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_bytes::ByteBuf::deserialize(d).map(|b| ByteArray(b.into_vec()))
    }
}

macro_rules! text_type {
    ($ty:ident, $variant:ident, $what:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::value::serialize_value(Value::$variant(Arc::new(self.clone())), s)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::value::deserialize_via(d, |v| match v.inner() {
                    Value::$variant(x) => Ok((**x).clone()),
                    Value::String(s) => Ok($ty(s.clone())),
                    other => Err(invalid(other, $what)),
                })
            }
        }
    };
}

text_type!(Xml, Xml, "XML");
text_type!(XmlDocument, XmlDocument, "an XML document");

impl Serialize for Undefined {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::value::serialize_value(Value::Undefined, s)
    }
}

impl<'de> Deserialize<'de> for Undefined {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, |v| match v.inner() {
            Value::Undefined | Value::Null => Ok(Undefined),
            other => Err(invalid(other, "undefined")),
        })
    }
}

/// The numeric element types of [`Vector`]: `i32`, `u32`, `f64`. Sealed.
pub trait VectorItem: Copy + private::Sealed {
    #[doc(hidden)]
    fn wrap(v: Vector<Self>) -> Value;
    #[doc(hidden)]
    fn unwrap(v: Value) -> Result<Vector<Self>, Value>;
}

mod private {
    pub trait Sealed {}
    impl Sealed for i32 {}
    impl Sealed for u32 {}
    impl Sealed for f64 {}
}

macro_rules! vector_item {
    ($ty:ty, $variant:ident) => {
        impl VectorItem for $ty {
            fn wrap(v: Vector<Self>) -> Value {
                Value::$variant(Arc::new(v))
            }
            fn unwrap(v: Value) -> Result<Vector<Self>, Value> {
                match &v {
                    Value::$variant(x) => {
                        let x = x.clone();
                        drop(v);
                        Ok(unwrap(x))
                    }
                    _ => Err(v),
                }
            }
        }
    };
}

vector_item!(i32, VectorInt);
vector_item!(u32, VectorUint);
vector_item!(f64, VectorDouble);

impl<T: VectorItem + DeserializeOwned> Serialize for Vector<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::value::serialize_value(T::wrap(self.clone()), s)
    }
}

impl<'de, T: VectorItem + DeserializeOwned> Deserialize<'de> for Vector<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, |v| match T::unwrap(v.inner().clone()) {
            Ok(v) => Ok(v),
            Err(other) => Ok(Vector {
                fixed: false,
                items: from_value_de(other)?,
            }),
        })
    }
}

impl<T: Serialize> Serialize for ObjectVector<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items = self
            .items
            .iter()
            .map(to_value_ser)
            .collect::<Result<Vec<_>, _>>()?;
        let v = ObjectVector {
            fixed: self.fixed,
            type_name: self.type_name.clone(),
            items,
        };
        crate::value::serialize_value(Value::VectorObject(Arc::new(v)), s)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for ObjectVector<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, |v| {
            let (fixed, type_name, items) = match v.inner() {
                Value::VectorObject(v) => (v.fixed, v.type_name.clone(), v.items.clone()),
                other => (
                    false,
                    Name::default(),
                    from_value_de::<Vec<Value>>(other.clone())?,
                ),
            };
            Ok(ObjectVector {
                fixed,
                type_name,
                items: items
                    .into_iter()
                    .map(from_value_de)
                    .collect::<Result<_, _>>()?,
            })
        })
    }
}

impl<K: Serialize, V: Serialize> Serialize for Dictionary<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entries = self
            .entries
            .iter()
            .map(|(k, v)| Ok((to_value_ser(k)?, to_value_ser(v)?)))
            .collect::<Result<Vec<_>, S::Error>>()?;
        let d = Dictionary {
            weak_keys: self.weak_keys,
            entries,
        };
        crate::value::serialize_value(Value::Dictionary(Arc::new(d)), s)
    }
}

impl<'de, K: DeserializeOwned, V: DeserializeOwned> Deserialize<'de> for Dictionary<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, Self::from_value)
    }
}

impl<K: DeserializeOwned, V: DeserializeOwned> Dictionary<K, V> {
    fn from_value(v: Value) -> Result<Self, String> {
        let (weak_keys, entries): (bool, Vec<(Value, Value)>) = match v.inner() {
            Value::Dictionary(d) => (d.weak_keys, d.entries.clone()),
            Value::Object(o) => (
                false,
                o.members()
                    .map(|(k, v)| (Value::String(k.to_string()), v.clone()))
                    .collect(),
            ),
            Value::Array(a) if a.dense.iter().all(|p| p.get(1).is_some()) => (
                false,
                a.dense
                    .iter()
                    .map(|p| (p[0].clone(), p[1].clone()))
                    .collect(),
            ),
            other => return Err(invalid(other, "a dictionary")),
        };
        Ok(Dictionary {
            weak_keys,
            entries: entries
                .into_iter()
                .map(|(k, v)| Ok((from_value_de(k)?, from_value_de(v)?)))
                .collect::<Result<_, String>>()?,
        })
    }
}

impl<V: Serialize> Serialize for Array<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = Array {
            dense: self
                .dense
                .iter()
                .map(to_value_ser)
                .collect::<Result<_, _>>()?,
            assoc: self
                .assoc
                .iter()
                .map(|(k, v)| Ok((k.clone(), to_value_ser(v)?)))
                .collect::<Result<Members, S::Error>>()?
                .into(),
        };
        crate::value::serialize_value(Value::Array(Arc::new(a)), s)
    }
}

impl<'de, V: DeserializeOwned> Deserialize<'de> for Array<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::value::deserialize_via(d, Self::from_value)
    }
}

impl<V: DeserializeOwned> Array<V> {
    fn from_value(v: Value) -> Result<Self, String> {
        let (dense, assoc) = match v.inner() {
            Value::Array(a) => (a.dense.clone(), a.assoc.clone().into_members()),
            Value::Object(o) => {
                // A JSON object: numeric keys 0, 1, … first are the dense part.
                let members: Vec<(Name, Value)> = o.members().cloned().collect();
                let n = members
                    .iter()
                    .enumerate()
                    .take_while(|(i, (k, _))| *k == i.to_string())
                    .count();
                let mut members = members.into_iter();
                let dense = members.by_ref().take(n).map(|(_, v)| v).collect();
                (dense, members.collect())
            }
            Value::EcmaArray(e) => (Dense::new(), e.entries.clone()),
            other => return Err(invalid(other, "an array")),
        };
        Ok(Array {
            dense: dense
                .into_iter()
                .map(from_value_de)
                .collect::<Result<_, _>>()?,
            assoc: assoc
                .into_iter()
                .map(|(k, v)| Ok((k, from_value_de(v)?)))
                .collect::<Result<Members<V>, String>>()?
                .into(),
        })
    }
}
