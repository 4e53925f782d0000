//! `cargo run --example records`: encode "page 1 of a customer list" as AMF3,
//! print an annotated hex dump of the bytes, decode them back, and compare
//! the size with JSON.
//!
//! The dump comes from a small AMF3 walker in this file (not the library's
//! decoder): it reads every marker 0x00–0x11, keeps its own string, traits and
//! object tables, and prints one line per element, indented by nesting, so the
//! string and traits references are visible. It never panics on bad input.

use std::fmt::Display;

use amf_serde::amf;
use amf_serde::amf3::marker::{self, decode_u29, sign_extend};
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

/// Deepest nesting the walker follows: malformed input could nest forever.
const MAX_DEPTH: usize = 32;
/// Most bytes shown on a line; longer runs end with "…".
const MAX_SHOWN: usize = 9;

/// What the walker reports when it cannot go on.
type Walk<T> = Result<T, String>;

/// An annotating AMF3 reader with its own reference tables.
#[derive(Default)]
struct Walker<'a> {
    bytes: &'a [u8],
    pos: usize, // next unread byte, never past the end
    /// String table: every non-empty literal UTF-8-vr, in stream order.
    strings: Vec<String>,
    /// Traits table: sealed member names and "dynamic" flag of every inline
    /// traits block.
    traits: Vec<(Vec<String>, bool)>,
    /// Object table: offset and marker name of every inline complex value.
    objects: Vec<(usize, &'static str)>,
}

impl<'a> Walker<'a> {
    /// An error at byte offset `at`.
    fn fail<T>(&self, at: usize, what: impl Display) -> Walk<T> {
        Err(format!("{what} at byte offset {at:#06x}"))
    }

