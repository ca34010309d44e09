"""Deleting one's own account: confirmed with the password, refused while the person is the
only admin of an organisation with other members; afterwards the address is gone from every
table the deletion touches and nobody can log in with it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.core import serializers
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.base import PASSWORD, BaseTestCase
from tests.helpers import html_tr, tr
from tests.meetings.factories import make_event, register
from wspolnie.accounts import services
from wspolnie.accounts.models import ApiToken, User
from wspolnie.core.models import AuditEntry
from wspolnie.meetings.models import Event, Registration
from wspolnie.newsletter import subscriptions
from wspolnie.newsletter.models import ConsentRecord, Delivery, Subscriber
from wspolnie.organisations import services as org_services
from wspolnie.organisations.models import JoinRequest, Membership, OutdatedReport

R = Registration.Status
URL = reverse("accounts:delete")
#: Every table the deletion touches.
TABLES = [User, Registration, Subscriber, ConsentRecord, Delivery, AuditEntry, OutdatedReport,
          Membership, ApiToken, JoinRequest]


def tables_mentioning(text: str) -> list[str]:
    found = []
    for model in TABLES:
        dump = serializers.serialize("json", model.objects.all())
        if text.lower() in dump.lower():
            found.append(model._meta.label)
    return found


class DeleteAccountTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        now = timezone.now()
        # Bob's traces: a renamed profile, a token, registrations (one while signed in, one
        # by address only, one for a past meeting), a newsletter subscription, a report.
        services.do_update_profile(self.bob, name="Bob Q. Member", preferred_language="pl")
        services.do_create_api_token(self.bob, "script")
        org_services.do_set_membership(self.alice, self.org, self.bob, "member")
        self.full = make_event(self.org, starts_at=now + dt.timedelta(days=3), capacity=1)
        self.open = make_event(self.other_org, starts_at=now + dt.timedelta(days=9))
        self.past = make_event(self.org, starts_at=now - dt.timedelta(days=9),
                               status=Event.Status.HELD)
        self.seat = register(self.full, "bob@example.org", "Bob Q. Member", user=self.bob,
                             answers={"1": "wheelchair"}, organisation_name="Bob's club")
        self.waiting = register(self.full, "dana@example.org", "Dana", language="en",
                                status=R.WAITLISTED)
        self.by_address = register(self.open, "bob@example.org", "Bob Q. Member")
        self.attended = register(self.past, "bob@example.org", "Bob Q. Member",
                                 status=R.ATTENDED)
        other = register(self.past, "erin@example.org", "Erin", status=R.ATTENDED)
        self.other_attendee = other
        subscriber = subscriptions.do_sign_up(
            "Bob@Example.org", ["pl"], [], source="test", consent_text="Zgoda",
            language="pl", client_key="127.0.0.1")
        subscriptions.do_confirm(subscriber.token)
        org_services.do_report_outdated(self.bob, self.other_org, message="Stary adres",
                                        email="bob@example.org")
        self.bob.refresh_from_db()

    def delete(self, user=None, password=PASSWORD):
        self.login(user or self.bob)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(URL, {"password": password})

    def test_it_requires_login(self):
        response = self.client.get(URL)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={URL}")

    def test_the_profile_links_to_it(self):
        self.login(self.bob)
        self.assertContains(self.client.get(reverse("accounts:profile")), f'href="{URL}"')

    def test_it_explains_what_happens_in_the_users_language(self):
        self.login(self.bob)
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, "<h1>Видалити мій обліковий запис</h1>", html=True)
        self.assertContains(response, 'autocomplete="current-password"')

    def test_a_wrong_password_changes_nothing(self):
        response = self.delete(password="not my password")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, html_tr("pl", "The password is not correct."),
                            status_code=400)
        self.assertIsNotNone(authenticate(username="bob@example.org", password=PASSWORD))
        self.assertTrue(Membership.objects.filter(user=self.bob).exists())

    def test_the_account_is_gone_and_so_is_the_address(self):
        self.assertIn("accounts.User", tables_mentioning("bob@example.org"))
        response = self.delete()
        self.assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)
        self.assertContains(self.client.get(reverse("core:home")),
                            html_tr("pl", "Your account is deleted. Goodbye!"))
        # Logged out, and nobody logs in with the old address and password.
        self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 302)
        self.assertIsNone(authenticate(username="bob@example.org", password=PASSWORD))
        self.assertFalse(Client().login(username="bob@example.org", password=PASSWORD))
        response = Client().post(reverse("accounts:login"),
                                 {"username": "bob@example.org", "password": PASSWORD})
        self.assertEqual(response.status_code, 200)
        # Neither the address nor the name is kept anywhere the deletion touched.
        self.assertEqual(tables_mentioning("bob@example.org"), [])
        self.assertEqual(tables_mentioning("Bob Q. Member"), [])
        self.assertEqual(tables_mentioning("Bob Member"), [])
        self.assertEqual(tables_mentioning("wheelchair"), [])
        self.assertFalse(Membership.objects.filter(user=self.bob).exists())
        self.assertFalse(ApiToken.objects.filter(user=self.bob).exists())
        self.assertFalse(Subscriber.objects.exists())
        # The audit log says so, naming the account by its id only.
        entry = AuditEntry.objects.get(action="account.deleted")
        self.assertEqual((entry.actor_id, entry.object_id), (self.bob.pk, str(self.bob.pk)))
        # Somebody else can sign up with the address again.
        self.assertFalse(User.objects.filter(email__iexact="bob@example.org").exists())

    def test_upcoming_registrations_are_cancelled_and_the_waiting_list_moves_up(self):
        self.delete()
        for registration in (self.seat, self.by_address, self.waiting, self.attended,
                             self.other_attendee):
            registration.refresh_from_db()
        self.assertEqual((self.seat.status, self.by_address.status), (R.CANCELLED, R.CANCELLED))
        self.assertEqual(self.waiting.status, R.CONFIRMED)
        # The past meeting still counts Bob's attendance, without Bob.
        self.assertEqual(self.attended.status, R.ATTENDED)
        self.assertEqual((self.attended.name, self.attended.answers), ("", {}))
        self.assertEqual(self.other_attendee.email, "erin@example.org")
        # Bob's calendar drops both meetings; Dana gets her seat.
        recipients = sorted(m["To"] for m in self.smtp.wait_for(3))
        self.assertEqual(recipients, ["bob@example.org", "bob@example.org", "dana@example.org"])

    def test_nothing_is_mailed_to_an_erased_registration(self):
        self.delete()
        self.smtp.wait_for(3)
        before = len(self.smtp.messages)
        from wspolnie.meetings import services as meeting_services

        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            count = meeting_services.do_message_registrants(
                self.alice, self.past, "Dziękujemy", "Notatki w załączniku.", [R.ATTENDED])
        self.assertEqual(count, 1)
        self.assertEqual([m["To"] for m in self.smtp.wait_for(before + 1)[before:]],
                         ["erin@example.org"])

    def test_the_only_admin_of_an_organisation_with_members_is_refused(self):
        self.login(self.alice)
        response = self.client.get(URL)
        self.assertContains(response, html_tr("pl", "Your account cannot be deleted yet."))
        self.assertContains(response, reverse("organisations:members", args=[self.org.slug]))
        self.assertNotContains(response, 'name="password"')
        response = self.delete(self.alice)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(User.objects.get(pk=self.alice.pk).is_active)
        self.assertTrue(Membership.objects.filter(user=self.alice).exists())

    def test_with_a_second_admin_the_admin_can_leave(self):
        org_services.do_set_membership(self.alice, self.org, self.bob, "admin")
        response = self.delete(self.alice)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(tables_mentioning("alice@example.org"), [])

    def test_the_only_admin_of_an_organisation_without_other_members_can_leave(self):
        response = self.delete(self.charlie)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Membership.objects.filter(organisation=self.other_org).exists())

    def test_the_organisations_history_shows_a_deleted_account(self):
        self.delete()
        self.login(self.alice)
        response = self.client.get(reverse("organisations:history", args=[self.org.slug]))
        self.assertNotContains(response, "bob@example.org")
        self.assertContains(response, tr("pl", "deleted account #%(id)s") % {"id": self.bob.pk})
