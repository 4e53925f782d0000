#!/usr/bin/env python3
"""PyAMF (py3amf) peer for amf-serde interop tests.

  peer.py decode amf3|amf0 [--traits] [--allow-trailing]   hex on stdin  -> tagged JSON on stdout
  peer.py encode amf3|amf0                                 tagged JSON on stdin -> hex on stdout
  peer.py selftest                                         built-in vectors from shared/spec
  peer.py batch                                            JSON requests on stdin, one per line -> one JSON reply per line

Exit codes: 0 ok; 1 PyAMF raised (decode/encode failure); 2 bad usage or bad
input (not hex / not valid tagged JSON); 3 not supported by PyAMF (vectors,
Dictionary encoding, ...); 4 decode succeeded but trailing bytes remain.
The tagged JSON format and PyAMF's quirks are described in README.md.
"""
import datetime
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

try:
    import pyamf
except ImportError:  # re-run with the project venv if we were started with a bare python3
    venv_py = os.path.join(HERE, '..', '..', '.venv', 'bin', 'python')
    if os.path.exists(venv_py) and not os.environ.get('PEER_PY_REEXEC'):
        os.environ['PEER_PY_REEXEC'] = '1'
        os.execv(venv_py, [venv_py] + sys.argv)
    sys.stderr.write('peer.py: py3amf is not installed (run tools/pyamf/install.sh)\n')
    sys.exit(2)

import pyamf.amf0
import pyamf.amf3
import pyamf.flex
import pyamf.xml
from pyamf import util

sys.setrecursionlimit(5000)

# AMF0 has only doubles, but amf0.Decoder.readNumber turns integral ones into
# Python ints (_check_for_int). Keep them floats so an AMF0 number is always
# reported as {"float": ...}; ints can then only come from AMF3 (0x11) values.
pyamf.amf0._check_for_int = lambda x: x

EPOCH = datetime.datetime(1970, 1, 1)


class Usage(Exception):
    """Bad input from the caller (exit 2)."""


class Unsupported(Exception):
    """PyAMF cannot do this at all (exit 3)."""


# ---------------------------------------------------------------- decoding

class TracingAMF3Decoder(pyamf.amf3.Decoder):
    """amf3.Decoder that remembers the traits each decoded object was read with."""

    def __init__(self, *a, **kw):
        pyamf.amf3.Decoder.__init__(self, *a, **kw)
        self.traits_log = []   # every ClassDefinition returned, in order
        self.traits_of = {}    # id(obj) -> ClassDefinition
        self._keep = []        # keep objects alive so ids stay unique

    def _getClassDefinition(self, ref):
        cd = pyamf.amf3.Decoder._getClassDefinition(self, ref)
        self.traits_log.append(cd)
        return cd

    def readObject(self):
        n = len(self.traits_log)
        obj = pyamf.amf3.Decoder.readObject(self)
        if len(self.traits_log) > n:  # not an object reference: first traits read belong to obj
            self.traits_of[id(obj)] = self.traits_log[n]
            self._keep.append(obj)
        return obj


def _float(x):
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x


def _key(k):
    return k.decode('utf-8') if isinstance(k, bytes) else k


