use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
#[amf(alias = "com.example.A")]
struct A {
    x: i32,
}

fn main() {}
