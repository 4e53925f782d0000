//! Every form `serde_json::json!`'s documentation shows, with `amf_value!`.

use amf_serde::{amf_value, Value};

#[derive(serde::Serialize)]
struct User {
    id: u64,
    name: String,
}

fn main() {
    // A literal object, nested, with `null`.
    let value: Value = amf_value!({
        "code": 200,
        "success": true,
        "payload": {
            "features": [
                "serde",
                "json"
            ],
            "homepage": null
        }
    });
    assert_eq!(value["payload"]["features"][1], "json");

    // Interpolated variables and expressions, expressions as keys.
    let code = 200;
    let features = vec!["serde", "json"];
    let value = amf_value!({
        "code": code,
        "success": code == 200,
        "payload": {
            features[0]: features[1]
        }
    });
    assert_eq!(value["payload"]["serde"], "json");

    // Trailing commas.
    let value = amf_value!([
        "notice",
        "the",
        "trailing",
        "comma -->",
    ]);
    assert_eq!(value[3], "comma -->");
    let value = amf_value!({ "a": 1, "b": [2,], });
    assert_eq!(value["b"][0], 2);

    // Scalars on their own, and AMF's `undefined`.
    let _ = amf_value!(null);
    let _ = amf_value!(undefined);
    let _ = amf_value!(true);
    let _ = amf_value!(1.5);
    let _ = amf_value!("text");
    let _ = amf_value!([]);
    let _ = amf_value!({});

    // Any Serialize value.
    let user = User { id: 7, name: "Ada".to_owned() };
    let value = amf_value!({ "user": user, "ids": vec![1usize, 2], "opt": Some(3) });
    assert_eq!(value["user"]["id"], 7);

    // Keys that are owned strings, and a Value inside.
    let key = String::from("k");
    let inner = amf_value!([1]);
    let value = amf_value!({ key: inner, (String::from("paren")): 2 });
    assert_eq!(value["k"][0], 1);
    assert_eq!(value["paren"], 2);
}
