//! Examples for amf-serde live next to this file; run them with `cargo run --example <name>`.
//!
//! The library part holds what the `gateway` example, the end-to-end tests
//! and the load run share: the demo services ([`demo`]), serving a gateway
//! with axum ([`server`]) and a small blocking HTTP/1.1 client ([`http1`]).

pub mod demo;
pub mod http1;
pub mod server;
