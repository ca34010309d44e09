"""Imported events for the hub's calendar and its ICS feeds, with the meetings' filters where
they apply: organiser (the feed's organisation), topic (the event's mapped topics or its
organisation's, as a meeting's are its organisers'), community (its organisation's) and
language. Filters only meetings have (format, series, theme) leave imported events out."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet

from wspolnie.meetings.ics import CalendarEntry

from .models import ImportedEvent

MEETING_ONLY_FILTERS = ("format", "series", "theme")


def _language_where(values: list[str]) -> Q:
    from wspolnie.meetings.views import _language_where as meetings_language_where

    return meetings_language_where(values)


def filtered(filters: dict[str, list[str]], text: str = "") -> QuerySet[ImportedEvent]:
    events = ImportedEvent.objects.public()
    if any(filters.get(name) for name in MEETING_ONLY_FILTERS):
        return events.none()
    if filters.get("organiser"):
        events = events.filter(feed__organisation__slug__in=filters["organiser"])
    if filters.get("topic"):
        events = events.filter(pk__in=ImportedEvent.objects.filter(
            Q(topics__slug__in=filters["topic"])
            | Q(feed__organisation__topics__slug__in=filters["topic"])).values("pk"))
    if filters.get("community"):
        events = events.filter(pk__in=ImportedEvent.objects.filter(
            feed__organisation__communities__slug__in=filters["community"]).values("pk"))
    if filters.get("language"):
        events = events.filter(_language_where(filters["language"]))
    for word in text.split()[:10]:
        events = events.filter(Q(title__icontains=word) | Q(location__icontains=word))
    return events.select_related("feed__organisation")


def between(start: dt.datetime, end: dt.datetime, filters: dict[str, list[str]],
            text: str = "", limit: int = 500) -> list[ImportedEvent]:
    return list(filtered(filters, text).filter(starts_at__lt=end, ends_at__gt=start)
                .order_by("starts_at", "pk")[:limit])


def entry_for(event: ImportedEvent) -> CalendarEntry:
    from django.utils.html import strip_tags

    url = settings.SITE_URL + event.get_absolute_url()
    organisation = event.feed.organisation
    description = "\n\n".join(part for part in [
        strip_tags(event.description).strip(), event.url, url] if part)
    ends_at = event.ends_at if event.ends_at > event.starts_at else \
        event.starts_at + dt.timedelta(hours=1)
    return CalendarEntry(
        uid=event.calendar_uid, sequence=0, title=f"{event.title} ({organisation.name})",
        starts_at=event.starts_at, ends_at=ends_at, timezone="Europe/Warsaw",
        description=description, location=event.location, url=url,
        organiser_name=organisation.name, updated=event.updated,
    )
