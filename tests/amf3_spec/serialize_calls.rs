//! How often a `Serialize` impl runs while encoding.

use super::*;

// ------------------------------------- how often a Serialize impl runs

/// A struct that counts its `serialize` calls, with a field that counts
/// its own (`leaf`), then `x`, or `y` when `x` is `None` (the same field
/// count, other names: as `skip_serializing_if` on two fields can give).
struct Counted<'a> {
    calls: &'a std::cell::Cell<usize>,
    leaf: &'a std::cell::Cell<usize>,
    x: Option<i32>,
}

struct Leaf<'a>(&'a std::cell::Cell<usize>);

impl Serialize for Leaf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.set(self.0.get() + 1);
        s.serialize_i32(7)
    }
}

impl Serialize for Counted<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        self.calls.set(self.calls.get() + 1);
        let mut st = s.serialize_struct("Counted", 2)?;
        st.serialize_field("leaf", &Leaf(self.leaf))?;
        match self.x {
            Some(x) => st.serialize_field("x", &x)?,
            None => st.serialize_field("y", &0)?,
        }
        st.end()
    }
}

/// Pins what the `amf3::Serializer` docs say about repeated calls: the
/// first instance of a struct shape in a top-level value is called three
/// times (an attempt that stops at `serialize_struct`, the key probe, the
/// write) without its fields being serialized more than once; later
/// instances of a known shape once; an instance whose fields differ from
/// the shape predicted for it serializes the fields written before the
/// difference a second time.
#[test]
fn serialize_calls_per_value() {
    use std::cell::Cell;
    let cells: Vec<(Cell<usize>, Cell<usize>)> =
        (0..3).map(|_| (Cell::new(0), Cell::new(0))).collect();
    let items: Vec<Counted<'_>> = cells
        .iter()
        .map(|(calls, leaf)| Counted {
            calls,
            leaf,
            x: Some(1),
        })
        .collect();
    let bytes = amf_serde::to_vec(&items).unwrap();
    let counts: Vec<(usize, usize)> = cells.iter().map(|(c, l)| (c.get(), l.get())).collect();
    assert_eq!(counts, [(3, 1), (1, 1), (1, 1)]);
    // Sealed traits once, then two traits references.
    assert_eq!(
        bytes,
        hex("09 07 01 0a 23 01 09 6c 65 61 66 03 78 04 07 04 01 0a 01 04 07 04 01 0a 01 04 07 04 01")
    );

    // The third element has `y` where the shape predicted from the first
    // two has `x`: its `leaf`, written before the difference was seen, is
    // serialized a second time after the rollback.
    for (c, l) in &cells {
        c.set(0);
        l.set(0);
    }
    let items = [
        Counted {
            calls: &cells[0].0,
            leaf: &cells[0].1,
            x: Some(1),
        },
        Counted {
            calls: &cells[1].0,
            leaf: &cells[1].1,
            x: Some(1),
        },
        Counted {
            calls: &cells[2].0,
            leaf: &cells[2].1,
            x: None,
        },
    ];
    let bytes = amf_serde::to_vec(&items).unwrap();
    let counts: Vec<(usize, usize)> = cells.iter().map(|(c, l)| (c.get(), l.get())).collect();
    assert_eq!(counts, [(3, 1), (1, 1), (3, 2)]);
    let back: Vec<BTreeMap<String, i32>> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(
        back[2],
        BTreeMap::from([("leaf".to_owned(), 7), ("y".to_owned(), 0)])
    );

    // From then on every instance of the shape is called three times
    // (attempt, probe, write), its fields once, whichever names it has.
    for (c, l) in &cells {
        c.set(0);
        l.set(0);
    }
    let (calls, leaf) = (Cell::new(0), Cell::new(0));
    let items = [
        Counted {
            calls: &cells[0].0,
            leaf: &cells[0].1,
            x: Some(1),
        },
        Counted {
            calls: &cells[1].0,
            leaf: &cells[1].1,
            x: None,
        },
        Counted {
            calls: &cells[2].0,
            leaf: &cells[2].1,
            x: Some(1),
        },
        Counted {
            calls: &calls,
            leaf: &leaf,
            x: None,
        },
    ];
    amf_serde::to_vec(&items).unwrap();
    let mut counts: Vec<(usize, usize)> = cells.iter().map(|(c, l)| (c.get(), l.get())).collect();
    counts.push((calls.get(), leaf.get()));
    assert_eq!(counts, [(3, 1), (3, 2), (3, 1), (3, 1)]);

    // `value.serialize(&mut ser)` at the top writes a struct with dynamic
    // traits: no probe, one call.
    let (calls, leaf) = (Cell::new(0), Cell::new(0));
    let one = Counted {
        calls: &calls,
        leaf: &leaf,
        x: Some(1),
    };
    let mut ser = amf_serde::amf3::Serializer::new(Vec::new());
    one.serialize(&mut ser).unwrap();
    assert_eq!((calls.get(), leaf.get()), (1, 1));
}

