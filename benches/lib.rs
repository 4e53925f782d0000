//! Benchmarks for amf-serde: `cargo bench -p amf-serde-benches`.
