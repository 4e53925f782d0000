//! [`StreamDeserializer`]: consecutive AMF3 values read from one input.

use serde::de;

use super::Deserializer;
use crate::error::Result;
use crate::read::Read;
// Public type of its own, like amf0/de/stream.rs's (serde_json has one per format too): the fields
// match, the deserializer differs; the stepping rule is written once, `de_common::stream_next`.
/// An iterator over consecutive AMF3 values in one input, from
/// [`Deserializer::into_iter`]. Ends at the end of the input; yields an error
/// (and then ends) on bad input.
///
/// ```
/// let bytes = [0x04, 0x01, 0x04, 0x02, 0x04, 0x03];
/// let de = amf_serde::amf3::Deserializer::from_slice(&bytes);
/// let values: Vec<i32> = de.into_iter().collect::<Result<_, _>>()?;
/// assert_eq!(values, [1, 2, 3]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
pub struct StreamDeserializer<'de, R, T> {
    pub(super) de: Deserializer<'de, R>,
    pub(super) failed: bool,
    pub(super) _marker: std::marker::PhantomData<T>,
}

impl<'de, R: Read<'de>, T> StreamDeserializer<'de, R, T> {
    /// Offset of the first byte after the last value read.
    pub fn byte_offset(&self) -> usize {
        self.de.read.pos()
    }
}

impl<'de, R: Read<'de>, T: de::Deserialize<'de>> Iterator for StreamDeserializer<'de, R, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        crate::de_common::stream_next(&mut self.de, &mut self.failed)
    }
}
