"""distribution/demo.py: plans for the demo announcements, with some channels marked done so
that the coverage report has data; idempotent."""

from __future__ import annotations

import datetime
import io

from django.test import TestCase
from django.utils import timezone

from tests.base import make_user
from wspolnie.announcements.models import Announcement
from wspolnie.channels import demo as channels_demo
from wspolnie.core.demo import DEMO_ORGANISATIONS
from wspolnie.directory import demo as directory_demo
from wspolnie.directory.models import Community, Language
from wspolnie.distribution import demo
from wspolnie.distribution.models import PlanItem
from wspolnie.distribution.selectors import coverage_report
from wspolnie.organisations.models import Organisation


class DistributionDemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        for values in DEMO_ORGANISATIONS:
            Organisation.objects.update_or_create(
                slug=values["slug"],
                defaults={**{k: v for k, v in values.items() if k != "slug"},
                          "status": Organisation.Status.APPROVED},
            )
        directory_demo.load()
        channels_demo.load(io.StringIO())
        make_user(demo.DEMO_STAFF, "Demo Staff", is_staff=True)
        wcrs = Organisation.objects.get(slug="wcrs")
        cls.published = Announcement.objects.create(
            organisation=wcrs, title="Spotkanie sieciujące", status=Announcement.Status.PUBLISHED,
            publish_at=timezone.now() - datetime.timedelta(days=2),
        )
        cls.published.communities.set(Community.objects.filter(slug__in=["ukrainian"]))
        cls.published.languages.set(Language.for_codes(["uk", "en"]))
        cls.draft = Announcement.objects.create(organisation=wcrs, title="Szkic")

    def test_it_proposes_plans_and_marks_some_channels_done(self):
        output = io.StringIO()
        demo.load(output)
        self.assertTrue(self.draft.plan_items.exists())
        self.assertFalse(self.draft.plan_items.exclude(status="todo").exists())
        statuses = list(self.published.plan_items.values_list("status", flat=True)[:3])
        self.assertEqual(statuses.count(PlanItem.Status.TODO), 0)
        self.assertIn(PlanItem.Status.PUBLISHED, statuses)
        report = coverage_report(self.published)
        self.assertGreater(report.published_channels, 0)
        self.assertEqual([row.state for row in report.communities], ["reached"])
        self.assertIn("Distribution plans: 2 plans", output.getvalue())

    def test_it_is_idempotent(self):
        demo.load(io.StringIO())
        before = list(PlanItem.objects.values_list("pk", "status", "done_at", "position"))
        demo.load(io.StringIO())
        after = list(PlanItem.objects.values_list("pk", "status", "done_at", "position"))
        self.assertEqual(before, after)

    def test_without_the_demo_staff_account_it_does_nothing(self):
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(email=demo.DEMO_STAFF).delete()
        demo.load(io.StringIO())
        self.assertFalse(PlanItem.objects.exists())
