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

import dataclasses
import datetime

from django.utils import timezone

from wspolnie.core.owned.search_index import (
    OrganisationIndex,
    in_every_language,
    owned_document,
)
from wspolnie.lib.languages import native_name
from wspolnie.search.types import SearchDocument

from .models import NeedOffer

MODELS = [NeedOffer]


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
        in_every_language(instance.get_category_display)
        + in_every_language(instance.get_kind_display)
        + [text for district in districts for text in district.names.values() if text]
        + [native_name(language.code) for language in languages]
    )
    document = owned_document(
        instance,
        kind=instance.kind,
        title=instance.title,
        body=f"{instance.description}\n{instance.organisation.name}",
        keywords=keywords,
        expires_on=instance.expires_on.isoformat(),
        category=instance.category,
        languages=[language.code for language in languages],
        districts=[district.slug for district in districts],
    )
    return [dataclasses.replace(document, expires_at=expiry_instant(instance.expires_on))]


INDEX = OrganisationIndex.of_public(NeedOffer, documents_for, "districts", "languages")
documents_for_organisation = INDEX.documents_for_organisation
all_documents = INDEX.all_documents
