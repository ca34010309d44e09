"""The page's frame: icons, breadcrumbs, language alternates, organisation initials; a template
built-in (settings.TEMPLATES), so templates use them without {% load %}.

- `{% icon "search" %}`: a vendored Lucide icon (static/wspolnie/icons/, ISC) inlined as
  decorative SVG (aria-hidden: the text beside it says what it means). Inline, because the
  Content-Security-Policy and print need nothing more than the page itself.
- Breadcrumbs: base.html wraps `{% block breadcrumbs %}` in `{% filter breadcrumb_trail %}`;
  a page fills the block with `{% crumb label "app:name" arg… %}` (or a path starting with
  "/") for each level above it and `{% crumb label %}` for itself, the last one.
- `{% language_alternates %}`: `<link rel="alternate" hreflang>` for each UI language and
  x-default (the visitor's own choice), see wspolnie.core.middleware.QueryLanguageMiddleware.
- `{{ organisation.name|initials }}` and `{{ organisation.name|avatar_tone }}`: the letters and
  one of the token colours of a card without a logo.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wspolnie.core.middleware import LANGUAGE_PARAMETER

register = template.Library()

ICONS_DIR = Path(__file__).resolve().parents[2] / "static" / "wspolnie" / "icons"
#: How many `--avatar-N` colours site.css defines.
AVATAR_TONES = 6


@lru_cache(maxsize=64)
def _icon_body(name: str) -> str:
    """The drawing inside the vendored SVG (without the licence comment and the outer element)."""
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise template.TemplateSyntaxError(f"not an icon name: {name!r}")
    source = (ICONS_DIR / f"{name}.svg").read_text(encoding="utf-8")
    body = re.search(r"<svg[^>]*>(.*)</svg>", source, re.S)
    if not body:
        raise template.TemplateSyntaxError(f"not an SVG icon: {name}")
    return re.sub(r"\s+", " ", body.group(1)).strip()


@register.simple_tag
def icon(name: str, css_class: str = "") -> SafeString:
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
        "{}</svg>",
        classes,
        mark_safe(_icon_body(name)),  # noqa: S308 (our own vendored file, not user input)
    )


@register.simple_tag(takes_context=True)
def crumb(context, label, target: str = "", *args) -> SafeString:
    """One level of the trail: a link to `target` (a URL name with its arguments, or a path), or
    without a target the page itself, marked as the current one."""
    if not target:
        request = context.get("request")
        path = request.path if request else ""
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', path, label)
    url = target if target.startswith("/") else reverse(target, args=args)
    return format_html('<li><a href="{}">{}</a></li>', url, label)


@register.filter(is_safe=True)
def breadcrumb_trail(rendered: str) -> SafeString:
    """The breadcrumbs block's items in their navigation, after the home page; nothing for a
    page that has none (top-level pages)."""
    if not str(rendered).strip():
        return mark_safe("")
    return format_html(
        '<nav class="breadcrumbs" aria-label="{}"><ol><li><a href="{}">{}</a></li>{}</ol></nav>',
        _("Breadcrumb"),
        reverse("core:home"),
        _("Home"),
        mark_safe(str(rendered).strip()),  # noqa: S308 (the block is template-escaped)
    )


def _query_without_language(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key, values in request.GET.lists()
        if key != LANGUAGE_PARAMETER
        for value in values
    ]


def language_url(request: HttpRequest, code: str | None) -> str:
    """This page's absolute address in the UI language `code` (None: without one, so that the
    visitor's cookie or browser decides)."""
    query = _query_without_language(request)
    if code:
        query.append((LANGUAGE_PARAMETER, code))
    encoded = urlencode(query)
    return settings.SITE_URL + request.path + (f"?{encoded}" if encoded else "")


@register.simple_tag(takes_context=True)
def language_alternates(context) -> SafeString:
    request = context.get("request")
    if request is None:
        return mark_safe("")
    links = [(code, language_url(request, code)) for code, _name in settings.LANGUAGES]
    links.append(("x-default", language_url(request, None)))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.simple_tag(takes_context=True)
def path_without_language(context) -> str:
    """Where the language switcher returns to: this page, without a language in its address
    (which would overrule the one just chosen)."""
    request = context.get("request")
    if request is None:  # the 500 page, rendered without one
        return "/"
    query = urlencode(_query_without_language(request))
    return request.path + (f"?{query}" if query else "")


@register.filter
def initials(name: str) -> str:
    """'Fundacja Ukraina' -> 'FU', 'ARAW' -> 'AR': up to two letters of the name's words
    (words in parentheses or quotes count by their first letter)."""
    words = re.findall(r"\w+", str(name or ""))
    letters = [word[0] for word in words if word[0].isalpha()]
    if len(letters) >= 2:
        return (letters[0] + letters[1]).upper()
    word = next((word for word in words if word[0].isalpha()), "")
    return word[:2].upper()


@register.filter
def avatar_tone(key: str) -> int:
    """The same colour (1…AVATAR_TONES) for the same organisation on every page."""
    return zlib.crc32(str(key).encode("utf-8")) % AVATAR_TONES + 1
