//! Workload code shared by the bench targets (each includes this module) and
//! by the checks in `lib.rs`: the typed models of the JSON documents, the
//! records generator, the encodings of one data set in every format, the
//! other AMF crates' value types, and the decode/encode benchmark groups run
//! for every data set.

pub mod canada;
pub mod citm;
pub mod peers;
pub mod records;
pub mod twitter;

use criterion::{BenchmarkGroup, Criterion, SamplingMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::measurement::WallTime;

/// Criterion settings for the whole suite: short enough that every bench
/// runs in a few minutes on 2 cores. Command-line flags
/// (`--measurement-time`, `--sample-size`, `--quick`) still override them.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
}

/// `data/<name>`, next to this package's `Cargo.toml`.
pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// Reads and parses one of the JSON documents into its typed model.
pub fn load<T: DeserializeOwned>(name: &str) -> T {
    let path = data_path(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One data set in every format, made once before measuring.
///
/// The AMF bytes come from amf-serde's typed encoders; the JSON and
/// MessagePack bytes from the same typed value (so JSON is compact: no
/// whitespace).
pub struct Encodings<T> {
    pub typed: T,
    pub amf3: Vec<u8>,
    pub amf0: Vec<u8>,
    pub json: Vec<u8>,
    pub msgpack: Vec<u8>,
}

/// The untyped values of one data set, for the encode benches: the `Value`s
/// from decoding the [`Encodings`], the other AMF crates' values from
/// decoding amf-serde's bytes with their own decoders.
///
/// Built only after the decode benches have run, so that the decoders are
/// measured on a heap holding just the input bytes and the typed value
/// (a heap full of these values' small blocks slowed every allocating
/// decoder, unevenly).
pub struct Decoded {
    pub amf3_value: amf_serde::Value,
    pub amf0_value: amf_serde::Value,
    pub json_value: serde_json::Value,
    pub peers: peers::Peers,
}

impl<T: Serialize + DeserializeOwned> Encodings<T> {
    pub fn new(typed: T) -> Self {
        let amf3 = amf_serde::to_vec(&typed).expect("amf-serde: AMF3 encode");
        let amf0 = amf_serde::amf0::to_vec(&typed).expect("amf-serde: AMF0 encode");
        let json = serde_json::to_vec(&typed).expect("serde_json encode");
        let msgpack = rmp_serde::to_vec_named(&typed).expect("rmp-serde encode");
        Encodings {
            typed,
            amf3,
            amf0,
            json,
            msgpack,
        }
    }

    /// Decodes the bytes into every value type.
    pub fn decoded(&self) -> Decoded {
        Decoded {
            amf3_value: amf_serde::from_slice(&self.amf3).expect("amf-serde: AMF3 Value decode"),
            amf0_value: amf_serde::amf0::from_slice(&self.amf0)
                .expect("amf-serde: AMF0 Value decode"),
            json_value: serde_json::from_slice(&self.json).expect("serde_json Value decode"),
            peers: peers::Peers::decode(&self.amf3, &self.amf0),
        }
    }

    /// The encoded sizes, one line per format, for the bench log and the
    /// size checks.
    pub fn sizes(&self, d: &Decoded) -> Sizes {
        let (flash_lso3, flash_lso3_took) = peers::lso_value_size(&d.peers.lso3);
        let (flash_lso0, flash_lso0_took) = peers::lso_value_size(&d.peers.lso0);
        Sizes {
            amf3: self.amf3.len(),
            amf0: self.amf0.len(),
            json: self.json.len(),
            msgpack: self.msgpack.len(),
            flash_lso3,
            flash_lso0,
            flash_lso3_took,
            flash_lso0_took,
            amf_crate3: peers::amf_crate3_encode(&d.peers.amf_crate3).len(),
            amf_crate0: peers::amf_crate0_encode(&d.peers.amf_crate0).len(),
        }
    }
}

/// Encoded sizes of one data set, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub amf3: usize,
    pub amf0: usize,
    pub json: usize,
    pub msgpack: usize,
    /// flash-lso re-encoding the value it decoded from amf-serde's AMF3.
    pub flash_lso3: usize,
    /// flash-lso re-encoding the value it decoded from amf-serde's AMF0.
    pub flash_lso0: usize,
    pub amf_crate3: usize,
    pub amf_crate0: usize,
    /// How long one flash-lso AMF3 encode took (see [`peers::SLOW_ENCODE`]).
    pub flash_lso3_took: Duration,
    /// How long one flash-lso AMF0 encode took.
    pub flash_lso0_took: Duration,
}

impl Sizes {
    /// No sizes measured: the flash-lso encodes count as too slow to bench.
    fn skipped() -> Sizes {
        Sizes {
            amf3: 0,
            amf0: 0,
            json: 0,
            msgpack: 0,
            flash_lso3: 0,
            flash_lso0: 0,
            amf_crate3: 0,
            amf_crate0: 0,
            flash_lso3_took: Duration::MAX,
            flash_lso0_took: Duration::MAX,
        }
    }
}

impl std::fmt::Display for Sizes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "amf-serde AMF3 {} | flash-lso AMF3 {} | amf AMF3 {} | amf-serde AMF0 {} | \
             flash-lso AMF0 {} | amf AMF0 {} | JSON {} | MessagePack {}",
            self.amf3,
            self.flash_lso3,
            self.amf_crate3,
            self.amf0,
            self.flash_lso0,
            self.amf_crate0,
            self.json,
            self.msgpack
        )
    }
}

