"""News in the search (contract: wspolnie/search/types.py).

What the public news page shows, and nothing else: published announcements of the hub or of
an approved organisation, in their source language and every APPROVED translation (machine
pre-translations and translations waiting for review stay out). Drafts and withdrawn ones
give no document. A future publication date is not a reason to wait for a re-index: the
document carries `visible_from` = the publication date, which the search checks at query
time, so the news is found from that moment on.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Model
from django.utils import translation

from wspolnie.search.types import SearchDocument, documents_of

from .models import Announcement, AnnouncementTranslation
from .text import markdown_to_text

MODELS: list[type[Model]] = [Announcement, AnnouncementTranslation]

_PREFETCH = ["translations", "topics", "communities"]


def _in_every_language(label) -> list[str]:
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(label()))
    return texts


def announcement_document(announcement: Announcement) -> SearchDocument | None:
    if (
        announcement.pk is None
        or announcement.status != Announcement.Status.PUBLISHED
        or announcement.publish_at is None
        or (announcement.organisation_id is not None
            and not announcement.organisation.is_public)
    ):
        return None
    versions = announcement.approved_versions()
    body = []
    for version in versions:
        if not version.is_source:
            body.append(version.title)
        body.append(markdown_to_text(version.body))
    if announcement.organisation_id is not None:
        body.append(announcement.organisation.name)
    keywords = _in_every_language(announcement.get_kind_display) + [
        text for term in [*announcement.topics.all(), *announcement.communities.all()]
        for text in (term.names or {}).values() if isinstance(text, str)
    ]
    return SearchDocument(
        key=f"announcements.announcement:{announcement.pk}",
        kind="news",
        title=announcement.title,
        body="\n".join(body),
        url=announcement.get_absolute_url(),
        organisation_id=announcement.organisation_id,
        keywords=" ".join(keywords),
        visible_from=announcement.publish_at,
        extra={"languages": [version.language for version in versions],
               "kind": announcement.kind},
    )


def _documents(queryset) -> list[SearchDocument]:
    return documents_of(
        queryset.select_related("organisation").prefetch_related(*_PREFETCH),
        announcement_document,
    )


def documents_for(instance) -> list[SearchDocument]:
    if isinstance(instance, Announcement):
        return _documents(Announcement.objects.filter(pk=instance.pk))
    if isinstance(instance, AnnouncementTranslation):
        return _documents(Announcement.objects.filter(pk=instance.announcement_id))
    return []


def documents_for_organisation(organisation) -> list[SearchDocument]:
    return _documents(Announcement.objects.filter(organisation=organisation))


def all_documents() -> Iterable[SearchDocument]:
    return _documents(Announcement.objects.filter(status=Announcement.Status.PUBLISHED))
