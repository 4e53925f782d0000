//! Support for the code `amf-serde-derive` generates. Not public API.
#![doc(hidden)]

use std::sync::Arc;

use serde::de::{self, Deserializer};
use serde::ser::{self, Serializer};

use crate::external::{DataInput, DataOutput, Externalizable};
use crate::types::{DataItem, External, Name};
use crate::value::Value;

pub use serde;

pub use crate::dynamic::{
    deserialize_dynamic, serialize_dynamic, DynamicDeserialize, DynamicSerialize,
};

/// Prefix of the serde struct name of a type with `#[amf(alias = "…")]`.
pub const CLASS_PREFIX: &str = "$amf_serde::private::class::";
/// Prefix of the serde struct name of a type with `#[amf(alias = "…", dynamic)]`.
pub const DYNAMIC_CLASS_PREFIX: &str = "$amf_serde::private::dynamic_class::";
/// The serde name of the `#[amf(dynamic)]` field.
pub const DYNAMIC_FIELD: &str = "$amf_serde::private::dynamic";

/// The class alias and dynamic flag encoded in a serde struct name.
#[inline]
pub(crate) fn class_of(name: &str) -> Option<(&str, bool)> {
    if !name.starts_with('$') {
        return None;
    }
    if let Some(alias) = name.strip_prefix(CLASS_PREFIX) {
        return Some((alias, false));
    }
    name.strip_prefix(DYNAMIC_CLASS_PREFIX)
        .map(|alias| (alias, true))
}

/// `Serialize` for an externalizable type: its `write_external` items as
/// a [`Value::External`].
pub fn serialize_external<T: Externalizable, S: Serializer>(
    value: &T,
    alias: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut out = Recorder { items: Vec::new() };
    value.write_external(&mut out).map_err(ser::Error::custom)?;
    let external = External {
        class: alias.into(),
        body: out.items,
    };
    crate::value::serialize_value(Value::External(Arc::new(external)), serializer)
}

/// `Deserialize` for an externalizable type: hands its reader to the AMF
/// decoder for this one call (so that it can read the body), reads the
/// value, replays the body items into `read_external`.
pub fn deserialize_external<'de, T: Externalizable, D: Deserializer<'de>>(
    alias: &'static str,
    deserializer: D,
) -> Result<T, D::Error> {
    let hints = vec![(alias, crate::external::reader_of::<T>())];
    crate::external::with_hints(hints, || {
        crate::value::deserialize_via(deserializer, |value| external_from_value(alias, value))
    })
}

fn external_from_value<T: Externalizable>(alias: &str, value: Value) -> Result<T, String> {
    let attempts: Vec<Vec<DataItem>> = match value.inner() {
        Value::External(e) if e.class == alias => vec![e.body.clone()],
        Value::External(e) => {
            return Err(format!(
                "expected an object of class \"{alias}\", found class \"{}\"",
                e.class
            ))
        }
        // Other formats: the body is the one value, or the items in order.
        Value::Array(a) if a.assoc.is_empty() => vec![
            vec![DataItem::Value(value.clone())],
            a.dense.iter().cloned().map(DataItem::Value).collect(),
        ],
        other => vec![vec![DataItem::Value(other.clone())]],
    };
    let mut last = None;
    for items in attempts {
        let mut input = Replay { items, next: 0 };
        match T::read_external(&mut input) {
            Ok(v) => return Ok(v),
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) => e.to_string(),
        None => "empty externalizable body".to_owned(),
    })
}

/// Builds one variant of a `#[amf]` enum from a value.
pub type VariantFn<T> = fn(Value) -> crate::Result<T>;

/// The reader of an externalizable variant type, for an `#[amf]` enum.
pub type Hint = Option<(&'static str, crate::external::ExternalReader)>;

/// `Deserialize` for a `#[amf]` enum: finds the variant by class alias (or,
/// for values without one, tries the variants in order). `hints` are the
/// readers of the variants' externalizable types, handed to the decoder for
/// this call. Every conversion tried is charged against the decoder's work
/// limit.
pub fn deserialize_by_alias<'de, T, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    variants: &[(&'static str, VariantFn<T>)],
    hints: Vec<Hint>,
) -> Result<T, D::Error> {
    let hints = hints.into_iter().flatten().collect();
    crate::external::with_hints(hints, || by_alias(deserializer, name, variants))
}

