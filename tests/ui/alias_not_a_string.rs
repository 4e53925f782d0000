use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = 42)]
#[derive(Serialize, Deserialize)]
struct A {
    x: i32,
}

fn main() {}
