"""Many people follow the same tracked link at the same moment, through the threaded live
server (each request thread has its own database connection): no visit is lost, the first
visits of the day included (they race to create the day's count rows)."""

from __future__ import annotations

import datetime
import urllib.request

import pytest
from django.utils import timezone

from tests.distribution.helpers import make_announcement, make_channel, make_vocabulary
from tests.meetings.test_concurrency import Browser, fire
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.distribution.models import PlanItem
from wspolnie.organisations.models import Organisation
from wspolnie.reach.models import Count
from wspolnie.reach.services import issue_links


@pytest.mark.django_db(transaction=True)
def test_concurrent_visits_are_all_counted(live_server):
    make_vocabulary()
    organisation = Organisation.objects.create(name="Organizator", slug="organizator",
                                               kind="ngo", status="approved")
    announcement = make_announcement(
        organisation, status=Announcement.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    AnnouncementTranslation.objects.create(
        announcement=announcement, language="en", title="Open day", body="Welcome.",
        status=AnnouncementTranslation.Status.APPROVED,
    )
    channel = make_channel(organisation, "Portal", languages=["pl", "en"])
    item = PlanItem.objects.create(announcement=announcement, channel=channel)
    link = issue_links([item])[item.pk]
    people = 12
    browsers = [Browser(live_server.url) for _ in range(people)]

    def follow(index: int, step):
        if step == "prepare":
            return None
        # Half in Polish, half in English: two new count rows raced for at once.
        path = f"/r/{link.code}?lang={'en' if index % 2 else 'pl'}"
        return browsers[index]._status(urllib.request.Request(live_server.url + path))

    assert fire(people, follow) == [302] * people
    counted = dict(Count.objects.filter(link=link, kind="visit")
                   .values_list("language", "count"))
    assert counted == {"pl": people // 2, "en": people // 2}
