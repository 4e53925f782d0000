//! Byte-exact vectors for `#[amf(...)]` types: `amf3.md` §8.3 (typed
//! objects and the traits reference), `amf0.md` §6.6 (`Foo`), dynamic
//! classes, externalizable classes (`flex.md` §5.1 `ArrayCollection`,
//! RocketAMF's `ExternalizableTest`), and RocketAMF fixtures decoded into
//! derived types and written back byte for byte.

use std::collections::BTreeMap;
use std::fmt;

use amf_serde::external::{DataInput, DataOutput, Externalizable};
use amf_serde::types::{DataItem, ObjectVector};
use amf_serde::{amf, Value};
use amf_serde_tests::{fixture, hex, to_hex};
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::common::{amf0, amf3, assert_amf0, assert_amf3, from0, from3, round_trip};

// ------------------------------------------------------------------- types

/// `amf3.md` §8.3: a sealed class `P` with members `x`, `y`.
#[amf(alias = "P")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct P {
    pub x: i32,
    pub y: i32,
}

/// `P(x, y)`.
pub fn p(x: i32, y: i32) -> P {
    P { x, y }
}

/// `amf0.md` §6.6: an instance of the class registered as `Foo`.
#[amf(alias = "Foo")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Foo {
    pub x: f64,
}

/// RocketAMF's `org.amf.ASClass` (`foo` and `baz`), members declared in the
/// order Flash Player writes them.
#[amf(alias = "org.amf.ASClass")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct AsClass {
    pub baz: Option<String>,
    pub foo: String,
}

/// `ASClass { baz: null, foo }`.
pub fn as_class(value: &str) -> AsClass {
    AsClass {
        baz: None,
        foo: value.into(),
    }
}

/// A dynamic class with one sealed member; the other members go to a map.
#[amf(alias = "D", dynamic)]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Dyn {
    pub id: i32,
    #[amf(dynamic)]
    pub extra: BTreeMap<String, Value>,
}

/// A map that keeps its entries in the order they were read, to check
/// that dynamic members arrive in wire order.
#[derive(Debug, PartialEq, Clone, Default)]
pub struct Map(pub Vec<(String, Value)>);

impl Serialize for Map {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Map {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = Map;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Map, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                Ok(Map(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}

/// `Dyn` with an order-keeping dynamic map.
#[amf(alias = "D", dynamic)]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct OrderedDyn {
    pub id: i32,
    #[amf(dynamic)]
    pub extra: Map,
}

/// Flex's `ArrayCollection` (`flex.md` §1): an externalizable class whose
/// body is one AMF value, the source array.
#[amf(alias = "flex.messaging.io.ArrayCollection", externalizable)]
#[derive(Debug, PartialEq, Clone)]
pub struct ArrayCollection<T>(pub Vec<T>)
where
    T: Serialize + DeserializeOwned;

impl<T: Serialize + DeserializeOwned> Externalizable for ArrayCollection<T> {
    fn write_external(&self, output: &mut dyn DataOutput) -> amf_serde::Result<()> {
        output.write_object(&self.0)
    }

    fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
        input.read_object_as().map(ArrayCollection)
    }
}

/// RocketAMF's `ExternalizableTest`: `writeExternal` writes two doubles.
#[amf(alias = "ExternalizableTest", externalizable)]
#[derive(Debug, PartialEq, Clone)]
pub struct ExternalizableTest {
    pub one: f64,
    pub two: f64,
}

impl Externalizable for ExternalizableTest {
    fn write_external(&self, output: &mut dyn DataOutput) -> amf_serde::Result<()> {
        output.write_double(self.one)?;
        output.write_double(self.two)
    }

    fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
        let one = input.read_double()?;
        let two = input.read_double()?;
        Ok(ExternalizableTest { one, two })
    }
}

/// `"flex.messaging.io.ArrayCollection"` in hex (33 bytes, `43` = its
/// UTF-8-vr length header).
const AC: &str = "66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e
                  41 72 72 61 79 43 6f 6c 6c 65 63 74 69 6f 6e";

/// `"org.amf.ASClass"` in hex (15 bytes, `1f` in AMF3, `00 0f` in AMF0).
const AS_CLASS: &str = "6f 72 67 2e 61 6d 66 2e 41 53 43 6c 61 73 73";

