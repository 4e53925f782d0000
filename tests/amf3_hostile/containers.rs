//! Dynamic data inside containers: objects with referenced traits, short dense arrays and
//! object references read into `serde_json::Value` and `amf_serde::Value`, and the byte
//! offset of an error inside such an object.

use super::*;

/// Objects with referenced traits, short dense arrays and object references
/// inside a container, read into `serde_json::Value` and `amf_serde::Value`
/// (the direct paths of `deserialize_any` and the `Value` decoder), and an
/// error in such an object, which names the byte of the bad member.
#[test]
fn objects_and_short_arrays_inside_containers_decode_exactly_and_fail_at_the_byte() {
    let bytes = [
        0x09, 0x09, 0x01, // [ of 4
        0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x01, // {a: 1}, dynamic traits inline
        0x0a, 0x01, 0x00, 0x04, 0x02, 0x01, // {a: 2}, traits and "a" by reference
        0x09, 0x05, 0x01, 0x04, 0x03, 0x0a, 0x01, 0x00, 0x04, 0x04, 0x01, // [3, {a: 4}]
        0x0a, 0x04, // object reference #2: {a: 2} again
    ];
    let want = serde_json::json!([{"a": 1}, {"a": 2}, [3, {"a": 4}], {"a": 2}]);
    assert_eq!(slice::<Value>(&bytes).unwrap(), want);
    assert_eq!(reader::<Value>(&bytes).unwrap(), want);
    let v: amf_serde::Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(serde_json::Value::try_from(&v).unwrap(), want);
    // The reference is the same node as the second element.
    assert!(v[1].ptr_eq(&v[3]));

    // A bad marker (0x20) as the member of the second object, at byte 14.
    let bad = [
        0x09, 0x05, 0x01, 0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x01, 0x0a, 0x01, 0x00, 0x20,
    ];
    let e = slice::<Value>(&bad).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
    let e = reader::<Value>(&bad).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
    let e = amf_serde::from_slice::<amf_serde::Value>(&bad).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
}

/// The integers of every U29 length (and sign) used below, with their U29s.
fn integers_of_every_length() -> Vec<(i64, Vec<u8>)> {
    [
        0i64,
        0x7F,
        0x80,
        0x3FFF,
        0x4000,
        0x1F_FFFF,
        0x20_0000,
        205_705_993,
        0x0FFF_FFFF,
        -1,
        -129,
        -0x1000_0000,
    ]
    .into_iter()
    .map(|v| (v, u29((v as u32) & 0x1FFF_FFFF)))
    .collect()
}

/// Integers of two to four U29 bytes inside containers, read into
/// `serde_json::Value` (the direct path of `deserialize_any`): exact values,
/// the same from a reader, the encoder's exact bytes for them, every cut
/// failing at the end of the input, and the work limit stopping at the
/// same value as the general path (one unit per value, at its marker).
#[test]
fn integers_of_every_length_inside_containers_decode_exactly() {
    let ints = integers_of_every_length();
    let mut bytes = vec![0x09];
    bytes.extend(u29(((ints.len() as u32) << 1) | 1));
    bytes.push(0x01);
    // Where each counted value starts: the array, then every element.
    let mut offsets = vec![0u64];
    for (_, u) in &ints {
        offsets.push(bytes.len() as u64);
        bytes.push(0x04);
        bytes.extend(u);
    }
    let want = Value::from(ints.iter().map(|(v, _)| *v).collect::<Vec<_>>());
    assert_eq!(slice::<Value>(&bytes).unwrap(), want);
    assert_eq!(reader::<Value>(&bytes).unwrap(), want);
    // The encoder writes these exact bytes for them (as `i64` in a
    // `serde_json::Value`, and as `u64` for the non-negative ones).
    assert_eq!(amf_serde::to_vec(&want).unwrap(), bytes);
    let positive: Vec<u64> = ints
        .iter()
        .filter_map(|(v, _)| u64::try_from(*v).ok())
        .collect();
    let mut pos_bytes = vec![0x09];
    pos_bytes.extend(u29(((positive.len() as u32) << 1) | 1));
    pos_bytes.push(0x01);
    for (v, u) in &ints {
        if *v >= 0 {
            pos_bytes.push(0x04);
            pos_bytes.extend(u);
        }
    }
    assert_eq!(amf_serde::to_vec(&positive).unwrap(), pos_bytes);
    // Inside a map too (a dynamic object's member values).
    let mut map = vec![0x0a, 0x0b, 0x01];
    let mut want_map = serde_json::Map::new();
    for (i, (v, u)) in ints.iter().enumerate() {
        let key = format!("k{i:02}");
        map.extend(u29(((key.len() as u32) << 1) | 1));
        map.extend(key.as_bytes());
        map.push(0x04);
        map.extend(u);
        want_map.insert(key, Value::from(*v));
    }
    map.push(0x01);
    assert_eq!(
        slice::<Value>(&map).unwrap(),
        Value::Object(want_map.clone())
    );
    assert_eq!(reader::<Value>(&map).unwrap(), Value::Object(want_map));

    // Cut anywhere: the end of the input, at the cut.
    for cut in 1..bytes.len() {
        let e = slice::<Value>(&bytes[..cut]).unwrap_err();
        assert!(e.is_eof(), "{cut}: {e}");
        assert_eq!(e.offset(), Some(cut as u64), "{cut}: {e}");
        let r = reader::<Value>(&bytes[..cut]).unwrap_err();
        assert_eq!(r.to_string(), e.to_string(), "{cut}");
    }
    // The work limit: value `w` (counting from 0) is the first one refused.
    let work = |w: u64| Options::new().with_max_work(w);
    let all = offsets.len() as u64;
    let from = |b: &[u8], o: &Options| amf_serde::from_slice_with::<Value>(b, o);
    assert_eq!(from(&bytes, &work(all)).unwrap(), want);
    for w in 1..all {
        let e = from(&bytes, &work(w)).unwrap_err();
        assert_eq!(e.offset(), Some(offsets[w as usize]), "{w}: {e}");
        assert!(e.to_string().contains("work"), "{e}");
    }
}

