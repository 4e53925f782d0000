//! Flex UIDs (`8-4-4-4-12` upper-case hex): checking
//! them, packing them into the 16 bytes small messages send, and making
//! fresh ones; and the millisecond timestamps of messages.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// `true` if `s` is a Flex UID: 36 characters, upper-case `0-9A-F`, dashes
/// at 8, 13, 18 and 23. Small messages send such ids as 16 bytes.
///
/// ```
/// use amf_serde::flex::is_uid;
/// assert!(is_uid("7B0ACE15-8D57-6AE5-B9D4-99C2D32C8246"));
/// assert!(!is_uid("7b0ace15-8d57-6ae5-b9d4-99c2d32c8246"));
/// assert!(!is_uid("nil"));
/// ```
pub fn is_uid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'A'..=b'F').contains(&c),
        })
}

/// The 16 bytes of a UID (its hex digits in order), if `s` is one.
pub(crate) fn uid_to_bytes(s: &str) -> Option<[u8; 16]> {
    if !is_uid(s) {
        return None;
    }
    let digits = s.bytes().filter(|&c| c != b'-');
    let mut out = [0u8; 16];
    let mut hi = None;
    let mut i = 0;
    for c in digits {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            _ => c - b'A' + 10,
        };
        match hi.take() {
            None => hi = Some(v),
            Some(h) => {
                out[i] = (h << 4) | v;
                i += 1;
            }
        }
    }
    Some(out)
}

/// The UID text of 16 bytes.
pub(crate) fn uid_from_bytes(b: &[u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[usize::from(byte >> 4)] as char);
        s.push(HEX[usize::from(byte & 0xf)] as char);
    }
    s
}

/// A fresh random UID (version-4 layout), as Flex's `UIDUtil.createUID`
/// and BlazeDS's `UUIDUtils.createUUID` make for `messageId` and `DSId`.
///
/// The randomness comes from the standard library only: SipHash keyed by
/// [`RandomState`] (seeded from the operating system once per thread),
/// over a process-wide counter and the clock. Ids are unique and
/// unpredictable enough to tell messages and clients apart; they are not a
/// cryptographic secret (do not use them as session tokens).
///
/// ```
/// let a = amf_serde::flex::new_uid();
/// let b = amf_serde::flex::new_uid();
/// assert!(amf_serde::flex::is_uid(&a));
/// assert_ne!(a, b);
/// assert_eq!(&a[14..15], "4"); // version 4
/// ```
pub fn new_uid() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut bytes = [0u8; 16];
    for (i, half) in bytes.chunks_exact_mut(8).enumerate() {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(n);
        h.write_u128(nanos);
        h.write_usize(i);
        half.copy_from_slice(&h.finish().to_be_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    uid_from_bytes(&bytes)
}

/// Milliseconds since the Unix epoch, now (a message `timestamp`).
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        let s = "0F0F0F0F-1E1E-2D2D-3C3C-4B4B4B4B4B4B";
        let b = uid_to_bytes(s).unwrap();
        assert_eq!(
            b,
            [
                0x0f, 0x0f, 0x0f, 0x0f, 0x1e, 0x1e, 0x2d, 0x2d, 0x3c, 0x3c, 0x4b, 0x4b, 0x4b, 0x4b,
                0x4b, 0x4b
            ]
        );
        assert_eq!(uid_from_bytes(&b), s);
        assert_eq!(uid_to_bytes("0f0f0f0f-1e1e-2d2d-3c3c-4b4b4b4b4b4b"), None);
    }

    #[test]
    fn fresh_uids_differ() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_uid()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|s| is_uid(s)));
    }
}
