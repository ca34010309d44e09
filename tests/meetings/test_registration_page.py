"""The registrant's own page (the link from the mail): view, change answers, cancel — and the
first person on the waiting list getting the freed seat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr, subject_of, tr
from tests.smtp import body_text
from wspolnie.core.models import AuditEntry
from wspolnie.meetings.models import Event, Registration

from .calendars import read_both
from .factories import add_questions, make_event, register

R = Registration.Status


def calendar_of(message):
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    content = part.get_content()
    return part, content.decode() if isinstance(content, bytes) else content


class RegistrationPageTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org, capacity=1, format=Event.Format.ONLINE,
                                online_link="https://meet.example.org/room-42")
        self.questions = add_questions(self.event)
        self.first = register(self.event, "first@example.org", "Olena", language="uk",
                              answers={str(self.questions["interpretation"].pk): "uk",
                                       str(self.questions["photos"].pk): True})
        self.second = register(self.event, "second@example.org", "Amira", language="en",
                               status=R.WAITLISTED)
        self.third = register(self.event, "third@example.org", "Jan", status=R.WAITLISTED)

    def cancel(self, registration):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                reverse("meetings:registration_cancel", kwargs={"token": registration.token}))

    def test_it_shows_the_registration_and_the_private_link_to_a_seat_holder(self):
        response = self.client.get(self.first.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, "https://meet.example.org/room-42")
        self.assertContains(response, "Українська")
        self.assertContains(response, html_tr("uk", "Cancel my registration"))

    def test_people_waiting_do_not_see_the_link(self):
        response = self.client.get(self.second.get_absolute_url())
        self.assertNotContains(response, "room-42")

    def test_changing_the_answers_keeps_the_seat(self):
        q = self.questions
        response = self.client.post(self.first.get_absolute_url(), {
            "name": "Olena K.", "language": "pl", q["interpretation"].field_name: "none",
            q["photos"].field_name: "no",
        })
        self.assertRedirects(response, self.first.get_absolute_url())
        self.first.refresh_from_db()
        self.assertEqual(self.first.name, "Olena K.")
        self.assertEqual(self.first.language, "pl")
        self.assertEqual(self.first.answers[str(q["interpretation"].pk)], "none")
        self.assertEqual(self.first.status, R.CONFIRMED)
        self.assertTrue(AuditEntry.objects.filter(action="meetings.registration_updated").exists())

    def test_changing_answers_checks_them_like_the_form(self):
        response = self.client.post(self.first.get_absolute_url(), {
            "name": "", "language": "pl"}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Please answer this question.", status_code=422)
        self.first.refresh_from_db()
        self.assertEqual(self.first.name, "Olena")

    def test_cancelling_frees_the_seat_for_the_first_person_waiting_who_gets_a_mail(self):
        response = self.cancel(self.first)

        self.assertRedirects(response, self.first.get_absolute_url())
        for registration in (self.first, self.second, self.third):
            registration.refresh_from_db()
        self.assertEqual(self.first.status, R.CANCELLED)
        self.assertEqual(self.second.status, R.CONFIRMED)
        self.assertEqual(self.third.status, R.WAITLISTED)

        messages = {message["To"]: message for message in self.smtp.wait_for(2)}
        self.assertEqual(set(messages), {"first@example.org", "second@example.org"})
        # The canceller: Ukrainian, METHOD:CANCEL for the same UID.
        cancelled = messages["first@example.org"]
        self.assertEqual(subject_of(cancelled), tr("uk", "Registration cancelled: %(title)s")
                         % {"title": self.event.title["uk"]})
        part, ics = calendar_of(cancelled)
        self.assertEqual(part.get_param("method"), "CANCEL")
        parsed, second_parser = read_both(ics)
        self.assertEqual(parsed["METHOD"], "CANCEL")
        self.assertEqual(str(parsed.walk("VEVENT")[0]["UID"]), self.event.uid)
        self.assertEqual(second_parser.vevent.status.value, "CANCELLED")
        # The promoted person: English, with the link now.
        promoted = messages["second@example.org"]
        self.assertEqual(subject_of(promoted), "A seat is free for you: " + self.event.title["en"])
        self.assertIn("https://meet.example.org/room-42", body_text(promoted))
        part, ics = calendar_of(promoted)
        self.assertEqual(part.get_param("method"), "REQUEST")
        self.assertTrue(AuditEntry.objects.filter(action="meetings.registration_promoted",
                                                  object_id=str(self.second.pk)).exists())

    def test_cancelling_twice_changes_nothing_more(self):
        self.cancel(self.first)
        self.smtp.wait_for(2)
        self.cancel(self.first)
        self.assertEqual(len(self.smtp.wait_for(3, timeout=0.5)), 2)
        self.assertEqual(Registration.objects.filter(status=R.CONFIRMED).count(), 1)

    def test_a_waiting_person_who_cancels_frees_no_seat(self):
        self.cancel(self.second)
        self.third.refresh_from_db()
        self.assertEqual(self.third.status, R.WAITLISTED)
        page = self.client.get(self.third.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "number 1 on the waiting list")

    def test_after_the_meeting_nothing_can_be_cancelled_or_changed(self):
        Event.objects.filter(pk=self.event.pk).update(
            starts_at=timezone.now() - dt.timedelta(hours=3),
            ends_at=timezone.now() - dt.timedelta(hours=1))
        response = self.client.get(self.first.get_absolute_url())
        self.assertNotContains(response, html_tr("pl", "Cancel my registration"))
        self.cancel(self.first)
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, R.CONFIRMED)

    def test_the_own_calendar_file_has_the_private_link_but_the_public_one_does_not(self):
        own = self.client.get(reverse("meetings:registration_ics",
                                      kwargs={"token": self.first.token}))
        self.assertIn(b"room-42", own.content)
        public = self.client.get(reverse("meetings:event_ics", kwargs={"slug": self.event.slug}))
        self.assertEqual(public["Content-Type"], "text/calendar; charset=utf-8")
        self.assertNotIn(b"room-42", public.content)
        parsed, _second = read_both(public.content)
        self.assertEqual(str(parsed.walk("VEVENT")[0]["UID"]), self.event.uid)

    def test_an_unknown_token_is_not_found(self):
        self.assertEqual(self.client.post(
            reverse("meetings:registration_cancel", kwargs={"token": "nope"})).status_code, 404)
