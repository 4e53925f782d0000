//! Cyclic `Value` graphs: self and two-object cycles, typed cycles, cycles through arrays,
//! vectors and dictionaries, weak links outliving their target, building cycles by hand, and why
//! sharing matters for equality.

use super::*;

// ------------------------------------------------------------ (b) cycles

#[test]
fn self_containing_object() {
    let v = decode(&hex(SELF_CYCLE));
    let o = v.as_object().unwrap();
    assert_eq!(o.len(), 1);
    let Value::Cycle(c) = &v["self"] else {
        panic!("expected a cycle, got {:?}", v["self"]);
    };
    assert!(c.upgrade().unwrap().ptr_eq(&v));
    assert!(v["self"].ptr_eq(&v));
    // An independently decoded copy is equal; so is the decoded re-encoding.
    let copy = decode(&hex(SELF_CYCLE));
    assert!(!copy.ptr_eq(&v));
    assert_eq!(v, copy);
    assert_eq!(to_hex(&encode(&v)), SELF_CYCLE);
    assert_eq!(decode(&encode(&v)), v);
    // A cycle is not equal to the (bisimilar) two-step cycle a={self:b}, b={self:a}.
    let two_step = decode(&hex("0a 0b 01 09 73 65 6c 66 0a 01 00 0a 00 01 01"));
    assert_ne!(v, two_step);
    assert_ne!(two_step, v);
    assert_eq!(two_step, two_step.clone());

    // Dropping frees the node: the cycle is weak.
    let weak = weak_object(&v);
    let cycle = Cycle::to(&v).unwrap();
    assert!(cycle.upgrade().is_some());
    drop(copy);
    drop(v);
    assert!(weak.upgrade().is_none(), "a = {{self: a}} leaked");
    assert!(cycle.upgrade().is_none());
}

#[test]
fn two_object_cycle() {
    let v = decode(&hex(TWO_CYCLE));
    let b = &v["b"];
    assert!(matches!(b, Value::Object(_)));
    assert!(matches!(b["a"], Value::Cycle(_)));
    assert!(b["a"].ptr_eq(&v));
    assert!(!b.ptr_eq(&v));

    assert_eq!(v, decode(&hex(TWO_CYCLE)));
    assert_eq!(to_hex(&encode(&v)), TWO_CYCLE);
    assert_eq!(decode(&encode(&v)), v);
    // Not equal to the self cycle, nor to the acyclic {b: {a: {}}}.
    assert_ne!(v, decode(&hex(SELF_CYCLE)));
    assert_ne!(v, anon(vec![("b", anon(vec![("a", anon(vec![]))]))]));

    let weak_a = weak_object(&v);
    let weak_b = weak_object(b);
    drop(v);
    assert!(weak_a.upgrade().is_none(), "a leaked");
    assert!(weak_b.upgrade().is_none(), "b leaked");
}

#[test]
fn typed_sealed_cycle() {
    let v = decode(&hex(NODE_CYCLE));
    assert_eq!(v.class(), Some("Node"));
    assert!(v["next"].ptr_eq(&v));
    assert_eq!(v.as_object().unwrap().dynamic, None);
    assert_eq!(to_hex(&encode(&v)), NODE_CYCLE);
    assert_eq!(v, decode(&hex(NODE_CYCLE)));
    // Same shape but anonymous dynamic: different.
    assert_ne!(v, decode(&hex(SELF_CYCLE)));
    let weak = weak_object(&v);
    drop(v);
    assert!(weak.upgrade().is_none());
}

#[test]
fn cycles_through_arrays_vectors_and_dictionaries() {
    // o = {list: [o]}: the cycle crosses an array.
    let bytes = "0a 0b 01 09 6c 69 73 74 09 03 01 0a 00 01";
    let v = decode(&hex(bytes));
    assert!(v["list"][0].ptr_eq(&v));
    assert_eq!(to_hex(&encode(&v)), bytes);
    assert_eq!(v, decode(&hex(bytes)));

    // A Vector.<Object> holding itself.
    let bytes = "10 03 00 01 10 00";
    let v = decode(&hex(bytes));
    assert!(matches!(&v, Value::VectorObject(_)));
    assert!(v[0].ptr_eq(&v));
    assert_eq!(to_hex(&encode(&v)), bytes);

    // A dictionary that is its own key and value.
    let bytes = "11 03 00 11 00 11 00";
    let v = decode(&hex(bytes));
    let d = v.as_dictionary().unwrap();
    assert!(d.entries[0].0.ptr_eq(&v));
    assert!(d.entries[0].1.ptr_eq(&v));
    assert_eq!(to_hex(&encode(&v)), bytes);
    assert_eq!(v, decode(&hex(bytes)));
    let cycle = Cycle::to(&v).unwrap();
    drop(v);
    assert!(cycle.upgrade().is_none());
}

#[test]
fn comparing_printing_and_debugging_cycles_terminates() {
    for bytes in [SELF_CYCLE, TWO_CYCLE, NODE_CYCLE, "09 03 01 09 00"] {
        let a = decode(&hex(bytes));
        let b = decode(&hex(bytes));
        assert_eq!(a, b);
        assert!(!format!("{a}").is_empty());
        assert!(!format!("{a:#}").is_empty());
        assert!(!format!("{a:?}").is_empty());
    }
    // The node a cycle points at is labelled, as in `Display`.
    let v = decode(&hex(TWO_CYCLE));
    assert_eq!(
        format!("{v:?}"),
        "#1=Object(Object { class: \"\", sealed: [], dynamic: Some([(\"b\", Object(Object { \
         class: \"\", sealed: [], dynamic: Some([(\"a\", Cycle(#1))]) }))]) })"
    );
}

