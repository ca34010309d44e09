"""Demo vocabularies (topics, communities, districts, languages) and the demo organisations'
profile facts. Idempotent: keyed on slugs/codes."""

from __future__ import annotations

import io
from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from wspolnie.organisations.models import Location, Membership, Organisation, OutdatedReport

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


#: slug → legal form (only what the name itself says).
LEGAL_FORMS = {
    "feps": "Fundacja", "fundacja-umbrella": "Fundacja", "fundacja-ukraina": "Fundacja",
    "nomada": "Stowarzyszenie", "dfop": "Federacja (związek stowarzyszeń)",
    "wcrs": "Jednostka budżetowa gminy", "wik": "Samorządowa instytucja kultury",
}

#: Extra facts for the places already listed (demo values, for the profile layout).
PLACE_DETAILS = {
    "wcrs": {
        "opening_hours": {
            "pl": "pn–pt 8:00–16:00",
            "en": "Mon–Fri 8:00–16:00",
            "uk": "пн–пт 8:00–16:00",
        },
        "accessibility": {
            "pl": "Wejście z poziomu chodnika, winda, toaleta dostępna dla osób na wózku.",
            "en": "Step-free entrance from the pavement, a lift, a wheelchair-accessible toilet.",
            "uk": "Вхід на рівні тротуару, ліфт, туалет, доступний для людей на візку.",
        },
        "latitude": "51.108500",
        "longitude": "17.039300",
    },
}

#: Fictional organisations (example.org addresses, numbers with valid check digits that
#: belong to nobody we know): one approved with every field filled, one waiting for approval.
EXAMPLE_ORGANISATIONS = [
    {
        "slug": "fundacja-przykladowa-demo",
        "name": "Fundacja Przykładowa (demo)",
        "kind": Organisation.Kind.FOUNDATION,
        "status": Organisation.Status.APPROVED,
        "short_description": {
            "pl": "Przykładowy profil ze wszystkimi polami: kursy językowe, dyżury prawne "
                  "i spotkania dla rodzin z dziećmi.",
            "en": "An example profile with every field: language courses, legal advice hours "
                  "and meetings for families with children.",
            "uk": "Приклад профілю з усіма полями: мовні курси, юридичні консультації "
                  "та зустрічі для родин з дітьми.",
        },
        "description": {
            "pl": "Przykładowa organizacja pokazująca pełny profil w katalogu: opis w kilku "
                  "językach, numery rejestrowe, miejsca z godzinami otwarcia i dostępnością.",
            "en": "An example organisation showing a complete directory profile: a description "
                  "in several languages, registry numbers, places with opening hours and "
                  "accessibility notes.",
            "uk": "Приклад організації з повним профілем у каталозі: опис кількома мовами, "
                  "реєстраційні номери, місця з годинами роботи та інформацією про доступність.",
            "ka": "სადემონსტრაციო ორგანიზაცია კატალოგის სრული პროფილით.",
        },
        "legal_form": "Fundacja",
        "krs": "0000999999",
        "nip": "5260250274",
        "regon": "123456785",
        "website": "https://fundacja-przykladowa.example.org",
        "email": "kontakt@fundacja-przykladowa.example.org",
        "phone": "+48 71 700 00 00",
        "social_profiles": ["https://www.facebook.com/example", "https://www.instagram.com/example"],
        "founding_year": 2016,
        "size": Organisation.Size.SMALL,
        "topics": ["language-learning", "legal-aid", "children-youth"],
        "communities": ["ukrainian", "georgian", "belarusian"],
        "languages": ["pl", "uk", "ka", "ru", "en"],
        "districts": ["nadodrze", "olbin", "krzyki-partynice", "plac-grunwaldzki"],
        "places": [
            {
                "name": "Klub sąsiedzki (demo)",
                "street_address": "ul. Przykładowa 1",
                "postal_code": "50-001",
                "district": "nadodrze",
                "opening_hours": {
                    "pl": "wt i czw 16:00–19:00\nsob 10:00–13:00",
                    "en": "Tue and Thu 16:00–19:00\nSat 10:00–13:00",
                    "uk": "вт і чт 16:00–19:00\nсб 10:00–13:00",
                },
                "accessibility": {
                    "pl": "Parter, próg 2 cm, brak toalety dostępnej dla wózków.",
                    "en": "Ground floor, a 2 cm threshold, no wheelchair-accessible toilet.",
                    "uk": "Перший поверх, поріг 2 см, немає туалету, доступного для візків.",
                },
                "latitude": "51.118000",
                "longitude": "17.032000",
            },
            # Fictional places on real streets, with their streets' coordinates (no
            # geocoding: the demo works offline), so the map shows more than one district.
            {
                "name": "Punkt porad (demo)",
                "street_address": "ul. Powstańców Śląskich 95",
                "postal_code": "53-332",
                "district": "krzyki-partynice",
                "latitude": "51.088600",
                "longitude": "17.013900",
            },
            {
                "name": "Świetlica (demo)",
                "street_address": "pl. Grunwaldzki 22",
                "postal_code": "50-363",
                "district": "plac-grunwaldzki",
                "latitude": "51.112400",
                "longitude": "17.060700",
            },
        ],
    },
    {
        "slug": "grupa-sasiedzka-demo",
        "name": "Grupa Sąsiedzka Przykład (demo)",
        "kind": Organisation.Kind.INFORMAL_GROUP,
        "status": Organisation.Status.PENDING,
        "short_description": {
            "pl": "Nieformalna grupa sąsiadów z Popowic: wymiana ubrań, wspólne gotowanie, "
                  "pomoc w tłumaczeniu pism.",
            "en": "An informal group of neighbours in Popowice: swapping clothes, cooking "
                  "together, help with translating letters.",
            "uk": "Неформальна група сусідів з Поповиць: обмін одягом, спільне приготування "
                  "їжі, допомога з перекладом листів.",
        },
        "description": {"uk": "Неформальна група сусідів з Поповиць."},
        "topics": ["integration", "volunteering"],
        "communities": ["ukrainian"],
        "languages": ["pl", "uk"],
        "districts": ["popowice"],
        # Waiting for approval: its place must not appear on any public map.
        "places": [
            {
                "name": "Świetlica osiedlowa (demo)",
                "street_address": "ul. Popowicka 68",
                "postal_code": "54-237",
                "district": "popowice",
                "latitude": "51.126900",
                "longitude": "16.987600",
            },
        ],
        "admin": "member@demo.wspolnie.example",
    },
]

