//! The crate's per-thread hand-offs (see the comment on each in the
//! library): whatever a call leaves behind, by an error, a panic or a
//! serializer that never asks for it, is not seen by the next call, and a
//! nested call of the same kind sees its own state, not its parent's.

use std::panic::{catch_unwind, AssertUnwindSafe};

use amf_serde::types::{Object, ObjectVector};
use amf_serde::{amf_value, Options, Value};
use serde::de::value::Error as PlainError;
use serde::ser::{self, Impossible, Serialize};
use serde::Deserialize;

/// A serializer of another format that refuses newtype structs without
/// looking at their content (or panics there): the `Value` handed to it
/// is never taken.
struct Refuses {
    panic: bool,
}

macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ret, PlainError> {
            Err(ser::Error::custom("refused"))
        }
    )*};
}

impl ser::Serializer for Refuses {
    type Ok = ();
    type Error = PlainError;
    type SerializeSeq = Impossible<(), PlainError>;
    type SerializeTuple = Impossible<(), PlainError>;
    type SerializeTupleStruct = Impossible<(), PlainError>;
    type SerializeTupleVariant = Impossible<(), PlainError>;
    type SerializeMap = Impossible<(), PlainError>;
    type SerializeStruct = Impossible<(), PlainError>;
    type SerializeStructVariant = Impossible<(), PlainError>;

    refuse! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), PlainError> {
        Err(ser::Error::custom("refused"))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), PlainError> {
        assert!(!self.panic, "a serializer that panics in a newtype");
        Err(ser::Error::custom("refused"))
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), PlainError> {
        Err(ser::Error::custom("refused"))
    }
}

