//! The `.sol` commands: list, get, set, delete, edits of real files, and
//! a failed write that must leave the original intact.

use super::*;

fn copy_to(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::copy(data(name), &p).unwrap();
    p
}

#[test]
fn sol_list_and_get() {
    let o = run_in_repo(&["sol", "list", "amf-cli/tests/data/game.sol"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    snapshot("sol/game-list.txt", &stdout(&o));
    let o = run(&[
        "sol",
        "get",
        data("game.sol").to_str().unwrap(),
        "scores",
        "--lossless",
        "--compact",
    ]);
    assert_eq!(
        stdout(&o),
        "{\"$vector_int\":[10,-20,30],\"$fixed\":true}\n"
    );
    // "best" refers to "player" in the file; on its own it is written out.
    let o = run(&[
        "sol",
        "get",
        data("game.sol").to_str().unwrap(),
        "best",
        "--compact",
    ]);
    assert_eq!(
        stdout(&o),
        "{\"name\":\"Ada\",\"level\":7,\"score\":1250.5}\n"
    );
    let o = run(&["sol", "get", data("game.sol").to_str().unwrap(), "nope"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn sol_set_and_delete_amf0_change_only_their_entry() {
    let dir = tempdir("sol0");
    let f = copy_to(&dir, "test-amf0.sol");
    let before = std::fs::read(&f).unwrap();
    // a = 1.0 -> 2.5: only the number's bytes and the length field change.
    let o = run(&["sol", "set", f.to_str().unwrap(), "a", "2.5"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read(&f).unwrap();
    let mut want = before.clone();
    want[0x1e..0x26].copy_from_slice(&2.5f64.to_be_bytes());
    assert_eq!(after, want);
    // A new entry goes at the end; the old bytes stay as they were.
    run(&["sol", "set", f.to_str().unwrap(), "n", "\"new\""]);
    let after = std::fs::read(&f).unwrap();
    assert_eq!(after[6..want.len()], want[6..]);
    assert_eq!(&after[want.len()..], b"\x00\x01n\x02\x00\x03new\x00");
    assert_eq!(
        u32::from_be_bytes(after[2..6].try_into().unwrap()) as usize,
        after.len() - 6
    );
    // Delete "a": entry "s" and "n" keep their bytes.
    let o = run(&["sol", "delete", f.to_str().unwrap(), "a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let deleted = std::fs::read(&f).unwrap();
    assert_eq!(deleted[6..0x1a], before[6..0x1a]); // header after the length
    assert_eq!(deleted[0x1a..], after[0x27..]); // "s" and "n", unchanged
    let sol = amf_serde::sol::Sol::from_slice(&deleted).unwrap();
    assert_eq!(sol.keys().collect::<Vec<_>>(), ["s", "n"]);
    // No temporary file left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn sol_edit_amf3_keeps_references_right() {
    let dir = tempdir("sol3");
    let f = copy_to(&dir, "game.sol");
    let before = amf_serde::sol::Sol::from_slice(&std::fs::read(&f).unwrap()).unwrap();
    // Delete "player": "best" referred to it and now holds it itself.
    let o = run(&["sol", "delete", f.to_str().unwrap(), "player", "--backup"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.join("game.sol.bak")).unwrap(),
        std::fs::read(data("game.sol")).unwrap()
    );
    let after = amf_serde::sol::Sol::from_slice(&std::fs::read(&f).unwrap()).unwrap();
    assert_eq!(after.len(), before.len() - 1);
    for (k, v) in after.iter() {
        assert_eq!(Some(v), before.get(k), "{k}");
    }
    // Set with lossless JSON: a date and a typed object.
    let o = run(&[
        "sol",
        "set",
        f.to_str().unwrap(),
        "saved",
        r#"{"$date": 0.0}"#,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = amf_serde::sol::Sol::from_slice(&std::fs::read(&f).unwrap()).unwrap();
    assert_eq!(
        again
            .get("saved")
            .and_then(|v| v.as_date())
            .map(|d| d.millis()),
        Some(0.0)
    );
    for (k, v) in again.iter().filter(|(k, _)| *k != "saved") {
        assert_eq!(Some(v), after.get(k), "{k}");
    }
}

#[test]
fn sol_failed_write_leaves_the_original_intact() {
    let dir = tempdir("solfail");
    let f = copy_to(&dir, "game.sol");
    let before = std::fs::read(&f).unwrap();
    let o = amf()
        .env("AMF_CLI_TEST_FAIL_WRITE", "1")
        .args(["sol", "set", f.to_str().unwrap(), "inventory", "[]"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not changed: simulated failure after"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&f).unwrap(), before);
    // The half-written temporary file is gone.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["game.sol"]);
    // A file that is not a .sol file is refused before anything is written.
    let not_sol = dir.join("x.sol");
    std::fs::write(&not_sol, b"hello").unwrap();
    let o = run(&["sol", "set", not_sol.to_str().unwrap(), "a", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&not_sol).unwrap(), b"hello");
}

/// Entry spans of a `.sol` file from `amf inspect`: (key, start, end).
fn entry_spans(path: &Path) -> Vec<(String, usize, usize)> {
    let o = run(&["inspect", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let len = std::fs::metadata(path).unwrap().len() as usize;
    let mut starts = Vec::new();
    for line in stdout(&o).lines() {
        // "001a  00 08 61 …     entry \"asdfsadf\"": an entry starts here.
        let Some((off, rest)) = line.split_once("  ") else {
            continue;
        };
        let Some(i) = rest.find("entry \"") else {
            continue;
        };
        let Ok(at) = usize::from_str_radix(off, 16) else {
            continue;
        };
        let key: String = serde_json::from_str(rest[i + 6..].split(" (").next().unwrap()).unwrap();
        starts.push((key, at));
    }
    (0..starts.len())
        .map(|i| {
            let end = starts.get(i + 1).map_or(len, |s| s.1);
            (starts[i].0.clone(), starts[i].1, end)
        })
        .collect()
}

#[test]
fn sol_edits_of_real_files_leave_other_entries_byte_for_byte() {
    let dir = tempdir("solreal");
    // AMF0 (Flash Player, AS2): set one entry in the middle, delete another.
    let f = dir.join("AS2-Demo.sol");
    std::fs::copy(
        root().join("../tests/fixtures/sol/minerva/AS2-Demo.sol"),
        &f,
    )
    .unwrap();
    let before = std::fs::read(&f).unwrap();
    let spans = entry_spans(&f);
    assert_eq!(spans.len(), 16);
    let o = run(&["sol", "set", f.to_str().unwrap(), "myString", "\"edited\""]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["sol", "delete", f.to_str().unwrap(), "myNull"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read(&f).unwrap();
    let new_spans = entry_spans(&f);
    assert_eq!(new_spans.len(), 15);
    for (key, s, e) in &spans {
        let now = new_spans.iter().find(|(k, _, _)| k == key);
        match key.as_str() {
            "myNull" => assert!(now.is_none()),
            "myString" => {
                let (_, s2, e2) = now.unwrap();
                assert_eq!(&after[*s2..*e2], b"\x00\x08myString\x02\x00\x06edited\x00");
            }
            _ => {
                let (_, s2, e2) = now.unwrap();
                assert_eq!(after[*s2..*e2], before[*s..*e], "{key}");
            }
        }
    }
    // The header is the same but for the length field.
    assert_eq!(after[6..spans[0].1], before[6..spans[0].1]);
    assert_eq!(
        u32::from_be_bytes(after[2..6].try_into().unwrap()) as usize,
        after.len() - 6
    );
    // AMF3 (Flash Player, AS3, string references across entries): the
    // entries before the edited one keep their bytes, every other entry
    // its value.
    let f = dir.join("StringTest.sol");
    std::fs::copy(
        root().join("../tests/fixtures/sol/minerva/StringTest.sol"),
        &f,
    )
    .unwrap();
    let before = std::fs::read(&f).unwrap();
    let old = amf_serde::sol::Sol::from_slice(&before).unwrap();
    let spans = entry_spans(&f);
    let (key, start, _) = spans[spans.len() / 2].clone();
    let o = run(&["sol", "set", f.to_str().unwrap(), &key, "12345"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read(&f).unwrap();
    assert_eq!(after[6..start], before[6..start]);
    let new = amf_serde::sol::Sol::from_slice(&after).unwrap();
    assert_eq!(new.get(&key), Some(&amf_serde::Value::Integer(12345)));
    assert_eq!(new.len(), old.len());
    for (k, v) in old.iter().filter(|(k, _)| *k != key) {
        assert_eq!(new.get(k), Some(v), "{k}");
    }
}
