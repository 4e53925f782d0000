#!/usr/bin/env bash
# amf-cli: the installed tool works, and the large-input throughput script
# runs (a small input, one run: a smoke test, not a measurement).
set -euo pipefail
echo "== amf-cli: cargo install --path amf-cli, then benches/cli_json.sh on 5 MB"
root=$(mktemp -d)
cargo install --quiet --path amf-cli --root "$root" --target-dir target
"$root/bin/amf" inspect tests/fixtures/rocketamf/objects/amf3-trait-ref.bin > /dev/null
AMF_BENCH_DIR="$root/bench" bash benches/cli_json.sh 5 1
rm -rf "$root"
