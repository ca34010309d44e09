"""Meetings in the search (contract: wspolnie/search/types.py).

A meeting is found when it is public (anything but a draft) and at least one of its organisers
is approved; the document belongs to the first approved organiser, so it leaves the search
when the last approved organiser loses its approval. Only what the public meeting page shows:
the title, the description and the agenda (titles, speakers) in every language, the place
(venue and address) and the series' title. Before the details are published ("save the date")
only the title and the series. Never the video-call link (registered people get it by mail),
the registrations, the questions or the report's private notes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Model
from django.utils import translation

from wspolnie.lib.multilingual import pick_translation
from wspolnie.organisations.models import Organisation
from wspolnie.search.types import SearchDocument, documents_of

from .models import AgendaItem, Event, Series

MODELS: list[type[Model]] = [Event, AgendaItem, Series]

_PREFETCH = ["organisers", "agenda_items"]


def _texts(values) -> list[str]:
    return [text for text in (values or {}).values() if isinstance(text, str) and text.strip()]


def _in_every_language(label) -> list[str]:
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(label()))
    return texts


def _approved_organiser(event: Event) -> Organisation | None:
    organisers = [o for o in event.organisers.all() if o.status == Organisation.Status.APPROVED]
    return min(organisers, key=lambda organisation: organisation.pk, default=None)


def event_document(event: Event) -> SearchDocument | None:
    if event.pk is None or event.status == Event.Status.DRAFT:
        return None
    organiser = _approved_organiser(event)
    if organiser is None:
        return None
    titles = _texts(event.title)
    keywords = _in_every_language(event.get_format_display)
    if event.series_id:
        keywords += _texts(event.series.title)
    body: list[str] = []
    if event.details_public:
        body += _texts(event.description)
        for item in event.agenda_items.all():
            body += _texts(item.title)
            if item.speakers:
                body.append(item.speakers)
        if event.has_venue:
            body += [part for part in (event.venue_name, event.venue_address) if part]
    title = pick_translation(event.title, settings.LANGUAGE_CODE, ["en"]) or event.slug
    body += [text for text in titles if text != title]  # the title in the other languages
    return SearchDocument(
        key=f"meetings.event:{event.pk}",
        kind="meeting",
        title=title,
        body="\n".join(body),
        url=event.get_absolute_url(),
        organisation_id=organiser.pk,
        keywords=" ".join(keywords),
        extra={"starts_at": event.starts_at.isoformat(), "status": event.status},
    )


def _events(queryset) -> list[SearchDocument]:
    return documents_of(
        queryset.select_related("series").prefetch_related(*_PREFETCH), event_document
    )


def documents_for(instance) -> list[SearchDocument]:
    if isinstance(instance, Event):
        return _events(Event.objects.filter(pk=instance.pk))
    if isinstance(instance, AgendaItem):
        return _events(Event.objects.filter(pk=instance.event_id))
    if isinstance(instance, Series):
        return _events(Event.objects.filter(series_id=instance.pk))
    return []


def documents_for_organisation(organisation) -> list[SearchDocument]:
    return _events(Event.objects.filter(organisers=organisation).distinct())


def all_documents() -> Iterable[SearchDocument]:
    return _events(Event.objects.public())
