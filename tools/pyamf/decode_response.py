#!/usr/bin/env python3
"""Decodes a remoting response packet with PyAMF (pyamf.remoting.decode) and
prints what a PyAMF client sees, as JSON.

Usage: .venv/bin/python tools/pyamf/decode_response.py < HEX

Output: {"version": n, "headers": {name: <tagged>}, "messages": [
  {"target": "/1/onResult", "status": "ok"|"error", "class": "<Python class>",
   "alias": "<AMF class alias or ''>", "correlationId": ..., "clientId": ...,
   "DSId": ..., "faultCode": ..., "body": <tagged JSON of the message body>}]}
Exit 1 (message on stderr) if PyAMF cannot decode it.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import peer  # re-executes with the venv's python when pyamf is missing

import pyamf
from pyamf import remoting


def main():
    data = peer.parse_hex(sys.stdin.read())
    try:
        env = remoting.decode(data)
    except Exception as e:
        sys.stderr.write("PyAMF cannot decode it: %s: %s\n" % (type(e).__name__, e))
        return 1
    describe = peer.Describer()
    out = {"version": env.amfVersion, "headers": {}, "messages": []}
    for name in env.headers:
        out["headers"][name] = describe(env.headers[name])
    for target, msg in env:
        body = msg.body
        try:
            alias = pyamf.get_class_alias(type(body)).alias
        except Exception:
            alias = ""
        m = {
            "target": target,
            "status": "ok" if msg.status == remoting.STATUS_OK else "error",
            "class": type(body).__name__,
            "alias": alias or "",
        }
        for k in ("correlationId", "clientId", "faultCode", "faultString"):
            v = getattr(body, k, None)
            m[k] = v if isinstance(v, (str, type(None))) else str(v)
        headers = getattr(body, "headers", None)
        m["DSId"] = headers.get("DSId") if isinstance(headers, dict) else None
        inner = getattr(body, "body", body) if alias.startswith("flex.messaging.messages") or alias in ("DSK",) else body
        m["body"] = describe(inner)
        out["messages"].append(m)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