    /// Takes the next `n` bytes.
    fn take(&mut self, n: usize) -> Walk<&'a [u8]> {
        let rest = &self.bytes[self.pos..];
        if rest.len() < n {
            return self.fail(self.bytes.len(), format!("input ends, {n} bytes needed"));
        }
        self.pos += n;
        Ok(&rest[..n])
    }

    /// Takes the next `N` bytes as an array (for the fixed-width numbers).
    fn array<const N: usize>(&mut self) -> Walk<[u8; N]> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    /// Reads a U29 (1 to 4 bytes).
    fn u29(&mut self) -> Walk<u32> {
        let Some((v, n)) = decode_u29(&self.bytes[self.pos..]) else {
            return self.fail(self.bytes.len(), "input ends inside a U29");
        };
        self.pos += n;
        Ok(v)
    }

    /// Reads `len` bytes of UTF-8 text.
    fn text(&mut self, len: u32) -> Walk<String> {
        let at = self.pos;
        match std::str::from_utf8(self.take(len as usize)?) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => self.fail(at, e),
        }
    }

    /// Reads a UTF-8-vr: the text, and how it was sent (literal or reference).
    fn utf8_vr(&mut self) -> Walk<(String, String)> {
        let (at, h) = (self.pos, self.u29()?);
        let i = (h >> 1) as usize;
        if h & 1 == 0 {
            let Some(s) = self.strings.get(i) else {
                return self.fail(at, format!("string ref #{i} past the table's end"));
            };
            Ok((s.clone(), format!("string ref #{i}")))
        } else if i == 0 {
            Ok((String::new(), "empty: never in the table".into()))
        } else {
            let s = self.text(h >> 1)?;
            self.strings.push(s.clone());
            Ok((s, format!("new string #{}", self.strings.len() - 1)))
        }
    }

    /// Prints one line: offset, the bytes from `start` to here, and `what`.
    fn line(&self, start: usize, depth: usize, what: impl Display) {
        let raw = &self.bytes[start..self.pos];
        let cut = raw.len() > MAX_SHOWN;
        let shown = if cut { MAX_SHOWN - 1 } else { raw.len() };
        let mut hex: Vec<String> = raw[..shown].iter().map(|b| format!("{b:02x}")).collect();
        if cut {
            hex.push("…".into());
        }
        let cell = format!("{:indent$}{}", "", hex.join(" "), indent = 2 * depth);
        println!("{start:04x}  {cell:<34} {what}");
    }

    /// Walks one value: prints its header line (prefixed by `label`), then
    /// its contents one level deeper.
    fn value(&mut self, depth: usize, label: &str) -> Walk<()> {
        let start = self.pos;
        if depth > MAX_DEPTH {
            return self.fail(start, "nested too deeply");
        }
        let m = self.take(1)?[0];
        let name = marker::name(m);
        // Complex values start with a U29: low bit 0 = object reference,
        // 1 = inline (registered in the object table before its contents).
        let (mut h, mut tag) = (0, String::new());
        if marker::is_complex(m) {
            h = self.u29()?;
            let i = (h >> 1) as usize;
            if h & 1 == 0 {
                let Some(&(at, was)) = self.objects.get(i) else {
                    return self.fail(start, format!("object ref #{i} past the table's end"));
                };
                let what = format!("{label}{name}: object ref #{i}, the {was} at {at:04x}");
                self.line(start, depth, what);
                return Ok(());
            }
            tag = format!(" (object #{})", self.objects.len());
            self.objects.push((start, name));
        }
        // The length or count of an inline complex value; for an object, the
        // traits index (of a traits reference; set below for inline traits).
        let (n, mut t) = (h >> 1, (h >> 2) as usize);
        let mut assoc = false; // an array with an associative part

        // 1. The header: everything before the first child.
        let what = match m {
            marker::UNDEFINED | marker::NULL => name.to_string(),
            marker::FALSE => "false".into(),
            marker::TRUE => "true".into(),
            marker::INTEGER => format!("integer {}", sign_extend(self.u29()?)),
            marker::DOUBLE => format!("double {}", f64::from_be_bytes(self.array()?)),
            marker::STRING => {
                let (s, how) = self.utf8_vr()?;
                format!("string {s:?} ({how})")
            }
            marker::XML_DOC | marker::XML => format!("{name} {:?}", self.text(n)?),
            marker::BYTE_ARRAY => format!("ByteArray, {} bytes", self.take(n as usize)?.len()),
            marker::DATE => {
                let ms = f64::from_be_bytes(self.array()?);
                format!("date, {ms} ms since the epoch")
            }
            marker::ARRAY if self.bytes.get(self.pos) == Some(&0x01) => {
                self.pos += 1; // the `01` ending an empty associative part
                format!("array, {n} dense, no associative part")
            }
            marker::ARRAY => {
                assoc = true;
                format!("array, {n} dense, associative part first")
            }
            // Object header bits: …01 traits ref, …111 externalizable,
            // …011 inline traits (bit 3 = dynamic, >> 4 = sealed member count).
            marker::OBJECT if h & 2 == 0 => {
                let Some((members, dynamic)) = self.traits.get(t) else {
                    return self.fail(start, format!("traits ref #{t} past the table's end"));
                };
                let (kind, count) = (if *dynamic { "dynamic" } else { "sealed" }, members.len());
                format!("object, traits ref #{t} ({kind}, {count} members)")
            }
            marker::OBJECT => {
                let (class, how) = self.utf8_vr()?;
                let class = match class.as_str() {
                    "" => "\"\"".to_string(),
                    _ => format!("{class:?} ({how})"),
                };
                if h & 4 != 0 {
                    let what = format!("{label}object, externalizable, class {class}");
                    self.line(start, depth, what);
                    return self.fail(self.pos, "externalizable: the class's own format follows");
                }
                let kind = if h & 8 != 0 { "dynamic" } else { "sealed" };
                let count = h >> 4;
                t = self.traits.len();
                format!("object, inline {kind} traits #{t} ({count} members): class {class}")
            }
            marker::VECTOR_INT..=marker::VECTOR_OBJECT => {
                let fixed = self.take(1)?[0];
                let fixed = if fixed == 0 { "variable" } else { "fixed" };
                let mut ty = String::new();
                if m == marker::VECTOR_OBJECT {
                    let (name, how) = self.utf8_vr()?;
                    ty = format!(", type {name:?} ({how})");
                }
                format!("{name}, {n} items, {fixed} length{ty}")
            }
            marker::DICTIONARY => {
                let weak = self.take(1)?[0];
                let weak = if weak == 0 { "strong" } else { "weak" };
                format!("Dictionary, {n} entries, {weak} keys")
            }
            _ => return self.fail(start, format!("invalid AMF3 marker {m:#04x}")),
        };
        self.line(start, depth, format!("{label}{what}{tag}"));

        // 2. The contents, one level deeper.
        let depth = depth + 1;
        match m {
            marker::ARRAY | marker::VECTOR_OBJECT => {
                if assoc {
                    self.pairs(depth, "end of associative part")?;
                }
                for i in 0..n {
                    self.value(depth, &format!("[{i}] "))?;
                }
            }
            marker::OBJECT => {
                if h & 2 != 0 {
                    // Inline traits: the sealed member names come first.
                    let mut members = Vec::new();
                    for _ in 0..h >> 4 {
                        let (at, (member, how)) = (self.pos, self.utf8_vr()?);
                        self.line(at, depth, format!("member name {member:?} ({how})"));
                        members.push(member);
                    }
                    self.traits.push((members, h & 8 != 0));
                }
                // Then one value per sealed member, in traits order, and the
                // name/value pairs of a dynamic object.
                let (members, dynamic) = self.traits[t].clone();
                for member in &members {
                    self.value(depth, &format!("{member}: "))?;
                }
                if dynamic {
                    self.pairs(depth, "end of dynamic members")?;
                }
            }
            marker::VECTOR_INT..=marker::VECTOR_DOUBLE => {
                for i in 0..n {
                    let at = self.pos;
                    let item = match m {
                        marker::VECTOR_INT => i32::from_be_bytes(self.array()?).to_string(),
                        marker::VECTOR_UINT => u32::from_be_bytes(self.array()?).to_string(),
                        _ => f64::from_be_bytes(self.array()?).to_string(),
                    };
                    self.line(at, depth, format!("[{i}] {item}"));
                }
            }
            marker::DICTIONARY => {
                for _ in 0..n {
                    self.value(depth, "key: ")?;
                    self.value(depth, "value: ")?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Walks name/value pairs (dynamic members, associative array part) up to
    /// the empty name `01` that ends them.
    fn pairs(&mut self, depth: usize, end: &str) -> Walk<()> {
        loop {
            let (at, (key, how)) = (self.pos, self.utf8_vr()?);
            if key.is_empty() {
                self.line(at, depth, end);
                return Ok(());
            }
            self.line(at, depth, format!("key {key:?} ({how})"));
            self.value(depth, &format!("{key}: "))?;
        }
    }
}

/// Dumps one top-level AMF3 value; an error (never a panic) is printed.
fn dump(bytes: &[u8]) -> Walker<'_> {
    let mut w = Walker {
        bytes,
        ..Walker::default()
    };
    match w.value(0, "") {
        Ok(()) if w.pos < bytes.len() => println!("      {} trailing bytes", bytes.len() - w.pos),
        Ok(()) => {}
        Err(e) => println!("      walk stopped: {e}"),
    }
    w
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let page = sample_page();
    let bytes = amf_serde::to_vec(&page)?;
    let (n, total, amf) = (page.records.len(), page.total, bytes.len());
    println!("Page 1 ({n} of {total} customers) as AMF3: {amf} bytes\n");

    let w = dump(&bytes);
    let (strings, traits, objects) = (w.strings.len(), w.traits.len(), w.objects.len());
    println!("\nTables: {strings} strings, {traits} traits, {objects} objects.");
    println!("String table: {:?}\n", w.strings);

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
