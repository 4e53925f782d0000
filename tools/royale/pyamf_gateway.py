"""A PyAMF WSGI remoting gateway on 127.0.0.1 for trying tools/royale/remote.js.

Usage: .venv/bin/python tools/royale/pyamf_gateway.py [--lifetime SECONDS]

Prints "PORT <n>" on stdout once it listens on http://127.0.0.1:<n>/ (any
path), then serves until stdin is closed or the lifetime (default 60 s) ends.

Destination "EchoService" (PyAMF maps the Flex destination + operation to
"EchoService.<operation>"):
  echo(*args)          -> the list of its arguments
  fail(*args)          -> raises ValueError("fail called") (a Flex ErrorMessage)
  collection(*args)    -> flex.messaging.io.ArrayCollection of its arguments
  person(name, age)    -> a com.example.Person {name, age} (sealed, registered alias)
"""

import os
import sys
import threading
import time
from wsgiref.simple_server import WSGIRequestHandler, make_server

try:
    import pyamf
except ImportError:  # re-run with the repository's venv (tools/pyamf/install.sh)
    here = os.path.dirname(os.path.abspath(__file__))
    venv = os.path.join(here, "..", "..", ".venv", "bin", "python")
    os.execv(venv, [venv] + sys.argv)

import pyamf.flex
from pyamf.remoting.gateway.wsgi import WSGIGateway


class Person(object):
    class __amf__:
        static = ("name", "age")

    def __init__(self, name=None, age=None):
        self.name = name
        self.age = age


pyamf.register_class(Person, "com.example.Person")


def echo(*args):
    return list(args)


def fail(*args):
    raise ValueError("fail called")


def collection(*args):
    return pyamf.flex.ArrayCollection(list(args))


def person(name, age):
    return Person(name, age)


SERVICES = {
    "EchoService.echo": echo,
    "EchoService.fail": fail,
    "EchoService.collection": collection,
    "EchoService.person": person,
}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main():
    lifetime = 60.0
    if len(sys.argv) == 3 and sys.argv[1] == "--lifetime":
        lifetime = float(sys.argv[2])
    elif len(sys.argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    gateway = WSGIGateway(SERVICES, debug=True)
    server = make_server("127.0.0.1", 0, gateway, handler_class=QuietHandler)
    server.timeout = 0.2
    print("PORT %d" % server.server_port, flush=True)
    stop = threading.Event()

    def watch_stdin():
        try:
            while sys.stdin.read(4096):
                pass
        except (OSError, ValueError):
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    end = time.monotonic() + lifetime
    while not stop.is_set() and time.monotonic() < end:
        server.handle_request()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
