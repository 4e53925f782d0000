#!/usr/bin/env bash
# Idempotent: put the parts of Apache Royale 0.9.12's compiled JavaScript that
# tools/royale/*.js need into <repo>/.royale/ (gitignored; never committed).
# Usage: bash tools/royale/install.sh     (env: ROYALE_DIR=<repo>/.royale, NODE=node, NPM=npm)
#
# Source: the npm package @apache-royale/royale-js@0.9.12 (one ~178 MB tarball
# whose entries have no `package/` prefix). `npm pack` fetches it through npm's
# cache (~/.npm/_cacache), so a rerun on the same machine needs no network;
# `npm install` is not used (it cannot unpack that layout). From the tarball we
# keep only: the `js/out/**/*.js` of five framework SWCs (zips) and Google
# Closure's base library. Exits at once, touching nothing, when .royale/ready
# already records this version.
set -euo pipefail

ROYALE_VERSION=0.9.12
PKG="@apache-royale/royale-js@$ROYALE_VERSION"
# npm's sha512 for royale-js-0.9.12.tgz (npm pack checks it too).
INTEGRITY="sha512-CoNQ8bYEeRPE56I7UfDNcGNmGJx9YP+pIqGYmJuYVl1V/G21YR83ofF1P30sysIcyrV984wKbMaeTkjvA1Vzrg=="
SWCS="LanguageJS CoreJS ReflectionJS NetworkJS CollectionsJS"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${ROYALE_DIR:-$root/.royale}"
node="${NODE:-node}"
npm="${NPM:-npm}"
stamp="royale-js $ROYALE_VERSION; swcs: $SWCS; closure-library"

if [ -f "$dest/ready" ] && [ "$(cat "$dest/ready")" = "$stamp" ]; then
    echo "install.sh: Royale $ROYALE_VERSION already in $dest"
    exit 0
fi

command -v "$node" >/dev/null || { echo "install.sh: node is required" >&2; exit 1; }
command -v "$npm" >/dev/null || { echo "install.sh: npm is required" >&2; exit 1; }
command -v python3 >/dev/null || { echo "install.sh: python3 is required (zipfile)" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/royale-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# From npm's cache when it is there, else from the registry (and cached).
"$npm" pack "$PKG" --prefer-offline --pack-destination "$tmp" --silent >"$tmp/pack.out"
tgz="$tmp/$(tail -n 1 "$tmp/pack.out")"
[ -f "$tgz" ] || { echo "install.sh: npm pack made no tarball ($(cat "$tmp/pack.out"))" >&2; exit 1; }
got="$("$node" -e 'const c=require("crypto"),fs=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$tgz")"
[ "$got" = "$INTEGRITY" ] || { echo "install.sh: $tgz has integrity $got, want $INTEGRITY" >&2; exit 1; }

top=apache-royale-$ROYALE_VERSION-bin-js/royale-asjs
members=("$top/js/lib/google/closure-library/")
for swc in $SWCS; do members+=("$top/frameworks/js/libs/$swc.swc"); done
tar -xzf "$tgz" -C "$tmp" "${members[@]}"
rm -f "$tgz"

new="$tmp/royale"
mkdir -p "$new/js"
mv "$tmp/$top/js/lib/google/closure-library" "$new/closure-library"
python3 - "$tmp/$top/frameworks/js/libs" "$new/js" $SWCS <<'PY'
import os, sys, zipfile
src, out, swcs = sys.argv[1], sys.argv[2], sys.argv[3:]
count = 0
for swc in swcs:
    with zipfile.ZipFile(os.path.join(src, swc + ".swc")) as z:
        for info in z.infolist():
            name = info.filename
            if not (name.startswith("js/out/") and name.endswith(".js")):
                continue
            rel = os.path.normpath(name[len("js/out/"):])
            if rel.startswith("..") or os.path.isabs(rel):
                raise SystemExit("unsafe path in %s: %s" % (swc, name))
            path = os.path.join(out, rel)
            if os.path.exists(path):
                raise SystemExit("%s: %s is also in an earlier SWC" % (swc, rel))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(z.read(info))
            count += 1
print("install.sh: %d files from %s" % (count, ", ".join(swcs)))
PY
rm -rf "$dest"
mv "$new" "$dest"

ROYALE_DIR="$dest" "$node" "$here/amfdata.js" selftest >/dev/null || {
    echo "install.sh: amfdata.js selftest failed" >&2
    exit 1
}
echo "$stamp" >"$dest/ready"
echo "install.sh: Royale $ROYALE_VERSION ready in $dest"
# Let cargo see the new peer: tests/build.rs sets `has_royale` when it reruns.
touch "$root/tests/build.rs"
