//! Zero-copy decoding: `&str` and `&[u8]` borrow from the input slice, also
//! when a string arrives as a string reference or a value as an object
//! reference; and streams of several top-level values, each with its own
//! reference tables.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::ops::Range;

use amf_serde::amf3::Deserializer;
use amf_serde_tests::{hex, to_hex};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

#[derive(Deserialize, Debug, PartialEq)]
struct Rec<'a> {
    #[serde(borrow)]
    name: &'a str,
    #[serde(borrow)]
    tag: &'a str,
    #[serde(with = "serde_bytes")]
    data: &'a [u8],
}

/// The owned twin of [`Rec`], used to produce the bytes.
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct OwnedRec {
    name: String,
    tag: String,
    data: ByteBuf,
}

fn owned(name: &str, tag: &str, data: &[u8]) -> OwnedRec {
    OwnedRec {
        name: name.to_owned(),
        tag: tag.to_owned(),
        data: ByteBuf::from(data.to_vec()),
    }
}

/// Asserts that `part` lies entirely inside `buf`.
#[track_caller]
fn assert_inside(buf: &[u8], part: &[u8], what: &str) {
    let Range { start, end } = buf.as_ptr_range();
    let p = part.as_ptr_range();
    assert!(
        start <= p.start && p.end <= end,
        "{what} ({:?}) at {:?} is not inside the input {:?}",
        String::from_utf8_lossy(part),
        p,
        start..end
    );
}

/// Offset of `part` in `buf` (which must contain it).
fn offset_in(buf: &[u8], part: &[u8]) -> usize {
    part.as_ptr() as usize - buf.as_ptr() as usize
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

fn records() -> Vec<OwnedRec> {
    vec![
        owned("alice", "admin", &[1, 2, 3]),
        owned("alice", "admin", &[4]),
        owned("bob", "alice", &[5, 6]),
        owned("admin", "bob", &[7]),
    ]
}

#[test]
fn struct_fields_borrow_from_the_input_including_string_references() {
    let bytes = amf_serde::to_vec(&records()).unwrap();
    // The encoding really uses references: each string is written once,
    // later records use the traits reference `0a 01`.
    assert_eq!(count(&bytes, b"\x0balice"), 1, "{}", to_hex(&bytes));
    assert_eq!(count(&bytes, b"\x0badmin"), 1, "{}", to_hex(&bytes));
    assert_eq!(count(&bytes, b"\x07bob"), 1, "{}", to_hex(&bytes));
    assert_eq!(count(&bytes, &[0x0a, 0x01]), 3, "{}", to_hex(&bytes));
    // The second record is `0a 01`, then the string references for "alice"
    // and "admin" (strings #3 and #4 after the member names name, tag, data).
    let second = bytes
        .windows(6)
        .position(|w| w == [0x0a, 0x01, 0x06, 0x06, 0x06, 0x08])
        .unwrap_or_else(|| panic!("no second record in {}", to_hex(&bytes)));
    assert!(second > 0);

    let recs: Vec<Rec> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(recs.len(), 4);
    for (rec, want) in recs.iter().zip(records()) {
        assert_eq!(rec.name, want.name);
        assert_eq!(rec.tag, want.tag);
        assert_eq!(rec.data, &want.data[..]);
        assert_inside(&bytes, rec.name.as_bytes(), "name");
        assert_inside(&bytes, rec.tag.as_bytes(), "tag");
        assert_inside(&bytes, rec.data, "data");
    }
    // A string reference resolves to the very bytes of the literal.
    assert_eq!(recs[0].name.as_ptr(), recs[1].name.as_ptr());
    assert_eq!(recs[0].name.as_ptr(), recs[2].tag.as_ptr());
    assert_eq!(recs[0].tag.as_ptr(), recs[3].name.as_ptr());
    assert_eq!(recs[2].name.as_ptr(), recs[3].tag.as_ptr());
    let alice = offset_in(&bytes, recs[1].name.as_bytes());
    assert_eq!(&bytes[alice - 1..alice + 5], b"\x0balice");
}

#[test]
fn vec_of_str_with_a_string_reference() {
    let bytes = hex("09 05 01 06 07 66 6f 6f 06 00");
    let v: Vec<&str> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(v, ["foo", "foo"]);
    assert_inside(&bytes, v[0].as_bytes(), "first");
    assert_inside(&bytes, v[1].as_bytes(), "second");
    assert_eq!(offset_in(&bytes, v[0].as_bytes()), 5);
    assert_eq!(v[0].as_ptr(), v[1].as_ptr());
    // The same bytes produced by the encoder.
    assert_eq!(amf_serde::to_vec(&["foo", "foo"]).unwrap(), bytes);
}

#[test]
fn map_keys_and_values_borrow() {
    let mut m = BTreeMap::new();
    m.insert("k1".to_owned(), "v".to_owned());
    m.insert("k2".to_owned(), "k1".to_owned());
    m.insert("v".to_owned(), "v".to_owned());
    let bytes = amf_serde::to_vec(&m).unwrap();
    let back: BTreeMap<&str, &str> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back.len(), 3);
    for (k, v) in &back {
        assert_eq!(m[*k], *v);
        assert_inside(&bytes, k.as_bytes(), "key");
        assert_inside(&bytes, v.as_bytes(), "value");
    }
    // "k1" as a value is a reference to the key literal.
    assert_eq!(back["k2"].as_ptr(), back.keys().next().unwrap().as_ptr());
}

