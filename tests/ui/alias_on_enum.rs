use amf_serde::amf;
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.E")]
#[derive(Serialize, Deserialize)]
enum E {
    A(i32),
}

fn main() {}
