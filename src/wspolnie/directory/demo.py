"""Demo vocabularies (topics, communities, districts, languages) and the demo organisations'
profile facts. Idempotent: keyed on slugs/codes."""

from __future__ import annotations

from typing import TextIO

from wspolnie.organisations.models import Location, Organisation

from .models import Community, District, Language, Topic

TOPICS = {
    "education": ("Edukacja", "Education", "Освіта"),
    "legal-aid": ("Pomoc prawna", "Legal aid", "Правова допомога"),
    "work": ("Praca", "Work", "Робота"),
    "housing": ("Mieszkanie", "Housing", "Житло"),
    "health": ("Zdrowie", "Health", "Здоров'я"),
    "culture": ("Kultura", "Culture", "Культура"),
    "children-youth": ("Dzieci i młodzież", "Children and youth", "Діти та молодь"),
    "women": ("Kobiety", "Women", "Жінки"),
    "anti-discrimination": ("Przeciwdziałanie dyskryminacji", "Anti-discrimination",
                            "Протидія дискримінації"),
    "language-learning": ("Nauka języka", "Language learning", "Вивчення мови"),
    "volunteering": ("Wolontariat", "Volunteering", "Волонтерство"),
    "psychological-support": ("Wsparcie psychologiczne", "Psychological support",
                              "Психологічна підтримка"),
    "integration": ("Integracja i dialog", "Integration and dialogue", "Інтеграція та діалог"),
    "ngo-support": ("Wsparcie organizacji", "Support for NGOs", "Підтримка організацій"),
    "research": ("Badania i analizy", "Research", "Дослідження"),
}

COMMUNITIES = {
    "ukrainian": ("Ukraińska", "Ukrainian", "Українська"),
    "belarusian": ("Białoruska", "Belarusian", "Білоруська"),
    "georgian": ("Gruzińska", "Georgian", "Грузинська"),
    "roma": ("Romska", "Roma", "Ромська"),
    "vietnamese": ("Wietnamska", "Vietnamese", "В'єтнамська"),
    "indian": ("Indyjska", "Indian", "Індійська"),
    "international-students": ("Studenci zagraniczni", "International students",
                               "Іноземні студенти"),
    "chechen": ("Czeczeńska", "Chechen", "Чеченська"),
    "turkish": ("Turecka", "Turkish", "Турецька"),
    "latin-american": ("Latynoamerykańska", "Latin American", "Латиноамериканська"),
}

DISTRICTS = [
    ("stare-miasto", "Stare Miasto"), ("nadodrze", "Nadodrze"), ("olbin", "Ołbin"),
    ("przedmiescie-swidnickie", "Przedmieście Świdnickie"),
    ("przedmiescie-olawskie", "Przedmieście Oławskie"), ("plac-grunwaldzki", "Plac Grunwaldzki"),
    ("szczepin", "Szczepin"), ("popowice", "Popowice"), ("kozanow", "Kozanów"),
    ("nowy-dwor", "Nowy Dwór"), ("lesnica", "Leśnica"), ("krzyki-partynice", "Krzyki-Partynice"),
    ("gaj", "Gaj"), ("huby", "Huby"), ("borek", "Borek"), ("jagodno", "Jagodno"),
    ("tarnogaj", "Tarnogaj"), ("psie-pole-zawidawie", "Psie Pole-Zawidawie"),
    ("sepolno", "Biskupin-Sępolno-Dąbie-Bartoszowice"), ("karlowice-rozanka", "Karłowice-Różanka"),
]

LANGUAGES = ["pl", "en", "uk", "ru", "be", "ka", "vi", "hi", "rom", "de", "es", "fr", "ar", "tr"]

