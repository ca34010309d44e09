"""Meetings for tests: an open event organised by the personas' `org` (alice's)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from wspolnie.meetings.models import Event, Question, Registration, Series

_numbers = itertools.count(1)


def make_series(organiser, **values) -> Series:
    number = next(_numbers)
    values.setdefault("slug", f"series-{number}")
    values.setdefault("title", {"pl": f"Cykl {number}", "en": f"Series {number}",
                                "uk": f"Цикл {number}"})
    return Series.objects.create(organiser=organiser, **values)


def make_event(organisers, **values) -> Event:
    number = next(_numbers)
    start = values.pop("starts_at", None) or (timezone.now() + dt.timedelta(days=10)).replace(
        second=0, microsecond=0)
    values.setdefault("slug", f"meeting-{number}")
    values.setdefault("title", {"pl": f"Spotkanie {number}", "en": f"Meeting {number}",
                                "uk": f"Зустріч {number}"})
    values.setdefault("status", Event.Status.REGISTRATION_OPEN)
    values.setdefault("format", Event.Format.IN_PERSON)
    values.setdefault("venue_name", "Sala na Rynku")
    values.setdefault("ends_at", start + dt.timedelta(hours=2))
    event = Event.objects.create(starts_at=start, **values)
    event.organisers.set(organisers if isinstance(organisers, list | tuple) else [organisers])
    return event


def add_questions(event: Event) -> dict[str, Question]:
    return {
        "access": Question.objects.create(
            event=event, kind="text", position=1, required=False,
            label={"pl": "Potrzeby dostępności", "en": "Accessibility needs",
                   "uk": "Потреби доступності"}),
        "interpretation": Question.objects.create(
            event=event, kind="choice", position=2, required=True,
            label={"pl": "Tłumaczenie", "en": "Interpretation", "uk": "Переклад"},
            choices=[
                {"value": "none", "label": {"pl": "Nie", "en": "None", "uk": "Ні"}},
                {"value": "uk", "label": {"pl": "Ukraiński", "en": "Ukrainian",
                                          "uk": "Українська"}},
            ]),
        "diet": Question.objects.create(
            event=event, kind="multiple", position=3, required=False,
            label={"pl": "Dieta", "en": "Diet", "uk": "Дієта"},
            choices=[
                {"value": "vegan", "label": {"pl": "wegańska", "en": "vegan", "uk": "веганська"}},
                {"value": "halal", "label": {"pl": "halal", "en": "halal", "uk": "халяль"}},
            ]),
        "photos": Question.objects.create(
            event=event, kind="yes_no", position=4, required=True,
            label={"pl": "Zdjęcia", "en": "Photos", "uk": "Фото"}),
    }


def register(event: Event, email: str, name: str = "Ktoś", language: str = "pl",
             status: str = Registration.Status.CONFIRMED, **values) -> Registration:
    """A registration written directly (for tests that are not about registering)."""
    return Registration.objects.create(
        event=event, email=email, name=name, language=language, status=status, **values
    )
