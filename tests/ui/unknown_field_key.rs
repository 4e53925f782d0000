use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A")]
#[derive(Serialize, Deserialize)]
struct A {
    #[amf(sealed)]
    x: i32,
}

fn main() {}
