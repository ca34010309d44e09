"""The parts of an app's search_index.py (contract: wspolnie/search/types.py) that are the same
for every organisation-owned object: its documents per organisation and for a full rebuild,
both read from one queryset of what may be found.

    INDEX = OrganisationIndex.of_public(NeedOffer, documents_for, "districts", "languages")
    documents_for_organisation = INDEX.documents_for_organisation
    all_documents = INDEX.all_documents
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import translation

from wspolnie.search.types import SearchDocument


def in_every_language(label: Callable[[], Any]) -> list[str]:
    """label() in each site language (e.g. a choice's display name), so that a search in any
    of them finds it."""
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(label()))
    return texts


def owned_document(
    instance: Model, *, kind: str, title: str, body: str, keywords: str = "", **extra: Any
) -> SearchDocument:
    """The document of one organisation-owned object: its key ("<app>.<model>:<pk>"), page
    and organisation come from the object; `extra` gets the organisation's name too."""
    return SearchDocument(
        key=f"{instance._meta.label_lower}:{instance.pk}",
        kind=kind,
        title=title,
        body=body,
        url=instance.get_absolute_url(),
        organisation_id=instance.organisation_id,
        keywords=keywords,
        extra={"organisation": instance.organisation.name, **extra},
    )


class OrganisationIndex:
    """`documents_for_organisation` and `all_documents` of one model.

    `findable()` is the queryset of the objects that may be found (public ones of approved
    organisations, with what the documents read prefetched); `documents(obj)` the documents
    of one of them. `chunk_size` reads a full rebuild in chunks (large tables)."""

    def __init__(
        self,
        documents: Callable[[Model], list[SearchDocument]],
        findable: Callable[[], QuerySet],
        *,
        chunk_size: int | None = None,
    ) -> None:
        self.documents = documents
        self.findable = findable
        self.chunk_size = chunk_size

    @classmethod
    def of_public(
        cls, model: type[Model], documents: Callable[[Model], list[SearchDocument]], *related: str
    ) -> OrganisationIndex:
        """For a model whose manager has public(): those, with `related` prefetched."""
        return cls(
            documents,
            lambda: model.objects.public().select_related("organisation").prefetch_related(
                *related
            ),
        )

    def documents_for_organisation(self, organisation) -> list[SearchDocument]:
        return [
            document
            for obj in self.findable().filter(organisation_id=organisation.pk)
            for document in self.documents(obj)
        ]

    def all_documents(self) -> Iterable[SearchDocument]:
        objects = self.findable()
        if self.chunk_size:
            objects = objects.iterator(chunk_size=self.chunk_size)
        for obj in objects:
            yield from self.documents(obj)
