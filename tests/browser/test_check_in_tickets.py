"""The check-in page's ticket path in the browser: a ticket code goes through the same script
function the camera scanner calls (check_in.js), once checked in, twice "already checked in";
without a connection the check-in waits on the phone and is sent when the connection is
back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wspolnie.meetings.models import Registration
from wspolnie.meetings.tickets import ticket_code

from .axe import visit
from .helpers import PHONE, field, log_in_quickly, tr

pytestmark = pytest.mark.browser


def test_a_ticket_checks_in_once_and_waits_on_the_phone_without_a_connection(
    new_page, personas, live_server
):
    from tests.meetings.factories import make_event

    meeting = make_event(personas.org, capacity=10)
    olena = Registration.objects.create(event=meeting, name="Olena Kowalenko",
                                        email="olena@example.org")
    jan = Registration.objects.create(event=meeting, name="Jan Nowak", email="jan@example.org")
    phone = new_page(viewport=PHONE)
    log_in_quickly(phone, personas.alice, live_server)
    visit(phone, f"/meetings/{meeting.slug}/manage/check-in/")
    result, count = phone.locator("#ticket-result"), phone.locator("#check-in-count")

    # The scanner hands what it reads to checkInTicket; the typed code takes the same path.
    phone.evaluate("code => window.checkInTicket(code)", ticket_code(olena))
    expect(result).to_have_text(tr("pl", "%(name)s is checked in.") % {"name": olena.name})
    expect(count).to_have_text(
        tr("pl", "%(attended)s of %(expected)s checked in") % {"attended": 1, "expected": 2})
    field(phone, tr("pl", "Ticket code (printed under the QR code)")).fill(ticket_code(olena))
    phone.get_by_role("button", name=tr("pl", "Check in"), exact=True).click()
    olena.refresh_from_db()
    at = olena.checked_in_at.astimezone(meeting.zone).strftime("%H:%M")
    expect(result).to_have_text(tr("pl", "Already checked in at %(time)s.") % {"time": at})
    expect(count).to_have_text(
        tr("pl", "%(attended)s of %(expected)s checked in") % {"attended": 1, "expected": 2})

    # The connection drops: Jan's check-in waits on the phone.
    phone.context.set_offline(True)
    phone.evaluate("code => window.checkInTicket(code)", ticket_code(jan))
    expect(result).to_have_text(tr("pl", "No connection: the check-in is kept on this phone "
                                         "and sent as soon as the connection is back."))
    expect(phone.locator("#ticket-pending")).to_have_text(
        tr("pl", "Waiting to be sent:") + " 1")
    jan.refresh_from_db()
    assert jan.checked_in_at is None

    # Back online: it is sent by itself, and the server counts it.
    phone.context.set_offline(False)
    expect(phone.locator("#ticket-pending")).to_be_hidden()
    expect(result).to_have_text(tr("pl", "%(name)s is checked in.") % {"name": jan.name})
    expect(count).to_have_text(
        tr("pl", "%(attended)s of %(expected)s checked in") % {"attended": 2, "expected": 2})
    jan.refresh_from_db()
    assert jan.status == Registration.Status.ATTENDED
