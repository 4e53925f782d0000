//! [`StreamDeserializer`]: consecutive AMF0 values (the arguments of an
//! RTMP command, say) read one after another.

use serde::de;

use super::Deserializer;
use crate::error::Result;
use crate::read::Read;

// Public type of its own, like amf3/de/stream.rs's (serde_json has one per format too): the fields
// match, the deserializer differs; the stepping rule is written once, `de_common::stream_next`.
/// An iterator over consecutive AMF0 values, from
/// [`Deserializer::into_iter`].
pub struct StreamDeserializer<'de, R, T> {
    pub(super) de: Deserializer<'de, R>,
    pub(super) failed: bool,
    pub(super) _marker: std::marker::PhantomData<T>,
}

impl<'de, R: Read<'de>, T> StreamDeserializer<'de, R, T> {
    /// Offset of the first byte after the last value read.
    pub fn byte_offset(&self) -> usize {
        self.de.byte_offset()
    }
}

impl<'de, R: Read<'de>, T: de::Deserialize<'de>> Iterator for StreamDeserializer<'de, R, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        crate::de_common::stream_next(&mut self.de, &mut self.failed)
    }
}
