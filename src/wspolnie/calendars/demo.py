"""Demo: one member organisation's calendar feed with a few imported events in the coming
weeks (a weekly language café and a one-off workshop), so that the calendar shows events from
members beside the hub's meetings. The feed's address is fictional: the worker's import will
record it as unreachable (and tell the organisation's admins once), while the events imported
earlier stay. Idempotent: keyed on the feed's address and the events' UIDs."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TextIO

from django.utils import timezone

from wspolnie.organisations.models import Organisation

from .models import Feed, ImportedEvent, match_key, uid_hash

CITY = zoneinfo.ZoneInfo("Europe/Warsaw")


def load(stdout: TextIO | None = None) -> None:
    organisation = Organisation.objects.filter(slug="fundacja-ukraina").first()
    if organisation is None:
        return
    feed, _created = Feed.objects.update_or_create(
        organisation=organisation, url="https://fundacja-ukraina.example.org/kalendarz.ics",
        defaults={"kind": Feed.Kind.ICS, "enabled": True},
    )
    today = timezone.localtime(timezone.now(), CITY).date()
    monday = today - dt.timedelta(days=today.weekday())
    events = []
    for week in range(4):
        day = monday + dt.timedelta(days=7 * week + 2)
        starts = dt.datetime(day.year, day.month, day.day, 17, 30, tzinfo=CITY)
        events.append((f"kawiarenka-jezykowa/{week}", "Kawiarenka językowa / Мовне кафе",
                       starts, starts + dt.timedelta(hours=2), "ul. Ruska 46, Wrocław",
                       ["pl", "uk"]))
    workshop_day = monday + dt.timedelta(days=11)
    starts = dt.datetime(workshop_day.year, workshop_day.month, workshop_day.day, 10,
                         tzinfo=CITY)
    events.append(("warsztat-cv", "Warsztat: CV po polsku", starts,
                   starts + dt.timedelta(hours=3), "Wrocław, Rynek 1", ["pl"]))
    keep = []
    for uid, title, starts_at, ends_at, location, languages in events:
        key = uid_hash(uid)
        keep.append(key)
        ImportedEvent.objects.update_or_create(feed=feed, uid_hash=key, defaults={
            "uid": uid, "title": title, "starts_at": starts_at, "ends_at": ends_at,
            "location": location, "languages": languages,
            "url": "https://fundacja-ukraina.example.org/wydarzenia",
            "description": "<p>Spotkanie otwarte dla wszystkich.</p>",
            "match_key": match_key(title, starts_at, location),
        })
    feed.events.exclude(uid_hash__in=keep).delete()
    Feed.objects.filter(pk=feed.pk).update(
        last_status=Feed.Status.OK, imported_count=len(keep), last_success=timezone.now(),
        last_checked=timezone.now())
    if stdout is not None:
        stdout.write(f"calendars: 1 feed, {len(keep)} imported events\n")
