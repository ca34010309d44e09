"""Services in the search (see wspolnie/search/types.py): active services of approved
organisations, public fields only."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

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


def _in_every_language(label) -> list[str]:
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(label()))
    return texts


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
        + _in_every_language(instance.get_cost_display)
    )
    return [
        SearchDocument(
            key=f"services.service:{instance.pk}",
            kind="service",
            title=pick_translation(instance.name, settings.LANGUAGE_CODE, ["en"]),
            body=body,
            url=instance.get_absolute_url(),
            organisation_id=instance.organisation_id,
            keywords=keywords,
            extra={
                "titles": dict(instance.name),
                "organisation": instance.organisation.name,
                "cost": instance.cost,
                "languages": [language.code for language in languages],
                "topics": [topic.slug for topic in topics],
                "communities": [community.slug for community in communities],
            },
        )
    ]


def documents_for_organisation(organisation) -> list[SearchDocument]:
    return [
        document
        for service in Service.objects.filter(organisation=organisation).select_related(
            "organisation"
        )
        for document in documents_for(service)
    ]


def all_documents() -> Iterable[SearchDocument]:
    for service in Service.objects.public().select_related("organisation").prefetch_related(
        "topics", "communities", "languages"
    ):
        yield from documents_for(service)
