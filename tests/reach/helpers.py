"""A published announcement with a Ukrainian translation and its proposed plan (the
distribution tests' scenario), for the measured-reach tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.distribution.helpers import make_scenario
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.distribution import services as plans
from wspolnie.reach.models import Count
from wspolnie.reach.services import issue_links


def make_reach_scenario(target) -> None:
    """`target.announcement` published yesterday (pl, with an approved uk version), its plan
    proposed; `target.links` = {channel id: tracked link}."""
    make_scenario(target)
    announcement = target.announcement
    announcement.status = Announcement.Status.PUBLISHED
    announcement.publish_at = timezone.now() - datetime.timedelta(days=1)
    announcement.save()
    AnnouncementTranslation.objects.create(
        announcement=announcement, language="uk", title="День відкритих дверей",
        body="Запрошуємо **всіх**.", status=AnnouncementTranslation.Status.APPROVED,
    )
    plans.do_propose_plan(target.alice, announcement)
    items = list(announcement.plan_items.all())
    found = issue_links(items)
    target.links = {item.channel_id: found[item.pk] for item in items}


def counts(link, kind="visit") -> dict[str, int]:
    """{language: count} of one link and kind, over all days."""
    found: dict[str, int] = {}
    for row in Count.objects.filter(link=link, kind=kind):
        found[row.language] = found.get(row.language, 0) + row.count
    return found