/// Dynamic member names that are string references of one and two bytes
/// (the inline path of the object's map access), a reference to a name of
/// 32 bytes or more (charged as work, so not inline), a literal name, and
/// bad references: exact values from a slice and a reader, errors at the
/// reference's byte.
#[test]
fn member_names_by_reference_decode_exactly_and_fail_at_the_byte() {
    // 70 strings (indices 0-69), then a 40-byte one (index 70).
    let long = "x".repeat(40);
    let mut names: Vec<String> = (0..70).map(|i| format!("s{i}")).collect();
    names.push(long.clone());
    let mut bytes = vec![0x09, 0x05, 0x01, 0x09];
    bytes.extend(u29(((names.len() as u32) << 1) | 1));
    bytes.push(0x01);
    for n in &names {
        bytes.push(0x06);
        bytes.extend(u29(((n.len() as u32) << 1) | 1));
        bytes.extend(n.as_bytes());
    }
    let object_at = bytes.len();
    bytes.extend([0x0a, 0x0b, 0x01]);
    bytes.push(0x06); // "s3": a one-byte reference
    bytes.extend([0x04, 0x01]);
    bytes.extend(u29(65 << 1)); // "s65": a two-byte reference
    assert_eq!(u29(65 << 1).len(), 2);
    bytes.extend([0x04, 0x02]);
    bytes.extend(u29(70 << 1)); // the 40-byte name: a two-byte reference
    bytes.extend([0x04, 0x03]);
    bytes.extend([0x03, b'k', 0x04, 0x04]); // a literal name
    bytes.extend(u29(71 << 1)); // "k" again, by reference
    bytes.extend([0x06, 0x06]); // its value: the string "s3" by reference
    bytes.push(0x01);
    let mut obj = serde_json::Map::new();
    obj.insert("s3".into(), 1.into());
    obj.insert("s65".into(), 2.into());
    obj.insert(long.clone(), 3.into());
    obj.insert("k".into(), 4.into());
    // A repeated name: the later value wins, as in serde_json.
    obj.insert("k".into(), "s3".into());
    let want = serde_json::json!([names, obj]);
    assert_eq!(slice::<Value>(&bytes).unwrap(), want);
    assert_eq!(reader::<Value>(&bytes).unwrap(), want);
    // Into a typed map as well (the same map access).
    let (_, m): (Vec<String>, BTreeMap<String, Value>) = slice(&bytes).unwrap();
    assert_eq!(m.len(), 4);
    assert_eq!(m["s65"], 2);

    // The reference to the 40-byte name costs one unit of work, charged at
    // its byte, like the general path always did.
    let refs_at = object_at + 3 + 3 + 4; // after "s3": 1 and "s65": 2
    let values = 2 + names.len() as u64 + 1 + 2; // both arrays, the strings, the object, 1, 2
    let work = |w: u64| Options::new().with_max_work(w);
    let e = amf_serde::from_slice_with::<Value>(&bytes, &work(values)).unwrap_err();
    assert_eq!(e.offset(), Some(refs_at as u64), "{e}");
    assert!(e.to_string().contains("work"), "{e}");

    // Bad references as member names, one and two bytes: out of range.
    for bad in [u29(72 << 1), u29(100 << 1), u29(30 << 1)] {
        let mut b = bytes[..object_at + 3].to_vec();
        // Index 30 is in range: make it a good control.
        let good = bad == u29(30 << 1);
        b.extend(&bad);
        b.extend([0x01, 0x01]);
        if good {
            let v = slice::<Value>(&b).unwrap();
            assert_eq!(v[1], serde_json::json!({"s30": null}));
            continue;
        }
        let e = slice::<Value>(&b).unwrap_err();
        assert_eq!(e.offset(), Some(object_at as u64 + 3), "{e}");
        assert!(e.to_string().contains("reference"), "{e}");
        let r = reader::<Value>(&b).unwrap_err();
        assert_eq!(r.to_string(), e.to_string());
    }
    // A one-byte reference past the end of the table (string 5 of none).
    let b = [0x09, 0x03, 0x01, 0x0a, 0x0b, 0x01, 0x0a, 0x01, 0x01];
    let e = slice::<Value>(&b).unwrap_err();
    assert_eq!(e.offset(), Some(6), "{e}");
    assert!(e.to_string().contains("reference"), "{e}");
    assert_eq!(reader::<Value>(&b).unwrap_err().to_string(), e.to_string());
}

