"""Announcements, channels and vocabulary for the distribution tests (straight in the
database: the announcement services belong to another part)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.channels.helpers import make_channel, make_vocabulary
from wspolnie.announcements.models import Announcement
from wspolnie.channels.models import Channel
from wspolnie.directory.models import Community, District, Language

__all__ = ["PUBLISH_AT", "make_announcement", "make_channel", "make_scenario", "make_vocabulary"]

#: A fixed publication day, far enough ahead that no deadline has passed yet.
PUBLISH_AT = timezone.now() + datetime.timedelta(days=30)


def make_announcement(organisation, *, communities=(), languages=(), districts=(),
                      status=Announcement.Status.DRAFT, publish_at=PUBLISH_AT,
                      title="Dzień otwarty", **values) -> Announcement:
    announcement = Announcement.objects.create(
        organisation=organisation, title=title, body="Zapraszamy **wszystkich**.",
        status=status, publish_at=publish_at, **values
    )
    announcement.communities.set(Community.objects.filter(slug__in=communities))
    announcement.languages.set(Language.for_codes(languages))
    announcement.districts.set(District.objects.filter(slug__in=districts))
    return announcement


def make_scenario(target) -> None:
    """Channels and an announcement for `target` (a TestCase class with the personas).

    The announcement (by `target.org`) targets the Ukrainian, Georgian and Roma communities,
    Ukrainian and Georgian (source: Polish), in Nadodrze. Expected ranking by fit, then reach:
    portal (4) · telegram (3, 2000) · leader (3, 300) · city (2, 100 000) · board (2, unknown).
    No channel reaches the Roma community; the Vietnamese newsletter is inactive.
    """
    make_vocabulary()
    target.portal = make_channel(
        target.org, "Portal Razem", languages=["pl", "uk"], communities=["ukrainian"],
        estimated_reach=5000, submission_lead_days=7, submission_email="redakcja@example.org",
        submission_how={"pl": "Wyślij tekst i zdjęcie.", "en": "Send a text and a picture.",
                        "uk": "Надішліть текст і фото."},
        accepted_formats=["text", "image"],
    )
    target.telegram = make_channel(
        target.other_org, "Telegram Wrocław UA", kind=Channel.Kind.TELEGRAM,
        languages=["uk", "ru"], communities=["ukrainian"], estimated_reach=2000,
        submission_lead_days=2, url="https://t.me/example",
    )
    target.leader = make_channel(
        target.other_org, "Liderka społeczności gruzińskiej", kind=Channel.Kind.OPINION_LEADER,
        languages=["ka", "ru"], communities=["georgian"], estimated_reach=300,
        contact_note="Liderka: tel. 600 000 000 (tylko dla zespołu)",
    )
    target.city = make_channel(
        target.other_org, "Portal miejski", languages=["pl", "en"], estimated_reach=100_000,
    )
    target.board = make_channel(
        target.other_org, "Tablica CAL Nadodrze", kind=Channel.Kind.NOTICE_BOARD,
        languages=["pl"], districts=["nadodrze"], submission_lead_days=3,
        contact_note="Animatorka CAL, wtorki",
    )
    target.inactive = make_channel(
        target.other_org, "Biuletyn wietnamski", kind=Channel.Kind.NEWSLETTER,
        languages=["vi", "pl"], communities=["vietnamese", "ukrainian"], active=False,
    )
    target.announcement = make_announcement(
        target.org, communities=["ukrainian", "georgian", "roma"], languages=["uk", "ka"],
        districts=["nadodrze"],
    )