class Describer:
    def __init__(self, dec3=None, traits=False):
        self.dec3 = dec3
        self.traits = traits
        self.path = set()

    def __call__(self, v):
        if v is None:
            return {'null': None}
        if v is pyamf.Undefined:
            return {'undefined': None}
        if isinstance(v, bool):
            return {'bool': v}
        if isinstance(v, int):
            return {'int': v}
        if isinstance(v, float):
            return {'float': _float(v)}
        if isinstance(v, str):
            return {'str': v}
        if isinstance(v, bytes):
            return {'str': v.decode('utf-8')}
        if isinstance(v, datetime.datetime):
            us = (v - EPOCH) // datetime.timedelta(microseconds=1)
            return {'date_ms': us // 1000 if us % 1000 == 0 else us / 1000.0}
        if isinstance(v, pyamf.amf3.ByteArray):
            return {'bytes': v.getvalue().hex()}
        if pyamf.xml.is_xml(v):
            s = pyamf.xml.tostring(v)
            return {'xml': s.decode('utf-8') if isinstance(s, bytes) else s}
        if id(v) in self.path:
            return {'cycle': True}
        self.path.add(id(v))
        try:
            return self._container(v)
        finally:
            self.path.discard(id(v))

    def _container(self, v):
        # amf3.Decoder.readDictionary returns a (dict, weak_keys) tuple
        if isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], dict) and isinstance(v[1], bool):
            return {'dict': [[self(k), self(x)] for k, x in v[0].items()]}
        if type(v) is list:
            return {'list': [self(x) for x in v]}
        if isinstance(v, pyamf.MixedArray):
            n = 0
            while n in v:
                n += 1
            dense = [self(v[i]) for i in range(n)]
            assoc = {}
            for k, x in v.items():
                if isinstance(k, int) and 0 <= k < n:
                    continue
                assoc[str(_key(k))] = self(x)
            return {'mixed': {'dense': dense, 'assoc': assoc}}
        if isinstance(v, pyamf.flex.ArrayCollection):
            return {'external': {'class': 'flex.messaging.io.ArrayCollection',
                                 'value': {'list': [self(x) for x in v]}}}
        if isinstance(v, pyamf.flex.ObjectProxy):
            return {'external': {'class': 'flex.messaging.io.ObjectProxy',
                                 'value': self(v._amf_object)}}
        if isinstance(v, pyamf.TypedObject):
            cls, members = v.alias, v.items()
        elif isinstance(v, dict):  # ASObject (anonymous object)
            cls, members = '', v.items()
        else:  # instance of some class PyAMF has registered (flex messages, ...)
            try:
                alias = pyamf.get_class_alias(type(v))
                cls, members = alias.alias, alias.getEncodableAttributes(v).items()
            except Exception:
                cls = type(v).__name__
                members = [(k, x) for k, x in getattr(v, '__dict__', {}).items() if not k.startswith('_')]
        out = {'class': cls, 'members': {_key(k): self(x) for k, x in members}}
        cd = self.dec3.traits_of.get(id(v)) if (self.traits and self.dec3) else None
        if cd is not None:
            out['sealed'] = [_key(s) for s in cd.static_properties]
            out['dynamic'] = cd.encoding == pyamf.amf3.ObjectEncoding.DYNAMIC
        return {'object': out}


def parse_hex(text):
    h = ''.join(text.split())
    if h[:2].lower() == '0x':
        h = h[2:]
    try:
        return bytes.fromhex(h)
    except ValueError as e:
        raise Usage('input is not hex: %s' % e)


def decode(data, enc, traits=False):
    """Decode one value. Returns (canonical_json_value, bytes_consumed)."""
    if enc == 'amf3':
        dec = TracingAMF3Decoder(data)
        dec3 = dec
    else:
        dec = pyamf.amf0.Decoder(data)
        dec3 = TracingAMF3Decoder(dec.stream)  # used for 0x11 (AMF3 switch) values
        dec.context.extra['amf3_decoder'] = dec3
    if not data:
        raise pyamf.DecodeError('empty input')
    try:
        v = dec.readElement()
    except pyamf.DecodeError as e:
        if str(e).startswith('Unknown data type'):  # AMF3 markers 0x0D-0x10 (vectors) and > 0x11
            raise Unsupported('PyAMF: %s' % e)
        raise
    return Describer(dec3, traits)(v), dec.stream.tell()


# ---------------------------------------------------------------- encoding

class OrderedAlias(pyamf.ClassAlias):
    """ClassAlias that keeps dynamic members in the order given (stock PyAMF
    uses set order once a class has sealed members). The order is kept per
    object: two objects of one class (nested, say) may have different
    dynamic members."""

    def getEncodableAttributes(self, obj, codec=None):
        attrs = pyamf.ClassAlias.getEncodableAttributes(self, obj, codec=codec)
        order = getattr(self, 'orders', {}).get(id(obj), list(attrs))
        return {k: attrs[k] for k in order if k in attrs}