/// A visitor over `deserialize_any` that reads every element and member
/// (`Sum`: the sum of the integers, the lengths of the strings) or only the
/// first one (`First`), and fails on the integer 13 and the string "bad"
/// with a custom error (which carries no offset of its own).
#[derive(Debug, PartialEq)]
struct Sum(i64);
#[derive(Debug, PartialEq)]
struct First(i64);

struct Probe {
    all: bool,
}

impl<'de> serde::de::Visitor<'de> for Probe {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("anything")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
        if v == 13 {
            return Err(E::custom("thirteen"));
        }
        Ok(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
        self.visit_i64(v as i64)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
        self.visit_i64(v as i64)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<i64, E> {
        Ok(0)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<i64, E> {
        if v == "bad" {
            return Err(E::custom("bad string"));
        }
        Ok(v.len() as i64)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<i64, A::Error> {
        let mut sum = 0;
        if self.all {
            while let Some(Sum(v)) = seq.next_element()? {
                sum += v;
            }
        } else if let Some(First(v)) = seq.next_element()? {
            sum = v;
        }
        Ok(sum)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<i64, A::Error> {
        let mut sum = 0;
        if self.all {
            while let Some((_, Sum(v))) = map.next_entry::<String, Sum>()? {
                sum += v;
            }
        } else if let Some((_, First(v))) = map.next_entry::<String, First>()? {
            sum = v;
        }
        Ok(sum)
    }
}

impl<'de> Deserialize<'de> for Sum {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Probe { all: true }).map(Sum)
    }
}

impl<'de> Deserialize<'de> for First {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Probe { all: false }).map(First)
    }
}

