//! Examples for amf-serde live next to this file; run them with `cargo run --example <name>`.
