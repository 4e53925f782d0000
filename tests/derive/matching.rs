//! Members are matched by name, not position (hand-written out-of-order
//! traits, BlazeDS-style hash order with extra members); the class alias is
//! checked (another class is an error naming both, anonymous objects pass
//! unless aliases are strict); generic types, borrowed fields and serde's
//! field attributes keep working; every type round-trips through AMF3,
//! AMF0, `Value` and `serde_json`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use amf_serde::types::Object;
use amf_serde::{amf, amf0, Category, Options, Value};
use amf_serde_tests::{hex, to_hex};
use serde::{Deserialize, Serialize};

use crate::common::{
    amf0, amf3, assert_amf0, assert_amf3, err0, err3, from0, from3, round_trip, utf, vr,
};
use crate::vectors::{p, Foo, P};

// ------------------------------------------------------------------- types

/// A generic typed object.
#[amf(alias = "Page")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u32,
}

/// Borrowed fields: decoding from a slice must not copy them.
#[amf(alias = "B")]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Borrowed<'a> {
    #[serde(borrow)]
    pub name: &'a str,
    #[serde(with = "serde_bytes")]
    pub blob: &'a [u8],
    #[serde(borrow)]
    pub cow: Cow<'a, str>,
}

/// serde's container and field attributes under `#[amf(alias)]`.
#[amf(alias = "com.example.Account")]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub account_id: u32,
    #[serde(rename = "displayName")]
    pub name: String,
    #[serde(skip)]
    pub cache: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(with = "serde_bytes")]
    pub avatar: Vec<u8>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

fn account(note: Option<&str>) -> Account {
    Account {
        account_id: 7,
        name: "Ada".into(),
        cache: None,
        tags: vec!["a".into()],
        avatar: vec![1, 2],
        note: note.map(Into::into),
    }
}

/// A typed object with a nested typed object and a dynamic map of typed
/// values.
#[amf(alias = "com.example.Order", dynamic)]
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Order {
    pub lines: Vec<Page<P>>,
    #[serde(rename = "customer")]
    pub who: Option<Account>,
    #[amf(dynamic)]
    pub rest: BTreeMap<String, Value>,
}

// --------------------------------------------------- by name, not position

#[test]
fn amf3_sealed_members_in_another_order() {
    // Traits list y before x.
    let bytes = hex("0a 23 03 50 03 79 03 78 04 02 04 01");
    assert_eq!(from3::<P>(&bytes), p(1, 2));
    // In an array, the second object refers to those traits.
    let bytes = hex("09 05 01
         0a 23 03 50 03 79 03 78  04 02 04 01
         0a 01                    04 04 04 03");
    assert_eq!(from3::<Vec<P>>(&bytes), [p(1, 2), p(3, 4)]);
}

#[test]
fn amf3_sealed_and_dynamic_members_mixed() {
    // Class P, dynamic, x sealed, y dynamic: names, not positions.
    let bytes = hex("0a 1b 03 50 03 78 04 01 03 79 04 02 01");
    assert_eq!(from3::<P>(&bytes), p(1, 2));
}

#[test]
fn amf0_members_in_another_order() {
    let bytes = hex("10 00 01 50
         00 01 79 00 40 00 00 00 00 00 00 00
         00 01 78 00 3f f0 00 00 00 00 00 00
         00 00 09");
    assert_eq!(from0::<P>(&bytes), p(1, 2));
}

#[test]
fn blazeds_hash_order_with_extra_members() {
    // BlazeDS writes bean properties in hash order and adds its own; unknown
    // members are ignored, missing `#[serde(default)]` ones defaulted.
    let object = Object::sealed(
        "com.example.Account",
        [
            ("avatar", Value::ByteArray(Default::default())),
            ("remoteUsername", Value::Null),
            ("note", Value::String("hi".into())),
            ("displayName", Value::String("Ada".into())),
            ("parameters", Value::Null),
            ("accountId", Value::Double(7.0)),
        ],
    );
    let bytes = amf_serde::to_vec(&Value::from(object)).unwrap();
    assert_eq!(
        to_hex(&bytes[..4]),
        "0a 63 27 63",
        "6 sealed members, class of 19 bytes"
    );
    let expected = Account {
        account_id: 7,
        name: "Ada".into(),
        cache: None,
        tags: vec![],
        avatar: vec![],
        note: Some("hi".into()),
    };
    assert_eq!(from3::<Account>(&bytes), expected);
    // The same object through AMF0 (typed object in wire order).
    let bytes0 = amf0::to_vec(&amf_serde::from_slice::<Value>(&bytes).unwrap()).unwrap();
    assert_eq!(bytes0[0], 0x10);
    let got: Account = amf0::from_slice(&bytes0).unwrap();
    assert_eq!(got, expected);
}

#[test]
fn missing_member_is_an_error() {
    let e = err3::<P>(&hex("0a 13 03 50 03 78 04 01"));
    assert_eq!(e.to_string(), "missing field `y` at byte offset 0");
    assert_eq!(e.classify(), Category::Data);
    let e = err0::<P>(&hex(
        "10 00 01 50 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09",
    ));
    assert_eq!(e.to_string(), "missing field `y` at byte offset 0");
}

// ------------------------------------------------------------ class checks

#[test]
fn alias_mismatch_names_both_classes() {
    // An object of class "Q" read as P.
    let e = err3::<P>(&hex("0a 23 03 51 03 78 03 79 04 01 04 02"));
    assert_eq!(
        e.to_string(),
        "expected an object of class \"P\", found class \"Q\" at byte offset 0"
    );
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), Some(0));
    // Nested: the offset is the object's marker.
    let e = err3::<Vec<P>>(&hex(
        "09 05 01  0a 23 03 50 03 78 03 79 04 01 04 02  0a 13 07 46 6f 6f 02 04 01",
    ));
    assert_eq!(
        e.to_string(),
        "expected an object of class \"P\", found class \"Foo\" at byte offset 15"
    );
    // AMF0 typed object of another class.
    let e = err0::<Foo>(&hex(
        "10 00 01 50 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09",
    ));
    assert_eq!(
        e.to_string(),
        "expected an object of class \"Foo\", found class \"P\" at byte offset 0"
    );
    // From a `Value` (no offset).
    let v = Value::from(Object::sealed("Q", [("x", Value::Integer(1))]));
    let e = amf_serde::from_value::<Foo>(v).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected an object of class \"Foo\", found class \"Q\""
    );
}