// ------------------------------------------------------- AMF3 typed objects

#[test]
fn amf3_traits_reference_spec_8_3() {
    // [P(1,2), P(3,4)]: inline traits, then traits ref #0.
    assert_amf3(
        &vec![p(1, 2), p(3, 4)],
        "09 05 01
         0a 23 03 50 03 78 03 79  04 01 04 02
         0a 01                    04 03 04 04",
    );
}

#[test]
fn amf3_single_typed_object() {
    assert_amf3(&p(1, 2), "0a 23 03 50 03 78 03 79 04 01 04 02");
    // Two sealed `f64` members are doubles even when integral.
    assert_amf3(
        &Foo { x: 1.0 },
        "0a 13 07 46 6f 6f 03 78 05 3f f0 00 00 00 00 00 00",
    );
}

#[test]
fn amf3_traits_of_two_classes_interleaved() {
    // P, Foo, P: the second P refers to traits #0, Foo has traits #1 and
    // shares the string "x" (string ref #1 = 02).
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Three(P, Foo, P);
    assert_amf3(
        &Three(p(1, 2), Foo { x: 0.5 }, p(3, 4)),
        "09 07 01
         0a 23 03 50 03 78 03 79  04 01 04 02
         0a 13 07 46 6f 6f 02     05 3f e0 00 00 00 00 00 00
         0a 01                    04 03 04 04",
    );
}

#[test]
fn amf3_typed_object_inside_struct_and_map() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Holder {
        a: P,
        b: P,
    }
    // The holder is an anonymous object with sealed traits (#0); both
    // members are typed, the second by traits reference (#1).
    assert_amf3(
        &Holder {
            a: p(1, 2),
            b: p(3, 4),
        },
        "0a 23 01 03 61 03 62
         0a 23 03 50 03 78 03 79  04 01 04 02
         0a 05                    04 03 04 04",
    );
    // In a map (an anonymous dynamic object).
    let map = BTreeMap::from([("a".to_owned(), p(1, 2)), ("b".to_owned(), p(3, 4))]);
    assert_amf3(
        &map,
        "0a 0b 01
         03 61  0a 23 03 50 03 78 03 79  04 01 04 02
         03 62  0a 05                    04 03 04 04
         01",
    );
}

// --------------------------------------------------------- AMF0 typed objects

#[test]
fn amf0_typed_object_spec_6_6() {
    assert_amf0(
        &Foo { x: 1.0 },
        "10 00 03 46 6f 6f
         00 01 78  00 3f f0 00 00 00 00 00 00
         00 00 09",
    );
}

#[test]
fn amf0_array_of_typed_objects() {
    // AMF0 has no traits table: each P is a full typed object.
    assert_amf0(
        &vec![p(1, 2), p(3, 4)],
        "0a 00 00 00 02
         10 00 01 50  00 01 78 00 3f f0 00 00 00 00 00 00  00 01 79 00 40 00 00 00 00 00 00 00  00 00 09
         10 00 01 50  00 01 78 00 40 08 00 00 00 00 00 00  00 01 79 00 40 10 00 00 00 00 00 00  00 00 09",
    );
}

// ------------------------------------------------------------ dynamic class

#[test]
fn amf3_dynamic_class_exact_bytes() {
    let d = Dyn {
        id: 1,
        extra: BTreeMap::from([
            ("a".to_owned(), Value::Integer(2)),
            ("b".to_owned(), Value::String("x".into())),
        ]),
    };
    // 1b = inline traits, dynamic, 1 sealed member; dynamic members follow
    // the sealed values and end with 01.
    assert_amf3(
        &d,
        "0a 1b 03 44 05 69 64  04 01
         03 61 04 02  03 62 06 03 78  01",
    );
    // No dynamic members: just the terminator.
    assert_amf3(
        &Dyn {
            id: 1,
            extra: BTreeMap::new(),
        },
        "0a 1b 03 44 05 69 64 04 01 01",
    );
    // A second instance refers to the dynamic traits.
    assert_amf3(
        &vec![d.clone(), d],
        "09 05 01
         0a 1b 03 44 05 69 64  04 01  03 61 04 02  03 62 06 03 78  01
         0a 01                 04 01  04 04 02     06 06 08        01",
    );
}

