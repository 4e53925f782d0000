//! AMF0 bytes → `Value` (with the switch marks) → AMF0 → `Value`: the two values are equal
//! (sharing-aware, doubles bit for bit), and encoding is stable (the second
//! encoding is byte for byte the first).
#![no_main]

use amf_serde::Value;
use amf_serde_fuzz::{is_documented_encode_error, opts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // With the switch marks: since issue 16 a value behind `0x11` decodes
    // bare by default (an AMF3 integer becomes `Integer`, which AMF0 writes
    // as a number and reads back as `Double`); the marks are the documented
    // way to get byte-exact round trips, which this target checks.
    let o = opts().with_switch_marks(true);
    let Ok(v) = o.amf0_from_slice::<Value>(data) else {
        return;
    };
    let bytes = match amf_serde::amf0::to_vec(&v) {
        Ok(b) => b,
        Err(e) => {
            assert!(
                is_documented_encode_error(&e),
                "decoded {v:?} but encoding failed: {e}"
            );
            return;
        }
    };
    let mut written = Vec::new();
    amf_serde::amf0::to_writer(&mut written, &v).expect("to_writer agrees with to_vec");
    assert_eq!(written, bytes, "to_writer and to_vec differ");
    let w: Value = o
        .amf0_from_slice(&bytes)
        .unwrap_or_else(|e| panic!("re-encoded {v:?} as {bytes:02x?}, which fails: {e}"));
    assert_eq!(v, w, "value changed in a round trip through {bytes:02x?}");
    let again = amf_serde::amf0::to_vec(&w).expect("a decoded value encodes");
    assert_eq!(bytes, again, "encoding is not stable");
});
