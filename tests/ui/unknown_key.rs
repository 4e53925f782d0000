use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A", colour = "red")]
#[derive(Serialize, Deserialize)]
struct A {
    x: i32,
}

fn main() {}
