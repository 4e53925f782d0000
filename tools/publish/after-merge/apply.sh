#!/usr/bin/env bash
# One-off, for the lead: run once on main after the remoting, gateway, sol,
# cli and valapi branches are merged (they are not on the publish branch, so
# these edits could not be made there). Idempotent. Then run the checks in
# README.md here, commit, and `git rm -r tools/publish/after-merge`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
kit=tools/publish/after-merge

# 1. The guide pages of the merged modules (written and doctested against
#    the branches' APIs: remoting/flex/gateway/client at gateway 04c2d28,
#    sol at 743e7db, Value mutation at valapi d7303e5).
if [ -d amf-serde/src/remoting ] && [ -f amf-serde/src/gateway/mod.rs ]; then
    cp "$kit/remoting.md" amf-serde/src/guide/remoting.md
fi
if [ -d amf-serde/src/sol ]; then
    cp "$kit/sol.md" amf-serde/src/guide/sol.md
fi
if grep -q 'fn pointer_mut' amf-serde/src/value/*.rs &&
    ! grep -q '^# Changing values' amf-serde/src/guide/value.md; then
    printf '\n' >>amf-serde/src/guide/value.md
    cat "$kit/value_mut.md" >>amf-serde/src/guide/value.md
fi

# 1b. Guide text for the Options that valapi/sec add (encoder depth, lossy
#     integers, the explicit externalizable registry).
if grep -q 'fn with_lossy_integers' amf-serde/src/options.rs; then
    python3 - <<'PY'
import sys
edits = {
    "amf-serde/src/guide/faq.md": [(
        "is data corruption, so the encoder refuses and says why. (PyAMF and BlazeDS\n"
        "round; Flash Player itself only has doubles for such numbers.)\n",
        "is data corruption, so by default the encoder refuses and says why. (PyAMF\n"
        "and BlazeDS round; Flash Player itself only has doubles for such numbers.)\n"
        "[`Options::with_lossy_integers(true)`](crate::Options::with_lossy_integers)\n"
        "writes the nearest double instead, as they do.\n",
    )],
    "amf-serde/src/guide/limits_and_security.md": [
        (
            "  classes, for classes whose Rust type the program is decoding into, and for\n"
            "  readers the program registered with\n"
            "  [`Options::with_external`](crate::Options::with_external). Any other\n",
            "  classes, for the class of the Rust type the program is decoding into, and\n"
            "  for classes the program registered on its [`Options`](crate::Options)\n"
            "  ([`with_externalizable`](crate::Options::with_externalizable) for a type,\n"
            "  [`with_external`](crate::Options::with_external) for a reader). Any other\n",
        ),
        (
            "* Encoding: the encoders trust the Rust value they are given.\n",
            "* Encoding, except for nesting: a `Value` nested deeper than\n"
            "  [`Options::with_max_encode_depth`](crate::Options::with_max_encode_depth)\n"
            "  is an error rather than a stack overflow.\n",
        ),
    ],
}
for path, pairs in edits.items():
    text = open(path).read()
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
        elif new not in text:
            print(f"apply.sh: {path}: text to edit not found", file=sys.stderr)
    open(path, "w").write(text)
PY
fi

# 2. The library derives serde impls itself now (flex messages, remoting
#    conventions): serde's `derive` feature is used there.
sed -i 's/^serde = { workspace = true }$/serde = { workspace = true, features = ["derive"] }/' \
    amf-serde/Cargo.toml

# 3. Inside the library, `#[crate::amf(alias = "…", crate = "crate")]` on a
#    plain struct is exactly serde's rename to the private class name, so
#    the library works without the optional `derive` feature
#    (amf-serde-derive). Placed after the derive (a serde helper attribute).
if [ -f amf-serde/src/flex/messages.rs ]; then
    python3 - amf-serde/src/flex/messages.rs <<'PY'
import re, sys
path = sys.argv[1]
lines = open(path).read().split("\n")
out, i = [], 0
pat = re.compile(r'^#\[crate::amf\(alias = "([^"]+)", crate = "crate"\)\]$')
while i < len(lines):
    m = pat.match(lines[i])
    if m and i + 1 < len(lines) and lines[i + 1].startswith("#[derive("):
        out.append(lines[i + 1])
        out.append('#[serde(rename = "$amf_serde::private::class::%s")]' % m.group(1))
        i += 2
    else:
        if m:
            sys.exit("%s:%d: #[crate::amf] not followed by #[derive]" % (path, i + 1))
        out.append(lines[i])
        i += 1
open(path, "w").write("\n".join(out))
PY
fi
if grep -rn 'crate::amf(' amf-serde/src --include=*.rs | grep -v '^[^:]*:[0-9]*: *//'; then
    echo "apply.sh: the library still uses #[crate::amf] (above): it must work without the derive feature" >&2
    exit 1
fi

# 4. amf-cli is published too: its own README, the licences, and no tests
#    or fixtures in the package.
if [ -f amf-cli/Cargo.toml ]; then
    [ -f amf-cli/README.md ] || cp "$kit/amf-cli-README.md" amf-cli/README.md
    for f in LICENSE-MIT LICENSE-APACHE; do
        [ -e "amf-cli/$f" ] || ln -s "../$f" "amf-cli/$f"
    done
    sed -i 's|^readme = "../README.md"$|readme = "README.md"|' amf-cli/Cargo.toml
    if ! grep -q '^include = ' amf-cli/Cargo.toml; then
        sed -i 's|^readme = "README.md"$|readme = "README.md"\n# What the package ships: sources, README, licences (no tests or fixtures).\ninclude = ["src/**/*", "README.md", "LICENSE-MIT", "LICENSE-APACHE"]|' \
            amf-cli/Cargo.toml
    fi
fi
echo "apply.sh: done; now run the checks in $kit/README.md"
