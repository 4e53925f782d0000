//! The [`amf_value!`](crate::amf_value!) macro.

/// Builds a [`Value`](crate::Value) with JSON-like syntax, like
/// `serde_json::json!`. Objects are anonymous dynamic objects with their
/// members in the order written, arrays are dense arrays, `null` and
/// `undefined` are themselves, and anything else is an expression converted
/// with `Value::from`.
///
/// ```
/// use amf_serde::{amf_value, Value};
///
/// let name = "Ada";
/// let v = amf_value!({
///     "name": name,
///     "age": 36,
///     "tags": ["math", -1, 2.5, null, undefined],
///     "address": { "city": "London" },
/// });
/// assert_eq!(v["name"].as_str(), Some("Ada"));
/// assert_eq!(v["tags"][1], Value::Integer(-1));
/// assert_eq!(v["tags"][4], Value::Undefined);
/// assert_eq!(v["address"]["city"].as_str(), Some("London"));
/// assert_eq!(amf_serde::to_vec(&amf_value!([1, "a"]))?, [0x09, 0x05, 0x01, 0x04, 0x01, 0x06, 0x03, 0x61]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[macro_export]
macro_rules! amf_value {
    ($($tt:tt)+) => {
        $crate::__amf_value!($($tt)+)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __amf_value {
    (null) => {
        $crate::Value::Null
    };
    (undefined) => {
        $crate::Value::Undefined
    };
    ([]) => {
        $crate::Value::from(::std::vec::Vec::<$crate::Value>::new())
    };
    ([ $($tt:tt)+ ]) => {
        $crate::Value::from($crate::__amf_array!([] $($tt)+))
    };
    ({}) => {
        $crate::Value::from($crate::types::Object::anonymous(
            ::std::vec::Vec::<(::std::string::String, $crate::Value)>::new(),
        ))
    };
    ({ $($tt:tt)+ }) => {
        $crate::Value::from($crate::types::Object::anonymous($crate::__amf_object!([] $($tt)+)))
    };
    ($e:expr) => {
        $crate::Value::from($e)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __amf_array {
    ([$($out:expr,)*]) => {
        ::std::vec![$($out,)*]
    };
    ([$($out:expr,)*] null $(, $($rest:tt)*)?) => {
        $crate::__amf_array!([$($out,)* $crate::Value::Null,] $($($rest)*)?)
    };
    ([$($out:expr,)*] undefined $(, $($rest:tt)*)?) => {
        $crate::__amf_array!([$($out,)* $crate::Value::Undefined,] $($($rest)*)?)
    };
    ([$($out:expr,)*] [$($arr:tt)*] $(, $($rest:tt)*)?) => {
        $crate::__amf_array!([$($out,)* $crate::__amf_value!([$($arr)*]),] $($($rest)*)?)
    };
    ([$($out:expr,)*] {$($obj:tt)*} $(, $($rest:tt)*)?) => {
        $crate::__amf_array!([$($out,)* $crate::__amf_value!({$($obj)*}),] $($($rest)*)?)
    };
    ([$($out:expr,)*] $next:expr $(, $($rest:tt)*)?) => {
        $crate::__amf_array!([$($out,)* $crate::Value::from($next),] $($($rest)*)?)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __amf_object {
    ([$($out:expr,)*]) => {
        ::std::vec![$($out,)*]
    };
    ([$($out:expr,)*] $key:literal : null $(, $($rest:tt)*)?) => {
        $crate::__amf_object!(
            [$($out,)* (::std::string::String::from($key), $crate::Value::Null),] $($($rest)*)?
        )
    };
    ([$($out:expr,)*] $key:literal : undefined $(, $($rest:tt)*)?) => {
        $crate::__amf_object!(
            [$($out,)* (::std::string::String::from($key), $crate::Value::Undefined),] $($($rest)*)?
        )
    };
    ([$($out:expr,)*] $key:literal : [$($arr:tt)*] $(, $($rest:tt)*)?) => {
        $crate::__amf_object!(
            [$($out,)* (::std::string::String::from($key), $crate::__amf_value!([$($arr)*])),]
            $($($rest)*)?
        )
    };
    ([$($out:expr,)*] $key:literal : {$($obj:tt)*} $(, $($rest:tt)*)?) => {
        $crate::__amf_object!(
            [$($out,)* (::std::string::String::from($key), $crate::__amf_value!({$($obj)*})),]
            $($($rest)*)?
        )
    };
    ([$($out:expr,)*] $key:literal : $value:expr $(, $($rest:tt)*)?) => {
        $crate::__amf_object!(
            [$($out,)* (::std::string::String::from($key), $crate::Value::from($value)),]
            $($($rest)*)?
        )
    };
}
