use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A")]
#[derive(Serialize, Deserialize)]
struct A {
    x: i32,
    #[amf(dynamic)]
    rest: std::collections::BTreeMap<String, amf_serde::Value>,
}

fn main() {}
