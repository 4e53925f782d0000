//! Runs the built `amf` binary: output compared with reviewed snapshot
//! files, lossless round trips byte for byte on every fixture, hex input,
//! faults, exit codes, `.sol` editing and its failure path.
//!
//! The `.sol` commands are tested in `sol.rs`.
//!
//! Snapshots live in `tests/snapshots/`; after a deliberate change of the
//! output, rerun with `AMF_CLI_BLESS=1`, review the diff, and commit it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod sol;

fn amf() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_amf"));
    c.env_remove("CLICOLOR_FORCE").env_remove("NO_COLOR");
    c
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn fixtures() -> PathBuf {
    root().join("../tests/fixtures/rocketamf")
}

fn data(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

fn run(args: &[&str]) -> Output {
    amf().args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Paths shown relative to the repository, so snapshots do not depend on
/// where the checkout is.
fn rel(p: &Path) -> String {
    let repo = root().join("..").canonicalize().unwrap();
    let p = p.canonicalize().unwrap();
    p.strip_prefix(&repo).unwrap().display().to_string()
}

/// Compares `actual` with the snapshot `name`; writes it with
/// `AMF_CLI_BLESS=1`.
fn snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
    if std::env::var_os("AMF_CLI_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless with AMF_CLI_BLESS=1)", path.display()));
    assert_eq!(actual, expected, "snapshot {name} differs");
}

/// Runs `amf` from the repository root with relative paths.
fn run_in_repo(args: &[&str]) -> Output {
    amf()
        .current_dir(root().join(".."))
        .args(args)
        .output()
        .unwrap()
}

fn every_fixture() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["objects", "request"] {
        for e in std::fs::read_dir(fixtures().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "bin") {
                v.push(p);
            }
        }
    }
    for name in ["test-amf0.sol", "test-amf3.sol", "game.sol"] {
        v.push(data(name));
    }
    v.extend(real_sol_files());
    v.sort();
    v
}

/// The real `.sol` files (Flash Player, see tests/fixtures/sol/NOTICE).
fn real_sol_files() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["flash-lso", "minerva"] {
        let dir = root().join("../tests/fixtures/sol").join(dir);
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "sol") {
                v.push(p);
            }
        }
    }
    v.sort();
    assert_eq!(v.len(), 78);
    v
}

/// Real `.sol` files that are not whole files: the library's error.
const BROKEN_SOL: [(&str, &str); 2] = [
    (
        "2.sol",
        "in .sol entry \"pc_party\" (#0): unexpected end of input at byte offset 66",
    ),
    (
        "00000004.sol",
        "the 92 bytes after the end the file-length field gives are not an entry",
    ),
];

/// The RocketAMF test class writes two doubles.
const EXTERNAL: &str = "--external=ExternalizableTest=double,double";

#[test]
fn inspect_every_fixture_matches_its_snapshot() {
    let files = every_fixture();
    assert_eq!(files.len(), 61 + 10 + 3 + 78);
    for f in &files {
        let rel = rel(f);
        let o = run_in_repo(&["inspect", EXTERNAL, &rel]);
        let name = f.file_name().unwrap().to_str().unwrap();
        let ok = o.status.code();
        if let Some((_, e)) = BROKEN_SOL.iter().find(|(n, _)| *n == name) {
            assert_eq!(ok, Some(1), "{name}");
            assert!(
                stdout(&o).contains(&format!("library: {e}")),
                "{name}: {}",
                stdout(&o)
            );
        } else {
            assert_eq!(ok, Some(0), "{name}: {}", stderr(&o));
        }
        if std::fs::metadata(f).unwrap().len() > 3000 {
            // Large save files: the dump reaches the end with every entry.
            let bytes = std::fs::read(f).unwrap();
            if let Ok(sol) = amf_serde::sol::Sol::from_slice(&bytes) {
                let n = sol.len();
                let what = if n == 1 { "entry" } else { "entries" };
                let want = format!("end: {n} {what}, {} bytes\n", bytes.len());
                assert!(stdout(&o).ends_with(&want), "{name}");
            }
            continue;
        }
        let text = format!("$ amf inspect {rel}\nexit {ok:?}\n{}", stdout(&o));
        snapshot(&format!("inspect/{name}.txt"), &text);
    }
}

