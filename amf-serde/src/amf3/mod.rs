//! AMF3: the ActionScript 3 format (`ByteArray.writeObject`, Flex remoting
//! bodies, AMF3 `.sol` files).
//!
//! See [`crate::spec`] for how every serde type maps to AMF3 markers.

pub(crate) mod de;
#[cfg(test)]
mod doubles;
pub mod marker;
mod ser;
mod strings;
mod value;

pub use de::{
    from_reader, from_reader_with, from_slice, from_slice_with, Deserializer, StreamDeserializer,
};
pub use ser::{to_vec, to_vec_with, to_writer, to_writer_with, Compound, Serializer};
