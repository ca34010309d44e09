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
