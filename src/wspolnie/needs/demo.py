"""Demo needs and offers of the demo organisations (no personal data). Idempotent: keyed on
the organisation and the title; the expiry dates move with today's date."""

from __future__ import annotations

import datetime
from typing import TextIO

from wspolnie.directory.models import District, Language
from wspolnie.organisations.models import Organisation

from .models import NeedOffer, today

K, C = NeedOffer.Kind, NeedOffer.Category

#: (organisation slug, kind, category, title, description, contact note, languages,
#:  districts, days until it expires)
ITEMS = [
    (
        "siec-cal", K.NEED, C.INTERPRETING,
        "Szukamy wolontariuszy-tłumaczy ukraińsko-polskich",
        "Na spotkania sąsiedzkie i dyżury w centrach aktywności lokalnej przychodzi coraz "
        "więcej rodzin z Ukrainy. Szukamy osób, które raz na dwa tygodnie pomogą w "
        "tłumaczeniu rozmów (ukraiński ↔ polski), najczęściej w popołudnia w tygodniu.\n\n"
        "Zapewniamy krótkie szkolenie i zaświadczenie o wolontariacie.",
        "Zgłoszenia przez adres e-mail z profilu Sieci CAL; napisz, w której dzielnicy "
        "mieszkasz.",
        ["uk", "pl"], ["nadodrze", "kozanow", "gaj"], 45,
    ),
    (
        "fundacja-umbrella", K.OFFER, C.SPACE,
        "Sala spotkań dla organizacji w Centrum Sektor3",
        "Udostępniamy bezpłatnie salę na 20 osób (rzutnik, flipchart, dostęp dla osób na "
        "wózkach) organizacjom pozarządowym i grupom nieformalnym — także migranckim — na "
        "spotkania, szkolenia i próby.",
        "Rezerwacje przez formularz na stronie Centrum Sektor3, z wyprzedzeniem co najmniej "
        "tygodnia.",
        ["pl", "uk"], ["stare-miasto"], 180,
    ),
    (
        "nomada", K.NEED, C.PARTNERS,
        "Partnerzy do projektu o przeciwdziałaniu dyskryminacji w szkołach",
        "Przygotowujemy wniosek grantowy na warsztaty antydyskryminacyjne dla uczniów i "
        "nauczycieli szkół podstawowych. Szukamy szkół, rad osiedli i organizacji "
        "migranckich, które chcą współtworzyć program.",
        "Napisz do stowarzyszenia przez adres z profilu; termin zgłoszeń — do końca "
        "miesiąca.",
        ["pl", "en"], [], 30,
    ),
    (
        "fundacja-ukraina", K.NEED, C.VOLUNTEERS,
        "Wolontariusze do klubu rozmów po polsku",
        "Klub rozmów dla dorosłych uczących się polskiego spotyka się w czwartki wieczorem. "
        "Szukamy osób mówiących po polsku, które chcą porozmawiać o codziennych sprawach — "
        "nie trzeba doświadczenia w nauczaniu.",
        "",
        ["pl", "uk"], ["stare-miasto"], 60,
    ),
    (
        "wcrs-dialog-miedzykulturowy", K.OFFER, C.KNOWLEDGE,
        "Szkolenie z komunikacji międzykulturowej dla zespołów",
        "Prowadzimy dwugodzinne szkolenie dla pracowników instytucji i organizacji, które "
        "obsługują cudzoziemców: różnice kulturowe, prosty język, praca z tłumaczem.",
        "Zapytania przez adres e-mail WCRS z profilu organizacji.",
        ["pl", "en"], [], 120,
    ),
    (
        "feps", K.NEED, C.PARTNERS,
        "Organizacje do badania o sytuacji migrantów na rynku pracy",
        "Szukamy organizacji, które pomogą dotrzeć do respondentów z różnych społeczności "
        "(ankieta w kilku językach, anonimowa).",
        "Kontakt przez adres e-mail z profilu fundacji.",
        ["pl", "en", "uk", "ru"], [], 90,
    ),
]


def load(stdout: TextIO | None = None) -> None:
    count = 0
    for slug, kind, category, title, description, note, languages, districts, days in ITEMS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        item, _created = NeedOffer.objects.update_or_create(
            organisation=organisation,
            title=title,
            defaults={
                "kind": kind,
                "category": category,
                "description": description,
                "contact_note": note,
                "expires_on": today() + datetime.timedelta(days=days),
                "closed_at": None,
                "expiry_processed_at": None,
            },
        )
        item.languages.set(Language.for_codes(languages))
        item.districts.set(District.objects.filter(slug__in=districts))
        count += 1
    if stdout is not None:
        stdout.write(f"Needs and offers: {count} demo items on the board.\n")
