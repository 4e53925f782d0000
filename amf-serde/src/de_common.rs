//! Checks shared by the AMF0, AMF3 and `Value` deserializers.

use crate::error::{Error, ErrorCode, Result};
use crate::options::Options;

/// Accepts an object of class `found` for a type with alias `expected`: the
/// same class, or an anonymous object unless aliases are strict.
pub(crate) fn check_class(expected: &str, found: &str, opts: &Options) -> Result<()> {
    if found == expected || (found.is_empty() && !opts.strict_aliases) {
        return Ok(());
    }
    Err(Error::code(ErrorCode::ClassMismatch {
        expected: expected.into(),
        found: found.into(),
    }))
}
