"""/announcements/<pk>/coverage/: who one announcement reached, with a chart and a table."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.base import BaseTestCase
from tests.distribution.helpers import make_announcement, make_scenario
from tests.helpers import html_tr
from wspolnie.announcements.models import Announcement
from wspolnie.distribution import services


class CoverageViewTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)
        services.do_propose_plan(cls.alice, cls.announcement)
        items = {i.channel_id: i for i in cls.announcement.plan_items.select_related("channel")}
        services.do_set_status(cls.alice, items[cls.portal.pk], "published", "https://p.example/1")
        services.do_set_status(cls.alice, items[cls.telegram.pk], "published", "https://t.me/e/2")
        services.do_set_status(cls.alice, items[cls.leader.pk], "submitted")
        cls.published = make_announcement(
            cls.org, title="Opublikowane", status=Announcement.Status.PUBLISHED,
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )

    def url(self, announcement=None) -> str:
        return f"/announcements/{(announcement or self.announcement).pk}/coverage/"

    def test_it_requires_login(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_requires_a_manager(self):
        for user, draft, published in [(self.bob, 404, 403), (self.charlie, 404, 403),
                                       (self.alice, 200, 200), (self.staff, 200, 200)]:
            self.login(user)
            with self.subTest(user=user.email):
                self.assertEqual(self.client.get(self.url()).status_code, draft)
                self.assertEqual(self.client.get(self.url(self.published)).status_code, published)

    def test_it_shows_the_numbers_in_a_table_and_a_chart(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertContains(
            response,
            '<tr class="coverage-reached"><th scope="row">Ukraińska</th><td>2</td><td>0</td>'
            f'<td>{html_tr("pl", "reached")}</td></tr>', html=True,
        )
        self.assertContains(
            response,
            '<tr class="coverage-missed"><th scope="row">Romska</th><td>0</td><td>0</td>'
            f'<td><strong>{html_tr("pl", "missed")}</strong></td></tr>', html=True,
        )
        self.assertContains(response, '<svg class="bar-chart" role="img"')
        self.assertContains(response, ">Ukraińska</text>")
        # Three planned tables; the measured ones (reach) follow in their own section.
        planned = response.content.decode().split('id="measured"')[0]
        self.assertEqual(planned.count("<caption>"), 3)
        self.assertContains(response, '<dd id="published-channels">2</dd>', html=True)
        self.assertContains(response, "7\xa0000")  # estimated reach 5000 + 2000, intcomma
        self.assertContains(response, 'id="missed"')

    def test_an_announcement_without_a_plan(self):
        self.login(self.alice)
        response = self.client.get(self.url(self.published))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "The announcement names no target community."))
