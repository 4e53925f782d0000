#!/usr/bin/env bash
# What users of the published crates build: the packages themselves, every
# feature combination, the docs as docs.rs renders them, and the declared
# minimum Rust version. Runs from the repository root (see README.md here).
# About 1-2 minutes on 2 cores with a warm target directory.
set -euo pipefail
start=$SECONDS

# The publishable crates and their features, from the manifests (so a new
# crate or feature is covered without editing this file).
meta="$(cargo metadata --no-deps --format-version 1)"
mapfile -t crates < <(python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["publish"] != []:
        print(p["name"])' <<<"$meta")
echo "== publish: publishable crates: ${crates[*]}"

echo "== publish: cargo package (builds each crate from its .crate file)"
excludes=()
for name in $(python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["publish"] == []:
        print(p["name"])' <<<"$meta"); do
    excludes+=(--exclude "$name")
done
# --workspace packages the crates together, so amf-serde's dependency on the
# not-yet-published amf-serde-derive resolves to the packaged copy (a local
# registry in target/package). CI runs on a clean checkout; set
# PUBLISH_ALLOW_DIRTY=1 to try uncommitted changes.
# Cargo unpacks that local registry's crates under $CARGO_HOME/registry/src,
# keyed by name and version only, and never unpacks a version again: a copy
# packaged by an earlier run of the same version would be verified instead of
# this one. Drop those copies first.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
for name in "${crates[@]}"; do
    rm -rf "$cargo_home"/registry/src/*/"$name"-[0-9]*
done
cargo package --workspace ${PUBLISH_ALLOW_DIRTY:+--allow-dirty} "${excludes[@]}"

echo "== publish: package contents (licences and README in, no tests or fixtures)"
for crate in "${crates[@]}"; do
    list="$(cargo package --list --allow-dirty -p "$crate")"
    for required in LICENSE-MIT LICENSE-APACHE README.md Cargo.toml src/lib.rs; do
        if ! grep -qx "$required" <<<"$list"; then
            echo "publish: $crate's package lacks $required" >&2
            exit 1
        fi
    done
    if grep -E '(^|/)(tests|fixtures|benches|fuzz)/' <<<"$list"; then
        echo "publish: $crate's package ships test files (above)" >&2
        exit 1
    fi
    echo "$crate: $(wc -l <<<"$list") files, licences and README included"
done

echo "== publish: feature matrix (no default features, each feature alone, all features)"
for crate in "${crates[@]}"; do
    mapfile -t features < <(python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == sys.argv[1]:
        print("\n".join(f for f in sorted(p["features"]) if f != "default"))' "$crate" <<<"$meta" | sed '/^$/d')
    echo "-- $crate --no-default-features"
    cargo check -q -p "$crate" --no-default-features
    for feature in "${features[@]}"; do
        echo "-- $crate --no-default-features --features $feature"
        cargo check -q -p "$crate" --no-default-features --features "$feature"
    done
    echo "-- $crate --all-features"
    cargo check -q -p "$crate" --all-features
done
echo "== publish: amf-serde without default features compiles no proc-macro crate"
# Users who turn the `derive` feature off skip syn: the library itself
# derives nothing (no serde `derive`, no thiserror).
tree="$(cargo tree -q -p amf-serde --no-default-features -e normal --prefix none)"
if grep -E '^(syn|serde_derive) ' <<<"$tree"; then
    echo "publish: amf-serde --no-default-features depends on the crates above:" >&2
    cargo tree -q -p amf-serde --no-default-features -e normal -i syn >&2 || true
    cargo tree -q -p amf-serde --no-default-features -e normal -i serde_derive >&2 || true
    exit 1
fi
echo "amf-serde --no-default-features builds: $(cut -d' ' -f1 <<<"$tree" | sort -u | tr '\n' ' ')"
echo "-- cargo test -p amf-serde --no-default-features --lib"
cargo test -q -p amf-serde --no-default-features --lib
echo "-- cargo clippy -p amf-serde --no-default-features"
cargo clippy -q -p amf-serde --no-default-features -- -D warnings

echo "== publish: docs with warnings and broken intra-doc links denied"
RUSTDOCFLAGS="-D warnings -D rustdoc::broken_intra_doc_links" \
    cargo doc -q --workspace --no-deps --all-features
# As docs.rs builds them (Cargo.toml [package.metadata.docs.rs]): nightly
# rustdoc features behind `--cfg docsrs` label feature-gated items.
# RUSTC_BOOTSTRAP lets this stable toolchain accept `feature(doc_cfg)`; a
# separate target directory keeps these flags from invalidating the others.
RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="--cfg docsrs -D warnings -D rustdoc::broken_intra_doc_links" \
    cargo doc -q --no-deps --all-features --target-dir target/docsrs \
    $(printf -- '-p %s ' "${crates[@]}")
if ! grep -q 'Available on <strong>crate feature <code>serde_json</code>' \
    target/docsrs/doc/amf_serde/enum.Value.html; then
    echo "publish: docs.rs build does not label the serde_json feature" >&2
    exit 1
fi

echo "== publish: minimum supported Rust version"
# Only one toolchain can be installed here, so the declared rust-version is
# the one CI builds with (clippy's incompatible_msrv lint, denied in the
# workspace lints, guards std APIs). A different toolchain fails this step
# unless the declared version is installed, in which case it is tested.
for crate in "${crates[@]}"; do
    msrv="$(python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == sys.argv[1]:
        print(p["rust_version"] or "")' "$crate" <<<"$meta")"
    if [ -z "$msrv" ]; then
        echo "publish: $crate declares no rust-version" >&2
        exit 1
    fi
    have="$(rustc --version | sed -E 's/^rustc ([0-9]+\.[0-9]+).*/\1/')"
    if [ "$(cut -d. -f1,2 <<<"$msrv")" = "$have" ]; then
        echo "$crate: rust-version $msrv = this toolchain ($have), built and tested above"
    elif rustup run "$msrv" rustc --version >/dev/null 2>&1; then
        echo "-- $crate with Rust $msrv"
        cargo "+$msrv" check -q -p "$crate" --all-features --target-dir "target/msrv"
    else
        echo "publish: $crate declares rust-version $msrv but CI runs $have and" \
            "Rust $msrv is not installed: test with it or declare $have" >&2
        exit 1
    fi
done

echo "publish step: $((SECONDS - start)) s"
