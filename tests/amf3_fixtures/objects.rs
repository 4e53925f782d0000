//! RocketAMF object fixtures.

use super::*;

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
