use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A", dynamic)]
#[derive(Serialize, Deserialize)]
struct A {
    x: i32,
    #[amf(dynamic)]
    first: std::collections::BTreeMap<String, amf_serde::Value>,
    #[amf(dynamic)]
    second: std::collections::BTreeMap<String, amf_serde::Value>,
}

fn main() {}
