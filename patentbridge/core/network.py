"""Who is on the other end of a request: the client's address, trusting X-Forwarded-For only from our own proxies."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def address_in(value: str | None, entries: list[str] | tuple[str, ...]) -> bool:
    """Whether an address lies in one of the listed addresses or networks (`10.0.0.0/8`, `::1`)."""
    address = _parse(value or "")
    return address is not None and any(address in network for network in _networks(tuple(entries)))


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the peer's, or when the peer is one of TRUSTED_PROXIES the right-most address in
    X-Forwarded-For that is not itself a trusted proxy (the left part of the header is whatever the client sent)."""
    peer = request.META.get("REMOTE_ADDR") or None
    trusted = settings.TRUSTED_PROXIES
    if not trusted or not address_in(peer, trusted):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if _parse(hop) is None:
            return peer  # a garbled header: keep the proxy's own address rather than guess
        if not address_in(hop, trusted):
            return str(_parse(hop))
    return peer