#[test]
fn amf0_dynamic_class_exact_bytes() {
    let d = Dyn {
        id: 1,
        extra: BTreeMap::from([
            ("a".to_owned(), Value::String("x".into())),
            ("b".to_owned(), Value::Bool(true)),
        ]),
    };
    // AMF0 has no sealed/dynamic distinction: one typed object.
    assert_amf0(
        &d,
        "10 00 01 44
         00 02 69 64  00 3f f0 00 00 00 00 00 00
         00 01 61  02 00 01 78
         00 01 62  01 01
         00 00 09",
    );
}

#[test]
fn amf3_dynamic_class_extra_members_in_wire_order() {
    // Class "D", dynamic, sealed [zeta, id], dynamic members b, a: the
    // unknown sealed member and the dynamic members land in the map in
    // wire order; `id` (sealed, second) goes to its field.
    let bytes = hex("0a 2b 03 44  09 7a 65 74 61  05 69 64
         06 03 7a  04 07
         03 62 04 01  03 61 04 02  01");
    let expected = OrderedDyn {
        id: 7,
        extra: Map(vec![
            ("zeta".into(), Value::String("z".into())),
            ("b".into(), Value::Integer(1)),
            ("a".into(), Value::Integer(2)),
        ]),
    };
    assert_eq!(from3::<OrderedDyn>(&bytes), expected);
    // The BTreeMap flavour gets the same members.
    let d: Dyn = from3(&bytes);
    assert_eq!(d.id, 7);
    assert_eq!(
        d.extra.keys().map(String::as_str).collect::<Vec<_>>(),
        ["a", "b", "zeta"]
    );
    // Writing it back: `id` is the one sealed member, the rest dynamic.
    assert_eq!(
        to_hex(&amf3(&expected)),
        to_hex(&hex("0a 1b 03 44 05 69 64  04 07
             09 7a 65 74 61 06 03 7a  03 62 04 01  03 61 04 02  01"))
    );
}

#[test]
fn amf3_dynamic_class_member_named_like_a_field() {
    // An anonymous dynamic object: `id` is a dynamic member but names the
    // sealed field, so it goes there; `a` goes to the map.
    let bytes = hex("0a 0b 01  03 61 04 02  05 69 64 04 07  01");
    let d: OrderedDyn = from3(&bytes);
    assert_eq!(
        d,
        OrderedDyn {
            id: 7,
            extra: Map(vec![("a".into(), Value::Integer(2))]),
        }
    );
}

#[test]
fn amf0_dynamic_class_extra_members_in_wire_order() {
    let bytes = hex("10 00 01 44
         00 01 63  02 00 01 7a
         00 02 69 64  00 40 1c 00 00 00 00 00 00
         00 01 62  01 00
         00 01 61  05
         00 00 09");
    assert_eq!(
        from0::<OrderedDyn>(&bytes),
        OrderedDyn {
            id: 7,
            extra: Map(vec![
                ("c".into(), Value::String("z".into())),
                ("b".into(), Value::Bool(false)),
                ("a".into(), Value::Null),
            ]),
        }
    );
}

// --------------------------------------------------------- externalizable

#[test]
fn amf3_array_collection_flex_5_1() {
    // flex.md §5.1: ArrayCollection(["eggs"]).
    assert_amf3(
        &ArrayCollection(vec!["eggs".to_owned()]),
        &format!("0a 07 43 {AC}  09 03 01 06 09 65 67 67 73"),
    );
}

#[test]
fn amf3_array_collection_of_typed_objects() {
    // The externalizable traits are traits #0, so P's traits are #1 and the
    // second P is `0a 05` (traits ref #1).
    assert_amf3(
        &ArrayCollection(vec![p(1, 2), p(3, 4)]),
        &format!(
            "0a 07 43 {AC}
             09 05 01
             0a 23 03 50 03 78 03 79  04 01 04 02
             0a 05                    04 03 04 04"
        ),
    );
    // Two collections in one stream: the second refers to the
    // externalizable traits (`0a 01`) and to P's (`0a 05`).
    let two = vec![
        ArrayCollection(vec![p(1, 2)]),
        ArrayCollection(vec![p(3, 4)]),
    ];
    assert_amf3(
        &two,
        &format!(
            "09 05 01
             0a 07 43 {AC}  09 03 01  0a 23 03 50 03 78 03 79  04 01 04 02
             0a 01          09 03 01  0a 05                    04 03 04 04"
        ),
    );
}

#[test]
fn amf3_array_collection_is_a_value_external() {
    let bytes = amf3(&ArrayCollection(vec![p(1, 2)]));
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    let ext = v.as_external().expect("an externalizable object");
    assert_eq!(ext.class, "flex.messaging.io.ArrayCollection");
    let inner = ext.value().expect("one value");
    assert_eq!(inner[0].class(), Some("P"));
    assert_eq!(inner[0]["y"], Value::Integer(2));
}

#[test]
fn amf0_array_collection_spec_6_7() {
    // amf0.md §6.7: AMF0 has no externalizable objects; the collection goes
    // behind the AMF3 switch.
    assert_amf0(
        &ArrayCollection(vec!["eggs".to_owned()]),
        &format!("11 0a 07 43 {AC}  09 03 01 06 09 65 67 67 73"),
    );
}

#[test]
fn externalizable_round_trips() {
    round_trip(&ArrayCollection(vec![p(1, 2), p(3, 4)]));
    round_trip(&ArrayCollection::<String>(vec![]));
    round_trip(&ExternalizableTest { one: 5.0, two: 7.5 });
    round_trip(&vec![
        ExternalizableTest { one: 5.0, two: 7.0 },
        ExternalizableTest {
            one: -0.25,
            two: 1e300,
        },
    ]);
}

#[test]
fn externalizable_body_items() {
    // The body of ExternalizableTest is two `writeDouble`s, not AMF values.
    let bytes = amf3(&ExternalizableTest { one: 5.0, two: 7.0 });
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex(
            "0a 07 25 45 78 74 65 72 6e 61 6c 69 7a 61 62 6c 65 54 65 73 74
             40 14 00 00 00 00 00 00  40 1c 00 00 00 00 00 00"
        ))
    );
    let v = amf_serde::to_value(&ExternalizableTest { one: 5.0, two: 7.0 }).unwrap();
    let ext = v.as_external().expect("an externalizable object");
    assert_eq!(ext.class, "ExternalizableTest");
    assert_eq!(ext.body, [DataItem::Double(5.0), DataItem::Double(7.0)]);
}

/// A generic externalizable class: its body is one `writeObject`.
#[amf(alias = "com.example.Boxed", externalizable)]
#[derive(Debug, PartialEq, Clone)]
pub struct Boxed<T>(pub T)
where
    T: Serialize + DeserializeOwned;

impl<T: Serialize + DeserializeOwned> Externalizable for Boxed<T> {
    fn write_external(&self, output: &mut dyn DataOutput) -> amf_serde::Result<()> {
        output.write_object(&self.0)
    }

    fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
        input.read_object_as().map(Boxed)
    }
}

#[test]
fn generic_externalizable_exact_bytes() {
    std::thread::spawn(|| {
        assert_amf3(
            &Boxed(p(1, 2)),
            &format!(
                "0a 07 {}  0a 23 03 50 03 78 03 79 04 01 04 02",
                crate::common::vr("com.example.Boxed")
            ),
        );
        round_trip(&Boxed(p(1, 2)));
        round_trip(&vec![Boxed(p(1, 2)), Boxed(p(3, 4))]);
    })
    .join()
    .unwrap();
}

#[test]
fn generic_externalizable_instances_on_one_thread() {
    std::thread::spawn(|| {
        assert_eq!(from3::<Boxed<i32>>(&amf3(&Boxed(1))), Boxed(1));
        assert_eq!(
            from3::<Boxed<String>>(&amf3(&Boxed("s".to_owned()))),
            Boxed("s".to_owned())
        );
    })
    .join()
    .unwrap();
}

/// `ArrayCollection<ExternalizableTest>` reads its source with
/// `read_object_as`: the externalizable class inside is read with the
/// readers registered on the options, the same on every thread.
#[test]
fn externalizable_inside_array_collection_needs_registration_on_every_thread() {
    let one = ExternalizableTest { one: 1.0, two: 2.0 };
    let ac = ArrayCollection(vec![one.clone(), one.clone()]);
    let bytes = amf3(&ac);
    // The second item refers to the ExternalizableTest traits (#1).
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex(&format!(
            "0a 07 43 {AC}  09 05 01
             0a 07 25 45 78 74 65 72 6e 61 6c 69 7a 61 62 6c 65 54 65 73 74
               3f f0 00 00 00 00 00 00  40 00 00 00 00 00 00 00
             0a 05
               3f f0 00 00 00 00 00 00  40 00 00 00 00 00 00 00"
        )))
    );
    let registered = amf_serde::Options::new().with_externalizable::<ExternalizableTest>();
    for _ in 0..2 {
        let (bytes, ac, one, registered) =
            (bytes.clone(), ac.clone(), one.clone(), registered.clone());
        std::thread::spawn(move || {
            // Unregistered: the same error before and after this thread has
            // decoded the inner type on its own.
            let unregistered = || {
                amf_serde::from_slice::<ArrayCollection<ExternalizableTest>>(&bytes)
                    .unwrap_err()
                    .to_string()
            };
            let before = unregistered();
            assert!(
                before.contains("\"ExternalizableTest\" has no registered reader"),
                "{before}"
            );
            assert_eq!(from3::<ExternalizableTest>(&amf3(&one)), one);
            assert_eq!(unregistered(), before);
            let got: ArrayCollection<ExternalizableTest> = registered
                .from_slice(&bytes)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(got, ac);
        })
        .join()
        .unwrap();
    }
}