/// A visitor's errors inside containers read through `deserialize_any`
/// (the direct paths for scalars, objects with referenced traits and short
/// dense arrays, and the general framing for the rest) name the byte of the
/// value the visitor refused; a visitor that stops early gets "fewer
/// elements" or "fewer members" at the byte of its array or object. The same
/// from a slice and from a reader; the values where nothing fails.
#[test]
fn visitor_errors_inside_containers_name_the_value_and_early_stops_the_container() {
    // Decodes `bytes` as `T` from a slice and a reader: the same outcome.
    fn both<T: DeserializeOwned + Debug + PartialEq>(bytes: &[u8]) -> Result<T, Error> {
        let s = slice::<T>(bytes);
        match (&s, reader::<T>(bytes)) {
            (Ok(a), Ok(b)) => assert_eq!(*a, b, "{}", short_hex(bytes)),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{}", short_hex(bytes)),
            (a, b) => panic!("{}: slice {a:?}, reader {b:?}", short_hex(bytes)),
        }
        s
    }
    #[track_caller]
    fn fails_at<T: DeserializeOwned + Debug + PartialEq>(bytes: &[u8], offset: u64, what: &str) {
        let e = both::<T>(bytes).unwrap_err();
        assert_eq!(e.offset(), Some(offset), "{}: {e}", short_hex(bytes));
        assert!(e.to_string().contains(what), "{}: {e}", short_hex(bytes));
    }
    // The integer 13 (`04 0d`) and the string "bad" (`06 07 62 61 64`).
    let thirteen = [0x04, 0x0d];
    let bad = [0x06, 0x07, b'b', b'a', b'd'];
    // [1, x] at the top level, and inside [[1, x]] (a short array with a
    // one-byte header: the direct path), each x at its byte.
    for x in [&thirteen[..], &bad[..]] {
        let what = if x.len() == 2 {
            "thirteen"
        } else {
            "bad string"
        };
        let mut top = vec![0x09, 0x05, 0x01, 0x04, 0x01];
        top.extend(x);
        fails_at::<Sum>(&top, 5, what);
        let mut nested = vec![0x09, 0x03, 0x01, 0x09, 0x05, 0x01, 0x04, 0x01];
        nested.extend(x);
        fails_at::<Sum>(&nested, 8, what);
        // In the second object of [{a: 1}, {a: x}] (traits by reference: the
        // direct object path) and in the first (traits inline: the general
        // framing).
        let mut objs = vec![
            0x09, 0x05, 0x01, 0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x01, 0x0a, 0x01, 0x00,
        ];
        objs.extend(x);
        objs.push(0x01);
        fails_at::<Sum>(&objs, 14, what);
        let mut first = vec![0x09, 0x03, 0x01, 0x0a, 0x0b, 0x01, 0x03, b'a'];
        first.extend(x);
        first.push(0x01);
        fails_at::<Sum>(&first, 8, what);
    }
    // A dense array of 70 elements (a two-byte header: the general framing)
    // inside an array, with 13 last.
    let mut long = vec![0x09, 0x03, 0x01, 0x09];
    long.extend(u29(70 << 1 | 1));
    long.push(0x01);
    for _ in 0..69 {
        long.extend([0x04, 0x01]);
    }
    let at = long.len() as u64;
    long.extend(thirteen);
    fails_at::<Sum>(&long, at, "thirteen");
    // Without the 13: every value read, the sum exact.
    let n = long.len();
    long[n - 1] = 0x02;
    assert_eq!(both::<Sum>(&long).unwrap(), Sum(69 + 2));

    // Stopping early: "fewer elements" at the array's byte, "fewer members"
    // at the object's byte, on each path.
    fails_at::<First>(
        &[0x09, 0x05, 0x01, 0x04, 0x01, 0x04, 0x02],
        0,
        "fewer elements",
    );
    fails_at::<First>(
        &[0x09, 0x03, 0x01, 0x09, 0x05, 0x01, 0x04, 0x01, 0x04, 0x02],
        3,
        "fewer elements",
    );
    let mut long_first = long.clone();
    long_first[n - 1] = 0x0d; // not reached: the visitor stops after one element
    fails_at::<First>(&long_first, 3, "fewer elements");
    // [{a: 1}, {a: 2, b: 3}]: the second object (traits by reference, then
    // a dynamic member) read through the direct object path.
    let objs = [
        0x09, 0x05, 0x01, // [ of 2
        0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x01, // {a: 1}
        0x0a, 0x01, 0x00, 0x04, 0x02, 0x03, b'b', 0x04, 0x03, 0x01, // {a: 2, b: 3}
    ];
    assert_eq!(both::<Sum>(&objs).unwrap(), Sum(6));
    // Read whole, then only the second object to its first member.
    fails_at::<(Sum, First)>(&objs, 11, "fewer members");
    // [{a: 1, c: 3}], traits inline: the general framing.
    let inline = [
        0x09, 0x03, 0x01, 0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x03, b'c', 0x04, 0x03, 0x01,
    ];
    assert_eq!(both::<Sum>(&inline).unwrap(), Sum(4));
    fails_at::<First>(&inline, 3, "fewer members");

    // [{a: 1}, [{a: 2}]]: the second object (traits by reference) one level
    // deeper than the first; a depth limit of 2 stops it at its byte, 3 lets
    // it through.
    let deep = [
        0x09, 0x05, 0x01, // [ of 2
        0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x01, // {a: 1}
        0x09, 0x03, 0x01, // [ of 1
        0x0a, 0x01, 0x00, 0x04, 0x02, 0x01, // {a: 2}
    ];
    let depth = |d: usize| Options::new().with_max_depth(d);
    let e = amf_serde::from_slice_with::<Sum>(&deep, &depth(2)).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
    assert!(e.to_string().contains("depth"), "{e}");
    let e = amf_serde::from_slice_with::<Value>(&deep, &depth(2)).unwrap_err();
    assert_eq!(e.offset(), Some(14), "{e}");
    assert_eq!(
        amf_serde::from_slice_with::<Sum>(&deep, &depth(3)).unwrap(),
        Sum(3)
    );
    assert_eq!(
        amf_serde::from_slice_with::<Value>(&deep, &depth(3)).unwrap(),
        serde_json::json!([{"a": 1}, [{"a": 2}]])
    );
}
