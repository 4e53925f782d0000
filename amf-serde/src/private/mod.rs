//! Support for the code `amf-serde-derive` and `amf_value!` generate. Not
//! public API.
//!
//! This module only gathers the names generated code uses; each helper
//! lives in the submodule named after its purpose: `names` (the magic
//! serde names through which AMF-only information reaches the AMF
//! serializers), `external` (externalizable types as serde impls),
//! `replay` (the `DataInput` that plays a recorded body back),
//! `alias` (`#[amf]` enums dispatched by class alias), `probe` (is this
//! variant type externalizable?) and `value_macro` (`amf_value!`).
#![doc(hidden)]

mod alias;
mod external;
mod probe;
mod replay;
mod value_macro;

pub use serde;

// The magic names live in `crate::tokens`, below the modules that read them.
pub(crate) use crate::tokens as names;

pub use crate::dynamic::{
    deserialize_dynamic, serialize_dynamic, DynamicDeserialize, DynamicSerialize,
};

pub use alias::{deserialize_by_alias, from_value, serialize_with_alias, Hint, VariantFn};
pub use external::{deserialize_external, serialize_external};
pub use names::{CLASS_PREFIX, DYNAMIC_CLASS_PREFIX, DYNAMIC_FIELD};
pub use probe::{Probe, ProbeExternal, ProbeOther};
pub use value_macro::{array, object, to_value_or_panic};

pub(crate) use names::class_of;
