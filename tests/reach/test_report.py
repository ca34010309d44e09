"""The measured figures beside the planned ones: the coverage report (per channel, language
and community), the overview (which channels work for which communities), their CSV."""

from __future__ import annotations

import csv
import io

from django.test import Client

from tests.base import BaseTestCase
from tests.reach.helpers import make_reach_scenario
from wspolnie.distribution import services as plans
from wspolnie.reach.services import add


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


class ReportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_reach_scenario(cls)
        items = {i.channel_id: i for i in cls.announcement.plan_items.all()}
        plans.do_set_status(cls.alice, items[cls.portal.pk], "published", "https://p.example/1")
        for language, n in (("uk", 3), ("pl", 2)):
            add(cls.links[cls.telegram.pk].pk, "visit", language, by=n)
        add(cls.links[cls.leader.pk].pk, "visit", "ka", by=4)
        add(cls.links[cls.leader.pk].pk, "registration", "ka")

    def test_the_coverage_report_shows_visits_per_channel_language_and_community(self):
        self.login(self.alice)
        response = self.client.get(f"/announcements/{self.announcement.pk}/coverage/")
        html = response.content.decode()
        self.assertIn('id="measured-visits">9<', html)
        self.assertIn('id="measured-conversions">1<', html)
        self.assertInHTML(
            '<tr><th scope="row">Liderka społeczności gruzińskiej <span class="badge">lider '
            'opinii</span></th><td>Do zrobienia</td><td>4</td><td>1</td><td>0</td><td>0</td>'
            '<td><span lang="ka">ქართული</span>: 4</td></tr>', html)
        # Per language of the page served (Georgian is a target of the announcement).
        self.assertInHTML('<tr><th scope="row" lang="uk">Українська</th><td>3</td><td>0</td>'
                          '<td>0</td><td>0</td></tr>', html)
        # Per community: the channels' communities (Telegram and the portal: Ukrainian).
        self.assertInHTML('<tr><th scope="row">Ukraińska</th><td>5</td><td>0</td><td>0</td>'
                          '<td>0</td></tr>', html)
        self.assertInHTML('<tr><th scope="row">Gruzińska</th><td>4</td><td>1</td><td>0</td>'
                          '<td>0</td></tr>', html)
        self.assertIn('id="measured-channels-chart-title"', html)
        self.assertIn('id="measured-languages-chart-title"', html)

    def test_the_report_speaks_english_and_ukrainian(self):
        self.login(self.alice)
        for language, words in (("en", "Measured reach"), ("uk", "Виміряне охоплення")):
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            client.force_login(self.alice)
            response = client.get(f"/announcements/{self.announcement.pk}/coverage/")
            self.assertContains(response, words)

    def test_the_csv_has_a_row_per_channel_and_language(self):
        self.login(self.alice)
        response = self.client.get(f"/reach/announcements/{self.announcement.pk}/measured.csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        data = rows(response)
        self.assertEqual(data[0][:5], ["Kanał", "Rodzaj", "Organizacja", "Link śledzony",
                                       "Język"])
        telegram = [row for row in data if row[0] == "Telegram Wrocław UA"]
        self.assertEqual([row[4:6] for row in telegram],
                         [["wszystkie języki", "5"], ["uk", "3"], ["pl", "2"]])
        self.assertEqual(telegram[0][3], self.links[self.telegram.pk].public_url())

    def test_the_overview_shows_which_channels_work_for_which_communities(self):
        self.login(self.alice)
        response = self.client.get("/announcements/coverage/")
        html = response.content.decode()
        self.assertInHTML(
            '<tr><th scope="row">Gruzińska</th><td>Liderka społeczności gruzińskiej '
            '<span class="meta">(Lider(ka) opinii w społeczności)</span></td><td>1</td><td>4</td>'
            '<td>1</td><td>0</td><td>0</td></tr>', html)
        self.assertIn('id="measured-overview-chart-title"', html)
        self.assertIn('id="measured-kinds"', html)
        data = rows(self.client.get("/reach/overview.csv?n=5"))
        self.assertIn(["Ukraińska", "Telegram Wrocław UA", "Grupa lub kanał na Telegramie",
                       "Stowarzyszenie Inne", "1", "5", "0", "0", "0"], data)

    def test_who_may_download(self):
        urls = [f"/reach/announcements/{self.announcement.pk}/measured.csv",
                "/reach/overview.csv"]
        for url in urls:
            response = Client().get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/accounts/login/", response["Location"])
        for user, statuses in [(self.bob, (403, 403)), (self.charlie, (403, 200)),
                               (self.alice, (200, 200)), (self.staff, (200, 200))]:
            self.login(user)
            for url, status in zip(urls, statuses, strict=True):
                with self.subTest(user=user.email, url=url):
                    self.assertEqual(self.client.get(url).status_code, status)

    def test_a_draft_announcements_csv_does_not_leak(self):
        self.announcement.status = "draft"
        self.announcement.save()
        self.login(self.charlie)
        url = f"/reach/announcements/{self.announcement.pk}/measured.csv"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get("/reach/overview.csv?n=abc").status_code, 200)

    def test_the_overview_of_others_leaves_their_announcements_out(self):
        self.login(self.charlie)
        data = rows(self.client.get("/reach/overview.csv"))
        self.assertEqual(len(data), 1)  # the header only: charlie manages no announcement
