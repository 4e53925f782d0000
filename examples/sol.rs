//! `cargo run --example sol -- FILE [--full] [--strict] [--royale LOCAL_PATH]`:
//! prints a Flash `.sol` file's header and entries.
//!
//! One line per entry: its index, key, kind and value (cut at 160
//! characters unless `--full`, which prints each value indented).
//! `--strict` also checks the file-length field. `--royale` prints the
//! `localStorage` key and value Apache Royale's `SharedObject` would read
//! for this data. Errors name the byte offset and the entry.

use std::process::ExitCode;

use amf_serde::sol::{self, ReadOptions};

const CUT: usize = 160;

fn main() -> ExitCode {
    let mut file = None;
    let mut full = false;
    let mut strict = false;
    let mut royale = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--full" => full = true,
            "--strict" => strict = true,
            "--royale" => royale = args.next(),
            "-h" | "--help" => {
                println!("usage: sol FILE [--full] [--strict] [--royale LOCAL_PATH]");
                return ExitCode::SUCCESS;
            }
            _ if file.is_none() => file = Some(arg),
            _ => {
                eprintln!("unexpected argument {arg:?} (usage: sol FILE [--full] [--strict] [--royale LOCAL_PATH])");
                return ExitCode::from(2);
            }
        }
    }
    let Some(file) = file else {
        eprintln!("usage: sol FILE [--full] [--strict] [--royale LOCAL_PATH]");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let sol = match ReadOptions::new().with_strict_length(strict).read(&bytes) {
        Ok(sol) => sol,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let header = match sol::read_header(&bytes) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{file}: shared object {:?}, {:?}, {} bytes (length field {}), {} entries",
        sol.name,
        sol.version,
        bytes.len(),
        header.length,
        sol.len()
    );
    for (i, (key, value)) in sol.iter().enumerate() {
        if full {
            println!("[{i}] {key} = {value:#}");
        } else {
            let text = value.to_string();
            let shown = match text.char_indices().nth(CUT) {
                Some((at, _)) => format!("{}… ({} chars)", &text[..at], text.chars().count()),
                None => text,
            };
            println!("[{i}] {key} = {shown}");
        }
    }
    if let Some(local_path) = royale {
        match sol::to_royale(&sol, Some(&local_path)) {
            Ok(item) => {
                println!("localStorage key:   {}", item.key);
                println!("localStorage value: {}", item.value);
            }
            Err(e) => {
                eprintln!("{file}: cannot convert for Royale: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
