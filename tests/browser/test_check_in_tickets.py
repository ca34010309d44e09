"""The check-in page's ticket path in the browser: a ticket code goes through the same script
function the camera scanner calls (check_in.js), once checked in, twice "already checked in";
without a connection the check-in waits on the phone and is sent when the connection is
back; and a (fake) camera that films a ticket's QR code checks its holder in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import segno
from PIL import Image
from playwright.sync_api import expect

from wspolnie.meetings.models import Registration
from wspolnie.meetings.tickets import ticket_code

from .axe import visit
from .conftest import CHROMIUM, CHROMIUM_ARGS
from .csp import LISTENER_JS, CspTracker, raise_csp_violations
from .helpers import PHONE, field, log_in_quickly, tr

pytestmark = pytest.mark.browser


def filmed_ticket(code: str, path: Path) -> Path:
    """A video (Y4M, what Chromium's fake camera plays) of the code's QR code held up."""
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=8, border=4)
    qr = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    frame = Image.new("L", (640, 480), 90)
    frame.paste(qr, ((640 - qr.width) // 2, (480 - qr.height) // 2))
    with open(path, "wb") as video:
        video.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        video.write(b"FRAME\n" + frame.tobytes() + bytes([128]) * (320 * 240 * 2))
    return path


def test_a_ticket_checks_in_once_and_waits_on_the_phone_without_a_connection(
    browser, new_page, personas, live_server, tmp_path
):
    from tests.meetings.factories import make_event

    meeting = make_event(personas.org, capacity=10)
    olena = Registration.objects.create(event=meeting, name="Olena Kowalenko",
                                        email="olena@example.org")
    jan = Registration.objects.create(event=meeting, name="Jan Nowak", email="jan@example.org")
    iryna = Registration.objects.create(event=meeting, name="Iryna Bondar",
                                        email="iryna@example.org")
    phone = new_page(viewport=PHONE)
    log_in_quickly(phone, personas.alice, live_server)
    visit(phone, f"/meetings/{meeting.slug}/manage/check-in/")
    result, count = phone.locator("#ticket-result"), phone.locator("#check-in-count")

    # The scanner hands what it reads to checkInTicket; the typed code takes the same path.
    phone.evaluate("code => window.checkInTicket(code)", ticket_code(olena))
    expect(result).to_have_text(tr("pl", "%(name)s is checked in.") % {"name": olena.name})
    expect(count).to_have_text(
        tr("pl", "%(attended)s of %(expected)s checked in") % {"attended": 1, "expected": 3})
    field(phone, tr("pl", "Ticket code (printed under the QR code)")).fill(ticket_code(olena))
    phone.get_by_role("button", name=tr("pl", "Check in"), exact=True).click()
    olena.refresh_from_db()
    at = olena.checked_in_at.astimezone(meeting.zone).strftime("%H:%M")
    expect(result).to_have_text(tr("pl", "Already checked in at %(time)s.") % {"time": at})
    expect(count).to_have_text(
        tr("pl", "%(attended)s of %(expected)s checked in") % {"attended": 1, "expected": 3})

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
        tr("pl", "%(attended)s of %(expected)s checked in") % {"attended": 2, "expected": 3})
    jan.refresh_from_db()
    assert jan.status == Registration.Status.ATTENDED

    # The camera: Chromium's fake one films Iryna's QR code.
    video = filmed_ticket(ticket_code(iryna), tmp_path / "qr.y4m")
    camera_browser = browser.browser_type.launch(
        executable_path=str(CHROMIUM), headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-device-for-media-stream",
              "--use-fake-ui-for-media-stream", f"--use-file-for-fake-video-capture={video}"],
    )
    try:
        context = camera_browser.new_context(base_url=live_server.url, locale="pl-PL",
                                             viewport=PHONE)
        context.add_init_script(script=LISTENER_JS)
        camera = context.new_page()
        CspTracker(camera)
        log_in_quickly(camera, personas.alice, live_server)
        camera.goto(f"/meetings/{meeting.slug}/manage/check-in/")
        camera.get_by_role("button", name=tr("pl", "Scan a QR code with the camera")).click()
        expect(camera.locator("#ticket-result")).to_have_text(
            tr("pl", "%(name)s is checked in.") % {"name": iryna.name}, timeout=20_000)
        raise_csp_violations(camera)
    finally:
        camera_browser.close()
    iryna.refresh_from_db()
    assert iryna.status == Registration.Status.ATTENDED
