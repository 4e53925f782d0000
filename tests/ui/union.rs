use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A")]
#[derive(Serialize, Deserialize)]
union A {
    x: i32,
    y: f32,
}

fn main() {}
