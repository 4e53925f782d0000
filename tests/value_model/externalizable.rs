//! Externalizable objects in `Value`: registered readers, unknown classes and their
//! exact error text.

use super::*;

// ----------------------------------------------------- (h) externalizable

fn two_doubles(input: &mut dyn DataInput) -> amf_serde::Result<()> {
    input.read_double()?;
    input.read_double()?;
    Ok(())
}

fn all_items(input: &mut dyn DataInput) -> amf_serde::Result<()> {
    input.read_bool()?;
    input.read_byte()?;
    input.read_unsigned_byte()?;
    input.read_short()?;
    input.read_unsigned_short()?;
    input.read_int()?;
    input.read_unsigned_int()?;
    input.read_float()?;
    input.read_double()?;
    input.read_utf()?;
    let n = input.read_unsigned_short()?;
    input.read_utf_bytes(n.into())?;
    let n = input.read_unsigned_short()?;
    input.read_bytes(n.into())?;
    input.read_object()?;
    Ok(())
}

#[test]
fn externalizable_fixture_with_a_registered_reader() {
    let bytes = fixture("objects", "amf3-externalizable.bin");
    assert_eq!(
        to_hex(&bytes),
        "09 05 01 0a 07 25 45 78 74 65 72 6e 61 6c 69 7a 61 62 6c 65 54 65 73 74 \
         40 14 00 00 00 00 00 00 40 1c 00 00 00 00 00 00 \
         0a 01 40 2a 00 00 00 00 00 00 40 14 00 00 00 00 00 00"
    );
    let opts = Options::new().with_external("ExternalizableTest", two_doubles);
    let v: Value = opts.from_slice(&bytes).unwrap();
    let ext = |a, b| {
        external(
            "ExternalizableTest",
            vec![DataItem::Double(a), DataItem::Double(b)],
        )
    };
    assert_eq!(v, arr(vec![ext(5.0, 7.0), ext(13.0, 5.0)]));
    let e = v[1].as_external().unwrap();
    assert_eq!(e.class, "ExternalizableTest");
    assert_eq!(e.body, [DataItem::Double(13.0), DataItem::Double(5.0)]);
    assert_eq!(e.value(), None);
    assert_eq!(v[1].class(), Some("ExternalizableTest"));
    assert_eq!(v[1][0], Value::Null, "a multi-item body is not indexable");
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes));
    assert_eq!(
        v.to_string(),
        "[ExternalizableTest <Double(5.0), Double(7.0)>, ExternalizableTest <Double(13.0), \
         Double(5.0)>]"
    );
    // from_reader with the same options.
    let r: Value = opts.from_reader(&bytes[..]).unwrap();
    assert_eq!(r, v);
    // Typed decoding sees each body as a sequence.
    let typed: Vec<Vec<f64>> = opts.from_slice(&bytes).unwrap();
    assert_eq!(typed, [[5.0, 7.0], [13.0, 5.0]]);
    assert_eq!(json_of(&v), "[[5.0,7.0],[13.0,5.0]]");
}

#[test]
fn unknown_externalizable_is_an_error_naming_the_class() {
    let bytes = fixture("objects", "amf3-externalizable.bin");
    let want = "externalizable class \"ExternalizableTest\" has no registered reader; its body \
                has no length, so it cannot be skipped";
    let err = from_slice::<Value>(&bytes).unwrap_err();
    assert!(err.to_string().starts_with(want), "{err}");
    assert_eq!(err.classify(), amf_serde::Category::Data);
    let err = amf_serde::from_reader::<_, Value>(&bytes[..]).unwrap_err();
    assert!(err.to_string().starts_with(want), "{err}");
    let err = from_slice::<serde_json::Value>(&bytes).unwrap_err();
    assert!(err.to_string().starts_with(want), "{err}");
    // Another class registered does not help.
    let err = Options::new()
        .with_external("Other", two_doubles)
        .from_slice::<Value>(&bytes)
        .unwrap_err();
    assert!(err.to_string().starts_with(want), "{err}");
}

#[test]
fn unknown_externalizable_error_text_is_exact_for_typed_decoding() {
    let bytes = fixture("objects", "amf3-externalizable.bin");
    let err = from_slice::<serde_json::Value>(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "externalizable class \"ExternalizableTest\" has no registered reader; its body has no \
         length, so it cannot be skipped at byte offset 3"
    );
}

