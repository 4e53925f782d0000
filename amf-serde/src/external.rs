//! Externalizable classes: their bodies have no length, so only code that
//! knows the class can read them. Readers are registered by class alias in
//! [`Options`](crate::Options).

use crate::error::Result;
use crate::value::Value;

/// The reading side of an externalizable body, like ActionScript's
/// `IDataInput` (all numbers big-endian). Every read is also recorded, so the
/// body can be kept in a [`Value`] and written back byte for byte.
pub trait DataInput {
    /// `readBoolean`: one byte, non-zero is `true`.
    fn read_bool(&mut self) -> Result<bool>;
    /// `readByte`: a signed byte.
    fn read_byte(&mut self) -> Result<i8>;
    /// `readUnsignedByte`.
    fn read_unsigned_byte(&mut self) -> Result<u8>;
    /// `readShort`: 16 bits, signed.
    fn read_short(&mut self) -> Result<i16>;
    /// `readUnsignedShort`.
    fn read_unsigned_short(&mut self) -> Result<u16>;
    /// `readInt`: 32 bits, signed.
    fn read_int(&mut self) -> Result<i32>;
    /// `readUnsignedInt`.
    fn read_unsigned_int(&mut self) -> Result<u32>;
    /// `readFloat`: IEEE single precision.
    fn read_float(&mut self) -> Result<f32>;
    /// `readDouble`: IEEE double precision.
    fn read_double(&mut self) -> Result<f64>;
    /// `readUTF`: a `U16` byte length, then UTF-8.
    fn read_utf(&mut self) -> Result<String>;
    /// `readUTFBytes(len)`: `len` bytes of UTF-8.
    fn read_utf_bytes(&mut self, len: usize) -> Result<String>;
    /// `readBytes`: `len` raw bytes.
    fn read_bytes(&mut self, len: usize) -> Result<Vec<u8>>;
    /// `readObject`: one AMF value, sharing the enclosing stream's reference
    /// tables.
    fn read_object(&mut self) -> Result<Value>;
}

/// A reader for the body of one externalizable class: it calls the
/// [`DataInput`] methods in the order the class's `writeExternal` wrote.
///
/// ```
/// use amf_serde::external::DataInput;
/// use amf_serde::types::DataItem;
/// use amf_serde::{Options, Value};
///
/// // RocketAMF's ExternalizableTest writes two doubles.
/// fn two_doubles(input: &mut dyn DataInput) -> amf_serde::Result<()> {
///     input.read_double()?;
///     input.read_double()?;
///     Ok(())
/// }
///
/// let opts = Options::new().with_external("ExternalizableTest", two_doubles);
/// let bytes = [
///     0x0a, 0x07, 0x25, b'E', b'x', b't', b'e', b'r', b'n', b'a', b'l', b'i', b'z', b'a', b'b',
///     b'l', b'e', b'T', b'e', b's', b't', 0x40, 0x14, 0, 0, 0, 0, 0, 0, 0x40, 0x1c, 0, 0, 0, 0, 0, 0,
/// ];
/// let v: Value = opts.from_slice(&bytes)?;
/// let ext = v.as_external().unwrap();
/// assert_eq!(ext.class, "ExternalizableTest");
/// assert_eq!(ext.body, [DataItem::Double(5.0), DataItem::Double(7.0)]);
/// assert_eq!(amf_serde::to_vec(&v)?, bytes);
/// # Ok::<(), amf_serde::Error>(())
/// ```
pub type ExternalReader = fn(&mut dyn DataInput) -> Result<()>;

/// How the body of a registered class is read.
#[derive(Clone, Copy)]
pub(crate) enum ExternalCodec {
    /// The body is one AMF value (Flex `ArrayCollection` and friends): typed
    /// decoding sees that value directly.
    OneValue,
    /// A user-supplied reader.
    Reader(ExternalReader),
}

/// The Flex classes registered out of the box (`flex.md` §1): each writes
/// one AMF value as its body.
pub(crate) const FLEX_ONE_VALUE: [&str; 3] = [
    "flex.messaging.io.ArrayCollection",
    "flex.messaging.io.ArrayList",
    "flex.messaging.io.ObjectProxy",
];
