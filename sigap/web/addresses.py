"""The client's address, the one helper every rate limit, audit entry and sign-in record uses.

Behind a reverse proxy every request comes from the proxy's address, so limits
keyed by address would lump every client together (30 wrong API keys from
anyone would lock out every keyed client). `SIGAP_TRUSTED_PROXIES` lists the
proxies' addresses or networks: for a request from one of them, the client is
the right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
From anyone else the header is ignored (a client could forge it).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.SIGAP_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's IP address (through trusted proxies), or None if there is no valid one."""
    if request is None:
        return None
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    if _trusted(remote):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        for hop in reversed(hops):
            if not _trusted(hop):
                remote = hop
                break
        else:
            remote = hops[0] if hops else remote
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's address as a rate-limit key ("unknown" when there is none)."""
    return client_ip(request) or "unknown"
