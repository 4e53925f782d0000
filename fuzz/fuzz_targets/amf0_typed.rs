//! AMF0 bytes → typed Rust values (borrowed `&str`/`&[u8]`, `Option`,
//! `Vec`, nested structs, enums, class aliases, dynamic and externalizable
//! classes). The first byte picks the type. A value that decodes must encode
//! (or fail with a documented error) and decode again; AMF0 may normalise
//! it once (integers become numbers), then
//! it is stable.
#![no_main]

use std::collections::BTreeMap;

use amf_serde::Value;
use amf_serde_fuzz::{
    check_decode_error, check_typed, opts, Any, Bag, Boxed, Ext, Kind, Point, Record,
};
use libfuzzer_sys::fuzz_target;

macro_rules! case {
    ($rest:expr, $ty:ty) => {{
        let o = opts();
        match o.amf0_from_slice::<$ty>($rest) {
            Ok(v) => check_typed(&v, false, |v| o.amf0_to_vec(v), &|b| {
                o.amf0_from_slice::<$ty>(b)
                    .map(|v| (format!("{v:?}"), o.amf0_to_vec(&v)))
            }),
            Err(e) => check_decode_error(&e, $rest.len()),
        }
    }};
}

macro_rules! owned_case {
    ($rest:expr, $ty:ty) => {{
        case!($rest, $ty);
        // The reader agrees with the slice when both succeed (the reader's
        // work limit grows with the bytes read, so it may stop earlier).
        let o = opts();
        if let (Ok(a), Ok(b)) = (
            o.amf0_from_slice::<$ty>($rest),
            o.amf0_from_reader::<_, $ty>($rest),
        ) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    match selector % 14 {
        0 => case!(rest, Record<'_>),
        1 => case!(rest, Vec<Record<'_>>),
        2 => owned_case!(rest, Kind),
        3 => owned_case!(rest, BTreeMap<String, Vec<Option<i64>>>),
        4 => owned_case!(rest, (String, f32, char, u64)),
        5 => owned_case!(rest, Vec<Point>),
        6 => owned_case!(rest, Vec<Bag>),
        7 => case!(rest, BTreeMap<u16, &str>),
        8 => owned_case!(rest, serde_bytes::ByteBuf),
        9 => owned_case!(rest, Option<Vec<(bool, Kind)>>),
        10 => owned_case!(rest, Vec<Ext>),
        12 => owned_case!(rest, Vec<Any>),
        13 => owned_case!(rest, Vec<Boxed>),
        _ => owned_case!(rest, Vec<Value>),
    }
});
