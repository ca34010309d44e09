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
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchDocument:
    #: Unique and stable: "<app_label>.<model>:<pk>", e.g. "services.service:12".
    key: str
    #: What it is, for filtering and display: "organisation", "service", "need", "offer", "channel".
    kind: str
    title: str
    #: Public text to search, in any number of languages (concatenate translations).
    body: str
    url: str
    organisation_id: int | None = None
    #: Extra words that should match but not be shown (e.g. topic and community names).
    keywords: str = ""
    extra: dict = field(default_factory=dict)
