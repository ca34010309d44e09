"""Entrance tickets: the signed code (valid, forged, another meeting's, cancelled, erased,
reused), the QR code in the mail (read back with a QR decoder) and on the registration page,
and checking in with it — by the API, by the check-in page's form — once only."""

from __future__ import annotations

import io
import re

import pytest
import segno
import zxingcpp
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.base import BaseTestCase
from tests.smtp import body_text
from wspolnie.accounts import services as account_services
from wspolnie.core.models import AuditEntry
from wspolnie.meetings import services, tickets
from wspolnie.meetings.models import Event, Registration

from .factories import make_event, register

R = Registration.Status


class TicketBase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.event = make_event(cls.org, capacity=10)
        cls.other_event = make_event(cls.other_org)
        cls.olena = register(cls.event, "olena@example.org", "Olena Kowalenko")
        cls.jan = register(cls.event, "jan@example.org", "Jan Nowak")
        cls.elsewhere = register(cls.other_event, "olena@example.org", "Olena Kowalenko")
        cls.gone = register(cls.event, "gone@example.org", "Gone Person", status=R.CANCELLED)

    def code(self, registration: Registration) -> str:
        registration.refresh_from_db()
        return tickets.ticket_code(registration)


class TicketCodeTestCase(TicketBase):
    def refusal(self, text: str, event: Event | None = None) -> tickets.TicketError:
        with self.assertRaises(tickets.TicketError) as caught, translation.override("en"):
            tickets.registration_for(event or self.event, text)
        return caught.exception

    def test_a_ticket_admits_its_holder_at_its_meeting(self):
        code = self.code(self.olena)
        self.assertRegex(code, r"^W\d+-\d+-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")
        self.assertEqual(tickets.registration_for(self.event, code), self.olena)

    def test_the_code_names_nobody(self):
        code = self.code(self.olena).lower()
        for personal in ("olena", "kowalenko", "example", self.olena.token.lower()):
            self.assertNotIn(personal, code)

    def test_typed_codes_are_forgiven_case_spaces_and_look_alikes(self):
        code = self.code(self.olena)
        head, number, mac = code.split("-", 2)
        typed = f" {head.lower()} {number}  {mac.replace('-', '').lower()} "
        self.assertEqual(tickets.registration_for(self.event, typed), self.olena)
        look_alike = "-".join([head, number, mac.replace("0", "O").replace("1", "l")])
        self.assertEqual(tickets.registration_for(self.event, look_alike), self.olena)

    def test_a_forged_or_mistyped_ticket_is_not_valid(self):
        code = self.code(self.olena)
        last = code[-1]
        forged = [
            code[:-1] + ("2" if last != "2" else "3"),                         # one symbol off
            code.replace(f"-{self.olena.pk}-", f"-{self.jan.pk}-"),            # another person
            code.replace(f"W{self.event.pk}-", f"W{self.other_event.pk}-"),  # another meeting
            f"W{self.event.pk}-999999-AAAA-BBBB-CCCC-DDDD",                    # nobody
            f"W{self.event.pk}-{'9' * 18}-AAAA-BBBB-CCCC-DDDD",                # too big an id
            "https://example.org/", "", "W-1--", code + "X", "x" * 5000, "\x00",
        ]
        for text in forged:
            with self.subTest(text=text[:40]):
                error = self.refusal(text)
                self.assertEqual(error.code, "invalid")
                self.assertEqual(error.message, "This ticket is not valid.")

    def test_another_meetings_ticket_says_which_meeting(self):
        error = self.refusal(self.code(self.elsewhere))
        self.assertEqual(error.code, "other_event")
        self.assertIn("This ticket is for another meeting", error.message)
        with translation.override("en"):
            self.assertIn(f"“{self.other_event.title_text}”", error.message)

    def test_a_cancelled_registrations_ticket_is_refused(self):
        error = self.refusal(self.code(self.gone))
        self.assertEqual((error.code, error.message),
                         ("cancelled", "This registration is cancelled."))

    def test_an_erased_registrations_ticket_no_longer_works(self):
        code = self.code(self.jan)
        services.do_erase_registration(self.staff, self.jan)
        error = self.refusal(code)
        self.assertEqual(error.code, "erased")
        self.assertIn("erased", error.message)
        # Elsewhere the erased ticket is just not valid (nothing to say about others' people).
        self.assertEqual(self.refusal(code, self.other_event).code, "invalid")

    def test_each_registration_has_a_secret_of_its_own(self):
        secrets = set(Registration.objects.values_list("ticket_secret", flat=True))
        self.assertEqual(len(secrets), Registration.objects.count())

    def test_messages_are_translated(self):
        for language in ("pl", "uk"):
            with translation.override(language), self.assertRaises(tickets.TicketError) as caught:
                tickets.registration_for(self.event, "nonsense")
            self.assertNotEqual(caught.exception.message, "This ticket is not valid.", language)


