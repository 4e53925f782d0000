//! Tells the test targets which live peers this machine has, so a test that
//! needs one is *ignored* (with the reason) where it is missing instead of
//! passing silently:
//!
//! * `has_pyamf`: `<repo>/.venv/bin/python` exists (made by
//!   `bash tools/pyamf/install.sh`);
//! * `has_royale`: `<repo>/.royale/ready` exists (made by
//!   `bash tools/royale/install.sh`: Apache Royale's compiled JS for node).
//!
//! Use them as
//! `#[cfg_attr(not(has_pyamf), ignore = "needs PyAMF: bash tools/pyamf/install.sh")]`.
//! The install scripts `touch tests/build.rs` when they finish, which makes
//! cargo run this script again. CI sets `AMF_SERDE_REQUIRE_PEERS=1`: there a
//! missing peer fails the build instead of ignoring the tests.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let require = std::env::var_os("AMF_SERDE_REQUIRE_PEERS").is_some();
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=AMF_SERDE_REQUIRE_PEERS");
    for (cfg, marker, install) in [
        ("has_pyamf", ".venv/bin/python", "tools/pyamf/install.sh"),
        ("has_royale", ".royale/ready", "tools/royale/install.sh"),
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if root.join(marker).exists() {
            println!("cargo::rustc-cfg={cfg}");
        } else if require && root.join(install).exists() {
            panic!("AMF_SERDE_REQUIRE_PEERS is set but {marker} is missing: run bash {install}");
        }
    }
}
