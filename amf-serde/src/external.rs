//! Externalizable classes: their bodies have no length, so only code that
//! knows the class can read them. Readers are registered by class alias in
//! [`Options`](crate::Options).

use crate::error::Result;
use crate::types::DataItem;
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

/// The Flex classes registered out of the box (`mx.collections.ArrayCollection`,
/// `ArrayList` and `mx.utils.ObjectProxy` on the Flex side): each writes one
/// AMF value as its body.
pub(crate) const FLEX_ONE_VALUE: [&str; 3] = [
    "flex.messaging.io.ArrayCollection",
    "flex.messaging.io.ArrayList",
    "flex.messaging.io.ObjectProxy",
];

impl dyn DataInput + '_ {
    /// `readObject` into any `T: Deserialize` (through [`Value`]).
    ///
    /// # Errors
    /// As [`DataInput::read_object`], or when the value does not fit `T`.
    pub fn read_object_as<T: serde::de::DeserializeOwned>(&mut self) -> Result<T> {
        // Externalizable types inside the value must be known before its
        // body is read.
        crate::__private::register_reachable::<T>();
        crate::value::from_value(self.read_object()?)
    }
}

/// The writing side of an externalizable body, like ActionScript's
/// `IDataOutput`. Implementors provide [`DataOutput::write_item`]; the
/// other methods are written in terms of it.
pub trait DataOutput {
    /// Writes one item.
    ///
    /// # Errors
    /// When the item cannot be written (a `writeUTF` string over 65535
    /// bytes, say).
    fn write_item(&mut self, item: DataItem) -> Result<()>;

    /// `writeBoolean`.
    fn write_bool(&mut self, v: bool) -> Result<()> {
        self.write_item(DataItem::Bool(v))
    }
    /// `writeByte`.
    fn write_byte(&mut self, v: i8) -> Result<()> {
        self.write_item(DataItem::Byte(v))
    }
    /// `writeByte` with an unsigned value.
    fn write_unsigned_byte(&mut self, v: u8) -> Result<()> {
        self.write_item(DataItem::UnsignedByte(v))
    }
    /// `writeShort`.
    fn write_short(&mut self, v: i16) -> Result<()> {
        self.write_item(DataItem::Short(v))
    }
    /// `writeShort` with an unsigned value.
    fn write_unsigned_short(&mut self, v: u16) -> Result<()> {
        self.write_item(DataItem::UnsignedShort(v))
    }
    /// `writeInt`.
    fn write_int(&mut self, v: i32) -> Result<()> {
        self.write_item(DataItem::Int(v))
    }
    /// `writeUnsignedInt`.
    fn write_unsigned_int(&mut self, v: u32) -> Result<()> {
        self.write_item(DataItem::UnsignedInt(v))
    }
    /// `writeFloat`.
    fn write_float(&mut self, v: f32) -> Result<()> {
        self.write_item(DataItem::Float(v))
    }
    /// `writeDouble`.
    fn write_double(&mut self, v: f64) -> Result<()> {
        self.write_item(DataItem::Double(v))
    }
    /// `writeUTF`: `U16` length and UTF-8.
    fn write_utf(&mut self, v: &str) -> Result<()> {
        self.write_item(DataItem::Utf(v.to_owned()))
    }
    /// `writeUTFBytes`: UTF-8 without a length.
    fn write_utf_bytes(&mut self, v: &str) -> Result<()> {
        self.write_item(DataItem::UtfBytes(v.to_owned()))
    }
    /// `writeBytes`.
    fn write_bytes(&mut self, v: &[u8]) -> Result<()> {
        self.write_item(DataItem::Bytes(v.to_vec()))
    }
    /// `writeObject` of a [`Value`], sharing the stream's reference tables.
    fn write_value(&mut self, v: Value) -> Result<()> {
        self.write_item(DataItem::Value(v))
    }
}

impl dyn DataOutput + '_ {
    /// `writeObject` of any `T: Serialize` (through [`Value`]).
    ///
    /// # Errors
    /// When `value` cannot be converted (see [`crate::to_value`]).
    pub fn write_object<T: ?Sized + serde::Serialize>(&mut self, value: &T) -> Result<()> {
        self.write_value(crate::value::to_value(value)?)
    }
}

/// A Rust type that an ActionScript class implementing `IExternalizable`
/// maps to. With `#[amf(alias = "…", externalizable)]`, the type's serde
/// impls come from these hooks.
///
/// ```
/// use amf_serde::external::{DataInput, DataOutput, Externalizable};
///
/// /// `flex.messaging.io.ArrayCollection`: its body is the source array.
/// struct Collection(Vec<String>);
///
/// impl Externalizable for Collection {
///     fn write_external(&self, output: &mut dyn DataOutput) -> amf_serde::Result<()> {
///         output.write_object(&self.0)
///     }
///     fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
///         input.read_object_as().map(Collection)
///     }
/// }
/// ```
pub trait Externalizable: Sized {
    /// Writes the body, as the class's `writeExternal` does.
    ///
    /// # Errors
    /// When an item cannot be written.
    fn write_external(&self, output: &mut dyn DataOutput) -> Result<()>;

    /// Reads the body, in the order `write_external` wrote it.
    ///
    /// # Errors
    /// When the body does not match.
    fn read_external(input: &mut dyn DataInput) -> Result<Self>;
}

thread_local! {
    /// Readers of the externalizable types this thread has decoded into:
    /// deserializing a type named in the program registers its class, so a
    /// stream can only make the decoder run readers the program asked for.
    static REGISTERED: std::cell::RefCell<Vec<(&'static str, ExternalReader)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Registers `reader` for `alias` on this thread, replacing an earlier one
/// (the latest type decoded under an alias wins, so that instances of one
/// generic type do not use each other's reader).
pub(crate) fn register_thread_local(alias: &'static str, reader: ExternalReader) {
    REGISTERED.with(|r| {
        let mut r = r.borrow_mut();
        match r.iter_mut().find(|(a, _)| *a == alias) {
            Some(entry) => entry.1 = reader,
            None => r.push((alias, reader)),
        }
    });
}

pub(crate) fn registered(alias: &str) -> Option<ExternalReader> {
    REGISTERED.with(|r| {
        r.borrow()
            .iter()
            .find(|(a, _)| *a == alias)
            .map(|(_, f)| *f)
    })
}
