"""The address of the client a request came from, also behind a reverse proxy.

Every piece of code that wants the client's address (rate limits, login throttling) calls
`client_ip(request)` and never reads REMOTE_ADDR or a forwarding header itself.

Without configuration the answer is REMOTE_ADDR: a header such as X-Forwarded-For is written
by whoever sends the request, so it is ignored unless the operator says a proxy sets it.
Behind proxies, `TRUSTED_PROXY_HEADER` names the header they write (e.g. ``X-Forwarded-For``
or ``X-Real-IP``) and `TRUSTED_PROXY_COUNT` how many of them stand in front of the
application. Each proxy appends the address it was contacted from, so of a header
``spoofed, client, proxy1`` (two proxies) the entry `count` places from the right is the
client: whatever a client prepends stays further left and is never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def header_meta_key(header: str) -> str:
    """``X-Forwarded-For`` → ``HTTP_X_FORWARDED_FOR`` (the key of request.META); a name
    given as a META key already is kept."""
    key = header.strip().upper().replace("-", "_")
    if not key:
        return ""
    return key if key.startswith("HTTP_") else f"HTTP_{key}"


def _valid_address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def forwarded_client(header_value: str, trusted_proxies: int) -> str:
    """The client's address in a forwarding header written by `trusted_proxies` proxies,
    or "" when the header has fewer entries than that or the entry is not an address."""
    entries = [entry.strip() for entry in header_value.split(",")]
    if trusted_proxies < 1 or len(entries) < trusted_proxies:
        return ""
    return _valid_address(entries[-trusted_proxies])


def client_ip(request: HttpRequest) -> str:
    """The client's address: from the trusted proxy header when one is configured and the
    request carries it as expected, otherwise REMOTE_ADDR ("" when even that is missing)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    header = header_meta_key(getattr(settings, "TRUSTED_PROXY_HEADER", ""))
    if header:
        forwarded = forwarded_client(
            request.META.get(header, ""), getattr(settings, "TRUSTED_PROXY_COUNT", 1)
        )
        if forwarded:
            return forwarded
    return remote
