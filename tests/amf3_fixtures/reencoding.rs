//! Fixtures re-encoded byte for byte.

use super::*;

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
