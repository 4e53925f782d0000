//! `cargo run --example records`: encode "page 1 of a customer list" as AMF3,
//! print an annotated hex dump of the bytes, decode them back, and compare
//! the size with JSON.
//!
//! The dump is the one `amf inspect` prints (`amf_cli::dump`, not the
//! library's decoder): a walker that reads every marker 0x00–0x11, keeps its
//! own string, traits and object tables, and prints one line per element,
//! indented by nesting, so the string and traits references are visible,
//! then the tables. It never panics on bad input.

use amf_cli::dump::{Kind, Walker};
use amf_cli::style::Styles;
use amf_serde::amf;
use serde::{Deserialize, Serialize};

/// One page of a paginated customer list, as a remoting service returns it.
/// The class alias is what both sides registered (`registerClassAlias`).
#[amf(alias = "com.example.CustomerPage")]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Page {
    page: u32,              // page number, from 1
    total: u32,             // customers over all pages
    records: Vec<Customer>, // the customers on this page
}

/// One customer record.
#[amf(alias = "com.example.Customer")]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Customer {
    id: i32,
    name: String,
    email: String,
    tags: Vec<String>, // from a small vocabulary, so the same strings repeat
    balance: f64,
    active: bool,
    created: f64, // milliseconds since the epoch, what an AS3 `Date` holds
}

/// Builds the deterministic payload: page 1 of 3, four customers.
fn sample_page() -> Page {
    let rows = [
        ("Ada Lovelace", "gold newsletter", 1250.75, true),
        ("Grace Hopper", "silver", 310.0, true),
        ("Alan Turing", "gold beta", -42.5, false),
        ("Edsger Dijkstra", "beta newsletter gold", 0.0, true),
    ];
    let records = (0..)
        .zip(rows)
        .map(|(i, (name, tags, balance, active))| Customer {
            id: 1001 + i,
            name: name.to_string(),
            email: format!("{}@example.com", name.replace(' ', ".").to_lowercase()),
            tags: tags.split(' ').map(String::from).collect(),
            balance,
            active,
            // 2024-01-01T00:00:00Z, then one new customer every 30 days.
            created: 1_704_067_200_000.0 + f64::from(i) * 30.0 * 86_400_000.0,
        })
        .collect();
    Page {
        page: 1,
        total: 12,
        records,
    }
}

/// Prints the annotated dump of one AMF3 value (the dump of `amf inspect`,
/// from the `amf-cli` crate); a malformed input ends with the fault, never
/// a panic.
fn dump(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    let mut w = Walker::new(bytes, &mut out, Styles::new(false)).with_end(bytes.len() as u64);
    if let Err(e) = w.walk(Kind::Amf3) {
        println!("      walk stopped: {e}");
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let page = sample_page();
    let bytes = amf_serde::to_vec(&page)?;
    let (n, total, amf) = (page.records.len(), page.total, bytes.len());
    println!("Page 1 ({n} of {total} customers) as AMF3: {amf} bytes\n");

    dump(&bytes);
    println!();

    // Decode with the library and check the round trip.
    let back: Page = amf_serde::from_slice(&bytes)?;
    assert_eq!(back, page);
    println!("from_slice::<Page> gives back the same page.\n");

    // Malformed input: both the walker and the library report an error.
    println!("Malformed: [\"foo\", string ref #1] (the string table holds only \"foo\"):");
    let bad = [0x09, 0x05, 0x01, 0x06, 0x07, b'f', b'o', b'o', 0x06, 0x02];
    dump(&bad);
    let err = amf_serde::from_slice::<Vec<String>>(&bad).unwrap_err();
    println!("      from_slice: {err}\n");

    let json = serde_json::to_vec(&page)?.len();
    let pct = 100.0 * amf as f64 / json as f64;
    println!("Size: AMF3 (sealed traits) {amf} bytes, serde_json {json} bytes: AMF3 is {pct:.0}%");
    Ok(())
}
