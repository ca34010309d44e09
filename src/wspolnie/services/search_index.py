"""Services in the search (see wspolnie/search/types.py): active services of approved
organisations, public fields only."""

from __future__ import annotations

from django.conf import settings

from wspolnie.core.owned.search_index import (
    OrganisationIndex,
    in_every_language,
    owned_document,
)
from wspolnie.lib.languages import native_name
from wspolnie.lib.multilingual import pick_translation
from wspolnie.search.types import SearchDocument

from .models import Service

MODELS = [Service]

TEXT_FIELDS = [
    "name",
    "description",
    "eligibility_description",
    "application_process",
    "fees_description",
]


def _all_texts(values: dict) -> list[str]:
    return [text for text in (values or {}).values() if isinstance(text, str) and text.strip()]


def documents_for(instance: Service) -> list[SearchDocument]:
    if instance.pk is None or not instance.is_public:
        return []
    topics = list(instance.topics.all())
    communities = list(instance.communities.all())
    languages = list(instance.languages.all())
    body = "\n".join(
        [text for name in TEXT_FIELDS for text in _all_texts(getattr(instance, name))]
        + [instance.organisation.name]
    )
    keywords = " ".join(
        [text for term in topics + communities for text in _all_texts(term.names)]
        + [native_name(language.code) for language in languages]
        + in_every_language(instance.get_cost_display)
    )
    return [
        owned_document(
            instance,
            kind="service",
            title=pick_translation(instance.name, settings.LANGUAGE_CODE, ["en"]),
            body=body,
            keywords=keywords,
            titles=dict(instance.name),
            cost=instance.cost,
            languages=[language.code for language in languages],
            topics=[topic.slug for topic in topics],
            communities=[community.slug for community in communities],
        )
    ]


INDEX = OrganisationIndex.of_public(
    Service, documents_for, "topics", "communities", "languages"
)
documents_for_organisation = INDEX.documents_for_organisation
all_documents = INDEX.all_documents
