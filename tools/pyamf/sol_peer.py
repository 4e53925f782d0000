#!/usr/bin/env python3
"""PyAMF (py3amf) `pyamf.sol` peer for amf-serde's .sol interop tests.

  sol_peer.py batch     JSON requests on stdin, one per line -> one JSON reply per line

Requests (values are the tagged JSON of peer.py, see README.md):

  {"op": "decode", "hex": "...", "strict": true}
      -> {"code": 0, "name": "...", "encoding": 0|3, "entries": [[key, tagged], ...]}
  {"op": "encode", "name": "...", "encoding": 0|3, "entries": [[key, tagged], ...]}
      -> {"code": 0, "hex": "..."}

Failures reply {"code": 1|2|3, "error": "..."} as peer.py does (1: PyAMF
raised, 2: bad request, 3: PyAMF cannot represent the value). Entries keep
file order (pyamf.sol.decode returns a dict, ordered by insertion).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer  # noqa: E402  (re-executes with the project venv if needed)

import pyamf  # noqa: E402
import pyamf.sol  # noqa: E402


def _decode(req):
    data = peer.parse_hex(req.get('hex', ''))
    encoding = data[21 + int.from_bytes(data[16:18], 'big')] if len(data) > 18 else None
    name, values = pyamf.sol.decode(data, strict=bool(req.get('strict', True)))
    describe = peer.Describer()
    return {'code': 0, 'name': name, 'encoding': encoding,
            'entries': [[k, describe(v)] for k, v in values.items()]}


def _encode(req):
    encoding = req.get('encoding')
    if encoding not in (0, 3):
        raise peer.Usage('encoding must be 0 or 3')
    build = peer.Builder()
    values = {}
    for k, v in req.get('entries', []):
        values[k] = build(v)
    stream = pyamf.sol.encode(req.get('name', ''), values, strict=True, encoding=encoding)
    return {'code': 0, 'hex': stream.getvalue().hex()}


def batch(inp, out):
    for line in inp:
        if not line.strip():
            continue
        before = set(pyamf.CLASS_CACHE)
        try:
            try:
                req = json.loads(line)
            except ValueError as e:
                raise peer.Usage('request is not JSON: %s' % e)
            if not isinstance(req, dict) or req.get('op') not in ('decode', 'encode'):
                raise peer.Usage('a request is {"op": "decode"|"encode", ...}')
            reply = _decode(req) if req['op'] == 'decode' else _encode(req)
        except peer.Usage as e:
            reply = {'code': 2, 'error': 'bad input: %s' % e}
        except peer.Unsupported as e:
            reply = {'code': 3, 'error': 'unsupported: %s' % e}
        except RecursionError:
            reply = {'code': 1, 'error': 'nesting too deep'}
        except Exception as e:  # anything PyAMF raises
            reply = {'code': 1, 'error': '%s: %s' % (type(e).__name__, e)}
        finally:
            for k in set(pyamf.CLASS_CACHE) - before:
                del pyamf.CLASS_CACHE[k]
        out.write(json.dumps(reply, ensure_ascii=False, allow_nan=False) + '\n')
        out.flush()
    return 0


if __name__ == '__main__':
    if sys.argv[1:] != ['batch']:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(batch(sys.stdin, sys.stdout))
