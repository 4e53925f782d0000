//! Two serde forms for a type with an `#[amf(dynamic)]` field: the AMF
//! form (a typed dynamic object: sealed members, then the map's entries as
//! dynamic members) for the AMF codecs and [`Value`](crate::Value), and a
//! flattened map (`{"name": …, "extra": 1}`, as `#[serde(flatten)]` gives)
//! for every other serde format.
//!
//! The code `amf-serde-derive` generates writes and reads such a type as a
//! newtype struct named [`PROBE`]. Formats that do not know the name (every
//! format but ours) pass the newtype through, and the type then uses its
//! flattened form. The AMF codecs call [`enter_amf`] right before handing
//! the newtype's content on, and the type, which asks [`take_amf`] first
//! thing, uses its AMF form. No other code runs between the two calls.

use std::cell::Cell;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// The serde newtype name of a type with an `#[amf(dynamic)]` field.
pub const PROBE: &str = "$amf_serde::private::dynamic_forms";

// A thread-local hand-off, kept because nothing else can carry it: the
// type's impls are handed a generic serializer or deserializer
// (`Serialize::serialize<S: Serializer>`, `Visitor::visit_newtype_struct<D:
// Deserializer>`) and cannot tell an AMF codec from another format (serde
// offers no downcast, and `is_human_readable` already means something
// else). No benchmark is involved; the flag carries one bit of meaning.
//
// What keeps it safe: the codec sets it immediately before the one call
// that hands the newtype's content on (`ser_common::serialize_newtype`,
// `de_common::deserialize_newtype`), and the content's impl (`Forms`,
// `FormsVisitor`) clears it (`take_amf`) before doing anything else, so a
// nested value of the same kind, another serializer running inside, or a
// later call never sees it. A panic between the two calls cannot happen
// (nothing runs between them); the serialize side also has no retry
// wrapper around that call, so the content runs exactly once per flag.
thread_local! {
    static AMF: Cell<bool> = const { Cell::new(false) };
}

/// Called by an AMF codec that met [`PROBE`], right before it hands the
/// newtype's content on.
pub(crate) fn enter_amf() {
    AMF.with(|c| c.set(true));
}

/// `true` (once) if an AMF codec is handing the content on.
fn take_amf() -> bool {
    AMF.with(|c| c.replace(false))
}

/// The two serializing forms of a type with an `#[amf(dynamic)]` field.
pub trait DynamicSerialize {
    /// The AMF form (`serialize_struct` with the private names).
    fn serialize_amf<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// The flattened form (`serialize_map`).
    fn serialize_flat<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// The two deserializing forms of a type with an `#[amf(dynamic)]` field.
pub trait DynamicDeserialize<'de>: Sized {
    /// The AMF form.
    fn deserialize_amf<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    /// The flattened form (unknown keys go into the dynamic map).
    fn deserialize_flat<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

struct Forms<'a, T: ?Sized>(&'a T);

impl<T: ?Sized + DynamicSerialize> Serialize for Forms<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if take_amf() {
            self.0.serialize_amf(serializer)
        } else {
            self.0.serialize_flat(serializer)
        }
    }
}

/// `Serialize` for a type with an `#[amf(dynamic)]` field.
pub fn serialize_dynamic<T: ?Sized + DynamicSerialize, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(PROBE, &Forms(value))
}

struct FormsVisitor<T>(PhantomData<T>);

impl<'de, T: DynamicDeserialize<'de>> Visitor<'de> for FormsVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        if take_amf() {
            T::deserialize_amf(deserializer)
        } else {
            T::deserialize_flat(deserializer)
        }
    }

    // Formats that hand a map straight to the visitor instead of a
    // newtype: the flattened form.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize_flat(de::value::MapAccessDeserializer::new(map))
    }
}

/// `Deserialize` for a type with an `#[amf(dynamic)]` field.
pub fn deserialize_dynamic<'de, T: DynamicDeserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_newtype_struct(PROBE, FormsVisitor(PhantomData))
}