class Builder:
    def __init__(self):
        self.classes = {}  # (alias, sealed, dynamic) -> generated class
        self.objects = []  # keeps built objects alive, so their ids stay unique

    def _class(self, alias, sealed, dynamic):
        key = (alias, tuple(sealed), dynamic)
        if key in self.classes:
            return self.classes[key]
        if alias and any(k[0] == alias for k in self.classes):
            raise Usage('class %r used with two different trait layouts' % alias)
        meta = type('__amf__', (), {'static': tuple(sealed), 'dynamic': dynamic})
        cls = type('Gen_%d' % len(self.classes), (object,), {'__amf__': meta})
        kw = util.get_class_meta(cls)
        if alias:
            kw['alias'] = alias
        a = OrderedAlias(cls, defer=True, **kw)
        a.orders = {}  # id(obj) -> member order
        if alias:
            pyamf.CLASS_CACHE[alias] = a
        pyamf.CLASS_CACHE[cls] = a
        self.classes[key] = cls
        return cls

    def __call__(self, j):
        if not isinstance(j, dict) or len(j) != 1:
            raise Usage('expected a one-key tagged object, got %r' % (j,))
        (tag, x), = j.items()
        if tag == 'null':
            return None
        if tag == 'undefined':
            return pyamf.Undefined
        if tag == 'bool':
            if not isinstance(x, bool):
                raise Usage('bool wants true/false')
            return x
        if tag == 'int':
            if isinstance(x, bool) or not isinstance(x, int):
                raise Usage('int wants a JSON integer, got %r' % (x,))
            return x
        if tag == 'float':
            if isinstance(x, str) and x in ('NaN', 'Infinity', '-Infinity'):
                return float(x.lower().replace('infinity', 'inf'))
            if isinstance(x, bool) or not isinstance(x, (int, float)):
                raise Usage('float wants a number or "NaN"/"Infinity"/"-Infinity"')
            return float(x)
        if tag == 'str':
            if not isinstance(x, str):
                raise Usage('str wants a string')
            return x
        if tag == 'bytes':
            b = pyamf.amf3.ByteArray(parse_hex(x))
            b.compressed = False  # else PyAMF re-zlibs data that starts with 78 9c
            return b
        if tag == 'date_ms':
            if isinstance(x, bool) or not isinstance(x, (int, float)):
                raise Usage('date_ms wants a number')
            return EPOCH + datetime.timedelta(milliseconds=x)
        if tag == 'xml':
            return pyamf.xml.fromstring(x)
        if tag == 'list':
            return [self(e) for e in x]
        if tag == 'mixed':
            m = pyamf.MixedArray()
            for i, e in enumerate(x.get('dense', [])):
                m[i] = self(e)
            for k, e in x.get('assoc', {}).items():
                m[k] = self(e)
            return m
        if tag == 'object':
            alias = x.get('class', '') or ''
            members = {k: self(e) for k, e in x.get('members', {}).items()}
            if '' in members:  # PyAMF would write the name as 01, i.e. the end-of-members marker
                raise Unsupported('PyAMF writes an empty member name as the end marker (corrupt output)')
            if 'sealed' not in x and not alias:
                return pyamf.ASObject(members)
            sealed = list(x.get('sealed', []))
            dynamic = bool(x.get('dynamic', 'sealed' not in x))
            missing = [s for s in sealed if s not in members]
            extra = [k for k in members if k not in sealed]
            if missing:
                raise Usage('sealed members without a value: %r' % missing)
            if extra and not dynamic:
                raise Usage('members %r are not sealed and the object is not dynamic' % extra)
            cls = self._class(alias, sealed, dynamic)
            obj = cls()
            obj.__dict__.update(members)
            pyamf.CLASS_CACHE[cls].orders[id(obj)] = sorted(sealed) + extra
            self.objects.append(obj)
            return obj
        if tag in ('vector', 'dict', 'external'):
            raise Unsupported('PyAMF 0.9.1 cannot encode %r values' % tag)
        if tag == 'cycle':
            raise Usage('cannot encode {"cycle": true}')
        raise Usage('unknown tag %r' % tag)


