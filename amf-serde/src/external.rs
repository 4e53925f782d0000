//! Externalizable classes: their bodies have no length, so only code that
//! knows the class can read them.
//!
//! Which classes a decoder can read is decided by the program, explicitly,
//! never by what a thread happened to decode before:
//!
//! - decoding straight into an `#[amf(alias = "…", externalizable)]` type,
//!   or into an `#[amf]` enum with such a variant, reads that class with the
//!   type's own reader (the type is named in the call);
//! - everything else (a [`Value`], a type reached through
//!   [`read_object_as`](trait.DataInput.html#method.read_object_as), a
//!   class with a hand-written reader) is registered on
//!   [`Options`](crate::Options): [`Options::with_externalizable`] for a
//!   derived type, [`Options::with_external`] for a reader closure.
//!
//! The same bytes with the same options give the same result on every
//! thread.
//!
//! ```
//! use amf_serde::external::{DataInput, DataOutput, Externalizable};
//! use amf_serde::{amf, Options, Value};
//!
//! #[amf(alias = "app.Point", externalizable)]
//! #[derive(Debug, PartialEq)]
//! struct Point { x: f64, y: f64 }
//!
//! impl Externalizable for Point {
//!     fn write_external(&self, out: &mut dyn DataOutput) -> amf_serde::Result<()> {
//!         out.write_double(self.x)?;
//!         out.write_double(self.y)
//!     }
//!     fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
//!         Ok(Point { x: input.read_double()?, y: input.read_double()? })
//!     }
//! }
//!
//! let bytes = amf_serde::to_vec(&Point { x: 1.0, y: 2.0 })?;
//! // Typed: the type knows its class.
//! assert_eq!(amf_serde::from_slice::<Point>(&bytes)?, Point { x: 1.0, y: 2.0 });
//! // Into `Value`: only with the class registered.
//! assert!(amf_serde::from_slice::<Value>(&bytes).is_err());
//! let opts = Options::new().with_externalizable::<Point>();
//! let v: Value = opts.from_slice(&bytes)?;
//! assert_eq!(v.class(), Some("app.Point"));
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! [`Options::with_externalizable`]: crate::Options::with_externalizable
//! [`Options::with_external`]: crate::Options::with_external

use crate::error::Result;
use crate::types::{DataItem, Value};

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
///
/// A reader is any closure (it may carry state, such as the readers of the
/// classes nested in the body):
///
/// ```
/// use std::sync::Arc;
/// use amf_serde::external::{DataInput, ExternalReader};
///
/// let count = 2;
/// let reader = move |input: &mut dyn DataInput| {
///     for _ in 0..count {
///         input.read_double()?;
///     }
///     Ok(())
/// };
/// let opts = amf_serde::Options::new().with_external("ExternalizableTest", reader);
/// // How the options keep it:
/// let kept: ExternalReader = Arc::new(|input: &mut dyn DataInput| input.read_double().map(drop));
/// # let _ = (opts, kept);
/// ```
pub type ExternalReader = std::sync::Arc<dyn Fn(&mut dyn DataInput) -> Result<()> + Send + Sync>;

/// An externalizable type together with its class alias: what
/// `#[amf(alias = "…", externalizable)]` implements, and what
/// [`Options::with_externalizable`](crate::Options::with_externalizable)
/// registers.
pub trait ExternalizableClass: Externalizable {
    /// The class alias.
    const ALIAS: &'static str;
}

/// The reader of `T`'s body: runs `read_external` and drops the result (the
/// items it read are recorded by the decoder).
pub(crate) fn reader_of<T: Externalizable>() -> ExternalReader {
    std::sync::Arc::new(|input: &mut dyn DataInput| T::read_external(input).map(drop))
}

/// How the body of a registered class is read.
#[derive(Clone)]
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

// A thread-local hand-off: serde gives a deserializer only a generic
// visitor, which it cannot downcast to find the readers of the type being
// decoded, so the type's `Deserialize` impl leaves them here for the one
// decoder call it makes. Safe because `with_hints` installs them for the
// duration of that call only and restores the previous set when it returns
// (also on a panic), and the decoder takes them (`take_hints`) before
// reading anything, so nested values never see an outer type's readers.
thread_local! {
    /// Readers handed to the next AMF decoder call by a type that names its
    /// own class (see [`hint`]).
    static HINTS: std::cell::RefCell<Vec<(&'static str, ExternalReader)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` (a call into a deserializer) with `hints`: readers for the
/// classes that the type being decoded names itself (an externalizable type,
/// the externalizable variants of an `#[amf]` enum). An AMF decoder takes
/// them when `f` asks it for a value; they are gone when `f` returns, so
/// what one call decodes never depends on an earlier one.
pub(crate) fn with_hints<R>(
    hints: Vec<(&'static str, ExternalReader)>,
    f: impl FnOnce() -> R,
) -> R {
    struct Clear(Vec<(&'static str, ExternalReader)>);
    impl Drop for Clear {
        fn drop(&mut self) {
            let saved = std::mem::take(&mut self.0);
            HINTS.with(|h| *h.borrow_mut() = saved);
        }
    }
    let saved = HINTS.with(|h| std::mem::replace(&mut *h.borrow_mut(), hints));
    let _clear = Clear(saved);
    f()
}

/// The hints for the value being decoded now (see [`with_hints`]).
pub(crate) fn take_hints() -> Vec<(&'static str, ExternalReader)> {
    HINTS.with(|h| std::mem::take(&mut *h.borrow_mut()))
}
