"""Erasing a registration (the pretix "shredder" idea): the person registered (with the link
from the mail) or staff on the person's request blank the name, address, organisation and
answers for good; an anonymous row stays so that the organisers' counts stay right; a meeting
still to come is cancelled first (the waiting list moves up); the audit log names it by id."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import serializers
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr, tr
from wspolnie.core.models import AuditEntry
from wspolnie.meetings.models import Event, Registration

from .factories import add_questions, make_event, register

R = Registration.Status


def traces_of(text: str) -> list[str]:
    found = []
    for model in (Registration, AuditEntry):
        if text.lower() in serializers.serialize("json", model.objects.all()).lower():
            found.append(model._meta.label)
    return found


class EraseRegistrationTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org, capacity=1)
        questions = add_questions(self.event)
        self.olena = register(self.event, "olena@example.org", "Olena Kowalenko", language="uk",
                              organisation_name="Klub Olenki",
                              answers={str(questions["access"].pk): "wózek"})
        self.jan = register(self.event, "jan@example.org", "Jan Nowak", status=R.WAITLISTED)
        self.past = make_event(self.org, starts_at=timezone.now() - dt.timedelta(days=5),
                               status=Event.Status.HELD)
        self.attended = register(self.past, "olena@example.org", "Olena Kowalenko",
                                 status=R.ATTENDED, checked_in_at=timezone.now())

    def erase_url(self, registration) -> str:
        return reverse("meetings:registration_erase", kwargs={"token": registration.token})

    def staff_url(self, registration) -> str:
        return reverse("meetings:registration_manage_erase",
                       args=[registration.event.slug, registration.pk])

    def post(self, url: str, **extra):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, **extra)

    # -- the registrant -----------------------------------------------------------------

    def test_the_registration_page_links_to_the_confirm_page(self):
        response = self.client.get(self.olena.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, f'href="{self.erase_url(self.olena)}"')
        response = self.client.get(self.erase_url(self.olena), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, html_tr("uk", "Erase my registration"))
        self.assertContains(response, html_tr("uk", "Erase for good"))
        # Nothing happens on GET.
        self.olena.refresh_from_db()
        self.assertEqual(self.olena.name, "Olena Kowalenko")

    def test_erasing_an_upcoming_registration_cancels_it_and_forgets_the_person(self):
        token = self.olena.token
        response = self.post(self.erase_url(self.olena), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertRedirects(response, self.event.get_absolute_url(),
                             fetch_redirect_response=False)
        page = self.client.get(self.event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(page, html_tr(
            "uk", "Your registration is erased: your name, e-mail address and answers are "
            "deleted."))
        self.olena.refresh_from_db()
        self.jan.refresh_from_db()
        self.assertEqual((self.olena.name, self.olena.organisation_name, self.olena.answers),
                         ("", "", {}))
        self.assertTrue(self.olena.is_erased)
        self.assertEqual(self.olena.status, R.CANCELLED)
        # The seat went to the next person; the old link opens nothing any more.
        self.assertEqual(self.jan.status, R.CONFIRMED)
        self.assertEqual(self.client.get(f"/meetings/registration/{token}/").status_code, 404)
        # Her calendar drops the meeting (the CANCEL went before the address was forgotten).
        recipients = sorted(message["To"] for message in self.smtp.wait_for(2))
        self.assertEqual(recipients, ["jan@example.org", "olena@example.org"])
        # Only the past meeting (not erased) still knows her.
        self.assertEqual(Registration.objects.filter(email="olena@example.org").count(), 1)
        entry = AuditEntry.objects.get(action="meetings.registration_erased")
        self.assertEqual(entry.object_repr, f"registration #{self.olena.pk}")
        self.attended.delete()
        self.assertEqual(traces_of("olena@example.org"), [])
        self.assertEqual(traces_of("Olena Kowalenko"), [])
        self.assertEqual(traces_of("wózek"), [])

    def test_an_erased_attendance_still_counts(self):
        self.post(self.erase_url(self.attended))
        self.attended.refresh_from_db()
        self.assertEqual(self.attended.status, R.ATTENDED)
        self.assertIsNotNone(self.attended.checked_in_at)
        self.assertEqual(self.attended.name, "")
        self.assertEqual(self.past.registrations.filter(status=R.ATTENDED).count(), 1)
        self.login(self.alice)
        page = self.client.get(reverse("meetings:manage", args=[self.past.slug]))
        self.assertContains(page, html_tr("pl", "Erased registration"))
        self.assertNotContains(page, "olena@example.org")

    def test_a_wrong_token_erases_nothing(self):
        self.assertEqual(self.client.post("/meetings/registration/wrong-token/erase/").status_code,
                         404)
        self.olena.refresh_from_db()
        self.assertEqual(self.olena.email, "olena@example.org")

    # -- staff, on request ----------------------------------------------------------------

    def test_staff_page_requires_staff(self):
        url = self.staff_url(self.olena)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
        # The meeting's organiser, a member and another organisation's admin may not.
        for persona in (self.alice, self.bob, self.charlie):
            self.login(persona)
            self.assertEqual(self.client.get(url).status_code, 403)
            self.assertEqual(self.post(url).status_code, 403)
        self.olena.refresh_from_db()
        self.assertEqual(self.olena.name, "Olena Kowalenko")

    def test_staff_erase_on_request(self):
        self.login(self.staff)
        manage = self.client.get(reverse("meetings:manage", args=[self.event.slug]))
        self.assertContains(manage, f'href="{self.staff_url(self.olena)}"')
        page = self.client.get(self.staff_url(self.olena), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, html_tr("en", "Erase this registration"))
        response = self.post(self.staff_url(self.olena), HTTP_ACCEPT_LANGUAGE="en")
        self.assertRedirects(response, reverse("meetings:manage", args=[self.event.slug]),
                             fetch_redirect_response=False)
        self.olena.refresh_from_db()
        self.assertTrue(self.olena.is_erased)
        entry = AuditEntry.objects.get(action="meetings.registration_erased")
        self.assertEqual(entry.actor, self.staff)

    # -- API ------------------------------------------------------------------------------

    def test_api_registrant_erases_with_the_token(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/api/meetings/registrations/{self.olena.token}/erase",
                                        HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual((body["id"], body["status"]), (self.olena.pk, "cancelled"))
        self.assertEqual(body["detail"], tr(
            "uk", "The registration is erased: no name, e-mail address or answers are kept."))
        self.assertNotIn("olena", response.content.decode().lower())
        self.assertEqual(
            self.client.post(f"/api/meetings/registrations/{self.olena.token}/erase").status_code,
            404)

    def test_api_staff_endpoint(self):
        url = f"/api/meetings/events/{self.event.slug}/registrations/{self.olena.pk}/erase"
        self.assertEqual(self.client.post(url).status_code, 401)
        for persona in (self.alice, self.bob, self.charlie):
            self.login(persona)
            response = self.client.post(url, HTTP_ACCEPT_LANGUAGE="uk")
            self.assertEqual(response.status_code, 403)
            self.assertEqual(response.json()["detail"], tr(
                "uk", "Only staff can erase somebody else's registration."))
        self.login(self.staff)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url)
        self.assertEqual(response.status_code, 200)
        self.olena.refresh_from_db()
        self.assertTrue(self.olena.is_erased)
        self.assertEqual(self.client.post(
            f"/api/meetings/events/{self.event.slug}/registrations/999999/erase").status_code,
            404)
