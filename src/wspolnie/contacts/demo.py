"""Demo contact persons: role-based, clearly fictional names, e-mail addresses on
example.org and phone numbers from Ofcom's range reserved for drama (+44 20 7946 0xxx), which
reaches no one. Idempotent: keyed on organisation + name."""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from wspolnie.directory.models import Language, Visibility
from wspolnie.organisations.models import Organisation

from .models import ConsentRecord, ContactPerson
from .phones import normalise_phone
from .services import CONSENT_TEXT

V = Visibility

DEMO_CONTACTS = [
    {
        "organisation": "wcrs-dialog-miedzykulturowy",
        "name": "Koordynator(ka) ds. dialogu",
        "role": {
            "pl": "Koordynacja spotkań sieciujących „Wspólnie o międzykulturowości”",
            "en": "Coordinates the networking meetings",
            "uk": "Координація зустрічей мережі",
        },
        "email": "dialog.demo@example.org",
        "phone": "+44 20 7946 0101",
        "languages": ["pl", "en", "uk"],
        "visibility": {"email": V.PUBLIC, "phone": V.MEMBERS},
        "purpose": "Kontakt w sprawie spotkań sieciujących (dane demonstracyjne)",
    },
    {
        "organisation": "wromigrant",
        "name": "Konsultant(ka) punktu informacyjnego",
        "role": {
            "pl": "Informacja o legalizacji pobytu i pracy",
            "en": "Information on residence and work permits",
            "uk": "Інформація про легалізацію перебування та роботу",
        },
        "email": "punkt.demo@example.org",
        "phone": "+44 20 7946 0102",
        "languages": ["pl", "uk", "ru", "en"],
        "visibility": {"email": V.PUBLIC, "phone": V.PUBLIC},
        "purpose": "Kontakt dla osób szukających informacji (dane demonstracyjne)",
    },
    {
        "organisation": "fundacja-ukraina",
        "name": "Asystent(ka) ds. edukacji",
        "role": {
            "pl": "Wsparcie rodzin w zapisach do szkół",
            "uk": "Підтримка родин у записі до шкіл",
        },
        "email": "edukacja.demo@example.org",
        "phone": "+44 20 7946 0103",
        "languages": ["uk", "pl"],
        "visibility": {},  # the defaults: e-mail for members, phone for staff only
        "purpose": "Pytania rodzin o zapisy do szkół (dane demonstracyjne)",
    },
    {
        "organisation": "nomada",
        "name": "Lider(ka) społeczności gruzińskiej",
        "role": {"pl": "Kontakt ze społecznością gruzińską", "ka": "კონტაქტი ქართულ თემთან"},
        "email": "spolecznosc.demo@example.org",
        "phone": "+44 20 7946 0104",
        "languages": ["ka", "ru", "pl"],
        "visibility": {"name": V.MEMBERS, "email": V.STAFF},
        "purpose": "Zapraszanie na spotkania społeczności (dane demonstracyjne)",
    },
]


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    recorder = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    loaded = 0
    for values in DEMO_CONTACTS:
        organisation = Organisation.objects.filter(slug=values["organisation"]).first()
        if organisation is None:
            continue
        visibility = {f"{field}_visibility": str(level)
                      for field, level in values["visibility"].items()}
        contact, _created = ContactPerson.objects.update_or_create(
            organisation=organisation,
            name=values["name"],
            erased_at=None,
            defaults={
                "role": values["role"],
                "email": values["email"],
                "phone": normalise_phone(values["phone"]),
                **{f"{field}_visibility": str(field_default)
                   for field, field_default in _defaults().items()},
                **visibility,
            },
        )
        contact.languages.set(Language.for_codes(values["languages"]))
        with translation.override("pl"):
            ConsentRecord.objects.get_or_create(
                contact=contact,
                source=ConsentRecord.Source.DEMO,
                defaults={
                    "subject_name": contact.name,
                    "recorded_by": recorder,
                    "purpose": values["purpose"],
                    "consent_text": str(CONSENT_TEXT),
                },
            )
        loaded += 1
    if stdout is not None:
        stdout.write(f"Demo contact persons: {loaded}\n")


def _defaults() -> dict[str, str]:
    return {
        field: ContactPerson._meta.get_field(f"{field}_visibility").default
        for field in ("name", "role", "email", "phone", "languages")
    }
