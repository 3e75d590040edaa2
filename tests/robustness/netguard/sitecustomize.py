"""Loaded by every Python process started with this folder on PYTHONPATH: no network.

Name resolution and connections to anything but loopback (127.0.0.0/8, ::1, "localhost")
or a Unix socket are refused with ``OSError`` and written, one JSON line each, to the file
named by ``DOCMILL_NETGUARD_LOG``; each process also writes a ``loaded`` line, and each
allowed loopback connection a ``loopback`` line, so a test can tell the guard was active.
Used by tests/robustness/test_no_network.py.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys

_LOG = os.environ.get("DOCMILL_NETGUARD_LOG")


def _record(kind: str, target: object) -> None:
    if not _LOG:
        return
    line = json.dumps({"pid": os.getpid(), "kind": kind, "target": repr(target),
                       "argv": sys.argv[:3]})  # fmt: skip
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _loopback_host(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0]
    if host.lower() in ("localhost", "localhost.localdomain", "ip6-localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _allowed(sock: socket.socket, address: object) -> bool:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return True
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False  # netlink, packet, ...: nothing docmill needs
    return isinstance(address, tuple) and _loopback_host(address[0])


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo = socket.getaddrinfo
_gethostbyname = socket.gethostbyname
_gethostbyname_ex = socket.gethostbyname_ex


def connect(self, address):
    if not _allowed(self, address):
        _record("connect", address)
        raise ConnectionRefusedError(f"netguard: connection to {address!r} refused")
    if self.family != getattr(socket, "AF_UNIX", None):
        _record("loopback", address)
    return _connect(self, address)


def connect_ex(self, address):
    if not _allowed(self, address):
        _record("connect", address)
        return 111  # ECONNREFUSED
    if self.family != getattr(socket, "AF_UNIX", None):
        _record("loopback", address)
    return _connect_ex(self, address)


def sendto(self, data, *args):
    address = args[-1]
    if not _allowed(self, address):
        _record("sendto", address)
        raise ConnectionRefusedError(f"netguard: datagram to {address!r} refused")
    return _sendto(self, data, *args)


def getaddrinfo(host, *args, **kwargs):
    if not _loopback_host(host):
        _record("resolve", host)
        raise socket.gaierror(socket.EAI_NONAME, f"netguard: lookup of {host!r} refused")
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host):
    if not _loopback_host(host):
        _record("resolve", host)
        raise socket.gaierror(socket.EAI_NONAME, f"netguard: lookup of {host!r} refused")
    return _gethostbyname(host)


def gethostbyname_ex(host):
    if not _loopback_host(host):
        _record("resolve", host)
        raise socket.gaierror(socket.EAI_NONAME, f"netguard: lookup of {host!r} refused")
    return _gethostbyname_ex(host)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.socket.sendto = sendto
socket.getaddrinfo = getaddrinfo
socket.gethostbyname = gethostbyname
socket.gethostbyname_ex = gethostbyname_ex
_record("loaded", None)