#[test]
fn object_references_replay_into_borrowed_values() {
    // [ByteArray [1, 2], ref #1] and [rec, ref rec]: following an object
    // reference re-reads the original bytes, which are still borrowed.
    let bytes = hex("09 05 01 0c 05 01 02 0c 02");
    let v: Vec<&[u8]> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(v, [&[1u8, 2][..], &[1, 2][..]]);
    assert_eq!(offset_in(&bytes, v[0]), 5);
    assert_eq!(v[0].as_ptr(), v[1].as_ptr());

    // Sealed anonymous traits name/tag/data, one record, then a reference.
    let mut bytes = hex("09 05 01 0a 33 01 09 6e 61 6d 65 07 74 61 67 09 64 61 74 61");
    bytes.extend(hex("06 07 62 6f 62 06 0b 61 64 6d 69 6e 0c 03 2a"));
    bytes.extend(hex("0a 02"));
    let recs: Vec<Rec> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0], recs[1]);
    assert_eq!(
        recs[1],
        Rec {
            name: "bob",
            tag: "admin",
            data: &[42],
        }
    );
    for rec in &recs {
        assert_inside(&bytes, rec.name.as_bytes(), "name");
        assert_inside(&bytes, rec.tag.as_bytes(), "tag");
        assert_inside(&bytes, rec.data, "data");
    }
    assert_eq!(recs[0].name.as_ptr(), recs[1].name.as_ptr());
}

#[test]
fn cow_with_borrow_is_borrowed() {
    #[derive(Deserialize, Debug)]
    struct C<'a> {
        #[serde(borrow)]
        s: Cow<'a, str>,
        #[serde(borrow)]
        t: Option<Cow<'a, str>>,
    }
    #[derive(Serialize)]
    struct OwnedC {
        s: String,
        t: Option<String>,
    }
    let src = vec![
        OwnedC {
            s: "hello".into(),
            t: Some("hello".into()),
        },
        OwnedC {
            s: "hello".into(),
            t: None,
        },
    ];
    let bytes = amf_serde::to_vec(&src).unwrap();
    assert_eq!(count(&bytes, b"\x0bhello"), 1, "{}", to_hex(&bytes));
    let cs: Vec<C> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(cs.len(), 2);
    for c in &cs {
        assert!(matches!(c.s, Cow::Borrowed("hello")), "{:?}", c.s);
        assert_inside(&bytes, c.s.as_bytes(), "s");
    }
    // serde only borrows a `Cow<str>` field itself, not one inside an
    // `Option` (that goes through `Cow`'s owning impl): check the value.
    assert_eq!(cs[0].t.as_deref(), Some("hello"));
    assert!(cs[1].t.is_none());
    // A plain top-level Cow<str> through a borrowing visitor.
    let bytes = hex("06 07 66 6f 6f");
    let mut de = Deserializer::from_slice(&bytes);
    let s: &str = Deserialize::deserialize(&mut de).unwrap();
    de.end().unwrap();
    let cow: Cow<str> = Cow::Borrowed(s);
    assert!(matches!(cow, Cow::Borrowed("foo")));
    assert_eq!(offset_in(&bytes, s.as_bytes()), 2);
}

#[test]
fn owned_targets_still_work_from_a_slice() {
    let bytes = amf_serde::to_vec(&records()).unwrap();
    let back: Vec<OwnedRec> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, records());
    let back: Vec<OwnedRec> = amf_serde::from_reader(&bytes[..]).unwrap();
    assert_eq!(back, records());
}

// ------------------------------------------------------------ streams

/// Several values, each encoded on its own (so each has its own tables).
fn stream_values() -> Vec<OwnedRec> {
    vec![
        owned("alice", "admin", &[1]),
        owned("alice", "admin", &[2, 3]),
        owned("carol", "alice", &[]),
    ]
}

fn stream_bytes() -> (Vec<u8>, Vec<usize>) {
    let mut bytes = Vec::new();
    let mut ends = Vec::new();
    for v in stream_values() {
        bytes.extend(amf_serde::to_vec(&v).unwrap());
        ends.push(bytes.len());
    }
    (bytes, ends)
}

#[test]
fn serializer_starts_fresh_tables_per_value() {
    let (bytes, _) = stream_bytes();
    // The second value writes its strings and traits as literals again.
    assert_eq!(count(&bytes, b"\x0balice"), 3, "{}", to_hex(&bytes));
    assert_eq!(count(&bytes, b"\x09name"), 3, "{}", to_hex(&bytes));
    let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
    for v in stream_values() {
        ser.serialize_value(&v).unwrap();
    }
    assert_eq!(ser.into_inner(), bytes);
}

