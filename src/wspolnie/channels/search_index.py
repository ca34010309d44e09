"""Channels in the site search (contract: wspolnie/search/types.py).

Only active channels of approved organisations, and only public text: the contact note goes
in only when its visibility is "public".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from wspolnie.directory.models import Visibility
from wspolnie.lib.languages import name_in
from wspolnie.organisations.models import Organisation
from wspolnie.search.types import SearchDocument

from .models import Channel

MODELS = [Channel]


def _in_every_language(make) -> list[str]:
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(make()))
    return list(dict.fromkeys(texts))


def _texts(values: dict) -> list[str]:
    return [text for text in (values or {}).values() if text and text.strip()]


def documents_for(instance: Channel) -> list[SearchDocument]:
    channel = (
        Channel.objects.public()
        .select_related("organisation")
        .prefetch_related("languages", "communities", "districts")
        .filter(pk=instance.pk)
        .first()
    )
    if channel is None:
        return []
    return [_document(channel)]


def _document(channel: Channel) -> SearchDocument:
    languages = list(channel.languages.all())
    communities = list(channel.communities.all())
    districts = list(channel.districts.all())
    body = [*_texts(channel.description), *_texts(channel.submission_how)]
    if channel.cost_note:
        body.append(channel.cost_note)
    if channel.contact_note and channel.contact_visibility == Visibility.PUBLIC:
        body.append(channel.contact_note)
    keywords = [
        channel.organisation.name,
        *_in_every_language(channel.get_kind_display),
        *_in_every_language(channel.get_mode_display),
        *[name for community in communities for name in _texts(community.names)],
        *[name for district in districts for name in _texts(district.names)],
        *[language.native_name for language in languages],
        *[
            name_in(language.code, code)
            for language in languages
            for code, _name in settings.LANGUAGES
        ],
        channel.url,
    ]
    return SearchDocument(
        key=f"channels.channel:{channel.pk}",
        kind="channel",
        title=channel.name,
        body="\n\n".join(body),
        url=channel.get_absolute_url(),
        organisation_id=channel.organisation_id,
        keywords=" ".join(dict.fromkeys(k for k in keywords if k)),
        extra={
            "channel_kind": channel.kind,
            "mode": channel.mode,
            "languages": [language.code for language in languages],
            "communities": [community.slug for community in communities],
            "citywide": channel.citywide,
            "districts": [district.slug for district in districts],
            "estimated_reach": channel.estimated_reach,
        },
    )


def documents_for_organisation(organisation: Organisation) -> list[SearchDocument]:
    return [
        _document(channel)
        for channel in Channel.objects.public()
        .filter(organisation_id=organisation.pk)
        .select_related("organisation")
        .prefetch_related("languages", "communities", "districts")
    ]


def all_documents() -> Iterable[SearchDocument]:
    channels = (
        Channel.objects.public()
        .select_related("organisation")
        .prefetch_related("languages", "communities", "districts")
    )
    for channel in channels.iterator(chunk_size=200):
        yield _document(channel)
