"""Library entries in the search (see wspolnie/search/types.py): one document per entry of an
approved organisation, kind "practice" or "tool". The body is the public text of the entry
(the description as plain text, what it is good for, the cost note) and the names of the
approved organisations that use it; tags, languages and the kind are keywords in every site
language."""

from __future__ import annotations

from wspolnie.core.owned.search_index import (
    OrganisationIndex,
    in_every_language,
    owned_document,
)
from wspolnie.lib.languages import native_name
from wspolnie.search.types import SearchDocument

from .models import Entry

MODELS = [Entry]


def documents_for(instance: Entry) -> list[SearchDocument]:
    if instance.pk is None or not instance.is_public:
        return []
    users = instance.public_users()
    topics = list(instance.topics.all())
    languages = list(instance.languages.all())
    keywords = " ".join(
        in_every_language(instance.get_kind_display)
        + in_every_language(instance.get_cost_display)
        + [text for topic in topics for text in topic.names.values() if text]
        + [native_name(language.code) for language in languages]
    )
    body = "\n".join(
        part for part in [
            instance.description_text, instance.good_for, instance.cost_note,
            instance.organisation.name, *(org.name for org in users),
        ] if part
    )
    return [owned_document(
        instance, kind=instance.kind, title=instance.title, body=body, keywords=keywords,
        languages=[language.code for language in languages],
        tags=[topic.slug for topic in topics],
    )]


INDEX = OrganisationIndex.of_public(Entry, documents_for, "users", "topics", "languages")
all_documents = INDEX.all_documents


def documents_for_organisation(organisation) -> list[SearchDocument]:
    """The entries it added, and those that name it as a user (its name is in their text,
    and leaves it when its approval goes)."""
    entries = Entry.objects.public().filter(
        pk__in=Entry.objects.filter(users=organisation).values("pk")
    ) | Entry.objects.public().filter(organisation=organisation)
    return [
        document
        for entry in entries.distinct().select_related("organisation").prefetch_related(
            "users", "topics", "languages")
        for document in documents_for(entry)
    ]