#[test]
fn a_cycle_outliving_its_target() {
    let v = decode(&hex(TWO_CYCLE));
    let b = v["b"].clone();
    let weak_a = weak_object(&v);
    drop(v);
    assert!(weak_a.upgrade().is_none());
    // b is still alive; its cycle points nowhere.
    let Value::Cycle(c) = &b["a"] else {
        panic!("expected a cycle");
    };
    assert!(c.upgrade().is_none());
    assert_eq!(format!("{b}"), r#"{"a": cycle}"#);
    assert_eq!(b, b.clone());
    let err = to_vec(&b).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a Value::Cycle points at a value that no longer exists"
    );
}

/// `Cycle::to` is the only public way to make a `Cycle`, and it needs an
/// existing `Arc`: a cycle cannot be built by hand (an `Arc` holding a
/// `Cycle` to itself would need `Arc::new_cyclic` and a `Cycle` from a
/// `Weak`). What it can do: point at a node that exists elsewhere.
#[test]
fn cycle_to_by_hand() {
    assert!(Cycle::to(&int(1)).is_none());
    assert!(Cycle::to(&Value::from(Date::from_millis(0.0))).is_none());
    assert!(Cycle::to(&Value::from(ByteArray(vec![]))).is_none());
    let o = anon(vec![("a", int(1))]);
    let c = Cycle::to(&o).unwrap();
    assert!(c.upgrade().unwrap().ptr_eq(&o));
    assert!(Value::Cycle(Cycle::to(&Value::Cycle(c.clone())).unwrap()).ptr_eq(&o));
    assert_eq!(format!("{c:?}"), "Cycle(<Object>)");

    // A Cycle to a node written earlier is written as a reference to it, and
    // reads back as the shared node (a reference to a finished object is
    // not a cycle).
    let shared = "09 05 01 0a 0b 01 03 61 04 01 01 0a 02";
    let first = arr(vec![o.clone(), Value::Cycle(c.clone())]);
    assert_eq!(first.to_string(), r#"[#1={"a": 1}, cycle #1]"#);
    assert_eq!(to_hex(&encode(&first)), shared);
    let back = decode(&hex(shared));
    assert!(back[0].ptr_eq(&back[1]));
    assert!(!matches!(back[1], Value::Cycle(_)));
    assert_ne!(back, first, "a cycle is not a shared node");
    // A Cycle to a node not written yet writes the node there.
    let second = arr(vec![Value::Cycle(c.clone()), o.clone()]);
    assert_eq!(to_hex(&encode(&second)), shared);

    // A Cycle does not keep its node alive.
    drop(o);
    let dangling = arr(vec![Value::Cycle(c.clone())]);
    assert!(c.upgrade().is_some(), "first and second still hold o");
    drop((first, second));
    assert!(c.upgrade().is_none());
    assert_eq!(
        to_vec(&dangling).unwrap_err().to_string(),
        "a Value::Cycle points at a value that no longer exists"
    );
}

#[test]
fn sharing_matters_for_equality() {
    // [o, o] (one object, two holders) vs [o1, o2] (equal, distinct).
    let shared = decode(&hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 02"));
    let distinct = decode(&hex("09 05 01 0a 0b 01 03 61 04 01 01 0a 01 00 04 01 01"));
    assert!(shared[0].ptr_eq(&shared[1]));
    assert!(!distinct[0].ptr_eq(&distinct[1]));
    assert_eq!(shared[0], distinct[0]);
    assert_ne!(shared, distinct);
    assert_ne!(distinct, shared);

    let o = anon(vec![("a", int(1))]);
    assert_eq!(shared, arr(vec![o.clone(), o]));
    assert_eq!(
        distinct,
        arr(vec![anon(vec![("a", int(1))]), anon(vec![("a", int(1))])])
    );
    assert_eq!(
        to_hex(&encode(&shared)),
        "09 05 01 0a 0b 01 03 61 04 01 01 0a 02"
    );
    assert_eq!(
        to_hex(&encode(&distinct)),
        "09 05 01 0a 0b 01 03 61 04 01 01 0a 01 00 04 01 01"
    );

    // The matching is one to one: [x, y, x] vs [x', y', y'] differ even when
    // x and y are equal.
    let x = anon(vec![]);
    let y = anon(vec![]);
    let left = arr(vec![x.clone(), y.clone(), x]);
    let x2 = anon(vec![]);
    let y2 = anon(vec![]);
    let right = arr(vec![x2, y2.clone(), y2]);
    assert_ne!(left, right);
    // Sharing of scalars-in-Arcs (dates, byte arrays) counts too.
    let d = Value::from(ByteArray(vec![1]));
    assert_ne!(
        arr(vec![d.clone(), d]),
        arr(vec![
            Value::from(ByteArray(vec![1])),
            Value::from(ByteArray(vec![1]))
        ])
    );
}
