#!/usr/bin/env python3
"""PyAMF remoting peer: pyamf.remoting.decode/encode and pyamf.flex.messaging
for amf-serde's differential tests (tests/remoting_pyamf.rs).

  remoting.py batch     JSON requests on stdin, one per line -> one JSON reply per line

Requests:
  {"op":"decode","hex":"...","strict":false}   -> {"code":0,"packet":P}
  {"op":"encode","packet":P,"strict":true}     -> {"code":0,"hex":"..."}
Failures: {"code":1,"error":"..."} (PyAMF raised) or {"code":2,...} (bad request).

P = {"version":n,
     "headers":[{"name":s,"required":bool,"value":V}],
     "messages":[M]}
M, decoded:  {"kind":"request","target":s,"response":s,"body":V (the argument list)}
             {"kind":"response","target":s (without the status suffix),
              "status":"onResult"|"onStatus"|"onDebugEvents","body":V}
M, to encode: {"kind":"request","target":s,"response":"/1","args":[V...]}
             {"kind":"response","request":"/1","status":"onResult"|"onStatus","body":V}

V is peer.py's tagged JSON (see README.md) plus:
  {"flex":{"class":C,"fields":{name:V}}}  a pyamf.flex.messaging object, C one of
      RemotingMessage CommandMessage AcknowledgeMessage ErrorMessage AsyncMessage
      AcknowledgeMessageExt CommandMessageExt AsyncMessageExt (DSK, DSC, DSA).
      Decoding reports every instance attribute; encoding passes the fields to
      the constructor (ids of the *Ext classes that are UIDs become uuid.UUID,
      timestamps of the *Ext classes are ms and become datetimes, as PyAMF's
      small-message writer wants).
  {"ac":[V...]}       pyamf.flex.ArrayCollection (encode; decoded as "external")
  {"proxy":V}         pyamf.flex.ObjectProxy (encode)
Small-message ids decoded by PyAMF as uuid.UUID are reported as
{"str":"<UPPER-CASE UID>"}.
"""
import datetime
import json
import os
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import peer  # noqa: E402  (re-executes with the venv's python if pyamf is missing)

import pyamf  # noqa: E402
import pyamf.flex  # noqa: E402
import pyamf.flex.messaging as fm  # noqa: E402
import pyamf.remoting as rem  # noqa: E402

STATUS = {rem.STATUS_OK: 'onResult', rem.STATUS_ERROR: 'onStatus', rem.STATUS_DEBUG: 'onDebugEvents'}
STATUS_CODE = {v: k for k, v in STATUS.items()}
FLEX = {c: getattr(fm, c) for c in (
    'RemotingMessage', 'CommandMessage', 'AcknowledgeMessage', 'ErrorMessage', 'AsyncMessage',
    'AcknowledgeMessageExt', 'CommandMessageExt', 'AsyncMessageExt')}


class Describer(peer.Describer):
    def __call__(self, v):
        if isinstance(v, uuid.UUID):
            return {'str': str(v).upper()}
        if isinstance(v, fm.AbstractMessage):
            return {'flex': {'class': type(v).__name__,
                             'fields': {k: self(x) for k, x in sorted(vars(v).items())}}}
        if isinstance(v, rem.BaseFault):
            return {'object': {'class': '', 'members': {k: self(x) for k, x in sorted(vars(v).items())}}}
        return peer.Describer.__call__(self, v)


class Builder(peer.Builder):
    def __call__(self, j):
        if isinstance(j, dict) and len(j) == 1:
            (tag, x), = j.items()
            if tag == 'ac':
                return pyamf.flex.ArrayCollection([self(e) for e in x])
            if tag == 'proxy':
                return pyamf.flex.ObjectProxy(self(x))
            if tag == 'flex':
                cls = FLEX.get(x.get('class'))
                if cls is None:
                    raise peer.Usage('unknown flex class %r' % x.get('class'))
                fields = {k: self(e) for k, e in x.get('fields', {}).items()}
                if cls.__name__.endswith('Ext'):
                    for k in ('messageId', 'clientId', 'correlationId'):
                        v = fields.get(k)
                        if isinstance(v, str) and len(v) == 36 and v == v.upper():
                            try:
                                fields[k] = uuid.UUID(v)
                            except ValueError:
                                pass
                    for k in ('timestamp', 'timeToLive'):
                        if isinstance(fields.get(k), (int, float)) and fields[k]:
                            fields[k] = peer.EPOCH + datetime.timedelta(milliseconds=fields[k])
                obj = cls(**fields)
                self.objects.append(obj)
                return obj
        return peer.Builder.__call__(self, j)


def decode(data, strict):
    env = rem.decode(data, strict=strict)
    d = Describer()
    out = {'version': env.amfVersion, 'headers': [], 'messages': []}
    for name, value in env.headers.items():
        out['headers'].append({'name': name, 'required': env.headers.is_required(name),
                               'value': d(value)})
    for name, msg in env.items():
        if isinstance(msg, rem.Request):
            out['messages'].append({'kind': 'request', 'target': msg.target, 'response': name,
                                    'body': d(msg.body)})
        else:
            out['messages'].append({'kind': 'response', 'target': name,
                                    'status': STATUS[msg.status], 'body': d(msg.body)})
    return out


def encode(p, strict):
    b = Builder()
    env = rem.Envelope(amfVersion=p.get('version', 3))
    for h in p.get('headers', []):
        env.headers[h['name']] = b(h['value'])
        if h.get('required'):
            env.headers.set_required(h['name'])
    for m in p.get('messages', []):
        if m['kind'] == 'request':
            env[m['response']] = rem.Request(m['target'], body=[b(a) for a in m['args']])
        elif m['kind'] == 'response':
            env[m['request']] = rem.Response(b(m['body']), status=STATUS_CODE[m.get('status', 'onResult')])
        else:
            raise peer.Usage('message kind must be request or response')
    return rem.encode(env, strict=strict).getvalue()


def one(req):
    op = req.get('op') if isinstance(req, dict) else None
    if op == 'decode':
        return {'code': 0, 'packet': decode(peer.parse_hex(req['hex']), bool(req.get('strict')))}
    if op == 'encode':
        return {'code': 0, 'hex': encode(req['packet'], bool(req.get('strict'))).hex()}
    raise peer.Usage('op must be decode or encode')


def batch(inp, out):
    for line in inp:
        if not line.strip():
            continue
        req = None
        before = set(pyamf.CLASS_CACHE)
        try:
            req = json.loads(line)
            reply = one(req)
        except (peer.Usage, ValueError, KeyError) as e:
            reply = {'code': 2, 'error': 'bad input: %s: %s' % (type(e).__name__, e)}
        except Exception as e:  # anything PyAMF raises
            reply = {'code': 1, 'error': '%s: %s' % (type(e).__name__, e)}
        finally:
            for k in set(pyamf.CLASS_CACHE) - before:
                del pyamf.CLASS_CACHE[k]
        if isinstance(req, dict) and 'id' in req:
            reply['id'] = req['id']
        out.write(json.dumps(reply, ensure_ascii=False, allow_nan=False) + '\n')
        out.flush()
    return 0


if __name__ == '__main__':
    if sys.argv[1:] != ['batch']:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(batch(sys.stdin, sys.stdout))
