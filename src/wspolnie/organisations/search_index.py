"""Organisations in the search index (contract: wspolnie/search/types.py).

Only approved organisations, and only their public profile: name, short description, the
description in every language, the addresses of their places, and — as keywords — the names
(in every language) of their kind, topics, communities, languages and districts. Contact data
(e-mail, phone), registry numbers and anything about members stay out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from django.conf import settings
from django.db.models import Model
from django.utils import translation

from wspolnie.directory.models import Community, District, Topic
from wspolnie.lib.languages import name_in, native_name
from wspolnie.search.types import SearchDocument

from .models import Location, Organisation

MODELS: list[type[Model]] = [Organisation, Location, Topic, Community, District]

_PREFETCH = ["topics", "communities", "languages", "districts", "locations__district"]


def _unique(texts: Iterable[str]) -> list[str]:
    seen, found = set(), []
    for text in texts:
        text = (text or "").strip()
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            found.append(text)
    return found


def _ui_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _names(term) -> list[str]:
    return list(term.names.values()) if isinstance(term.names, dict) else []


@cache
def _language_names(code: str) -> tuple[str, ...]:
    return (native_name(code), *(name_in(code, ui) for ui in _ui_languages()))


@cache
def _kind_labels(kind: str) -> tuple[str, ...]:
    label = Organisation.Kind(kind).label if kind in Organisation.Kind.values else kind
    labels = []
    for ui in _ui_languages():
        with translation.override(ui):
            labels.append(str(label))
    return tuple(labels)


def _address(location: Location) -> str:
    district = location.district
    return ", ".join(_unique([
        location.name,
        location.street_address,
        " ".join(_unique([location.postal_code, location.city])),
        " / ".join(_names(district)) if district else "",
    ]))


def _descriptions(organisation: Organisation, name: str = "description") -> list[str]:
    """The texts of a {code: text} field, content languages first."""
    description = getattr(organisation, name)
    description = description if isinstance(description, dict) else {}
    order = [*settings.CONTENT_LANGUAGES, *sorted(description)]
    return [description[code] for code in dict.fromkeys(order) if isinstance(
        description.get(code), str)]


def document(organisation: Organisation) -> SearchDocument:
    body = _unique([
        *_descriptions(organisation, "short_description"),
        *_descriptions(organisation),
        *(_address(location) for location in organisation.locations.all()),
    ])
    keywords = _unique([
        *_kind_labels(organisation.kind),
        *(name for topic in organisation.topics.all() for name in _names(topic)),
        *(name for community in organisation.communities.all() for name in _names(community)),
        *(name for language in organisation.languages.all()
          for name in _language_names(language.code)),
        *(name for district in organisation.districts.all() for name in _names(district)),
    ])
    return SearchDocument(
        key=f"organisations.organisation:{organisation.pk}",
        kind="organisation",
        title=organisation.name,
        body="\n".join(body),
        keywords=" · ".join(keywords),
        url=organisation.get_absolute_url(),
        organisation_id=organisation.pk,
    )


def _public(queryset) -> Iterator[SearchDocument]:
    for organisation in queryset.public().prefetch_related(*_PREFETCH):
        yield document(organisation)


def documents_for(instance) -> list[SearchDocument]:
    if isinstance(instance, Organisation):
        return list(_public(Organisation.objects.filter(pk=instance.pk)))
    if isinstance(instance, Location):
        return list(_public(Organisation.objects.filter(pk=instance.organisation_id)))
    if isinstance(instance, Topic):
        return list(_public(Organisation.objects.filter(topics=instance)))
    if isinstance(instance, Community):
        return list(_public(Organisation.objects.filter(communities=instance)))
    if isinstance(instance, District):
        # Named in the keywords (districts it works in) and in its places' addresses.
        return list(_public(Organisation.objects.filter(districts=instance))) + [
            doc for doc in _public(Organisation.objects.filter(locations__district=instance)
                                   .exclude(districts=instance).distinct())
        ]
    return []


def documents_for_organisation(organisation: Organisation) -> list[SearchDocument]:
    return documents_for(organisation)


def all_documents() -> Iterator[SearchDocument]:
    yield from _public(Organisation.objects.all())
