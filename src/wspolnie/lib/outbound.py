"""Outbound HTTP to addresses that users type in, without server-side request forgery.

Shared by the apps that contact the internet on a member's behalf (calendar feeds, webhooks).
Pure standard library, no Django, no state:

- `split_url(url)`: (scheme, host, port, path with query) of an http(s) address without
  credentials, or `Refused`;
- `is_public_address(address)`: global unicast (not private, loopback, link-local, reserved,
  multicast, unspecified; IPv4 mapped into IPv6 judged as the IPv4 address);
- `allowed(host, address, allow)`: whether an allow-list entry (a host name, an address or a
  network such as `10.0.0.0/8`) lets this host/address through although it is not public;
- `check_literal(host, allow)`: what can be said without a DNS lookup ("localhost", or a private
  address written as such);
- `resolve(host, port, allow)`: the address to connect to; every address the host resolves to
  must be public or allowed;
- `pinned_connection(scheme, host, port, address, timeout=…)`: an http.client connection that
  goes to the checked address (no second lookup a rebinding DNS server could answer
  differently); for https the certificate is still checked against the host name (SNI too).

The callers turn `Refused.reason` (one of the REASON_* codes) into their own errors.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

REASON_BAD_URL = "bad_url"  # not parseable at all
REASON_SCHEME = "scheme"  # not http(s), or no host
REASON_CREDENTIALS = "credentials"  # user name or password in the address
REASON_PORT = "port"  # a port that is no number or out of range
REASON_UNRESOLVABLE = "unresolvable"  # the host name has no address
REASON_PRIVATE = "private"  # a private, loopback, … address not on the allow-list


class Refused(Exception):
    """The address may not be contacted; `reason` is one of the REASON_* codes."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


def ip(address: str | Address) -> Address:
    """An address object from a string (an IPv6 zone such as `%eth0` dropped); ValueError."""
    if isinstance(address, str):
        return ipaddress.ip_address(address.split("%", 1)[0])
    return address


def is_public_address(address: str | Address) -> bool:
    """Whether the address is global unicast; ValueError for a string that is no address."""
    address = ip(address)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_private or address.is_loopback or address.is_link_local
        or address.is_reserved or address.is_multicast or address.is_unspecified
    )


def allowed(host: str, address: str | Address | None, allow: Iterable[str]) -> bool:
    """Whether an entry of `allow` names the host, or is the address or a network holding it."""
    host = host.lower()
    address = ip(address) if address is not None else None
    for entry in allow:
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry == host:
            return True
        if address is None:
            continue
        try:
            if address in ipaddress.ip_network(entry.strip("[]"), strict=False):
                return True
        except ValueError:
            continue
    return False


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) address, or Refused."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise Refused(REASON_BAD_URL, str(error)) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(REASON_SCHEME, url[:200])
    if parts.username or parts.password:
        raise Refused(REASON_CREDENTIALS, "credentials in the address")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused(REASON_PORT, str(error)) from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def check_literal(host: str, allow: Iterable[str]) -> None:
    """Refused(REASON_PRIVATE) for "localhost" (and *.localhost) or a non-public address
    written as such, unless allowed; a host name passes (it is checked when resolved)."""
    allow = list(allow)
    try:
        address = ip(host)
    except ValueError:
        address = None
    if allowed(host, address, allow):
        return
    lowered = host.lower()
    if lowered == "localhost" or lowered.endswith(".localhost"):
        raise Refused(REASON_PRIVATE, host[:200])
    if address is not None and not is_public_address(address):
        raise Refused(REASON_PRIVATE, host[:200])


def resolve(host: str, port: int, allow: Iterable[str]) -> str:
    """The address to connect to (the first the host resolves to); every address it has must
    be public or allowed, otherwise Refused(REASON_PRIVATE) naming the host only (which private
    address a name has is nobody's business)."""
    allow = list(allow)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(REASON_UNRESOLVABLE, f"{host}: {error}") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise Refused(REASON_UNRESOLVABLE, host)
    for address in addresses:
        if not (is_public_address(address) or allowed(host, address, allow)):
            raise Refused(REASON_PRIVATE, host[:200])
    return addresses[0]


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, whatever the host name resolves to by now.
    `raw_sock` is the TCP socket (for per-read timeouts)."""

    def __init__(self, host: str, port: int, address: str, **kwargs) -> None:
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self) -> None:
        self.sock = self.raw_sock = socket.create_connection(
            (self._address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As PinnedHTTPConnection, over TLS: SNI and the certificate check use the host name
    (`raw_sock` is the TLS socket here)."""

    def __init__(self, host: str, port: int, address: str, *,
                 context: ssl.SSLContext | None = None, **kwargs) -> None:
        super().__init__(host, port, context=context or ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self.raw_sock = self._context.wrap_socket(sock, server_hostname=self.host)


def pinned_connection(scheme: str, host: str, port: int, address: str,
                      **kwargs) -> PinnedHTTPConnection | PinnedHTTPSConnection:
    """A connection for `scheme` (as from split_url) pinned to `address` (as from resolve);
    keyword arguments (timeout, for https context) go to the connection class."""
    if scheme == "https":
        return PinnedHTTPSConnection(host, port, address, **kwargs)
    return PinnedHTTPConnection(host, port, address, **kwargs)
