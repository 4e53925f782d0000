//! [`Replay`]: the [`DataInput`] that plays the items of a decoded
//! externalizable body back to `read_external`.

use crate::external::DataInput;
use crate::types::DataItem;
use crate::value::Value;
/// Plays recorded items back to `read_external`.
pub(super) struct Replay {
    pub(super) items: Vec<DataItem>,
    pub(super) next: usize,
}

impl Replay {
    fn take(&mut self, what: &str) -> crate::Result<DataItem> {
        let item = self.items.get(self.next).cloned();
        self.next += 1;
        item.ok_or_else(|| {
            crate::Error::code(crate::error::ErrorCode::Message(
                format!("externalizable body ended before {what}").into(),
            ))
        })
    }
}

fn mismatch(what: &str, found: &DataItem) -> crate::Error {
    crate::Error::code(crate::error::ErrorCode::Message(
        format!("externalizable body: expected {what}, found {found:?}").into(),
    ))
}

macro_rules! replay_number {
    ($($method:ident -> $ty:ty: $($variant:ident)|+;)*) => {$(
        fn $method(&mut self) -> crate::Result<$ty> {
            let item = self.take(stringify!($ty))?;
            match &item {
                $(DataItem::$variant(v) => Ok(*v as $ty),)+
                DataItem::Value(v) => match v.as_f64() {
                    Some(f) if f as $ty as f64 == f => Ok(f as $ty),
                    _ => Err(mismatch(stringify!($ty), &item)),
                },
                _ => Err(mismatch(stringify!($ty), &item)),
            }
        }
    )*};
}

impl DataInput for Replay {
    fn read_bool(&mut self) -> crate::Result<bool> {
        let item = self.take("a boolean")?;
        match &item {
            DataItem::Bool(b) => Ok(*b),
            DataItem::Value(Value::Bool(b)) => Ok(*b),
            _ => Err(mismatch("a boolean", &item)),
        }
    }

    replay_number! {
        read_byte -> i8: Byte | UnsignedByte;
        read_unsigned_byte -> u8: UnsignedByte | Byte;
        read_short -> i16: Short | UnsignedShort;
        read_unsigned_short -> u16: UnsignedShort | Short;
        read_int -> i32: Int | UnsignedInt;
        read_unsigned_int -> u32: UnsignedInt | Int;
    }

    fn read_float(&mut self) -> crate::Result<f32> {
        let item = self.take("a float")?;
        match &item {
            DataItem::Float(f) => Ok(*f),
            DataItem::Value(v) => v
                .as_f64()
                .map(|f| f as f32)
                .ok_or_else(|| mismatch("a float", &item)),
            _ => Err(mismatch("a float", &item)),
        }
    }

    fn read_double(&mut self) -> crate::Result<f64> {
        let item = self.take("a double")?;
        match &item {
            DataItem::Double(f) => Ok(*f),
            DataItem::Float(f) => Ok(f64::from(*f)),
            DataItem::Value(v) => v.as_f64().ok_or_else(|| mismatch("a double", &item)),
            _ => Err(mismatch("a double", &item)),
        }
    }

    fn read_utf(&mut self) -> crate::Result<String> {
        let item = self.take("a string")?;
        let mut item = item;
        match &mut item {
            DataItem::Utf(s) | DataItem::UtfBytes(s) | DataItem::Value(Value::String(s)) => {
                Ok(std::mem::take(s))
            }
            other => Err(mismatch("a string", other)),
        }
    }

    fn read_utf_bytes(&mut self, _len: usize) -> crate::Result<String> {
        self.read_utf()
    }

    fn read_bytes(&mut self, _len: usize) -> crate::Result<Vec<u8>> {
        let item = self.take("bytes")?;
        let mut item = item;
        match &mut item {
            DataItem::Bytes(b) => Ok(std::mem::take(b)),
            DataItem::Value(Value::ByteArray(b)) => Ok(b.0.clone()),
            other => Err(mismatch("bytes", other)),
        }
    }

    fn read_object(&mut self) -> crate::Result<Value> {
        let item = self.take("an object")?;
        Ok(Value::from(item))
    }
}
