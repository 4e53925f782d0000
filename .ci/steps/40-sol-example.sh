# The .sol example prints a Flash-written file's entries (issue 20).
echo "== sol example on tests/fixtures/sol/minerva/Minimal.sol"
out="$(cargo run -q -p amf-serde-examples --example sol -- tests/fixtures/sol/minerva/Minimal.sol --royale /game)"
echo "$out"
grep -q '^\[2\] version = 1$' <<<"$out"
grep -q '^localStorage key:   /game::Minimal$' <<<"$out"
