"""The public registration form: seats, mails with a calendar file, and every refusal."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr, links_in, site_path, subject_of, tr
from tests.smtp import body_text
from wspolnie.core.models import AuditEntry
from wspolnie.meetings.models import Event, Registration

from .calendars import read_with_vobject
from .factories import add_questions, make_event, register

R = Registration.Status


def calendar_part(message):
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part


class RegisterTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org, capacity=2, format=Event.Format.HYBRID,
                                online_link="https://meet.example.org/secret-room")
        self.questions = add_questions(self.event)
        self.url = reverse("meetings:register", kwargs={"slug": self.event.slug})

    def data(self, **values) -> dict:
        q = self.questions
        data = {
            "name": "Olena Kowalenko", "email": "Olena@Example.org", "organisation_name":
            "Fundacja Ukraina", "language": "uk", q["interpretation"].field_name: "uk",
            q["diet"].field_name: ["vegan", "halal"], q["photos"].field_name: "no",
            q["access"].field_name: "Wózek",
        }
        data.update(values)
        return {key: value for key, value in data.items() if value is not None}

    def post(self, **values):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, self.data(**values))

    def test_it_shows_the_form_with_the_remaining_seats(self):
        register(self.event, "first@example.org")
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "1 seat left.")
        self.assertContains(response, "Interpretation")
        self.assertNotContains(response, "secret-room")

    def test_a_person_gets_a_seat_and_a_mail_with_the_calendar_in_their_language(self):
        response = self.post()

        registration = Registration.objects.get()
        self.assertRedirects(response, registration.get_absolute_url())
        self.assertEqual(registration.status, R.CONFIRMED)
        self.assertEqual(registration.email, "olena@example.org")
        self.assertEqual(registration.answers, {
            str(self.questions["interpretation"].pk): "uk",
            str(self.questions["diet"].pk): ["vegan", "halal"],
            str(self.questions["photos"].pk): False,
            str(self.questions["access"].pk): "Wózek",
        })
        self.assertTrue(AuditEntry.objects.filter(action="meetings.registered").exists())

        [message] = self.smtp.wait_for(1)
        self.assertEqual(message["To"], "olena@example.org")
        self.assertEqual(
            subject_of(message),
            tr("uk", "You are registered: %(title)s") % {"title": self.event.title["uk"]},
        )
        body = body_text(message)
        self.assertIn("https://meet.example.org/secret-room", body)
        site_links = [link for link in links_in(message) if link.startswith(settings.SITE_URL)]
        self.assertIn(registration.get_absolute_url(), [site_path(link) for link in site_links])
        part = calendar_part(message)
        self.assertEqual(part.get_param("method"), "REQUEST")
        ics = part.get_content()
        if isinstance(ics, bytes):
            ics = ics.decode()
        calendar = icalendar.Calendar.from_ical(ics)
        [entry] = calendar.walk("VEVENT")
        self.assertEqual(calendar["METHOD"], "REQUEST")
        self.assertEqual(str(entry["UID"]), self.event.uid)
        self.assertEqual(entry["SEQUENCE"], 0)
        self.assertEqual(entry.decoded("DTSTART"), self.event.starts_at)
        self.assertIn("secret-room", str(entry["LOCATION"]))
        self.assertEqual(read_with_vobject(ics).vevent.uid.value, self.event.uid)

    def test_the_registration_page_is_public_only_with_the_token(self):
        self.post()
        registration = Registration.objects.get()
        response = self.client.get(registration.get_absolute_url())
        self.assertContains(response, "https://meet.example.org/secret-room")
        self.assertEqual(self.client.get(
            reverse("meetings:registration", kwargs={"token": "guess"})).status_code, 404)

    def test_a_duplicate_e_mail_is_refused_whatever_its_case(self):
        self.post()
        response = self.post(email=" OLENA@example.ORG ", name="Olena again")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, html_tr("pl", "This e-mail address is already registered."),
                            status_code=422)
        self.assertEqual(Registration.objects.count(), 1)
        self.assertEqual(len(self.smtp.wait_for(1, timeout=0.5)), 1)

    def test_after_cancelling_the_same_e_mail_may_register_again(self):
        self.post()
        Registration.objects.update(status=R.CANCELLED)
        self.post()
        self.assertEqual(Registration.objects.filter(status=R.CONFIRMED).count(), 1)

    def test_a_malformed_e_mail_is_refused_with_a_translated_message(self):
        response = self.client.post(self.url, self.data(email="olena@"),
                                    HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(
            response, html_tr("uk", "Please give a valid e-mail address, like name@example.org."),
            status_code=422,
        )
        self.assertFalse(Registration.objects.exists())

    def test_missing_required_answers_are_named_and_nothing_is_saved(self):
        response = self.post(**{self.questions["interpretation"].field_name: None,
                                self.questions["photos"].field_name: None})
        self.assertContains(response, html_tr("pl", "Please answer this question."),
                            count=2, status_code=422)
        self.assertFalse(Registration.objects.exists())
        self.assertEqual(self.smtp.messages, [])

    def test_an_invented_choice_is_refused(self):
        response = self.post(**{self.questions["diet"].field_name: ["pizza"]})
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Registration.objects.exists())

    def test_consent_is_required_when_the_event_asks_for_it(self):
        Event.objects.filter(pk=self.event.pk).update(
            consent_text={"pl": "Zgadzam się", "en": "I agree", "uk": "Погоджуюсь"})
        response = self.post()
        self.assertContains(response, html_tr("pl", "Registration needs your consent."),
                            status_code=422)
        self.assertFalse(Registration.objects.exists())
        self.post(consent="on")
        self.assertIsNotNone(Registration.objects.get().consent_given_at)

    def test_closed_registration_shows_a_message_and_refuses_posts(self):
        Event.objects.filter(pk=self.event.pk).update(status=Event.Status.REGISTRATION_CLOSED)
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Registration for this meeting is closed.")
        self.post()
        self.assertFalse(Registration.objects.exists())

    def test_a_meeting_that_has_started_takes_no_registrations(self):
        Event.objects.filter(pk=self.event.pk).update(
            starts_at=timezone.now() - dt.timedelta(minutes=5))
        self.post()
        self.assertFalse(Registration.objects.exists())

    def test_when_full_the_next_person_goes_to_the_waiting_list_with_a_mail(self):
        register(self.event, "a@example.org")
        register(self.event, "b@example.org")
        response = self.post()
        registration = Registration.objects.get(email="olena@example.org")
        self.assertEqual(registration.status, R.WAITLISTED)
        self.assertRedirects(response, registration.get_absolute_url())
        [message] = self.smtp.wait_for(1)
        self.assertIn(self.event.title["uk"], subject_of(message))
        self.assertNotIn("secret-room", body_text(message))
        page = self.client.get(registration.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "number 1 on the waiting list")
        self.assertNotContains(page, "secret-room")

    def test_when_full_without_a_waiting_list_the_person_is_told(self):
        Event.objects.filter(pk=self.event.pk).update(waitlist=False)
        register(self.event, "a@example.org")
        register(self.event, "b@example.org")
        response = self.client.post(self.url, self.data(), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(
            response, html_tr("uk", "Sorry, this meeting is full and has no waiting list."),
            status_code=422)
        self.assertEqual(Registration.objects.count(), 2)

    def test_drafts_cannot_be_seen_or_registered_for(self):
        Event.objects.filter(pk=self.event.pk).update(status=Event.Status.DRAFT)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.get(self.event.get_absolute_url()).status_code, 404)
        self.login(self.alice)
        self.assertEqual(self.client.get(self.event.get_absolute_url()).status_code, 200)