fn by_alias<'de, T, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    variants: &[(&'static str, VariantFn<T>)],
) -> Result<T, D::Error> {
    crate::value::deserialize_via(deserializer, |value| match value.class() {
        Some(class) => match variants.iter().find(|(alias, _)| *alias == class) {
            // The alias chose the variant; the variant's type may have its
            // own alias (or none), so the class is not checked again.
            Some((_, make)) => make(without_class(value)).map_err(|e| e.to_string()),
            None => Err(format!(
                "unknown class \"{class}\" for {name}, expected one of {}",
                variants
                    .iter()
                    .map(|(a, _)| format!("\"{a}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        None => {
            for (_, make) in variants {
                if let Ok(v) = make(value.clone()) {
                    return Ok(v);
                }
            }
            Err(format!("the value matches no variant of {name}"))
        }
    })
}

/// `value` as an anonymous object, if it is an object.
fn without_class(value: Value) -> Value {
    let mut value = value;
    if let Value::Object(o) = &mut value {
        if !o.class.is_empty() {
            Arc::make_mut(o).class = Name::default();
        }
    }
    value
}

/// The reader of `T` if `T` is externalizable, through autoref
/// specialization in the generated code: `(&&Probe::<T>::new()).hint()`.
pub struct Probe<T>(std::marker::PhantomData<T>);

impl<T> Probe<T> {
    /// A probe for `T`.
    pub fn new() -> Self {
        Probe(std::marker::PhantomData)
    }
}

impl<T> Default for Probe<T> {
    fn default() -> Self {
        Probe::new()
    }
}

/// The specialized case: `T` is externalizable.
pub trait ProbeExternal {
    /// `T`'s alias and reader.
    fn hint(&self) -> Hint;
}

impl<T: crate::external::ExternalizableClass> ProbeExternal for &Probe<T> {
    fn hint(&self) -> Hint {
        Some((T::ALIAS, crate::external::reader_of::<T>()))
    }
}

/// The fallback: not externalizable.
pub trait ProbeOther {
    /// `None`.
    fn hint(&self) -> Hint;
}

impl<T> ProbeOther for &&Probe<T> {
    fn hint(&self) -> Hint {
        None
    }
}

/// Converts a value into a variant's type.
pub fn from_value<T: de::DeserializeOwned>(value: Value) -> crate::Result<T> {
    crate::value::from_value(value)
}

/// Records what `write_external` writes.
struct Recorder {
    items: Vec<DataItem>,
}

impl DataOutput for Recorder {
    fn write_item(&mut self, item: DataItem) -> crate::Result<()> {
        self.items.push(item);
        Ok(())
    }
}

/// Plays recorded items back to `read_external`.
struct Replay {
    items: Vec<DataItem>,
    next: usize,
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

/// `Serialize` for a variant of a `#[amf]` enum: the inner value, written
/// as an object of class `alias`.
pub fn serialize_with_alias<T: ?Sized + serde::Serialize, S: Serializer>(
    value: &T,
    alias: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut v = crate::value::to_value(value).map_err(ser::Error::custom)?;
    if let Value::Object(o) = &mut v {
        if o.class != alias {
            Arc::make_mut(o).class = alias.into();
        }
    }
    crate::value::serialize_value(v, serializer)
}

/// `amf_value!`'s conversion of an interpolated expression: like
/// `serde_json::json!`, a value that cannot be represented panics at the
/// macro call (its documented contract).
#[track_caller]
pub fn to_value_or_panic<T: ?Sized + serde::Serialize>(value: &T) -> Value {
    match crate::value::to_value(value) {
        Ok(v) => v,
        Err(e) => panic!("amf_value!: {e}"),
    }
}

/// `amf_value!`'s arrays.
pub fn array(items: Vec<Value>) -> Value {
    Value::from(items)
}

/// `amf_value!`'s objects.
pub fn object(members: crate::types::Members) -> Value {
    Value::from(members)
}
