"""The full-response cache of public pages for anonymous visitors (issue #14).

A public page costs 10–40 ms of CPU to render; most of its visitors are anonymous and get the
same HTML. PageCacheMiddleware keeps that HTML (per process: Django's default cache) and
serves it again without calling the view, as long as nothing the page could show has changed:

- **What is cached**: GET and HEAD of the views in PAGES, for a visitor with no session (no
  session cookie, so nobody signed in and no messages), no cookie at all apart from the CSRF
  and the language cookies (a board's "+1" and "my card" cookies change the board), no
  Authorization header and no body; only a 200 HTML answer that sets no cookie, says nothing
  of `Cache-Control: private/no-store/no-cache`, varies on nothing the key lacks, and whose
  request added no message, changed no session and used no CSP nonce.
- **Key**: the PAGES data version (wspolnie.core.versions: every change of a content model
  gives it a new random token, in the change's own transaction, read from the database
  again at most every settings.PAGE_CACHE_RECHECK_MS (500 ms; at once by the process that
  made the change, see versions.recent_token), so every gunicorn worker sees a change within
  half a second; a rolled-back change rolls its token back), host and scheme, the full
  path with its query string, the active language
  (after LocaleMiddleware and QueryLanguageMiddleware) and the htmx request headers (a
  partial is never served as the full page, nor the reverse).
- **Time**: settings.PAGE_CACHE_SECONDS (env PAGE_CACHE_SECONDS, default 60; 0 turns the
  cache off) bounds what changes with the clock alone (an upcoming meeting becoming past, a
  news item's publication time) and writes without signals that forgot to bump.
- **CSRF**: every page carries the visitor's CSRF token (base.html). The stored HTML is cut
  at every masked token of the visitor who filled the cache (Django's tokens are 64
  characters that unmask to the cookie's secret); a hit is joined with a fresh
  `get_token(request)` of its own visitor, so CsrfViewMiddleware sets their cookie as for a
  rendered page. No placeholder text is stored: nothing a user writes can turn into a token.

The middleware stands after the session, user, messages and session-timeout middleware and
inside CsrfViewMiddleware, LocaleMiddleware, the security, CSP and permissions-policy
middleware: those still treat a cached answer as any other (headers, cookies, language).
A hit happens in process_view (the URL is resolved then), before the view.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from . import versions

#: The views whose anonymous answers are cached (URL names).
PAGES = frozenset({
    "core:home",
    "organisations:list", "organisations:detail",
    "services:list", "needs:board", "library:list",
    "meetings:list", "meetings:past", "meetings:event", "meetings:series",
    "boards:list", "boards:detail",
    "news:list", "news:detail",
    "search:search",
})
#: The htmx request headers a page could answer differently to (HX-Current-URL, the page the
#: browser is on, is left out: nothing reads it, and it would make every request a miss).
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-Target", "HX-Trigger", "HX-Trigger-Name",
                "HX-History-Restore-Request", "HX-Prompt")
#: Vary headers a stored answer may have: the key covers them (Cookie: only cookieless
#: requests are cached).
KEYED_VARY = frozenset({"accept-language", "cookie", *(name.lower() for name in HTMX_HEADERS)})
#: Response attributes other middleware reads later (django-csp's per-view policy, e.g. the
#: map tiles' img-src; X-Frame-Options exemption).
KEPT_ATTRIBUTES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
                   "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
                   "xframe_options_exempt")
#: A masked CSRF token as Django writes it (CSRF_ALLOWED_CHARS, CSRF_TOKEN_LENGTH).
TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
HIT_HEADER = "X-Page-Cache"


def seconds() -> int:
    return max(0, int(getattr(settings, "PAGE_CACHE_SECONDS", 0)))


def cacheable_request(request: HttpRequest) -> bool:
    """Whether this request may be answered from (and fill) the cache: an anonymous visitor
    without session or other cookies, a GET/HEAD without body or credentials."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if request.META.get("CONTENT_LENGTH") not in (None, "", "0"):
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


def key(request: HttpRequest) -> str:
    """The cache key: the pages' data version (one query), then what the page varies on."""
    varies = [request.get_host(), request.scheme, request.get_full_path(), get_language(),
              *(request.headers.get(name, "") for name in HTMX_HEADERS)]
    digest = hashlib.sha256(repr(varies).encode("utf-8")).hexdigest()[:40]
    recheck = max(0, int(getattr(settings, "PAGE_CACHE_RECHECK_MS", 0))) / 1000
    return f"wspolnie:page:{versions.recent_token(versions.PAGES, recheck)}:{digest}"


def _vary(response: HttpResponse) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")
            if part.strip()}


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether this answer is the page any anonymous visitor would get."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    if not _vary(response) <= KEYED_VARY:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "added_new", False):
        return False
    # django-csp makes a nonce only when a template asks for one (none does): a page with
    # one must not be served to another visitor, whose header has another.
    return getattr(request, "_csp_nonce", None) is None


def split_at_tokens(content: bytes, secret: str | None) -> list[bytes]:
    """`content` cut at every CSRF token that belongs to `secret` (the tokens left out)."""
    if not secret:
        return [content]
    parts, start = [], 0
    for match in TOKEN.finditer(content):
        if _unmask_cipher_token(match.group().decode("ascii")) == secret:
            parts.append(content[start:match.start()])
            start = match.end()
    parts.append(content[start:])
    return parts


@dataclass(frozen=True)
class Entry:
    parts: tuple[bytes, ...]
    headers: tuple[tuple[str, str], ...]
    attributes: tuple[tuple[str, object], ...]
    #: Whether the page asked for the CSRF token (its cookie is then set, as for a render).
    csrf: bool

    @classmethod
    def of(cls, request: HttpRequest, response: HttpResponse) -> Entry:
        used = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        parts = split_at_tokens(response.content, request.META.get("CSRF_COOKIE") if used
                                else None)
        headers = tuple((name, value) for name, value in response.headers.items()
                        if name.lower() != "content-length")
        attributes = tuple((name, getattr(response, name)) for name in KEPT_ATTRIBUTES
                           if hasattr(response, name))
        return cls(tuple(parts), headers, attributes, used)

    def response(self, request: HttpRequest) -> HttpResponse:
        content = self.parts[0]
        if self.csrf:
            token = get_token(request).encode("ascii")
            content = token.join(self.parts)
        response = HttpResponse(content)
        for name, value in self.headers:
            response[name] = value
        for name, value in self.attributes:
            setattr(response, name, value)
        # The rendered page read the session (and so varies on the cookie); the hit did not.
        patch_vary_headers(response, ["Cookie"])
        return response


class PageCacheMiddleware:
    """Serves and fills the cache (see the module's docstring for the rules)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        from django.core.cache import cache

        timeout = seconds()
        match = request.resolver_match
        if not timeout or match is None or match.view_name not in PAGES:
            return None
        if not cacheable_request(request):
            return None
        name = key(request)
        entry = cache.get(name)
        if isinstance(entry, Entry):
            response = entry.response(request)
            response[HIT_HEADER] = "hit"
            return response
        request._page_cache_key = name
        return None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.core.cache import cache

        response = self.get_response(request)
        name = getattr(request, "_page_cache_key", None)
        if name is not None and storable(request, response):
            cache.set(name, Entry.of(request, response), seconds())
            response[HIT_HEADER] = "miss"
        return response
