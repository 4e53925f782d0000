//! Editing .sol files: read, change, write.

use super::*;

// ---------------------------------------------------------------- edit

/// The bytes of a scalar whose encoding needs no reference table.
fn scalar_bytes(v: &Value, version: Version) -> Option<Vec<u8>> {
    Some(match (version, v) {
        (Version::Amf0, Value::Double(d)) => [&[0x00][..], &d.to_be_bytes()].concat(),
        (Version::Amf0, Value::Bool(b)) => vec![0x01, u8::from(*b)],
        (Version::Amf3, Value::Double(d)) => [&[0x05][..], &d.to_be_bytes()].concat(),
        (Version::Amf3, Value::Bool(b)) => vec![if *b { 0x03 } else { 0x02 }],
        (Version::Amf3, Value::Integer(_)) => amf_serde::to_vec(v).ok()?,
        _ => return None,
    })
}

fn key_bytes(key: &str, version: Version) -> Vec<u8> {
    match version {
        Version::Amf0 => [&(key.len() as u16).to_be_bytes()[..], key.as_bytes()].concat(),
        Version::Amf3 => {
            let s = amf_serde::to_vec(key).unwrap();
            s[1..].to_vec()
        }
    }
}

fn edited(v: &Value) -> Value {
    match v {
        Value::Double(d) => Value::Double(d + 1.5),
        Value::Bool(b) => Value::Bool(!b),
        Value::Integer(i) => Value::Integer(if *i > 1000 { i - 1000 } else { i + 1000 }),
        _ => unreachable!(),
    }
}

