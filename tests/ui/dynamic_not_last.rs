use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A", dynamic)]
#[derive(Serialize, Deserialize)]
struct A {
    #[amf(dynamic)]
    rest: std::collections::BTreeMap<String, amf_serde::Value>,
    x: i32,
}

fn main() {}
