//! The shorthand methods of [`Options`] that run a format
//! (`opts.from_slice(..)`, `opts.amf0_to_vec(..)`, …). They live above the
//! formats, so that `options` itself stays below them (see
//! ARCHITECTURE.md, "Layers").

use crate::options::Options;

impl Options {
    /// Shorthand for [`amf3::from_slice_with`](crate::amf3::from_slice_with)
    /// (the root [`from_slice`](crate::from_slice) is AMF3, so this is too).
    ///
    /// # Errors
    /// As [`crate::amf3::from_slice`].
    pub fn from_slice<'a, T: serde::Deserialize<'a>>(&self, bytes: &'a [u8]) -> crate::Result<T> {
        crate::amf3::from_slice_with(bytes, self)
    }

    /// Shorthand for [`amf3::from_reader_with`](crate::amf3::from_reader_with).
    ///
    /// # Errors
    /// As [`crate::amf3::from_reader`].
    pub fn from_reader<R: std::io::Read, T: serde::de::DeserializeOwned>(
        &self,
        reader: R,
    ) -> crate::Result<T> {
        crate::amf3::from_reader_with(reader, self)
    }

    /// Shorthand for [`amf3::to_vec_with`](crate::amf3::to_vec_with).
    ///
    /// # Errors
    /// As [`crate::amf3::to_vec`].
    pub fn to_vec<T: ?Sized + serde::Serialize>(&self, value: &T) -> crate::Result<Vec<u8>> {
        crate::amf3::to_vec_with(value, self)
    }

    /// Shorthand for [`amf3::to_writer_with`](crate::amf3::to_writer_with).
    ///
    /// # Errors
    /// As [`crate::amf3::to_writer`].
    pub fn to_writer<W: std::io::Write, T: ?Sized + serde::Serialize>(
        &self,
        writer: W,
        value: &T,
    ) -> crate::Result<()> {
        crate::amf3::to_writer_with(writer, value, self)
    }

    /// Shorthand for [`amf0::from_slice_with`](crate::amf0::from_slice_with).
    ///
    /// # Errors
    /// As [`crate::amf0::from_slice`].
    pub fn amf0_from_slice<'a, T: serde::Deserialize<'a>>(
        &self,
        bytes: &'a [u8],
    ) -> crate::Result<T> {
        crate::amf0::from_slice_with(bytes, self)
    }

    /// Shorthand for [`amf0::from_reader_with`](crate::amf0::from_reader_with).
    ///
    /// # Errors
    /// As [`crate::amf0::from_reader`].
    pub fn amf0_from_reader<R: std::io::Read, T: serde::de::DeserializeOwned>(
        &self,
        reader: R,
    ) -> crate::Result<T> {
        crate::amf0::from_reader_with(reader, self)
    }

    /// Shorthand for [`amf0::to_vec_with`](crate::amf0::to_vec_with).
    ///
    /// ```
    /// use amf_serde::{options::Amf0Bytes, Options};
    ///
    /// let opts = Options::new().with_amf0_bytes(Amf0Bytes::NumberArray);
    /// let bytes = opts.amf0_to_vec(&serde_bytes::Bytes::new(&[7]))?;
    /// assert_eq!(bytes, [0x0a, 0, 0, 0, 1, 0x00, 0x40, 0x1c, 0, 0, 0, 0, 0, 0]);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`crate::amf0::to_vec`].
    pub fn amf0_to_vec<T: ?Sized + serde::Serialize>(&self, value: &T) -> crate::Result<Vec<u8>> {
        crate::amf0::to_vec_with(value, self)
    }

    /// Shorthand for [`amf0::to_writer_with`](crate::amf0::to_writer_with).
    ///
    /// # Errors
    /// As [`crate::amf0::to_writer`].
    pub fn amf0_to_writer<W: std::io::Write, T: ?Sized + serde::Serialize>(
        &self,
        writer: W,
        value: &T,
    ) -> crate::Result<()> {
        crate::amf0::to_writer_with(writer, value, self)
    }
}
