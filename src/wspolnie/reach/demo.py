"""Demo figures: tracked links for every demo plan (distribution's demo runs first), a few
days of visits and conversions for the published announcements' published channels, and a
private page for every demo opinion leader, so that the coverage report's measured part, the
overview and the leaders' pages have something to show.

Idempotent: the counts are set (not added) on fixed days after each publication."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from wspolnie.announcements.models import Announcement
from wspolnie.channels.models import Channel
from wspolnie.distribution.models import PlanItem

from .models import Count, Kind, LeaderPage
from .services import issue_links

#: (day after publication, visits in the announcement's source language, in its other
#: target languages, registrations) for the best-ranked channels of each plan.
PATTERN = [(0, 12, 5, 1), (1, 7, 3, 1), (3, 2, 1, 0)]
#: How many channels of each published plan have figures (the first ones marked done).
CHANNELS = 4


def load(stdout: TextIO | None = None) -> None:
    items = list(PlanItem.objects.select_related("announcement").prefetch_related(
        "announcement__languages").order_by("announcement_id", "position", "pk"))
    issue_links(items)
    buckets = 0
    rank: dict[int, int] = {}
    for item in items:
        announcement = item.announcement
        if (announcement.status != Announcement.Status.PUBLISHED
                or item.status == PlanItem.Status.DECLINED or announcement.publish_at is None):
            continue
        rank[announcement.pk] = rank.get(announcement.pk, 0) + 1
        if rank[announcement.pk] > CHANNELS:
            continue
        start = timezone.localdate(announcement.publish_at)
        codes = announcement.target_language_codes()
        weight = CHANNELS + 1 - rank[announcement.pk]
        for offset, source, others, registrations in PATTERN:
            day = start + datetime.timedelta(days=offset)
            values = [(codes[0], Kind.VISIT, source * weight)]
            values += [(code, Kind.VISIT, others * weight) for code in codes[1:3]]
            if announcement.event_id and registrations:
                values.append((codes[0], Kind.REGISTRATION, registrations))
            for language, kind, n in values:
                Count.objects.update_or_create(link=item.link, day=day, language=language,
                                               kind=kind, defaults={"count": n})
                buckets += 1
    leaders = 0
    for channel in Channel.objects.filter(kind=Channel.Kind.OPINION_LEADER):
        LeaderPage.objects.get_or_create(channel=channel)
        leaders += 1
    if stdout is not None:
        stdout.write(f"Measured reach: {len(items)} tracked links, {buckets} counts, "
                     f"{leaders} leaders' pages.\n")