def encode(j, enc):
    v = Builder()(j)
    e = pyamf.get_encoder(pyamf.AMF3 if enc == 'amf3' else pyamf.AMF0)
    e.writeElement(v)
    return e.stream.getvalue()


# ---------------------------------------------------------------- selftest

def _i(n):
    return {'int': n}


def _obj(cls, members, **kw):
    d = {'class': cls, 'members': members}
    d.update(kw)
    return {'object': d}


SELFTEST = [
    # (encoding, canonical JSON, hex, check encode?, check decode?)  -- amf3.md §8, amf0.md §6
    ('amf3', _i(0), '04 00', 1, 1),
    ('amf3', _i(127), '04 7f', 1, 1),
    ('amf3', _i(128), '04 81 00', 1, 1),
    ('amf3', _i(16383), '04 ff 7f', 1, 1),
    ('amf3', _i(16384), '04 81 80 00', 1, 1),
    ('amf3', _i(2097151), '04 ff ff 7f', 1, 1),
    ('amf3', _i(2097152), '04 80 c0 80 00', 1, 1),
    ('amf3', _i(268435455), '04 bf ff ff ff', 1, 1),
    ('amf3', _i(-1), '04 ff ff ff ff', 1, 1),
    ('amf3', _i(-268435456), '04 c0 80 80 00', 1, 1),
    ('amf3', _i(268435456), '05 41 b0 00 00 00 00 00 00', 1, 0),
    ('amf3', {'float': 268435456.0}, '05 41 b0 00 00 00 00 00 00', 1, 1),
    ('amf3', _i(-268435457), '05 c1 b0 00 00 01 00 00 00', 1, 0),
    ('amf3', {'float': 1.0}, '05 3f f0 00 00 00 00 00 00', 1, 1),
    ('amf3', {'float': 'NaN'}, '05 7f f8 00 00 00 00 00 00', 0, 1),
    ('amf3', {'list': [{'str': s} for s in ['foo', 'foo', '', '', 'bar', 'foo']]},
     '09 0d 01 06 07 66 6f 6f 06 00 06 01 06 01 06 07 62 61 72 06 00', 1, 1),
    ('amf3', _obj('', {'a': _i(1)}), '0a 0b 01 03 61 04 01 01', 1, 1),
    ('amf3', {'list': [_obj('P', {'x': _i(1), 'y': _i(2)}, sealed=['x', 'y']),
                       _obj('P', {'x': _i(3), 'y': _i(4)}, sealed=['x', 'y'])]},
     '09 05 01 0a 23 03 50 03 78 03 79 04 01 04 02 0a 01 04 03 04 04', 1, 0),
    ('amf3', {'list': [_obj('P', {'x': _i(1), 'y': _i(2)}), _obj('P', {'x': _i(3), 'y': _i(4)})]},
     '09 05 01 0a 23 03 50 03 78 03 79 04 01 04 02 0a 01 04 03 04 04', 0, 1),
    # gotchas: anonymous sealed traits and a traits reference (README question a)
    ('amf3', {'list': [_obj('', {'a': _i(1), 'b': _i(2)}, sealed=['a', 'b']),
                       _obj('', {'a': _i(3), 'b': _i(4)}, sealed=['a', 'b'])]},
     '09 05 01 0a 23 01 03 61 03 62 04 01 04 02 0a 01 04 03 04 04', 1, 0),
    ('amf3', {'list': [_obj('', {'a': _i(1), 'b': _i(2)}), _obj('', {'a': _i(3), 'b': _i(4)})]},
     '09 05 01 0a 23 01 03 61 03 62 04 01 04 02 0a 01 04 03 04 04', 0, 1),
    ('amf3', {'mixed': {'dense': [{'str': 'bar1'}, {'str': 'bar2'}, {'str': 'bar3'}],
                        'assoc': {'asdf': {'str': 'fdsa'}, 'foo': {'str': 'bar'}, '42': {'str': 'bar'}}}},
     '09 07 09 61 73 64 66 06 09 66 64 73 61 07 66 6f 6f 06 07 62 61 72 05 34 32 06 06 01'
     ' 06 09 62 61 72 31 06 09 62 61 72 32 06 09 62 61 72 33', 1, 1),
    ('amf3', {'list': [{'cycle': True}]}, '09 03 01 09 00', 0, 1),
    ('amf3', {'date_ms': 1577836800000}, '08 01 42 76 f5 e6 6e 80 00 00', 1, 1),
    ('amf3', {'bytes': '010203'}, '0c 07 01 02 03', 1, 1),
    ('amf3', {'dict': [[_i(1), {'str': 'a'}]]}, '11 03 00 04 01 06 03 61', 0, 1),
    ('amf0', _obj('', {'name': {'str': 'Mike'}, 'age': {'float': 30.0}}),
     '03 00 04 6e 61 6d 65 02 00 04 4d 69 6b 65 00 03 61 67 65 00 40 3e 00 00 00 00 00 00 00 00 09', 1, 1),
    ('amf0', {'list': [_obj('', {'a': {'float': 1.0}})] * 2},
     '0a 00 00 00 02 03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09 07 00 01', 0, 1),
    ('amf0', {'mixed': {'dense': [{'str': c} for c in 'abcd'], 'assoc': {}}},
     '08 00 00 00 04 00 01 30 02 00 01 61 00 01 31 02 00 01 62 00 01 32 02 00 01 63'
     ' 00 01 33 02 00 01 64 00 00 09', 0, 1),
    ('amf0', {'date_ms': 1577836800000}, '0b 42 76 f5 e6 6e 80 00 00 00 00', 1, 1),
    ('amf0', {'date_ms': 1045112400000}, '0b 42 6e 6a b1 b5 10 00 00 01 2c', 0, 1),
    ('amf0', _obj('Foo', {'x': {'float': 1.0}}),
     '10 00 03 46 6f 6f 00 01 78 00 3f f0 00 00 00 00 00 00 00 00 09', 1, 1),
    ('amf0', {'str': 'a' * 65535}, '02 ff ff' + '61' * 65535, 1, 1),
    ('amf0', {'str': 'a' * 65536}, '0c 00 01 00 00' + '61' * 65536, 1, 1),
    ('amf0', {'external': {'class': 'flex.messaging.io.ArrayCollection', 'value': {'list': [{'str': 'eggs'}]}}},
     '11 0a 07 43 ' + b'flex.messaging.io.ArrayCollection'.hex() + ' 09 03 01 06 09 65 67 67 73', 0, 1),
]


