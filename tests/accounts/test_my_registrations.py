"""'My registrations': the meetings a person registered for, on their account and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase, make_user
from tests.helpers import html_tr, subject_of, tr
from tests.meetings.factories import make_event, register
from wspolnie.accounts import services
from wspolnie.accounts.models import User
from wspolnie.meetings.models import Event, Registration

R = Registration.Status
URL = reverse("accounts:registrations")


class MyRegistrationsTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        now = timezone.now()
        self.soon = make_event(self.org, starts_at=now + dt.timedelta(days=2), capacity=1,
                               title={"pl": "Spotkanie wkrótce", "en": "Meeting soon",
                                      "uk": "Зустріч незабаром"})
        self.later = make_event(self.org, starts_at=now + dt.timedelta(days=20),
                                title={"pl": "Spotkanie później", "en": "Meeting later",
                                       "uk": "Зустріч пізніше"})
        self.past = make_event(self.org, starts_at=now - dt.timedelta(days=30),
                               status=Event.Status.HELD,
                               title={"pl": "Spotkanie dawne", "en": "Meeting past",
                                      "uk": "Зустріч минула"})
        self.other = make_event(self.org, starts_at=now + dt.timedelta(days=5),
                                title={"pl": "Cudze spotkanie", "en": "Someone else's",
                                       "uk": "Чужа зустріч"})
        # Made while signed in (linked to the account) ...
        self.seat = register(self.soon, "bob@example.org", "Bob Member", user=self.bob)
        # ... made without an account, with the account's (verified) address, in capitals ...
        self.waiting = register(self.later, "BOB@example.org", "Bob", status=R.WAITLISTED)
        self.old = register(self.past, "bob@example.org", "Bob", status=R.ATTENDED)
        # ... and somebody else's, also someone waiting for Bob's seat.
        self.foreign = register(self.other, "carol@example.org", "Carol")
        self.next_in_line = register(self.soon, "dana@example.org", "Dana", language="en",
                                     status=R.WAITLISTED)

    def test_it_requires_login(self):
        response = self.client.get(URL)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={URL}")

    def test_it_lists_upcoming_first_then_past_with_status_and_links(self):
        self.login(self.bob)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        positions = [html.index(title) for title in
                     ("Spotkanie wkrótce", "Spotkanie później", "Spotkanie dawne")]
        self.assertEqual(positions, sorted(positions))
        self.assertNotIn("Cudze spotkanie", html)
        self.assertContains(response, html_tr("pl", "On the waiting list"))
        self.assertContains(response, html_tr("pl", "Attended"))
        self.assertContains(response, html_tr("pl", "Confirmed"))
        self.assertContains(response, f'href="{self.soon.get_absolute_url()}"')
        self.assertContains(response, f'href="{self.seat.get_absolute_url()}"')
        # Cancel buttons for the two upcoming ones, not for the past meeting.
        self.assertContains(response, reverse("accounts:cancel_registration",
                                              args=[self.seat.pk]))
        self.assertContains(response, reverse("accounts:cancel_registration",
                                              args=[self.waiting.pk]))
        self.assertNotContains(response, reverse("accounts:cancel_registration",
                                                 args=[self.old.pk]))

    def test_the_profile_links_to_it(self):
        self.login(self.bob)
        self.assertContains(self.client.get(reverse("accounts:profile")), f'href="{URL}"')

    def test_an_unverified_address_matches_only_linked_registrations(self):
        # Anybody can type someone else's address into a form: only a verified one counts.
        User.objects.filter(pk=self.bob.pk).update(email_verified_at=None)
        self.login(User.objects.get(pk=self.bob.pk))
        html = self.client.get(URL).content.decode()
        self.assertIn("Spotkanie wkrótce", html)
        self.assertNotIn("Spotkanie później", html)

    def test_it_speaks_ukrainian(self):
        User.objects.filter(pk=self.bob.pk).update(preferred_language="uk")
        self.login(self.bob)
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, "<h1>Мої реєстрації</h1>", html=True)
        self.assertContains(response, html_tr("uk", "Manage the registration"))
        self.assertContains(response, "Зустріч незабаром")

    def test_cancelling_frees_the_seat_for_the_waiting_list(self):
        self.login(self.bob)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("accounts:cancel_registration",
                                                args=[self.seat.pk]))
        self.assertRedirects(response, URL)
        self.seat.refresh_from_db()
        self.next_in_line.refresh_from_db()
        self.assertEqual(self.seat.status, R.CANCELLED)
        self.assertEqual(self.next_in_line.status, R.CONFIRMED)
        messages = self.smtp.wait_for(2)
        self.assertEqual(sorted(m["To"] for m in messages),
                         ["bob@example.org", "dana@example.org"])
        dana = next(m for m in messages if m["To"] == "dana@example.org")
        self.assertIn(tr("en", "Meeting soon"), subject_of(dana))

    def test_one_cannot_cancel_someone_elses_registration(self):
        self.login(self.charlie)
        response = self.client.post(reverse("accounts:cancel_registration",
                                            args=[self.seat.pk]))
        self.assertEqual(response.status_code, 404)
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, R.CONFIRMED)

    def test_cancel_needs_post(self):
        self.login(self.bob)
        response = self.client.get(reverse("accounts:cancel_registration", args=[self.seat.pk]))
        self.assertEqual(response.status_code, 405)

    def test_a_past_meeting_cannot_be_cancelled(self):
        self.login(self.bob)
        response = self.client.post(reverse("accounts:cancel_registration",
                                            args=[self.old.pk]), follow=True)
        self.assertContains(response, html_tr(
            "pl", "This meeting is over: the registration cannot be cancelled any more."))
        self.old.refresh_from_db()
        self.assertEqual(self.old.status, R.ATTENDED)


class MyRegistrationsApiTestCase(BaseTestCase):
    url = "/api/accounts/me/registrations"

    def setUp(self) -> None:
        super().setUp()
        now = timezone.now()
        self.soon = make_event(self.org, starts_at=now + dt.timedelta(days=2))
        self.past = make_event(self.org, starts_at=now - dt.timedelta(days=3),
                               status=Event.Status.HELD)
        self.old = register(self.past, "bob@example.org", "Bob", status=R.ATTENDED)
        self.seat = register(self.soon, "bob@example.org", "Bob", user=self.bob)
        register(self.soon, "alice@example.org", "Alice")
        self.api = Client(enforce_csrf_checks=True)

    def test_it_needs_authentication(self):
        response = self.api.get(self.url)
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_it_lists_the_callers_registrations_with_a_token(self):
        token = services.do_create_api_token(self.bob, "script")[1]
        response = self.api.get(self.url, headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual([(item["event"], item["status"], item["upcoming"]) for item in data],
                         [(self.soon.slug, "confirmed", True), (self.past.slug, "attended", False)])
        self.assertTrue(data[0]["management_url"].endswith(self.seat.get_absolute_url()))

    def test_another_person_sees_only_their_own(self):
        stranger = make_user("zed@example.org", "Zed")
        token = services.do_create_api_token(stranger, "script")[1]
        response = self.api.get(self.url, headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(response.json(), [])
