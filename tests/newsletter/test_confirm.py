"""The confirmation link: confirms on POST, expires after NEWSLETTER_CONFIRMATION_HOURS and
then offers a new sign-up; unconfirmed sign-ups are forgotten by the expiry job."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.newsletter import subscriptions
from wspolnie.newsletter.models import ConsentRecord, Subscriber

from .factories import make_subscriber

S = Subscriber.Status
A = ConsentRecord.Action


def sent_hours_ago(subscriber: Subscriber, hours: float) -> None:
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmation_sent_at=timezone.now() - timedelta(hours=hours)
    )


@override_settings(NEWSLETTER_CONFIRMATION_HOURS=48)
class ConfirmPageTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pending = make_subscriber("olena@example.org", ["uk"], confirmed=False)
        self.url = reverse("newsletter:confirm", args=[self.pending.token])

    def test_get_only_asks_so_that_link_scanners_confirm_nothing(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, html_tr("en", "Confirm my subscription"))
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.status, S.PENDING)

    def test_post_confirms_and_logs_the_consent(self):
        response = self.client.post(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertRedirects(response, reverse("newsletter:preferences",
                                               args=[self.pending.token]))
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.status, S.CONFIRMED)
        [consent] = ConsentRecord.objects.all()
        self.assertEqual((consent.action, consent.source, consent.email),
                         (A.CONFIRM, "confirmation link", "olena@example.org"))
        self.assertEqual(consent.details, {"languages": ["uk"], "topics": []})
        # Twice is harmless.
        self.assertEqual(self.client.post(self.url).status_code, 302)
        self.assertEqual(ConsentRecord.objects.count(), 1)
        self.assertContains(self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en"),
                            html_tr("en", "Your subscription is already confirmed."))

    def test_an_expired_link_says_so_and_offers_to_sign_up_again(self):
        sent_hours_ago(self.pending, 49)
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, reverse("newsletter:signup"), status_code=410)
        self.assertNotContains(response, html_tr("en", "Confirm my subscription"),
                               status_code=410)
        response = self.client.post(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, html_tr("en", "Sign up again"), status_code=410)
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.status, S.PENDING)

    def test_a_link_just_within_the_limit_still_works(self):
        sent_hours_ago(self.pending, 47)
        self.client.post(self.url)
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.status, S.CONFIRMED)

    def test_an_unknown_token_gets_the_sign_up_again_answer(self):
        for method in ("get", "post"):
            response = getattr(self.client, method)(
                reverse("newsletter:confirm", args=["no-such-token"]), HTTP_ACCEPT_LANGUAGE="en"
            )
            self.assertContains(response, html_tr("en", "Sign up again"), status_code=410)

    def test_an_unsubscribed_link_cannot_resubscribe(self):
        subscriptions.do_unsubscribe(self.pending.token, source="test")
        response = self.client.post(self.url)
        self.assertEqual(response.status_code, 410)
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.status, S.UNSUBSCRIBED)


@override_settings(NEWSLETTER_CONFIRMATION_HOURS=48)
class ExpiryTestCase(BaseTestCase):
    def test_old_pending_sign_ups_are_forgotten_but_the_consent_log_stays_blank(self):
        old = make_subscriber("old@example.org", confirmed=False)
        ConsentRecord.objects.create(subscriber=old, email=old.email, action=A.SIGN_UP,
                                     source="sign-up page", text="I agree", language="pl")
        sent_hours_ago(old, 49)
        fresh = make_subscriber("fresh@example.org", confirmed=False)
        confirmed = make_subscriber("confirmed@example.org")
        sent_hours_ago(confirmed, 500)

        out = io.StringIO()
        call_command("expire_newsletter_signups", stdout=out)
        self.assertIn("1 unconfirmed sign-up", out.getvalue())

        self.assertEqual(set(Subscriber.objects.values_list("email", flat=True)),
                         {fresh.email, confirmed.email})
        self.assertFalse(ConsentRecord.objects.filter(email="old@example.org").exists())
        records = {record.action: record for record in ConsentRecord.objects.all()}
        self.assertEqual(set(records), {A.SIGN_UP, A.EXPIRE})
        self.assertEqual(records[A.SIGN_UP].text, "I agree")  # what was agreed stays
        self.assertEqual(records[A.EXPIRE].email, "")
        self.assertEqual(records[A.EXPIRE].details["email_hash"],
                         subscriptions.keyed_hash("email", "old@example.org"))
        # Running again finds nothing more.
        self.assertEqual(subscriptions.expire_unconfirmed(), 0)

    def test_the_old_link_then_answers_sign_up_again(self):
        old = make_subscriber("old@example.org", confirmed=False)
        sent_hours_ago(old, 49)
        subscriptions.expire_unconfirmed()
        response = self.client.post(reverse("newsletter:confirm", args=[old.token]))
        self.assertContains(response, reverse("newsletter:signup"), status_code=410)
