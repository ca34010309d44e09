"""The demo note of the meeting of 11 October 2023 ("Knowledge and information exchange"),
written for the demo: no personal data — the speakers are named by their organisations, the
contacts are the demo contact persons (wspolnie.contacts.demo), links are on example.org.
Idempotent: keyed on the meeting."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction

from wspolnie.contacts.models import ContactPerson
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation

from .models import Note

EVENT = "wspolnie-2023-02-wymiana-wiedzy"

SUMMARY = {
    "pl": (
        "Drugie spotkanie cyklu poświęciliśmy temu, **jak informacja dociera** do mieszkańców "
        "z doświadczeniem migracji — i gdzie się gubi. Organizacje pokazały swoje kanały "
        "(newsletter, grupy w komunikatorach, miejski portal kultury), a w dyskusji wróciły "
        "wątki ze stolika „Wymiana wiedzy i informacji” z inauguracji. (Tekst demonstracyjny.)"
    ),
    "en": (
        "The second meeting of the cycle was about **how information reaches** residents with "
        "a migration background — and where it gets lost. Organisations showed their channels "
        "(a newsletter, messenger groups, the city's culture portal), and the discussion picked "
        "up the threads of the inauguration's \"Knowledge and information exchange\" table. "
        "(Demo text.)"
    ),
    "uk": (
        "Другу зустріч циклу ми присвятили тому, **як інформація доходить** до мешканців із "
        "досвідом міграції — і де вона губиться. Організації показали свої канали (розсилку, "
        "групи в месенджерах, міський портал культури), а в дискусії повернулися теми столу "
        "«Обмін знаннями та інформацією» з відкриття. (Демонстраційний текст.)"
    ),
}

PRESENTATIONS = [
    ("wcrs", {"pl": "Newsletter sieci: jedno wydanie w miesiącu",
              "en": "The network's newsletter: one issue a month",
              "uk": "Розсилка мережі: один випуск на місяць"},
     {"pl": "Jak zbieramy ogłoszenia i tłumaczymy je na trzy języki. Przykład: "
            "[wydanie z września](https://example.org/newsletter/2023-09).",
      "en": "How we collect announcements and translate them into three languages. Example: "
            "[the September issue](https://example.org/newsletter/2023-09).",
      "uk": "Як ми збираємо оголошення й перекладаємо їх трьома мовами. Приклад: "
            "[вересневий випуск](https://example.org/newsletter/2023-09)."}),
    ("fundacja-ukraina", {"pl": "Grupy rodziców w komunikatorach",
                          "en": "Parents' groups in messengers",
                          "uk": "Групи батьків у месенджерах"},
     {"pl": "Zasady moderacji i to, co działa: krótkie wiadomości, jeden temat, przypięte "
            "terminy.",
      "en": "Moderation rules and what works: short messages, one topic, pinned dates.",
      "uk": "Правила модерації і те, що працює: короткі повідомлення, одна тема, закріплені "
            "терміни."}),
    ("umw-kultura", {"pl": "Miejski portal kultury dla nowych mieszkańców",
                     "en": "The city's culture portal for new residents",
                     "uk": "Міський портал культури для нових мешканців"},
     {"pl": "Filtr wydarzeń bezpłatnych i w innych językach; formularz zgłaszania wydarzeń.",
      "en": "A filter for free events and events in other languages; a form to submit events.",
      "uk": "Фільтр безкоштовних подій і подій іншими мовами; форма для подання подій."}),
]

DISCUSSION = {
    "pl": "- Informacja w jednym języku nie dociera do wszystkich: potrzebne są wersje "
          "ukraińska i angielska.\n- Najlepiej działa polecenie przez zaufaną osobę ze "
          "społeczności.\n- Organizacje nie wiedzą o swoich kanałach nawzajem.",
    "en": "- Information in one language does not reach everyone: Ukrainian and English "
          "versions are needed.\n- A recommendation by a trusted person of the community works "
          "best.\n- Organisations do not know about each other's channels.",
    "uk": "- Інформація однією мовою доходить не до всіх: потрібні українська та англійська "
          "версії.\n- Найкраще працює рекомендація від довіреної особи зі спільноти.\n- "
          "Організації не знають про канали одна одної.",
}
DECISIONS = {
    "pl": "1. Zbieramy kanały organizacji w jednym katalogu.\n2. Dobre praktyki trafiają do "
          "[biblioteki praktyk i narzędzi](/library/).\n3. Pomysł: wspólna pula tłumaczy.",
    "en": "1. We collect the organisations' channels in one directory.\n2. Good practices go "
          "to the [library of practices and tools](/library/).\n3. Idea: a shared pool of "
          "interpreters.",
    "uk": "1. Збираємо канали організацій в одному каталозі.\n2. Добрі практики потрапляють до "
          "[бібліотеки практик та інструментів](/library/).\n3. Ідея: спільний пул "
          "перекладачів.",
}
NEXT_STEPS = {
    "pl": "- Do końca października: organizacje dodają swoje kanały na platformie.\n- Kolejne "
          "spotkanie (15 listopada): Wsparcie.",
    "en": "- By the end of October: organisations add their channels to the platform.\n- Next "
          "meeting (15 November): Support.",
    "uk": "- До кінця жовтня: організації додають свої канали на платформу.\n- Наступна "
          "зустріч (15 листопада): Підтримка.",
}
LINKS = [
    {"url": "https://example.org/kultura", "label": "Miejski portal kultury (przykład)"},
    {"url": "https://example.org/materialy/2023-10-11.pdf",
     "label": "Prezentacje ze spotkania (PDF, przykład)"},
]
CONTACTS = [
    ("wcrs-dialog-miedzykulturowy", "Koordynator(ka) ds. dialogu"),
    ("wromigrant", "Konsultant(ka) punktu informacyjnego"),
    ("fundacja-ukraina", "Asystent(ka) ds. edukacji"),
]


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    event = Event.objects.filter(slug=EVENT).first()
    if event is None:
        return
    organisations = dict(Organisation.objects.values_list("slug", "pk"))
    note, _created = Note.objects.update_or_create(
        event=event,
        defaults={
            "organisation": Organisation.objects.get(slug="wcrs"),
            "status": Note.Status.PUBLISHED,
            "summary": SUMMARY, "discussion": DISCUSSION, "decisions": DECISIONS,
            "next_steps": NEXT_STEPS, "useful_links": LINKS,
            "presentations": [
                {"title": title, "speaker": "", "organisation": organisations.get(slug),
                 "summary": summary}
                for slug, title, summary in PRESENTATIONS
            ],
        },
    )
    if note.published_at is None:
        note.published_at = event.ends_at + dt.timedelta(days=6)
        note.save(update_fields=["published_at"])
    contacts = [
        contact for slug, name in CONTACTS
        for contact in ContactPerson.objects.active().filter(organisation__slug=slug, name=name)
    ]
    note.contacts.set(contacts)
    if stdout is not None:
        stdout.write(f"Meeting notes: {Note.objects.count()}.\n")