#[test]
fn alias_mismatch_of_an_externalizable_object() {
    // A typed struct given an externalizable object of another class.
    let e = err3::<P>(&hex(
        "0a 07 43 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 69 6f 2e
         41 72 72 61 79 43 6f 6c 6c 65 63 74 69 6f 6e  09 01 01",
    ));
    assert_eq!(
        e.to_string(),
        "expected an object of class \"P\", found class \"flex.messaging.io.ArrayCollection\" at byte offset 0"
    );
}

#[test]
fn anonymous_objects_are_accepted_by_default() {
    // Dynamic anonymous object {x: 1, y: 2}.
    let dynamic = hex("0a 0b 01 03 78 04 01 03 79 04 02 01");
    // Sealed anonymous object (BlazeDS HashMap), y first.
    let sealed = hex("0a 23 01 03 79 03 78 04 02 04 01");
    // AMF0 anonymous object.
    let amf0_bytes =
        hex("03 00 01 78 00 3f f0 00 00 00 00 00 00 00 01 79 00 40 00 00 00 00 00 00 00 00 00 09");
    assert_eq!(from3::<P>(&dynamic), p(1, 2));
    assert_eq!(from3::<P>(&sealed), p(1, 2));
    assert_eq!(from0::<P>(&amf0_bytes), p(1, 2));
    let lenient = Options::new().with_strict_aliases(false);
    assert_eq!(lenient.from_slice::<P>(&dynamic).unwrap(), p(1, 2));
    assert_eq!(lenient.amf0_from_slice::<P>(&amf0_bytes).unwrap(), p(1, 2));
    // An untyped Value too.
    let v = Value::from(Object::anonymous([
        ("x", Value::Integer(1)),
        ("y", Value::Integer(2)),
    ]));
    assert_eq!(amf_serde::from_value::<P>(v).unwrap(), p(1, 2));
}

