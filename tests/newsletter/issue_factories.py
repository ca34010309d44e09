"""Test data for newsletter issues: published announcements with approved translations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.directory.models import Topic


def make_topic(slug: str) -> Topic:
    return Topic.objects.get_or_create(slug=slug, defaults={"names": {"pl": slug, "en": slug}})[0]


def make_announcement(
    title: str = "Dzień otwarty",
    body: str = "Zapraszamy **wszystkich** sąsiadów.",
    *,
    translations: dict[str, tuple[str, str]] | None = None,
    drafts: dict[str, tuple[str, str]] | None = None,
    topics: Iterable[Topic] = (),
    published: bool = True,
    source_language: str = "pl",
) -> Announcement:
    """A hub announcement written in `source_language`; `translations` ({code: (title, body)})
    are approved, `drafts` are not."""
    announcement = Announcement.objects.create(
        title=title, body=body, source_language=source_language,
        status=Announcement.Status.PUBLISHED if published else Announcement.Status.DRAFT,
        publish_at=timezone.now() - dt.timedelta(hours=1) if published else None,
    )
    for code, (t_title, t_body) in (translations or {}).items():
        AnnouncementTranslation.objects.create(
            announcement=announcement, language=code, title=t_title, body=t_body,
            status=AnnouncementTranslation.Status.APPROVED, source_revision=1,
        )
    for code, (t_title, t_body) in (drafts or {}).items():
        AnnouncementTranslation.objects.create(
            announcement=announcement, language=code, title=t_title, body=t_body,
            status=AnnouncementTranslation.Status.DRAFT, source_revision=1,
        )
    topics = list(topics)
    if topics:
        announcement.topics.set(topics)
    return announcement
