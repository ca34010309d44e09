"""Filters for the page's markup; a template built-in (settings.TEMPLATES), so templates use them
without {% load %}.

- `{{ value|machine_datetime }}` for `<time datetime="…">`: Django's `date:'c'` writes
  microseconds, which HTML does not allow (at most three digits of a second's fraction).
- base.html wraps the page's <title> in `{% filter page_title %}` and its description block in
  `{% filter meta_description %}`: they take what the blocks rendered (already escaped).
"""

from __future__ import annotations

import datetime
import html
import re

from django import template
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator

register = template.Library()

#: Between the parts of a page title: "Page – Section – Wspólnie".
TITLE_SEPARATOR = " – "
#: Search engines show about this much of a description.
DESCRIPTION_MAX_LENGTH = 300


@register.filter
def machine_datetime(value: datetime.date | datetime.datetime | None) -> str:
    """'2026-05-14T18:00:00+02:00' (in the current time zone, whole seconds), '2026-05-14' for a
    date, '' for nothing."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


def _plain(rendered: str) -> str:
    """The text of rendered (escaped) template output, without tags, on one line."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(str(rendered)))).strip()


@register.filter(is_safe=True)
def page_title(rendered: str) -> SafeString:
    """'Organisations – Organisations – Wspólnie' -> 'Organisations – Wspólnie': empty parts and a
    part that repeats the one before (a section's own list page) are left out."""
    parts: list[str] = []
    # A dash between spaces separates; one inside a word or number ("10–12") does not.
    for part in re.split(r"(?:^|\s)–(?=\s|$)", _plain(rendered)):
        part = part.strip()
        if part and (not parts or part.casefold() != parts[-1].casefold()):
            parts.append(part)
    return format_html("{}", TITLE_SEPARATOR.join(parts))


@register.filter(is_safe=True)
def meta_description(rendered: str) -> SafeString | str:
    """`<meta name="description" content="…">` with the text, shortened; nothing without text."""
    text = _plain(rendered)
    if not text:
        return ""
    text = Truncator(text).chars(DESCRIPTION_MAX_LENGTH)
    return format_html('<meta name="description" content="{}">', text)
