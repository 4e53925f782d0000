//! Reference bombs: work limits stop exponential expansion.

use super::*;

// --------------------------------------------------------- reference bomb

/// A recursive typed target for the bomb.
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Tree(Vec<Tree>);

#[test]
fn reference_bomb_is_well_formed() {
    // Small bombs decode, to the expected full binary tree.
    fn leaves(v: &Value) -> usize {
        match v {
            Value::Array(a) if a.is_empty() => 1,
            Value::Array(a) => a.iter().map(leaves).sum(),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(
        to_hex(&reference_bomb(2)),
        "09 05 01 09 05 01 09 01 01 09 04 09 02"
    );
    for levels in 0..=10 {
        let bytes = reference_bomb(levels);
        let v: Value = slice(&bytes).unwrap();
        assert_eq!(leaves(&v), 1 << levels, "levels {levels}");
        let v: Value = reader(&bytes).unwrap();
        assert_eq!(leaves(&v), 1 << levels, "levels {levels}");
        slice::<Tree>(&bytes).unwrap();
    }
}

/// Counts the values it visits without storing them; unlike `IgnoredAny`
/// it asks for every element as a full value, so references are followed.
#[derive(Debug)]
struct Count(u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("nested arrays")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Count, A::Error> {
                let mut n = 1;
                while let Some(Count(c)) = seq.next_element()? {
                    n += c;
                }
                Ok(Count(n))
            }
        }
        d.deserialize_seq(V)
    }
}

#[test]
fn reference_bomb_hits_the_work_limit() {
    let bytes = reference_bomb(40);
    assert!(bytes.len() < 250, "{}", bytes.len());
    let opts = Options::new().with_max_work(1000);
    let start = Instant::now();
    for e in [
        opts.from_slice::<Value>(&bytes).unwrap_err(),
        opts.from_slice::<Tree>(&bytes).unwrap_err(),
        opts.from_slice::<Count>(&bytes).unwrap_err(),
        opts.from_slice::<Vec<Vec<Vec<Value>>>>(&bytes).unwrap_err(),
        opts.from_reader::<_, Value>(&bytes[..]).unwrap_err(),
        opts.from_reader::<_, Tree>(&bytes[..]).unwrap_err(),
    ] {
        assert!(e.to_string().contains("work limit"), "{e}");
        assert!(
            e.to_string()
                .starts_with("work limit of 1000 decoded values exceeded at byte offset "),
            "{e}"
        );
        assert!(e.is_syntax());
        let offset = e.offset().unwrap() as usize;
        assert!(offset < bytes.len(), "{e}");
    }
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn reference_bomb_skipped_as_ignored_any_is_cheap() {
    // Skipping either does not follow references (linear) or hits the work
    // limit; either way it is quick.
    let bytes = reference_bomb(40);
    let start = Instant::now();
    for r in [
        slice::<IgnoredAny>(&bytes),
        reader::<IgnoredAny>(&bytes),
        Options::new()
            .with_max_work(1000)
            .from_slice::<IgnoredAny>(&bytes),
    ] {
        if let Err(e) = r {
            assert!(e.to_string().contains("work limit"), "{e}");
        }
    }
    let elapsed = start.elapsed();
    // Not following the references takes microseconds.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn reference_bomb_hits_the_default_work_limit() {
    // The default limit (16 values per input byte + 65,536: 68,784 for these
    // 203 bytes) ends the 2^41-value bomb. `Count` follows every reference
    // but stores nothing.
    let bytes = reference_bomb(40);
    let start = Instant::now();
    let e = slice::<Count>(&bytes).unwrap_err();
    let elapsed = start.elapsed();
    assert!(e.to_string().contains("work limit"), "{e}");
    assert!(
        e.to_string()
            .starts_with("work limit of 68784 decoded values exceeded at byte offset "),
        "{e}"
    );
    assert!(e.is_syntax());
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn reference_bomb_into_value_fails_quickly_with_default_options() {
    let bytes = reference_bomb(40);
    let start = Instant::now();
    let e = slice::<Tree>(&bytes).unwrap_err();
    assert!(e.to_string().contains("work limit"), "{e}");
    let e = slice::<Value>(&bytes).unwrap_err();
    assert!(e.to_string().contains("work limit"), "{e}");
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn work_limit_resets_per_top_level_value() {
    // Ten values of 600 items each, read with a limit of 1000 per value.
    let one = amf_serde::to_vec(&vec![7i32; 600]).unwrap();
    let bytes = one.repeat(10);
    let de = amf_serde::amf3::Deserializer::with_options(
        amf_serde::read::SliceRead::new(&bytes),
        &Options::new().with_max_work(1000),
    );
    let values: Vec<Vec<i32>> = de.into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(values.len(), 10);
    let e = Options::new()
        .with_max_work(1000)
        .from_slice::<Vec<Vec<i32>>>(&amf_serde::to_vec(&vec![vec![7i32; 600]; 2]).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("work limit of 1000"), "{e}");
}

#[test]
fn work_limit_in_a_run_of_doubles_stops_at_the_exact_element() {
    // [1.0, 2.0, …, 10.0]: the array counts 1, each double 1, so a limit
    // of 6 fails at the sixth double: offset 3 + 5 × 9 = 48.
    let doubles: Vec<f64> = (1..=10).map(f64::from).collect();
    let bytes = amf_serde::to_vec(&doubles).unwrap();
    assert_eq!(&bytes[..3], [0x09, 0x15, 0x01]);
    let opts = Options::new().with_max_work(6);
    for e in [
        opts.from_slice::<amf_serde::Value>(&bytes).unwrap_err(),
        opts.from_reader::<_, amf_serde::Value>(&bytes[..])
            .unwrap_err(),
        opts.from_slice::<Vec<f64>>(&bytes).unwrap_err(),
    ] {
        assert_eq!(
            e.to_string(),
            "work limit of 6 decoded values exceeded at byte offset 48"
        );
    }
    // One more value of budget and the whole array decodes.
    let v: amf_serde::Value = Options::new().with_max_work(11).from_slice(&bytes).unwrap();
    assert_eq!(
        v,
        amf_serde::Value::from(
            doubles
                .iter()
                .map(|&d| amf_serde::Value::Double(d))
                .collect::<Vec<_>>()
        )
    );
}
