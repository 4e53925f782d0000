//! Transparent externalizables, XML and references through typed serde.

use super::*;

// ================================= transparent externalizables, XML, refs

#[test]
fn flex_wrappers_decode_transparently() {
    // ObjectProxy around {x: 1, y: 2}.
    assert_decodes(
        "0a 07 3b 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e 4f 62 6a 65 63 74 50 72 \
         6f 78 79 0a 0b 01 03 78 04 01 03 79 04 02 01",
        &P { x: 1, y: 2 },
    );
    // ArrayList around [1, 2]; the second one by traits reference.
    assert_decodes(
        "09 05 01 0a 07 37 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e 41 72 72 61 79 \
         4c 69 73 74 09 05 01 04 01 04 02 0a 01 09 01 01",
        &vec![vec![1, 2], vec![]],
    );
}

#[test]
fn unknown_externalizable_is_an_error_naming_the_class() {
    let e = decode_err::<serde_json::Value>("0a 07 07 46 6f 6f 04 01");
    assert_eq!(
        e.to_string(),
        "externalizable class \"Foo\" has no registered reader; its body has no length, \
         so it cannot be skipped at byte offset 0"
    );
    assert_eq!(e.classify(), Category::Data);
    assert!(decode_err::<IgnoredAny>("0a 07 07 46 6f 6f 04 01").is_data());
}

#[test]
fn xml_decodes_as_strings_outside_the_string_table() {
    assert_decodes("0b 09 3c 61 2f 3e", &"<a/>".to_owned());
    assert_decodes("07 09 3c 61 2f 3e", &"<a/>".to_owned());
    // XML then the same text as a string: the string is a literal, and a
    // later string reference #0 points at that literal.
    assert_decodes(
        "09 07 01 0b 09 3c 61 2f 3e 06 09 3c 61 2f 3e 06 00",
        &vec!["<a/>".to_owned(); 3],
    );
    // [x, x] with an object reference.
    assert_decodes(
        "09 05 01 0b 09 3c 61 2f 3e 0b 02",
        &vec!["<a/>".to_owned(); 2],
    );
}

#[test]
fn vectors_and_dictionaries_by_reference() {
    assert_decodes(
        "09 05 01 0d 05 00 00 00 00 01 00 00 00 02 0d 02",
        &vec![vec![1, 2], vec![1, 2]],
    );
    let k1: BTreeMap<String, i32> = [("k".to_owned(), 1)].into();
    assert_decodes(
        "09 05 01 11 03 00 06 03 6b 04 01 11 02",
        &vec![k1.clone(), k1],
    );
}

#[test]
fn structs_with_the_same_name_in_different_modules() {
    mod a {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct P {
            pub x: i32,
        }
    }
    mod b {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct P {
            pub z: i32,
        }
    }
    assert_both(
        &(a::P { x: 1 }, b::P { z: 2 }, a::P { x: 3 }, b::P { z: 4 }),
        "09 09 01 0a 13 01 03 78 04 01 0a 13 01 03 7a 04 02 0a 01 04 03 0a 05 04 04",
    );
}

#[test]
fn struct_keys_in_a_dictionary() {
    assert_encodes(
        &NoLenMap(vec![(P { x: 1, y: 2 }, 1), (P { x: 3, y: 4 }, 2)]),
        "11 05 00 0a 23 01 03 78 03 79 04 01 04 02 04 01 0a 01 04 03 04 04 04 02",
    );
    #[derive(Debug, PartialEq, Eq, Hash, Deserialize)]
    struct Key {
        x: i32,
        y: i32,
    }
    let m: HashMap<Key, i32> =
        decode("11 05 00 0a 23 01 03 78 03 79 04 01 04 02 04 01 0a 01 04 03 04 04 04 02");
    assert_eq!(m, [(Key { x: 1, y: 2 }, 1), (Key { x: 3, y: 4 }, 2)].into());
}

#[test]
fn unit_variants_repeat_as_string_references() {
    assert_both(&vec![E::A, E::A, E::A], "09 07 01 06 03 41 06 00 06 00");
    let m: BTreeMap<String, E> = [("A".to_owned(), E::A)].into();
    assert_both(&m, "0a 0b 01 03 41 06 00 01");
}

