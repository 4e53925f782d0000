//! Bytes → `remoting::Packet`: never panics; every error has an offset
//! inside the input; a packet that decodes writes back to bytes that decode
//! to the same packet (bodies byte for byte), and its bodies can be decoded
//! into `Value`, argument lists, Flex messages and small messages without
//! panicking, with the errors placed inside the input.
#![no_main]

use amf_serde::flex::{self, AcknowledgeMessageExt, FlexMessage};
use amf_serde::remoting::Packet;
use amf_serde::Value;
use amf_serde_fuzz::{check_decode_error, opts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let o = opts();
    let p = match Packet::from_slice_with(data, &o) {
        Ok(p) => p,
        Err(e) => return check_decode_error(&e, data.len()),
    };
    for h in &p.headers {
        assert!(h.value.offset() + h.value.as_bytes().len() <= data.len());
        if let Err(e) = h.value.decode_with::<Value>(&o) {
            check_decode_error(&e, data.len());
        }
    }
    for m in &p.messages {
        let body = &m.body;
        assert_eq!(
            &data[body.offset()..body.offset() + body.as_bytes().len()],
            body.as_bytes()
        );
        let errors = [
            body.decode_with::<Value>(&o).err(),
            m.arguments_with::<Vec<Value>>(&o).err(),
            flex::request_message_with::<FlexMessage>(m, &o).err(),
            body.decode_with::<AcknowledgeMessageExt>(&o).err(),
        ];
        for e in errors.into_iter().flatten() {
            check_decode_error(&e, data.len());
        }
    }
    let bytes = p.to_vec().expect("a decoded packet can be written");
    let back = Packet::from_slice_with(&bytes, &o).expect("what was written decodes");
    assert_eq!(back, p);
    assert_eq!(back.to_vec().expect("written again"), bytes);
});
