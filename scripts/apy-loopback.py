#!/usr/bin/python3
"""Run Apertium APy (Debian's apertium-apy) listening on 127.0.0.1 only.

APy has no bind-address option: it listens on every interface. This wrapper
patches tornado so that every listening socket is bound to 127.0.0.1, then
runs apertium_apy's own main() with the remaining arguments unchanged:

    LC_ALL=C.UTF-8 /usr/bin/python3 scripts/apy-loopback.py -p 0 /usr/share/apertium/modes

Use Debian's /usr/bin/python3 (it has tornado); APy exits at once unless the
locale is UTF-8. `-p 0` lets the OS choose a free port. When the environment
variable APY_LOOPBACK_INFO names a file, "pid pgid port" is written to it once
the socket is bound, so a caller can find the port and the process group.
Normally started through scripts/apertium.
"""

import os
import socket
import sys

# A server outlives whoever started it: drop every inherited descriptor beyond stdio, so a parent
# waiting for its pipes or for its child's exit socket (Foundation's Process does) is not held open.
os.closerange(3, os.sysconf("SC_OPEN_MAX"))

ADDRESS = "127.0.0.1"

try:
    import tornado.netutil
    import tornado.tcpserver
    from apertium_apy import apy
except ImportError as error:
    sys.exit(
        f"apy-loopback: {error}; install the Debian packages (scripts/apertium install) "
        "and run this with /usr/bin/python3"
    )

_bind_sockets = tornado.netutil.bind_sockets


def _write_info(port):
    path = os.environ.get("APY_LOOPBACK_INFO")
    if not path:
        return
    temporary = f"{path}.{os.getpid()}"
    with open(temporary, "w", encoding="ascii") as info:
        info.write(f"{os.getpid()} {os.getpgid(0)} {port}\n")
    os.replace(temporary, path)


def loopback_bind_sockets(port, address=None, family=socket.AF_UNSPEC, *args, **kwargs):
    if address not in (None, "", ADDRESS):
        print(f"apy-loopback: ignoring bind address {address!r}, using {ADDRESS}", file=sys.stderr)
    sockets = _bind_sockets(port, ADDRESS, socket.AF_INET, *args, **kwargs)
    bound = sorted({sock.getsockname()[:2] for sock in sockets})
    if any(host != ADDRESS for host, _ in bound):
        sys.exit(f"apy-loopback: refusing to serve on {bound}")
    print(f"apy-loopback: listening on {', '.join(f'{h}:{p}' for h, p in bound)} only", file=sys.stderr, flush=True)
    _write_info(bound[0][1])
    return sockets


# TCPServer.bind/listen call the name imported into tornado.tcpserver; patch both names.
tornado.netutil.bind_sockets = loopback_bind_sockets
tornado.tcpserver.bind_sockets = loopback_bind_sockets

_tcp_bind = tornado.tcpserver.TCPServer.bind


def loopback_bind(self, port, address=None, *args, **kwargs):
    return _tcp_bind(self, port, ADDRESS, *args, **kwargs)


tornado.tcpserver.TCPServer.bind = loopback_bind

if __name__ == "__main__":
    sys.argv[0] = "apertium-apy"
    sys.exit(apy.main())