#[test]
fn anonymous_objects_are_rejected_with_strict_aliases() {
    let strict = Options::new().with_strict_aliases(true);
    let anon = "expected an object of class \"P\", found an anonymous object";
    let e = strict
        .from_slice::<P>(&hex("0a 0b 01 03 78 04 01 03 79 04 02 01"))
        .unwrap_err();
    assert_eq!(e.to_string(), format!("{anon} at byte offset 0"));
    assert_eq!(e.classify(), Category::Data);
    let e = strict
        .from_slice::<Vec<P>>(&hex("09 03 01 0a 23 01 03 79 03 78 04 02 04 01"))
        .unwrap_err();
    assert_eq!(e.to_string(), format!("{anon} at byte offset 3"));
    let e = strict
        .amf0_from_slice::<P>(&hex(
            "03 00 01 78 00 3f f0 00 00 00 00 00 00 00 01 79 00 40 00 00 00 00 00 00 00 00 00 09",
        ))
        .unwrap_err();
    assert_eq!(e.to_string(), format!("{anon} at byte offset 0"));
    // Typed objects of the right class still pass, in both formats.
    assert_eq!(
        strict
            .from_slice::<Vec<P>>(&amf3(&vec![p(1, 2), p(3, 4)]))
            .unwrap(),
        [p(1, 2), p(3, 4)]
    );
    assert_eq!(
        strict.amf0_from_slice::<P>(&amf0(&p(1, 2))).unwrap(),
        p(1, 2)
    );
    // Strictness is about aliased types only: plain structs still read
    // anonymous objects.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Plain {
        x: i32,
    }
    assert_eq!(
        strict
            .from_slice::<Plain>(&hex("0a 0b 01 03 78 04 01 01"))
            .unwrap(),
        Plain { x: 1 }
    );
}

// ------------------------------------------------------------------ generics

#[test]
fn generic_typed_object() {
    let page = Page {
        items: vec![p(1, 2), p(3, 4)],
        total: 2,
    };
    assert_amf3(
        &page,
        &format!(
            "0a 23 {page} {items} {total}
             09 05 01
               0a 23 03 50 03 78 03 79  04 01 04 02
               0a 05                    04 03 04 04
             04 02",
            page = vr("Page"),
            items = vr("items"),
            total = vr("total"),
        ),
    );
    assert_amf0(
        &Page {
            items: vec!["a".to_owned()],
            total: 1,
        },
        &format!(
            "10 {page} {items} 0a 00 00 00 01 02 00 01 61  {total} 00 3f f0 00 00 00 00 00 00  00 00 09",
            page = utf("Page"),
            items = utf("items"),
            total = utf("total"),
        ),
    );
    round_trip(&page);
    round_trip(&Page::<String> {
        items: vec!["x".into()],
        total: 1,
    });
    round_trip(&Page {
        items: vec![Page {
            items: vec![Foo { x: 0.5 }],
            total: 1,
        }],
        total: 1,
    });
}

// ---------------------------------------------------------- borrowed fields

#[test]
fn borrowed_fields_are_zero_copy() {
    let b = Borrowed {
        name: "gold",
        blob: &[1, 2],
        cow: Cow::Borrowed("silver"),
    };
    let bytes = amf3(&vec![&b, &b]);
    let owned: Vec<Borrowed> = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(owned, [b.clone_ref(), b.clone_ref()]);
    let range = bytes.as_ptr_range();
    for item in &owned {
        // The second `name` and `cow` are string references: still borrowed.
        assert!(range.contains(&item.name.as_ptr()), "name copied");
        assert!(range.contains(&item.blob.as_ptr()), "blob copied");
        assert!(
            matches!(&item.cow, Cow::Borrowed(s) if range.contains(&s.as_ptr())),
            "cow copied: {:?}",
            item.cow
        );
    }
    // AMF0 borrows too.
    let bytes0 = amf0(&b);
    let back: Borrowed = amf0::from_slice(&bytes0).unwrap();
    assert_eq!(back, b);
    let range = bytes0.as_ptr_range();
    assert!(range.contains(&back.name.as_ptr()));
    assert!(matches!(&back.cow, Cow::Borrowed(s) if range.contains(&s.as_ptr())));
    // serde_json borrows the strings (no escapes); bytes are a number array.
    let json = serde_json::to_string(&b).unwrap();
    assert_eq!(json, r#"{"name":"gold","blob":[1,2],"cow":"silver"}"#);
    // And the class check applies to borrowed types.
    let e =
        amf_serde::from_slice::<Borrowed>(&hex("0a 13 03 51 09 6e 61 6d 65 06 01")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected an object of class \"B\", found class \"Q\" at byte offset 0"
    );
}

impl Borrowed<'_> {
    fn clone_ref(&self) -> Borrowed<'_> {
        Borrowed {
            name: self.name,
            blob: self.blob,
            cow: Cow::Borrowed(&self.cow),
        }
    }
}

// ------------------------------------------------------ serde's attributes

