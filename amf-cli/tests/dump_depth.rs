//! The dump walkers' nesting limit: AMF0 and AMF3 values nested deeper than
//! `MAX_DEPTH` stop with a fault at the first byte of the value too deep.

use amf_cli::dump::{Kind, Stop, Walker, MAX_DEPTH};
use amf_cli::style::Styles;

/// `levels` one-element arrays, each holding the next, ending in a null.
fn nested(kind: Kind, levels: usize) -> Vec<u8> {
    let (open, null): (&[u8], u8) = match kind {
        Kind::Amf3 => (&[0x09, 0x03, 0x01], 0x01),
        _ => (&[0x0a, 0x00, 0x00, 0x00, 0x01], 0x05),
    };
    let mut b = open.repeat(levels);
    b.push(null);
    b
}

/// Walks `bytes` on a thread with the main thread's usual 8 MiB stack (as
/// the `amf` binary does): a debug build's walker frames at `MAX_DEPTH`
/// need more than a test thread's 2 MiB.
fn walk(kind: Kind, bytes: Vec<u8>) -> (Result<u64, (u64, String)>, String) {
    let run = move || {
        let mut out = Vec::new();
        let r = Walker::new(&bytes[..], &mut out, Styles::new(false)).walk(kind);
        let r = match r {
            Ok(end) => Ok(end.values),
            Err(Stop::Fault { at, msg }) => Err((at, msg)),
            Err(e) => panic!("unexpected {e}"),
        };
        (r, String::from_utf8(out).unwrap())
    };
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn deepest_allowed_nesting_dumps_and_one_more_faults() {
    for (kind, width) in [(Kind::Amf3, 3u64), (Kind::Amf0, 5)] {
        // Depths 0..=MAX_DEPTH: the null sits at MAX_DEPTH.
        let (r, _) = walk(kind, nested(kind, MAX_DEPTH));
        assert_eq!(r, Ok(1), "{kind:?}");
        // One level more: the null at MAX_DEPTH + 1 is refused where it starts.
        let (r, text) = walk(kind, nested(kind, MAX_DEPTH + 1));
        let at = width * (MAX_DEPTH as u64 + 1);
        assert_eq!(r, Err((at, "nested too deeply".to_string())), "{kind:?}");
        assert!(text.contains("✗ nested too deeply"), "{kind:?}: {text}");
    }
}