// ------------------------------------------------------ RocketAMF fixtures

/// Decodes fixture `name` (AMF3) into `T`, checks it equals `expected`
/// and that encoding it gives the fixture back byte for byte.
#[track_caller]
fn fixture3<T>(name: &str, expected: &T)
where
    T: Serialize + DeserializeOwned + fmt::Debug + PartialEq,
{
    let bytes = fixture("objects", name);
    assert_eq!(&from3::<T>(&bytes), expected, "decoding {name}");
    assert_eq!(
        to_hex(&amf3(expected)),
        to_hex(&bytes),
        "re-encoding {name}"
    );
}

#[test]
fn fixture_amf3_typed_object() {
    fixture3("amf3-typed-object.bin", &as_class("bar"));
}

#[test]
fn fixture_amf3_trait_ref() {
    fixture3(
        "amf3-trait-ref.bin",
        &vec![as_class("foo"), as_class("bar")],
    );
}

#[test]
fn fixture_amf3_vector_object() {
    let items = vec![as_class("foo"), as_class("bar"), as_class("baz")];
    fixture3(
        "amf3-vector-object.bin",
        &ObjectVector {
            fixed: false,
            type_name: "org.amf.ASClass".into(),
            items: items.clone(),
        },
    );
    // A plain Vec reads the vector too.
    let v: Vec<AsClass> = from3(&fixture("objects", "amf3-vector-object.bin"));
    assert_eq!(v, items);
}

