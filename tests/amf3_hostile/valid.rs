//! Valid AMF3 encodings cut short: every prefix is a clean end-of-input error at the right
//! offset, typed and through the reader.

use super::*;

// ------------------------------------------------------- valid encodings

/// Asserts that `r` is an EOF error at offset `n`.
#[track_caller]
fn assert_eof_at<T>(what: &str, how: &str, total: usize, prefix: &[u8], r: Result<T, Error>) {
    let n = prefix.len();
    let e = match r {
        Ok(_) => panic!(
            "{what}: {how}: prefix of {n} bytes decoded: {}",
            short_hex(prefix)
        ),
        Err(e) => e,
    };
    assert!(
        e.is_eof() && e.offset() == Some(n as u64),
        "{what}: {how}: prefix of {n}/{total} bytes gave {e:?} (category {:?}); prefix {}",
        e.classify(),
        short_hex(prefix)
    );
    assert_eq!(
        e.to_string(),
        format!("unexpected end of input at byte offset {n}")
    );
}

/// Checks one valid encoding: it decodes completely as `T` (if `typed`) and
/// as `IgnoredAny`, and every strict prefix is an EOF error at the prefix
/// length: via `from_slice` into `IgnoredAny` and `T`, and via `from_reader`
/// into `IgnoredAny`. (`from_reader` into `T`: see
/// [`check_reader_typed_prefixes`].)
#[track_caller]
fn check_prefixes<T: DeserializeOwned + Debug>(what: &str, bytes: &[u8], typed: bool) {
    if typed {
        slice::<T>(bytes).unwrap_or_else(|e| panic!("{what}: from_slice: {e}"));
        reader::<T>(bytes).unwrap_or_else(|e| panic!("{what}: from_reader: {e}"));
    }
    slice::<IgnoredAny>(bytes).unwrap_or_else(|e| panic!("{what}: from_slice ignored: {e}"));
    reader::<IgnoredAny>(bytes).unwrap_or_else(|e| panic!("{what}: from_reader ignored: {e}"));
    let total = bytes.len();
    for n in 0..total {
        let p = &bytes[..n];
        assert_eof_at(
            what,
            "from_slice IgnoredAny",
            total,
            p,
            slice::<IgnoredAny>(p),
        );
        assert_eof_at(
            what,
            "from_reader IgnoredAny",
            total,
            p,
            reader::<IgnoredAny>(p),
        );
        if typed {
            assert_eof_at(what, "from_slice typed", total, p, slice::<T>(p));
        }
    }
}

/// Every strict prefix decoded with `from_reader` into `T` is an EOF error
/// at the prefix length.
#[track_caller]
fn check_reader_typed_prefixes<T: DeserializeOwned + Debug>(what: &str, bytes: &[u8]) {
    let total = bytes.len();
    for n in 0..total {
        let p = &bytes[..n];
        assert_eof_at(what, "from_reader typed", total, p, reader::<T>(p));
    }
}

#[test]
fn prefixes_of_struct_list_with_string_and_traits_refs() {
    let bytes = amf_serde::to_vec(&people()).unwrap();
    // The list really uses references: a traits reference (`0a 01`) and
    // string references to "ann" and "admin".
    assert!(
        bytes.windows(2).any(|w| w == [0x0a, 0x01]),
        "{}",
        to_hex(&bytes)
    );
    assert_eq!(
        bytes.windows(4).filter(|w| w == b"\x07ann").count(),
        1,
        "{}",
        to_hex(&bytes)
    );
    assert_eq!(slice::<Vec<Person>>(&bytes).unwrap(), people());
    check_prefixes::<Vec<Person>>("people", &bytes, true);
    check_prefixes::<Value>("people as Value", &bytes, true);
}

#[test]
fn prefixes_of_string_map() {
    let bytes = amf_serde::to_vec(&string_map()).unwrap();
    assert_eq!(bytes[0], 0x0a, "{}", to_hex(&bytes));
    assert_eq!(
        slice::<BTreeMap<String, Vec<i64>>>(&bytes).unwrap(),
        string_map()
    );
    check_prefixes::<BTreeMap<String, Vec<i64>>>("string map", &bytes, true);
    check_prefixes::<Value>("string map as Value", &bytes, true);
}

#[test]
fn prefixes_of_dictionary() {
    let bytes = amf_serde::to_vec(&dictionary()).unwrap();
    assert_eq!(bytes[0], 0x11, "{}", to_hex(&bytes));
    assert_eq!(
        slice::<BTreeMap<i32, String>>(&bytes).unwrap(),
        dictionary()
    );
    check_prefixes::<BTreeMap<i32, String>>("dictionary", &bytes, true);
}

#[test]
fn prefixes_of_byte_array() {
    let bytes = amf_serde::to_vec(&byte_array()).unwrap();
    assert_eq!(&bytes[..3], [0x0c, 0x84, 0x59], "{}", to_hex(&bytes[..3]));
    assert_eq!(slice::<ByteBuf>(&bytes).unwrap(), byte_array());
    check_prefixes::<ByteBuf>("byte array", &bytes, true);
    // Inside an array, next to a string.
    let pair = amf_serde::to_vec(&(byte_array(), "after")).unwrap();
    check_prefixes::<(ByteBuf, String)>("byte array pair", &pair, true);
}