/// In every real file, every top-level number or boolean entry that can be
/// found unambiguously in the bytes is edited: the new file is the old one
/// with exactly that value's bytes replaced and the length field updated.
#[test]
fn editing_one_entry_changes_only_its_bytes_and_the_length() {
    let dir = format!("{}/fixtures/sol", env!("CARGO_MANIFEST_DIR"));
    let mut edits = 0;
    let mut files = 0;
    let mut edited_files = Vec::new();
    for sub in ["minerva", "flash-lso"] {
        for entry in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "sol") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(sol) = Sol::from_slice(&bytes) else {
                continue;
            };
            // Every file writes back from its values alone (see
            // `values_alone_rewrite_every_file`), so an edit re-encodes
            // the whole body and still changes only the edited bytes.
            assert_eq!(fresh(&sol).to_vec().unwrap(), bytes, "{}", path.display());
            let mut file_edited = false;
            for (i, (key, value)) in sol.entries.iter().enumerate() {
                let Some(old) = scalar_bytes(value, sol.version) else {
                    continue;
                };
                let new_value = edited(value);
                let new = scalar_bytes(&new_value, sol.version).unwrap();
                let pattern = [&key_bytes(key, sol.version)[..], &old, &[0x00]].concat();
                let hits: Vec<usize> = bytes
                    .windows(pattern.len())
                    .enumerate()
                    .filter(|(_, w)| *w == &pattern[..])
                    .map(|(at, _)| at)
                    .collect();
                if hits.len() != 1 {
                    continue;
                }
                let at = hits[0] + pattern.len() - 1 - old.len();
                let mut expected = [&bytes[..at], &new, &bytes[at + old.len()..]].concat();
                let len = (expected.len() - 6) as u32;
                expected[2..6].copy_from_slice(&len.to_be_bytes());

                let mut copy = sol.clone();
                copy.entries[i].1 = new_value.clone();
                let out = copy.to_vec().unwrap();
                assert!(
                    out == expected,
                    "{}: editing {key:?} changed more than its value",
                    path.display()
                );
                assert_eq!(Sol::from_slice(&out).unwrap().entries[i].1, new_value);
                edits += 1;
                file_edited = true;
            }
            files += usize::from(file_edited);
            if file_edited {
                edited_files.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    // Including AS3-Demo, whose traits say more than its members
    // (oppDetailPrefs has no unambiguous scalar entry: see the next test).
    assert!(edited_files.iter().any(|f| f == "AS3-Demo.sol"));
    // How many the fixtures give (each checked exactly above).
    assert!(edits >= 100, "{edits} edits in {files} files");
    assert!(files >= 30, "{edits} edits in {files} files");
}

/// The two files whose traits say more than their members, edited from
/// their values alone: replacing the last entry's value keeps every byte
/// before it, and the entry decodes to the new value.
#[test]
fn editing_files_with_traits_copies_and_dynamic_externals() {
    for name in ["AS3-Demo.sol", "oppDetailPrefs.sol"] {
        let bytes = fixture(name);
        let sol = Sol::from_slice(&bytes).unwrap();
        let n = sol.len();
        let mut before_last = fresh(&sol);
        before_last.entries.truncate(n - 1);
        let prefix = before_last.to_vec().unwrap();
        assert_eq!(prefix[6..], bytes[6..prefix.len()], "{name}");
        let mut edited = fresh(&sol);
        edited.entries[n - 1].1 = Value::Integer(12345);
        let out = edited.to_vec().unwrap();
        assert_eq!(out[6..prefix.len()], bytes[6..prefix.len()], "{name}");
        // key (as before), 04 e0 39, 00
        assert!(out.ends_with(&[0x04, 0xe0, 0x39, 0x00]), "{name}");
        let key_len = out.len() - prefix.len() - 4;
        assert_eq!(
            out[prefix.len()..prefix.len() + key_len],
            bytes[prefix.len()..prefix.len() + key_len],
            "{name}"
        );
        assert_eq!(
            u32::from_be_bytes(out[2..6].try_into().unwrap()) as usize,
            out.len() - 6
        );
        let back = Sol::from_slice(&out).unwrap();
        assert_eq!(back.entries[..n - 1], sol.entries[..n - 1], "{name}");
        assert_eq!(back.entries[n - 1].1, Value::Integer(12345));
    }
}

#[test]
fn insert_keeps_place_remove_and_append() {
    let mut sol = Sol::from_slice(&hex(TEST_AMF0)).unwrap();
    assert_eq!(
        sol.insert("a", Value::Double(2.0)),
        Some(Value::Double(1.0))
    );
    assert_eq!(sol.keys().collect::<Vec<_>>(), ["a", "s"]);
    assert_eq!(sol.insert("n", Value::Null), None);
    assert_eq!(sol.keys().collect::<Vec<_>>(), ["a", "s", "n"]);
    assert_eq!(sol.remove("s"), Some(Value::String("hi".into())));
    assert_eq!(sol.remove("s"), None);
    assert!(sol.contains_key("n"));
    assert_eq!(sol.len(), 2);
    let bytes = sol.to_vec().unwrap();
    assert_eq!(
        bytes[26..],
        hex("00 01 61 00 40 00 00 00 00 00 00 00 00  00 01 6e 05 00")
    );
    assert_eq!(
        u32::from_be_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]) as usize,
        bytes.len() - 6
    );
}

/// A `Sol` with no bytes read, large enough that the writer sizes its
/// output from its first entries: entries of very different sizes (large
/// ones first, then small ones, then large again) write the same bytes as
/// the typed writer, read back equal, and the output is not over-reserved
/// beyond a small multiple of its length.
#[test]
fn large_sol_from_values_sized_from_its_first_entries() {
    for version in [Version::Amf0, Version::Amf3] {
        let mut sol = Sol::new("sizes", version);
        let mut typed = Vec::new();
        for i in 0..300 {
            let text = if !(20..280).contains(&i) {
                "x".repeat(5000 + i)
            } else {
                format!("e{i}")
            };
            sol.insert(format!("k{i}"), Value::String(text.clone()));
            typed.push((format!("k{i}"), text));
        }
        let bytes = sol.to_vec().unwrap();
        let map: Vec<(&str, &str)> = typed
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        struct Entries<'a>(&'a [(&'a str, &'a str)]);
        impl serde::Serialize for Entries<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().copied())
            }
        }
        assert_eq!(
            bytes,
            sol::to_vec("sizes", &Entries(&map), version).unwrap()
        );
        assert_eq!(Sol::from_slice(&bytes).unwrap(), sol);
        assert!(bytes.capacity() <= 21 * bytes.len(), "{}", bytes.capacity());
    }
}