/// A `Value` handed to a serializer that never takes it is gone when the
/// call returns (or unwinds): a later `Value` read from another format
/// (serde_json hands every newtype to the visitor, as the AMF decoders do
/// with the private one) is what that format holds, not the leftover.
#[test]
fn a_value_nobody_took_is_not_seen_by_the_next_call() {
    let left = amf_value!([1, 2, 3]);
    for panic in [false, true] {
        let r = catch_unwind(AssertUnwindSafe(|| left.serialize(Refuses { panic })));
        assert_eq!(r.is_err(), panic);
        if let Ok(r) = r {
            assert_eq!(r.unwrap_err().to_string(), "refused");
        }
        let read: Value = serde_json::from_str("5").unwrap();
        assert_eq!(read, Value::Integer(5));
        let read: Vec<Value> = serde_json::from_str("[true]").unwrap();
        assert_eq!(read, [Value::Bool(true)]);
    }
    // The same through a typed field, and a date (its own slot).
    #[derive(serde::Serialize)]
    struct Holder {
        v: Value,
        d: amf_serde::types::Date,
    }
    let holder = Holder {
        v: left.clone(),
        d: amf_serde::types::Date::from_millis(1.0).with_timezone(60),
    };
    let json = serde_json::to_string(&holder).unwrap();
    assert_eq!(json, r#"{"v":[1,2,3],"d":1.0}"#);
    assert!(holder.v.serialize(Refuses { panic: false }).is_err());
    assert!(holder.d.serialize(Refuses { panic: false }).is_err());
    // A date written natively afterwards is that date.
    let date = amf_serde::types::Date::from_millis(2.0).with_timezone(-120);
    let bytes = amf_serde::amf0::to_vec(&date).unwrap();
    assert_eq!(bytes, amf_serde::amf0::to_vec(&Value::from(date)).unwrap());
    assert_eq!(&bytes[9..], [0xff, 0x88], "time zone of the date written");
    let read: Value = serde_json::from_str(r#"{"a":null}"#).unwrap();
    assert_eq!(read, amf_value!({"a": null}));
}

/// A `Value` nested in a value of the same kind (a struct holding a `Value`
/// holding ...) is written from its own hand-off, through every path.
#[test]
fn nested_values_each_reach_the_serializer_natively() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Pair {
        a: Value,
        b: Vec<Value>,
    }
    let shared = amf_value!({"n": 1});
    let pair = Pair {
        a: shared.clone(),
        b: vec![Value::from(vec![shared.clone()]), shared.clone()],
    };
    let bytes = amf_serde::to_vec(&pair).unwrap();
    let back: Pair = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(back, pair);
    // The shared node is written once, then by reference (`0a 02`: object
    // reference 1), in both places it is nested.
    assert_eq!(bytes.windows(2).filter(|w| w == &[0x0a, 0x02]).count(), 2);
    // AMF0 has no integers: `n` comes back as a double, and writes again
    // to the same bytes.
    let bytes = amf_serde::amf0::to_vec(&pair).unwrap();
    let back: Pair = amf_serde::amf0::from_slice(&bytes).unwrap();
    assert_eq!(amf_serde::amf0::to_vec(&back).unwrap(), bytes);
    let v = amf_serde::to_value(&pair).unwrap();
    assert_eq!(amf_serde::from_value::<Pair>(v).unwrap(), pair);
    // serde_json sees the plain shapes.
    assert_eq!(
        serde_json::to_string(&pair).unwrap(),
        r#"{"a":{"n":1},"b":[[{"n":1}],{"n":1}]}"#
    );
}

#[amf_serde::amf(alias = "com.example.P")]
#[derive(serde::Deserialize, Debug, PartialEq)]
struct Aliased {
    x: i32,
}

/// Panics after reading its input (a `Deserialize` impl that fails hard).
#[derive(Debug)]
struct Boom;

impl<'de> Deserialize<'de> for Boom {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Boom, D::Error> {
        let _ = Value::deserialize(d)?;
        panic!("boom");
    }
}

/// `from_value_with`'s strictness reaches the conversions nested in the
/// call (elements, and the items an `ObjectVector` converts with
/// `from_value`), and ends with the call even when a `Deserialize` impl
/// panics inside it.
#[test]
fn strict_aliases_cover_nested_conversions_and_end_with_the_call() {
    let strict = Options::new().with_strict_aliases(true);
    let anonymous = amf_value!({"x": 1});
    let list = Value::from(vec![anonymous.clone()]);
    let err = amf_serde::from_value_with::<Vec<Aliased>>(list.clone(), &strict).unwrap_err();
    assert!(err.to_string().contains("com.example.P"), "{err}");
    let vector = Value::VectorObject(std::sync::Arc::new(ObjectVector {
        fixed: false,
        type_name: "".into(),
        items: vec![anonymous.clone()],
    }));
    let err =
        amf_serde::from_value_with::<ObjectVector<Aliased>>(vector.clone(), &strict).unwrap_err();
    assert!(err.to_string().contains("com.example.P"), "{err}");
    assert_eq!(
        amf_serde::from_value::<ObjectVector<Aliased>>(vector)
            .unwrap()
            .items,
        [Aliased { x: 1 }]
    );

    let r = catch_unwind(AssertUnwindSafe(|| {
        amf_serde::from_value_with::<Boom>(anonymous.clone(), &strict)
    }));
    assert!(r.is_err());
    assert_eq!(
        amf_serde::from_value::<Vec<Aliased>>(list).unwrap(),
        [Aliased { x: 1 }]
    );
    let typed = Value::from(Object::sealed("com.example.P", [("x", Value::from(2))]));
    assert_eq!(
        amf_serde::from_value_with::<Aliased>(typed, &strict).unwrap(),
        Aliased { x: 2 }
    );
}

/// A strict decoder's setting reaches the `Value` conversions it runs
/// inside its work budget: the items of a `Vector.<Object>` must have the
/// exact class, as the elements of a `Vec` must (before, the items were
/// converted leniently), and the setting ends with the decode.
#[test]
fn a_strict_decoder_converts_vector_items_strictly() {
    let strict = Options::new().with_strict_aliases(true);
    let anonymous = amf_value!({"x": 1});
    let vector = Value::VectorObject(std::sync::Arc::new(ObjectVector {
        fixed: false,
        type_name: "".into(),
        items: vec![anonymous.clone()],
    }));
    let vector_bytes = amf_serde::to_vec(&vector).unwrap();
    let list_bytes = amf_serde::to_vec(&Value::from(vec![anonymous])).unwrap();

    let err = strict.from_slice::<Vec<Aliased>>(&list_bytes).unwrap_err();
    assert!(err.to_string().contains("com.example.P"), "{err}");
    let err = strict
        .from_slice::<ObjectVector<Aliased>>(&vector_bytes)
        .unwrap_err();
    assert!(err.to_string().contains("com.example.P"), "{err}");

    // Lenient decoders, and later conversions on the thread, accept them.
    let lenient = amf_serde::from_slice::<ObjectVector<Aliased>>(&vector_bytes).unwrap();
    assert_eq!(lenient.items, [Aliased { x: 1 }]);
    assert_eq!(
        amf_serde::from_value::<ObjectVector<Aliased>>(vector)
            .unwrap()
            .items,
        [Aliased { x: 1 }]
    );
}

/// The budget of a tree walk over a `Value` (a decoder's work limit lent
/// to a conversion inside it, or the budget `from_value` sizes by its value)
/// is gone when a `Deserialize` impl panics inside the walk: a later
/// conversion on the thread has the budget of its own value.
#[test]
fn a_budget_does_not_outlive_a_panicking_conversion() {
    // 100,001 units: within its own budget (65,536 + 16 per node), beyond
    // the budget of the small values below.
    let wide = Value::from((0..100_000).map(Value::Integer).collect::<Vec<_>>());
    let walk = |v: &Value| amf_serde::from_value::<serde::de::IgnoredAny>(v.clone());
    assert!(walk(&wide).is_ok());
    // Panics under the budget `from_value` sized by its (small) value.
    let r = catch_unwind(AssertUnwindSafe(|| {
        amf_serde::from_value::<Vec<Boom>>(amf_value!([{"x": 1}]))
    }));
    assert!(r.is_err());
    assert!(walk(&wide).is_ok());
    // Panics under a decoder's work limit of 64, lent to the conversion of
    // the vector's items.
    let vector = ObjectVector {
        fixed: false,
        type_name: "".into(),
        items: vec![amf_value!({"x": 1})],
    };
    let bytes = amf_serde::to_vec(&vector).unwrap();
    let tight = Options::new().with_max_work(64);
    let r = catch_unwind(AssertUnwindSafe(|| {
        tight.from_slice::<ObjectVector<Boom>>(&bytes)
    }));
    assert!(r.is_err());
    assert!(walk(&wide).is_ok());
    // Without the panic, the same decode is an ordinary error-free call.
    assert_eq!(
        tight
            .from_slice::<ObjectVector<Value>>(&bytes)
            .unwrap()
            .items,
        vector.items
    );
}

/// A writer that panics (or fails) after `left` bytes.
struct Breaks {
    left: usize,
    panic: bool,
}

impl std::fmt::Write for Breaks {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if s.len() > self.left {
            assert!(!self.panic, "the writer broke");
            return Err(std::fmt::Error);
        }
        self.left -= s.len();
        Ok(())
    }
}

/// `Debug` labels shared nodes from state kept for the outermost call: a
/// rendering cut short by a failing or panicking writer leaves nothing for
/// the next one, which labels from `#1` again.
#[test]
fn debug_labels_start_afresh_after_a_broken_writer() {
    let shared = amf_value!({"n": 1});
    let v = Value::from(vec![shared.clone(), shared]);
    let expected = format!("{v:?}");
    assert!(
        expected.contains("#1=") && expected.contains("#1"),
        "{expected}"
    );
    for panic in [false, true] {
        let r = catch_unwind(AssertUnwindSafe(|| {
            std::fmt::write(&mut Breaks { left: 30, panic }, format_args!("{v:?}"))
        }));
        assert_eq!(r.is_err(), panic);
        assert_eq!(format!("{v:?}"), expected);
    }
    // Nested renderings: each `Value` formatted on its own is outermost.
    assert_eq!(
        format!("{:?}", (&v, &v)),
        format!("({expected}, {expected})")
    );
}
