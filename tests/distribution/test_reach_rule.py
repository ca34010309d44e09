"""Issue #18, point 5: "Propose a plan" takes only the channels that reach a target, and the
coverage report lists every target — communities, languages and districts — consistent with
the plan's gaps. With the demo's channels (19 of them: city-wide portals, notice boards in six
districts, three opinion leaders) and an announcement like the demo's neighbourhood week
(Nadodrze, Ołbin, Szczepin)."""

from __future__ import annotations

import io
import json

from django.conf import settings
from django.test import Client

from tests.base import BaseTestCase
from tests.distribution.helpers import make_announcement
from tests.helpers import html_tr
from wspolnie.accounts import services as account_services
from wspolnie.channels import demo as channels_demo
from wspolnie.channels.models import Channel
from wspolnie.core.demo import DEMO_ORGANISATIONS
from wspolnie.directory import demo as directory_demo
from wspolnie.distribution import services
from wspolnie.distribution.models import PlanItem
from wspolnie.distribution.selectors import coverage_report, plan_gaps
from wspolnie.organisations.models import Organisation

TARGET_DISTRICTS = {"nadodrze", "olbin", "szczepin"}


def channel(name_start: str) -> Channel:
    return Channel.objects.get(name__startswith=name_start)


class DemoChannelsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for values in DEMO_ORGANISATIONS:
            Organisation.objects.update_or_create(
                slug=values["slug"],
                defaults={**{k: v for k, v in values.items() if k != "slug"},
                          "status": Organisation.Status.APPROVED},
            )
        directory_demo.load()
        channels_demo.load(io.StringIO())
        cls.announcement = make_announcement(
            cls.org, title="Tydzień sąsiedzki",
            communities=["ukrainian", "georgian", "roma", "vietnamese"], languages=["en", "uk"],
            districts=sorted(TARGET_DISTRICTS),
        )

    def outside(self, channel_: Channel) -> bool:
        """Bound to districts, none of them a target one."""
        return not channel_.citywide and not (
            {d.slug for d in channel_.districts.all()} & TARGET_DISTRICTS
        )


class ProposalTests(DemoChannelsTestCase):
    def test_channels_bound_to_other_districts_are_not_proposed(self):
        self.assertTrue(any(self.outside(c) for c in Channel.objects.public()))
        services.do_propose_plan(self.alice, self.announcement)
        proposed = [item.channel for item in self.announcement.plan_items.all()]
        self.assertEqual([c.name for c in proposed if self.outside(c)], [])
        names = {c.name for c in proposed}
        for left_out in ("Tablica ogłoszeń CAL — Gaj", "Tablica ogłoszeń CAL — Kozanów",
                         "Tablica ogłoszeń CAL — Popowice", "Tablica ogłoszeń CAL — Huby",
                         "Liderka społeczności indyjskiej"):
            self.assertFalse(any(name.startswith(left_out) for name in names), left_out)
        # Offline channels and opinion leaders of the target districts are still in, and so
        # is every city-wide channel (it reaches every district in its languages).
        for kept in ("Tablica ogłoszeń CAL — Nadodrze", "Tablica ogłoszeń CAL — Ołbin",
                     "Liderka społeczności gruzińskiej", "Lider społeczności białoruskiej"):
            self.assertTrue(any(name.startswith(kept) for name in names), kept)
        citywide = set(Channel.objects.public().filter(citywide=True).values_list("name",
                                                                                  flat=True))
        self.assertLessEqual(citywide, names)
        self.assertLess(len(names), Channel.objects.public().count())

    def test_without_districts_the_announcement_is_for_the_whole_city(self):
        citywide = make_announcement(self.org, title="Dla całego miasta",
                                     communities=["ukrainian"], languages=["uk"])
        services.do_propose_plan(self.alice, citywide)
        names = set(citywide.plan_items.values_list("channel__name", flat=True))
        # A Polish notice board anywhere in the city reaches Polish readers of it.
        self.assertIn("Tablica ogłoszeń CAL — Gaj", names)

    def test_the_offline_count_on_the_plan_counts_only_channels_that_reach_a_target(self):
        gaps = plan_gaps(self.announcement)
        offline_in_area = [c for c in Channel.objects.public().with_mode("offline")
                           if not self.outside(c)]
        self.assertEqual(gaps.offline_available, len(offline_in_area))


