//! An arbitrary `Value` built from the fuzz bytes (every variant, shared
//! nodes, cycles, dangling cycles) → AMF3 and AMF0. Encoding never panics
//! and fails only with documented errors; what it writes decodes, and
//! encoding the decoded value gives the same bytes again.
#![no_main]

use amf_serde::Value;
use amf_serde_fuzz::{is_documented_encode_error, opts, Gen};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut gen = Gen::new(data);
    let v = gen.value(0);
    let o = opts().with_max_depth(512);

    match amf_serde::to_vec(&v) {
        Ok(bytes) => {
            let w: Value = o.from_slice(&bytes).unwrap_or_else(|e| {
                panic!("AMF3 encoding of {v:?} ({bytes:02x?}) does not decode: {e}")
            });
            let again = amf_serde::to_vec(&w).expect("a decoded value encodes");
            assert_eq!(bytes, again, "AMF3 encoding of {v:?} is not stable");
        }
        Err(e) => assert!(
            is_documented_encode_error(&e),
            "AMF3 encoding of {v:?} failed: {e}"
        ),
    }

    // Decoded with the switch marks: a `Value::Amf3` mark the generator
    // put on a value AMF0 can hold itself is written behind `0x11`, and
    // only the mark makes the decoded value write back the same bytes
    // (without it the value comes out bare, as issue 16 made the default).
    let o0 = opts().with_max_depth(512).with_switch_marks(true);
    match amf_serde::amf0::to_vec(&v) {
        Ok(bytes) => {
            let w: Value = o0.amf0_from_slice(&bytes).unwrap_or_else(|e| {
                panic!("AMF0 encoding of {v:?} ({bytes:02x?}) does not decode: {e}")
            });
            let again = amf_serde::amf0::to_vec(&w).expect("a decoded value encodes");
            assert_eq!(bytes, again, "AMF0 encoding of {v:?} is not stable");
        }
        Err(e) => assert!(
            is_documented_encode_error(&e),
            "AMF0 encoding of {v:?} failed: {e}"
        ),
    }
    drop(gen);
});
