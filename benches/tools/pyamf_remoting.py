#!/usr/bin/env python3
"""PyAMF's time on the remoting bench's packets (benches/remoting.rs runs it).

    pyamf_remoting.py request.amf response.amf   -> JSON {"request/decode": ns, ...}

Decodes each packet with pyamf.remoting.decode (the record classes
com.example.Order and com.example.OrderQuery registered, so the records
become typed objects, as amf-serde's typed decode), and encodes the decoded
envelope with pyamf.remoting.encode(strict=True). Each time is the median
over 15 rounds of the per-call time of a batch.
"""
import json
import statistics
import sys
import time

import pyamf
import pyamf.flex  # noqa: F401  (registers ArrayCollection and the messages)
import pyamf.flex.messaging  # noqa: F401
import pyamf.remoting as rem


class Order(object):
    class __amf__:
        static = ('id', 'customer', 'total', 'status', 'paid', 'items')


class OrderQuery(object):
    class __amf__:
        static = ('customer', 'status', 'limit')


pyamf.register_class(Order, 'com.example.Order')
pyamf.register_class(OrderQuery, 'com.example.OrderQuery')


def median_ns(f, batch, rounds=15):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(batch):
            f()
        times.append((time.perf_counter() - start) / batch)
    return statistics.median(times) * 1e9


def main(req_path, resp_path):
    req = open(req_path, 'rb').read()
    resp = open(resp_path, 'rb').read()
    req_env = rem.decode(req)
    resp_env = rem.decode(resp)
    # sanity: the typed objects are there
    ack = resp_env['/3'].body
    assert len(ack.body) == 100 and isinstance(ack.body[0], Order), ack
    call = req_env['/3'].body[0]
    assert call.operation == 'findOrders' and isinstance(call.body[2], OrderQuery), call
    out = {
        'request/decode': median_ns(lambda: rem.decode(req), 50),
        'request/encode': median_ns(lambda: rem.encode(req_env, strict=True).getvalue(), 50),
        'response/decode': median_ns(lambda: rem.decode(resp), 5),
        'response/encode': median_ns(lambda: rem.encode(resp_env, strict=True).getvalue(), 5),
    }
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main(*sys.argv[1:3])
