//! The keywords of `#[amf(...)]`, one constant each.

pub const AMF: &str = "amf";
pub const ALIAS: &str = "alias";
pub const DYNAMIC: &str = "dynamic";
pub const EXTERNALIZABLE: &str = "externalizable";
pub const CRATE: &str = "crate";

/// Keys accepted on the type.
pub const CONTAINER_KEYS: &str = "`alias`, `dynamic`, `externalizable` or `crate`";
