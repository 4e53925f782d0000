# Remoting gateway (issue 19): the README's two gateway commands, for real.
# The end-to-end tests (tests/gateway_http.rs, tests/gateway_hostile.rs)
# already ran in `cargo test --workspace` with the PyAMF and Royale peers
# that .ci/run installs first; this step checks that
# `cargo run --example gateway` serves and `cargo run --example client`
# talks to it, then a short load run (debug build, a few seconds; the real
# figures are in BENCHMARKS.md). Everything is bounded by `timeout`.
echo "== gateway: cargo run --example gateway / client, short load run"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cargo build -q --example gateway --example client
timeout 120 cargo run -q --example gateway -- --port "$port" > /tmp/amf-gateway-ci.log 2>&1 &
gw=$!
trap 'kill "$gw" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    grep -q "AMF gateway on" /tmp/amf-gateway-ci.log && break
    sleep 0.1
done
out=$(timeout 60 cargo run -q --example client -- "http://127.0.0.1:$port/amf")
echo "$out"
echo "$out" | grep -q '^ping: client id [0-9A-F-]\{36\}$'
echo "$out" | grep -q '^Flex EchoService.echo: result \["hello", 42, true\]$'
echo "$out" | grep -q '^Flex EchoService.fail: fault EchoService.Fail'
kill "$gw" 2>/dev/null || true
wait "$gw" 2>/dev/null || true
trap - EXIT
timeout 300 cargo run -q -p amf-serde-benches --example gateway_load -- \
    --clients 2 --calls 200 --pyamf-calls 20 --rounds 1   # debug build: a smoke run, not figures
