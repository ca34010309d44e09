"""The organisers' side: dashboard, export, check-in, messages, status, report, editing —
each with its permission test for every persona."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr, subject_of
from tests.smtp import body_text
from wspolnie.core.models import AuditEntry
from wspolnie.meetings.models import Event, Registration

from .factories import add_questions, make_event, register

R = Registration.Status


class ManageBase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org, capacity=10)
        self.questions = add_questions(self.event)
        q = self.questions
        self.olena = register(self.event, "olena@example.org", "Olena Kowalenko",
                              organisation_name="Fundacja Ukraina", share_contact=True,
                              answers={str(q["interpretation"].pk): "uk",
                                       str(q["diet"].pk): ["vegan"],
                                       str(q["photos"].pk): False})
        self.jan = register(self.event, "jan@example.org", "Jan Nowak",
                            answers={str(q["interpretation"].pk): "none",
                                     str(q["diet"].pk): ["vegan", "halal"],
                                     str(q["photos"].pk): True})
        self.gone = register(self.event, "gone@example.org", "Gone Person", status=R.CANCELLED)

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"meetings:{name}", kwargs={"slug": self.event.slug, **kwargs})

    def assert_only_organisers(self, url: str, method: str = "get", data=None) -> None:
        self.client.logout()
        response = getattr(self.client, method)(url, data or {})
        self.assertEqual(response.status_code, 302, "anonymous")
        self.assertIn(reverse("accounts:login"), response["Location"])
        for persona in (self.bob, self.charlie):
            self.login(persona)
            response = getattr(self.client, method)(url, data or {})
            self.assertEqual(response.status_code, 403, persona.email)
            self.assertNotContains(response, "olena@example.org", status_code=403)
        self.client.logout()


class DashboardTestCase(ManageBase):
    def test_it_requires_the_events_organisers(self):
        self.assert_only_organisers(self.url("manage"))

    def test_org_admin_sees_registrations_with_answers_and_counts(self):
        self.login(self.alice)
        response = self.client.get(self.url("manage"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "olena@example.org")
        self.assertContains(response, "Olena Kowalenko")
        self.assertContains(response, "Ukrainian")
        html = response.content.decode()
        # Counts by status and by answer.
        self.assertRegex(html, r"Confirmed</th><td>2</td>")
        self.assertRegex(html, r"Cancelled</th><td>1</td>")
        self.assertRegex(html, r"vegan</th><td>2</td>")
        self.assertRegex(html, r"halal</th><td>1</td>")

    def test_staff_sees_it_too(self):
        self.login(self.staff)
        self.assertContains(self.client.get(self.url("manage")), "jan@example.org")

    def test_a_co_organiser_admin_sees_it(self):
        self.event.organisers.add(self.other_org)
        self.login(self.charlie)
        self.assertContains(self.client.get(self.url("manage")), "jan@example.org")

    def test_the_public_page_lists_nobody(self):
        for persona in (None, self.bob, self.charlie):
            if persona:
                self.login(persona)
            response = self.client.get(self.event.get_absolute_url())
            self.assertNotContains(response, "olena@example.org")
            self.assertNotContains(response, "Olena Kowalenko")

    def test_organiser_cancels_a_registration_and_the_seat_moves_on(self):
        Event.objects.filter(pk=self.event.pk).update(capacity=2)
        waiting = register(self.event, "wait@example.org", "Waiting", status=R.WAITLISTED)
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url("registration_manage_cancel", pk=self.jan.pk))
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, R.CONFIRMED)

    def test_other_orgs_admin_cannot_cancel_registrations(self):
        self.assert_only_organisers(self.url("registration_manage_cancel", pk=self.jan.pk),
                                    "post")
        self.jan.refresh_from_db()
        self.assertEqual(self.jan.status, R.CONFIRMED)


class ExportTestCase(ManageBase):
    def test_csv_and_xlsx_require_the_events_organisers(self):
        self.assert_only_organisers(self.url("export_csv"))
        self.assert_only_organisers(self.url("export_xlsx"))

    def test_csv_lists_active_registrations_with_answers_and_respects_consent(self):
        self.login(self.alice)
        response = self.client.get(self.url("export_csv"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual([row["Full name"] for row in rows], ["Olena Kowalenko", "Jan Nowak"])
        olena, jan = rows
        self.assertEqual(olena["E-mail address"], "olena@example.org")
        self.assertEqual(jan["E-mail address"], "")  # did not agree to share it
        self.assertEqual(olena["Interpretation"], "Ukrainian")
        self.assertEqual(jan["Diet"], "vegan, halal")
        self.assertEqual(jan["Photos"], "Yes")

    def test_xlsx_holds_the_same(self):
        self.login(self.staff)
        response = self.client.get(self.url("export_xlsx"))
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = list(workbook.active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows[1][0], "Olena Kowalenko")
        self.assertNotIn("gone@example.org", str(rows))
        self.assertNotIn("jan@example.org", str(rows))


class CheckInTestCase(ManageBase):
    def test_it_requires_the_events_organisers(self):
        self.assert_only_organisers(self.url("check_in"))
        self.assert_only_organisers(self.url("check_in_toggle", pk=self.jan.pk), "post")
        self.jan.refresh_from_db()
        self.assertEqual(self.jan.status, R.CONFIRMED)

    def test_search_by_name_and_one_tap(self):
        self.login(self.alice)
        response = self.client.get(self.url("check_in"), {"q": "kowal"},
                                   HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Olena Kowalenko")
        self.assertNotContains(response, "Jan Nowak")
        self.assertContains(response, "0 of 2 checked in")

        response = self.client.post(self.url("check_in_toggle", pk=self.olena.pk),
                                    {"attended": "1", "q": "kowal"}, follow=True,
                                    HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Olena Kowalenko is checked in.")
        self.assertContains(response, "1 of 2 checked in")
        self.olena.refresh_from_db()
        self.assertEqual(self.olena.status, R.ATTENDED)
        self.assertIsNotNone(self.olena.checked_in_at)
        self.assertTrue(AuditEntry.objects.filter(action="meetings.checked_in").exists())

        self.client.post(self.url("check_in_toggle", pk=self.olena.pk), {"attended": "0"})
        self.olena.refresh_from_db()
        self.assertEqual(self.olena.status, R.CONFIRMED)

    def test_attendance_statistics_after_the_meeting(self):
        self.login(self.alice)
        self.client.post(self.url("check_in_toggle", pk=self.olena.pk), {"attended": "1"})
        response = self.client.get(self.url("manage"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Attendance: 50% of the confirmed registrants came.")

    def test_cancelled_people_cannot_be_checked_in(self):
        self.login(self.alice)
        self.client.post(self.url("check_in_toggle", pk=self.gone.pk), {"attended": "1"})
        self.gone.refresh_from_db()
        self.assertEqual(self.gone.status, R.CANCELLED)


class MessageTestCase(ManageBase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def test_it_requires_the_events_organisers(self):
        self.assert_only_organisers(self.url("message"))
        self.assert_only_organisers(self.url("message"), "post",
                                    {"subject": "x", "body": "y", "statuses": ["confirmed"]})
        self.assertEqual(self.smtp.messages, [])

    def test_organiser_messages_everybody_registered(self):
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url("message"), {
                "subject": "Zmiana sali", "body": "Spotykamy się w sali 2.",
                "statuses": ["confirmed", "waitlisted"]})
        self.assertRedirects(response, self.url("manage"))
        messages = self.smtp.wait_for(2)
        self.assertEqual(sorted(m["To"] for m in messages),
                         ["jan@example.org", "olena@example.org"])
        self.assertEqual(subject_of(messages[0]), "Zmiana sali")
        self.assertIn("Spotykamy się w sali 2.", body_text(messages[0]))

    def test_an_empty_message_is_refused(self):
        self.login(self.alice)
        response = self.client.post(self.url("message"), {"subject": "", "body": ""})
        self.assertEqual(response.status_code, 422)


class StatusTestCase(ManageBase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def test_it_requires_the_events_organisers(self):
        self.assert_only_organisers(self.url("status"), "post", {"status": "cancelled"})
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.Status.REGISTRATION_OPEN)

    def test_closing_registration(self):
        self.login(self.alice)
        self.client.post(self.url("status"), {"status": "registration_closed"})
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.Status.REGISTRATION_CLOSED)
        self.assertTrue(AuditEntry.objects.filter(action="meetings.event_status").exists())

    def test_an_impossible_step_is_explained(self):
        self.login(self.alice)
        response = self.client.post(self.url("status"), {"status": "held"}, follow=True,
                                    HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "The meeting has not started yet.")
        response = self.client.post(self.url("status"), {"status": "bogus"}, follow=True)
        self.assertContains(response, html_tr("pl", "Please pick a status."))

    def test_cancelling_the_meeting_tells_everybody_with_a_calendar_cancellation(self):
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url("status"), {"status": "cancelled"})
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.Status.CANCELLED)
        self.assertEqual(self.event.sequence, 1)
        messages = self.smtp.wait_for(2)
        self.assertEqual(sorted(m["To"] for m in messages),
                         ["jan@example.org", "olena@example.org"])
        for message in messages:
            [part] = [p for p in message.iter_attachments()
                      if p.get_content_type() == "text/calendar"]
            self.assertEqual(part.get_param("method"), "CANCEL")
            self.assertIn("SEQUENCE:1", part.get_content())
        page = self.client.get(self.event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "This meeting is cancelled.")


class EditTestCase(ManageBase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def form_data(self, **values) -> dict:
        event = self.event
        local = timezone.localtime(event.starts_at, event.zone)
        data = {
            "title_pl": event.title["pl"], "title_en": event.title["en"],
            "title_uk": event.title["uk"], "format": event.format,
            "venue_name": event.venue_name, "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "timezone": "Europe/Warsaw", "capacity": "10", "waitlist": "on",
            "reminder_hours": "24",
        }
        data.update(values)
        return data

    def test_it_requires_the_events_organisers(self):
        self.assert_only_organisers(self.url("edit"))
        self.assert_only_organisers(self.url("edit"), "post", self.form_data(venue_name="X"))
        self.event.refresh_from_db()
        self.assertEqual(self.event.venue_name, "Sala na Rynku")

    def test_moving_the_meeting_bumps_the_sequence_and_tells_the_registrants(self):
        self.login(self.alice)
        later = timezone.localtime(self.event.starts_at, self.event.zone) + dt.timedelta(days=1)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url("edit"), self.form_data(
                starts_at=later.strftime("%Y-%m-%dT%H:%M"),
                ends_at=(later + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")))
        self.assertRedirects(response, self.url("manage"))
        self.event.refresh_from_db()
        self.assertEqual(self.event.local_start.replace(tzinfo=None), later.replace(tzinfo=None))
        self.assertEqual(self.event.sequence, 1)
        messages = self.smtp.wait_for(2)
        self.assertEqual(len(messages), 2)
        [part] = [p for p in messages[0].iter_attachments()
                  if p.get_content_type() == "text/calendar"]
        self.assertIn("SEQUENCE:1", part.get_content())
        self.assertTrue(AuditEntry.objects.filter(action="meetings.event_updated").exists())

    def test_an_end_before_the_start_is_refused(self):
        self.login(self.alice)
        response = self.client.post(self.url("edit"), self.form_data(
            ends_at="2020-01-01T10:00"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "The meeting must end after it starts.", status_code=422)

    def test_raising_the_capacity_promotes_people_waiting(self):
        Event.objects.filter(pk=self.event.pk).update(capacity=2)
        waiting = register(self.event, "wait@example.org", "Waiting", status=R.WAITLISTED)
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url("edit"), self.form_data(capacity="3"))
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, R.CONFIRMED)
        self.assertIn("wait@example.org", [m["To"] for m in self.smtp.wait_for(1)])


class CreateTestCase(BaseTestCase):
    url = reverse("meetings:create")

    def test_it_requires_an_organisation_admin(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_org_admin_creates_a_draft_for_their_organisation_only(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, self.org.name)
        self.assertNotContains(response, self.other_org.name)
        response = self.client.post(self.url, {
            "slug": "nowe-spotkanie", "organisers": [self.org.pk], "title_pl": "Nowe spotkanie",
            "format": "online", "starts_at": "2031-05-05T10:00", "ends_at": "2031-05-05T12:00",
            "timezone": "Europe/Warsaw", "reminder_hours": "24", "waitlist": "on",
        })
        self.assertRedirects(response, reverse("meetings:manage",
                                               kwargs={"slug": "nowe-spotkanie"}))
        event = Event.objects.get(slug="nowe-spotkanie")
        self.assertEqual(event.status, Event.Status.DRAFT)
        self.assertEqual(event.local_start.hour, 10)
        self.assertEqual(list(event.organisers.all()), [self.org])

    def test_a_time_zone_name_too_long_for_a_file_name_is_a_form_error(self):
        # zoneinfo raises OSError (not ZoneInfoNotFoundError) for such a name (the form fuzz).
        self.login(self.alice)
        response = self.client.post(self.url, {
            "slug": "strefa", "organisers": [self.org.pk], "title_pl": "Strefa",
            "format": "online", "starts_at": "2031-05-05T10:00", "ends_at": "2031-05-05T12:00",
            "timezone": "ą" * 300, "reminder_hours": "24",
        })
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Strefa", status_code=422)  # the form, filled in again
        self.assertFalse(Event.objects.filter(slug="strefa").exists())

    def test_org_admin_cannot_create_for_another_organisation(self):
        self.login(self.alice)
        response = self.client.post(self.url, {
            "slug": "cudze", "organisers": [self.other_org.pk], "title_pl": "Cudze",
            "format": "online", "starts_at": "2031-05-05T10:00", "ends_at": "2031-05-05T12:00",
            "timezone": "Europe/Warsaw", "reminder_hours": "24",
        })
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Event.objects.filter(slug="cudze").exists())


class ReportTestCase(ManageBase):
    def setUp(self) -> None:
        super().setUp()
        Event.objects.filter(pk=self.event.pk).update(
            starts_at=timezone.now() - dt.timedelta(days=2),
            ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=2),
            status=Event.Status.HELD)

    def test_it_requires_the_events_organisers(self):
        self.assert_only_organisers(self.url("report"))
        self.assert_only_organisers(self.url("report"), "post",
                                    {"report_pl": "Raport", "publish": "1"})
        self.event.refresh_from_db()
        self.assertEqual(self.event.report, {})

    def test_publishing_the_report_switches_the_event_page_to_it(self):
        self.login(self.alice)
        response = self.client.post(self.url("report"), {
            "report_pl": "Rozmawialiśmy o wsparciu.", "report_en": "We talked about support.",
            "links": "https://boards.example.org/b/1\n", "publish": "1"})
        self.assertRedirects(response, self.event.get_absolute_url())
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.Status.REPORT_PUBLISHED)
        self.client.logout()
        page = self.client.get(self.event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "We talked about support.")
        self.assertContains(page, "https://boards.example.org/b/1")

    def test_a_saved_report_stays_private(self):
        self.login(self.alice)
        self.client.post(self.url("report"), {"report_pl": "Szkic raportu", "save": "1"})
        self.client.logout()
        self.assertNotContains(self.client.get(self.event.get_absolute_url()), "Szkic raportu")

    def test_a_bad_link_is_refused(self):
        self.login(self.alice)
        response = self.client.post(self.url("report"), {"report_pl": "R", "links": "nie-link",
                                                         "publish": "1"})
        self.assertEqual(response.status_code, 422)
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.Status.HELD)
