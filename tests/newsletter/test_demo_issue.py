"""The demo holds a newsletter issue that was sent, so staff see a real history."""

from __future__ import annotations

import io

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from wspolnie.core.demo import load_demo_data
from wspolnie.core.models import AuditEntry
from wspolnie.newsletter import demo
from wspolnie.newsletter.models import Delivery, Issue, Subscriber


class DemoIssueTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo_data(io.StringIO())
        cls.issue = Issue.objects.get(subject__pl=demo.DEMO_ISSUE["subject"]["pl"])
        cls.staff = cls.issue.created_by

    def test_the_issue_was_sent_with_a_delivery_record_per_recipient(self):
        self.assertEqual(self.issue.status, Issue.Status.SENT)
        self.assertIsNotNone(self.issue.finished_at)
        self.assertEqual(self.staff.email, demo.STAFF_EMAIL)
        self.assertGreaterEqual(self.issue.items.count(), 2)
        deliveries = list(self.issue.deliveries.all())
        self.assertGreaterEqual(len(deliveries), 3)
        self.assertTrue(all(d.email.endswith("@example.org") for d in deliveries))
        self.assertTrue(all(d.sent_at is not None for d in deliveries))
        statuses = {d.status for d in deliveries}
        self.assertLessEqual(statuses, {Delivery.Status.SENT, Delivery.Status.BOUNCED})
        bounced = self.issue.deliveries.get(status=Delivery.Status.BOUNCED)
        self.assertEqual(bounced.email, demo.BOUNCED_EMAIL)
        # Through the services: the audit log tells the story like for a real issue.
        actions = set(AuditEntry.objects.filter(actor=self.staff).values_list("action", flat=True))
        self.assertLessEqual(
            {"newsletter.issue_created", "newsletter.issue_sending",
             "newsletter.delivery_bounced"}, actions)

    def test_loading_the_demo_sends_no_mail(self):
        Issue.objects.all().delete()
        issue = demo.load_sent_issue()
        self.assertEqual(issue.status, Issue.Status.SENT)
        self.assertTrue(issue.deliveries.exists())
        self.assertEqual(mail.outbox, [])

    def test_loading_again_changes_nothing(self):
        counts = (Issue.objects.count(), Delivery.objects.count(),
                  Subscriber.objects.get(email=demo.BOUNCED_EMAIL).bounce_count)
        load_demo_data(io.StringIO())
        self.assertEqual(
            (Issue.objects.count(), Delivery.objects.count(),
             Subscriber.objects.get(email=demo.BOUNCED_EMAIL).bounce_count), counts)
        self.assertEqual(counts[2], 1)

    def test_staff_see_the_history(self):
        self.client.force_login(self.staff)
        listing = self.client.get(reverse("newsletter:issue_list"), HTTP_ACCEPT_LANGUAGE="pl")
        self.assertContains(listing, f"Wydanie nr {self.issue.pk}")
        deliveries = self.client.get(
            reverse("newsletter:issue_deliveries", kwargs={"pk": self.issue.pk}),
            HTTP_ACCEPT_LANGUAGE="pl",
        )
        self.assertContains(deliveries, demo.BOUNCED_EMAIL)
        self.assertContains(deliveries, "mailbox unavailable")