#[test]
fn fixture_amf3_array_collection() {
    fixture3(
        "amf3-array-collection.bin",
        &ArrayCollection(vec!["foo".to_owned(), "bar".to_owned()]),
    );
}

#[test]
fn fixture_amf3_complex_array_collection() {
    // [AC(["foo","bar"]), AC([ASClass{baz:null, foo:"bar"},
    // ASClass{baz:null, foo:"asdf"}]), <reference to the second AC>].
    type Complex = (
        ArrayCollection<String>,
        ArrayCollection<AsClass>,
        ArrayCollection<AsClass>,
    );
    let bytes = fixture("objects", "amf3-complex-array-collection.bin");
    let second = ArrayCollection(vec![as_class("bar"), as_class("asdf")]);
    let expected: Complex = (
        ArrayCollection(vec!["foo".to_owned(), "bar".to_owned()]),
        second.clone(),
        second,
    );
    assert_eq!(from3::<Complex>(&bytes), expected);
    // Written back, the third collection is inline (Rust values have no
    // identity), everything else matches the fixture: the ASClass traits
    // and the "foo" member name are references.
    let mut bytes_back = bytes[..bytes.len() - 2].to_vec();
    bytes_back.extend(hex("0a 01 09 05 01  0a 05 01 06 04  0a 05 01 06 0a"));
    assert_eq!(to_hex(&amf3(&expected)), to_hex(&bytes_back));
}

