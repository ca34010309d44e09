"""Machine-readable values for HTML attributes; a template built-in (settings.TEMPLATES), so
templates use them without {% load %}.

`{{ value|machine_datetime }}` for `<time datetime="…">`: Django's `date:'c'` writes
microseconds, which HTML does not allow (at most three digits of a second's fraction).
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

register = template.Library()


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
