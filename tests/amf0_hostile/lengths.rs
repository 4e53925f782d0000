//! Huge length claims the input cannot back: errors, not allocations.

use super::*;

// ------------------------------------------------------- huge length claims

/// A reader over a slice that records the largest buffer it was asked to
/// fill: a proxy for how much memory the decoder reserved.
struct Probe<'a> {
    data: &'a [u8],
    largest: &'a Cell<usize>,
}

impl Read for Probe<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.largest.set(self.largest.get().max(buf.len()));
        self.data.read(buf)
    }
}

/// Decodes `bytes` as `T` from a slice and through a `Probe`; both must be
/// an EOF error at `offset`, fast, and the probe must not have been asked
/// for more than 1 MiB at once.
#[track_caller]
fn assert_cheap_eof<T: DeserializeOwned + Debug>(bytes: &[u8], offset: usize) {
    let start = Instant::now();
    let e = slice::<T>(bytes).unwrap_err();
    assert_eof_at("huge claim", "from_slice", offset, bytes, Err::<(), _>(e));
    let largest = Cell::new(0);
    let probe = Probe {
        data: bytes,
        largest: &largest,
    };
    let e = amf0::from_reader::<_, T>(probe).unwrap_err();
    // A reader cannot tell how much input is left: a claim above the
    // length limits (default 2^28 - 1) fails on the limit before anything
    // is read; smaller claims read until the input ends.
    if e.to_string().contains("exceeds the limit of 268435455") {
        assert!(e.is_syntax(), "{e}");
    } else {
        assert_eof_at("huge claim", "from_reader", offset, bytes, Err::<(), _>(e));
    }
    let elapsed = start.elapsed();
    assert!(
        largest.get() <= 1 << 20,
        "the decoder asked the reader for {} bytes at once on {}",
        largest.get(),
        short_hex(bytes)
    );
    assert!(
        elapsed < Duration::from_millis(50),
        "{elapsed:?} on {}",
        short_hex(bytes)
    );
}

#[test]
fn huge_long_string_claims_fail_at_once() {
    for input in [
        "0c ff ff ff ff",
        "0c ff ff ff ff 61 62 63",
        "0f ff ff ff ff",
        "0f ff ff ff ff 3c",
        "02 ff ff 61",
        "0a 00 00 00 01 0c ff ff ff ff",
        "03 ff ff 61",
        "10 ff ff 41",
    ] {
        let bytes = hex(input);
        assert_cheap_eof::<Value>(&bytes, bytes.len());
        assert_cheap_eof::<IgnoredAny>(&bytes, bytes.len());
        assert_cheap_eof::<Json>(&bytes, bytes.len());
    }
    assert_cheap_eof::<String>(&hex("0c ff ff ff ff"), 5);
}

#[test]
fn huge_strict_array_counts_fail_at_once() {
    for input in [
        "0a ff ff ff ff",
        "0a ff ff ff ff 05 05 05",
        "0a 7f ff ff ff 00 3f f0 00 00 00 00 00 00",
        "0a 00 00 00 01 0a ff ff ff ff",
    ] {
        let bytes = hex(input);
        assert_cheap_eof::<Value>(&bytes, bytes.len());
        assert_cheap_eof::<IgnoredAny>(&bytes, bytes.len());
        assert_cheap_eof::<Json>(&bytes, bytes.len());
        assert_cheap_eof::<Vec<Json>>(&bytes, bytes.len());
    }
    assert_cheap_eof::<Vec<f64>>(&hex("0a ff ff ff ff"), 5);
    assert_cheap_eof::<Vec<String>>(&hex("0a ff ff ff ff 02 00 01 61"), 9);
    // 1000 nulls after a claim of 2^32 - 1: EOF at the end, not before.
    let mut bytes = hex("0a ff ff ff ff");
    bytes.extend([0x05; 1000]);
    assert_cheap_eof::<Vec<Option<i32>>>(&bytes, 1005);
    assert_cheap_eof::<Value>(&bytes, 1005);
}

#[test]
fn huge_ecma_counts_are_ignored() {
    let bytes = hex("08 ff ff ff ff 00 00 09");
    let v: Value = slice(&bytes).unwrap();
    let Value::EcmaArray(e) = &v else {
        panic!("{v}")
    };
    assert_eq!(e.length, u32::MAX);
    assert!(e.entries.is_empty());
    assert_eq!(amf0::to_vec(&v).unwrap(), bytes);
    assert_eq!(slice::<Vec<i32>>(&bytes).unwrap(), Vec::<i32>::new());
    assert_eq!(
        slice::<HashMap<String, i32>>(&bytes).unwrap(),
        HashMap::new()
    );
    // Without the terminator: EOF at the end.
    assert_cheap_eof::<Value>(&hex("08 ff ff ff ff"), 5);
    assert_cheap_eof::<Vec<i32>>(&hex("08 ff ff ff ff 00 01 30 05"), 9);
}
