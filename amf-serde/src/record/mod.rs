//! Owns the hand-written `Serialize`/`Deserialize` of the library's record
//! types (the Flex messages, the remoting status objects): the [`record!`]
//! macro writes, for a struct and a list of its fields, what
//! `#[derive(Serialize, Deserialize)]` with the same serde attributes
//! would, so that the library does without serde's `derive` feature (and
//! so without syn).
//!
//! Each field names its key and two behaviours:
//! - reading: `required` (no `#[serde(default)]`: a missing `Option`
//!   reads `None`, anything else is a "missing field" error), `default`
//!   (`#[serde(default)]`), `nullable` (`default` plus `null` read as the
//!   default), `body` (read as `Option<B>`; missing or `null` gives `B`
//!   as read from `null`, see [`missing_body`]);
//! - writing: `always`, or `skip_none` (`skip_serializing_if =
//!   "Option::is_none"`).
//!
//! As derived code does, the struct is read from a map (unknown keys
//! skipped, a repeated key is an error) or from a sequence (fields in
//! order), and written with `serialize_struct` counting only the fields
//! written (AMF3 keys its sealed traits on that count).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};

use crate::value::Value;

/// The value of a field absent from the input, as derived code reads it:
/// `None` for an `Option`, else a "missing field" error.
pub(crate) struct Missing<E>(&'static str, PhantomData<E>);

impl<E> Missing<E> {
    pub(crate) fn new(key: &'static str) -> Self {
        Missing(key, PhantomData)
    }
}

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A body that was missing or `null`: `B` as read from `null` (`None`,
/// `Value::Null`, `()`), or an error naming the field for other types.
pub(crate) fn missing_body<'de, B: Deserialize<'de>, E: de::Error>(
    body: Option<B>,
) -> Result<B, E> {
    match body {
        Some(b) => Ok(b),
        None => B::deserialize(Value::Null).map_err(|e| E::custom(format_args!("body: {e}"))),
    }
}

/// Reads a key of a record as the record's field (`None` for a key the
/// record does not have): by name with `.0` (a `match` on the names, as
/// derived code does), as bytes, or by position in `.1`.
pub(crate) struct KeyVisitor<T: 'static, F>(pub(crate) F, pub(crate) &'static [T]);

impl<'de, T: Copy, F: FnOnce(&str) -> Option<T>> Visitor<'de> for KeyVisitor<T, F> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        Ok(usize::try_from(v).ok().and_then(|i| self.1.get(i)).copied())
    }

    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        Ok((self.0)(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<T>, E> {
        Ok(std::str::from_utf8(v).ok().and_then(self.0))
    }
}

/// What a too-short sequence was expected to hold: "struct X with N
/// elements".
pub(crate) struct SeqLen(pub(crate) &'static str, pub(crate) usize);

impl de::Expected for SeqLen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {} with {} elements", self.0, self.1)
    }
}

