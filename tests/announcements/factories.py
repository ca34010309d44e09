"""Announcements for tests, written directly (for tests that are not about writing them).

    make_announcement(self.org)                          # a draft in Polish, targets uk and en
    make_announcement(self.org, published=True)          # published an hour ago
    approve(announcement, "uk", "Заголовок", "Текст")    # an approved Ukrainian version
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.announcements.services import ensure_translations
from wspolnie.directory.models import Community, District, Language, Topic

_numbers = itertools.count(1)
T = AnnouncementTranslation.Status


def make_announcement(organisation, *, languages=("uk", "en"), published: bool = False,
                      topics=(), communities=(), districts=(), **values) -> Announcement:
    number = next(_numbers)
    values.setdefault("title", f"Ogłoszenie {number}")
    values.setdefault("body", f"Treść ogłoszenia {number} z [linkiem](https://example.org/{number}).")
    values.setdefault("source_language", "pl")
    if published:
        values.setdefault("status", Announcement.Status.PUBLISHED)
        values.setdefault("publish_at", timezone.now() - dt.timedelta(hours=1))
    announcement = Announcement.objects.create(organisation=organisation, **values)
    announcement.languages.set(Language.for_codes(languages))
    announcement.topics.set(topics)
    announcement.communities.set(communities)
    announcement.districts.set(districts)
    ensure_translations(announcement)
    return announcement


def translation(announcement: Announcement, language: str) -> AnnouncementTranslation:
    return announcement.translations.get(language=language)


def write(announcement: Announcement, language: str, title: str = "", body: str = "",
          status: str = T.DRAFT, translator=None) -> AnnouncementTranslation:
    """A translation with text, made from the current source."""
    row, _created = AnnouncementTranslation.objects.update_or_create(
        announcement=announcement, language=language,
        defaults={
            "title": title or f"{announcement.title} [{language}]",
            "body": body or f"{announcement.body} [{language}]",
            "status": status, "translator": translator,
            "source_revision": announcement.source_revision,
            "approved_at": timezone.now() if status == T.APPROVED else None,
        },
    )
    return row


def approve(announcement: Announcement, language: str, title: str = "", body: str = "",
            ) -> AnnouncementTranslation:
    return write(announcement, language, title, body, status=T.APPROVED)


def make_terms() -> dict[str, object]:
    """A topic, two communities and a district, for targeting."""
    return {
        "topic": Topic.objects.get_or_create(slug="education", defaults={
            "names": {"pl": "Edukacja", "en": "Education", "uk": "Освіта"}})[0],
        "ukrainian": Community.objects.get_or_create(slug="ukrainian", defaults={
            "names": {"pl": "Ukraińska", "en": "Ukrainian", "uk": "Українська"}})[0],
        "georgian": Community.objects.get_or_create(slug="georgian", defaults={
            "names": {"pl": "Gruzińska", "en": "Georgian", "uk": "Грузинська"}})[0],
        "district": District.objects.get_or_create(slug="nadodrze", defaults={
            "names": {"pl": "Nadodrze"}})[0],
    }
