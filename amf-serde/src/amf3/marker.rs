//! AMF3 type markers and the U29 variable-length integer, free of serde.

/// `undefined`
pub const UNDEFINED: u8 = 0x00;
/// `null`
pub const NULL: u8 = 0x01;
/// `false`
pub const FALSE: u8 = 0x02;
/// `true`
pub const TRUE: u8 = 0x03;
/// 29-bit signed integer
pub const INTEGER: u8 = 0x04;
/// IEEE-754 double
pub const DOUBLE: u8 = 0x05;
/// UTF-8 string (string table)
pub const STRING: u8 = 0x06;
/// legacy `flash.xml.XMLDocument`
pub const XML_DOC: u8 = 0x07;
/// Date
pub const DATE: u8 = 0x08;
/// Array (associative part + dense part)
pub const ARRAY: u8 = 0x09;
/// Object
pub const OBJECT: u8 = 0x0A;
/// E4X XML
pub const XML: u8 = 0x0B;
/// ByteArray
pub const BYTE_ARRAY: u8 = 0x0C;
/// `Vector.<int>`
pub const VECTOR_INT: u8 = 0x0D;
/// `Vector.<uint>`
pub const VECTOR_UINT: u8 = 0x0E;
/// `Vector.<Number>`
pub const VECTOR_DOUBLE: u8 = 0x0F;
/// `Vector.<Object>`
pub const VECTOR_OBJECT: u8 = 0x10;
/// Dictionary
pub const DICTIONARY: u8 = 0x11;

/// Largest value a U29 holds.
pub const U29_MAX: u32 = (1 << 29) - 1;
// Defined in `num.rs`, which `value` and `options` (below this module) read.
pub use crate::num::{INT_MAX, INT_MIN, MAX_LEN};
/// Largest sealed member count a traits header carries next to its three
/// flag bits: 2^25 − 1.
pub const MAX_SEALED: u32 = (1 << 25) - 1;

/// Human-readable name of a marker, for messages.
pub fn name(marker: u8) -> &'static str {
    match marker {
        UNDEFINED => "undefined",
        NULL => "null",
        FALSE | TRUE => "boolean",
        INTEGER => "integer",
        DOUBLE => "double",
        STRING => "string",
        XML_DOC => "XMLDocument",
        DATE => "date",
        ARRAY => "array",
        OBJECT => "object",
        XML => "XML",
        BYTE_ARRAY => "ByteArray",
        VECTOR_INT => "Vector.<int>",
        VECTOR_UINT => "Vector.<uint>",
        VECTOR_DOUBLE => "Vector.<Number>",
        VECTOR_OBJECT => "Vector.<Object>",
        DICTIONARY => "Dictionary",
        _ => "invalid marker",
    }
}

/// `true` for the markers whose values enter the object table (and so start
/// with a reference-or-inline U29 header).
#[inline]
pub fn is_complex(marker: u8) -> bool {
    matches!(marker, XML_DOC | DATE | ARRAY..=DICTIONARY)
}

/// Appends `v` (which must be at most [`U29_MAX`]) as a U29.
#[inline]
pub fn write_u29(out: &mut Vec<u8>, v: u32) {
    debug_assert!(v <= U29_MAX);
    if v < 0x80 {
        out.push(v as u8);
    } else {
        write_u29_long(out, v);
    }
}

/// [`write_u29`] for values of two bytes or more.
#[inline(never)]
fn write_u29_long(out: &mut Vec<u8>, v: u32) {
    if v < 0x4000 {
        out.extend_from_slice(&[0x80 | (v >> 7) as u8, (v & 0x7F) as u8]);
    } else if v < 0x20_0000 {
        out.extend_from_slice(&[
            0x80 | (v >> 14) as u8,
            0x80 | ((v >> 7) & 0x7F) as u8,
            (v & 0x7F) as u8,
        ]);
    } else {
        out.extend_from_slice(&[
            0x80 | ((v >> 22) & 0x7F) as u8,
            0x80 | ((v >> 15) & 0x7F) as u8,
            0x80 | ((v >> 8) & 0x7F) as u8,
            (v & 0xFF) as u8,
        ]);
    }
}

