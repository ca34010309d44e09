"""One signed POST to a receiver, refusing private addresses (SSRF).

The receiver's host name is resolved once; every address it resolves to must be global
(not loopback, private, link-local, multicast, reserved …) unless the host, the address or a
network holding it is listed in WEBHOOK_ALLOWED_HOSTS; the connection then goes to the address
that was checked (no second lookup a rebinding DNS server could answer differently). Redirects
are not followed (a 3xx is a failed attempt), the answer's body is read only up to a few
kilobytes, and the whole exchange has WEBHOOK_TIMEOUT seconds. The checks and the pinned
connections are wspolnie.lib.outbound (shared with the calendar feeds).

Signature (documented for receivers on the endpoint's page):
    X-Wspolnie-Timestamp: <Unix seconds>
    X-Wspolnie-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.lib import outbound

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


_MESSAGES = {
    outbound.REASON_SCHEME:
        gettext_lazy("Only http:// and https:// addresses can receive webhooks."),
    outbound.REASON_CREDENTIALS:
        gettext_lazy("The address must not contain a user name or password."),
    outbound.REASON_PORT:
        gettext_lazy("The address has an invalid port."),
    outbound.REASON_BAD_URL:
        gettext_lazy("The address has an invalid port."),
    outbound.REASON_UNRESOLVABLE:
        gettext_lazy("The host name cannot be resolved."),
    outbound.REASON_PRIVATE:
        gettext_lazy("Private and loopback addresses cannot receive webhooks."),
}


def _checked(check, *args):
    """check(*args) from wspolnie.lib.outbound, its refusal as Refused with a translated reason."""
    try:
        return check(*args)
    except outbound.Refused as refused:
        raise Refused(str(_MESSAGES[refused.reason])) from None


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) address, or Refused."""
    return _checked(outbound.split_url, url)


def check_literal(url: str) -> None:
    """What can be said without a DNS lookup (at registration): the scheme, and no private
    address written as such (or "localhost") unless allowed by WEBHOOK_ALLOWED_HOSTS."""
    _scheme, host, _port, _path = split_url(url)
    _checked(outbound.check_literal, host, settings.WEBHOOK_ALLOWED_HOSTS)


def resolve(host: str, port: int) -> str:
    """The address to connect to: the first the host resolves to, all of them checked."""
    return _checked(outbound.resolve, host, port, settings.WEBHOOK_ALLOWED_HOSTS)


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
    connection = outbound.pinned_connection(scheme, host, port, address,
                                            timeout=settings.WEBHOOK_TIMEOUT)
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
