use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A", dynamic)]
#[derive(Serialize, Deserialize)]
struct A {
    x: i32,
    #[amf(dynamic)]
    rest: Vec<(String, amf_serde::Value)>,
}

fn main() {}