/// Appends `marker` and then `v` (which must be at most [`U29_MAX`]) as a
/// U29, inline and with one fixed-size copy whatever the length (for
/// integers, whose U29s are often four bytes: ids, amounts).
#[inline]
pub(crate) fn write_marked_u29(out: &mut Vec<u8>, marker: u8, v: u32) {
    debug_assert!(v <= U29_MAX);
    let v = u64::from(v);
    let (u29, len) = match v {
        0..=0x7F => (v, 1),
        0x80..=0x3FFF => (0x80 | v >> 7 | (v & 0x7F) << 8, 2),
        0x4000..=0x1F_FFFF => (
            0x80 | v >> 14 | (0x80 | (v >> 7) & 0x7F) << 8 | (v & 0x7F) << 16,
            3,
        ),
        _ => (
            0x80 | (v >> 22) & 0x7F
                | (0x80 | (v >> 15) & 0x7F) << 8
                | (0x80 | (v >> 8) & 0x7F) << 16
                | (v & 0xFF) << 24,
            4,
        ),
    };
    // Eight bytes written, the unused ones taken back.
    out.extend_from_slice(&(u64::from(marker) | u29 << 8).to_le_bytes());
    out.truncate(out.len() - 7 + len);
}

/// Number of bytes [`write_u29`] uses for `v`.
#[inline]
pub fn u29_len(v: u32) -> usize {
    match v {
        0..=0x7F => 1,
        0x80..=0x3FFF => 2,
        0x4000..=0x1F_FFFF => 3,
        _ => 4,
    }
}

/// Decodes the U29 at the start of `bytes`: `(value, bytes used)`, or `None`
/// if `bytes` ends first.
pub fn decode_u29(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut v = 0u32;
    for i in 0..3 {
        let b = *bytes.get(i)?;
        v = (v << 7) | u32::from(b & 0x7F);
        if b < 0x80 {
            return Some((v, i + 1));
        }
    }
    let b = *bytes.get(3)?;
    Some(((v << 8) | u32::from(b), 4))
}

/// Sign-extends the 29-bit two's-complement payload of an integer marker.
#[inline]
pub fn sign_extend(u: u32) -> i32 {
    ((u << 3) as i32) >> 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(v: u32) -> Vec<u8> {
        let mut out = Vec::new();
        write_u29(&mut out, v);
        assert_eq!(out.len(), u29_len(v));
        out
    }

    #[test]
    fn u29_boundaries() {
        let cases: &[(u32, &[u8])] = &[
            (0, &[0x00]),
            (0x7F, &[0x7F]),
            (0x80, &[0x81, 0x00]),
            (0x3FFF, &[0xFF, 0x7F]),
            (0x4000, &[0x81, 0x80, 0x00]),
            (0x1F_FFFF, &[0xFF, 0xFF, 0x7F]),
            (0x20_0000, &[0x80, 0xC0, 0x80, 0x00]),
            (0x0FFF_FFFF, &[0xBF, 0xFF, 0xFF, 0xFF]),
            (U29_MAX, &[0xFF, 0xFF, 0xFF, 0xFF]),
        ];
        for &(v, bytes) in cases {
            assert_eq!(enc(v), bytes, "{v:#x}");
            assert_eq!(decode_u29(bytes), Some((v, bytes.len())), "{v:#x}");
            // After other bytes, with the marker: the same U29, nothing else
            // touched.
            let mut out = vec![0xEE, 0xDD];
            write_marked_u29(&mut out, 0x04, v);
            assert_eq!(out[..3], [0xEE, 0xDD, 0x04], "{v:#x}");
            assert_eq!(out[3..], *bytes, "{v:#x}");
        }
        // Every length boundary and its neighbours, against `write_u29`.
        for edge in [0x80u32, 0x4000, 0x20_0000, U29_MAX] {
            for v in [edge - 1, edge, edge.saturating_add(1).min(U29_MAX)] {
                let mut out = Vec::new();
                write_marked_u29(&mut out, 0x04, v);
                let mut want = vec![0x04];
                want.extend(enc(v));
                assert_eq!(out, want, "{v:#x}");
            }
        }
        assert_eq!(decode_u29(&[0x80, 0x80]), None);
    }

    #[test]
    fn sign_extension() {
        assert_eq!(sign_extend(0x1FFF_FFFF), -1);
        assert_eq!(sign_extend(0x1000_0000), INT_MIN);
        assert_eq!(sign_extend(0x0FFF_FFFF), INT_MAX);
        assert_eq!(sign_extend(5), 5);
        assert_eq!(enc((-1i32 as u32) & U29_MAX), [0xFF, 0xFF, 0xFF, 0xFF]);
        assert_eq!(enc((INT_MIN as u32) & U29_MAX), [0xC0, 0x80, 0x80, 0x00]);
    }

    #[test]
    fn complex_markers() {
        let complex: Vec<u8> = (0..=0x11).filter(|&m| is_complex(m)).collect();
        assert_eq!(
            complex,
            [0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11]
        );
    }
}
