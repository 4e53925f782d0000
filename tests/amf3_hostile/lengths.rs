//! Huge length claims the input cannot back: errors, not allocations.

use super::*;

// ------------------------------------------------------ huge length claims

const ALLOC_CHILD_ENV: &str = "AMF_SERDE_TESTS_ALLOC_CHILD";

/// Peak virtual memory of this process in KiB (`VmPeak` in
/// `/proc/self/status`): it grows with every large allocation, even one
/// that is never touched.
fn vm_peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmPeak:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// The workspace forbids `unsafe_code` (`-F unsafe_code`, which an `allow`
/// cannot override), so this binary cannot install a counting
/// `#[global_allocator]`. Instead the measuring test re-runs itself alone in
/// a child process (one test, one thread: no noise from other tests) with
/// glibc's malloc set to one arena and a fixed 64 KiB mmap threshold, and
/// watches the process's peak virtual memory, which then grows by the full
/// size of any allocation of 64 KiB or more, touched or not. The child
/// checks first that a 1 MiB allocation shows up.
/// Returns `true` in the child, where the caller measures; in the parent it
/// runs the child and checks it passed.
fn in_alloc_child(test_name: &str) -> bool {
    if std::env::var_os(ALLOC_CHILD_ENV).is_some() {
        return true;
    }
    // The harness names tests by their module path inside the target.
    let full_name = match module_path!().split_once("::") {
        Some((_, module)) => format!("{module}::{test_name}"),
        None => test_name.to_owned(),
    };
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .args([
            full_name.as_str(),
            "--exact",
            "--include-ignored",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(ALLOC_CHILD_ENV, "1")
        // One malloc arena, and a fixed mmap threshold: every allocation of
        // 64 KiB or more gets its own mapping, so it shows in `VmPeak` even
        // on the test's own thread.
        .env(
            "GLIBC_TUNABLES",
            "glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=65536",
        )
        .env("MALLOC_ARENA_MAX", "1")
        .env("MALLOC_MMAP_THRESHOLD_", "65536")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "child run of {test_name} failed ({:?}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(
        stdout.contains("1 passed"),
        "child did not run {test_name}:\n{stdout}"
    );
    false
}

/// Runs `f`, asserting it fails fast with EOF at `eof_at` and that the peak
/// virtual memory grows by less than 1 MiB while it runs.
#[track_caller]
fn assert_cheap_eof<T: Debug>(what: &str, eof_at: usize, f: impl FnOnce() -> Result<T, Error>) {
    let before = vm_peak_kib();
    let start = Instant::now();
    let r = f();
    let elapsed = start.elapsed();
    let growth = vm_peak_kib() - before;
    let e = match r {
        Ok(v) => panic!("{what}: decoded {v:?}"),
        Err(e) => e,
    };
    assert!(
        e.is_eof() && e.offset() == Some(eof_at as u64),
        "{what}: {e:?}"
    );
    assert!(growth < 1024, "{what}: peak memory grew by {growth} KiB");
    assert!(elapsed < Duration::from_secs(1), "{what}: took {elapsed:?}");
}

type Decode = fn(&[u8], bool) -> Result<(), Error>;

/// 9-byte inputs whose header claims close to 2^28 items, with the Rust
/// type they would naturally be decoded into.
fn huge_claims() -> Vec<(&'static str, Vec<u8>, Decode)> {
    vec![
        ("string", hex("06 ff ff ff ff 61 62 63 64"), typed::<String>),
        (
            "string in array",
            hex("09 03 01 06 ff ff ff ff 61"),
            typed::<Vec<String>>,
        ),
        (
            "byte array",
            hex("0c ff ff ff ff 01 02 03 04"),
            typed::<ByteBuf>,
        ),
        (
            "array count",
            hex("09 ff ff ff ff 01 01 01 01"),
            typed::<Vec<Option<i32>>>,
        ),
        (
            "Vector.<int> count",
            hex("0d ff ff ff ff 00 00 00 01"),
            typed::<Vec<i32>>,
        ),
        (
            "Vector.<uint> count",
            hex("0e ff ff ff ff 00 00 00 01"),
            typed::<Vec<u32>>,
        ),
        (
            "Vector.<Number> count",
            hex("0f ff ff ff ff 00 00 00 00"),
            typed::<Vec<f64>>,
        ),
        (
            "Vector.<Object> count",
            hex("10 ff ff ff ff 00 01 01 01"),
            typed::<Vec<Option<i32>>>,
        ),
        (
            "dictionary count",
            hex("11 ff ff ff ff 00 06 01 01"),
            typed::<BTreeMap<String, Option<i32>>>,
        ),
        (
            "XML length",
            hex("0b ff ff ff ff 3c 61 2f 3e"),
            typed::<String>,
        ),
        (
            "XMLDocument length",
            hex("07 ff ff ff ff 3c 61 2f 3e"),
            typed::<String>,
        ),
        (
            "dynamic member name",
            hex("0a 0b 01 ff ff ff ff 61 62"),
            typed::<BTreeMap<String, Value>>,
        ),
        (
            "associative array key",
            hex("09 01 ff ff ff ff 61 62 63"),
            typed::<BTreeMap<String, Value>>,
        ),
    ]
}

/// Sealed member count 2^25 - 1 (`…0011` with all other bits set): 9 bytes.
fn huge_sealed_claim() -> (&'static str, Vec<u8>, Decode) {
    (
        "sealed member count",
        hex("0a ff ff ff f3 01 03 61 01"),
        typed::<BTreeMap<String, Value>>,
    )
}

fn check_claim(what: &str, bytes: &[u8], decode: Decode, from_reader: bool) {
    assert_eq!(bytes.len(), 9, "{what}");
    let opts = Options::new();
    let n = bytes.len();
    if from_reader {
        assert_cheap_eof(what, n, || opts.from_reader::<_, IgnoredAny>(bytes));
        assert_cheap_eof(what, n, || opts.from_reader::<_, Value>(bytes));
    } else {
        assert_cheap_eof(what, n, || opts.from_slice::<IgnoredAny>(bytes));
        assert_cheap_eof(what, n, || opts.from_slice::<Value>(bytes));
    }
    assert_cheap_eof(what, n, || decode(bytes, from_reader));
}

fn warm_up() {
    // First use of the allocator, formatting, etc. is not charged to a case.
    let _ = slice::<Value>(&hex("09 05 01 06 03 61 0a 0b 01 03 62 04 01 01"));
    let _ = reader::<Value>(&hex("09 05 01 06 03 61 0a 0b 01 03 62 04 01 01"));
    let _ = slice::<Value>(&hex("06 ff ff ff ff")).map_err(|e| e.to_string());
    let _ = vm_peak_kib();
    // The measurement works here: an untouched 8 MiB buffer shows up.
    let before = vm_peak_kib();
    let big: Vec<u8> = Vec::with_capacity(8 << 20);
    std::hint::black_box(&big);
    drop(big);
    let growth = vm_peak_kib() - before;
    assert!(
        growth >= 8 << 10,
        "VmPeak grew by only {growth} KiB for 8 MiB"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn huge_length_claims_from_slice_fail_without_allocating() {
    if !in_alloc_child("huge_length_claims_from_slice_fail_without_allocating") {
        return;
    }
    warm_up();
    for (what, bytes, decode) in huge_claims().into_iter().chain([huge_sealed_claim()]) {
        check_claim(what, &bytes, decode, false);
    }
}

#[test]
#[cfg(target_os = "linux")]
fn huge_length_claims_from_reader_fail_without_allocating() {
    if !in_alloc_child("huge_length_claims_from_reader_fail_without_allocating") {
        return;
    }
    warm_up();
    for (what, bytes, decode) in huge_claims().into_iter().chain([huge_sealed_claim()]) {
        check_claim(what, &bytes, decode, true);
    }
}

#[test]
fn huge_length_claims_fail_in_place() {
    // The same claims, checked for category and offset in this process.
    for (what, bytes, decode) in huge_claims().into_iter().chain([huge_sealed_claim()]) {
        for e in [
            slice::<IgnoredAny>(&bytes).unwrap_err(),
            slice::<Value>(&bytes).unwrap_err(),
            decode(&bytes, false).unwrap_err(),
        ] {
            assert!(e.is_eof(), "{what}: {e:?}");
            assert_eq!(e.offset(), Some(9), "{what}: {e:?}");
            assert_eq!(e.to_string(), "unexpected end of input at byte offset 9");
        }
    }
}
