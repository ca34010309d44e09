"""Demo library: practices and tools the 2023 networking meetings talked about (written for
the demo; no personal data, links on example.org). Idempotent: keyed on organisation + title."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from wspolnie.directory.models import Language, Topic
from wspolnie.organisations.models import Organisation

from .models import Entry

K, C = Entry.Kind, Entry.Cost

ENTRIES = [
    {
        "organisation": "wcrs", "kind": K.TOOL, "title": "Newsletter sieci międzykulturowej",
        "description": (
            "Comiesięczny newsletter z ogłoszeniami organizacji sieci: spotkania, nabory, "
            "potrzeby i oferty. Każde ogłoszenie ma wersję **polską, ukraińską i angielską**; "
            "zapis przez formularz z podwójnym potwierdzeniem.\n\n"
            "- jedno wydanie w miesiącu, krótkie zapowiedzi z linkami\n"
            "- organizacje wysyłają teksty do 20. dnia miesiąca"
        ),
        "good_for": "Regularne informowanie organizacji i instytucji o tym, co dzieje się w "
                    "sieci, bez zalewania skrzynek.",
        "users": ["wcrs", "wcrs-dialog-miedzykulturowy", "feps"],
        "languages": ["pl", "uk", "en"], "topics": ["integration", "ngo-support"],
        "cost": C.FREE, "cost_note": "Na platformie Wspólnie bez opłat.",
        "links": [{"url": "https://example.org/newsletter", "label": "Przykładowe wydanie"}],
    },
    {
        "organisation": "umw-kultura", "kind": K.TOOL, "title": "Miejski portal kultury",
        "description": (
            "Kalendarz wydarzeń kulturalnych miasta z filtrem wydarzeń bezpłatnych i "
            "dostępnych w innych językach. Organizacje mogą zgłaszać swoje wydarzenia przez "
            "formularz."
        ),
        "good_for": "Docieranie do mieszkańców szukających wydarzeń; zapraszanie nowych "
                    "mieszkańców do życia kulturalnego miasta.",
        "users": ["umw-kultura", "wik"], "languages": ["pl", "en"], "topics": ["culture"],
        "cost": C.FREE, "cost_note": "",
        "links": [{"url": "https://example.org/kultura", "label": "Portal (przykład)"}],
    },
    {
        "organisation": "fundacja-ukraina", "kind": K.TOOL,
        "title": "Grupa w komunikatorze dla rodziców",
        "description": (
            "Grupa w komunikatorze (Telegram/Viber) prowadzona przez dwie moderatorki: "
            "ogłoszenia o zapisach do szkół, zajęciach i terminach. Zasady grupy przypięte "
            "na górze; bez reklam."
        ),
        "good_for": "Szybka informacja dla rodziców z Ukrainy, którzy nie czytają "
                    "stron urzędów ani e-maili.",
        "users": ["fundacja-ukraina"], "languages": ["uk", "ru", "pl"],
        "topics": ["education", "children-youth"], "cost": C.FREE,
        "cost_note": "Czas moderatorek: ok. 3 godziny tygodniowo.", "links": [],
    },
    {
        "organisation": "nomada", "kind": K.PRACTICE,
        "title": "Docieranie przez liderów i liderki społeczności",
        "description": (
            "Zamiast ogłaszać spotkanie wszystkim naraz, prosimy osoby zaufane w danej "
            "społeczności, by osobiście przekazały zaproszenie i zebrały pytania. "
            "Liderzy dostają informację wcześniej i w swoim języku.\n\n"
            "1. lista kontaktów do liderów (za ich zgodą)\n"
            "2. krótka wiadomość do przekazania dalej\n"
            "3. informacja zwrotna po spotkaniu"
        ),
        "good_for": "Docieranie do osób, które nie korzystają z kanałów instytucji; budowanie "
                    "zaufania.",
        "users": ["nomada", "wromigrant", "fundacja-ukraina"], "languages": ["ka", "ru", "uk"],
        "topics": ["integration", "anti-discrimination"], "cost": C.FREE,
        "cost_note": "Warto przewidzieć drobne honoraria dla liderów.", "links": [],
    },
    {
        "organisation": "wromigrant", "kind": K.PRACTICE, "title": "Pula tłumaczy i tłumaczek",
        "description": (
            "Wspólna lista osób tłumaczących ustnie (ukraiński, rosyjski, angielski, gruziński) "
            "na spotkania i dyżury, z zasadami: kto zamawia, z jakim wyprzedzeniem, kto płaci."
        ),
        "good_for": "Spotkania i konsultacje, na które przychodzą osoby nieznające polskiego.",
        "users": ["wromigrant", "feps", "dfop"], "languages": ["uk", "ru", "en", "ka"],
        "topics": ["legal-aid", "integration"], "cost": C.PAID,
        "cost_note": "Stawka godzinowa według umowy; część dyżurów finansuje miasto.",
        "links": [],
    },
    {
        "organisation": "feps", "kind": K.PRACTICE, "title": "Stoliki tematyczne na spotkaniach",
        "description": (
            "Uczestnicy rozchodzą się do stolików (np. Współpraca, Wsparcie, Wymiana wiedzy); "
            "przy każdym moderator(ka) i tablica na pomysły, potem krótkie podsumowanie "
            "wszystkich stolików."
        ),
        "good_for": "Zbieranie potrzeb i pomysłów od wielu organizacji w krótkim czasie.",
        "users": ["feps", "wcrs", "dfop"], "languages": ["pl", "uk"],
        "topics": ["ngo-support", "integration"], "cost": C.LOW,
        "cost_note": "Sala, flipcharty, kawa.", "links": [],
    },
]


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    for values in ENTRIES:
        values = dict(values)
        organisation = Organisation.objects.get(slug=values.pop("organisation"))
        users = values.pop("users")
        languages = values.pop("languages")
        topics = values.pop("topics")
        entry, _created = Entry.objects.update_or_create(
            organisation=organisation, title=values.pop("title"), defaults=values
        )
        entry.users.set(Organisation.objects.filter(slug__in=users))
        entry.languages.set(Language.for_codes(languages))
        entry.topics.set(Topic.objects.filter(slug__in=topics))
    if stdout is not None:
        stdout.write(f"Library: {Entry.objects.count()} entries.\n")
