"""Channels in the site search (contract: wspolnie/search/types.py).

Only active channels of approved organisations, and only public text: the contact note goes
in only when its visibility is "public".
"""

from __future__ import annotations

from django.conf import settings

from wspolnie.core.owned.search_index import OrganisationIndex, in_every_language
from wspolnie.directory.models import Visibility
from wspolnie.lib.languages import name_in
from wspolnie.search.types import SearchDocument

from .models import Channel

MODELS = [Channel]


def _texts(values: dict) -> list[str]:
    return [text for text in (values or {}).values() if text and text.strip()]


def _findable():
    return (
        Channel.objects.public()
        .select_related("organisation")
        .prefetch_related("languages", "communities", "districts")
    )


def documents_for(instance: Channel) -> list[SearchDocument]:
    channel = _findable().filter(pk=instance.pk).first()
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
        *in_every_language(channel.get_kind_display),
        *in_every_language(channel.get_mode_display),
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


INDEX = OrganisationIndex(lambda channel: [_document(channel)], _findable, chunk_size=200)
documents_for_organisation = INDEX.documents_for_organisation
all_documents = INDEX.all_documents
