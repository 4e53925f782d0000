//! AMF0 bytes → `Value`, from a slice and from a reader: never panics, both
//! agree, every error has an offset inside the input, and every value that
//! decodes into `Value` can also be skipped (`IgnoredAny`) and streamed.
#![no_main]

use amf_serde::amf0::Deserializer;
use amf_serde::Value;
use amf_serde_fuzz::{check_decode_error, opts};
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;

fuzz_target!(|data: &[u8]| {
    let o = opts();
    let from_slice = o.amf0_from_slice::<Value>(data);
    let from_reader = o.amf0_from_reader::<_, Value>(data);
    match (&from_slice, &from_reader) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "slice and reader decode differently"),
        (Err(a), Err(b)) => {
            check_decode_error(a, data.len());
            check_decode_error(b, data.len());
        }
        (a, b) => panic!("slice and reader disagree: slice {a:?}, reader {b:?}"),
    }
    match o.amf0_from_slice::<IgnoredAny>(data) {
        Ok(_) => {}
        Err(e) => {
            check_decode_error(&e, data.len());
            assert!(
                from_slice.is_err(),
                "decodes into Value but cannot be skipped: {e}"
            );
        }
    }
    let mut stream =
        Deserializer::with_options(amf_serde::read::SliceRead::new(data), &o).into_iter::<Value>();
    for item in stream.by_ref() {
        if let Err(e) = item {
            check_decode_error(&e, data.len());
        }
    }
    assert!(stream.byte_offset() <= data.len());
});
