"""One signed POST to a receiver, refusing private addresses (SSRF).

The receiver's host name is resolved once; every address it resolves to must be global
(not loopback, private, link-local, multicast, reserved …) unless the host is listed in
WEBHOOK_ALLOWED_HOSTS; the connection then goes to the address that was checked (no second
lookup a rebinding DNS server could answer differently). Redirects are not followed (a 3xx
is a failed attempt), the answer's body is read only up to a few kilobytes, and the whole
exchange has WEBHOOK_TIMEOUT seconds.

Signature (documented for receivers on the endpoint's page):
    X-Wspolnie-Timestamp: <Unix seconds>
    X-Wspolnie-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

SIGNATURE_HEADER = "X-Wspolnie-Signature"
TIMESTAMP_HEADER = "X-Wspolnie-Timestamp"
EVENT_HEADER = "X-Wspolnie-Event"
DELIVERY_HEADER = "X-Wspolnie-Delivery"
USER_AGENT = "Wspolnie-Webhooks/1"
MAX_ANSWER_BYTES = 16 * 1024


class Refused(Exception):
    """The address may not be contacted (scheme, host or a private address)."""


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def _host_allowed(host: str) -> bool:
    return host.lower() in {name.lower() for name in settings.WEBHOOK_ALLOWED_HOSTS}


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) address, or Refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(_("Only http:// and https:// addresses can receive webhooks."))
    if parts.username or parts.password:
        raise Refused(_("The address must not contain a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused(_("The address has an invalid port.")) from error
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def check_literal(url: str) -> None:
    """What can be said without a DNS lookup (at registration): the scheme, and no private
    address written as such (or "localhost") unless the host is allowed."""
    _scheme, host, _port, _path = split_url(url)
    if _host_allowed(host):
        return
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        raise Refused(_("Private and loopback addresses cannot receive webhooks."))
    try:
        public = is_public_address(host)
    except ValueError:
        return  # a host name: resolved and checked at each delivery
    if not public:
        raise Refused(_("Private and loopback addresses cannot receive webhooks."))


def resolve(host: str, port: int) -> str:
    """The address to connect to: the first the host resolves to, all of them checked."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(_("The host name cannot be resolved.")) from error
    addresses = [info[4][0] for info in found]
    if not addresses:
        raise Refused(_("The host name cannot be resolved."))
    if not _host_allowed(host) and not all(is_public_address(a) for a in addresses):
        raise Refused(_("Private and loopback addresses cannot receive webhooks."))
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass
class Answer:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, body: bytes, secret: str, headers: dict[str, str]) -> Answer:
    """POST `body` to `url`, signed; never raises for a network or HTTP failure."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, path = split_url(url)
        address = resolve(host, port)
    except Refused as refused:
        return Answer(None, str(refused), took())
    timestamp = str(int(time.time()))
    connection_class = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = connection_class(host, port, address, settings.WEBHOOK_TIMEOUT)
    try:
        connection.request("POST", path, body=body, headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(secret, timestamp, body),
            **headers,
        })
        response = connection.getresponse()
        response.read(MAX_ANSWER_BYTES)
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, (f"{type(error).__name__}: {error}")[:500], took())
    finally:
        connection.close()
    if 300 <= status < 400:
        return Answer(status, _("Redirects are not followed."), took())
    error = "" if 200 <= status < 300 else _("The receiver answered HTTP %(status)s.") % {
        "status": status}
    return Answer(status, error, took())
