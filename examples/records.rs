use serde::{Deserialize, Serialize};
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct P {
    x: i32,
    y: i32,
}
#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum E {
    A,
    B(i32),
    C(i32, String),
    D { q: bool },
}
fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}
fn main() {
    let v = vec![P { x: 1, y: 2 }, P { x: 3, y: 4 }];
    let b = amf_serde::to_vec(&v).unwrap();
    println!("{}", hex(&b));
    let back: Vec<P> = amf_serde::from_slice(&b).unwrap();
    println!("{back:?}");
    let b = amf_serde::to_vec(&vec!["foo", "foo", "", "", "bar", "foo"]).unwrap();
    println!("{}", hex(&b));
    let es = vec![
        E::A,
        E::B(3),
        E::C(1, "x".into()),
        E::D { q: true },
        E::D { q: false },
    ];
    let b = amf_serde::to_vec(&es).unwrap();
    println!("{}", hex(&b));
    let back: Vec<E> = amf_serde::from_slice(&b).unwrap();
    println!("{back:?}");
    let mut m = std::collections::BTreeMap::new();
    m.insert("a", 1);
    println!("{}", hex(&amf_serde::to_vec(&m).unwrap()));
    let mut m = std::collections::BTreeMap::new();
    m.insert(1, "a");
    println!("{}", hex(&amf_serde::to_vec(&m).unwrap()));
    for i in [
        0i64, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, -1, -268435456, 268435456,
        -268435457,
    ] {
        println!("{i}: {}", hex(&amf_serde::to_vec(&i).unwrap()));
    }
    println!("{:?}", amf_serde::to_vec(&(1u64 << 53 | 1)));
    let v: Vec<Option<String>> =
        amf_serde::from_slice(&amf_serde::to_vec(&vec![Some("a"), None, Some("a")]).unwrap())
            .unwrap();
    println!("{v:?}");
}
