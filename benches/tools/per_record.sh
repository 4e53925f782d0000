#!/bin/bash
# Per-record cost of one decode of the records workload at the scaling
# sizes (10,000 and 160,000 records), from process-wide counters: user-space
# instructions (valgrind --tool=callgrind, includes malloc, free and the
# drop) and page faults (perf stat). Each count is (run with R+1 decodes −
# run with 1 decode) / (R × records), so the input's setup cancels out.
#
# Usage: benches/tools/per_record.sh [value typed json_value]
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q --release -p amf-serde-benches --example decode_loop
bin=target/release/examples/decode_loop
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
pf() { perf stat -x, -e page-faults "$bin" "$@" 2>&1 >/dev/null | sed -n 's/^\([0-9]*\),.*page-faults.*/\1/p'; }
printf '%-11s %8s %14s %22s\n' target records instructions 'page faults/1000 rec'
for what in "${@:-value typed json_value}"; do
    for what1 in $what; do
        for n in 10000 160000; do
            reps=$((320000 / n))
            i1=$(ir "$n" 1 "$what1"); i2=$(ir "$n" $((reps + 1)) "$what1")
            p1=$(pf "$n" 1 "$what1"); p2=$(pf "$n" $((reps + 1)) "$what1")
            printf '%-11s %8d %14d %22d\n' "$what1" "$n" $(((i2 - i1) / (reps * n))) \
                $(((p2 - p1) * 1000 / (reps * n)))
        done
    done
done
