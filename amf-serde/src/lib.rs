//! Serde support for Adobe's Action Message Format, AMF0 and AMF3.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod amf3;
mod error;
mod options;
pub mod read;
mod util;

pub use error::{Category, Error, Result};
pub use options::Options;

#[doc(inline)]
pub use amf3::{from_reader, from_slice, to_vec, to_writer};
