//! [`Date`]: an AMF date (milliseconds since the epoch, and the AMF0
//! time-zone field kept for byte-exact copies). Its serde impls are in
//! `value/types.rs`.

/// A point in time: milliseconds since 1970-01-01T00:00Z, as a double (AMF3
/// `0x08`, AMF0 `0x0B`).
///
/// AMF0 dates carry a time-zone field that writers fill inconsistently and
/// readers must ignore; it is kept here only so that a decoded value can be
/// written back unchanged. It never shifts the timestamp.
///
/// ```
/// use amf_serde::types::Date;
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let d = Date::from_millis(1_577_836_800_000.0); // 2020-01-01T00:00Z
/// assert_eq!(d.to_system_time(), Some(UNIX_EPOCH + Duration::from_secs(1_577_836_800)));
/// assert_eq!(Date::from(UNIX_EPOCH + Duration::from_millis(1500)).millis(), 1500.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default)]
pub struct Date {
    millis: f64,
    timezone: i16,
}

impl Date {
    /// A date `millis` milliseconds after the epoch (negative before it).
    pub const fn from_millis(millis: f64) -> Self {
        Date {
            millis,
            timezone: 0,
        }
    }

    /// Milliseconds since the epoch.
    pub const fn millis(&self) -> f64 {
        self.millis
    }

    /// The raw AMF0 time-zone field (0 unless decoded from AMF0 that had one).
    pub const fn timezone(&self) -> i16 {
        self.timezone
    }

    /// The same instant with the given raw AMF0 time-zone field.
    pub const fn with_timezone(mut self, timezone: i16) -> Self {
        self.timezone = timezone;
        self
    }

    /// The instant as a [`std::time::SystemTime`]; `None` for NaN, infinite
    /// or unrepresentable values.
    pub fn to_system_time(&self) -> Option<std::time::SystemTime> {
        use std::time::{Duration, UNIX_EPOCH};
        if !self.millis.is_finite() || self.millis.abs() >= 9.0e15 {
            return None;
        }
        // Whole milliseconds exactly, the fraction to the nearest nanosecond.
        let abs = self.millis.abs();
        let whole = abs.trunc();
        let d = Duration::from_millis(whole as u64)
            + Duration::from_nanos(((abs - whole) * 1e6).round() as u64);
        if self.millis >= 0.0 {
            UNIX_EPOCH.checked_add(d)
        } else {
            UNIX_EPOCH.checked_sub(d)
        }
    }
}

impl From<std::time::SystemTime> for Date {
    fn from(t: std::time::SystemTime) -> Self {
        let millis = match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_secs_f64() * 1000.0,
            Err(e) => -(e.duration().as_secs_f64() * 1000.0),
        };
        Date::from_millis(millis)
    }
}