/// Flat sampling: the same iteration count in every sample, so benches whose
/// iterations take tens of milliseconds stay within the measurement time
/// (linear sampling with 20 samples needs 210 iterations).
fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sampling_mode(SamplingMode::Flat);
    g
}

/// `<name>/decode`: every decoder on the same data, typed and untyped.
pub fn bench_decode<T: Serialize + DeserializeOwned>(
    c: &mut Criterion,
    name: &str,
    e: &Encodings<T>,
) {
    use amf_serde::Value;
    let mut g = group(c, &format!("{name}/decode"));
    g.bench_function("amf3/typed", |b| {
        b.iter(|| amf_serde::from_slice::<T>(black_box(&e.amf3)).unwrap())
    });
    g.bench_function("amf3/typed_reader", |b| {
        b.iter(|| amf_serde::from_reader::<_, T>(black_box(&e.amf3[..])).unwrap())
    });
    g.bench_function("amf3/value", |b| {
        b.iter(|| amf_serde::from_slice::<Value>(black_box(&e.amf3)).unwrap())
    });
    g.bench_function("amf3/value_reader", |b| {
        b.iter(|| amf_serde::from_reader::<_, Value>(black_box(&e.amf3[..])).unwrap())
    });
    g.bench_function("amf0/typed", |b| {
        b.iter(|| amf_serde::amf0::from_slice::<T>(black_box(&e.amf0)).unwrap())
    });
    g.bench_function("amf0/typed_reader", |b| {
        b.iter(|| amf_serde::amf0::from_reader::<_, T>(black_box(&e.amf0[..])).unwrap())
    });
    g.bench_function("amf0/value", |b| {
        b.iter(|| amf_serde::amf0::from_slice::<Value>(black_box(&e.amf0)).unwrap())
    });
    g.bench_function("amf0/value_reader", |b| {
        b.iter(|| amf_serde::amf0::from_reader::<_, Value>(black_box(&e.amf0[..])).unwrap())
    });
    g.bench_function("serde_json/typed", |b| {
        b.iter(|| serde_json::from_slice::<T>(black_box(&e.json)).unwrap())
    });
    g.bench_function("serde_json/value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&e.json)).unwrap())
    });
    g.bench_function("rmp_serde/typed", |b| {
        b.iter(|| rmp_serde::from_slice::<T>(black_box(&e.msgpack)).unwrap())
    });
    g.bench_function("amf_crate/amf3", |b| {
        b.iter(|| peers::amf_crate3_decode(black_box(&e.amf3)))
    });
    g.bench_function("amf_crate/amf0", |b| {
        b.iter(|| peers::amf_crate0_decode(black_box(&e.amf0)))
    });
    g.bench_function("flash_lso/amf3", |b| {
        b.iter(|| peers::flash_lso3_decode(black_box(&e.amf3)))
    });
    g.bench_function("flash_lso/amf0", |b| {
        b.iter(|| peers::flash_lso0_decode(black_box(&e.amf0)))
    });
    g.finish();
}

