#!/usr/bin/env bash
# Type-checks the fuzz crate (fuzz/, its own workspace) so that its
# harnesses keep compiling against the library. cargo-fuzz and a nightly
# toolchain are not needed for this: the targets are plain binaries over
# libfuzzer-sys, checked with the stable toolchain (nothing is linked).
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "== fuzz crate: cargo check (fuzz/, all targets)"
cargo check --manifest-path fuzz/Cargo.toml --all-targets --locked