#: slug → (topics, communities, languages, districts, description {lang: text}, location)
PROFILES = {
    "wcrs": (
        ["integration", "ngo-support", "volunteering"], ["ukrainian", "belarusian", "georgian"],
        ["pl", "en", "uk"], ["stare-miasto", "nadodrze"],
        {"en": "The city's social development centre; organiser of the networking meeting "
               "cycle “Wspólnie o międzykulturowości” (Together about interculturality).",
         "uk": "Міський центр соціального розвитку; організатор циклу мережевих зустрічей "
               "«Wspólnie o międzykulturowości» (Разом про міжкультурність)."},
        ("Wrocławskie Centrum Rozwoju Społecznego", "pl. Dominikański 6", "50-159",
         "stare-miasto"),
    ),
    "wcrs-dialog-miedzykulturowy": (
        ["integration", "culture", "anti-discrimination"],
        ["ukrainian", "belarusian", "georgian", "vietnamese", "international-students"],
        ["pl", "en", "uk"], ["stare-miasto"],
        {"en": "The WCRS team for intercultural dialogue: networking meetings, the "
               "Wielokultury Wrocław page and profile.",
         "uk": "Команда WCRS з міжкультурного діалогу: мережеві зустрічі, сторінка та профіль "
               "Wielokultury Wrocław."},
        None,
    ),
    "wromigrant": (
        ["legal-aid", "work", "education", "housing"], ["ukrainian", "belarusian", "georgian",
                                                        "indian", "vietnamese"],
        ["pl", "en", "uk", "ru"], ["stare-miasto"],
        {"en": "Information point for foreigners: residence permits, work, education and city "
               "services, in several languages.",
         "uk": "Інформаційний пункт для іноземців: легалізація перебування, робота, освіта та "
               "міські послуги кількома мовами."},
        None,
    ),
    "feps": (
        ["research", "work", "integration"], ["ukrainian", "belarusian", "international-students"],
        ["pl", "en"], ["stare-miasto"], {}, None,
    ),
    "dfop": (
        ["ngo-support", "volunteering"], ["ukrainian"], ["pl", "en"], ["stare-miasto"], {}, None,
    ),
    "araw": (
        ["work", "integration"], ["international-students", "indian"], ["pl", "en"],
        ["stare-miasto"], {}, None,
    ),
    "umw-partycypacja": (
        ["ngo-support", "integration"], [], ["pl"], ["stare-miasto"], {}, None,
    ),
    "fundacja-umbrella": (
        ["ngo-support", "volunteering", "education"], ["ukrainian"], ["pl", "uk"],
        ["stare-miasto", "przedmiescie-olawskie"], {},
        None,
    ),
    "siec-cal": (
        ["integration", "children-youth", "culture"], ["ukrainian", "roma"], ["pl", "uk"],
        ["nadodrze", "olbin", "kozanow", "gaj", "huby", "popowice"], {}, None,
    ),
    "wik": (
        ["culture", "education", "children-youth"], ["ukrainian", "belarusian"], ["pl", "en", "uk"],
        ["stare-miasto", "nadodrze"], {}, None,
    ),
    "umw-kultura": (["culture"], [], ["pl"], ["stare-miasto"], {}, None),
    "nomada": (
        ["anti-discrimination", "legal-aid", "psychological-support", "women"],
        ["ukrainian", "belarusian", "chechen", "georgian", "roma"],
        ["pl", "en", "uk", "ru", "ka"], ["nadodrze"],
        {"en": "Association for the integration of a multicultural society; runs Miejsce "
               "Otwarte (Open Place) with advice and anti-discrimination work.",
         "uk": "Асоціація інтеграції багатокультурного суспільства; веде Miejsce Otwarte "
               "(Відкрите місце): консультації та протидія дискримінації."},
        None,
    ),
    "fundacja-ukraina": (
        ["legal-aid", "language-learning", "work", "psychological-support", "children-youth"],
        ["ukrainian"], ["pl", "uk", "ru"], ["stare-miasto", "nadodrze"],
        {"en": "Supports Ukrainians in Wrocław: legal aid, language courses, help finding work.",
         "uk": "Підтримує українців у Вроцлаві: правова допомога, мовні курси, допомога в "
               "пошуку роботи."},
        None,
    ),
}


def _names(triple: tuple[str, str, str]) -> dict[str, str]:
    return dict(zip(("pl", "en", "uk"), triple, strict=True))


def load(stdout: TextIO | None = None) -> None:
    for position, (slug, names) in enumerate(TOPICS.items()):
        Topic.objects.update_or_create(
            slug=slug, defaults={"names": _names(names), "position": position}
        )
    for position, (slug, names) in enumerate(COMMUNITIES.items()):
        Community.objects.update_or_create(
            slug=slug, defaults={"names": _names(names), "position": position}
        )
    for position, (slug, name) in enumerate(DISTRICTS):
        District.objects.update_or_create(
            slug=slug, defaults={"names": {"pl": name}, "position": position}
        )
    Language.for_codes(LANGUAGES)

    for slug, (topics, communities, languages, districts, description, place) in PROFILES.items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        organisation.description = {"pl": organisation.short_description, **description}
        organisation.save(update_fields=["description"])
        organisation.topics.set(Topic.objects.filter(slug__in=topics))
        organisation.communities.set(Community.objects.filter(slug__in=communities))
        organisation.languages.set(Language.objects.filter(code__in=languages))
        organisation.districts.set(District.objects.filter(slug__in=districts))
        if place:
            name, street, postal_code, district_slug = place
            Location.objects.update_or_create(
                organisation=organisation,
                name=name,
                defaults={
                    "street_address": street,
                    "postal_code": postal_code,
                    "district": District.objects.get(slug=district_slug),
                },
            )