class CheckInApiTestCase(TicketBase):
    def url(self, event: Event | None = None) -> str:
        return f"/api/meetings/events/{(event or self.event).slug}/check-in"

    def scan(self, code: str, **headers):
        headers.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        return self.client.post(self.url(), {"ticket": code}, content_type="application/json",
                                **headers)

    def test_the_first_scan_checks_in_the_second_says_already_checked_in(self):
        self.login(self.alice)
        code = self.code(self.olena)
        first = self.scan(code)
        self.assertEqual(first.status_code, 200, first.content)
        body = first.json()
        self.assertEqual(body["status"], "checked_in")
        self.assertEqual(body["detail"], "Olena Kowalenko is checked in.")
        self.assertEqual(body["counts"], {"attended": 1, "expected": 2,
                                          "text": "1 of 2 checked in"})
        self.olena.refresh_from_db()
        self.assertEqual(self.olena.status, R.ATTENDED)
        at = self.olena.checked_in_at.astimezone(self.event.zone).strftime("%H:%M")

        second = self.scan(code)
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.json()["status"], "already_checked_in")
        self.assertEqual(second.json()["detail"], f"Already checked in at {at}.")
        self.assertEqual(second.json()["counts"]["attended"], 1)
        self.assertEqual(AuditEntry.objects.filter(action="meetings.checked_in").count(), 1)
        self.assertEqual(self.client.get(self.url()).json()["attended"], 1)
        self.assertEqual(self.client.get(self.url()).json()["text"], "obecni: 1 z 2")

    def test_someone_checked_in_by_name_is_already_checked_in_by_ticket(self):
        self.login(self.alice)
        services.do_check_in(self.alice, self.jan)
        self.assertEqual(self.scan(self.code(self.jan)).json()["status"], "already_checked_in")

    def test_refused_tickets_are_json_4xx_with_a_reason(self):
        self.login(self.alice)
        cases = [("nonsense", 422, "invalid"), (self.code(self.elsewhere), 409, "other_event"),
                 (self.code(self.gone), 409, "cancelled")]
        for code, status, reason in cases:
            with self.subTest(reason=reason):
                response = self.scan(code)
                self.assertEqual(response.status_code, status)
                self.assertEqual(response.json()["code"], reason)
        response = self.scan("nonsense", HTTP_ACCEPT_LANGUAGE="pl")
        self.assertEqual(response.json()["detail"], "Ten bilet jest nieważny.")
        response = self.client.post(self.url(), {"ticket": "x" * 101},
                                    content_type="application/json")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(Registration.objects.filter(status=R.ATTENDED).count(), 0)

    def test_only_the_meetings_organisers_and_staff_check_in(self):
        code = self.code(self.olena)
        self.assertEqual(self.scan(code).status_code, 401)
        self.assertEqual(self.client.get(self.url()).status_code, 401)
        for persona in (self.bob, self.charlie):
            self.login(persona)
            with self.subTest(persona=persona.email):
                response = self.scan(code)
                self.assertEqual(response.status_code, 403)
                self.assertNotIn("Olena", response.content.decode())
                self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.olena.refresh_from_db()
        self.assertIsNone(self.olena.checked_in_at)
        self.login(self.staff)
        self.assertEqual(self.scan(code).json()["status"], "checked_in")
        response = self.client.post("/api/meetings/events/no-such-meeting/check-in",
                                    {"ticket": code}, content_type="application/json")
        self.assertEqual(response.status_code, 404)

    def test_charlie_cannot_use_his_own_meeting_to_check_in_alices_people(self):
        self.login(self.charlie)
        response = self.client.post(self.url(self.other_event), {"ticket": self.code(self.olena)},
                                    content_type="application/json")
        self.assertEqual((response.status_code, response.json()["code"]), (409, "other_event"))
        self.assertNotIn("Olena", response.content.decode())
        self.olena.refresh_from_db()
        self.assertIsNone(self.olena.checked_in_at)

    def test_an_api_token_works_at_the_door(self):
        raw = account_services.do_create_api_token(self.alice, "door")[1]
        response = self.scan(self.code(self.jan), HTTP_AUTHORIZATION=f"Bearer {raw}")
        self.assertEqual(response.json()["status"], "checked_in")


