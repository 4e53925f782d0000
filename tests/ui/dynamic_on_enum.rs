use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A")]
#[derive(Serialize, Deserialize)]
struct A {
    x: i32,
}

#[amf(dynamic)]
enum Either {
    #[amf(alias = "com.example.A")]
    A(A),
}

fn main() {}
