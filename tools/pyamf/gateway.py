#!/usr/bin/env python3
"""PyAMF's WSGI remoting gateway (pyamf.remoting.gateway.wsgi.WSGIGateway)
served by wsgiref on 127.0.0.1, as a peer for the Rust client and the load run.

Usage: .venv/bin/python tools/pyamf/gateway.py [--lifetime SECONDS] [--quiet]

Prints "PORT <n>" on stdout once it listens on http://127.0.0.1:<n>/ (any
path), then serves until stdin is closed or the lifetime (default 60 s)
ends. One request at a time (wsgiref's single-threaded server).

Services (NetConnection "Service.method"; Flex destination + operation):
  EchoService.echo(*args)        -> the list of its arguments
  EchoService.fail(*args)        -> raises ValueError (a fault)
  CustomerService.get(id)        -> a com.example.Customer {id, name, balance, tags}
  CustomerService.add(a, b)      -> a + b
  CustomerService.list()         -> flex.messaging.io.ArrayCollection of customers
"""

import os
import sys
import threading
import time
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

try:
    import pyamf
except ImportError:  # re-run with the repository's venv (tools/pyamf/install.sh)
    venv = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".venv", "bin", "python")
    if os.path.exists(venv) and not os.environ.get("PEER_PY_REEXEC"):
        os.environ["PEER_PY_REEXEC"] = "1"
        os.execv(venv, [venv] + sys.argv)
    sys.stderr.write("gateway.py: py3amf is not installed (run tools/pyamf/install.sh)\n")
    sys.exit(2)

import pyamf.flex
from pyamf.remoting.gateway.wsgi import WSGIGateway


class Customer(object):
    class __amf__:
        static = ("id", "name", "balance", "tags")

    def __init__(self, id=None, name=None, balance=None, tags=None):
        self.id = id
        self.name = name
        self.balance = balance
        self.tags = tags


pyamf.register_class(Customer, "com.example.Customer")

CUSTOMERS = [
    Customer(1, "Ada", 1815.5, ["math"]),
    Customer(2, "Alan", 1912.25, ["math", "crypto"]),
    Customer(3, "Grace", 1906.0, ["compilers"]),
]


def echo(*args):
    return list(args)


def fail(*args):
    raise ValueError("fail always fails")


def get(id):
    for c in CUSTOMERS:
        if c.id == id:
            return c
    raise LookupError("no customer %r" % (id,))


def add(a, b):
    return a + b


def customers():
    return pyamf.flex.ArrayCollection(list(CUSTOMERS))


SERVICES = {
    "EchoService.echo": echo,
    "EchoService.fail": fail,
    "CustomerService.get": get,
    "CustomerService.add": add,
    "CustomerService.list": customers,
}


class Server(WSGIServer):
    # Room for many clients connecting at once (the default backlog of 5
    # makes extra connections wait for SYN retries, not for PyAMF).
    request_queue_size = 256


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main(argv):
    lifetime = 60.0
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "--lifetime" and args:
            lifetime = float(args.pop(0))
        elif a == "--quiet":
            pass
        else:
            sys.stderr.write(__doc__)
            return 2
    gateway = WSGIGateway(SERVICES, debug=False)
    server = make_server("127.0.0.1", 0, gateway, server_class=Server, handler_class=QuietHandler)
    port = server.server_address[1]
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()

    def stop_on_eof():
        try:
            sys.stdin.read()
        except Exception:
            pass
        server.shutdown()

    def stop_on_deadline():
        time.sleep(lifetime)
        server.shutdown()

    threading.Thread(target=stop_on_eof, daemon=True).start()
    threading.Thread(target=stop_on_deadline, daemon=True).start()
    server.serve_forever(poll_interval=0.05)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
