//! Decodes every `amf3-*.bin` fixture of RocketAMF (`tests/fixtures/rocketamf/objects`,
//! written by Flash Player from `spec/flash/Encoder.as`) into the Rust type
//! its name describes, asserting exact values. Every fixture is also decoded
//! through `from_reader` (once with a reader that yields one byte per call),
//! which must give the same value as `from_slice`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Debug};
use std::io::{self, Read};
use std::marker::PhantomData;
use std::sync::mpsc;
use std::time::Duration;

use amf_serde::{Category, Error};
use amf_serde_tests::{fixture, to_hex};
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_bytes::ByteBuf;
use serde_json::{json, Value};

// ------------------------------------------------------------------ helpers

/// An `io::Read` that hands out one byte per call.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (buf.first_mut(), self.0.split_first()) {
            (Some(slot), Some((&b, rest))) => {
                *slot = b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

fn load(name: &str) -> Vec<u8> {
    fixture("objects", name)
}

/// Decodes fixture `name` as `T` with `from_slice`, `from_reader` and a
/// byte-by-byte reader; all three must equal `expected`.
#[track_caller]
fn check<T: DeserializeOwned + Debug + PartialEq>(name: &str, expected: &T) {
    let bytes = load(name);
    let a: T = amf_serde::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{name}: from_slice failed: {e} ({})", to_hex(&bytes)));
    assert_eq!(&a, expected, "{name}: from_slice");
    let b: T = amf_serde::from_reader(bytes.as_slice())
        .unwrap_or_else(|e| panic!("{name}: from_reader failed: {e}"));
    assert_eq!(b, a, "{name}: from_reader differs from from_slice");
    let c: T = amf_serde::amf3::from_reader(Trickle(&bytes))
        .unwrap_or_else(|e| panic!("{name}: from_reader (1 byte at a time) failed: {e}"));
    assert_eq!(
        c, a,
        "{name}: byte-by-byte from_reader differs from from_slice"
    );
}

/// Decoding fixture `name` as `T` must fail, with the same message from a
/// slice and from a reader; returns the slice error.
#[track_caller]
fn check_err<T: DeserializeOwned + Debug + Send + 'static>(name: &'static str) -> Error {
    within_timeout(move || {
        let bytes = load(name);
        let e = match amf_serde::from_slice::<T>(&bytes) {
            Ok(v) => panic!("{name}: expected an error, got {v:?}"),
            Err(e) => e,
        };
        let e2 = match amf_serde::from_reader::<_, T>(bytes.as_slice()) {
            Ok(v) => panic!("{name}: from_reader: expected an error, got {v:?}"),
            Err(e) => e,
        };
        assert_eq!(
            e.to_string(),
            e2.to_string(),
            "{name}: slice vs reader error"
        );
        let e3 = match amf_serde::from_reader::<_, T>(Trickle(&bytes)) {
            Ok(v) => panic!("{name}: trickle reader: expected an error, got {v:?}"),
            Err(e) => e,
        };
        assert_eq!(
            e.to_string(),
            e3.to_string(),
            "{name}: slice vs trickle error"
        );
        e
    })
}

/// Runs `f` on another thread, failing instead of hanging.
#[track_caller]
fn within_timeout<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("decoder did not finish in time (or panicked)")
}

fn s(v: &str) -> String {
    v.to_owned()
}

// ------------------------------------------------------------------ types

/// `org.amf.ASClass` (`spec/flash/ASClass.as`): `foo` set by the
/// constructor, `baz` always null.
#[derive(Debug, PartialEq, Eq, Hash, Clone, Deserialize)]
struct ASClass {
    foo: Option<String>,
    baz: Option<String>,
}

fn as_class(value: &str) -> ASClass {
    ASClass {
        foo: Some(s(value)),
        baz: None,
    }
}

/// All entries of a map or dictionary, in wire order, keys of any type.
#[derive(Debug, PartialEq)]
struct Entries<K, V>(Vec<(K, V)>);

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Entries<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<K, V> {
            type Value = Entries<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// A dictionary key: a string or an `ASClass` instance.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum DictKey {
    Str(String),
    Obj(ASClass),
}

// ================================================================ scalars

#[test]
fn amf3_null_true_false() {
    check("amf3-null.bin", &());
    check("amf3-null.bin", &None::<i32>);
    check("amf3-null.bin", &None::<String>);
    check("amf3-null.bin", &Value::Null);
    check("amf3-true.bin", &true);
    check("amf3-false.bin", &false);
    check("amf3-true.bin", &json!(true));
    assert_eq!(check_err::<i32>("amf3-true.bin").classify(), Category::Data);
}

