//! The [`amf_value!`](crate::amf_value!) macro and what it expands to.
//! (Here, not in `value/`, because its expansion names `__private`, which
//! sits above `value`; `#[macro_export]` puts it at the crate root either
//! way.)

use crate::value::Value;

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

/// Builds a [`Value`](crate::Value) with JSON syntax, exactly as
/// `serde_json::json!` does: objects become anonymous dynamic objects with
/// their members in the order written, arrays dense arrays, `null` and
/// `undefined` themselves, and any other value is an expression of any
/// [`Serialize`](serde::Serialize) type, converted with
/// [`to_value`](crate::to_value) (so `vec![1, 2]`, a `usize`, a struct or
/// another `Value` all work). Keys are string literals or any expression
/// that converts into a [`Name`](crate::Name) (`&str`, `String`); trailing
/// commas are accepted; a repeated key keeps its first place and takes the
/// last value.
///
/// It is not called `amf!` because that name is taken by the
/// [`#[amf(...)]`](macro@crate::amf) attribute: attribute and function-like
/// macros share one namespace, so one crate cannot export both under one
/// name.
///
/// ```
/// use amf_serde::{amf_value, Value};
///
/// let name = "Ada";
/// let key = String::from("computed");
/// let v = amf_value!({
///     "name": name,
///     "age": 36,
///     "tags": ["math", -1, 2.5, null, undefined],
///     "address": { "city": "London" },
///     "list": vec![1, 2],
///     key: 1usize,
///     "len": name.len() + 1,
/// });
/// assert_eq!(v["name"], "Ada");
/// assert_eq!(v["tags"][1], -1);
/// assert_eq!(v["tags"][4], Value::Undefined);
/// assert_eq!(v["address"]["city"], "London");
/// assert_eq!(v["list"][1], 2);
/// assert_eq!(v["computed"], 1);
/// assert_eq!(v["len"], 4);
/// assert_eq!(amf_serde::to_vec(&amf_value!([1, "a"]))?, [0x09, 0x05, 0x01, 0x04, 0x01, 0x06, 0x03, 0x61]);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// # Panics
/// Like `json!`, if an interpolated value cannot be converted (an integer
/// a double cannot hold exactly, a map with an empty key). Build such
/// values with [`to_value`](crate::to_value), which returns the error.
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
        $crate::__private::array(::std::vec::Vec::new())
    };
    ([ $($tt:tt)+ ]) => {
        $crate::__private::array($crate::__amf_array!([] $($tt)+))
    };
    ({}) => {
        $crate::__private::object($crate::types::Members::new())
    };
    ({ $($tt:tt)+ }) => {{
        let mut members = $crate::types::Members::new();
        $crate::__amf_object!(members () ($($tt)+));
        $crate::__private::object(members)
    }};
    ($other:expr) => {
        $crate::__private::to_value_or_panic(&$other)
    };
}

/// Array elements: `[done,] rest`.
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
        $crate::__amf_array!([$($out,)* $crate::__amf_value!($next),] $($($rest)*)?)
    };
}

/// Object members: `members (key tokens so far) (rest)`.
#[macro_export]
#[doc(hidden)]
macro_rules! __amf_object {
    // Done.
    ($m:ident () ()) => {};
    // A value after the colon: the special forms, then any expression.
    ($m:ident ($($key:tt)+) (: null $(, $($rest:tt)*)?)) => {
        $crate::__amf_object!(@insert $m ($($key)+) ($crate::Value::Null) ($($($rest)*)?));
    };
    ($m:ident ($($key:tt)+) (: undefined $(, $($rest:tt)*)?)) => {
        $crate::__amf_object!(@insert $m ($($key)+) ($crate::Value::Undefined) ($($($rest)*)?));
    };
    ($m:ident ($($key:tt)+) (: [$($arr:tt)*] $(, $($rest:tt)*)?)) => {
        $crate::__amf_object!(
            @insert $m ($($key)+) ($crate::__amf_value!([$($arr)*])) ($($($rest)*)?)
        );
    };
    ($m:ident ($($key:tt)+) (: {$($obj:tt)*} $(, $($rest:tt)*)?)) => {
        $crate::__amf_object!(
            @insert $m ($($key)+) ($crate::__amf_value!({$($obj)*})) ($($($rest)*)?)
        );
    };
    ($m:ident ($($key:tt)+) (: $value:expr $(, $($rest:tt)*)?)) => {
        $crate::__amf_object!(@insert $m ($($key)+) ($crate::__amf_value!($value)) ($($($rest)*)?));
    };
    // One more token of the key.
    ($m:ident ($($key:tt)*) ($tt:tt $($rest:tt)*)) => {
        $crate::__amf_object!($m ($($key)* $tt) ($($rest)*));
    };
    (@insert $m:ident ($($key:tt)+) ($value:expr) ($($rest:tt)*)) => {
        let _ = $m.insert(($($key)+), $value);
        $crate::__amf_object!($m () ($($rest)*));
    };
}
