use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A")]
#[derive(Serialize, Deserialize)]
#[serde(rename = "Other")]
struct A {
    x: i32,
}

fn main() {}
