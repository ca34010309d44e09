"""Demo meetings: the real 2023 cycle "Wspólnie o międzykulturowości" (dates and themes as they
were; times, places and texts are illustrative) and an upcoming cycle with open registration,
its dates relative to today so it stays upcoming. Idempotent: keyed on slugs."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from wspolnie.organisations.models import Organisation

from .models import (
    AgendaItem,
    Event,
    Question,
    Registration,
    Series,
    SeriesCoOrganiser,
    SharingConsent,
    Theme,
)

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
E = Event.Status
F = Event.Format

THEMES = [
    ("cooperation", {"pl": "Współpraca", "en": "Cooperation", "uk": "Співпраця"}),
    ("support", {"pl": "Wsparcie", "en": "Support", "uk": "Підтримка"}),
    ("knowledge", {
        "pl": "Wymiana wiedzy i informacji",
        "en": "Knowledge and information exchange",
        "uk": "Обмін знаннями та інформацією",
    }),
    ("participation", {"pl": "Partycypacja", "en": "Participation", "uk": "Участь"}),
]

CONSENT = {
    "pl": "Zgadzam się na przetwarzanie moich danych w celu organizacji spotkania.",
    "en": "I agree to my data being processed to organise the meeting.",
    "uk": "Я погоджуюся на обробку моїх даних з метою організації зустрічі.",
}


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WARSAW)


def _series(slug: str, title: dict, description: dict) -> Series:
    series, _created = Series.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title, "description": description,
            "organiser": Organisation.objects.get(slug="wcrs"),
            "languages": ["pl", "uk", "en"],
        },
    )
    # The demo's co-organisers have agreed (on a real hub their admins confirm).
    series.co_organisers.set(Organisation.objects.filter(slug__in=["feps", "dfop"]))
    series.co_organiser_links.update(status=SeriesCoOrganiser.Status.CONFIRMED)
    for position, (theme_slug, names) in enumerate(THEMES):
        Theme.objects.update_or_create(
            series=series, slug=theme_slug, defaults={"names": names, "position": position}
        )
    return series


def _event(series: Series, slug: str, theme: str | None, agenda=(), questions=(),
           **values) -> Event:
    event, _created = Event.objects.update_or_create(
        slug=slug,
        defaults={
            "series": series,
            "theme": series.themes.get(slug=theme) if theme else None,
            "languages": ["pl", "uk"],
            "moderators": "Zespół ds. Dialogu Międzykulturowego WCRS",
            **values,
        },
    )
    event.organisers.set(Organisation.objects.filter(slug__in=["wcrs", "feps", "dfop"]))
    event.agenda_items.all().delete()
    for position, (time, title, speakers, orgs) in enumerate(agenda):
        item = AgendaItem.objects.create(
            event=event, time=time, title=title, speakers=speakers, position=position
        )
        item.speaker_organisations.set(Organisation.objects.filter(slug__in=orgs))
    for position, (label, kind, choices, required) in enumerate(questions):
        Question.objects.update_or_create(
            event=event, position=position,
            defaults={"label": label, "kind": kind, "choices": choices, "required": required},
        )
    return event


QUESTIONS = [
    ({"pl": "Czy potrzebujesz udogodnień dostępności?", "en": "Do you need any accessibility "
      "arrangements?", "uk": "Чи потрібні вам умови доступності?"}, "text", [], False),
    ({"pl": "Tłumaczenie", "en": "Interpretation", "uk": "Переклад"}, "choice", [
        {"value": "none", "label": {"pl": "Nie potrzebuję", "en": "Not needed",
                                    "uk": "Не потрібен"}},
        {"value": "uk", "label": {"pl": "na ukraiński", "en": "into Ukrainian",
                                  "uk": "українською"}},
        {"value": "en", "label": {"pl": "na angielski", "en": "into English",
                                  "uk": "англійською"}},
        {"value": "pjm", "label": {"pl": "na polski język migowy", "en": "into Polish Sign "
                                   "Language", "uk": "польською жестовою мовою"}},
    ], True),
    ({"pl": "Dieta", "en": "Dietary needs", "uk": "Харчові потреби"}, "multiple", [
        {"value": "vegetarian", "label": {"pl": "wegetariańska", "en": "vegetarian",
                                          "uk": "вегетаріанська"}},
        {"value": "vegan", "label": {"pl": "wegańska", "en": "vegan", "uk": "веганська"}},
        {"value": "halal", "label": {"pl": "halal", "en": "halal", "uk": "халяль"}},
        {"value": "gluten_free", "label": {"pl": "bezglutenowa", "en": "gluten-free",
                                           "uk": "безглютенова"}},
    ], False),
    ({"pl": "Czy zgadzasz się na zdjęcia?", "en": "May we take photos of you?",
      "uk": "Чи погоджуєтеся ви на фото?"}, "yes_no", [], True),
]


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    cycle = _series(
        "wspolnie-o-miedzykulturowosci-2023",
        {"pl": "Wspólnie o międzykulturowości 2023", "en": "Together on interculturality 2023",
         "uk": "Разом про міжкультурність 2023"},
        {"pl": "Cykl spotkań sieciujących organizacji, instytucji i liderów społeczności "
               "migranckich we Wrocławiu: inauguracja ze stolikami tematycznymi, potem "
               "comiesięczne spotkania, z których każde podejmuje wątki jednego stolika.",
         "en": "A cycle of networking meetings of organisations, institutions and migrant "
               "community leaders in Wrocław: an inauguration with thematic tables, then "
               "monthly meetings, each picking up the threads of one table.",
         "uk": "Цикл зустрічей для налагодження зв'язків між організаціями, установами та "
               "лідерами мігрантських спільнот у Вроцлаві: відкриття з тематичними столами, "
               "потім щомісячні зустрічі, кожна з яких продовжує теми одного столу."},
    )
    report = {
        "pl": "Spotkanie inauguracyjne: przy stolikach tematycznych (Współpraca, Wsparcie, "
              "Wymiana wiedzy i informacji, Partycypacja) zebraliśmy potrzeby i pomysły, "
              "do których wracamy w kolejnych spotkaniach cyklu. (Tekst demonstracyjny.)",
        "en": "Inauguration: at thematic tables (Cooperation, Support, Knowledge and "
              "information exchange, Participation) we collected needs and ideas that the "
              "next meetings of the cycle pick up. (Demo text.)",
        "uk": "Відкриття: за тематичними столами (Співпраця, Підтримка, Обмін знаннями та "
              "інформацією, Участь) ми зібрали потреби та ідеї, до яких повертаємося на "
              "наступних зустрічах циклу. (Демонстраційний текст.)",
    }
    _event(
        cycle, "wspolnie-2023-inauguracja", None, number=1,
        title={"pl": "Inauguracja cyklu: stoliki tematyczne", "en": "Inauguration: thematic "
               "tables", "uk": "Відкриття циклу: тематичні столи"},
        format=F.IN_PERSON, venue_name="Wrocław", starts_at=_at(2023, 9, 14, 10),
        ends_at=_at(2023, 9, 14, 13), status=E.REPORT_PUBLISHED, report=report,
        agenda=[
            (dt.time(10, 0), {"pl": "Powitanie", "en": "Welcome", "uk": "Привітання"},
             "", ["wcrs"]),
            (dt.time(10, 30), {"pl": "Stoliki tematyczne", "en": "Thematic tables",
                               "uk": "Тематичні столи"}, "", ["feps", "dfop"]),
            (dt.time(12, 30), {"pl": "Podsumowanie", "en": "Summary", "uk": "Підсумки"},
             "", []),
        ],
    )
    _event(
        cycle, "wspolnie-2023-02-wymiana-wiedzy", "knowledge", number=2,
        title={"pl": "Wymiana wiedzy i informacji", "en": "Knowledge and information "
               "exchange", "uk": "Обмін знаннями та інформацією"},
        format=F.ONLINE, starts_at=_at(2023, 10, 11, 10), ends_at=_at(2023, 10, 11, 12),
        online_link="https://meet.example.org/wspolnie-2023-02", status=E.HELD,
    )
    _event(
        cycle, "wspolnie-2023-03-wsparcie", "support", number=3,
        title={"pl": "Wsparcie", "en": "Support", "uk": "Підтримка"},
        format=F.IN_PERSON, venue_name="Wrocław", starts_at=_at(2023, 11, 15, 10),
        ends_at=_at(2023, 11, 15, 12), status=E.HELD,
    )
    _event(
        cycle, "wspolnie-2023-04-na-zywo", "cooperation", number=4,
        title={"pl": "Spotkanie na żywo na koniec roku", "en": "End-of-year meeting, live",
               "uk": "Зустріч наживо наприкінці року"},
        format=F.IN_PERSON, venue_name="Wrocław", starts_at=_at(2023, 12, 13, 16),
        ends_at=_at(2023, 12, 13, 19), status=E.HELD,
    )

    today = timezone.localdate()
    year = (today + dt.timedelta(days=14)).year
    upcoming = _series(
        "wspolnie-o-miedzykulturowosci-nastepna-edycja",
        {"pl": "Wspólnie o międzykulturowości — nowa edycja", "en": "Together on "
         "interculturality — new edition", "uk": "Разом про міжкультурність — нове видання"},
        cycle.description,
    )

    def day(offset: int, hour: int) -> dt.datetime:
        date = today + dt.timedelta(days=offset)
        return _at(date.year, date.month, date.day, hour)

    open_event = _event(
        upcoming, "wspolnie-nowa-edycja-01", "cooperation", number=1,
        title={"pl": "Współpraca organizacji i instytucji", "en": "Cooperation of "
               "organisations and institutions", "uk": "Співпраця організацій та установ"},
        description={"pl": f"Pierwsze spotkanie cyklu {year}.", "en": f"The first meeting of "
                     f"the {year} cycle.", "uk": f"Перша зустріч циклу {year}."},
        format=F.HYBRID, venue_name="Centrum Wspierania Organizacji Pozarządowych Sektor3",
        venue_address="ul. Legnicka 65, Wrocław", latitude="51.119600", longitude="17.001000",
        accessibility_notes="Wejście bez progów, winda.",
        online_link="https://meet.example.org/wspolnie-nowa-edycja-01",
        starts_at=day(14, 10), ends_at=day(14, 13), status=E.REGISTRATION_OPEN,
        capacity=30, consent_text=CONSENT, questions=QUESTIONS,
        agenda=[
            (dt.time(10, 0), {"pl": "Powitanie", "en": "Welcome", "uk": "Привітання"},
             "", ["wcrs"]),
            (dt.time(10, 20), {"pl": "Rozmowy przy stolikach", "en": "Table talks",
                               "uk": "Розмови за столами"}, "", ["dfop"]),
        ],
    )
    for name, email, language in [
        ("Olena K.", "olena@example.org", "uk"),
        ("Jan N.", "jan@example.org", "pl"),
        ("Amira S.", "amira@example.org", "en"),
    ]:
        Registration.objects.get_or_create(
            event=open_event, email=email,
            defaults={"name": name, "language": language, "consent_given_at": timezone.now(),
                      "answers": {}, "status": Registration.Status.CONFIRMED},
        )
    _participant_list(open_event)
    _event(
        upcoming, "wspolnie-nowa-edycja-02", "support", number=2,
        title={"pl": "Wsparcie", "en": "Support", "uk": "Підтримка"},
        format=F.ONLINE, online_link="https://meet.example.org/wspolnie-nowa-edycja-02",
        starts_at=day(45, 10), ends_at=day(45, 12), status=E.AGENDA,
        agenda=[(dt.time(10, 0), {"pl": "Wprowadzenie", "en": "Introduction",
                                  "uk": "Вступ"}, "", ["feps"])],
    )
    _event(
        upcoming, "wspolnie-nowa-edycja-03", "knowledge", number=3,
        title={"pl": "Wymiana wiedzy", "en": "Knowledge exchange", "uk": "Обмін знаннями"},
        format=F.IN_PERSON, starts_at=day(75, 16), ends_at=day(75, 18),
        status=E.SAVE_THE_DATE,
    )
    _standalone_meetings(day, open_event)
    if stdout is not None:
        stdout.write(f"Meetings: {Event.objects.count()} in {Series.objects.count()} series.\n")


#: The demo's participant list (exchange.py): Olena and Jan on it, Amira not.
SHARING = {
    "olena@example.org": {
        "shared_fields": ["name", "organisation_name", "email", "can_help_with",
                          "spoken_languages"],
        "organisation_name": "Fundacja Ukraina", "spoken_languages": "українська, polski",
        "can_help_with": "Formalności pobytowe, tłumaczenia na ukraiński.",
    },
    "jan@example.org": {
        "shared_fields": ["name", "role", "looking_for"], "role": "Koordynator wolontariatu",
        "looking_for": "Sali na warsztaty dla 20 osób w okolicach Nadodrza.",
    },
}


def _participant_list(event: Event) -> None:
    from .exchange import consent_wording

    until = timezone.now() + dt.timedelta(days=182)
    for email, values in SHARING.items():
        registration = event.registrations.get(email=email)
        Registration.objects.filter(pk=registration.pk).update(
            on_participant_list=True, share_until=until, **values)
        registration.refresh_from_db()
        if not registration.sharing_consents.exists():
            SharingConsent.objects.create(
                registration=registration, language=registration.language,
                shown_text=consent_wording(event, registration.shared_fields,
                                           registration.share_audience, True, until),
                on_participant_list=True, shared_fields=registration.shared_fields,
                share_audience=registration.share_audience, share_until=until,
            )


#: Meetings outside any series in the coming days, so that the home page and this month's
#: calendar show something whatever the date of `wspolnie demo`.
STANDALONE = [
    ("demo-kawa-jezykowa", ["fundacja-ukraina", "nomada"], 2, 17, 19, F.IN_PERSON,
     E.REGISTRATION_OPEN, ["pl", "uk"],
     {"pl": "Kawa językowa polsko-ukraińska", "en": "Polish–Ukrainian language café",
      "uk": "Польсько-українське мовне кафе"}),
    ("demo-webinar-prawa-pracownicze", ["wromigrant"], 6, 18, 20, F.ONLINE, E.AGENDA,
     ["pl", "en", "uk"],
     {"pl": "Webinar: prawa pracownicze cudzoziemców", "en": "Webinar: workers' rights of "
      "foreigners", "uk": "Вебінар: трудові права іноземців"}),
    ("demo-warsztaty-dla-wolontariuszy", ["umw-kultura", "siec-cal"], 9, 10, 14, F.HYBRID,
     E.REGISTRATION_OPEN, ["pl", "en"],
     {"pl": "Warsztaty międzykulturowe dla wolontariuszy", "en": "Intercultural workshop for "
      "volunteers", "uk": "Міжкультурний семінар для волонтерів"}),
]


def _standalone_meetings(day, open_event: Event) -> None:
    for slug, organisers, offset, start, end, format_, status, languages, title in STANDALONE:
        event, _created = Event.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title, "format": format_, "status": status, "languages": languages,
                "starts_at": day(offset, start), "ends_at": day(offset, end),
                "venue_name": "" if format_ == F.ONLINE else "Wrocław",
                "online_link": "" if format_ == F.IN_PERSON
                else f"https://meet.example.org/{slug}",
                "capacity": 25 if status == E.REGISTRATION_OPEN else None,
            },
        )
        event.organisers.set(Organisation.objects.filter(slug__in=organisers))
    # The demo member is registered for the open meeting of the new cycle ("For you").
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.filter(email="member@demo.wspolnie.example").first()
    if member is not None:
        Registration.objects.get_or_create(
            event=open_event, email=member.email,
            defaults={"name": member.name, "user": member, "language": "uk",
                      "consent_given_at": timezone.now(), "answers": {},
                      "status": Registration.Status.CONFIRMED},
        )