#[test]
fn amf3_integers() {
    check("amf3-0.bin", &0i32);
    check("amf3-0.bin", &0u8);
    check("amf3-0.bin", &0.0f64);
    check("amf3-max.bin", &268435455i32);
    check("amf3-max.bin", &268435455u32);
    check("amf3-max.bin", &268435455i64);
    check("amf3-max.bin", &268435455.0f64);
    check("amf3-min.bin", &-268435456i32);
    check("amf3-min.bin", &-268435456i64);
    check("amf3-min.bin", &-268435456.0f64);
    check("amf3-min.bin", &json!(-268435456));
    assert!(check_err::<u32>("amf3-min.bin").is_data());
    assert!(check_err::<i16>("amf3-max.bin").is_data());
}

#[test]
fn amf3_large_integers_are_doubles() {
    check("amf3-large-max.bin", &268435456.0f64);
    check("amf3-large-max.bin", &268435456i64);
    check("amf3-large-max.bin", &268435456i32);
    check("amf3-large-max.bin", &268435456u64);
    check("amf3-large-max.bin", &json!(268435456.0));
    check("amf3-large-min.bin", &-268435457.0f64);
    check("amf3-large-min.bin", &-268435457i64);
    check("amf3-large-min.bin", &-268435457i32);
    assert!(check_err::<u64>("amf3-large-min.bin").is_data());
}

#[test]
fn amf3_big_num() {
    check("amf3-bigNum.bin", &2f64.powi(1000));
    let e = check_err::<i64>("amf3-bigNum.bin");
    assert_eq!(
        e.to_string(),
        "number 1.0715086071862673e301 is not a valid i64 at byte offset 0"
    );
    assert_eq!(e.classify(), Category::Data);
    assert!(check_err::<u64>("amf3-bigNum.bin").is_data());
}

#[test]
fn amf3_float() {
    check("amf3-float.bin", &3.5f64);
    check("amf3-float.bin", &3.5f32);
    check("amf3-float.bin", &json!(3.5));
    let e = check_err::<i32>("amf3-float.bin");
    assert_eq!(
        e.to_string(),
        "number 3.5 is not a valid i32 at byte offset 0"
    );
}

#[test]
fn amf3_strings() {
    check("amf3-string.bin", &s("String . String"));
    check("amf3-symbol.bin", &s("foo"));
    // Borrowed from the slice.
    let bytes = load("amf3-string.bin");
    let borrowed: &str = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(borrowed, "String . String");
}

#[test]
fn amf3_dates_are_milliseconds() {
    check("amf3-date.bin", &0.0f64);
    check("amf3-date.bin", &json!(0.0));
    check("amf3-date-ref.bin", &vec![0.0f64, 0.0]);
    check("amf3-date-ref.bin", &(0.0f64, 0.0f64));
}

#[test]
fn amf3_xml_as_strings() {
    check(
        "amf3-xml-doc.bin",
        &s("<parent><child prop=\"test\" /></parent>"),
    );
    check(
        "amf3-xml.bin",
        &s("<parent><child prop=\"test\"/></parent>"),
    );
    check(
        "amf3-xml-ref.bin",
        &vec![s("<parent><child prop=\"test\"/></parent>"); 2],
    );
    let bytes = load("amf3-xml.bin");
    let borrowed: &str = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(borrowed, "<parent><child prop=\"test\"/></parent>");
}

#[test]
fn amf3_byte_arrays() {
    let mut expected = vec![0u8, 3];
    expected.extend_from_slice("これtest".as_bytes());
    expected.push(64);
    check("amf3-byte-array.bin", &ByteBuf::from(expected.clone()));
    let bytes = load("amf3-byte-array.bin");
    let borrowed: &serde_bytes::Bytes = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(&borrowed[..], &expected[..]);

    check(
        "amf3-byte-array-ref.bin",
        &vec![
            ByteBuf::from(b"ASDF".to_vec()),
            ByteBuf::from(b"ASDF".to_vec()),
        ],
    );
}

// ================================================================ arrays

