//! The game save of `sol.rs` (also used by `sol_loop.rs`): 11,000 entries
//! `slot0`…`slot10999`, each a character.

use amf_serde::types::Date;
use serde::{Deserialize, Serialize};

pub const SLOTS: usize = 11_000;

const WORDS: [&str; 12] = [
    "sword", "shield", "potion", "elixir", "bow", "arrow", "key", "map", "ring", "amulet",
    "scroll", "gem",
];

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Pos {
    pub x: f64,
    pub y: f64,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[allow(non_snake_case)]
pub struct Character {
    pub name: String,
    pub class: String,
    pub level: i32,
    pub hp: f64,
    pub pos: Pos,
    pub inventory: Vec<String>,
    pub alive: bool,
    pub lastSaved: Date,
    pub journal: String,
}

/// The save as a map of entries (typed reading).
pub type Save = std::collections::BTreeMap<String, Character>;

/// The entries, in file order.
pub fn save() -> Vec<(String, Character)> {
    let classes = ["warrior", "mage", "rogue", "cleric"];
    let mut out = Vec::with_capacity(SLOTS);
    for i in 0..SLOTS {
        let inventory = (0..(i % 7 + 3))
            .map(|k| WORDS[(i * 5 + k * 3) % WORDS.len()].to_owned())
            .collect();
        let journal = if i % 25 == 0 {
            (0..2048)
                .map(|k| char::from(b'a' + ((i + k) % 26) as u8))
                .collect()
        } else {
            String::new()
        };
        out.push((
            format!("slot{i}"),
            Character {
                name: format!("Hero number {i}"),
                class: classes[i % classes.len()].to_owned(),
                level: (i % 99) as i32 + 1,
                hp: 100.0 - (i % 37) as f64 * 1.25,
                pos: Pos {
                    x: i as f64 * 0.5,
                    y: -(i as f64) * 0.25,
                },
                inventory,
                alive: i % 3 != 0,
                lastSaved: Date::from_millis(1_600_000_000_000.0 + i as f64 * 60_000.0),
                journal,
            },
        ));
    }
    out
}

/// The entries as a struct-like map in file order (typed writing).
pub struct Ordered<'a>(pub &'a [(String, Character)]);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}
