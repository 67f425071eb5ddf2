"""Loopback helpers shared by the throwaway servers fanzha starts (PostgreSQL, Flink, tests)."""

from __future__ import annotations

import ipaddress
import socket


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the OS picks it; another may take it later)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` is reachable from this machine only.

    A name counts as loopback only when every address it resolves to is; an
    empty host, ``0.0.0.0`` and ``::`` listen everywhere.
    """
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None)
    except OSError:
        return False
    addresses = {info[4][0] for info in found}
    return bool(addresses) and all(
        ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses
    )


__all__ = ["free_port", "is_loopback"]
