"""Meeting notes in the search (see wspolnie/search/types.py): one document per public note
(published, approved organisation, meeting not a draft), kind "note": its sections in every
language, the presentations' titles, speakers and organisations, and the labels of its useful
links. Contact persons are never indexed (their fields have their own audiences: the page
shows them at the viewer's level). A save of the meeting re-indexes its note (signals.py)."""

from __future__ import annotations

from wspolnie.announcements.text import markdown_to_text
from wspolnie.core.owned.search_index import OrganisationIndex, owned_document
from wspolnie.lib.multilingual import pick_translation
from wspolnie.organisations.models import Organisation
from wspolnie.search.types import SearchDocument

from .models import SECTIONS, Note

MODELS = [Note]


def _texts(values: dict | None) -> list[str]:
    return [markdown_to_text(text) for text in (values or {}).values() if text.strip()]


def documents_for(instance: Note) -> list[SearchDocument]:
    if instance.pk is None or not instance.is_public:
        return []
    organisations = Organisation.objects.public().in_bulk(
        [item["organisation"] for item in instance.presentations if item.get("organisation")]
    )
    parts: list[str] = []
    for name in SECTIONS:
        parts.extend(_texts(getattr(instance, name)))
    for item in instance.presentations:
        parts.extend(_texts(item.get("title")))
        parts.append(item.get("speaker", ""))
        organisation = organisations.get(item.get("organisation"))
        if organisation is not None:
            parts.append(organisation.name)
        parts.extend(_texts(item.get("summary")))
    parts.extend(link.get("label", "") for link in instance.useful_links)
    event = instance.event
    title = event.title_text or pick_translation(event.title, "pl")
    return [owned_document(
        instance, kind="note", title=title,
        body="\n".join(part for part in parts if part),
        keywords=" ".join(text for text in event.title.values() if text),
        event=event.slug,
    )]


INDEX = OrganisationIndex(
    documents_for,
    lambda: Note.objects.public().select_related("organisation", "event"),
)
documents_for_organisation = INDEX.documents_for_organisation
all_documents = INDEX.all_documents
