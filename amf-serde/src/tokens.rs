//! The magic serde names: a struct name carrying a class alias, the name of
//! the `#[amf(dynamic)]` field. Serializers of other formats see ordinary
//! names; the AMF serializers read the alias and the dynamic flag from them.
//! The newtype names of a [`Value`](crate::Value) and a
//! [`Date`](crate::types::Date) live here too (their hand-off is explained
//! in `value/mod.rs`), and those of the remoting and Flex wrappers
//! ([`AMF3_TOKEN`], [`EXTERNAL_VALUE_PREFIX`]).
//!
//! A foundation module: it imports nothing, so that the wire formats and
//! `value` can recognise the names without importing the modules (`__private`,
//! `remoting`, `flex`) that sit above them. `__private` re-exports it as
//! `__private::names` for generated code.

/// Prefix of the serde struct name of a type with `#[amf(alias = "…")]`.
pub const CLASS_PREFIX: &str = "$amf_serde::private::class::";
/// Prefix of the serde struct name of a type with `#[amf(alias = "…", dynamic)]`.
pub const DYNAMIC_CLASS_PREFIX: &str = "$amf_serde::private::dynamic_class::";
/// The serde name of the `#[amf(dynamic)]` field.
pub const DYNAMIC_FIELD: &str = "$amf_serde::private::dynamic";

/// The class alias and dynamic flag encoded in a serde struct name.
#[inline]
pub(crate) fn class_of(name: &str) -> Option<(&str, bool)> {
    if !name.starts_with('$') {
        return None;
    }
    if let Some(alias) = name.strip_prefix(CLASS_PREFIX) {
        return Some((alias, false));
    }
    name.strip_prefix(DYNAMIC_CLASS_PREFIX)
        .map(|alias| (alias, true))
}

/// The private newtype name through which the AMF serializers and
/// deserializers recognise a [`Value`](crate::Value) and handle it natively.
pub(crate) const VALUE_TOKEN: &str = "$amf_serde::private::Value";

/// The private newtype name of [`Date`](crate::types::Date): the AMF
/// formats read and write dates natively through it (no `Value` node).
pub(crate) const DATE_TOKEN: &str = "$amf_serde::private::Date";

/// The serde newtype name that makes the AMF0 encoder write `0x11` and the
/// value in AMF3 (`remoting::Amf3`).
pub(crate) const AMF3_TOKEN: &str = "$amf_serde::private::Amf3";

/// The serde newtype-name prefix that makes the AMF encoders write an
/// externalizable object of the class named after the prefix, whose body is
/// the newtype's value (`flex::ArrayCollection`, `flex::ObjectProxy`).
pub(crate) const EXTERNAL_VALUE_PREFIX: &str = "$amf_serde::private::external_value::";