#[test]
fn prefixes_of_sequence_and_vectors() {
    let seq = amf_serde::to_vec(&vec![1i64, -1, 1 << 28, 1 << 53, 0]).unwrap();
    check_prefixes::<Vec<i64>>("int sequence", &seq, true);
    let vectors: &[(&str, &str)] = &[
        (
            "Vector.<int>",
            "0d 07 00 00 00 00 04 ff ff ff ec 00 00 00 0c",
        ),
        (
            "fixed Vector.<int>",
            "0d 09 01 00 00 00 02 00 00 07 d0 7f ff ff ff 80 00 00 00",
        ),
        (
            "Vector.<uint>",
            "0e 07 00 00 00 00 04 00 00 00 14 00 00 00 0c",
        ),
        (
            "Vector.<Number>",
            "0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a",
        ),
    ];
    for (what, h) in vectors {
        check_prefixes::<Vec<f64>>(what, &hex(h), true);
    }
    // Vector.<Object> of three sealed objects with a traits reference.
    let vo = hex("10 07 00 1f 6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73
         0a 23 00 07 62 61 7a 07 66 6f 6f 01 06 04
         0a 01 01 06 07 62 61 72
         0a 01 01 06 02");
    check_prefixes::<Vec<BTreeMap<String, Option<String>>>>("Vector.<Object>", &vo, true);
    check_prefixes::<Value>("Vector.<Object> as Value", &vo, true);
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape::Unit,
        Shape::New("Unit".to_owned()),
        Shape::Tuple(-1, "New".to_owned()),
        Shape::Struct {
            a: "a".to_owned(),
            b: Some(1 << 40),
        },
        Shape::Struct {
            a: "Tuple".to_owned(),
            b: None,
        },
    ]
}

#[test]
fn prefixes_of_enums_and_options() {
    let bytes = amf_serde::to_vec(&shapes()).unwrap();
    assert_eq!(slice::<Vec<Shape>>(&bytes).unwrap(), shapes());
    check_prefixes::<Vec<Shape>>("enums", &bytes, true);
}

#[test]
fn prefixes_via_reader_into_typed_values() {
    // Minimal case: `09 03` (an array of one element, then nothing). The
    // slice reader says EOF at 2; the io reader peeks for the `01` that ends
    // the associative part, sees end of input, and visits a map instead.
    let e = reader::<Vec<i32>>(&hex("09 03")).unwrap_err();
    assert_eq!(e.to_string(), "unexpected end of input at byte offset 2");
    assert!(e.is_eof());
    let e = slice::<Vec<i32>>(&hex("09 03")).unwrap_err();
    assert_eq!(e.to_string(), "unexpected end of input at byte offset 2");
    // From a slice too, when the array is empty: `09 01` then nothing.
    let e = slice::<Vec<i32>>(&hex("09 01")).unwrap_err();
    assert_eq!(e.to_string(), "unexpected end of input at byte offset 2");
    let e = slice::<Vec<Vec<i32>>>(&hex("09 03 01 09 01")).unwrap_err();
    assert_eq!(e.to_string(), "unexpected end of input at byte offset 5");
    let mut with_empty = string_map();
    with_empty.insert("empty".to_owned(), vec![]);
    let bytes = amf_serde::to_vec(&with_empty).unwrap();
    check_prefixes::<BTreeMap<String, Vec<i64>>>("map with an empty list", &bytes, true);

    check_reader_typed_prefixes::<Vec<Person>>("people", &amf_serde::to_vec(&people()).unwrap());
    check_reader_typed_prefixes::<BTreeMap<String, Vec<i64>>>(
        "string map",
        &amf_serde::to_vec(&string_map()).unwrap(),
    );
    check_reader_typed_prefixes::<BTreeMap<i32, String>>(
        "dictionary",
        &amf_serde::to_vec(&dictionary()).unwrap(),
    );
    check_reader_typed_prefixes::<ByteBuf>(
        "byte array",
        &amf_serde::to_vec(&byte_array()).unwrap(),
    );
    check_reader_typed_prefixes::<(ByteBuf, String)>(
        "byte array pair",
        &amf_serde::to_vec(&(byte_array(), "after")).unwrap(),
    );
    check_reader_typed_prefixes::<Vec<i64>>(
        "int sequence",
        &amf_serde::to_vec(&vec![1i64, -1, 1 << 28, 1 << 53, 0]).unwrap(),
    );
    check_reader_typed_prefixes::<Vec<Shape>>("enums", &amf_serde::to_vec(&shapes()).unwrap());
}

#[test]
fn prefixes_via_reader_into_typed_values_without_arrays() {
    // The reader/typed path for encodings without arrays works today.
    check_reader_typed_prefixes::<BTreeMap<i32, String>>(
        "dictionary",
        &amf_serde::to_vec(&dictionary()).unwrap(),
    );
    check_reader_typed_prefixes::<ByteBuf>(
        "byte array",
        &amf_serde::to_vec(&byte_array()).unwrap(),
    );
    check_reader_typed_prefixes::<Vec<f64>>(
        "Vector.<Number>",
        &hex("0f 05 00 40 11 33 33 33 33 33 33 c0 34 99 99 99 99 99 9a"),
    );
    let mut m = BTreeMap::new();
    m.insert("k".to_owned(), shapes().pop().unwrap());
    m.insert("Unit".to_owned(), Shape::Unit);
    check_reader_typed_prefixes::<BTreeMap<String, Shape>>(
        "enum map",
        &amf_serde::to_vec(&m).unwrap(),
    );
}

#[test]
fn prefixes_of_rocketamf_fixtures() {
    let mut checked = 0;
    let dir = format!("{}/fixtures/rocketamf/objects", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf3-") && n.ends_with(".bin"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{names:?}");
    let mut skipped = Vec::new();
    for name in &names {
        let bytes = fixture("objects", name);
        if slice::<IgnoredAny>(&bytes).is_err() {
            // e.g. an externalizable class without a registered reader.
            skipped.push(name.clone());
            continue;
        }
        let typed = slice::<Value>(&bytes).is_ok();
        check_prefixes::<Value>(name, &bytes, typed);
        checked += 1;
    }
    assert!(checked >= 30, "checked {checked}, skipped {skipped:?}");
}
