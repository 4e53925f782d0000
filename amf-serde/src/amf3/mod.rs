//! AMF3: the ActionScript 3 format (`ByteArray.writeObject`, Flex remoting
//! bodies, AMF3 `.sol` files).
//!
//! See [`crate::spec`] for how every serde type maps to AMF3 markers.

pub(crate) mod de;
pub mod marker;
mod ser;
mod value;

pub use de::{from_reader, from_slice, Deserializer, StreamDeserializer};
pub(crate) use ser::to_vec_with;
pub use ser::{to_vec, to_writer, Compound, Serializer};
