//! The `amf_value!` macro: every form and the exact bytes it encodes to.

use super::*;

// ------------------------------------------------------- (e) amf_value!

#[test]
fn amf_macro_forms() {
    let x = 21;
    let v = amf_value!({
        "nested": {"deep": [[], {}, [null, undefined]]},
        "neg": -5,
        "negf": -2.5,
        "expr": x * 2,
        "paren": (x + 1),
        "str": "s",
        "bool": false,
        "opt": Some(3),
        "none": None::<i32>,
        "big": (Value::try_from(1i64 << 40).unwrap()),
        "u": u32::MAX,
        "trail": [1, 2,],
        "objtrail": {"k": -1,},
        "null": null,
        "undef": undefined,
    });
    let want = anon(vec![
        (
            "nested",
            anon(vec![(
                "deep",
                arr(vec![
                    arr(vec![]),
                    anon(vec![]),
                    arr(vec![Value::Null, Value::Undefined]),
                ]),
            )]),
        ),
        ("neg", int(-5)),
        ("negf", Value::Double(-2.5)),
        ("expr", int(42)),
        ("paren", int(22)),
        ("str", s("s")),
        ("bool", Value::Bool(false)),
        ("opt", int(3)),
        ("none", Value::Null),
        ("big", Value::Double(1_099_511_627_776.0)),
        ("u", Value::Double(4_294_967_295.0)),
        ("trail", arr(vec![int(1), int(2)])),
        ("objtrail", anon(vec![("k", int(-1))])),
        ("null", Value::Null),
        ("undef", Value::Undefined),
    ]);
    assert_eq!(v, want);
    assert_eq!(
        v.to_string(),
        r#"{"nested": {"deep": [[], {}, [null, undefined]]}, "neg": -5, "negf": -2.5, "expr": 42, "paren": 22, "str": "s", "bool": false, "opt": 3, "none": null, "big": 1099511627776.0, "u": 4294967295.0, "trail": [1, 2], "objtrail": {"k": -1}, "null": null, "undef": undefined}"#
    );

    // Top-level forms.
    assert_eq!(amf_value!(null), Value::Null);
    assert_eq!(amf_value!(undefined), Value::Undefined);
    assert_eq!(amf_value!(-7), int(-7));
    assert_eq!(amf_value!(-0.0), Value::Double(-0.0));
    assert_eq!(amf_value!(x - 1), int(20));
    assert_eq!(amf_value!([]), arr(vec![]));
    assert_eq!(amf_value!({}), anon(vec![]));
    assert_eq!(
        amf_value!([-1, -2.5, "x",]),
        arr(vec![int(-1), Value::Double(-2.5), s("x")])
    );
    assert_eq!(amf_value!([[[]]]), arr(vec![arr(vec![arr(vec![])])]));
    // Values (and other Values' nodes) can be spliced in; sharing survives.
    let o = amf_value!({"a": 1});
    let pair = amf_value!([o.clone(), o.clone()]);
    assert!(pair[0].ptr_eq(&o) && pair[1].ptr_eq(&o));
    let d = Date::from_millis(0.0);
    assert_eq!(amf_value!({"when": d})["when"], Value::from(d));
}

#[test]
fn amf_macro_exact_bytes() {
    let cases: Vec<(Value, &str)> = vec![
        (amf_value!([1, "a"]), "09 05 01 04 01 06 03 61"),
        (amf_value!({"a": 1}), "0a 0b 01 03 61 04 01 01"),
        (
            amf_value!({"a": {"a": -1}, "b": [null, undefined, true]}),
            "0a 0b 01 03 61 0a 01 00 04 ff ff ff ff 01 03 62 09 07 01 01 00 03 01",
        ),
        (
            amf_value!(Value::try_from(1i64 << 40).unwrap()),
            "05 42 70 00 00 00 00 00 00",
        ),
        (amf_value!(u32::MAX), "05 41 ef ff ff ff e0 00 00"),
        (amf_value!(268_435_455), "04 bf ff ff ff"),
        (amf_value!(-268_435_456), "04 c0 80 80 00"),
        (amf_value!(true), "03"),
        (amf_value!(null), "01"),
        (amf_value!(undefined), "00"),
        (amf_value!(""), "06 01"),
        (amf_value!([]), "09 01 01"),
        (amf_value!({}), "0a 0b 01 01"),
        (
            amf_value!(["foo", {"foo": "foo"}, {"foo": ["foo"]}]),
            "09 07 01 06 07 66 6f 6f 0a 0b 01 00 06 00 01 0a 01 00 09 03 01 06 00 01",
        ),
    ];
    for (v, want) in cases {
        assert_eq!(to_hex(&encode(&v)), want, "{v}");
        assert_eq!(decode(&hex(want)), v, "{want}");
    }
}
