"""Meetings in the browser: register, get the mail with a working calendar file (real SMTP on
loopback), cancel, and see the person waiting get the seat; check-in on a phone."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.helpers import links_in, site_path
from tests.meetings.calendars import read_with_vobject
from tests.smtp import body_text
from wspolnie.meetings.models import Event, Question, Registration

from .axe import follow, visit
from .helpers import PHONE, field, log_in_quickly, tr

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(personas):
    event = Event.objects.create(
        slug="wspolnie-online", title={"pl": "Wsparcie online", "en": "Support online",
                                       "uk": "Підтримка онлайн"},
        format=Event.Format.ONLINE, online_link="https://meet.example.org/room-7",
        starts_at=(timezone.now() + dt.timedelta(days=7)).replace(second=0, microsecond=0),
        ends_at=(timezone.now() + dt.timedelta(days=7, hours=2)).replace(second=0,
                                                                          microsecond=0),
        status=Event.Status.REGISTRATION_OPEN, capacity=1,
        consent_text={"pl": "Zgadzam się", "en": "I agree", "uk": "Я погоджуюся"},
    )
    event.organisers.set([personas.org])
    Question.objects.create(event=event, kind="choice", required=True,
                            label={"pl": "Tłumaczenie", "en": "Interpretation",
                                   "uk": "Переклад"},
                            choices=[{"value": "none", "label": {"pl": "Nie", "en": "None",
                                                                 "uk": "Не потрібен"}},
                                     {"value": "uk", "label": {"pl": "ukraiński",
                                                               "en": "Ukrainian",
                                                               "uk": "українською"}}])
    return event


def calendar_in(message) -> str:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    content = part.get_content()
    return content.decode() if isinstance(content, bytes) else content


def registration_link(message) -> str:
    return next(site_path(link) for link in links_in(message) if "/registration/" in link)


def fill_the_form(page: Page, language: str, name: str, email: str, interpretation: str,
                  status: int = 200):
    field(page, tr(language, "Your name")).fill(name)
    field(page, tr(language, "E-mail address")).fill(email)
    if interpretation:
        field(page, {"pl": "Tłumaczenie", "en": "Interpretation", "uk": "Переклад"}[language]
              ).select_option(interpretation)
    page.get_by_label({"pl": "Zgadzam się", "en": "I agree", "uk": "Я погоджуюся"}[language]
                      ).check()
    # A registration that fails re-renders the form with 422 Unprocessable Content.
    follow(page, page.locator("#main").get_by_role("button", name=tr(language, "Register"),
                                                    exact=True), status=status)


def test_register_get_the_calendar_cancel_and_the_next_person_gets_the_seat(
    new_page, meeting, smtp_server
):
    # Olena reads Ukrainian. She forgets the required question first.
    olena = new_page(locale="uk-UA")
    visit(olena, f"/meetings/{meeting.slug}/")
    expect(olena.get_by_role("heading", level=1)).to_have_text("Підтримка онлайн")
    expect(olena.get_by_text("room-7")).to_have_count(0)
    follow(olena, olena.locator("#main").get_by_role("link", name=tr("uk", "Register"),
                                                     exact=True))
    fill_the_form(olena, "uk", "Олена Коваленко", "olena@example.org", "", status=422)
    expect(olena.get_by_text(tr("uk", "Please answer this question."))).to_be_visible()
    assert not Registration.objects.exists()

    fill_the_form(olena, "uk", "Олена Коваленко", "olena@example.org", "uk")
    expect(olena.get_by_role("status")).to_have_text(
        tr("uk", "You are registered. We have sent you a mail."))
    expect(olena.locator("#registration-status")).to_have_text(tr("uk", "Confirmed"))
    expect(olena.get_by_role("link", name="https://meet.example.org/room-7")).to_be_visible()

    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "olena@example.org"
    ics = calendar_in(mail)
    calendar = icalendar.Calendar.from_ical(ics)
    [entry] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert str(entry["UID"]) == meeting.uid
    assert entry.decoded("DTSTART") == meeting.starts_at
    assert read_with_vobject(ics).vevent.summary.value == "Підтримка онлайн"

    # Amira reads English; the only seat is taken, so she waits.
    amira = new_page(locale="en-GB")
    visit(amira, f"/meetings/{meeting.slug}/register/")
    expect(amira.locator("#seats")).to_have_text(
        "All seats are taken: you can join the waiting list.")
    fill_the_form(amira, "en", "Amira Saleh", "amira@example.org", "none")
    expect(amira.locator("#registration-status")).to_contain_text("On the waiting list")
    expect(amira.get_by_text("number 1 on the waiting list")).to_be_visible()
    expect(amira.get_by_text("room-7")).to_have_count(0)
    amira_page = amira.url

    # Olena opens the link from her mail and cancels.
    visit(olena, registration_link(mail))
    follow(olena, olena.get_by_role("button", name=tr("uk", "Cancel my registration")))
    expect(olena.get_by_role("status")).to_have_text(tr("uk", "Your registration is cancelled."))
    expect(olena.locator("#registration-status")).to_have_text(tr("uk", "Cancelled"))

    mails = {m["To"]: m for m in smtp_server.wait_for(4)[2:]}
    cancellation = icalendar.Calendar.from_ical(calendar_in(mails["olena@example.org"]))
    assert cancellation["METHOD"] == "CANCEL"
    assert str(cancellation.walk("VEVENT")[0]["UID"]) == meeting.uid
    promotion = mails["amira@example.org"]
    assert "A seat is free for you" in str(promotion["Subject"])
    assert "https://meet.example.org/room-7" in body_text(promotion)

    visit(amira, amira_page)
    expect(amira.locator("#registration-status")).to_have_text("Confirmed")
    expect(amira.get_by_role("link", name="https://meet.example.org/room-7")).to_be_visible()


def test_check_in_at_the_door_on_a_phone(new_page, meeting, personas, live_server):
    for name, email in [("Olena Kowalenko", "olena@example.org"),
                        ("Jan Nowak", "jan@example.org")]:
        Registration.objects.create(event=meeting, name=name, email=email)
    phone = new_page(viewport=PHONE)
    log_in_quickly(phone, personas.alice, live_server)
    visit(phone, f"/meetings/{meeting.slug}/manage/check-in/")
    expect(phone.locator("#check-in-count")).to_have_text(
        tr("pl", "%(attended)s of %(expected)s checked in") % {"attended": 0, "expected": 2})

    main = phone.locator("#main")
    main.get_by_role("searchbox", name=tr("pl", "Search by name")).fill("kowal")
    follow(phone, main.get_by_role("button", name=tr("pl", "Search"), exact=True))
    expect(phone.get_by_text("Jan Nowak")).to_have_count(0)
    follow(phone, phone.get_by_role(
        "button", name=tr("pl", "Check in %(name)s") % {"name": "Olena Kowalenko"}))

    expect(phone.get_by_role("status")).to_have_text(
        tr("pl", "%(name)s is checked in.") % {"name": "Olena Kowalenko"})
    expect(phone.locator("#check-in-count")).to_have_text(
        tr("pl", "%(attended)s of %(expected)s checked in") % {"attended": 1, "expected": 2})
    assert Registration.objects.get(email="olena@example.org").status == "attended"
    # One tap target fills the phone's width comfortably.
    box = phone.get_by_role("button", name=re.compile(re.escape(tr("pl", "Checked in")))
                            ).bounding_box()
    assert box["height"] >= 40


def test_organiser_sees_the_dashboard_and_others_do_not(new_page, meeting, personas,
                                                        live_server):
    Registration.objects.create(event=meeting, name="Olena Kowalenko", email="olena@example.org")
    page = new_page()
    log_in_quickly(page, personas.charlie, live_server)
    visit(page, f"/meetings/{meeting.slug}/manage/", status=403)
    expect(page.get_by_text("olena@example.org")).to_have_count(0)

    alice = new_page(locale="en-GB")
    log_in_quickly(alice, personas.alice, live_server)
    visit(alice, f"/meetings/{meeting.slug}/")
    follow(alice, alice.get_by_role("link", name="Manage this meeting"))
    expect(alice.get_by_role("cell", name="olena@example.org")).to_be_visible()
