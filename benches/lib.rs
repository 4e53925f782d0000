//! Benchmarks for amf-serde: `cargo bench -p amf-serde-benches`.
//!
//! The bench targets (`records`, `twitter`, `citm`, `canada`, `scaling`)
//! share the workload code in `workloads/`. This library only holds checks
//! of that code (`cargo test -p amf-serde-benches --release -- --nocapture`
//! also prints the encoded sizes of every workload in every format).

#[cfg(test)]
#[allow(dead_code)]
#[path = "workloads/mod.rs"]
mod workloads;

#[cfg(test)]
mod tests {
    use super::workloads::{self, canada, citm, records, twitter, Encodings};
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use std::fmt::Debug;

    /// Numbers as doubles and null members dropped, so that a typed
    /// re-encoding compares equal to the document it was read from.
    fn normalize(v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::Number(n) => Value::from(n.as_f64().unwrap()),
            Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
            Value::Object(o) => Value::Object(
                o.into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k, normalize(v)))
                    .collect(),
            ),
            v => v,
        }
    }

    /// The typed model holds everything the document has.
    fn check_model<T: Serialize + DeserializeOwned>(file: &str) {
        let typed: T = workloads::load(file);
        let untyped: serde_json::Value = workloads::load(file);
        assert!(
            normalize(serde_json::to_value(&typed).unwrap()) == normalize(untyped),
            "{file}: the typed model loses data"
        );
    }

    #[test]
    fn models_cover_the_documents() {
        check_model::<twitter::Twitter>("twitter.json");
        check_model::<citm::CitmCatalog>("citm_catalog.json");
        check_model::<canada::FeatureCollection>("canada.json");
    }

    /// Every encoding decodes back to the same typed value, and the other
    /// crates read amf-serde's bytes.
    fn check_round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(
        name: &str,
        typed: T,
    ) -> workloads::Sizes {
        let e = Encodings::new(typed);
        let d = e.decoded();
        assert!(
            amf_serde::from_slice::<T>(&e.amf3).unwrap() == e.typed,
            "{name} AMF3"
        );
        assert!(
            amf_serde::from_reader::<_, T>(&e.amf3[..]).unwrap() == e.typed,
            "{name} AMF3 reader"
        );
        assert!(
            amf_serde::amf0::from_slice::<T>(&e.amf0).unwrap() == e.typed,
            "{name} AMF0"
        );
        assert!(
            amf_serde::from_value::<T>(d.amf3_value.clone()).unwrap() == e.typed,
            "{name} Value"
        );
        let again = amf_serde::to_vec(&d.amf3_value).unwrap();
        if again != e.amf3 {
            let at = again
                .iter()
                .zip(&e.amf3)
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            eprintln!(
                "{name}: AMF3 Value re-encode differs at {at} ({} vs {} bytes): typed {:02x?} value {:02x?}",
                e.amf3.len(),
                again.len(),
                &e.amf3[at.saturating_sub(40)..(at + 40).min(e.amf3.len())],
                &again[at.saturating_sub(40)..(at + 40).min(again.len())]
            );
        }
        assert!(
            rmp_serde::from_slice::<T>(&e.msgpack).unwrap() == e.typed,
            "{name} msgpack"
        );
        let sizes = e.sizes(&d);
        eprintln!("{name} sizes (bytes): {sizes}");
        sizes
    }

    #[test]
    fn round_trips_and_sizes() {
        check_round_trip("records", records::records(records::RECORDS));
        let tw = check_round_trip::<twitter::Twitter>("twitter", workloads::load("twitter.json"));
        check_round_trip::<citm::CitmCatalog>("citm", workloads::load("citm_catalog.json"));
        check_round_trip::<canada::FeatureCollection>("canada", workloads::load("canada.json"));
        eprintln!(
            "twitter: amf-serde AMF3 {} bytes vs flash-lso AMF3 {} bytes ({:+.2}%)",
            tw.amf3,
            tw.flash_lso3,
            (tw.amf3 as f64 / tw.flash_lso3 as f64 - 1.0) * 100.0
        );
    }

    #[test]
    fn shared_records_are_references() {
        let n = 1000;
        let v = records::shared_records(n);
        let bytes = amf_serde::to_vec(&v).unwrap();
        // The object once, then `0a 02` for every other element.
        let one = amf_serde::to_vec(&records::shared_records(1)).unwrap();
        assert!(bytes.len() < one.len() + 2 * n + 4, "{} bytes", bytes.len());
        let typed: Vec<records::Record> = amf_serde::from_slice(&bytes).unwrap();
        assert_eq!(typed.len(), n);
        assert!(typed.iter().all(|r| *r == records::records(1)[0]));
        let back: amf_serde::Value = amf_serde::from_slice(&bytes).unwrap();
        assert!(back[0].ptr_eq(&back[n - 1]));
    }
}
