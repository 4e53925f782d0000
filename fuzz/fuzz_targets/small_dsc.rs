//! `0a 07 07 "DSC"` + bytes → `flex::CommandMessageExt` (and `Value`): never panics;
//! errors have an offset inside the input; a message that decodes encodes
//! (or fails with a documented error) and decodes to the same message, and
//! the second encoding is stable.
#![no_main]

use amf_serde::flex::CommandMessageExt;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    amf_serde_fuzz::check_small::<CommandMessageExt>(b"DSC", data);
});
