//! Numeric wire rules shared by both formats and the [`Value`](crate::Value)
//! model, each written once: which integers a double holds exactly (AMF has
//! no 64-bit integer, so every wider integer travels as a double), which
//! doubles are integers of a Rust integer type, and the error for an integer
//! a double cannot hold; the AMF3 integer range and length maximum (public
//! as `amf3::marker::{INT_MIN, INT_MAX, MAX_LEN}`), which `Value` and
//! `Options` use too.

use std::fmt;

use crate::error::{Error, ErrorCode, Result};

/// Smallest integer written with marker `0x04`.
pub const INT_MIN: i32 = -(1 << 28);
/// Largest integer written with marker `0x04`.
pub const INT_MAX: i32 = (1 << 28) - 1;
/// Largest length (or count, or reference index) a U29 header carries next
/// to its inline flag bit: 2^28 − 1.
pub const MAX_LEN: u32 = (1 << 28) - 1;

/// 2^63 as a double: integral doubles in `-2^63 .. 2^63` fit an `i64`.
pub(crate) const TWO_63: f64 = 9.223_372_036_854_776e18;
/// 2^64 as a double: integral doubles in `0 .. 2^64` fit a `u64`.
pub(crate) const TWO_64: f64 = 1.844_674_407_370_955_2e19;
/// 2^127 as a double: integral doubles in `-2^127 .. 2^127` fit an `i128`.
pub(crate) const TWO_127: f64 = 1.701_411_834_604_692_3e38;
/// 2^128 as a double: integral doubles in `0 .. 2^128` fit a `u128`.
pub(crate) const TWO_128: f64 = 3.402_823_669_209_385e38;

/// `v` as a double if the double holds it exactly.
#[inline]
pub(crate) fn i64_to_f64(v: i64) -> Option<f64> {
    let f = v as f64;
    (f < TWO_63 && f as i64 == v).then_some(f)
}

/// `v` as a double if the double holds it exactly.
#[inline]
pub(crate) fn u64_to_f64(v: u64) -> Option<f64> {
    let f = v as f64;
    (f < TWO_64 && f as u64 == v).then_some(f)
}

/// `v` as a double if the double holds it exactly.
#[inline]
pub(crate) fn i128_to_f64(v: i128) -> Option<f64> {
    let f = v as f64;
    (f.is_finite() && f < TWO_127 && f as i128 == v).then_some(f)
}

/// `v` as a double if the double holds it exactly.
#[inline]
pub(crate) fn u128_to_f64(v: u128) -> Option<f64> {
    let f = v as f64;
    (f.is_finite() && f < TWO_128 && f as u128 == v).then_some(f)
}

/// The double an encoder writes for the integer `v`: exact, or (with
/// [`Options::with_lossy_integers`](crate::Options::with_lossy_integers))
/// the nearest double; otherwise the "not exactly representable" error.
macro_rules! to_f64_or_lossy {
    ($($name:ident($ty:ty) via $exact:ident;)*) => {$(
        #[inline]
        pub(crate) fn $name(v: $ty, lossy: bool) -> Result<f64> {
            match $exact(v) {
                Some(f) => Ok(f),
                None if lossy => Ok(v as f64),
                None => Err(not_exact(v)),
            }
        }
    )*};
}

to_f64_or_lossy! {
    i64_to_wire_f64(i64) via i64_to_f64;
    u64_to_wire_f64(u64) via u64_to_f64;
    i128_to_wire_f64(i128) via i128_to_f64;
    u128_to_wire_f64(u128) via u128_to_f64;
}

/// The error for an integer a double cannot hold exactly.
#[cold]
pub(crate) fn not_exact<T: fmt::Display>(v: T) -> Error {
    Error::code(ErrorCode::NotExactlyRepresentable {
        what: "integer",
        value: v.to_string().into(),
    })
}

/// `d` as an `i64` if it is integral and in range.
#[inline]
pub(crate) fn f64_to_i64(d: f64) -> Option<i64> {
    (d.fract() == 0.0 && (-TWO_63..TWO_63).contains(&d)).then_some(d as i64)
}

/// `d` as a `u64` if it is integral and in range.
#[inline]
pub(crate) fn f64_to_u64(d: f64) -> Option<u64> {
    (d.fract() == 0.0 && (0.0..TWO_64).contains(&d)).then_some(d as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_integers_at_the_edges() {
        assert_eq!(i64_to_f64(1 << 53), Some(9_007_199_254_740_992.0));
        assert_eq!(i64_to_f64((1 << 53) + 1), None);
        assert_eq!(i64_to_f64(i64::MIN), Some(-TWO_63));
        assert_eq!(i64_to_f64(i64::MAX), None);
        assert_eq!(u64_to_f64(u64::MAX), None);
        assert_eq!(u64_to_f64(1 << 63), Some(TWO_63));
        assert_eq!(i128_to_f64(i128::MIN), Some(-TWO_127));
        assert_eq!(i128_to_f64(i128::MAX), None);
        assert_eq!(u128_to_f64(u128::MAX), None);
        assert_eq!(u128_to_f64(1 << 127), Some(TWO_127));
        assert_eq!(i64_to_wire_f64(i64::MAX, true).ok(), Some(TWO_63));
        let err = i64_to_wire_f64(i64::MAX, false).unwrap_err();
        assert!(err.to_string().contains("9223372036854775807"), "{err}");
        assert_eq!(f64_to_i64(-TWO_63), Some(i64::MIN));
        assert_eq!(f64_to_i64(TWO_63), None);
        assert_eq!(f64_to_i64(1.5), None);
        assert_eq!(f64_to_u64(TWO_64), None);
        assert_eq!(f64_to_u64(-1.0), None);
        assert_eq!(f64_to_u64(TWO_63), Some(1 << 63));
    }
}
