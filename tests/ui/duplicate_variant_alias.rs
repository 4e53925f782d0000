use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A")]
#[derive(Serialize, Deserialize)]
struct A {
    x: i32,
}

#[amf(alias = "com.example.B")]
#[derive(Serialize, Deserialize)]
struct B {
    y: i32,
}

#[amf]
enum Either {
    #[amf(alias = "com.example.A")]
    A(A),
    #[amf(alias = "com.example.A")]
    B(B),
}

fn main() {}
