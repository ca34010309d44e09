"""Demo announcements of the Wrocław network, written in Polish with approved Ukrainian and
English translations: a save-the-date for the next "Wspólnie o międzykulturowości" meeting (when
the meetings demo has one), a call for partners and a piece of news — plus one draft whose
Ukrainian translation waits for review by a volunteer, to show the translation workflow.

Texts are illustrative. Idempotent: keyed on (organisation, slug)."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation

from .models import Announcement, AnnouncementTranslation
from .services import ensure_translations

K = Announcement.Kind
T = AnnouncementTranslation.Status
TRANSLATOR_EMAIL = "member@demo.wspolnie.example"


def _next_meeting() -> Event | None:
    return (
        Event.objects.public().upcoming()
        .filter(series__slug__startswith="wspolnie-o-miedzykulturowosci")
        .exclude(status=Event.Status.CANCELLED)
        .first()
    )


def _save_the_date(event: Event) -> dict:
    start = event.local_start
    date_pl = f"{start:%d.%m.%Y}, godz. {start:%H:%M}"
    date_en = f"{start:%d/%m/%Y}, {start:%H:%M}"
    page = event.get_absolute_url()
    return {
        "organisation": "wcrs", "slug": "demo-save-the-date-wspolnie", "kind": K.SAVE_THE_DATE,
        "event": event, "topics": ["integration", "ngo-support"],
        "communities": ["ukrainian", "belarusian", "georgian", "international-students"],
        "districts": [], "published_days_ago": 2,
        "title": "Zarezerwuj datę: kolejne spotkanie „Wspólnie o międzykulturowości”",
        "body": (
            f"**{date_pl}** — zapraszamy organizacje, instytucje i liderów społeczności "
            "migranckich na kolejne spotkanie sieciujące.\n\n"
            "Porozmawiamy o tym, jak docierać z informacją do wszystkich mieszkańców Wrocławia "
            "— w ich językach, nie tylko w internecie. Szczegóły i zapisy wkrótce.\n\n"
            f"[Strona spotkania]({page})"
        ),
        "links": [{"url": "https://www.wielokultury.wroclaw.pl/", "label": "Wielokultury"}],
        "translations": {
            "uk": (
                "Збережіть дату: наступна зустріч «Разом про міжкультурність»",
                f"**{date_pl}** — запрошуємо організації, установи та лідерів спільнот "
                "мігрантів на чергову мережеву зустріч.\n\n"
                "Поговоримо про те, як доносити інформацію до всіх мешканців Вроцлава — їхніми "
                "мовами, не лише в інтернеті. Деталі та реєстрація незабаром.\n\n"
                f"[Сторінка зустрічі]({page})",
            ),
            "en": (
                "Save the date: the next “Together on interculturality” meeting",
                f"**{date_en}** — organisations, institutions and leaders of migrant "
                "communities are invited to the next networking meeting.\n\n"
                "We will talk about reaching everybody in Wrocław with news — in their "
                "languages, and not only online. Details and registration soon.\n\n"
                f"[Meeting page]({page})",
            ),
        },
    }


CALL_FOR_PARTNERS = {
    "organisation": "dfop", "slug": "demo-partnerzy-tydzien-sasiedzki",
    "kind": K.CALL_FOR_PARTNERS, "event": None, "published_days_ago": 5,
    "topics": ["integration", "culture", "volunteering"],
    "communities": ["ukrainian", "georgian", "vietnamese", "roma"],
    "districts": ["nadodrze", "olbin", "szczepin"],
    "title": "Szukamy partnerów: międzykulturowy tydzień sąsiedzki w centrach aktywności "
             "lokalnej",
    "body": (
        "Przygotowujemy tydzień spotkań sąsiedzkich w centrach aktywności lokalnej na Nadodrzu, "
        "Ołbinie i Szczepinie. Szukamy organizacji i grup, które poprowadzą warsztaty, "
        "kuchnię sąsiedzką albo dyżur informacyjny w swoim języku.\n\n"
        "- zapewniamy salę, materiały i promocję,\n"
        "- czekamy na zgłoszenia przez dwa tygodnie,\n"
        "- zapraszamy szczególnie społeczności, do których rzadko docieramy.\n\n"
        "Napisz do nas, opisz krótko swój pomysł."
    ),
    "links": [{"url": "https://dfop.org.pl/", "label": "DFOP"}],
    "translations": {
        "uk": (
            "Шукаємо партнерів: міжкультурний сусідський тиждень у центрах місцевої "
            "активності",
            "Готуємо тиждень сусідських зустрічей у центрах місцевої активності на Надодже, "
            "Ольбіні та Щепіні. Шукаємо організації та групи, які проведуть майстер-класи, "
            "сусідську кухню або інформаційне чергування своєю мовою.\n\n"
            "- надаємо приміщення, матеріали та промоцію,\n"
            "- чекаємо на заявки протягом двох тижнів,\n"
            "- особливо запрошуємо спільноти, до яких ми рідко доходимо.\n\n"
            "Напишіть нам і коротко опишіть свою ідею.",
        ),
        "en": (
            "Partners wanted: an intercultural neighbourhood week in local activity centres",
            "We are preparing a week of neighbourhood meetings in the local activity centres of "
            "Nadodrze, Ołbin and Szczepin. We are looking for organisations and groups to run "
            "workshops, a neighbourhood kitchen or an information desk in their language.\n\n"
            "- we provide the room, materials and promotion,\n"
            "- applications are open for two weeks,\n"
            "- communities we rarely reach are especially welcome.\n\n"
            "Write to us with a short description of your idea.",
        ),
    },
}

NEWS = {
    "organisation": "wromigrant", "slug": "demo-wromigrant-dyzury", "kind": K.NEWS,
    "event": None, "published_days_ago": 9,
    "topics": ["legal-aid", "work"], "communities": ["ukrainian", "belarusian", "indian"],
    "districts": ["stare-miasto"],
    "title": "WroMigrant: dodatkowe dyżury konsultantów po ukraińsku i angielsku",
    "body": (
        "Od przyszłego miesiąca punkt informacyjny WroMigrant ma dodatkowe dyżury we wtorki "
        "po południu. Konsultanci mówią po ukraińsku, rosyjsku i angielsku.\n\n"
        "Pomagamy w sprawach pobytu, pracy, szkoły i usług miejskich. Wizyty są bezpłatne; "
        "warto umówić się wcześniej."
    ),
    "links": [{"url": "https://www.wromigrant.pl/", "label": "WroMigrant"}],
    "translations": {
        "uk": (
            "WroMigrant: додаткові чергування консультантів українською та англійською",
            "З наступного місяця інформаційний пункт WroMigrant має додаткові чергування у "
            "вівторок по обіді. Консультанти говорять українською, російською та "
            "англійською.\n\n"
            "Допомагаємо з питаннями перебування, роботи, школи та міських послуг. Візити "
            "безкоштовні; краще записатися заздалегідь.",
        ),
        "en": (
            "WroMigrant: extra consultant hours in Ukrainian and English",
            "From next month the WroMigrant information point has extra hours on Tuesday "
            "afternoons. The consultants speak Ukrainian, Russian and English.\n\n"
            "We help with residence, work, school and city services. Visits are free; booking "
            "ahead is a good idea.",
        ),
    },
}

#: A draft in the middle of the workflow: Ukrainian handed in by a volunteer, English missing.
DRAFT = {
    "organisation": "wromigrant", "slug": "demo-szkolenie-dla-wolontariuszy", "kind": K.NEWS,
    "event": None, "published_days_ago": None,
    "topics": ["volunteering"], "communities": ["ukrainian"], "districts": [],
    "title": "Szkolenie dla wolontariuszy-tłumaczy społeczności",
    "body": (
        "Zapraszamy osoby, które pomagają rodakom z tłumaczeniem ogłoszeń i pism, na krótkie "
        "szkolenie: jak pisać prosto, jak sprawdzać terminy, gdzie szukać pomocy."
    ),
    "links": [],
    "translations": {
        "uk": (
            "Навчання для волонтерів-перекладачів спільнот",
            "Запрошуємо людей, які допомагають землякам перекладати оголошення та листи, на "
            "коротке навчання: як писати просто, як перевіряти терміни, де шукати допомогу.",
        ),
    },
    "translation_status": T.NEEDS_REVIEW,
    "languages": ["uk", "en"],
}


def _load_one(values: dict, now: dt.datetime) -> Announcement | None:
    organisation = Organisation.objects.filter(slug=values["organisation"]).first()
    if organisation is None:
        return None
    days = values["published_days_ago"]
    announcement, _created = Announcement.objects.update_or_create(
        organisation=organisation, slug=values["slug"],
        defaults={
            "kind": values["kind"], "source_language": "pl", "title": values["title"],
            "body": values["body"], "links": values["links"], "event": values["event"],
            "status": Announcement.Status.DRAFT if days is None
            else Announcement.Status.PUBLISHED,
            "publish_at": None if days is None else (now - dt.timedelta(days=days)).replace(
                hour=9, minute=0, second=0, microsecond=0),
        },
    )
    announcement.topics.set(Topic.objects.filter(slug__in=values["topics"]))
    announcement.communities.set(Community.objects.filter(slug__in=values["communities"]))
    announcement.districts.set(District.objects.filter(slug__in=values["districts"]))
    announcement.languages.set(Language.for_codes(values.get("languages", ["uk", "en"])))
    ensure_translations(announcement)
    translator = get_user_model().objects.filter(email=TRANSLATOR_EMAIL).first()
    status = values.get("translation_status", T.APPROVED)
    for language, (title, body) in values["translations"].items():
        AnnouncementTranslation.objects.update_or_create(
            announcement=announcement, language=language,
            defaults={
                "title": title, "body": body, "status": status,
                "source_revision": announcement.source_revision,
                "translator": translator if status != T.APPROVED else None,
                "approved_at": now if status == T.APPROVED else None,
            },
        )
    return announcement


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    now = timezone.now()
    items = [CALL_FOR_PARTNERS, NEWS, DRAFT]
    meeting = _next_meeting()
    if meeting is not None:
        items.insert(0, _save_the_date(meeting))
    loaded = [a for a in (_load_one(values, now) for values in items) if a is not None]
    if stdout is not None:
        stdout.write(f"Announcements: {len(loaded)}\n")