#[test]
fn slice_stream_borrows_and_resets_tables() {
    let (bytes, ends) = stream_bytes();
    let mut it = Deserializer::from_slice(&bytes).into_iter::<Rec>();
    let mut got = Vec::new();
    let mut i = 0;
    while let Some(r) = it.next() {
        let rec = r.unwrap();
        assert_eq!(it.byte_offset(), ends[i]);
        assert_inside(&bytes, rec.name.as_bytes(), "name");
        assert_inside(&bytes, rec.tag.as_bytes(), "tag");
        if !rec.data.is_empty() {
            assert_inside(&bytes, rec.data, "data");
        }
        got.push(rec);
        i += 1;
    }
    assert_eq!(got.len(), 3);
    for (rec, want) in got.iter().zip(stream_values()) {
        assert_eq!(rec.name, want.name);
        assert_eq!(rec.tag, want.tag);
        assert_eq!(rec.data, &want.data[..]);
    }
    // Each value's "alice" is its own literal, inside its own value.
    let start_of = |k: usize| if k == 0 { 0 } else { ends[k - 1] };
    for (k, rec) in got.iter().enumerate() {
        let alice = if k < 2 { rec.name } else { rec.tag };
        let at = offset_in(&bytes, alice.as_bytes());
        assert!((start_of(k)..ends[k]).contains(&at), "value {k}: {at}");
    }
    assert!(it.next().is_none());
}

#[test]
fn slice_stream_with_deserializer_calls() {
    let (bytes, ends) = stream_bytes();
    let mut de = Deserializer::from_slice(&bytes);
    for (k, want) in stream_values().into_iter().enumerate() {
        let rec = Rec::deserialize(&mut de).unwrap();
        assert_eq!(rec.name, want.name);
        assert_eq!(de.byte_offset(), ends[k]);
    }
    de.end().unwrap();
}

#[test]
fn reader_stream_resets_tables() {
    let (bytes, ends) = stream_bytes();
    let values: Vec<OwnedRec> = Deserializer::from_reader(&bytes[..])
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(values, stream_values());

    // Values can be read one by one and the reader is left just after the
    // last value read.
    let mut cursor = Cursor::new(bytes.clone());
    cursor.get_mut().extend(b"tail");
    {
        let mut de = Deserializer::from_reader(&mut cursor);
        for (k, want) in stream_values().into_iter().enumerate() {
            let v = OwnedRec::deserialize(&mut de).unwrap();
            assert_eq!(v, want);
            assert_eq!(de.byte_offset(), ends[k]);
        }
    }
    assert_eq!(cursor.position() as usize, bytes.len());
    let mut rest = String::new();
    cursor.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "tail");
}

#[test]
fn a_later_value_cannot_refer_to_an_earlier_values_tables() {
    // "foo" then a reference to string #0: in a new value, the table is empty.
    let bytes = hex("06 07 66 6f 6f 06 00");
    let results: Vec<Result<String, _>> = Deserializer::from_slice(&bytes).into_iter().collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap(), "foo");
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        "string reference 0 out of range (0 entries) at byte offset 6"
    );
    let results: Vec<Result<String, _>> =
        Deserializer::from_reader(&bytes[..]).into_iter().collect();
    assert_eq!(
        results[1].as_ref().unwrap_err().to_string(),
        "string reference 0 out of range (0 entries) at byte offset 6"
    );

    // An object reference to the previous value's array.
    let bytes = hex("09 01 01 09 00");
    let mut it = Deserializer::from_slice(&bytes).into_iter::<Vec<i32>>();
    assert_eq!(it.next().unwrap().unwrap(), Vec::<i32>::new());
    assert_eq!(
        it.next().unwrap().unwrap_err().to_string(),
        "object reference 0 out of range (0 entries) at byte offset 3"
    );
    // The stream ends after an error.
    assert!(it.next().is_none());

    // A traits reference to the previous value's traits.
    let bytes = hex("0a 13 01 03 61 04 01 0a 01 04 02");
    let mut de = Deserializer::from_slice(&bytes);
    let first: BTreeMap<String, i32> = Deserialize::deserialize(&mut de).unwrap();
    assert_eq!(first["a"], 1);
    let e = <BTreeMap<String, i32>>::deserialize(&mut de).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("traits reference 0 out of range (0 entries) at byte offset "),
        "{e}"
    );
    assert!(e.is_syntax());
}

#[test]
fn stream_reports_truncation_of_the_last_value() {
    let (mut bytes, ends) = stream_bytes();
    bytes.truncate(ends[1] + 3);
    let results: Vec<Result<OwnedRec, _>> = Deserializer::from_slice(&bytes).into_iter().collect();
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let e = results[2].as_ref().unwrap_err();
    assert!(e.is_eof(), "{e}");
    assert_eq!(e.offset(), Some(bytes.len() as u64));
    let results: Vec<Result<OwnedRec, _>> =
        Deserializer::from_reader(&bytes[..]).into_iter().collect();
    assert_eq!(results.len(), 3);
    let e = results[2].as_ref().unwrap_err();
    assert!(e.is_eof(), "{e}");
    assert_eq!(e.offset(), Some(bytes.len() as u64));
}
