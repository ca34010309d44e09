"""Demo network: who came to the 2023 cycle's meetings for which organisation (fictional
registrants), two declared partnerships and one offer, then the graph computed once, so that
`wspolnie demo` shows ties, isolated organisations and suggested introductions. Idempotent:
keyed on the meeting and the e-mail address, on the pair, on the organisation and title."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from wspolnie.organisations.models import Organisation

from .models import Partnership

#: meeting slug → organisations whose people came (one fictional registrant each).
ATTENDANCE = {
    "wspolnie-2023-inauguracja": ["wromigrant", "araw", "nomada", "fundacja-ukraina", "wik"],
    "wspolnie-2023-02-wymiana-wiedzy": ["wromigrant", "fundacja-umbrella", "araw"],
    "wspolnie-2023-03-wsparcie": ["nomada", "fundacja-ukraina", "umw-partycypacja"],
    "wspolnie-2023-04-na-zywo": ["wik", "wromigrant", "fundacja-ukraina"],
}
#: (proposer, partner, confirmed, description, since)
PARTNERSHIPS = [
    ("wromigrant", "fundacja-ukraina", True,
     "Wspólne dyżury informacyjne dla osób z Ukrainy.", dt.date(2023, 10, 1)),
    ("nomada", "feps", False, "Badanie potrzeb kobiet z doświadczeniem migracji.", None),
]


def _attendance() -> int:
    from wspolnie.meetings.models import Event, Registration

    made = 0
    for event_slug, organisations in ATTENDANCE.items():
        event = Event.objects.filter(slug=event_slug).first()
        if event is None:
            continue
        for number, slug in enumerate(organisations, start=1):
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                continue
            _registration, created = Registration.objects.get_or_create(
                event=event, email=f"{slug}.{number}@demo.wspolnie.example",
                defaults={"name": f"Uczestnik demo {number}", "organisation_name":
                          organisation.name, "language": "pl",
                          "consent_given_at": event.starts_at,
                          "status": Registration.Status.ATTENDED, "answers": {}},
            )
            made += created
    return made


def _partnerships() -> None:
    for proposer_slug, partner_slug, confirmed, description, since in PARTNERSHIPS:
        proposer = Organisation.objects.filter(slug=proposer_slug).first()
        partner = Organisation.objects.filter(slug=partner_slug).first()
        if proposer is None or partner is None:
            continue
        Partnership.objects.update_or_create(
            proposer=proposer, partner=partner,
            defaults={"description": description, "started_on": since,
                      "status": (Partnership.Status.CONFIRMED if confirmed
                                 else Partnership.Status.PENDING),
                      "answered_at": timezone.now() if confirmed else None},
        )


def _offer() -> None:
    """An offer that answers Sieć CAL's need for interpreters (see needs/demo.py), from an
    organisation that has no tie yet: the demo's clearest suggested introduction."""
    from wspolnie.directory.models import District, Language
    from wspolnie.needs.models import NeedOffer

    team = Organisation.objects.filter(slug="wcrs-dialog-miedzykulturowy").first()
    if team is None:
        return
    offer, _created = NeedOffer.objects.update_or_create(
        organisation=team, title="Tłumaczenia ustne na spotkania: ukraiński, gruziński",
        defaults={
            "kind": NeedOffer.Kind.OFFER, "category": NeedOffer.Category.INTERPRETING,
            "description": "Nasze tłumaczki i tłumacze środowiskowi pomagają w rozmowach w "
                           "szkołach, urzędach i na spotkaniach sąsiedzkich. (Tekst "
                           "demonstracyjny.)",
            "contact_note": "Przez adres e-mail z profilu zespołu.",
            "expires_on": timezone.localdate() + dt.timedelta(days=60),
        },
    )
    offer.languages.set(Language.for_codes(["uk", "ka"]))
    offer.districts.set(District.objects.filter(slug__in=["stare-miasto", "nadodrze"]))


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    from .services import rebuild_network

    _attendance()
    _partnerships()
    _offer()
    result = rebuild_network()
    if stdout is not None:
        stdout.write(
            f"Network: {result['organisations']} organisations, {result['ties']} ties, "
            f"{result['suggestions']} suggested introductions.\n"
        )