class CoverageTests(DemoChannelsTestCase):
    def rows(self, report) -> dict[str, tuple[int, int]]:
        return {row.key: (row.published, row.planned)
                for row in report.communities + report.languages + report.districts}

    def test_every_target_has_a_row_with_zero_where_nothing_reaches_it(self):
        services.do_propose_plan(self.alice, self.announcement)
        report = coverage_report(self.announcement)
        self.assertEqual([row.key for row in report.districts],
                         ["nadodrze", "olbin", "szczepin"])
        self.assertEqual([row.label for row in report.districts],
                         ["Nadodrze", "Ołbin", "Szczepin"])
        rows = self.rows(report)
        self.assertEqual(rows["roma"], (0, 0))
        self.assertEqual(rows["vietnamese"], (0, 0))
        self.assertGreater(rows["nadodrze"][1], rows["szczepin"][1])  # + its board and leader
        self.assertEqual(set(rows), {"ukrainian", "georgian", "roma", "vietnamese", "pl", "en",
                                     "uk", *TARGET_DISTRICTS})

    def test_the_missed_targets_are_the_plans_gaps(self):
        # Only a notice board of another district is left in the plan (added by hand): it
        # reaches none of the targets, though it is in Polish.
        services.do_propose_plan(self.alice, self.announcement)
        self.announcement.plan_items.all().delete()
        services.do_add_channel(self.alice, self.announcement,
                                channel("Tablica ogłoszeń CAL — Gaj"))
        gaps = plan_gaps(self.announcement)
        named = {
            *(c.slug for c in gaps.plan.communities + gaps.directory.communities),
            *(la.code for la in gaps.plan.languages + gaps.directory.languages),
            *(d.slug for d in gaps.plan.districts + gaps.directory.districts),
        }
        self.assertIn("nadodrze", named)
        self.assertIn("olbin", named)
        self.assertIn("pl", named)
        report = coverage_report(self.announcement)
        self.assertEqual({row.key for row in report.missed}, named)
        self.assertEqual(set(self.rows(report).values()), {(0, 0)})

    def test_a_declined_channel_does_not_count_and_districts_follow_the_plan(self):
        services.do_propose_plan(self.alice, self.announcement)
        for item in self.announcement.plan_items.select_related("channel"):
            if item.channel.citywide:
                services.do_set_status(self.alice, item, PlanItem.Status.DECLINED)
        report = coverage_report(self.announcement)
        states = {row.key: row.state for row in report.districts}
        self.assertEqual(states, {"nadodrze": "planned", "olbin": "planned",
                                  "szczepin": "missed"})
        self.assertEqual([d.slug for d in plan_gaps(self.announcement).plan.districts],
                         ["szczepin"])


class PagesTests(DemoChannelsTestCase):
    def test_the_plan_page_proposes_only_channels_that_reach_a_target(self):
        self.login(self.alice)
        url = f"/announcements/{self.announcement.pk}/plan/"
        self.client.post(url, {"action": "propose"})
        for language in ("pl", "en", "uk"):
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = self.client.get(url)
            # In the checklist (every channel stays in the "Add a channel" list).
            self.assertContains(response, "<h3>Tablica ogłoszeń CAL — Nadodrze</h3>", html=True)
            self.assertNotContains(response, "<h3>Tablica ogłoszeń CAL — Gaj</h3>", html=True)
            self.assertContains(response, html_tr(
                language,
                "The proposal takes the channels that reach at least one target: a target "
                "community, language or district. When the announcement names districts, "
                "channels bound to other districts are left out (a notice board in another "
                "district does not reach them); a city-wide channel reaches every district "
                "in its languages.",
            ))

    def test_the_coverage_page_lists_the_target_districts(self):
        services.do_propose_plan(self.alice, self.announcement)
        self.login(self.alice)
        for language in ("pl", "en", "uk"):
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = self.client.get(f"/announcements/{self.announcement.pk}/coverage/")
            self.assertContains(response, f"<h2>{html_tr(language, 'Target districts')}</h2>",
                                html=True)
            self.assertContains(response, f"<caption>{html_tr(language, 'Target districts')}"
                                          "</caption>", html=True)
            for name in ("Nadodrze", "Ołbin", "Szczepin"):
                self.assertContains(response, f'<th scope="row">{name}</th>', html=True)
            self.assertContains(response, 'id="districts-chart-title"')

    def test_the_api_gives_the_same(self):
        token = account_services.do_create_api_token(self.alice, "test")[1]
        api = Client()
        headers = {"Authorization": f"Bearer {token}"}
        doc = api.post(f"/api/distribution/plans/{self.announcement.pk}/propose",
                       headers=headers).json()
        names = [item["channel"]["name"] for item in doc["items"]]
        self.assertNotIn("Tablica ogłoszeń CAL — Gaj", names)
        self.assertIn("Tablica ogłoszeń CAL — Nadodrze", names)
        coverage = api.get(f"/api/distribution/plans/{self.announcement.pk}/coverage",
                           headers=headers)
        self.assertEqual(coverage.status_code, 200, coverage.content)
        rows = {row["key"]: row for row in json.loads(coverage.content)["districts"]}
        self.assertEqual(set(rows), TARGET_DISTRICTS)
        self.assertEqual(rows["nadodrze"]["label"], "Nadodrze")
        self.assertEqual(rows["szczepin"]["state"], "planned")
