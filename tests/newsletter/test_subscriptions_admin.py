"""The Django admin for subscribers: it lists and shows them, and the consent log is
read-only there (it is evidence)."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase, make_user
from wspolnie.newsletter.models import ConsentRecord

from .factories import make_subscriber


class SubscriptionAdminTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.admin = make_user("root@example.org", "Root", is_staff=True, is_superuser=True)
        self.subscriber = make_subscriber("olena@example.org", ["uk"])
        self.consent = ConsentRecord.objects.create(
            subscriber=self.subscriber, email=self.subscriber.email, action="sign_up",
            source="sign-up page", text="Zgadzam się.", language="pl",
        )
        self.client.force_login(self.admin)

    def test_the_pages_open(self):
        for name, args in [
            ("admin:newsletter_subscriber_changelist", []),
            ("admin:newsletter_subscriber_change", [self.subscriber.pk]),
            ("admin:newsletter_consentrecord_changelist", []),
            ("admin:newsletter_consentrecord_change", [self.consent.pk]),
            ("admin:newsletter_signupattempt_changelist", []),
        ]:
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name, args=args)).status_code, 200)

    def test_the_consent_log_cannot_be_edited_or_deleted(self):
        url = reverse("admin:newsletter_consentrecord_change", args=[self.consent.pk])
        self.client.post(url, {"text": "changed", "action": "sign_up", "source": "x"})
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.text, "Zgadzam się.")
        url = reverse("admin:newsletter_consentrecord_delete", args=[self.consent.pk])
        self.assertEqual(self.client.get(url).status_code, 403)


class IssueAdminTestCase(BaseTestCase):
    def test_issues_and_deliveries_open_and_deliveries_are_read_only(self):
        from wspolnie.newsletter.models import Delivery, Issue

        root = make_user("root@example.org", "Root", is_staff=True, is_superuser=True)
        subscriber = make_subscriber("olena@example.org", ["uk"])
        issue = Issue.objects.create(subject={"pl": "Numer 1"})
        delivery = Delivery.objects.create(
            issue=issue, subscriber=subscriber, email=subscriber.email, language="uk",
            message_id="<test-1@example.org>",
        )
        self.client.force_login(root)
        for name, args in [
            ("admin:newsletter_issue_changelist", []),
            ("admin:newsletter_issue_change", [issue.pk]),
            ("admin:newsletter_delivery_changelist", []),
            ("admin:newsletter_delivery_change", [delivery.pk]),
        ]:
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name, args=args)).status_code, 200)
        url = reverse("admin:newsletter_delivery_change", args=[delivery.pk])
        self.client.post(url, {"status": "failed", "email": "x@example.org"})
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.email), ("queued", "olena@example.org"))
