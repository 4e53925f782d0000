//! The records workload: deterministic typed records with a class alias,
//! and the reference-heavy input built from one of them.

use amf_serde::types::{Array, Date, Object};
use amf_serde::Value;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The number of records in the records workload.
pub const RECORDS: usize = 10_000;

/// One record: a registered ActionScript class, so AMF3 writes its traits
/// once (with the class name) and a traits reference for every later record.
#[amf_serde::amf(alias = "com.example.Record")]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Record {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub tags: Vec<String>,
    pub balance: f64,
    pub active: bool,
    pub created: Date,
}

/// The same record borrowing its strings from the input (zero-copy decode).
#[amf_serde::amf(alias = "com.example.Record")]
#[derive(Deserialize, Debug)]
pub struct RecordRef<'a> {
    pub id: i32,
    #[serde(borrow)]
    pub name: &'a str,
    #[serde(borrow)]
    pub email: &'a str,
    #[serde(borrow)]
    pub tags: Vec<&'a str>,
    pub balance: f64,
    pub active: bool,
    pub created: Date,
}

/// The tag vocabulary.
pub const WORDS: [&str; 12] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima",
];

/// `n` records, the same ones every run (xorshift from a fixed seed).
pub fn records(n: usize) -> Vec<Record> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|i| Record {
            id: i as i32,
            name: format!("user{i}"),
            email: format!("user{i}@example.com"),
            tags: (0..3)
                .map(|_| WORDS[(next() % 12) as usize].to_string())
                .collect(),
            balance: (next() % 1_000_000) as f64 / 100.0,
            active: next() % 2 == 0,
            created: Date::from_millis(1_600_000_000_000.0 + (next() % 100_000_000) as f64),
        })
        .collect()
}

/// A `Value` array of `n` elements that are all the same record object
/// (one `Arc`), so the AMF3 encoder writes it once and then `n - 1` object
/// references (`0a 02`, two bytes each): the input that is "full of
/// references". Decoding it into `Value` shares one node; decoding into
/// `Vec<Record>` replays the referenced object `n` times.
pub fn shared_records(n: usize) -> Value {
    let r = &records(1)[0];
    let tags = Value::Array(Arc::new(
        r.tags.iter().map(|t| Value::String(t.clone())).collect(),
    ));
    let object = Value::Object(Arc::new(Object::sealed(
        "com.example.Record",
        [
            ("id", Value::Integer(r.id)),
            ("name", Value::String(r.name.clone())),
            ("email", Value::String(r.email.clone())),
            ("tags", tags),
            ("balance", Value::Double(r.balance)),
            ("active", Value::Bool(r.active)),
            ("created", Value::Date(Arc::new(r.created))),
        ],
    )));
    Value::Array(Arc::new(Array::from(vec![object; n])))
}