#[test]
fn fixture_amf0_typed_object() {
    let bytes = fixture("objects", "amf0-typed-object.bin");
    assert_eq!(from0::<AsClass>(&bytes), as_class("bar"));
    assert_eq!(to_hex(&amf0(&as_class("bar"))), to_hex(&bytes));
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex(&format!(
            "10 00 0f {AS_CLASS} 00 03 62 61 7a 05 00 03 66 6f 6f 02 00 03 62 61 72 00 00 09"
        )))
    );
}

#[test]
fn fixture_amf3_externalizable() {
    // [ExternalizableTest(5, 7), ExternalizableTest(13, 5)]: the second
    // refers to the externalizable traits (`0a 01`).
    fixture3(
        "amf3-externalizable.bin",
        &vec![
            ExternalizableTest { one: 5.0, two: 7.0 },
            ExternalizableTest {
                one: 13.0,
                two: 5.0,
            },
        ],
    );
}

#[test]
fn fixture_round_trips_through_every_format() {
    round_trip(&as_class("bar"));
    round_trip(&vec![as_class("foo"), as_class("bar")]);
    round_trip(&ArrayCollection(vec![as_class("bar"), as_class("asdf")]));
    round_trip(&p(-5, 1 << 20));
    round_trip(&Foo { x: -0.5 });
    round_trip(&Dyn {
        id: 3,
        extra: BTreeMap::from([("k".to_owned(), Value::String("v".into()))]),
    });
    round_trip(&OrderedDyn {
        id: 3,
        extra: Map(vec![
            ("z".to_owned(), Value::Bool(true)),
            ("a".to_owned(), Value::String("v".into())),
        ]),
    });
}
#[test]
fn json_shape_of_externalizable_types() {
    // Other formats see the body: the one value, or the items in order.
    assert_eq!(
        serde_json::to_value(ArrayCollection(vec![p(1, 2)])).unwrap(),
        serde_json::json!([{"x": 1, "y": 2}])
    );
    assert_eq!(
        serde_json::to_value(ExternalizableTest { one: 1.0, two: 2.5 }).unwrap(),
        serde_json::json!([1.0, 2.5])
    );
    let back: ExternalizableTest = serde_json::from_str("[1.0, 2.5]").unwrap();
    assert_eq!(back, ExternalizableTest { one: 1.0, two: 2.5 });
    let back: ArrayCollection<P> = serde_json::from_str(r#"[{"x": 1, "y": 2}]"#).unwrap();
    assert_eq!(back, ArrayCollection(vec![p(1, 2)]));
}

#[test]
fn json_shape_of_dynamic_class() {
    let d = Dyn {
        id: 1,
        extra: BTreeMap::from([("a".to_owned(), Value::Integer(2))]),
    };
    // In every other format the dynamic members are flattened into the
    // object, as `#[serde(flatten)]` does; unknown keys go into the map.
    assert_eq!(serde_json::to_string(&d).unwrap(), r#"{"id":1,"a":2}"#);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json, serde_json::json!({"id": 1, "a": 2}));
    let back: Dyn = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);
    let back: Dyn = serde_json::from_str(r#"{"a": 2, "id": 1}"#).unwrap();
    assert_eq!(back, d);
    let back: Dyn = serde_json::from_str(r#"{"id": 1, "b": "x", "c": [1]}"#).unwrap();
    assert_eq!(back.id, 1);
    assert_eq!(back.extra.keys().collect::<Vec<_>>(), ["b", "c"]);
    assert_eq!(back.extra["b"], "x");
    // Without extra keys the map is empty.
    let back: Dyn = serde_json::from_str(r#"{"id": 1}"#).unwrap();
    assert!(back.extra.is_empty());
    // The AMF forms are unchanged: a typed dynamic object, and `Value`
    // keeps the class and the dynamic members.
    let v = amf_serde::to_value(&d).unwrap();
    let o = v.as_object().unwrap();
    assert_eq!(o.class, "D");
    assert_eq!(o.dynamic.as_ref().map(|m| m.len()), Some(1));
    assert_eq!(amf_serde::from_value::<Dyn>(v).unwrap(), d);
    // JSON → Value → AMF: the JSON shape carries no private key.
    let via_json: Dyn = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
    assert_eq!(
        amf_serde::to_vec(&via_json).unwrap(),
        amf_serde::to_vec(&d).unwrap()
    );
}
