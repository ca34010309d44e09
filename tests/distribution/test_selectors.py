from __future__ import annotations

import datetime

from django.utils import timezone

from tests.base import BaseTestCase
from tests.distribution.helpers import make_announcement, make_channel, make_scenario
from wspolnie.announcements.models import Announcement
from wspolnie.channels.models import Channel
from wspolnie.distribution import services
from wspolnie.distribution.models import PlanItem
from wspolnie.distribution.selectors import (
    coverage_overview,
    coverage_report,
    plan_gaps,
    plan_items,
)


class GapTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)
        services.do_propose_plan(cls.alice, cls.announcement)

    def test_targets_no_channel_reaches_are_directory_gaps(self):
        gaps = plan_gaps(self.announcement)
        self.assertEqual([c.slug for c in gaps.directory.communities], ["roma"])
        self.assertEqual(gaps.directory.languages, [])
        self.assertFalse(gaps.plan)

    def test_a_removed_channel_leaves_a_gap_in_the_plan(self):
        services.do_remove_item(self.alice, self.announcement.plan_items.get(channel=self.leader))
        gaps = plan_gaps(self.announcement)
        self.assertEqual([c.slug for c in gaps.plan.communities], ["georgian"])
        self.assertEqual([la.code for la in gaps.plan.languages], ["ka"])
        # Still listed once: Roma is a gap of the whole directory, not of this plan.
        self.assertEqual([c.slug for c in gaps.directory.communities], ["roma"])

    def test_a_declined_channel_does_not_count_as_reaching(self):
        item = self.announcement.plan_items.get(channel=self.leader)
        services.do_set_status(self.alice, item, PlanItem.Status.DECLINED, note="Urlop")
        self.assertEqual([c.slug for c in plan_gaps(self.announcement).plan.communities],
                         ["georgian"])

    def test_districts_no_channel_reaches(self):
        announcement = make_announcement(self.org, districts=["gaj"])
        # Two city-wide portals reach Gaj; without them only the Nadodrze board is left.
        Channel.objects.filter(citywide=True).update(active=False)
        gaps = plan_gaps(announcement)
        self.assertEqual([d.slug for d in gaps.directory.districts], ["gaj"])

    def test_offline_channels_are_counted(self):
        gaps = plan_gaps(self.announcement)
        self.assertEqual(gaps.offline_in_plan, 2)  # the leader and the notice board
        self.assertEqual(gaps.offline_available, 2)
        for channel in (self.leader, self.board):
            services.do_remove_item(
                self.alice, self.announcement.plan_items.get(channel=channel)
            )
        gaps = plan_gaps(self.announcement)
        self.assertTrue(gaps.online_only)
        self.assertEqual(gaps.offline_available, 2)


class ItemsTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)
        services.do_propose_plan(cls.alice, cls.announcement)

    def test_a_passed_deadline_flags_items_still_to_do(self):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        self.announcement.plan_items.filter(channel__in=[self.portal, self.telegram]).update(
            deadline=yesterday
        )
        self.announcement.plan_items.filter(channel=self.telegram).update(status="submitted")
        overdue = {i.channel.name: i.overdue for i in plan_items(self.announcement)}
        self.assertTrue(overdue["Portal Razem"])
        self.assertFalse(overdue["Telegram Wrocław UA"])  # already sent
        self.assertFalse(overdue["Tablica CAL Nadodrze"])  # deadline ahead

    def test_sorting_by_deadline_puts_undated_items_last(self):
        ordered = [i.channel.name for i in plan_items(self.announcement, sort="deadline")]
        self.assertEqual(
            ordered,
            ["Portal Razem", "Tablica CAL Nadodrze", "Telegram Wrocław UA",
             "Liderka społeczności gruzińskiej", "Portal miejski"],
        )


class CoverageReportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)
        services.do_propose_plan(cls.alice, cls.announcement)
        items = {i.channel_id: i for i in cls.announcement.plan_items.select_related("channel")}
        services.do_set_status(cls.alice, items[cls.portal.pk], "published", "https://p.example/1")
        services.do_set_status(cls.alice, items[cls.telegram.pk], "published", "https://t.me/e/2")
        services.do_set_status(cls.alice, items[cls.leader.pk], "submitted")
        services.do_set_status(cls.alice, items[cls.city.pk], "declined")

    def test_per_community_and_language_published_planned_missed(self):
        report = coverage_report(self.announcement)
        communities = {r.key: (r.published, r.planned, r.state) for r in report.communities}
        self.assertEqual(communities, {
            "ukrainian": (2, 0, "reached"),
            "georgian": (0, 1, "planned"),
            "roma": (0, 0, "missed"),
        })
        languages = {r.key: (r.published, r.planned, r.state) for r in report.languages}
        # Polish: the portal published; the board still to do; the declined city portal
        # does not count.
        self.assertEqual(languages, {
            "pl": (1, 1, "reached"),
            "uk": (2, 0, "reached"),
            "ka": (0, 1, "planned"),
        })
        self.assertEqual([r.key for r in report.missed], ["roma"])

    def test_reach_is_summed_over_published_channels(self):
        report = coverage_report(self.announcement)
        self.assertEqual(report.published_channels, 2)
        self.assertEqual(report.reach_published, 7000)
        self.assertEqual(report.planned_channels, 2)
        self.assertEqual(report.reach_planned, 300)  # the leader; the board's reach is unknown


class OverviewTests(BaseTestCase):
    """Four published announcements: Ukrainians reached by 3 of 3, Georgians by 1 of 3
    (keep missing), Roma by 0 of 1 and no channel for them at all."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)
        now = timezone.now()
        cls.announcements = []
        targets = [["ukrainian", "georgian"], ["ukrainian", "georgian"],
                   ["ukrainian", "georgian", "roma"], []]
        for days, communities in enumerate(targets):
            announcement = make_announcement(
                cls.org, communities=communities, title=f"Ogłoszenie {days}",
                status=Announcement.Status.PUBLISHED,
                publish_at=now - datetime.timedelta(days=days + 1),
            )
            services.do_propose_plan(cls.alice, announcement)
            cls.announcements.append(announcement)
        for announcement in cls.announcements[:3]:
            item = announcement.plan_items.select_related("channel").get(channel=cls.portal)
            services.do_set_status(cls.alice, item, "published", "https://p.example/x")
        leader_item = cls.announcements[0].plan_items.get(channel=cls.leader)
        services.do_set_status(cls.alice, leader_item, "published")
        # Another organisation's announcement: not in Alice's overview.
        make_announcement(cls.other_org, communities=["roma"], title="Inne",
                          status=Announcement.Status.PUBLISHED, publish_at=now)

    def test_counts_per_community(self):
        overview = coverage_overview(self.alice, 10)
        rows = {r.key: (r.targeted, r.reached, r.missed) for r in overview.communities}
        self.assertEqual(rows, {"ukrainian": (3, 3, 0), "georgian": (3, 1, 2), "roma": (1, 0, 1)})
        self.assertEqual(len(overview.announcements), 4)

    def test_communities_we_keep_missing(self):
        overview = coverage_overview(self.alice, 10)
        self.assertEqual([r.key for r in overview.keep_missing], ["georgian", "roma"])
        self.assertEqual({c.slug for c in overview.unreachable}, {"roma", "vietnamese"})

    def test_only_the_last_n_count(self):
        overview = coverage_overview(self.alice, 1)
        self.assertEqual(overview.announcements, [self.announcements[0]])
        rows = {r.key: (r.targeted, r.reached) for r in overview.communities}
        self.assertEqual(rows, {"ukrainian": (1, 1), "georgian": (1, 1)})
        self.assertEqual(overview.keep_missing, [])

    def test_staff_see_every_organisation(self):
        overview = coverage_overview(self.staff, 10)
        self.assertEqual(len(overview.announcements), 5)
        self.assertEqual(coverage_overview(self.bob, 10).announcements, [])

    def test_languages_count_the_source_language(self):
        rows = {r.key: (r.targeted, r.reached) for r in coverage_overview(self.alice).languages}
        self.assertEqual(rows, {"pl": (4, 3)})

    def test_a_channel_reaching_no_community_is_ignored(self):
        make_channel(self.org, "Bez społeczności", languages=["pl"])
        self.assertIn("roma", {c.slug for c in coverage_overview(self.alice).unreachable})
