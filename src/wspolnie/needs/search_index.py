"""Needs and offers in the search (see wspolnie/search/types.py).

Only open (not closed, not expired) items of approved organisations give a document; the
kind is "need" or "offer". Expiry is a matter of the date, not of an event, so:
- documents_for() gives [] as soon as an item has expired;
- each document carries extra["expires_on"] (ISO date): the search must also filter on it at
  query time, so that an item that expired since it was indexed is never shown;
- `wspolnie expire_needs` (or the task needs.tasks.expire_needs_task) re-saves newly expired
  items, which re-indexes them and so removes them from the index.
The contact note is left out (shown on the item's page, not in results).
"""

from __future__ import annotations

from wspolnie.core.owned.search_index import (
    OrganisationIndex,
    in_every_language,
    owned_document,
)
from wspolnie.lib.languages import native_name
from wspolnie.search.types import SearchDocument

from .models import NeedOffer

MODELS = [NeedOffer]


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
    return [
        owned_document(
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
    ]


INDEX = OrganisationIndex.of_public(NeedOffer, documents_for, "districts", "languages")
documents_for_organisation = INDEX.documents_for_organisation
all_documents = INDEX.all_documents