#[test]
fn amf3_arrays() {
    check("amf3-empty-array.bin", &Vec::<i32>::new());
    check("amf3-empty-array.bin", &json!([]));
    check("amf3-primitive-array.bin", &vec![1i32, 2, 3, 4, 5]);
    check("amf3-primitive-array.bin", &vec![1u8, 2, 3, 4, 5]);
    check(
        "amf3-primitive-array.bin",
        &vec![1.0f64, 2.0, 3.0, 4.0, 5.0],
    );
    check("amf3-primitive-array.bin", &(1, 2, 3, 4, 5));
    check("amf3-primitive-array.bin", &json!([1, 2, 3, 4, 5]));
}

#[test]
fn amf3_array_refs() {
    check(
        "amf3-array-ref.bin",
        &(
            vec![1, 2, 3],
            vec![s("a"), s("b"), s("c")],
            vec![1, 2, 3],
            vec![s("a"), s("b"), s("c")],
        ),
    );
    check(
        "amf3-array-ref.bin",
        &json!([[1, 2, 3], ["a", "b", "c"], [1, 2, 3], ["a", "b", "c"]]),
    );
    check("amf3-empty-array-ref.bin", &vec![Vec::<i32>::new(); 4]);
    check("amf3-empty-array-ref.bin", &json!([[], [], [], []]));
}

#[test]
fn amf3_string_refs() {
    check("amf3-empty-string-ref.bin", &vec![s(""), s("")]);
    check(
        "amf3-encoded-string-ref.bin",
        &vec![s("this is a テスト"), s("this is a テスト")],
    );
    check(
        "amf3-complex-encoded-string-array.bin",
        &(5i32, s("Shift テスト"), s("UTF テスト"), 5i32),
    );
    check(
        "amf3-complex-encoded-string-array.bin",
        &json!([5, "Shift テスト", "UTF テスト", 5]),
    );
    check(
        "amf3-string-ref.bin",
        &json!(["foo", "str", "foo", "str", "foo", {"str": "foo"}]),
    );

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Item {
        Str(String),
        Obj(BTreeMap<String, String>),
    }
    let obj: BTreeMap<String, String> = [(s("str"), s("foo"))].into();
    check(
        "amf3-string-ref.bin",
        &vec![
            Item::Str(s("foo")),
            Item::Str(s("str")),
            Item::Str(s("foo")),
            Item::Str(s("str")),
            Item::Str(s("foo")),
            Item::Obj(obj),
        ],
    );
    // Strings that arrive as references borrow from the input too.
    let bytes = load("amf3-string-ref.bin");
    let v: (&str, &str, &str, &str, &str, HashMap<&str, &str>) =
        amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(
        (v.0, v.1, v.2, v.3, v.4),
        ("foo", "str", "foo", "str", "foo")
    );
    assert_eq!(v.5, [("str", "foo")].into());
}

#[test]
fn amf3_associative_array() {
    let expected: BTreeMap<String, String> = [
        ("asdf", "fdsa"),
        ("foo", "bar"),
        ("42", "bar"),
        ("0", "bar1"),
        ("1", "bar2"),
        ("2", "bar3"),
    ]
    .into_iter()
    .map(|(k, v)| (s(k), s(v)))
    .collect();
    check("amf3-associative-array.bin", &expected);
    check(
        "amf3-associative-array.bin",
        &json!({"asdf": "fdsa", "foo": "bar", "42": "bar", "0": "bar1", "1": "bar2", "2": "bar3"}),
    );
    check(
        "amf3-associative-array.bin",
        &Entries(vec![
            (s("asdf"), s("fdsa")),
            (s("foo"), s("bar")),
            (s("42"), s("bar")),
            (s("0"), s("bar1")),
            (s("1"), s("bar2")),
            (s("2"), s("bar3")),
        ]),
    );
    // Not a plain list: the named entries must not be dropped.
    assert!(check_err::<Vec<String>>("amf3-associative-array.bin").is_data());
}

#[test]
fn amf3_mixed_array() {
    // [h1, h2, so1, {}, [h1, h2, so1], [], 42, "", [], "", {}, "bar_one", so1]
    let h1 = json!({"foo_one": "bar_one"});
    let h2 = json!({"foo_two": ""});
    let so1 = json!({"foo_three": 42});
    check(
        "amf3-mixed-array.bin",
        &json!([
            h1.clone(),
            h2.clone(),
            so1.clone(),
            {},
            [h1, h2, so1.clone()],
            [],
            42,
            "",
            [],
            "",
            {},
            "bar_one",
            so1
        ]),
    );
}

// ================================================================ objects

