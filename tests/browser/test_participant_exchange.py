"""Issue #12's proof in the browser: two participants register, one shares her e-mail address
and what she can help with, the other goes on the list sharing nothing. After the meeting the
follow-up mail reaches both (real SMTP on loopback) in their languages, its links work; the
first sees nobody on the list, the second sees only the first's shared fields; the organiser
reads the feedback aggregated (pl, uk and en)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.helpers import links_in, site_path, subject_of
from wspolnie.boards.models import Board
from wspolnie.meetings.exchange import send_followups
from wspolnie.meetings.models import Event, Registration, Series
from wspolnie.notes.models import Note

from .axe import follow, visit
from .helpers import field, log_in_quickly, tr

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(personas):
    series = Series.objects.create(slug="wspolnie-cykl", organiser=personas.org,
                                   title={"pl": "Cykl", "en": "Series", "uk": "Цикл"})
    start = (timezone.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    event = Event.objects.create(
        slug="sieciowanie", series=series, starts_at=start, ends_at=start + dt.timedelta(hours=2),
        title={"pl": "Sieciowanie", "en": "Networking", "uk": "Нетворкінг"},
        status=Event.Status.REGISTRATION_OPEN, venue_name="Sala",
    )
    later = Event.objects.create(
        slug="sieciowanie-2", series=series, starts_at=start + dt.timedelta(days=30),
        ends_at=start + dt.timedelta(days=30, hours=2), status=Event.Status.SAVE_THE_DATE,
        title={"pl": "Sieciowanie 2", "en": "Networking 2", "uk": "Нетворкінг 2"},
    )
    for item in (event, later):
        item.organisers.set([personas.org])
    return event


def register(page, language: str, name: str, email: str, shared: list[str],
             can_help_with: str = "") -> None:
    visit(page, "/meetings/sieciowanie/register/")
    field(page, tr(language, "Your name")).fill(name)
    field(page, tr(language, "E-mail address")).fill(email)
    sharing = page.locator("#sharing-fieldset")
    sharing.get_by_label(tr(language, "Put me on the participant list")).check()
    for label in shared:
        sharing.get_by_label(tr(language, label), exact=True).check()
    if can_help_with:
        field(sharing, tr(language, "I can help with…")).fill(can_help_with)
    follow(page, page.locator("#main").get_by_role("button", name=tr(language, "Register"),
                                                    exact=True))
    expect(page.locator("#sharing-summary")).to_contain_text(
        tr(language, "See the participant list"))


def test_participants_exchange_contacts_after_the_meeting(new_page, meeting, personas,
                                                          smtp_server, live_server):
    olena = new_page(locale="uk-UA")
    register(olena, "uk", "Олена Коваленко", "olena@example.org",
             ["my e-mail address", "what I can help with"], can_help_with="Гранти для НУО")
    jan = new_page(locale="pl-PL")
    register(jan, "pl", "Jan Nowak", "jan@example.org", [])
    smtp_server.wait_for(2)  # the confirmations

    # The meeting takes place; its note and board are published.
    Event.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=1), status=Event.Status.HELD)
    note = Note.objects.create(event=meeting, organisation=personas.org,
                               status=Note.Status.PUBLISHED, summary={"pl": "Ustalenia"})
    board = Board.objects.create(organisation=personas.org, event=meeting, title="Pomysły")
    assert send_followups() == 2  # what the worker's sweep runs

    mails = {m["To"]: m for m in smtp_server.wait_for(4)[2:]}
    assert subject_of(mails["olena@example.org"]) == (
        tr("uk", "After the meeting: %(title)s") % {"title": "Нетворкінг"})
    assert subject_of(mails["jan@example.org"]) == (
        tr("pl", "After the meeting: %(title)s") % {"title": "Sieciowanie"})

    links = {site_path(link) for link in links_in(mails["jan@example.org"])}
    assert {note.get_absolute_url(), board.get_absolute_url(),
            "/meetings/sieciowanie-2/"} <= links
    for path in sorted(links):  # every link works
        visit(jan, path)

    def list_link(person):
        return next(site_path(link) for link in links_in(mails[person])
                    if link.endswith("/participants/"))

    # Olena shares, but nobody else does: she sees no one.
    visit(olena, list_link("olena@example.org"))
    expect(olena.locator("#no-participants")).to_be_visible()
    expect(olena.get_by_text("Jan Nowak")).to_have_count(0)

    # Jan shares nothing, and sees Olena's shared fields only (not her name).
    visit(jan, list_link("jan@example.org"))
    [entry] = jan.locator("#participant-list > li").all()
    expect(entry.locator('[data-field="email"]')).to_have_text("olena@example.org")
    expect(entry.locator('[data-field="can_help_with"]')).to_have_text("Гранти для НУО")
    expect(entry.get_by_role("heading")).to_have_text(tr("pl", "A participant (name not shared)"))
    expect(jan.get_by_text("Олена")).to_have_count(0)

    # Jan answers the feedback form; the organiser reads it (in English).
    feedback = next(site_path(link) for link in links_in(mails["jan@example.org"])
                    if link.endswith("/feedback/"))
    visit(jan, feedback)
    jan.get_by_label(tr("pl", "5 – very useful")).check()
    field(jan, tr("pl", "What should the next meeting cover?")).fill("Mieszkania")
    follow(jan, jan.locator("#main").get_by_role("button", name=tr("pl", "Send")))
    alice = new_page(locale="en-GB")
    log_in_quickly(alice, personas.alice, live_server)
    visit(alice, "/meetings/sieciowanie/manage/")
    expect(alice.locator("#feedback-average")).to_have_text(
        "1 answer, usefulness 5.0 of 5 on average.")
    expect(alice.get_by_text("Mieszkania")).to_be_visible()
    assert Registration.objects.filter(followup_sent_at__isnull=False).count() == 2
