//! Conversions between [`Value`] and `serde_json::Value` (feature
//! `serde_json`).

use super::{int_value, Value};
use crate::error::{Error, ErrorCode};
use crate::types::Object;

#[cfg_attr(docsrs, doc(cfg(feature = "serde_json")))]
impl From<serde_json::Value> for Value {
    /// JSON to AMF: numbers that are integers in −2^28 … 2^28−1 become
    /// [`Value::Integer`], other numbers [`Value::Double`] (integers beyond
    /// ±2^53 lose precision there), objects anonymous dynamic objects.
    ///
    /// ```
    /// use amf_serde::Value;
    ///
    /// let v = Value::from(serde_json::json!({"a": [1, 2.5, "x", null]}));
    /// assert_eq!(v["a"][0], Value::Integer(1));
    /// assert_eq!(amf_serde::to_vec(&v)?.len(), 24);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    fn from(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => int_value(i),
                None => Value::Double(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => {
                Value::from(a.into_iter().map(Value::from).collect::<Vec<_>>())
            }
            serde_json::Value::Object(o) => Value::from(Object::anonymous(
                o.into_iter().map(|(k, v)| (k, Value::from(v))),
            )),
        }
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde_json")))]
impl TryFrom<&Value> for serde_json::Value {
    type Error = Error;

    /// AMF to JSON, in the plain shape `Value` has in other formats: dates
    /// as milliseconds, XML as strings, byte arrays as arrays of numbers,
    /// class aliases dropped, NaN and infinities as `null`.
    ///
    /// Dictionaries with string keys become objects, others lists of
    /// `[key, value]` pairs.
    ///
    /// A node held in several places is written out at each place, within
    /// a budget proportional to the value's own size; nesting is limited
    /// to 512 levels.
    ///
    /// # Errors
    /// A [`Value::Cycle`] (JSON has no references); the work-limit error
    /// when the shared nodes unfold beyond the budget; the depth-limit
    /// error.
    ///
    /// ```
    /// let v = amf_serde::amf_value!({"when": (amf_serde::types::Date::from_millis(1.0e12))});
    /// let j = serde_json::Value::try_from(&v)?;
    /// assert_eq!(j, serde_json::json!({"when": 1.0e12}));
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    fn try_from(v: &Value) -> Result<serde_json::Value, Error> {
        let message = |e: serde_json::Error| Error::code(ErrorCode::Message(e.to_string().into()));
        if super::budget::active() {
            return serde_json::to_value(v).map_err(message);
        }
        let (r, outcome) = super::budget::scoped(v, || serde_json::to_value(v));
        r.map_err(|e| {
            outcome
                .error(super::budget::MAX_DEPTH)
                .unwrap_or_else(|| message(e))
        })
    }
}