#[test]
fn amf3_dynamic_object() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Dyn {
        another_public_property: String,
        nil_property: Option<String>,
        property_one: String,
    }
    check(
        "amf3-dynamic-object.bin",
        &Dyn {
            another_public_property: s("a_public_value"),
            nil_property: None,
            property_one: s("foo"),
        },
    );
    let expected: BTreeMap<String, Option<String>> = [
        (s("another_public_property"), Some(s("a_public_value"))),
        (s("nil_property"), None),
        (s("property_one"), Some(s("foo"))),
    ]
    .into();
    check("amf3-dynamic-object.bin", &expected);
    check(
        "amf3-dynamic-object.bin",
        &json!({"another_public_property": "a_public_value", "nil_property": null, "property_one": "foo"}),
    );
}

#[test]
fn amf3_hash() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Hash {
        answer: i32,
        foo: String,
    }
    check(
        "amf3-hash.bin",
        &Hash {
            answer: 42,
            foo: s("bar"),
        },
    );
    check("amf3-hash.bin", &json!({"answer": 42, "foo": "bar"}));
}

#[test]
fn amf3_typed_object() {
    check("amf3-typed-object.bin", &as_class("bar"));
    check("amf3-typed-object.bin", &json!({"baz": null, "foo": "bar"}));
}

#[test]
fn amf3_trait_ref() {
    check(
        "amf3-trait-ref.bin",
        &vec![as_class("foo"), as_class("bar")],
    );
}

#[test]
fn amf3_object_ref() {
    // [[obj1, obj2], "bar", [obj1, obj2]], obj1 = obj2 = {foo: "bar"}
    type Objs = Vec<HashMap<String, String>>;
    let obj: HashMap<String, String> = [(s("foo"), s("bar"))].into();
    check(
        "amf3-object-ref.bin",
        &(
            vec![obj.clone(), obj.clone()],
            s("bar"),
            vec![obj.clone(), obj],
        ),
    );
    let bytes = load("amf3-object-ref.bin");
    let (a, _, b): (Objs, String, Objs) = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(a, b);
    check(
        "amf3-object-ref.bin",
        &json!([[{"foo": "bar"}, {"foo": "bar"}], "bar", [{"foo": "bar"}, {"foo": "bar"}]]),
    );
}

#[test]
fn amf3_graph_member_is_cyclic() {
    // parent = {children: [child1, child2], parent: null}, where each child is
    // {children: [], parent: <parent>}. Flash writes child1.parent as `0a 00`
    // (a reference to object #0, the parent, still being read) at offset 28:
    // the value is a cycle, which a tree-shaped Rust value cannot hold.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Node {
        children: Vec<Node>,
        parent: Option<Box<Node>>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct ShallowNode {
        children: Vec<HashMap<String, IgnoredAny>>,
        parent: IgnoredAny,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct ChildrenOnly {
        children: Vec<ChildOnly>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct ChildOnly {
        children: Vec<i32>,
    }
    let msg = "reference to object 0, which is still being read (a cycle), cannot be \
               decoded into a tree-shaped type at byte offset 28";
    let e = check_err::<Node>("amf3-graph-member.bin");
    assert_eq!(e.to_string(), msg);
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), Some(28));
    assert_eq!(check_err::<Value>("amf3-graph-member.bin").to_string(), msg);
    // Members that are skipped (IgnoredAny, unknown fields) do not follow
    // references, so the back-reference to the parent is harmless there.
    let bytes = fixture("objects", "amf3-graph-member.bin");
    let shallow: ShallowNode = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(shallow.children.len(), 2);
    let only: ChildrenOnly = amf_serde::from_slice(&bytes).unwrap();
    assert_eq!(only.children.len(), 2);
    assert!(only.children.iter().all(|c| c.children.is_empty()));
    amf_serde::from_slice::<IgnoredAny>(&bytes).unwrap();
}

// ================================================================ vectors

#[test]
fn amf3_vectors() {
    check("amf3-vector-int.bin", &vec![4i32, -20, 12]);
    check("amf3-vector-int.bin", &json!([4, -20, 12]));
    check("amf3-vector-uint.bin", &vec![4u32, 20, 12]);
    check("amf3-vector-uint.bin", &vec![4i32, 20, 12]);
    check("amf3-vector-double.bin", &vec![4.3f64, -20.6]);
    check("amf3-vector-double.bin", &json!([4.3, -20.6]));
    check(
        "amf3-vector-object.bin",
        &vec![as_class("foo"), as_class("bar"), as_class("baz")],
    );
    check(
        "amf3-vector-object.bin",
        &json!([
            {"foo": "foo", "baz": null},
            {"foo": "bar", "baz": null},
            {"foo": "baz", "baz": null}
        ]),
    );
    assert!(check_err::<Vec<u32>>("amf3-vector-int.bin").is_data());
}