/// `Serialize` and `Deserialize` for a record struct; see the module docs.
///
/// ```text
/// record! {
///     impl Name<B> as "serde name" {            // or: as class "class alias"
///         rust_field: Type = "key" [read, write],
///         ...
///     }
/// }
/// ```
macro_rules! record {
    // A class with an alias (`#[amf(alias = "…")]`).
    (impl $name:ident$(<$($g:ident),+>)? as class $alias:literal { $($fields:tt)+ }) => {
        $crate::record::record! {
            @impl [concat!("$amf_serde::private::class::", $alias)]
            $name$(<$($g),+>)? { $($fields)+ }
        }
    };
    (impl $name:ident$(<$($g:ident),+>)? as $serde_name:literal { $($fields:tt)+ }) => {
        $crate::record::record! { @impl [$serde_name] $name$(<$($g),+>)? { $($fields)+ } }
    };
    (
        @impl [$serde_name:expr] $name:ident$(<$($g:ident),+>)? {
            $($field:ident: $ty:ty = $key:literal [$read:ident, $write:ident],)+
        }
    ) => {
        impl$(<$($g: serde::Serialize),+>)? serde::Serialize for $name$(<$($g),+>)? {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let len = 0 $(+ $crate::record::record!(@len $write self.$field))+;
                let mut st = serializer.serialize_struct($serde_name, len)?;
                $($crate::record::record!(@write $write st $key self.$field);)+
                st.end()
            }
        }

        impl<'de, $($($g: serde::Deserialize<'de>),+)?> serde::Deserialize<'de>
            for $name$(<$($g),+>)?
        {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types)]
                #[derive(Clone, Copy)]
                enum Field { $($field),+ }
                const ALL: &[Field] = &[$(Field::$field),+];
                const FIELDS: &[&str] = &[$($key),+];

                /// A key: one of the fields, or `None`.
                struct Key(Option<Field>);

                impl<'de> serde::Deserialize<'de> for Key {
                    #[inline]
                    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        let by_name = |name: &str| match name {
                            $($key => Some(Field::$field),)+
                            _ => None,
                        };
                        d.deserialize_identifier($crate::record::KeyVisitor(by_name, ALL))
                            .map(Key)
                    }
                }

                struct Slots$(<$($g),+>)? {
                    $($field: Option<$crate::record::record!(@slot $read $ty)>,)+
                }

                struct RecordVisitor$(<$($g),+>)?(
                    std::marker::PhantomData<fn() -> $name$(<$($g),+>)?>,
                );

                impl<'de, $($($g: serde::Deserialize<'de>),+)?> serde::de::Visitor<'de>
                    for RecordVisitor$(<$($g),+>)?
                {
                    type Value = $name$(<$($g),+>)?;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Self::Value, A::Error> {
                        let mut slots = Slots$(::<$($g),+>)? { $($field: None,)+ };
                        while let Some(Key(key)) = map.next_key::<Key>()? {
                            match key {
                                $(Some(Field::$field) => {
                                    if slots.$field.is_some() {
                                        return Err(serde::de::Error::duplicate_field($key));
                                    }
                                    slots.$field =
                                        Some($crate::record::record!(@next $read map $ty));
                                })+
                                None => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok($name {
                            $($field: $crate::record::record!(
                                @finish $read slots.$field, $ty, $key, A::Error
                            ),)+
                        })
                    }

                    fn visit_seq<A: serde::de::SeqAccess<'de>>(
                        self,
                        mut seq: A,
                    ) -> Result<Self::Value, A::Error> {
                        let expected =
                            $crate::record::SeqLen(stringify!($name), FIELDS.len());
                        let mut index = 0usize;
                        $(
                            let $field = $crate::record::record!(
                                @element $read seq $ty, index, &expected
                            );
                            index += 1;
                        )+
                        // (Unused when every field has a default.)
                        let _ = (index, &expected);
                        Ok($name { $($field,)+ })
                    }
                }

                deserializer.deserialize_struct(
                    $serde_name,
                    FIELDS,
                    RecordVisitor(std::marker::PhantomData),
                )
            }
        }
    };

    // Writing.
    (@len always $v:expr) => { 1 };
    (@len skip_none $v:expr) => { usize::from($v.is_some()) };
    (@write always $st:ident $key:literal $v:expr) => { $st.serialize_field($key, &$v)? };
    (@write skip_none $st:ident $key:literal $v:expr) => {
        if $v.is_none() {
            $st.skip_field($key)?
        } else {
            $st.serialize_field($key, &$v)?
        }
    };

    // Reading: what a map entry stores, how it is read, the value when
    // the map had none.
    (@slot body $ty:ty) => { Option<$ty> };
    (@slot $read:ident $ty:ty) => { $ty };
    (@next body $map:ident $ty:ty) => { $map.next_value::<Option<$ty>>()? };
    (@next nullable $map:ident $ty:ty) => {
        $map.next_value::<Option<$ty>>()?.unwrap_or_default()
    };
    (@next $read:ident $map:ident $ty:ty) => { $map.next_value::<$ty>()? };
    (@finish required $slot:expr, $ty:ty, $key:literal, $err:ty) => {
        match $slot {
            Some(v) => v,
            None => <$ty as serde::Deserialize>::deserialize(
                $crate::record::Missing::<$err>::new($key),
            )?,
        }
    };
    (@finish body $slot:expr, $ty:ty, $key:literal, $err:ty) => {
        $crate::record::missing_body::<$ty, $err>($slot.flatten())?
    };
    (@finish $read:ident $slot:expr, $ty:ty, $key:literal, $err:ty) => {
        $slot.unwrap_or_default()
    };

    // Reading from a sequence: the next element, or (when it ended) the
    // default or an error.
    (@element body $seq:ident $ty:ty, $index:ident, $expected:expr) => {
        match $seq.next_element::<Option<$ty>>()? {
            Some(b) => $crate::record::missing_body(b)?,
            None => return Err(serde::de::Error::invalid_length($index, $expected)),
        }
    };
    (@element required $seq:ident $ty:ty, $index:ident, $expected:expr) => {
        match $seq.next_element::<$ty>()? {
            Some(v) => v,
            None => return Err(serde::de::Error::invalid_length($index, $expected)),
        }
    };
    (@element nullable $seq:ident $ty:ty, $index:ident, $expected:expr) => {
        $seq.next_element::<Option<$ty>>()?.flatten().unwrap_or_default()
    };
    (@element default $seq:ident $ty:ty, $index:ident, $expected:expr) => {
        $seq.next_element::<$ty>()?.unwrap_or_default()
    };
}

pub(crate) use record;

#[cfg(test)]
mod tests;
