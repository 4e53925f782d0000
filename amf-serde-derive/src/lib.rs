//! Procedural macros for [`amf-serde`](https://docs.rs/amf-serde).
//!
//! The `#[amf(...)]` attribute is under construction; this crate currently
//! exports nothing but compiles as part of the workspace.
