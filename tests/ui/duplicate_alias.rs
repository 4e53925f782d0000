use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "a", alias = "b")]
#[derive(Serialize, Deserialize)]
struct A {
    x: i32,
}

fn main() {}
