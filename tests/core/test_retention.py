"""Retention, done by the worker's sweeps: accounts and newsletter sign-ups never confirmed are
removed after their period, attendees' answers of meetings long past are blanked (the
registrations and their counts stay); each is logged in the audit log without personal data."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from tests.base import BaseTestCase
from tests.meetings.factories import make_event, register
from tests.newsletter.factories import make_subscriber
from wspolnie.accounts import sweeps as account_sweeps
from wspolnie.core.models import AuditEntry
from wspolnie.meetings import sweeps as meeting_sweeps
from wspolnie.meetings.models import Registration
from wspolnie.newsletter import sweeps as newsletter_sweeps
from wspolnie.newsletter.models import Subscriber
from wspolnie.organisations.models import Membership

User = get_user_model()
DAYS = dt.timedelta(days=1)


def audit_text() -> str:
    return json.dumps(list(AuditEntry.objects.values("object_repr", "changes")))


@override_settings(ACCOUNT_UNVERIFIED_DAYS=14)
class UnverifiedAccountTests(BaseTestCase):
    def test_accounts_never_verified_are_removed_after_the_period(self):
        now = timezone.now()
        old = User.objects.create_user(email="old.unverified@example.org", password="x" * 12,
                                       name="Stary Niepotwierdzony")
        User.objects.filter(pk=old.pk).update(date_joined=now - 15 * DAYS)
        recent = User.objects.create_user(email="recent@example.org", password="x" * 12,
                                          name="Nowy")
        kept_member = User.objects.create_user(email="member@example.org", password="x" * 12,
                                               name="Członek")
        Membership.objects.create(user=kept_member, organisation=self.org, role="member")
        User.objects.filter(pk__in=[kept_member.pk, self.bob.pk]).update(
            date_joined=now - 100 * DAYS)

        account_sweeps.sweep()

        self.assertFalse(User.objects.filter(pk=old.pk).exists())
        self.assertTrue(User.objects.filter(pk__in=[recent.pk, kept_member.pk, self.bob.pk])
                        .count() == 3)
        entry = AuditEntry.objects.get(action="account.unverified_removed")
        self.assertEqual(entry.object_id, str(old.pk))
        self.assertIsNone(entry.actor)
        self.assertNotIn("old.unverified", audit_text())
        self.assertNotIn("Stary", audit_text())
        # Idempotent.
        account_sweeps.sweep()
        self.assertEqual(AuditEntry.objects.filter(action="account.unverified_removed")
                         .count(), 1)


@override_settings(NEWSLETTER_CONFIRMATION_HOURS=72)
class UnconfirmedSignupTests(BaseTestCase):
    def test_the_worker_sweep_forgets_sign_ups_never_confirmed(self):
        pending = make_subscriber("pending@example.org", confirmed=False)
        Subscriber.objects.filter(pk=pending.pk).update(
            created=timezone.now() - 4 * DAYS, confirmation_sent_at=timezone.now() - 4 * DAYS)
        fresh = make_subscriber("fresh@example.org", confirmed=False)
        confirmed = make_subscriber("reader@example.org")

        newsletter_sweeps.sweep()

        self.assertEqual(set(Subscriber.objects.values_list("pk", flat=True)),
                         {fresh.pk, confirmed.pk})
        self.assertTrue(AuditEntry.objects.filter(action="newsletter.expired").exists())
        self.assertNotIn("pending@", audit_text())


@override_settings(MEETING_ANSWERS_RETENTION_DAYS=180)
class AnswerRetentionTests(BaseTestCase):
    def test_answers_of_meetings_long_past_are_blanked_and_the_counts_stay(self):
        now = timezone.now()
        old = make_event(self.org, starts_at=now - 200 * DAYS)
        recent = make_event(self.org, starts_at=now - 10 * DAYS)
        for event in (old, recent):
            register(event, "a@example.org", "Anna", answers={"diet": "wegańska"})
            register(event, "b@example.org", "Borys", answers={"diet": "bez mięsa"},
                     status=Registration.Status.ATTENDED)

        meeting_sweeps.sweep()

        self.assertEqual(list(old.registrations.values_list("answers", flat=True)), [{}, {}])
        self.assertEqual(old.registrations.count(), 2)
        self.assertEqual(old.registrations.filter(status=Registration.Status.ATTENDED)
                         .count(), 1)
        self.assertEqual(list(recent.registrations.values_list("answers", flat=True)),
                         [{"diet": "wegańska"}, {"diet": "bez mięsa"}])
        entry = AuditEntry.objects.get(action="meetings.answers_expired")
        self.assertEqual((entry.object_id, entry.changes), (str(old.pk), {"registrations": 2}))
        for text in ("wegańska", "Anna", "a@example.org"):
            self.assertNotIn(text, audit_text())
        meeting_sweeps.sweep()
        self.assertEqual(AuditEntry.objects.filter(action="meetings.answers_expired").count(), 1)
