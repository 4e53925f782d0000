use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf]
#[derive(Serialize, Deserialize)]
struct A {
    x: i32,
}

fn main() {}
