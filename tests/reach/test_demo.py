"""Done when: on the demo network, a plan's tracked links bring visits (one browser each, in
Polish and Ukrainian) that show up per channel and language in the coverage report; the demo's
own figures and leaders' pages load idempotently."""

from __future__ import annotations

import io

from django.test import Client, TestCase

from tests.base import make_personas
from wspolnie.announcements.models import Announcement
from wspolnie.core.demo import load_demo_data
from wspolnie.distribution.models import PlanItem
from wspolnie.reach import demo
from wspolnie.reach.models import Count, LeaderPage
from wspolnie.reach.selectors import measured


class ReachDemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_personas(cls)
        load_demo_data(io.StringIO())
        cls.announcement = next(
            a for a in Announcement.objects.filter(status=Announcement.Status.PUBLISHED)
            .order_by("pk") if a.is_public and a.plan_items.exists()
            and a.version("uk") is not None
        )

    def test_a_plans_tracked_links_bring_visits_that_show_in_the_report(self):
        before = {f.item.pk: f for f in measured(self.announcement).links}
        items = list(self.announcement.plan_items.select_related("channel", "tracked_link")
                     .exclude(status=PlanItem.Status.DECLINED).order_by("position")[:3])
        for index, item in enumerate(items):
            for language in ["pl", "uk"][: 1 + index % 2]:
                response = Client().get(f"/r/{item.tracked_link.code}?lang={language}")
                self.assertEqual(response.status_code, 302)
                self.assertIn(self.announcement.get_absolute_url(), response["Location"])
        after = {f.item.pk: f for f in measured(self.announcement).links}
        for index, item in enumerate(items):
            old, new = before[item.pk], after[item.pk]
            self.assertEqual(new.visits - old.visits, 1 + index % 2, item.channel.name)
            for language in ["pl", "uk"][: 1 + index % 2]:
                was = old.languages[language].visits if language in old.languages else 0
                self.assertEqual(new.languages[language].visits - was, 1)

        staff = Client()
        staff.force_login(self.staff)
        html = staff.get(f"/announcements/{self.announcement.pk}/coverage/").content.decode()
        for item in items:
            figures = after[item.pk]
            self.assertInHTML(f"<td>{figures.visits}</td>", html, count=None)
            self.assertIn(item.channel.name, html)
        self.assertIn(f'id="measured-visits">{measured(self.announcement).total.visits}<', html)

    def test_the_demo_has_figures_and_leaders_pages_and_loads_again_unchanged(self):
        self.assertTrue(Count.objects.exists())
        pages = list(LeaderPage.objects.all())
        self.assertTrue(pages)
        for page in pages:
            self.assertEqual(self.client.get(page.get_absolute_url()).status_code, 200)
        counts = sorted(Count.objects.values_list("link_id", "day", "language", "kind", "count"))
        demo.load(io.StringIO())
        self.assertEqual(sorted(Count.objects.values_list("link_id", "day", "language", "kind",
                                                          "count")), counts)
        self.assertEqual(LeaderPage.objects.count(), len(pages))
