"""/announcements/coverage/: coverage across the last N announcements."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.base import BaseTestCase
from tests.distribution.helpers import make_announcement, make_scenario
from tests.helpers import html_tr
from wspolnie.announcements.models import Announcement
from wspolnie.distribution import services

URL = "/announcements/coverage/"


class OverviewViewTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)
        for days in range(3):
            announcement = make_announcement(
                cls.org, communities=["ukrainian", "georgian"], title=f"Ogłoszenie {days}",
                status=Announcement.Status.PUBLISHED,
                publish_at=timezone.now() - datetime.timedelta(days=days + 1),
            )
            services.do_propose_plan(cls.alice, announcement)
            item = announcement.plan_items.select_related("channel").get(channel=cls.portal)
            services.do_set_status(cls.alice, item, "published", "https://p.example/1")
        make_announcement(cls.other_org, communities=["roma"], title="Cudze",
                          status=Announcement.Status.PUBLISHED, publish_at=timezone.now())

    def test_it_requires_login(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_rejects_a_member_who_is_not_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(URL).status_code, 403)

    def test_an_org_admin_sees_their_own_announcements_only(self):
        self.login(self.alice)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<tr><th scope="row">Gruzińska</th><td>3</td><td>0</td>'
                                      '<td>3</td></tr>', html=True)
        self.assertContains(response, '<tr><th scope="row">Ukraińska</th><td>3</td><td>3</td>'
                                      '<td>0</td></tr>', html=True)
        self.assertNotContains(response, '<th scope="row">Romska</th>')
        self.assertContains(response, html_tr("pl", "Communities we keep missing"))
        self.assertContains(response, '<svg class="bar-chart" role="img"')

    def test_other_orgs_admin_sees_only_theirs(self):
        self.login(self.charlie)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<tr><th scope="row">Romska</th><td>1</td><td>0</td>'
                                      '<td>1</td></tr>', html=True)
        self.assertNotContains(response, '<th scope="row">Gruzińska</th>')

    def test_staff_see_everything(self):
        self.login(self.staff)
        response = self.client.get(URL)
        self.assertContains(response, '<th scope="row">Romska</th>')
        self.assertContains(response, '<th scope="row">Gruzińska</th>')

    def test_keep_missing_and_unreachable_communities(self):
        self.login(self.alice)
        response = self.client.get(URL)
        keep = response.content.decode().split('id="keep-missing"')[1].split("</div>")[0]
        self.assertIn("Gruzińska", keep)
        self.assertNotIn("Ukraińska", keep)
        self.assertIn("Romska", keep.split('id="unreachable"')[1])

    def test_n_limits_the_announcements(self):
        self.login(self.alice)
        response = self.client.get(URL + "?n=1")
        self.assertContains(response, '<tr><th scope="row">Gruzińska</th><td>1</td><td>0</td>'
                                      '<td>1</td></tr>', html=True)

    def test_a_bad_n_is_explained_and_the_default_used(self):
        self.login(self.alice)
        for bad in ("abc", "0", "1000"):
            with self.subTest(n=bad):
                response = self.client.get(URL + f"?n={bad}")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'class="field field-invalid"')
                self.assertContains(response, '<th scope="row">Gruzińska</th><td>3</td>')

    def test_the_timeline_lists_each_announcement_oldest_first(self):
        # A fourth, newer announcement that reached nobody: coverage got worse lately.
        make_announcement(
            self.org, communities=["ukrainian"], title="Najnowsze",
            status=Announcement.Status.PUBLISHED, publish_at=timezone.now(),
        )
        self.login(self.alice)
        response = self.client.get(URL)
        timeline = response.content.decode().split('id="timeline"')[1].split("</table>")[0]
        titles = ["Ogłoszenie 2", "Ogłoszenie 1", "Ogłoszenie 0", "Najnowsze"]
        positions = [timeline.index(title) for title in titles]
        self.assertEqual(positions, sorted(positions))
        rows = timeline.split("<tr>")[2:]
        # The older ones reached the Ukrainian but not the Georgian community.
        self.assertIn("1 z 2", rows[0])
        self.assertIn("Gruzińska", rows[0])
        # The newest reached none of its one community.
        self.assertIn("0 z 1", rows[3])
        self.assertIn("Ukraińska", rows[3])