class CheckInPageTestCase(TicketBase):
    def url(self, name: str = "check_in") -> str:
        return reverse(f"meetings:{name}", kwargs={"slug": self.event.slug})

    def test_it_requires_login(self):
        for url, method in ((self.url(), "get"), (self.url("check_in_ticket"), "post")):
            response = getattr(self.client, method)(url, {"ticket": self.code(self.olena)})
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_rejects_other_orgs_admin_and_members(self):
        for persona in (self.bob, self.charlie):
            self.login(persona)
            response = self.client.post(self.url("check_in_ticket"),
                                        {"ticket": self.code(self.olena)})
            self.assertEqual(response.status_code, 403, persona.email)
        self.olena.refresh_from_db()
        self.assertIsNone(self.olena.checked_in_at)

    def test_the_page_has_the_scanner_the_code_field_and_the_name_search(self):
        self.login(self.alice)
        response = self.client.get(self.url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Scan a QR code with the camera")
        self.assertContains(response, "Ticket code (printed under the QR code)")
        self.assertContains(response, 'src="/static/meetings/check_in.js"')
        self.assertContains(response, 'src="/static/meetings/vendor/jsQR.js"')
        self.assertContains(response, f'data-check-in-url="/api/meetings/events/{self.event.slug}'
                                      '/check-in"')
        self.assertContains(response, "Search by name")
        self.assertContains(response, "Olena Kowalenko")

    def test_the_typed_code_checks_in_once_without_javascript(self):
        self.login(self.alice)
        code = self.code(self.olena)
        response = self.client.post(self.url("check_in_ticket"), {"ticket": code}, follow=True,
                                    HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Olena Kowalenko is checked in.")
        self.assertContains(response, "1 of 2 checked in")
        response = self.client.post(self.url("check_in_ticket"), {"ticket": code.lower()},
                                    follow=True, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Already checked in at")
        self.assertContains(response, "1 of 2 checked in")
        response = self.client.post(self.url("check_in_ticket"), {"ticket": "W1-2-nonsense"},
                                    follow=True, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, "Цей квиток недійсний.")

    def test_a_get_of_the_form_address_is_not_allowed(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url("check_in_ticket")).status_code, 405)


class TicketOnTheRegistrationPageTestCase(TicketBase):
    def page(self, registration: Registration, language: str = "en"):
        registration.refresh_from_db()
        return self.client.get(registration.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)

    def test_the_registration_page_shows_the_qr_code_and_the_code(self):
        response = self.page(self.olena)
        code = self.code(self.olena)
        self.assertContains(response, "Your ticket")
        self.assertContains(response, f'<code id="ticket-code">{code}</code>', html=True)
        html = response.content.decode()
        # The drawn QR code is the one segno makes for the code (nothing else in it).
        drawn = re.search(r'<path[^>]* d="([^"]+)"', html.split('class="ticket-qr"')[1])[1]
        expected = segno.make(code, error="m").svg_inline(scale=1, omitsize=True)
        self.assertIn(f'd="{drawn}"', expected)
        self.assertNotIn('style="', html.split('class="ticket-qr"')[1].split("</svg>")[0])

    def test_no_ticket_without_a_seat_or_a_door(self):
        waiting = register(self.event, "w@example.org", "Waiting", status=R.WAITLISTED)
        online = make_event(self.org, format=Event.Format.ONLINE, venue_name="")
        remote = register(online, "r@example.org", "Remote")
        for registration in (waiting, self.gone, remote):
            with self.subTest(registration=registration.email):
                self.assertNotContains(self.page(registration), "ticket-code")


@pytest.mark.usefixtures("smtp_server")
class TicketInTheMailTestCase(TicketBase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def test_the_confirmation_carries_a_qr_code_that_checks_the_person_in(self):
        url = reverse("meetings:register", kwargs={"slug": self.event.slug})
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"name": "Iryna Bondar", "email": "iryna@example.org",
                                   "language": "uk"})
        [message] = self.smtp.wait_for(1)
        [png] = [part for part in message.iter_attachments()
                 if part.get_content_type() == "image/png"]
        self.assertEqual(png.get_filename(), "ticket.png")
        [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.get_content())))
        registration = Registration.objects.get(email="iryna@example.org")
        self.assertEqual(decoded.text, tickets.ticket_code(registration))
        body = body_text(message)
        self.assertIn(decoded.text, body)
        self.assertIn("ticket.png", body)
        self.assertNotIn("Your ticket", body)  # in Ukrainian
        # The calendar file is still there, and the code checks Iryna in.
        self.assertIn("text/calendar", [p.get_content_type() for p in message.iter_attachments()])
        result = services.do_check_in_ticket(self.alice, self.event, decoded.text)
        self.assertEqual((result.already, result.registration), (False, registration))

    def test_a_place_on_the_waiting_list_comes_without_a_ticket(self):
        full = make_event(self.org, capacity=0)
        url = reverse("meetings:register", kwargs={"slug": full.slug})
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"name": "Later", "email": "later@example.org",
                                   "language": "en"})
        [message] = self.smtp.wait_for(1)
        self.assertEqual([p.get_content_type() for p in message.iter_attachments()],
                         ["text/calendar"])
        self.assertNotIn("ticket", body_text(message).lower())