#[test]
fn serde_field_attributes_exact_bytes() {
    let class = vr("com.example.Account");
    let (id, name, tags, avatar, note) = (
        vr("accountId"),
        vr("displayName"),
        vr("tags"),
        vr("avatar"),
        vr("note"),
    );
    // rename_all, rename, skip (cache), default, serde_bytes (a ByteArray,
    // 0c), skip_serializing_if (note absent).
    let mut a = account(None);
    a.cache = Some("not sent".into());
    let bytes = amf3(&a);
    assert_eq!(
        to_hex(&bytes),
        to_hex(&hex(&format!(
            "0a 43 {class} {id} {name} {tags} {avatar}
             04 07  06 {ada}  09 03 01 06 {a}  0c 05 01 02",
            ada = vr("Ada"),
            a = vr("a"),
        )))
    );
    a.cache = None;
    assert_eq!(from3::<Account>(&bytes), a);
    // With the note: five sealed members. Then without, then with again:
    // two traits, the third object refers to the first.
    let list = vec![account(Some("n")), account(None), account(Some("n"))];
    assert_amf3(
        &list,
        &format!(
            "09 07 01
             0a 53 {class} {id} {name} {tags} {avatar} {note}
               04 07  06 {ada}  09 03 01 06 {a}  0c 05 01 02  06 {n}
             0a 43 00 02 04 06 08
               04 07  06 0c     09 03 01 06 0e   0c 05 01 02
             0a 01
               04 07  06 0c     09 03 01 06 0e   0c 05 01 02  06 10",
            ada = vr("Ada"),
            a = vr("a"),
            n = vr("n"),
        ),
    );
    // AMF0: a typed object; bytes as a strict array of numbers or an AMF3
    // ByteArray behind the switch (the default).
    assert_amf0(
        &account(None),
        &format!(
            "10 {class}
             {id} 00 40 1c 00 00 00 00 00 00
             {name} 02 {ada}
             {tags} 0a 00 00 00 01 02 {a}
             {avatar} 11 0c 05 01 02
             00 00 09",
            class = utf("com.example.Account"),
            id = utf("accountId"),
            name = utf("displayName"),
            tags = utf("tags"),
            avatar = utf("avatar"),
            ada = utf("Ada"),
            a = utf("a"),
        ),
    );
    // `default`: tags may be missing.
    let bytes = hex(&format!(
        "0a 33 {class} {id} {name} {avatar} 04 07 06 {ada} 0c 01",
        ada = vr("Ada"),
    ));
    let got: Account = from3(&bytes);
    assert_eq!(got.tags, Vec::<String>::new());
    assert_eq!(got.note, None);
}

#[test]
fn serde_attributes_round_trip() {
    round_trip(&account(None));
    round_trip(&account(Some("n")));
    round_trip(&vec![account(Some("x")), account(None)]);
}

// ------------------------------------------------ everything, every format

#[test]
fn nested_derived_types_round_trip() {
    let order = Order {
        lines: vec![
            Page {
                items: vec![p(1, 2)],
                total: 1,
            },
            Page {
                items: vec![],
                total: 0,
            },
        ],
        who: Some(account(Some("vip"))),
        rest: BTreeMap::from([
            ("coupon".to_owned(), Value::String("SAVE".into())),
            ("gift".to_owned(), Value::Bool(true)),
        ]),
    };
    round_trip(&order);
    round_trip(&Order {
        lines: vec![],
        who: None,
        rest: BTreeMap::new(),
    });
    // In AMF3 the order is a dynamic typed object.
    let bytes = amf3(&order);
    assert_eq!(
        to_hex(&bytes[..3]),
        "0a 2b 23",
        "dynamic, 2 sealed, class of 17 bytes"
    );
    let v: Value = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(v.class(), Some("com.example.Order"));
    assert_eq!(v["customer"].class(), Some("com.example.Account"));
    assert_eq!(v["lines"][0].class(), Some("Page"));
    assert_eq!(v["lines"][0]["items"][0].class(), Some("P"));
    assert_eq!(v["coupon"], Value::String("SAVE".into()));
}

#[test]
fn json_shape_of_derived_types() {
    // Other formats see plain structs: no class, field names as serde
    // names them.
    assert_eq!(
        serde_json::to_value(p(1, 2)).unwrap(),
        serde_json::json!({"x": 1, "y": 2})
    );
    assert_eq!(
        serde_json::to_value(Page {
            items: vec![p(1, 2)],
            total: 1
        })
        .unwrap(),
        serde_json::json!({"items": [{"x": 1, "y": 2}], "total": 1})
    );
    let back: P = serde_json::from_str(r#"{"y": 2, "x": 1}"#).unwrap();
    assert_eq!(back, p(1, 2));
}