// ============================================================ dictionaries

#[test]
fn amf3_dictionary() {
    // d["bar"] = "asdf1"; d[new ASClass("baz")] = "asdf2"
    check(
        "amf3-dictionary.bin",
        &Entries(vec![
            (DictKey::Str(s("bar")), s("asdf1")),
            (DictKey::Obj(as_class("baz")), s("asdf2")),
        ]),
    );
    check(
        "amf3-dictionary.bin",
        &Entries(vec![
            (json!("bar"), json!("asdf1")),
            (json!({"foo": "baz", "baz": null}), json!("asdf2")),
        ]),
    );
    // serde_json maps need string keys; the object key is a clean error.
    assert!(check_err::<Value>("amf3-dictionary.bin").is_data());
    assert!(check_err::<HashMap<String, String>>("amf3-dictionary.bin").is_data());
}

#[test]
fn amf3_empty_dictionary() {
    check(
        "amf3-empty-dictionary.bin",
        &HashMap::<String, String>::new(),
    );
    check("amf3-empty-dictionary.bin", &BTreeMap::<i32, i32>::new());
    check("amf3-empty-dictionary.bin", &json!({}));
    check(
        "amf3-empty-dictionary.bin",
        &Entries::<Value, Value>(vec![]),
    );
}

// ======================================================= externalizables

#[test]
fn amf3_array_collection() {
    check("amf3-array-collection.bin", &vec![s("foo"), s("bar")]);
    check("amf3-array-collection.bin", &json!(["foo", "bar"]));
}

#[test]
fn amf3_complex_array_collection() {
    // [a, b, b], a = AC(['foo', 'bar']), b = AC([ASClass('bar'), ASClass('asdf')])
    check(
        "amf3-complex-array-collection.bin",
        &(
            vec![s("foo"), s("bar")],
            vec![as_class("bar"), as_class("asdf")],
            vec![as_class("bar"), as_class("asdf")],
        ),
    );
    check(
        "amf3-complex-array-collection.bin",
        &json!([
            ["foo", "bar"],
            [{"foo": "bar", "baz": null}, {"foo": "asdf", "baz": null}],
            [{"foo": "bar", "baz": null}, {"foo": "asdf", "baz": null}]
        ]),
    );
}

#[test]
fn amf3_externalizable_unknown_class() {
    // [new ExternalizableTest(5, 7), new ExternalizableTest(13, 5)]; the
    // first object starts at offset 3.
    let msg = "externalizable class \"ExternalizableTest\" has no registered reader; \
               its body has no length, so it cannot be skipped at byte offset 3";
    let e = check_err::<Vec<Value>>("amf3-externalizable.bin");
    assert_eq!(e.to_string(), msg);
    assert_eq!(e.classify(), Category::Data);
    assert_eq!(e.offset(), Some(3));
    assert_eq!(
        check_err::<Value>("amf3-externalizable.bin").to_string(),
        msg
    );
    assert_eq!(
        check_err::<IgnoredAny>("amf3-externalizable.bin").to_string(),
        msg
    );
    assert_eq!(
        check_err::<Vec<HashMap<String, f64>>>("amf3-externalizable.bin").to_string(),
        msg
    );
}

// ============================================================ re-encoding