#[test]
fn json_plain_and_lossless_match_snapshots() {
    for name in [
        "objects/amf3-trait-ref.bin",
        "objects/amf3-graph-member.bin",
        "objects/amf0-ref-test.bin",
        "objects/amf3-dictionary.bin",
        "objects/amf0-date.bin",
        "objects/amf3-associative-array.bin",
        "request/remotingMessage.bin",
        "request/amf0-error-response.bin",
    ] {
        let rel = format!("tests/fixtures/rocketamf/{name}");
        let base = Path::new(name).file_name().unwrap().to_str().unwrap();
        for (flag, suffix) in [("--compact", "plain"), ("--lossless", "lossless")] {
            let o = run_in_repo(&["json", flag, &rel]);
            assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
            snapshot(&format!("json/{base}.{suffix}.json"), &stdout(&o));
        }
    }
    let o = run(&["json", "--lossless", data("game.sol").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    snapshot("json/game.sol.lossless.json", &stdout(&o));
}

#[test]
fn plain_json_is_what_serde_json_shows_for_the_value() {
    for f in every_fixture() {
        let bytes = std::fs::read(&f).unwrap();
        let Ok(v) = amf_serde::from_slice::<amf_serde::Value>(&bytes) else {
            continue; // not a single AMF3 value
        };
        if f.to_str().unwrap().contains("amf0-") {
            continue;
        }
        let o = run(&["json", "--amf3", "--compact", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", f.display(), stderr(&o));
        let want = match serde_json::to_string(&v) {
            Ok(s) => s + "\n",
            // serde_json cannot write a cycle; amf writes it as null.
            Err(_) => continue,
        };
        assert_eq!(stdout(&o), want, "{}", f.display());
    }
}

#[test]
fn lossless_json_round_trips_every_fixture_byte_for_byte() {
    let dir = tempdir("roundtrip");
    let mut checked = 0;
    for f in every_fixture() {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        let o = run(&["json", "--lossless", EXTERNAL, f.to_str().unwrap()]);
        if let Some((_, e)) = BROKEN_SOL.iter().find(|(n, _)| *n == name) {
            assert_eq!(o.status.code(), Some(1), "{name}");
            assert!(stderr(&o).contains(e), "{name}: {}", stderr(&o));
            continue;
        }
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let json = dir.join(format!("{name}.json"));
        std::fs::write(&json, &o.stdout).unwrap();
        // The "$format" of the document says what to encode; the explicit
        // flag gives the same bytes.
        let e = run(&["encode", json.to_str().unwrap()]);
        assert_eq!(e.status.code(), Some(0), "{name}: {}", stderr(&e));
        let original = std::fs::read(&f).unwrap();
        assert_eq!(e.stdout, original, "{name}");
        checked += 1;
    }
    assert_eq!(checked, every_fixture().len() - 2);
}

/// `amf json --lossless FILE | amf encode --sol NAME -`, for the two Flash
/// files whose traits say more than their members: a second copy of the
/// anonymous traits (AS3-Demo, `"$traits_copy"`) and the dynamic flag on
/// `ObjectProxy`'s externalizable traits (oppDetailPrefs, `"$dynamic":
/// true`).
#[test]
fn lossless_json_keeps_what_flash_writes_into_traits() {
    use std::io::Write;
    for (name, sol_name, fact) in [
        ("AS3-Demo.sol", "AS3-Demo", "\"$traits_copy\":1"),
        ("oppDetailPrefs.sol", "oppDetailPrefs", "\"$dynamic\":true"),
    ] {
        let f = root().join("../tests/fixtures/sol/minerva").join(name);
        let o = run(&["json", "--lossless", "--compact", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(stdout(&o).contains(fact), "{name}: {}", stdout(&o));
        let mut c = amf()
            .args(["encode", "--sol", sol_name, "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        c.stdin.take().unwrap().write_all(&o.stdout).unwrap();
        let e = c.wait_with_output().unwrap();
        assert!(e.status.success(), "{name}: {}", stderr(&e));
        assert_eq!(e.stdout, std::fs::read(&f).unwrap(), "{name}");
    }
    // Editing AS3-Demo re-encodes its body from values: only the edited
    // integer (04 07 → 04 e0 39) and the length field change.
    let dir = tempdir("traits");
    let f = dir.join("AS3-Demo.sol");
    std::fs::copy(
        root().join("../tests/fixtures/sol/minerva/AS3-Demo.sol"),
        &f,
    )
    .unwrap();
    let before = std::fs::read(&f).unwrap();
    let o = run(&["sol", "set", f.to_str().unwrap(), "myInt", "12345"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let at = before
        .windows(7)
        .position(|w| w == b"\x0bmyInt\x04")
        .unwrap()
        + 7;
    assert_eq!(before[at], 0x07);
    let mut want = [&before[..at], &[0xe0, 0x39], &before[at + 1..]].concat();
    let len = (want.len() - 6) as u32;
    want[2..6].copy_from_slice(&len.to_be_bytes());
    assert_eq!(std::fs::read(&f).unwrap(), want);
}

#[test]
fn encode_flags_and_plain_json() {
    let dir = tempdir("encode");
    let plain = dir.join("plain.json");
    std::fs::write(&plain, r#"{"a": [1, 2.5, "x", null], "b": true}"#).unwrap();
    let o = run(&["encode", "--amf3", plain.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Dynamic anonymous object, integer 1 as 04 01, 2.5 as a double.
    let want = amf_serde::to_vec(&amf_serde::amf_value!({"a": [1, 2.5, "x", null], "b": true}));
    assert_eq!(o.stdout, want.unwrap());
    let o = run(&["encode", "--amf0", plain.to_str().unwrap()]);
    assert_eq!(o.stdout[0], 0x03); // AMF0 anonymous object
    let o = run(&["encode", "--sol", "save", plain.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sol = amf_serde::sol::Sol::from_slice(&o.stdout).unwrap();
    assert_eq!(sol.name, "save");
    assert_eq!(sol.get("b"), Some(&amf_serde::Value::Bool(true)));
    // Standard input, and -o writing a file.
    let mut c = amf()
        .args(["encode", "--amf3", "-", "-o"])
        .arg(dir.join("out.bin"))
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    c.stdin.take().unwrap().write_all(b"[1, 1.0]").unwrap();
    assert!(c.wait().unwrap().success());
    assert_eq!(
        std::fs::read(dir.join("out.bin")).unwrap(),
        [0x09, 0x05, 0x01, 0x04, 0x01, 0x05, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]
    );
    // The object of an AMF3 document as the entries of a .sol file.
    let doc = dir.join("hash.json");
    let o = run(&[
        "json",
        "--lossless",
        fixtures().join("objects/amf3-hash.bin").to_str().unwrap(),
    ]);
    std::fs::write(&doc, &o.stdout).unwrap();
    let o = run(&["encode", "--sol", "conv", doc.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sol = amf_serde::sol::Sol::from_slice(&o.stdout).unwrap();
    let v: amf_serde::Value =
        amf_serde::from_slice(&std::fs::read(fixtures().join("objects/amf3-hash.bin")).unwrap())
            .unwrap();
    let want: Vec<(String, amf_serde::Value)> = v
        .as_object()
        .unwrap()
        .members()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    assert_eq!((sol.name.as_str(), &sol.entries), ("conv", &want));
    // No target and no "$format": a usage error.
    let o = run(&["encode", plain.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    // Bad lossless JSON: bad input, with the place.
    std::fs::write(&plain, r#"{"x": {"$ref": 4}}"#).unwrap();
    let o = run(&["encode", "--amf3", plain.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("at .x: $ref 4 before its $id"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn hex_input_reads_like_the_bytes() {
    for (hex, bin) in [
        (
            "acknowledge-response.wireshark.txt",
            "request/acknowledge-response.bin",
        ),
        ("simple-request.hexdump.txt", "request/simple-request.bin"),
        ("amf3-trait-ref.log.txt", "objects/amf3-trait-ref.bin"),
        (
            "amf3-dynamic-object.xxd.txt",
            "objects/amf3-dynamic-object.bin",
        ),
    ] {
        let from_hex = run(&["inspect", "--hex", data(hex).to_str().unwrap()]);
        let from_bin = run(&["inspect", fixtures().join(bin).to_str().unwrap()]);
        assert_eq!(
            from_hex.status.code(),
            Some(0),
            "{hex}: {}",
            stderr(&from_hex)
        );
        let body = |o: &Output| stdout(o).split_once('\n').unwrap().1.to_string();
        assert_eq!(body(&from_hex), body(&from_bin), "{hex}");
        snapshot(
            &format!("inspect/{hex}"),
            &stdout(&from_hex).replace(data(hex).to_str().unwrap(), hex),
        );
        // And the JSON is the same.
        let j1 = run(&["json", "--lossless", "--hex", data(hex).to_str().unwrap()]);
        let j2 = run(&["json", "--lossless", fixtures().join(bin).to_str().unwrap()]);
        assert_eq!(j1.stdout, j2.stdout);
    }
}

#[test]
fn offset_and_forced_kind() {
    // The AMF3 value inside the acknowledge packet starts at 0x1a.
    let f = fixtures().join("request/acknowledge-response.bin");
    let o = run(&["inspect", "--amf3", "--offset", "0x1a", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("AMF3 value(s), 176 bytes, from offset 0x1a (as asked)"),
        "{out}"
    );
    assert!(
        out.lines().nth(1).unwrap().starts_with("001a  0a 0b 55"),
        "{out}"
    );
    let o = run(&[
        "json",
        "--amf3",
        "--offset",
        "26",
        "--compact",
        f.to_str().unwrap(),
    ]);
    assert!(
        stdout(&o).starts_with("{\"body\":null,\"clientId\":\"7B0ACE15"),
        "{}",
        stdout(&o)
    );
    // Forcing the wrong kind is a fault, not a guess.
    let o = run(&[
        "inspect",
        "--amf0",
        fixtures().join("objects/amf3-date.bin").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    // Offset past the end.
    let o = run(&["inspect", "--offset", "1000", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("past the end"), "{}", stderr(&o));
}

#[test]
fn bad_bytes_print_up_to_the_fault_and_point_at_it() {
    let dir = tempdir("bad");
    // [“foo”, string ref #1]: the table holds only "foo".
    let bad = dir.join("bad-ref.bin");
    std::fs::write(
        &bad,
        [0x09, 0x05, 0x01, 0x06, 0x07, b'f', b'o', b'o', 0x06, 0x02],
    )
    .unwrap();
    // A typed object cut short inside its second member's value.
    let mut cut = std::fs::read(fixtures().join("objects/amf3-typed-object.bin")).unwrap();
    cut.truncate(cut.len() - 3);
    let cut_path = dir.join("cut.bin");
    std::fs::write(&cut_path, &cut).unwrap();
    // A packet whose message body has an invalid AMF0 marker.
    let mut packet = std::fs::read(fixtures().join("request/simple-request.bin")).unwrap();
    packet[0x28] = 0x04; // movieclip: reserved
    let packet_path = dir.join("packet.bin");
    std::fs::write(&packet_path, &packet).unwrap();
    for (p, name) in [
        (&bad, "bad-ref"),
        (&cut_path, "cut"),
        (&packet_path, "bad-packet"),
    ] {
        let o = amf()
            .current_dir(&dir)
            .args(["inspect", p.file_name().unwrap().to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{name}");
        let text = format!("{}--- stderr\n{}", stdout(&o), stderr(&o));
        snapshot(&format!("fault/{name}.txt"), &text);
    }
    let o = run(&["inspect", bad.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.contains("string ref #1 past the table's end"), "{out}");
    assert!(
        out.contains("library: string reference 1 out of range (1 entries) at byte offset 9"),
        "{out}"
    );
    assert!(out.contains("  00000000  09 05 01 06 07 66 6f 6f 06 02\n                                       ^^\n"), "{out}");
    // json on bad bytes: exit 1, the library's error.
    let o = run(&["json", "--amf3", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("byte offset 9"), "{}", stderr(&o));
}

#[test]
fn streams_of_values() {
    // An RTMP _result: "_result", 1.0, {fmsVer, capabilities}, null
    let mut ser = amf_serde::amf0::Serializer::new(Vec::new());
    ser.serialize_value(&"_result").unwrap();
    ser.serialize_value(&1.0).unwrap();
    ser.serialize_value(&amf_serde::amf_value!({"fmsVer": "FMS/3,5,5,2004", "capabilities": 31.0}))
        .unwrap();
    ser.serialize_value(&()).unwrap();
    let bytes = ser.into_inner();
    let dir = tempdir("stream");
    let f = dir.join("result.bin");
    std::fs::write(&f, &bytes).unwrap();
    let o = run(&["json", "--compact", f.to_str().unwrap()]);
    assert_eq!(
        stdout(&o),
        "[\"_result\",1.0,{\"fmsVer\":\"FMS/3,5,5,2004\",\"capabilities\":31.0},null]\n"
    );
    let o = run(&["inspect", f.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("{}: AMF0 stream of 4 values", f.display())),
        "{out}"
    );
    assert!(out.contains("#3 null"), "{out}");
    // Lossless and back.
    let o = run(&["json", "--lossless", f.to_str().unwrap()]);
    let j = dir.join("result.json");
    std::fs::write(&j, &o.stdout).unwrap();
    let e = run(&["encode", j.to_str().unwrap()]);
    assert_eq!(e.stdout, bytes);
    // AMF3 values in a row: "a", then ["a", 1] (tables are per value).
    let f3 = dir.join("amf3s.bin");
    std::fs::write(
        &f3,
        [
            0x06, 0x03, b'a', 0x09, 0x05, 0x01, 0x06, 0x03, b'a', 0x04, 0x01,
        ],
    )
    .unwrap();
    let o = run(&["inspect", f3.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("AMF3 stream of 2 values"),
        "{}",
        stdout(&o)
    );
    let o = run(&["json", "--compact", f3.to_str().unwrap()]);
    assert_eq!(stdout(&o), "[\"a\",[\"a\",1]]\n");
    // Standard input.
    let mut c = amf()
        .args(["json", "--compact", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    c.stdin.take().unwrap().write_all(&bytes).unwrap();
    let o = c.wait_with_output().unwrap();
    assert!(stdout(&o).starts_with("[\"_result\""));
}

#[test]
fn colours_on_request_and_never_in_a_pipe() {
    let f = fixtures().join("objects/amf3-trait-ref.bin");
    let piped = run(&["inspect", f.to_str().unwrap()]);
    assert!(!stdout(&piped).contains('\x1b'));
    let forced = run(&["inspect", "--color", "always", f.to_str().unwrap()]);
    assert!(stdout(&forced).contains("\x1b["));
    let env = amf()
        .env("CLICOLOR_FORCE", "1")
        .args(["inspect", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(stdout(&env).contains("\x1b["));
    // Same text once the escapes are gone.
    let plain = strip_ansi(&stdout(&forced));
    assert_eq!(plain, stdout(&piped));
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn help_has_an_example_per_command_and_exit_codes() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for cmd in ["inspect", "json", "encode", "sol"] {
        assert!(out.contains(&format!("  amf {cmd} ")), "{cmd}: {out}");
    }
    assert!(out.contains("Exit codes: 0 ok, 1 bad input"), "{out}");
    for cmd in [
        &["inspect", "--help"][..],
        &["json", "--help"],
        &["encode", "--help"],
        &["sol", "list", "--help"],
        &["sol", "get", "--help"],
        &["sol", "set", "--help"],
        &["sol", "delete", "--help"],
    ] {
        let o = run(cmd);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("Example"), "{cmd:?}");
    }
    // Usage errors: 2.
    for bad in [
        &["inspect"][..],
        &["inspect", "--amf0", "--amf3", "x"],
        &["frobnicate"],
        &["inspect", "--offset", "ten", "x"],
    ] {
        assert_eq!(run(bad).status.code(), Some(2), "{bad:?}");
    }
    // Bad input: 1.
    assert_eq!(
        run(&["inspect", "/nonexistent/file"]).status.code(),
        Some(1)
    );
}

#[test]
fn progress_shows_on_long_runs_only() {
    // A few megabytes of AMF0 values: long enough for a 0 ms threshold.
    let mut bytes = Vec::new();
    for i in 0..60_000 {
        let mut ser = amf_serde::amf0::Serializer::new(&mut bytes);
        ser.serialize_value(&"onStatus").unwrap();
        ser.serialize_value(
            &amf_serde::amf_value!({"code": "NetStream.Play.Start", "n": (f64::from(i))}),
        )
        .unwrap();
    }
    let dir = tempdir("progress");
    let f = dir.join("stream.bin");
    std::fs::write(&f, &bytes).unwrap();
    for cmd in [&["json", "--compact"][..], &["inspect"]] {
        let o = amf()
            .env("AMF_CLI_PROGRESS", "always")
            .env("AMF_CLI_PROGRESS_AFTER_MS", "0")
            .args(cmd)
            .arg(&f)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        let err = stderr(&o);
        assert!(err.contains(" MB") && err.contains('%'), "{cmd:?}: {err:?}");
        // The line is cleared at the end.
        assert!(err.ends_with("\r\x1b[2K"), "{cmd:?}: {err:?}");
        // Standard output is untouched by it.
        assert!(!stdout(&o).contains('%'));
    }
    // Without a terminal (and not forced): nothing on standard error.
    let o = amf().args(["json", "--compact"]).arg(&f).output().unwrap();
    assert_eq!(stderr(&o), "");
}

/// A scratch directory of one test, removed when the test ends (also when
/// it fails).
struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir(name: &str) -> TempDir {
    let d = std::env::temp_dir().join(format!("amf-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    TempDir(d)
}
