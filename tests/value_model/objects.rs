//! The `Value` decoder's object reader (issue 23, session 6): sealed members
//! are made from the traits' names first and each value is written into its
//! place; the class name and traits copy are taken before the node is made.
//! Exact values (inline, 22-byte and shared names; cycles and references
//! into a half-read object; traits references), and the errors of a failed
//! read with their byte offsets.

use super::*;

/// `[o, o2, o]`: `o` a dynamic object of class `C` with sealed `a` (1) and
/// `b` (a reference to `o` itself: a cycle) and dynamic `d: "x"`; `o2` the
/// same traits by reference, with `a: 1.5`, `b: null` and no dynamic
/// member; then `o` again by reference (the same node).
#[test]
fn sealed_members_in_place() {
    let bytes = hex("09 07 01 \
         0a 2b 03 43 03 61 03 62 04 01 0a 02 03 64 06 03 78 01 \
         0a 01 05 3f f8 00 00 00 00 00 00 01 01 \
         0a 02");
    let v = decode(&bytes);
    let Value::Array(a) = &v else {
        panic!("not an array: {v}")
    };
    assert_eq!(a.len(), 3);
    let (Value::Object(o), Value::Object(o2), Value::Object(o3)) = (&a[0], &a[1], &a[2]) else {
        panic!("not objects: {v}")
    };
    assert!(Arc::ptr_eq(o, o3), "a reference shares the node");
    assert_eq!(o.class, "C");
    assert_eq!(o.traits_copy, 0);
    let names: Vec<&str> = o.sealed.keys().map(|k| k.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(o.sealed[0].1, int(1));
    let Value::Cycle(c) = &o.sealed[1].1 else {
        panic!("b is not a cycle: {:?}", o.sealed[1].1)
    };
    let back = c.upgrade().expect("the cycle is alive");
    let Value::Object(back) = &back else {
        panic!("the cycle is not to an object: {back}")
    };
    assert!(Arc::ptr_eq(back, o));
    let dynamic = o.dynamic.as_ref().expect("dynamic");
    assert_eq!(dynamic.len(), 1);
    assert_eq!(dynamic[0].0, "d");
    assert_eq!(dynamic[0].1, s("x"));

    assert_eq!(o2.class, "C");
    assert_eq!(o2.traits_copy, 0);
    let names: Vec<&str> = o2.sealed.keys().map(|k| k.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(o2.sealed[0].1, Value::Double(1.5));
    assert_eq!(o2.sealed[1].1, Value::Null);
    assert_eq!(o2.dynamic.as_ref().map(|d| d.len()), Some(0));
    assert_eq!(o2.get("b"), Some(&Value::Null));
    assert_eq!(v[1]["a"], Value::Double(1.5));
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes));
}

/// Sealed names of every kind (empty, short, 22 bytes inline, 23 bytes
/// shared) and a shared class name, in two objects (the second through a
/// traits reference, so each name is copied again), with nested objects as
/// values.
#[test]
fn sealed_names_inline_and_shared() {
    let class = "flex.messaging.io.ArrayCollection"; // 33 bytes: shared
    let names = ["", "k", "abcdefghijklmnopqrstuv", "abcdefghijklmnopqrstuvw"];
    let inner = |i: i32| sealed(class, names.iter().map(|&n| (n, int(i))).collect());
    let outer = |i: i32| {
        sealed(
            class,
            names
                .iter()
                .enumerate()
                .map(|(k, &n)| (n, if k == 2 { inner(i) } else { int(i + k as i32) }))
                .collect(),
        )
    };
    let v = arr(vec![outer(1), outer(2)]);
    let bytes = encode(&v);
    let back = check(&to_hex(&bytes), &v);
    for (i, o) in [(0, 1), (1, 2)] {
        let o2 = back[i].as_object().expect("object");
        assert_eq!(o2.class, class);
        let got: Vec<&str> = o2.sealed.keys().map(|k| k.as_str()).collect();
        assert_eq!(got, names);
        assert_eq!(back[i]["k"], int(o + 1));
        assert_eq!(
            back[i]["abcdefghijklmnopqrstuv"]["abcdefghijklmnopqrstuvw"],
            int(o)
        );
    }
}

/// A failed read inside an object's members reports the same error and
/// offset as before, whichever member fails, and leaks nothing.
#[test]
fn errors_inside_members() {
    // The input ends in the second sealed member.
    let e = from_slice::<Value>(&hex("0a 23 03 43 03 61 03 62 04 01")).unwrap_err();
    assert!(e.is_eof(), "{e}");
    assert_eq!(e.offset(), Some(10), "{e}");
    // An invalid marker in the first sealed member, in the second, and in
    // a dynamic member (inside a nested object).
    for (bytes, at) in [
        ("0a 23 03 43 03 61 03 62 20 01", 8),
        ("0a 23 03 43 03 61 03 62 04 01 20", 10),
        (
            "0a 2b 03 43 03 61 03 62 04 01 01 03 64 0a 0b 01 03 6b 20",
            18,
        ),
    ] {
        let e = from_slice::<Value>(&hex(bytes)).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("invalid AMF3 marker 0x20 at byte offset {at}"),
            "{bytes}"
        );
    }
    // The depth limit, reached by sealed objects nested in sealed members:
    // `{a: {a: {a: 1}}}` with traits `C {a}` by reference after the first.
    let nested = hex("0a 13 03 43 03 61 0a 01 0a 01 04 01");
    let opts = Options::new().with_max_depth(3);
    let v = opts.from_slice::<Value>(&nested).expect("three levels");
    assert_eq!(v["a"]["a"]["a"], int(1));
    let e = Options::new()
        .with_max_depth(2)
        .from_slice::<Value>(&nested)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "nesting depth limit of 2 exceeded at byte offset 8"
    );
    // The same object read whole after a failed decode on the same thread
    // (the decoder's pooled tables were left clean).
    assert_eq!(
        decode(&hex("0a 23 03 43 03 61 03 62 04 01 01"))["a"],
        int(1)
    );
}