#[test]
fn references_to_objects_that_contain_references_and_inline_traits() {
    // o = {a: arr, b: arr}, arr = [1]; value [o, o].
    let o: BTreeMap<String, Vec<i32>> =
        [("a".to_owned(), vec![1]), ("b".to_owned(), vec![1])].into();
    assert_decodes(
        "09 05 01 0a 0b 01 03 61 09 03 01 04 01 03 62 09 04 01 0a 02",
        &vec![o.clone(), o],
    );
    // o = {p: P(1, 2)} (dynamic traits #0, sealed traits #1, both inline); [o, o].
    let o: BTreeMap<String, P> = [("p".to_owned(), P { x: 1, y: 2 })].into();
    assert_decodes(
        "09 05 01 0a 0b 01 03 70 0a 23 01 03 78 03 79 04 01 04 02 01 0a 02",
        &vec![o.clone(), o],
    );
    // After the replay, later inline objects still use the right traits.
    let o2: BTreeMap<String, P> = [("p".to_owned(), P { x: 3, y: 4 })].into();
    let o1: BTreeMap<String, P> = [("p".to_owned(), P { x: 1, y: 2 })].into();
    assert_decodes(
        "09 07 01 0a 0b 01 03 70 0a 23 01 03 78 03 79 04 01 04 02 01 0a 02 \
         0a 01 00 0a 05 04 03 04 04 01",
        &vec![o1.clone(), o1, o2],
    );
}

/// A reader that hands out at most `chunk` bytes per call, then fails once
/// its data is exhausted if `fail_at_end` is set.
struct Trickle<'a> {
    data: &'a [u8],
    chunk: usize,
    fail_at_end: bool,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.data.is_empty() && self.fail_at_end {
            return Err(std::io::Error::other("link down"));
        }
        let n = self.chunk.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// `from_reader` reads ahead (so the fast paths apply) but gives the same
/// values and errors as `from_slice` whatever the reader's chunking; an I/O
/// error after the value's last byte is reported by the end-of-input check.
#[test]
fn from_reader_reads_ahead_with_any_chunking() {
    // [[1.5, -2.0], [0.25, 8.0]] : pairs as 2-element arrays, doubles inline.
    let pairs: Vec<(f64, f64)> = vec![(1.5, -2.0), (0.25, 8.0)];
    let bytes = amf_serde::to_vec(&pairs).unwrap();
    assert_eq!(
        bytes,
        hex(
            "09 05 01 09 05 01 05 3f f8 00 00 00 00 00 00 05 c0 00 00 00 00 00 00 00
             09 05 01 05 3f d0 00 00 00 00 00 00 05 40 20 00 00 00 00 00 00"
        )
    );
    for chunk in [1, 2, 3, 7, 4096] {
        let r = Trickle {
            data: &bytes,
            chunk,
            fail_at_end: false,
        };
        let back: Vec<(f64, f64)> = amf_serde::from_reader(r).unwrap();
        assert_eq!(back, pairs, "chunk {chunk}");
        // A truncated stream is EOF at its length, as from_slice says.
        let cut = &bytes[..bytes.len() - 3];
        let r = Trickle {
            data: cut,
            chunk,
            fail_at_end: false,
        };
        let e = amf_serde::from_reader::<_, Vec<(f64, f64)>>(r).unwrap_err();
        let s = amf_serde::from_slice::<Vec<(f64, f64)>>(cut).unwrap_err();
        assert!(e.is_eof(), "{e}");
        assert_eq!(e.offset(), s.offset(), "chunk {chunk}");
        // The link fails after the last byte: the value was read, the end
        // check reports the I/O error.
        let r = Trickle {
            data: &bytes,
            chunk,
            fail_at_end: true,
        };
        let e = amf_serde::from_reader::<_, Vec<(f64, f64)>>(r).unwrap_err();
        assert!(e.is_io(), "chunk {chunk}: {e}");
    }
}