/// `<name>/encode`: every encoder on the same data, typed and untyped.
///
/// A flash-lso encode that took longer than [`peers::SLOW_ENCODE`] when
/// `sizes` were measured is reported on stderr instead of benchmarked.
pub fn bench_encode<T: Serialize + DeserializeOwned>(
    c: &mut Criterion,
    name: &str,
    e: &Encodings<T>,
    d: &mut Decoded,
    sizes: &Sizes,
) {
    let mut g = group(c, &format!("{name}/encode"));
    g.bench_function("amf3/typed", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&e.typed)).unwrap())
    });
    g.bench_function("amf3/value", |b| {
        b.iter(|| amf_serde::to_vec(black_box(&d.amf3_value)).unwrap())
    });
    g.bench_function("amf0/typed", |b| {
        b.iter(|| amf_serde::amf0::to_vec(black_box(&e.typed)).unwrap())
    });
    g.bench_function("amf0/value", |b| {
        b.iter(|| amf_serde::amf0::to_vec(black_box(&d.amf0_value)).unwrap())
    });
    g.bench_function("serde_json/typed", |b| {
        b.iter(|| serde_json::to_vec(black_box(&e.typed)).unwrap())
    });
    g.bench_function("serde_json/value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&d.json_value)).unwrap())
    });
    g.bench_function("rmp_serde/typed_named", |b| {
        b.iter(|| rmp_serde::to_vec_named(black_box(&e.typed)).unwrap())
    });
    g.bench_function("amf_crate/amf3", |b| {
        b.iter(|| peers::amf_crate3_encode(black_box(&d.peers.amf_crate3)))
    });
    g.bench_function("amf_crate/amf0", |b| {
        b.iter(|| peers::amf_crate0_encode(black_box(&d.peers.amf_crate0)))
    });
    for (id, lso, took) in [
        ("flash_lso/amf3", &mut d.peers.lso3, sizes.flash_lso3_took),
        ("flash_lso/amf0", &mut d.peers.lso0, sizes.flash_lso0_took),
    ] {
        if took == Duration::MAX {
            eprintln!("{name}/encode/{id}: not benchmarked, sizes skipped");
        } else if took > peers::SLOW_ENCODE {
            eprintln!("{name}/encode/{id}: not benchmarked, one encode took {took:.2?}");
        } else {
            g.bench_function(id, |b| b.iter(|| peers::flash_lso_encode(black_box(lso))));
        }
    }
    g.finish();
}

/// Builds the encodings of `typed` and runs both groups: the decode group
/// first (only the bytes and `typed` live), then the values for the encode
/// group are decoded, the sizes printed, and the encode group run.
///
/// With `AMF_BENCH_SIZES=0` in the environment, or under `--profile-time`
/// (perf), the sizes and the seconds-long flash-lso encodes they time are
/// skipped, and so are the flash-lso encode benches.
pub fn bench_all<T: Serialize + DeserializeOwned>(c: &mut Criterion, name: &str, typed: T) {
    let e = Encodings::new(typed);
    bench_decode(c, name, &e);
    let mut d = e.decoded();
    let skip = std::env::args().any(|a| a == "--profile-time")
        || std::env::var_os("AMF_BENCH_SIZES").is_some_and(|v| v == "0");
    let sizes = if skip {
        Sizes::skipped()
    } else {
        let sizes = e.sizes(&d);
        eprintln!("{name} sizes (bytes): {sizes}");
        eprintln!(
            "{name}: one flash-lso encode took {:.2?} (AMF3), {:.2?} (AMF0)",
            sizes.flash_lso3_took, sizes.flash_lso0_took
        );
        sizes
    };
    bench_encode(c, name, &e, &mut d, &sizes);
}
