//! `#[amf]` enums: the variant chosen by the incoming class alias, each
//! variant written with its alias.

use std::sync::Arc;

use serde::de::{self, Deserializer};
use serde::ser::{self, Serializer};

use crate::types::Name;
use crate::value::Value;
/// Builds one variant of a `#[amf]` enum from a value.
pub type VariantFn<T> = fn(Value) -> crate::Result<T>;

/// The reader of an externalizable variant type, for an `#[amf]` enum.
pub type Hint = Option<(&'static str, crate::external::ExternalReader)>;

/// `Deserialize` for a `#[amf]` enum: finds the variant by class alias (or,
/// for values without one, tries the variants in order). `hints` are the
/// readers of the variants' externalizable types, handed to the decoder for
/// this call. Every conversion tried is charged against the decoder's work
/// limit.
pub fn deserialize_by_alias<'de, T, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    variants: &[(&'static str, VariantFn<T>)],
    hints: Vec<Hint>,
) -> Result<T, D::Error> {
    let hints = hints.into_iter().flatten().collect();
    crate::external::with_hints(hints, || by_alias(deserializer, name, variants))
}

fn by_alias<'de, T, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    variants: &[(&'static str, VariantFn<T>)],
) -> Result<T, D::Error> {
    crate::value::deserialize_via(deserializer, |value| match value.class() {
        Some(class) => match variants.iter().find(|(alias, _)| *alias == class) {
            // The alias chose the variant; the variant's type may have its
            // own alias (or none), so the class is not checked again.
            Some((_, make)) => make(without_class(value)).map_err(|e| e.to_string()),
            None => Err(format!(
                "unknown class \"{class}\" for {name}, expected one of {}",
                variants
                    .iter()
                    .map(|(a, _)| format!("\"{a}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        None => {
            for (_, make) in variants {
                if let Ok(v) = make(value.clone()) {
                    return Ok(v);
                }
            }
            Err(format!("the value matches no variant of {name}"))
        }
    })
}

/// `value` as an anonymous object, if it is an object.
fn without_class(value: Value) -> Value {
    let mut value = value;
    if let Value::Object(o) = &mut value {
        if !o.class.is_empty() {
            Arc::make_mut(o).class = Name::default();
        }
    }
    value
}

/// Converts a value into a variant's type. Leniently, whatever the
/// decoder's (or `from_value_with`'s) alias strictness: the enum has chosen
/// the variant by the class (and handed it the object without its class),
/// or tries the variants of an object without one in order, as documented
/// for [`Options::with_strict_aliases`](crate::Options::with_strict_aliases).
pub fn from_value<T: de::DeserializeOwned>(value: Value) -> crate::Result<T> {
    crate::value::with_strict_aliases(false, || crate::value::from_value(value))
}

/// `Serialize` for a variant of a `#[amf]` enum: the inner value, written
/// as an object of class `alias`.
pub fn serialize_with_alias<T: ?Sized + serde::Serialize, S: Serializer>(
    value: &T,
    alias: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut v = crate::value::to_value(value).map_err(ser::Error::custom)?;
    if let Value::Object(o) = &mut v {
        if o.class != alias {
            Arc::make_mut(o).class = alias.into();
        }
    }
    crate::value::serialize_value(v, serializer)
}