#[test]
fn unknown_externalizable_error_text_is_exact() {
    let bytes = fixture("objects", "amf3-externalizable.bin");
    let err = from_slice::<Value>(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "externalizable class \"ExternalizableTest\" has no registered reader; its body has no \
         length, so it cannot be skipped at byte offset 3"
    );
}

#[test]
fn every_data_input_item_and_a_cycle_through_an_external() {
    // class "AllItems", then every IDataInput item, then readObject:
    // ["hi", <this external>].
    let bytes = hex("0a 07 11 41 6c 6c 49 74 65 6d 73 \
         01 ff ff ff fe ff fe ff ff ff fd ff ff ff fd 3f c0 00 00 \
         40 09 21 fb 54 44 2d 18 00 02 68 69 00 03 61 62 63 00 02 de ad \
         09 05 01 06 05 68 69 0a 00");
    let opts = Options::new().with_external("AllItems", all_items);
    let v: Value = opts.from_slice(&bytes).unwrap();
    let e = v.as_external().unwrap();
    assert_eq!(e.class, "AllItems");
    assert_eq!(
        e.body[..14],
        [
            DataItem::Bool(true),
            DataItem::Byte(-1),
            DataItem::UnsignedByte(255),
            DataItem::Short(-2),
            DataItem::UnsignedShort(65534),
            DataItem::Int(-3),
            DataItem::UnsignedInt(4_294_967_293),
            DataItem::Float(1.5),
            DataItem::Double(std::f64::consts::PI),
            DataItem::Utf("hi".into()),
            DataItem::UnsignedShort(3),
            DataItem::UtfBytes("abc".into()),
            DataItem::UnsignedShort(2),
            DataItem::Bytes(vec![0xde, 0xad]),
        ]
    );
    let DataItem::Value(last) = &e.body[14] else {
        panic!("expected a value, got {:?}", e.body[14]);
    };
    assert_eq!(last[0], s("hi"));
    assert!(matches!(last[1], Value::Cycle(_)));
    assert!(last[1].ptr_eq(&v));
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes));
    assert_eq!(v, opts.from_slice::<Value>(&bytes).unwrap());
    let cycle = Cycle::to(&v).unwrap();
    drop(v);
    assert!(cycle.upgrade().is_none());
}

#[test]
fn array_collection_fixtures() {
    const AC: &str = "flex.messaging.io.ArrayCollection";
    let bytes = fixture("objects", "amf3-array-collection.bin");
    let v = decode(&bytes);
    let expected = external(AC, vec![DataItem::Value(arr(vec![s("foo"), s("bar")]))]);
    assert_eq!(v, expected);
    let e = v.as_external().unwrap();
    assert_eq!(e.body.len(), 1);
    assert_eq!(e.value(), Some(&arr(vec![s("foo"), s("bar")])));
    assert_eq!(v[1], s("bar"));
    assert_eq!(v.class(), Some(AC));
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes));
    assert_eq!(to_hex(&encode(&expected)), to_hex(&bytes));
    assert_eq!(from_slice::<Vec<String>>(&bytes).unwrap(), ["foo", "bar"]);
    assert_eq!(
        v.to_string(),
        r#"flex.messaging.io.ArrayCollection <["foo", "bar"]>"#
    );

    let bytes = fixture("objects", "amf3-complex-array-collection.bin");
    let v = decode(&bytes);
    let as_class = |foo: &str| {
        sealed(
            "org.amf.ASClass",
            vec![("baz", Value::Null), ("foo", s(foo))],
        )
    };
    let ac1 = external(AC, vec![DataItem::Value(arr(vec![s("foo"), s("bar")]))]);
    let ac2 = external(
        AC,
        vec![DataItem::Value(arr(vec![
            as_class("bar"),
            as_class("asdf"),
        ]))],
    );
    let expected = arr(vec![ac1, ac2.clone(), ac2]);
    assert_eq!(v, expected);
    assert!(v[1].ptr_eq(&v[2]));
    assert!(!v[0].ptr_eq(&v[1]));
    assert_eq!(v[2][1]["foo"], s("asdf"));
    assert_eq!(to_hex(&encode(&v)), to_hex(&bytes));
    assert_eq!(to_hex(&encode(&expected)), to_hex(&bytes));
}
