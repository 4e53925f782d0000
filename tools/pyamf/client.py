#!/usr/bin/env python3
"""Runs PyAMF's client (pyamf.remoting.client.RemotingService) against a
remoting gateway URL and prints one JSON report.

Usage: .venv/bin/python tools/pyamf/client.py URL SCENARIO_JSON    (or "-" for stdin)

Scenario:
  {"amf": 0 | 3,                          # RemotingService(amf_version=...)
   "credentials": ["user", "password"],   # optional: setCredentials
   "classes": [{"class": "com.example.Customer", "sealed": ["balance", "id", "name", "tags"]}],
   "calls": [{"target": "EchoService.echo", "args": [<tagged JSON>...]}, ...],
   "batch": false}                         # true: addRequest for every call, then one execute()

Single calls go through the service proxy (gw.getService("EchoService").echo(*args)),
as applications use it; a fault is the exception it raises (PyAMF raises RemotingError(description)
for codes it does not map to a Python exception). A batch sends all
calls in one packet and reports each response's status and body.

Report: {"version": <packet version sent>, "results": [
  {"target": ..., "status": "result", "value": <tagged JSON>}
  {"target": ..., "status": "fault", "exception": "<class>", "message": "...",
   "code": ..., "description": ..., "details": ...}]}
Tagged JSON is tools/pyamf/peer.py's (README.md there). Exit 0 unless the
scenario is bad (2) or the transport failed (1: message on stderr).
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import peer  # re-executes with the venv's python when pyamf is missing

import pyamf
from pyamf import remoting
from pyamf.remoting.client import RemotingService


def fault_fields(body):
    out = {}
    for k in ("code", "description", "details"):
        v = getattr(body, k, None)
        if v is None and isinstance(body, dict):
            v = body.get(k)
        out[k] = v if isinstance(v, (str, int, float, type(None))) else str(v)
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    url = argv[1]
    text = sys.stdin.read() if argv[2] == "-" else argv[2]
    try:
        scenario = json.loads(text)
    except ValueError as e:
        sys.stderr.write("bad scenario: %s\n" % e)
        return 2
    amf = pyamf.AMF3 if scenario.get("amf", 0) == 3 else pyamf.AMF0
    builder = peer.Builder()
    # Register the classes the application knows, so results come back typed.
    for c in scenario.get("classes", []):
        builder._class(c["class"], c.get("sealed", []), c.get("dynamic", False))
    describe = peer.Describer()
    gw = RemotingService(url, amf_version=amf)
    if scenario.get("credentials"):
        user, password = scenario["credentials"]
        gw.setCredentials(user, password)
    calls = scenario.get("calls", [])
    results = []
    try:
        if scenario.get("batch"):
            requests = []
            for c in calls:
                service, method = c["target"].rsplit(".", 1)
                proxy = getattr(gw.getService(service, auto_execute=False), method)
                args = [builder(a) for a in c.get("args", [])]
                requests.append((c["target"], gw.addRequest(proxy, *args)))
            envelope = gw.execute()
            for target, req in requests:
                resp = envelope[req.id]
                if resp.status == remoting.STATUS_OK:
                    results.append({"target": target, "status": "result", "value": describe(resp.body)})
                else:
                    r = {"target": target, "status": "fault", "exception": type(resp.body).__name__}
                    r.update(fault_fields(resp.body))
                    results.append(r)
        else:
            for c in calls:
                service, method = c["target"].rsplit(".", 1)
                args = [builder(a) for a in c.get("args", [])]
                try:
                    value = getattr(gw.getService(service), method)(*args)
                    results.append({"target": c["target"], "status": "result", "value": describe(value)})
                except Exception as e:  # the fault, raised by the proxy
                    results.append({"target": c["target"], "status": "fault",
                                    "exception": type(e).__name__,
                                    "message": str(e.args[0]) if e.args else str(e)})
    except (remoting.RemotingError, OSError) as e:
        sys.stderr.write("transport failed: %s: %s\n" % (type(e).__name__, e))
        return 1
    json.dump({"version": 3 if amf == pyamf.AMF3 else 0, "results": results}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
