//! [`External`]: an object of an externalizable class, its body as the
//! [`DataItem`]s its `writeExternal` produced.

use super::{Name, Value};

/// An object of an externalizable class (AMF3 traits flag `…111`): the class
/// alias and the body its `writeExternal` produced, as the sequence of
/// `IDataOutput` items that a registered reader read.
#[derive(Clone, PartialEq, Default)]
pub struct External {
    /// The class alias.
    pub class: Name,
    /// The body, item by item.
    pub body: Vec<DataItem>,
    /// The dynamic flag of the traits, set besides the externalizable one
    /// (AMF3 `0a 0f` instead of `0a 07`). Wire information only: Flash
    /// Player sets it for externalizable classes that are also dynamic
    /// (Flex `ObjectProxy`); other writers leave it clear, and so should
    /// values built by hand. Its traits are a table entry of their own.
    ///
    /// ```
    /// use amf_serde::types::External;
    /// use amf_serde::{Options, Value};
    ///
    /// // An ObjectProxy as Flash Player writes it: its body is one value (null).
    /// let mut bytes = vec![0x0a, 0x0f, 0x3b];
    /// bytes.extend_from_slice(b"flex.messaging.io.ObjectProxy");
    /// bytes.push(0x01);
    /// let v: Value = amf_serde::from_slice(&bytes)?;
    /// let e: &External = v.as_external().unwrap();
    /// assert!(e.dynamic);
    /// assert_eq!(amf_serde::to_vec(&v)?, bytes);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    pub dynamic: bool,
}

impl std::fmt::Debug for External {
    /// As derived, with `dynamic` shown only when it is set.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("External");
        d.field("class", &self.class).field("body", &self.body);
        if self.dynamic {
            d.field("dynamic", &self.dynamic);
        }
        d.finish()
    }
}

impl External {
    /// For classes whose body is one AMF value (Flex `ArrayCollection`,
    /// `ArrayList`, `ObjectProxy`): that value.
    pub fn value(&self) -> Option<&Value> {
        match self.body.as_slice() {
            [DataItem::Value(v)] => Some(v),
            _ => None,
        }
    }
}

/// One item of an externalizable body, as `IDataInput`/`IDataOutput` read and
/// write them (all big-endian).
#[derive(Clone, Debug, PartialEq)]
pub enum DataItem {
    /// `writeBoolean`: one byte.
    Bool(bool),
    /// `writeByte`, read with `readByte`: one signed byte.
    Byte(i8),
    /// `writeByte`, read with `readUnsignedByte`.
    UnsignedByte(u8),
    /// `writeShort`, read with `readShort`: 16 bits, signed.
    Short(i16),
    /// `writeShort`, read with `readUnsignedShort`.
    UnsignedShort(u16),
    /// `writeInt`: 32 bits, signed.
    Int(i32),
    /// `writeUnsignedInt`: 32 bits, unsigned.
    UnsignedInt(u32),
    /// `writeFloat`: IEEE single.
    Float(f32),
    /// `writeDouble`: IEEE double.
    Double(f64),
    /// `writeUTF`: a `U16` byte length and UTF-8.
    Utf(String),
    /// `writeUTFBytes` (no length) as read with `readUTFBytes(n)`.
    UtfBytes(String),
    /// `writeBytes` as read with `readBytes(n)`.
    Bytes(Vec<u8>),
    /// `writeObject`: a nested AMF3 value sharing the stream's tables.
    Value(Value),
}