/// Fixtures whose Flash bytes our encoder reproduces exactly from the
/// natural Rust value.
#[test]
fn reencoding_reproduces_flash_bytes() {
    #[track_caller]
    fn same<T: Serialize + ?Sized>(name: &str, value: &T) {
        let bytes = amf_serde::to_vec(value).unwrap();
        assert_eq!(to_hex(&bytes), to_hex(&load(name)), "{name}");
    }
    same("amf3-null.bin", &());
    same("amf3-true.bin", &true);
    same("amf3-false.bin", &false);
    same("amf3-0.bin", &0);
    same("amf3-max.bin", &268435455);
    same("amf3-min.bin", &-268435456);
    same("amf3-large-max.bin", &268435456);
    same("amf3-large-min.bin", &-268435457);
    same("amf3-bigNum.bin", &2f64.powi(1000));
    same("amf3-float.bin", &3.5);
    same("amf3-string.bin", "String . String");
    same("amf3-symbol.bin", "foo");
    same("amf3-empty-array.bin", &Vec::<i32>::new());
    same("amf3-primitive-array.bin", &[1, 2, 3, 4, 5]);
    same("amf3-empty-string-ref.bin", &["", ""]);
    same("amf3-encoded-string-ref.bin", &["this is a テスト"; 2]);
    same(
        "amf3-complex-encoded-string-array.bin",
        &(5, "Shift テスト", "UTF テスト", 5),
    );
    same("amf3-hash.bin", &json!({"answer": 42, "foo": "bar"}));
    same(
        "amf3-dynamic-object.bin",
        &json!({"another_public_property": "a_public_value", "nil_property": null, "property_one": "foo"}),
    );
    same(
        "amf3-string-ref.bin",
        &json!(["foo", "str", "foo", "str", "foo", {"str": "foo"}]),
    );
    let mut ba = vec![0u8, 3];
    ba.extend_from_slice("これtest".as_bytes());
    ba.push(64);
    same("amf3-byte-array.bin", &ByteBuf::from(ba));
}

// ============================================================== coverage

/// Every `amf3-*.bin` in the fixture directory is covered above and decodes
/// into a generic value (or fails with the expected error).
#[test]
fn every_amf3_fixture_is_covered() {
    const COVERED: &[&str] = &[
        "amf3-0.bin",
        "amf3-array-collection.bin",
        "amf3-array-ref.bin",
        "amf3-associative-array.bin",
        "amf3-bigNum.bin",
        "amf3-byte-array-ref.bin",
        "amf3-byte-array.bin",
        "amf3-complex-array-collection.bin",
        "amf3-complex-encoded-string-array.bin",
        "amf3-date-ref.bin",
        "amf3-date.bin",
        "amf3-dictionary.bin",
        "amf3-dynamic-object.bin",
        "amf3-empty-array-ref.bin",
        "amf3-empty-array.bin",
        "amf3-empty-dictionary.bin",
        "amf3-empty-string-ref.bin",
        "amf3-encoded-string-ref.bin",
        "amf3-externalizable.bin",
        "amf3-false.bin",
        "amf3-float.bin",
        "amf3-graph-member.bin",
        "amf3-hash.bin",
        "amf3-large-max.bin",
        "amf3-large-min.bin",
        "amf3-max.bin",
        "amf3-min.bin",
        "amf3-mixed-array.bin",
        "amf3-null.bin",
        "amf3-object-ref.bin",
        "amf3-primitive-array.bin",
        "amf3-string-ref.bin",
        "amf3-string.bin",
        "amf3-symbol.bin",
        "amf3-trait-ref.bin",
        "amf3-true.bin",
        "amf3-typed-object.bin",
        "amf3-vector-double.bin",
        "amf3-vector-int.bin",
        "amf3-vector-object.bin",
        "amf3-vector-uint.bin",
        "amf3-xml-doc.bin",
        "amf3-xml-ref.bin",
        "amf3-xml.bin",
    ];
    let dir = format!("{}/fixtures/rocketamf/objects", env!("CARGO_MANIFEST_DIR"));
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("amf3-") && n.ends_with(".bin"))
        .collect();
    found.sort();
    let mut covered: Vec<String> = COVERED.iter().map(|n| s(n)).collect();
    covered.sort();
    assert_eq!(found, covered);

    for name in COVERED {
        let bytes = load(name);
        let slice = amf_serde::from_slice::<Value>(&bytes);
        let reader = amf_serde::from_reader::<_, Value>(Trickle(&bytes));
        match (*name, &slice) {
            // serde_json::Value has no object keys and no bytes.
            (
                "amf3-dictionary.bin"
                | "amf3-graph-member.bin"
                | "amf3-externalizable.bin"
                | "amf3-byte-array.bin"
                | "amf3-byte-array-ref.bin",
                _,
            ) => {
                assert!(slice.is_err(), "{name}");
            }
            (_, Err(e)) => panic!("{name}: {e}"),
            _ => {}
        }
        match (slice, reader) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
            (a, b) => panic!("{name}: slice {a:?} vs reader {b:?}"),
        }
        // Skipping the value works (or fails the same way).
        let ignored = amf_serde::from_slice::<IgnoredAny>(&bytes);
        assert_eq!(
            ignored.is_ok(),
            *name != "amf3-externalizable.bin",
            "{name}"
        );
    }
}
