"""What search may know about contact persons: exactly what an anonymous visitor sees on the
organisation's profile, and nothing else.

Decision: index a contact's name and role (and the languages spoken, as keywords) only where
each of them is PUBLIC. Search results and snippets are shown to everyone, so the document is
built from privacy.visible_fields(contact, PUBLIC) — the same function that renders the
anonymous profile page — and never from the model's fields. Phone numbers and e-mail
addresses are never indexed, whatever their visibility: a public one is on the profile page,
and keeping them out of the index means a later change of visibility (or an erasure) cannot
leave a stale copy in search. Erased contacts, contacts showing no public name or role, and
contacts of organisations that are not approved contribute no document.
"""

from __future__ import annotations

from django.conf import settings

from wspolnie.core.owned.search_index import OrganisationIndex
from wspolnie.directory.models import Visibility
from wspolnie.lib.languages import name_in
from wspolnie.search.types import SearchDocument

from .models import ContactPerson
from .privacy import visible_fields

MODELS = [ContactPerson]


def documents_for(instance: ContactPerson) -> list[SearchDocument]:
    organisation = instance.organisation
    if not organisation.is_public or instance.is_erased:
        return []
    fields = visible_fields(instance, Visibility.PUBLIC)
    name = fields["name"] or ""
    role_texts = list(dict.fromkeys((fields["role"] or {}).values()))
    if not name and not role_texts:
        return []
    title = name or role_texts[0]
    body = " · ".join(
        part for part in [name, *role_texts, organisation.name] if part
    )
    keywords = " ".join(
        name_in(code, language)
        for code in fields["languages"] or []
        for language, _label in settings.LANGUAGES
    )
    return [
        SearchDocument(
            key=f"contacts.contactperson:{instance.pk}",
            kind="contact",
            title=title,
            body=body,
            url=f"{organisation.get_absolute_url()}#contact-{instance.pk}",
            organisation_id=organisation.pk,
            keywords=keywords,
            extra={"organisation": organisation.name},
        )
    ]


INDEX = OrganisationIndex(
    documents_for,
    lambda: ContactPerson.objects.public()
    .select_related("organisation")
    .prefetch_related("languages"),
    chunk_size=500,
)
documents_for_organisation = INDEX.documents_for_organisation
all_documents = INDEX.all_documents
