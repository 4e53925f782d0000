//! Typed entries in .sol files.

use super::*;

// ------------------------------------------------------- typed entries

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Save {
    #[serde(rename = "playerName")]
    player: String,
    level: i32,
    #[serde(skip)]
    cached: u32,
    #[serde(default)]
    coins: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    boss: Option<String>,
    #[serde(alias = "hiScore")]
    high_score: i32,
    inventory: Vec<Item>,
    #[serde(flatten)]
    rest: BTreeMap<String, Value>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Item {
    name: String,
    count: u8,
}

#[test]
fn typed_save_with_serde_attributes_both_versions() {
    let mut rest = BTreeMap::new();
    rest.insert("zExtra".to_owned(), Value::String("kept".into()));
    let save = Save {
        player: "Ada".into(),
        level: 7,
        cached: 99,
        coins: 12.5,
        boss: None,
        high_score: 1000,
        inventory: vec![
            Item {
                name: "sword".into(),
                count: 1,
            },
            Item {
                name: "potion".into(),
                count: 3,
            },
        ],
        rest,
    };
    for version in [Version::Amf0, Version::Amf3] {
        let bytes = sol::to_vec("savegame", &save, version).unwrap();
        let sol = Sol::from_slice(&bytes).unwrap();
        assert_eq!(sol.name, "savegame");
        assert_eq!(sol.version, version);
        // renamed, skipped and flattened fields as entries, in order
        assert_eq!(
            sol.keys().collect::<Vec<_>>(),
            [
                "playerName",
                "level",
                "coins",
                "high_score",
                "inventory",
                "zExtra"
            ]
        );
        let back: Save = sol::from_slice(&bytes).unwrap();
        assert_eq!(back.cached, 0);
        assert_eq!(
            back,
            Save {
                cached: 0,
                ..sol_clone(&save)
            }
        );
        let (header, _): (sol::Header, Save) = sol::from_slice_with_header(&bytes).unwrap();
        assert_eq!(
            (header.name.as_str(), header.version),
            ("savegame", version)
        );
    }
}

fn sol_clone(s: &Save) -> Save {
    Save {
        player: s.player.clone(),
        level: s.level,
        cached: s.cached,
        coins: s.coins,
        boss: s.boss.clone(),
        high_score: s.high_score,
        inventory: s.inventory.clone(),
        rest: s.rest.clone(),
    }
}

#[test]
fn typed_unknown_entries_kept_by_flatten_and_default_and_alias() {
    // Written untyped: an alias name, no "coins" (default), unknown entries.
    let mut sol = Sol::new("savegame", Version::Amf3);
    sol.insert("playerName", Value::String("Bo".into()));
    sol.insert("level", Value::Integer(2));
    sol.insert("hiScore", Value::Integer(5));
    sol.insert("inventory", amf_serde::amf_value!([]));
    sol.insert("mystery", Value::Double(2.5));
    sol.insert("flags", amf_serde::amf_value!({"a": true}));
    let bytes = sol.to_vec().unwrap();
    let save: Save = sol::from_slice(&bytes).unwrap();
    assert_eq!(save.player, "Bo");
    assert_eq!(save.high_score, 5);
    assert_eq!(save.coins, 0.0);
    assert_eq!(save.rest.keys().collect::<Vec<_>>(), ["flags", "mystery"]);
    assert_eq!(save.rest["mystery"], Value::Double(2.5));
    assert_eq!(save.rest["flags"]["a"], Value::Bool(true));

    // deny_unknown_fields: the error names the entry.
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        #[serde(rename = "playerName")]
        player: String,
    }
    let err = sol::from_slice::<Strict>(&bytes).unwrap_err();
    assert_eq!(err.sol_entry(), Some((1, Some("level"))));
    assert!(err.to_string().contains("unknown field `level`"), "{err}");
    // A missing field: offset at the end of the file.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Needs {
        absent: i32,
    }
    let err = sol::from_slice::<Needs>(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("missing field `absent` at byte offset {}", bytes.len())
    );
}

#[test]
fn typed_maps_enums_and_values() {
    let mut map = BTreeMap::new();
    map.insert("b", 2);
    map.insert("a", 1);
    let bytes = sol::to_vec("m", &map, Version::Amf3).unwrap();
    let back: BTreeMap<String, i32> = sol::from_slice(&bytes).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back["a"], 1);
    // a Value object becomes the entries, in its order
    let v = amf_serde::amf_value!({"z": 1, "y": "two"});
    let bytes = sol::to_vec("v", &v, Version::Amf0).unwrap();
    let sol = Sol::from_slice(&bytes).unwrap();
    assert_eq!(sol.keys().collect::<Vec<_>>(), ["z", "y"]);
    // integer map keys are decimal names
    let mut by_slot = BTreeMap::new();
    by_slot.insert(1u32, "one");
    let bytes = sol::to_vec("s", &by_slot, Version::Amf3).unwrap();
    assert_eq!(
        Sol::from_slice(&bytes).unwrap().keys().collect::<Vec<_>>(),
        ["1"]
    );
    // unit: no entries
    let bytes = sol::to_vec("empty", &(), Version::Amf3).unwrap();
    assert_eq!(bytes.len(), 27);
    assert!(Sol::from_slice(&bytes).unwrap().is_empty());
    // not a map
    let err = sol::to_vec("x", &vec![1, 2], Version::Amf3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the data of a .sol file must be a struct or a map, found a sequence"
    );
    let err = sol::to_vec("x", &BTreeMap::from([(true, 1)]), Version::Amf3).unwrap_err();
    assert_eq!(err.to_string(), "key must be a string, found a boolean");
    // an AMF0 key over 65535 bytes
    let long = "k".repeat(70_000);
    let err = sol::to_vec("x", &BTreeMap::from([(long.as_str(), 1)]), Version::Amf0).unwrap_err();
    assert!(err.to_string().contains("AMF0 property name"), "{err}");
    // a name over 65535 bytes
    let err = sol::to_vec(&long, &(), Version::Amf3).unwrap_err();
    assert!(err.to_string().contains(".sol name"), "{err}");
}

#[test]
fn typed_amf3_shares_tables_across_entries() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Two {
        first: Item,
        second: Item,
        label: String,
    }
    let two = Two {
        first: Item {
            name: "x".into(),
            count: 1,
        },
        second: Item {
            name: "label".into(),
            count: 2,
        },
        label: "first".into(),
    };
    let bytes = sol::to_vec("t", &two, Version::Amf3).unwrap();
    // The second Item refers to the first one's traits (0a 01): one table
    // for the whole body.
    // Strings: first #0, name #1, count #2, x #3, second #4, label #5.
    assert_eq!(
        bytes[23..],
        hex(
            "0b 66 69 72 73 74  0a 23 01 09 6e 61 6d 65 0b 63 6f 75 6e 74 06 03 78 04 01 00
             0d 73 65 63 6f 6e 64  0a 01 06 0b 6c 61 62 65 6c 04 02 00
             0a  06 00  00"
        )
    );
    // The key `label` is a reference to the string value of
    // `second.name` (#5), the value "first" to the first key (#0).
    let back: Two = sol::from_slice(&bytes).unwrap();
    assert_eq!(back, two);
    // and the untyped reader agrees
    let sol = Sol::from_slice(&bytes).unwrap();
    assert_eq!(sol.get("label"), Some(&Value::String("first".into())));
    assert_eq!(fresh(&sol).to_vec().unwrap(), bytes);
}
