//! Tests of the `#[amf(...)]` attribute (`amf-serde-derive`), one target
//! with a submodule per topic (files in `tests/derive/`):
//!
//! * `vectors`: byte-exact AMF3 and AMF0 vectors from `amf3.md` §8.3,
//!   `amf0.md` §6.6 and `flex.md` §5.1 (typed objects, traits references,
//!   dynamic classes, an externalizable `ArrayCollection`), and RocketAMF
//!   fixtures decoded into derived types and written back byte for byte;
//! * `matching`: members matched by name, not position; class alias checks
//!   (mismatch, anonymous objects, strict aliases); generics, borrowed
//!   fields, serde field attributes; round trips of every derived type
//!   through AMF3, AMF0, `Value` and `serde_json`;
//! * `polymorphism`: a bare `#[amf]` enum of Flex messages chosen by class
//!   alias;
//! * `shadowing`: every form of the attribute compiles under
//!   `#![deny(warnings)]` with `Result`, `Ok`, `Err`, `Some` and `None`
//!   shadowed.
//!
//! The compile-fail diagnostics are in the `ui` target (`tests/ui.rs`).

#[path = "derive/common.rs"]
mod common;
#[path = "derive/matching.rs"]
mod matching;
#[path = "derive/polymorphism.rs"]
mod polymorphism;
#[path = "derive/shadowing.rs"]
mod shadowing;
#[path = "derive/vectors.rs"]
mod vectors;
