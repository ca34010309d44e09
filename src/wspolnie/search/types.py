"""The contract between the search index and the apps whose content it indexes.

An app makes its content searchable with a module `<app>/search_index.py` providing:

    MODELS: list[type[Model]]
        models whose save/delete (and m2m changes) re-index the instance;
    def documents_for(instance) -> list[SearchDocument]
        the documents one instance contributes; [] when it must not be found (not approved,
        expired, deleted organisation, ...);
    def documents_for_organisation(organisation) -> list[SearchDocument]
        every document that belongs to one organisation (re-indexed when the organisation
        changes, e.g. its approval);
    def all_documents() -> Iterable[SearchDocument]
        everything, for a full rebuild (`wspolnie rebuild_search_index`).

Only PUBLIC text may go into a document: search results and snippets are shown to anyone,
so members-only or staff-only data (contact persons' phones, …) must never be indexed.

How the index uses the module (wspolnie/search/signals.py, index.py):
- after a save or an m2m change of an instance of MODELS has been committed, the instance is
  read again and `documents_for` replaces its entries: those whose key is "<label>:<pk>" or
  starts with "<label>:<pk>:" (for several documents per object, e.g. "…:12:uk");
- `documents_for` may also return documents of OTHER objects (a location returns its
  organisation's document, a topic those of the organisations that have it): these are
  written too. Before a delete it is asked once more, and the other objects it names are
  re-indexed after the delete;
- when an Organisation changes, every entry with its organisation_id is replaced by what
  `documents_for_organisation` of every module returns (so losing the approval removes them);
- whatever the index holds, the search never shows entries of an organisation that is not
  approved, nor entries before their `visible_from` or from their `expires_at` on;
- a list of one model filters by text with `wspolnie.search.query.text_filter` /
  `rank_queryset`: the "<pk>" of the key (stored as SearchEntry.object_id) must be the pk of
  the listed model for the document's kind;
- bulk operations (QuerySet.update(), bulk_create()) send no signals: run
  `wspolnie rebuild_search_index` after them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SearchDocument:
    #: Unique and stable: "<app_label>.<model>:<pk>", e.g. "services.service:12".
    key: str
    #: What it is, for filtering and display: "organisation", "service", "need", "offer",
    #: "channel", "contact" (labels: wspolnie.search.query.KIND_LABELS).
    kind: str
    title: str
    #: Public text to search, in any number of languages (concatenate translations).
    body: str
    url: str
    organisation_id: int | None = None
    #: Extra words that should match but not be shown (e.g. topic and community names).
    keywords: str = ""
    extra: dict = field(default_factory=dict)
    #: Aware datetimes: the document is found only from `visible_from` (a future-dated
    #: publication) and before `expires_at` (a need's expiry). The search checks them at
    #: query time, so no re-index has to run at that moment.
    visible_from: datetime.datetime | None = None
    expires_at: datetime.datetime | None = None


def documents_of(objects: Iterable[Any], document: Callable[[Any], SearchDocument | None]
                 ) -> list[SearchDocument]:
    """The document of each object, leaving out those `document` gives None for (not to be
    found: a draft, a cancelled meeting, …)."""
    return [found for item in objects for found in [document(item)] if found is not None]
