"""Fetching a member's calendar feed from the internet, carefully (issue #13).

Outbound requests to addresses that members type in are a server-side request forgery risk, so
one fetch:

- speaks http or https only, to a host whose every resolved address is public (not private,
  loopback, link-local, reserved, multicast, …), unless the host or address is listed in
  CALENDAR_FEEDS_ALLOW_HOSTS (tests serve feeds on loopback). The connection goes to the very
  address that was checked (no second lookup a DNS rebinding could change); https still checks
  the certificate against the host name;
- follows at most CALENDAR_FEEDS_MAX_REDIRECTS redirects, each target checked again, and stops
  at the first loop;
- gives up after CALENDAR_FEEDS_TIMEOUT seconds in total (connect, redirects and body);
- reads at most CALENDAR_FEEDS_MAX_BYTES of body, streaming, and stops beyond it;
- asks conditionally (If-None-Match / If-Modified-Since) and returns "not modified" on a 304.

The address checks and the pinned connections are wspolnie.lib.outbound (shared with the
webhooks). Standard library (http.client): no state, no database; `fetch()` returns a
FetchResult or raises FetchError with a reason code (Feed.Reason).
"""

from __future__ import annotations

import http.client
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings

from wspolnie.lib import outbound

USER_AGENT = "Wspolnie-calendar-import/1.0"
CHUNK = 64 * 1024


class FetchError(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


@dataclass
class FetchResult:
    url: str  # after redirects
    status: int  # 200 or 304
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


_BAD_URL = {outbound.REASON_BAD_URL, outbound.REASON_SCHEME, outbound.REASON_CREDENTIALS,
            outbound.REASON_PORT}


def _checked(check, *args):
    """check(*args) from wspolnie.lib.outbound, its refusal as a FetchError."""
    try:
        return check(*args)
    except outbound.Refused as refused:
        if refused.reason in _BAD_URL:
            raise FetchError("bad_url", refused.detail) from None
        if refused.reason == outbound.REASON_PRIVATE:
            raise FetchError("private_address", refused.detail) from None
        raise FetchError("connection", refused.detail) from None


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an address we may ask, or FetchError."""
    return _checked(outbound.split_url, url)


def resolve(host: str, port: int) -> str:
    """The address to connect to: every address the host has must be public (or allowed)."""
    return _checked(outbound.resolve, host, port, settings.CALENDAR_FEEDS_ALLOW_HOSTS)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("timeout")
    return left


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
    timeout = float(settings.CALENDAR_FEEDS_TIMEOUT)
    max_bytes = int(settings.CALENDAR_FEEDS_MAX_BYTES)
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    current = url
    for _hop in range(int(settings.CALENDAR_FEEDS_MAX_REDIRECTS) + 1):
        if current in seen:
            raise FetchError("redirect_loop", current[:200])
        seen.add(current)
        scheme, host, port, path = check_url(current)
        address = resolve(host, port)
        connection = outbound.pinned_connection(scheme, host, port, address,
                                                timeout=_remaining(deadline))
        headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, application/rss+xml, "
                   "application/atom+xml, application/xml;q=0.9, */*;q=0.5",
                   "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                if response.status in (301, 302, 303, 307, 308):
                    location = response.getheader("Location")
                    if not location:
                        raise FetchError("http_error", f"HTTP {response.status}")
                    current = urljoin(current, location.strip())
                    continue
                if response.status == 304:
                    return FetchResult(current, 304, etag=response.getheader("ETag") or etag,
                                       last_modified=response.getheader("Last-Modified")
                                       or last_modified)
                if response.status != 200:
                    raise FetchError("http_error", f"HTTP {response.status}")
                length = response.getheader("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FetchError("too_large", f"{length} bytes")
                body = bytearray()
                while True:
                    connection.raw_sock.settimeout(_remaining(deadline))
                    chunk = response.read1(CHUNK)
                    if not chunk:
                        break
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise FetchError("too_large", f"> {max_bytes} bytes")
                return FetchResult(
                    current, 200, bytes(body), etag=response.getheader("ETag") or "",
                    last_modified=response.getheader("Last-Modified") or "",
                    content_type=response.getheader("Content-Type") or "",
                )
            except TimeoutError:
                raise FetchError("timeout") from None
            except ssl.SSLError as error:
                raise FetchError("connection", f"TLS: {error.reason or error}") from None
            except (http.client.HTTPException, OSError) as error:
                raise FetchError("connection", str(error)[:200]) from None
        finally:
            connection.close()
    raise FetchError("too_many_redirects", str(settings.CALENDAR_FEEDS_MAX_REDIRECTS))
