"""The demo board of the meeting of 11 October 2023 ("Wymiana wiedzy i informacji" of the cycle
"Wspólnie o międzykulturowości"): a column per theme of the cycle (its thematic tables) and
a dozen cards written for the demo — what organisations might say at such tables, with no
personal data (no names of people, addresses are example.org). Idempotent: keyed on the
meeting and the cards' texts."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db import transaction

from wspolnie.organisations.models import Organisation

from .models import Board, Card, Column

EVENT_SLUG = "wspolnie-2023-02-wymiana-wiedzy"
TITLE = "Tablica spotkania: wymiana wiedzy i informacji (11.10.2023)"
DESCRIPTION = (
    "Wyniki pracy przy stolikach tematycznych. Każdy stolik to kolumna; dopisujcie pomysły, "
    "linki i kontakty do organizacji. (Karty napisane na potrzeby demonstracji.)"
)

#: (theme slug of the column, text, link, link title, author organisation slug, tags,
#:  language, pinned)
CARDS = [
    ("cooperation", "**Wspólny kalendarz wydarzeń** organizacji i instytucji — żeby dwa "
     "spotkania dla tej samej społeczności nie wypadały w tym samym terminie.",
     "", "", "wcrs", "kalendarz, koordynacja", "pl", True),
    ("cooperation", "Szukamy partnerów do wniosku o grant na warsztaty antydyskryminacyjne "
     "w szkołach — chętne organizacje migranckie prosimy o kontakt przez profil.",
     "", "", "nomada", "granty, szkoły", "pl", False),
    ("cooperation", "Спільні волонтерські чергування: одна організація дає приміщення, "
     "інша — перекладачів.", "", "", "fundacja-ukraina", "волонтери", "uk", False),
    ("support", "Dyżury tłumaczy ukraińsko-polskich w centrach aktywności lokalnej: lista "
     "dzielnic i godzin w jednym miejscu.",
     "https://example.org/dyzury-tlumaczy", "", "siec-cal", "tłumaczenia, CAL", "pl", False),
    ("support", "Bezpłatna sala spotkań dla grup nieformalnych, także migranckich "
     "(dostęp bez progów).", "https://example.org/sektor3/sala", "Sala w Centrum Sektor3",
     "fundacja-umbrella", "sala, dostępność", "pl", False),
    ("support", "Support for parents: a short guide to enrolling a child in a Wrocław school, "
     "in plain English and Ukrainian.", "https://example.org/school-enrolment-guide", "",
     "wromigrant", "education, guide", "en", False),
    ("knowledge", "**Newsletter sieci** raz w miesiącu: ogłoszenia wszystkich organizacji "
     "w trzech językach zamiast dziesięciu osobnych list.", "", "", "wcrs",
     "newsletter, informacja", "pl", True),
    ("knowledge", "Informacje docierają najlepiej przez **liderów społeczności** — osoby, "
     "którym ufają grupy na komunikatorach. Warto ich zapraszać na spotkania.", "", "",
     "feps", "liderzy, komunikatory", "pl", False),
    ("knowledge", "Grupy na Telegramie i Viberze to główny kanał informacji dla wielu osób "
     "z Ukrainy — ogłoszenia powinny być krótkie i mieć wersję ukraińską.", "", "",
     "fundacja-ukraina", "kanały, telegram", "pl", False),
    ("knowledge", "Portal kulturalny miasta: zgłaszanie wydarzeń wielojęzycznych.",
     "https://example.org/portal-kultury/zglos-wydarzenie", "", "wik", "kultura, portal",
     "pl", False),
    ("participation", "Konsultacje społeczne w prostym języku i z tłumaczeniem — inaczej "
     "migranci nie biorą w nich udziału.", "", "", "umw-partycypacja",
     "konsultacje, prosty język", "pl", False),
    ("participation", "Рада мешканців: як долучитися до роботи районної ради — зустріч "
     "з поясненням кроків.", "", "", "dfop", "участь, район", "uk", False),
]


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    from wspolnie.meetings.models import Event

    event = Event.objects.filter(slug=EVENT_SLUG).select_related("series").first()
    owner = Organisation.objects.filter(slug="wcrs").first()
    if event is None or owner is None:
        return
    board, _created = Board.objects.update_or_create(
        event=event, organisation=owner,
        defaults={"title": TITLE, "description": DESCRIPTION, "posting": Board.Posting.ANYONE,
                  "reading": Board.Reading.PUBLIC, "needs_approval": False, "is_open": True},
    )
    themes = list(event.series.themes.all()) if event.series else []
    columns = {}
    for position, theme in enumerate(themes):
        title = theme.names.get("pl") or theme.slug
        column, _created = Column.objects.update_or_create(
            board=board, title=title, defaults={"position": position}
        )
        columns[theme.slug] = column
    for position, (theme, text, link, link_title, org_slug, tags, language, pinned) in (
        enumerate(CARDS)
    ):
        column = columns.get(theme)
        if column is None:
            continue
        card, _created = Card.objects.update_or_create(
            board=board, text=text,
            defaults={
                "column": column, "link": link, "link_title": link_title,
                "author_organisation": Organisation.objects.filter(slug=org_slug).first(),
                "tags": tags, "language": language, "is_pinned": pinned, "position": position,
                "is_approved": True, "is_hidden": False,
            },
        )
        # Posted during the meeting, as they were.
        at = event.starts_at + datetime.timedelta(minutes=20 + 5 * position)
        Card.objects.filter(pk=card.pk).update(created=at, updated=at)
    Board.objects.filter(pk=board.pk).update(version=board.version + 1)
    if stdout is not None:
        stdout.write(f"Boards: {board.cards.count()} cards on the demo board.\n")
