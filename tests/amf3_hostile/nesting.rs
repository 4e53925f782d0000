//! Deep nesting: depth limits, never a stack overflow.

use super::*;

// ------------------------------------------------------------ deep nesting

/// Runs `f` on a thread with a modest 2 MiB stack (the default for test
/// threads), so that a missing depth limit shows up as a crash here too.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn deep_arrays_hit_the_depth_limit() {
    on_small_stack(|| {
        let bytes = nested("09 03 01", 100_000, "01");
        let msg = "nesting depth limit of 128 exceeded at byte offset 384";
        let e = assert_err::<IgnoredAny>(&bytes, msg);
        assert!(e.is_syntax());
        assert_eq!(e.classify(), Category::Syntax);
        assert_eq!(e.offset(), Some(384));
        assert_err::<Value>(&bytes, msg);
        assert_err::<Deep>(&bytes, msg);

        let opts = Options::new().with_max_depth(10);
        let msg = "nesting depth limit of 10 exceeded at byte offset 30";
        for e in [
            opts.from_slice::<IgnoredAny>(&bytes).unwrap_err(),
            opts.from_slice::<Value>(&bytes).unwrap_err(),
            opts.from_slice::<Deep>(&bytes).unwrap_err(),
            opts.from_reader::<_, IgnoredAny>(&bytes[..]).unwrap_err(),
            opts.from_reader::<_, Value>(&bytes[..]).unwrap_err(),
        ] {
            assert_eq!(e.to_string(), msg);
        }
    });
}

#[test]
fn depth_limit_is_exact() {
    // 128 nested arrays are fine, 129 are not.
    let ok = nested("09 03 01", 127, "09 01 01");
    slice::<IgnoredAny>(&ok).unwrap();
    slice::<Value>(&ok).unwrap();
    reader::<Value>(&ok).unwrap();
    let bad = nested("09 03 01", 128, "09 01 01");
    assert_err::<IgnoredAny>(
        &bad,
        "nesting depth limit of 128 exceeded at byte offset 384",
    );
    let opts = Options::new().with_max_depth(10);
    opts.from_slice::<Value>(&nested("09 03 01", 9, "09 01 01"))
        .unwrap();
    assert_eq!(
        opts.from_slice::<Value>(&nested("09 03 01", 10, "09 01 01"))
            .unwrap_err()
            .to_string(),
        "nesting depth limit of 10 exceeded at byte offset 30"
    );
}

#[test]
fn deep_objects_hit_the_depth_limit() {
    on_small_stack(|| {
        // {a: {a: {a: ...}}} with inline traits and literal keys each time.
        let bytes = nested("0a 0b 01 03 61", 100_000, "01");
        let msg = "nesting depth limit of 128 exceeded at byte offset 640";
        assert_err::<IgnoredAny>(&bytes, msg);
        assert_err::<Value>(&bytes, msg);
        assert_err::<DeepObj>(&bytes, msg);
        // The same with traits and key references after the first object.
        let mut refs = hex("0a 0b 01 03 61");
        refs.extend(hex("0a 01 00").repeat(100_000));
        refs.push(0x01);
        let msg = "nesting depth limit of 128 exceeded at byte offset 386";
        assert_err::<IgnoredAny>(&refs, msg);
        assert_err::<DeepObj>(&refs, msg);
        let opts = Options::new().with_max_depth(10);
        assert_eq!(
            opts.from_slice::<Value>(&bytes).unwrap_err().to_string(),
            "nesting depth limit of 10 exceeded at byte offset 50"
        );
        assert_eq!(
            opts.from_reader::<_, DeepObj>(&refs[..])
                .unwrap_err()
                .to_string(),
            "nesting depth limit of 10 exceeded at byte offset 32"
        );
    });
}

#[test]
fn deep_dictionaries_and_object_vectors_hit_the_depth_limit() {
    on_small_stack(|| {
        // Dictionary {0: {0: ...}}.
        let dict = nested("11 03 00 06 01", 100_000, "01");
        let msg = "nesting depth limit of 128 exceeded at byte offset 640";
        assert_err::<IgnoredAny>(&dict, msg);
        assert_err::<Value>(&dict, msg);
        // Vector.<Object> [[[...]]].
        let vec = nested("10 03 00 01", 100_000, "01");
        let msg = "nesting depth limit of 128 exceeded at byte offset 512";
        assert_err::<IgnoredAny>(&vec, msg);
        assert_err::<Value>(&vec, msg);
        assert_err::<Deep>(&vec, msg);
        // Alternating object / array / dictionary / vector.
        let mixed = nested(
            "0a 0b 01 03 61  09 03 01  11 03 00 06 01  10 03 00 01",
            25_000,
            "01 01",
        );
        let msg = "nesting depth limit of 128 exceeded at byte offset 544";
        assert_err::<IgnoredAny>(&mixed, msg);
        assert_err::<Value>(&mixed, msg);
        let opts = Options::new().with_max_depth(10);
        assert_eq!(
            opts.from_slice::<IgnoredAny>(&dict)
                .unwrap_err()
                .to_string(),
            "nesting depth limit of 10 exceeded at byte offset 50"
        );
        assert_eq!(
            opts.from_reader::<_, Value>(&vec[..])
                .unwrap_err()
                .to_string(),
            "nesting depth limit of 10 exceeded at byte offset 40"
        );
    });
}

#[test]
fn followed_references_count_towards_the_depth_limit() {
    // [[[[[[]]]]], ref #1]: the reference to the 5-deep array at depth 1
    // replays it at depth 2..6; with a limit of 6 that is one too many.
    let mut bytes = hex("09 05 01");
    bytes.extend(nested("09 03 01", 4, "09 01 01"));
    bytes.extend(hex("09 02"));
    Options::new()
        .with_max_depth(7)
        .from_slice::<Value>(&bytes)
        .unwrap();
    let e = Options::new()
        .with_max_depth(6)
        .from_slice::<Value>(&bytes)
        .unwrap_err();
    assert!(e.is_syntax(), "{e}");
    assert!(e
        .to_string()
        .starts_with("nesting depth limit of 6 exceeded"));
}