EXAMPLE_REPORTS = {
    "wik": "Demo: link do programu wydarzeń na profilu prowadzi do starej strony.",
}


def _demo_logo() -> ContentFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 160), (11, 83, 148))
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 30, 130, 130), fill=(255, 191, 71))
    draw.rectangle((70, 20, 90, 140), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="demo-logo.png")


def _give_demo_logo(organisation: Organisation) -> None:
    """One shared file (written once), so loading the demo again adds no files."""
    storage = organisation.logo.storage
    name = "logos/demo-logo.png"
    try:
        if not storage.exists(name):
            name = storage.save(name, _demo_logo())
    except OSError:  # a read-only media directory: the demo works without a logo
        return
    organisation.logo.name = name
    organisation.save(update_fields=["logo"])


def _load_examples() -> None:
    users = get_user_model().objects
    for values in EXAMPLE_ORGANISATIONS:
        values = dict(values)
        slug = values.pop("slug")
        topics, communities = values.pop("topics"), values.pop("communities")
        languages, districts = values.pop("languages"), values.pop("districts")
        places, admin = values.pop("places"), values.pop("admin", None)
        submitter = users.filter(email=admin).first() if admin else None
        organisation, _created = Organisation.objects.update_or_create(
            slug=slug, defaults={**values, "submitted_by": submitter}
        )
        organisation.topics.set(Topic.objects.filter(slug__in=topics))
        organisation.communities.set(Community.objects.filter(slug__in=communities))
        organisation.languages.set(Language.for_codes(languages))
        organisation.districts.set(District.objects.filter(slug__in=districts))
        for place in places:
            place = dict(place)
            district = District.objects.get(slug=place.pop("district"))
            Location.objects.update_or_create(
                organisation=organisation, name=place.pop("name"),
                defaults={**place, "district": district},
            )
        if submitter is not None:
            Membership.objects.update_or_create(
                user=submitter, organisation=organisation,
                defaults={"role": Membership.Role.ADMIN},
            )
        if organisation.is_public and not organisation.logo:
            _give_demo_logo(organisation)
    for slug, message in EXAMPLE_REPORTS.items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is not None:
            OutdatedReport.objects.get_or_create(organisation=organisation, message=message)


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
        organisation.description = {
            "pl": (organisation.short_description or {}).get("pl", ""), **description
        }
        organisation.save(update_fields=["description"])
        organisation.topics.set(Topic.objects.filter(slug__in=topics))
        organisation.communities.set(Community.objects.filter(slug__in=communities))
        organisation.languages.set(Language.objects.filter(code__in=languages))
        organisation.districts.set(District.objects.filter(slug__in=districts))
        if slug in LEGAL_FORMS:
            organisation.legal_form = LEGAL_FORMS[slug]
            organisation.save(update_fields=["legal_form"])
        if place:
            name, street, postal_code, district_slug = place
            Location.objects.update_or_create(
                organisation=organisation,
                name=name,
                defaults={
                    "street_address": street,
                    "postal_code": postal_code,
                    "district": District.objects.get(slug=district_slug),
                    **PLACE_DETAILS.get(slug, {}),
                },
            )
    _load_examples()
    if stdout is not None:
        stdout.write(
            "Directory: vocabularies, profiles, an example organisation with every field, "
            "one waiting for approval, one report of outdated information."
        )