def selftest():
    passed = failed = 0
    for n, (enc, j, hx, do_enc, do_dec) in enumerate(SELFTEST):
        want = parse_hex(hx)
        label = '%s #%d %s' % (enc, n, json.dumps(j)[:70])
        checks = []
        if do_enc:
            try:
                got = encode(j, enc)
                checks.append(('encode', got == want, got.hex(' ')[:120]))
            except Exception as e:
                checks.append(('encode', False, '%s: %s' % (type(e).__name__, e)))
        if do_dec:
            try:
                got, used = decode(want, enc)
                checks.append(('decode', got == j and used == len(want), json.dumps(got)[:120]))
            except Exception as e:
                checks.append(('decode', False, '%s: %s' % (type(e).__name__, e)))
        for what, ok, detail in checks:
            if ok:
                passed += 1
                print('OK   %s %s' % (what, label))
            else:
                failed += 1
                print('FAIL %s %s\n     got %s' % (what, label, detail))
    print('%d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 else 1


# ---------------------------------------------------------------- batch

def _one(req):
    """Runs one batch request. Returns the reply (a dict with "code", the
    exit code the single-shot command would have given)."""
    if not isinstance(req, dict) or req.get('op') not in ('decode', 'encode') \
            or req.get('enc') not in ('amf0', 'amf3'):
        raise Usage('a request is {"op":"decode"|"encode","enc":"amf0"|"amf3",...}')
    if req['op'] == 'decode':
        if not isinstance(req.get('hex'), str):
            raise Usage('decode wants "hex"')
        data = parse_hex(req['hex'])
        value, used = decode(data, req['enc'], bool(req.get('traits')))
        if used != len(data) and not req.get('allow_trailing'):
            return {'code': 4, 'error': 'trailing bytes: decoded %d of %d bytes (%d left)' % (
                used, len(data), len(data) - used)}
        return {'code': 0, 'value': value, 'used': used}
    if 'value' not in req:
        raise Usage('encode wants "value"')
    return {'code': 0, 'hex': encode(req['value'], req['enc']).hex()}


def batch(inp, out):
    """Reads one JSON request per line and writes one JSON reply per line, in
    order, flushing after each: {"op":"decode","enc":"amf3","hex":"...",
    "traits":false,"allow_trailing":false} -> {"code":0,"value":...,"used":n};
    {"op":"encode","enc":"amf0","value":{tagged}} -> {"code":0,"hex":"..."};
    failures -> {"code":1|2|3|4,"error":"..."} (the single-shot exit codes).
    An "id" in a request is copied into its reply. Classes registered while
    encoding one request are forgotten before the next."""
    for line in inp:
        if not line.strip():
            continue
        req = None
        before = set(pyamf.CLASS_CACHE)
        try:
            try:
                req = json.loads(line)
            except ValueError as e:
                raise Usage('request is not JSON: %s' % e)
            reply = _one(req)
        except Usage as e:
            reply = {'code': 2, 'error': 'bad input: %s' % e}
        except Unsupported as e:
            reply = {'code': 3, 'error': 'unsupported: %s' % e}
        except RecursionError:
            reply = {'code': 1, 'error': 'nesting too deep'}
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


# ---------------------------------------------------------------- main

USAGE = __doc__


def main(argv):
    if sys.stdout.encoding.lower().replace('-', '') != 'utf8':
        sys.stdout.reconfigure(encoding='utf-8')
    args = [a for a in argv if not a.startswith('--')]
    flags = set(a for a in argv if a.startswith('--'))
    if args == ['selftest']:
        return selftest()
    if args == ['batch'] and not flags:
        if sys.stdin.encoding.lower().replace('-', '') != 'utf8':
            sys.stdin.reconfigure(encoding='utf-8')
        return batch(sys.stdin, sys.stdout)
    if len(args) != 2 or args[0] not in ('decode', 'encode') or args[1] not in ('amf0', 'amf3') \
            or flags - {'--traits', '--allow-trailing'}:
        sys.stderr.write(USAGE)
        return 2
    cmd, enc = args
    try:
        if cmd == 'decode':
            data = parse_hex(sys.stdin.read())
            value, used = decode(data, enc, '--traits' in flags)
            out = json.dumps(value, ensure_ascii=False, allow_nan=False)
            if used != len(data):
                msg = 'peer.py: trailing bytes: decoded %d of %d bytes (%d left)\n' % (
                    used, len(data), len(data) - used)
                sys.stderr.write(msg)
                if '--allow-trailing' not in flags:
                    return 4
            sys.stdout.write(out + '\n')
        else:
            try:
                j = json.loads(sys.stdin.read())
            except ValueError as e:
                raise Usage('input is not JSON: %s' % e)
            sys.stdout.write(encode(j, enc).hex() + '\n')
        return 0
    except Usage as e:
        sys.stderr.write('peer.py: bad input: %s\n' % e)
        return 2
    except Unsupported as e:
        sys.stderr.write('peer.py: unsupported: %s\n' % e)
        return 3
    except RecursionError:
        sys.stderr.write('peer.py: %s failed: nesting too deep\n' % cmd)
        return 1
    except Exception as e:  # anything PyAMF raises: DecodeError, IOError (truncated), ValueError...
        sys.stderr.write('peer.py: %s failed: %s: %s\n' % (cmd, type(e).__name__, e))
        return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
