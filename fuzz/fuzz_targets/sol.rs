//! `.sol` bytes → [`Sol`] and typed entries: never panics; every error has
//! an offset inside the input; the untyped and typed readers agree; a file
//! that decodes writes back to exactly its bytes; written from the values
//! alone (no memory of the bytes) it decodes to equal entries; and an AMF3
//! file's Royale `localStorage` form converts back to equal entries.
#![no_main]

use std::collections::BTreeMap;

use amf_serde::sol::{self, ReadOptions, Sol, Version};
use amf_serde::Value;
use amf_serde_fuzz::{check_decode_error, is_documented_encode_error, opts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ro = ReadOptions::new().with_options(opts());
    let untyped = ro.read(data);
    let typed = ro.from_slice::<BTreeMap<String, Value>>(data);
    if let Err(e) = &typed {
        check_decode_error(e, data.len());
    }
    let sol = match untyped {
        Ok(sol) => sol,
        Err(e) => {
            check_decode_error(&e, data.len());
            assert!(typed.is_err(), "typed reads what untyped cannot: {e}");
            return;
        }
    };
    // A map drops the earlier value of a repeated key; a later entry that
    // refers to an object inside it then replays its bytes, which may fail
    // where the untyped reader (which keeps every entry) shares the node.
    let unique = {
        let mut keys: Vec<&str> = sol.keys().collect();
        keys.sort_unstable();
        keys.windows(2).all(|w| w[0] != w[1])
    };
    match typed {
        Ok(map) => {
            for (k, v) in &map {
                // the last entry of a repeated key wins in the map
                let last = sol
                    .iter()
                    .filter(|(key, _)| key == k)
                    .last()
                    .map(|(_, v)| v);
                assert_eq!(last, Some(v), "typed and untyped disagree on {k:?}");
            }
        }
        Err(e) => assert!(!unique, "typed fails where untyped reads: {e}"),
    }
    // Strict mode: only the length field can make a difference.
    match ro.clone().with_strict_length(true).read(data) {
        Ok(strict) => assert_eq!(strict, sol),
        Err(e) => assert_eq!(e.offset(), Some(2), "{e}"),
    }
    // Lossless: unchanged, the same bytes (length field recomputed).
    let out = sol.to_vec().expect("a decoded file writes back");
    assert_eq!(out[6..], data[6..], "written back differently");
    // From the values alone: equal entries.
    let mut fresh = Sol::new(sol.name.clone(), sol.version);
    fresh.entries = sol.entries.clone();
    match fresh.to_vec() {
        Ok(bytes) => {
            let back = Sol::from_slice(&bytes).expect("our own output decodes");
            assert_eq!(back, sol, "values alone do not round trip");
        }
        Err(e) => assert!(is_documented_encode_error(&e), "undocumented: {e}"),
    }
    // Royale's form of an AMF3 file.
    if sol.version == Version::Amf3 {
        if let Ok(item) = sol::to_royale(&sol, Some("/x")) {
            if let Ok(back) = sol::from_royale(&item) {
                assert_eq!(back.name, sol.name);
                assert_eq!(back.len(), sol.len());
            }
        }
    }
});
