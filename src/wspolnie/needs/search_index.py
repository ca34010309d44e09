"""Needs and offers in the search (see wspolnie/search/types.py).

Only open (not closed, not expired) items of approved organisations give a document; the
kind is "need" or "offer". Expiry is a matter of the date, not of an event, so each document
carries `expires_at` = the end of its last day (midnight in the site's time zone, when the
board stops showing it too): the search checks it at query time, so an item leaves the search
at that moment with no command or re-index. (`wspolnie expire_needs` still records each expiry
in the audit log and drops the stale rows from the index; the search does not depend on it.)
The contact note is left out (shown on the item's page, not in results).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone, translation

from wspolnie.lib.languages import native_name
from wspolnie.search.types import SearchDocument

from .models import NeedOffer

MODELS = [NeedOffer]


def _in_every_language(label) -> list[str]:
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(label()))
    return texts


def expiry_instant(expires_on: datetime.date) -> datetime.datetime:
    """When an item that expires on `expires_on` leaves the board: the next midnight here."""
    next_day = datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(next_day, timezone.get_default_timezone())


def documents_for(instance: NeedOffer) -> list[SearchDocument]:
    if instance.pk is None or not instance.is_public:
        return []
    districts = list(instance.districts.all())
    languages = list(instance.languages.all())
    keywords = " ".join(
        _in_every_language(instance.get_category_display)
        + _in_every_language(instance.get_kind_display)
        + [text for district in districts for text in district.names.values() if text]
        + [native_name(language.code) for language in languages]
    )
    return [
        SearchDocument(
            key=f"needs.needoffer:{instance.pk}",
            kind=instance.kind,
            title=instance.title,
            body=f"{instance.description}\n{instance.organisation.name}",
            url=instance.get_absolute_url(),
            organisation_id=instance.organisation_id,
            keywords=keywords,
            expires_at=expiry_instant(instance.expires_on),
            extra={
                "expires_on": instance.expires_on.isoformat(),
                "category": instance.category,
                "organisation": instance.organisation.name,
                "languages": [language.code for language in languages],
                "districts": [district.slug for district in districts],
            },
        )
    ]


def documents_for_organisation(organisation) -> list[SearchDocument]:
    return [
        document
        for item in NeedOffer.objects.filter(organisation=organisation).select_related(
            "organisation"
        )
        for document in documents_for(item)
    ]


def all_documents() -> Iterable[SearchDocument]:
    for item in NeedOffer.objects.public().select_related("organisation").prefetch_related(
        "districts", "languages"
    ):
        yield from documents_for(item)
