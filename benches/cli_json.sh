#!/usr/bin/env bash
# `amf json` throughput on a large AMF3 file, against the library doing the
# same work directly (read the file, decode into a Value, write it with
# serde_json): the target is `amf json` within 1.5x of that. Also peak
# memory (RSS) of `amf json` and `amf inspect` on an AMF0 stream, which
# should stay small whatever the input size.
#
#   bash benches/cli_json.sh [MB] [RUNS]     (defaults: 100 MB, 5 runs)
#
# The runs alternate between the commands so that a machine shared with
# other work slows them alike; the ratio of the medians is what counts.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-100}
RUNS=${2:-5}
DIR=${AMF_BENCH_DIR:-target/cli-bench}
mkdir -p "$DIR"
cargo build --release -q -p amf-cli --bin amf --example large_input
AMF=target/release/amf
GEN=target/release/examples/large_input
[ -s "$DIR/amf3-$MB.bin" ] || "$GEN" gen-amf3 "$DIR/amf3-$MB.bin" "$MB"
[ -s "$DIR/amf0-$MB.bin" ] || "$GEN" gen-amf0 "$DIR/amf0-$MB.bin" "$MB"
F3="$DIR/amf3-$MB.bin"
F0="$DIR/amf0-$MB.bin"
echo "== inputs: $(stat -c %s "$F3") bytes AMF3 (one array of typed records), $(stat -c %s "$F0") bytes AMF0 stream"

# runs "name" cmd...: appends "seconds KB" to $DIR/name.times
measure() {
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$DIR/$name.last" "$@" > /dev/null
    cat "$DIR/$name.last" >> "$DIR/$name.times"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

rm -f "$DIR"/*.times
for _ in $(seq "$RUNS"); do
    measure baseline "$GEN" baseline "$F3"
    measure json "$AMF" json --compact "$F3"
    measure json_forced "$AMF" json --amf3 --compact "$F3"
done
# Same output (so the comparison is fair).
cmp <("$AMF" json --compact "$F3") <("$GEN" baseline "$F3")

b=$(cut -d' ' -f1 "$DIR/baseline.times" | median)
j=$(cut -d' ' -f1 "$DIR/json.times" | median)
f=$(cut -d' ' -f1 "$DIR/json_forced.times" | median)
echo "== median of $RUNS runs (seconds; peak RSS of the last run)"
printf '%-40s %8s s  %8s KB\n' "library + serde_json (baseline)" "$b" "$(cut -d' ' -f2 "$DIR/baseline.last")"
printf '%-40s %8s s  %8s KB\n' "amf json --compact (detects the kind)" "$j" "$(cut -d' ' -f2 "$DIR/json.last")"
printf '%-40s %8s s  %8s KB\n' "amf json --amf3 --compact" "$f" "$(cut -d' ' -f2 "$DIR/json_forced.last")"
awk -v b="$b" -v j="$j" -v f="$f" 'BEGIN {printf "ratio amf json / baseline: %.2f (detecting), %.2f (--amf3); target <= 1.5\n", j/b, f/b}'

echo "== bounded memory: AMF0 stream, value by value"
measure json0 "$AMF" json --compact "$F0"
measure inspect0 "$AMF" inspect "$F0"
measure inspect3 "$AMF" inspect "$F3"
printf '%-40s %8s s  %8s KB\n' "amf json (AMF0 stream)" $(cat "$DIR/json0.last")
printf '%-40s %8s s  %8s KB\n' "amf inspect (AMF0 stream)" $(cat "$DIR/inspect0.last")
printf '%-40s %8s s  %8s KB\n' "amf inspect (AMF3 value: tables only)" $(cat "$DIR/inspect3.last")
