#!/usr/bin/env bash
# Idempotent: make <repo>/.venv with py3amf (PyAMF for Python 3) for tools/pyamf/peer.py.
# Usage: bash tools/pyamf/install.sh     (env: PYTHON=python3, VENV=<repo>/.venv)
# Tries local wheels first (PIP_FIND_LINKS, default /opt/wheels) without the index,
# then falls back to PyPI. Exits 0 without touching the network if already installed.
set -euo pipefail

PY3AMF_VERSION=0.9.1
DEFUSEDXML_VERSION=0.7.1   # py3amf's only dependency (defusedxml>=0.7.1)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VENV:-$root/.venv}"
python="${PYTHON:-python3}"
wheels="${PIP_FIND_LINKS:-/opt/wheels}"

if [ ! -x "$venv/bin/python" ]; then
    echo "install.sh: creating $venv"
    "$python" -m venv "$venv"
fi

installed="$("$venv/bin/python" -c 'import pyamf; print(pyamf.__version__)' 2>/dev/null || true)"
if [ "$installed" = "$PY3AMF_VERSION" ]; then
    echo "install.sh: py3amf $installed already in $venv"
    exit 0
fi

pip=("$venv/bin/python" -m pip install --disable-pip-version-check -q
     "py3amf==$PY3AMF_VERSION" "defusedxml==$DEFUSEDXML_VERSION")
if [ -d "$wheels" ] && "${pip[@]}" --no-index --find-links "$wheels" 2>/dev/null; then
    echo "install.sh: installed py3amf $PY3AMF_VERSION from $wheels"
else
    "${pip[@]}"
    echo "install.sh: installed py3amf $PY3AMF_VERSION from the package index"
fi
"$venv/bin/python" "$here/peer.py" selftest >/dev/null || {
    echo "install.sh: peer.py selftest failed" >&2
    exit 1
}
# Let cargo see the new peer: tests/build.rs sets `has_pyamf` when it reruns.
touch "$root/tests/build.rs"