/// Pins what the `amf0::Serializer` and `to_value` docs say: every
/// `Serialize` impl runs once per value written (AMF0 writes member names
/// inline, so nothing is probed), including the instance whose field names
/// differ; behind the `0x11` switch the AMF3 rules above apply.
#[test]
fn serialize_calls_per_value_amf0_and_to_value() {
    use std::cell::Cell;
    let cells: Vec<(Cell<usize>, Cell<usize>)> =
        (0..3).map(|_| (Cell::new(0), Cell::new(0))).collect();
    let items: Vec<Counted<'_>> = cells
        .iter()
        .zip([Some(1), Some(1), None])
        .map(|((calls, leaf), x)| Counted { calls, leaf, x })
        .collect();
    let counts = |cells: &[(Cell<usize>, Cell<usize>)]| -> Vec<(usize, usize)> {
        cells
            .iter()
            .map(|(c, l)| (c.replace(0), l.replace(0)))
            .collect()
    };
    amf_serde::amf0::to_vec(&items).unwrap();
    assert_eq!(counts(&cells), [(1, 1), (1, 1), (1, 1)]);
    amf_serde::to_value(&items).unwrap();
    assert_eq!(counts(&cells), [(1, 1), (1, 1), (1, 1)]);
    // Behind the switch (AMF3 inside AMF0): the AMF3 counts.
    let bytes = amf_serde::amf0::to_vec(&amf_serde::remoting::Amf3(&items)).unwrap();
    assert_eq!(bytes[0], 0x11);
    assert_eq!(counts(&cells), [(3, 1), (1, 1), (3, 2)]);
}

// ------------------------------------- collect_seq

/// An iterator whose `size_hint` says `claim` whatever it yields.
struct Claims {
    items: std::vec::IntoIter<i32>,
    claim: (usize, Option<usize>),
}

impl Iterator for Claims {
    type Item = i32;
    fn next(&mut self) -> Option<i32> {
        self.items.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.claim
    }
}

/// `collect_seq` over `Claims` (serde's default would call `serialize_seq`
/// and `serialize_element`; the AMF3 serializer has its own loop).
struct Collected(Vec<i32>, (usize, Option<usize>));

impl Serialize for Collected {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(Claims {
            items: self.0.clone().into_iter(),
            claim: self.1,
        })
    }
}

#[test]
fn collect_seq_writes_what_serialize_seq_writes() {
    // Exact length: the header up front.
    assert_eq!(
        to_hex(&amf_serde::to_vec(&Collected(vec![1, 2, 3], (3, Some(3)))).unwrap()),
        "09 07 01 04 01 04 02 04 03"
    );
    assert_eq!(
        to_hex(&amf_serde::to_vec(&Collected(vec![], (0, Some(0)))).unwrap()),
        "09 01 01"
    );
    // Unknown length: the count patched in afterwards (the header shrunk
    // to its shortest form).
    assert_eq!(
        to_hex(&amf_serde::to_vec(&Collected(vec![5, 6], (0, None))).unwrap()),
        "09 05 01 04 05 04 06"
    );
    // As serde's default `collect_seq` does through `serialize_seq`.
    struct ViaSeq(Vec<i32>, Option<usize>);
    impl Serialize for ViaSeq {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = s.serialize_seq(self.1)?;
            for x in &self.0 {
                seq.serialize_element(x)?;
            }
            seq.end()
        }
    }
    for (items, hint, len) in [
        (vec![1, 2, 3], (3, Some(3)), Some(3)),
        (vec![5, 6], (0, None), None),
        (vec![7; 70], (70, Some(70)), Some(70)),
        (vec![8; 3], (1, Some(9)), None),
    ] {
        assert_eq!(
            amf_serde::to_vec(&Collected(items.clone(), hint)).unwrap(),
            amf_serde::to_vec(&ViaSeq(items, len)).unwrap()
        );
    }
    // A size hint that lies: the same error as a `serialize_seq` that
    // announced the wrong count.
    let e = amf_serde::to_vec(&Collected(vec![1, 2], (3, Some(3)))).unwrap_err();
    assert!(
        e.to_string()
            .contains("announced 3 elements but produced 2"),
        "{e}"
    );
    let e2 = amf_serde::to_vec(&ViaSeq(vec![1, 2], Some(3))).unwrap_err();
    assert_eq!(e.to_string(), e2.to_string());
    let e = amf_serde::to_vec(&Collected(vec![1, 2, 3, 4], (3, Some(3)))).unwrap_err();
    assert!(
        e.to_string()
            .contains("announced 3 elements but produced 4"),
        "{e}"
    );
}
