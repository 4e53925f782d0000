//! The amf-serde guide: the crate explained page by page, each page with an
//! example that runs as a doctest.
//!
//! Start with [getting started](getting_started) if AMF is new to you, or
//! with [migrating from serde_json](from_serde_json) if serde is not.
//!
//! | page | what it covers |
//! |---|---|
//! | [`getting_started`] | adding the crate, encoding and decoding, AMF0 or AMF3, streams, errors |
//! | [`wire_mapping`] | which bytes each Rust type becomes, and the AMF types JSON lacks |
//! | [`class_aliases`] | typed objects: `#[amf(alias = "…")]`, dynamic and externalizable classes, polymorphic enums |
//! | [`value`] | [`Value`](crate::Value): untyped, lossless, shared and cyclic data |
//! | [`limits_and_security`] | what decoding untrusted input can and cannot do, and what each limit bounds |
//! | [`remoting`] | Flash remoting (AMF0 packets, Flex messages) |
//! | [`sol`] | Flash local shared objects (`.sol` files) |
//! | [`cli`] | the `amf` command-line tool |
//! | [`from_serde_json`] | the same program with serde_json and with amf-serde |
//! | [`from_pyamf`] | class mapping coming from PyAMF or BlazeDS |
//! | [`faq`] | questions that come up |
//!
//! The byte-level mapping tables are in [`crate::spec`] (AMF3) and
//! [`crate::amf0`] (AMF0). The formats themselves are specified by Adobe's
//! *AMF 0 Specification* and *AMF 3 Specification*; see
//! [Action Message Format](https://en.wikipedia.org/wiki/Action_Message_Format)
//! for links to both.

#[doc = include_str!("getting_started.md")]
pub mod getting_started {}

#[doc = include_str!("wire_mapping.md")]
pub mod wire_mapping {}

#[doc = include_str!("class_aliases.md")]
pub mod class_aliases {}

#[doc = include_str!("value.md")]
pub mod value {}

#[doc = include_str!("limits_and_security.md")]
pub mod limits_and_security {}

#[doc = include_str!("remoting.md")]
pub mod remoting {}

#[doc = include_str!("sol.md")]
pub mod sol {}

#[doc = include_str!("cli.md")]
pub mod cli {}

#[doc = include_str!("from_serde_json.md")]
pub mod from_serde_json {}

#[doc = include_str!("from_pyamf.md")]
pub mod from_pyamf {}

#[doc = include_str!("faq.md")]
pub mod faq {}
