"""channels_reaching(), coverage_gaps(), district_gaps(), coverage_of() and the queryset
helpers the outreach planner builds on."""

from __future__ import annotations

from django.test import TestCase

from tests.base import make_personas
from wspolnie.channels.models import Channel
from wspolnie.channels.selectors import (
    channels_reaching,
    coverage_gaps,
    coverage_of,
    district_gaps,
)
from wspolnie.directory.models import Community, District, Language
from wspolnie.organisations.models import Organisation

from .helpers import make_channel, make_vocabulary


class ReachTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_personas(cls)
        make_vocabulary()
        cls.portal = make_channel(
            cls.org, "Portal miejski", languages=["pl", "uk", "en"],
            communities=["ukrainian"], estimated_reach=250_000,
        )
        cls.telegram = make_channel(
            cls.org, "Telegram UA", kind=Channel.Kind.TELEGRAM, languages=["uk", "ru"],
            communities=["ukrainian"], estimated_reach=5_000,
        )
        cls.leader = make_channel(
            cls.other_org, "Liderka społeczności gruzińskiej (Nadodrze)",
            kind=Channel.Kind.OPINION_LEADER, languages=["ka", "ru", "pl"],
            communities=["georgian"], districts=["nadodrze"], estimated_reach=150,
        )
        cls.board = make_channel(
            cls.other_org, "Tablica CAL Kozanów", kind=Channel.Kind.NOTICE_BOARD,
            languages=["pl", "uk"], districts=["kozanow"], estimated_reach=None,
        )

    def names(self, channels) -> list[str]:
        return [channel.name for channel in channels]


class ChannelsReachingTestCase(ReachTestCase):
    def test_it_ranks_by_fit_then_reach(self):
        ranked = list(channels_reaching(["georgian"], ["ka", "uk"]))
        # The leader covers georgian + ka (2); the others uk only (1), by reach.
        self.assertEqual(
            self.names(ranked),
            [self.leader.name, self.portal.name, self.telegram.name, self.board.name],
        )
        self.assertEqual([c.fit for c in ranked], [2, 1, 1, 1])
        self.assertEqual(ranked[0].community_fit, 1)
        self.assertEqual(ranked[0].language_fit, 1)
        self.assertEqual(ranked[0].district_fit, 0)

    def test_unknown_reach_comes_last_among_equal_fit(self):
        ranked = list(channels_reaching(languages=["pl"]))
        self.assertEqual(
            self.names(ranked), [self.portal.name, self.leader.name, self.board.name]
        )

    def test_a_citywide_channel_counts_for_every_district(self):
        ranked = list(channels_reaching(districts=["nadodrze", "kozanow", "gaj"]))
        fits = {channel.name: channel.fit for channel in ranked}
        self.assertEqual(fits[self.portal.name], 3)
        self.assertEqual(fits[self.telegram.name], 3)
        self.assertEqual(fits[self.leader.name], 1)
        self.assertEqual(fits[self.board.name], 1)
        self.assertEqual(self.names(ranked)[:2], [self.portal.name, self.telegram.name])

    def test_all_three_dimensions_add_up(self):
        ranked = list(channels_reaching(["georgian"], ["ka"], ["nadodrze"]))
        self.assertEqual(ranked[0], self.leader)
        self.assertEqual(ranked[0].fit, 3)

    def test_channels_bound_to_other_districts_reach_nobody_there(self):
        # The Kozanów board speaks Ukrainian, but a Nadodrze reader never sees it.
        ranked = self.names(channels_reaching(["ukrainian"], ["uk"], ["nadodrze"]))
        self.assertNotIn(self.board.name, ranked)
        self.assertEqual(ranked, [self.portal.name, self.telegram.name, self.leader.name])
        self.assertIn(self.board.name, self.names(channels_reaching(["ukrainian"], ["uk"])))

    def test_channels_reaching_nothing_asked_are_left_out(self):
        self.assertEqual(list(channels_reaching(["vietnamese"], ["vi"])), [])

    def test_it_accepts_model_instances_and_keys(self):
        by_instance = channels_reaching(
            Community.objects.filter(slug="georgian"), [Language.objects.get(code="ka")],
            [District.objects.get(slug="nadodrze")],
        )
        # Citywide channels reach Nadodrze too, with a lower fit.
        self.assertEqual(
            self.names(by_instance), [self.leader.name, self.portal.name, self.telegram.name]
        )
        self.assertEqual([c.fit for c in by_instance], [3, 1, 1])
        # Language codes are normalised.
        self.assertEqual(list(channels_reaching(languages=["KA"])), [self.leader])

    def test_inactive_channels_and_unapproved_organisations_are_left_out(self):
        self.telegram.active = False
        self.telegram.save()
        Organisation.objects.filter(pk=self.other_org.pk).update(status="pending")
        self.assertEqual(self.names(channels_reaching(languages=["uk", "ka"])), [self.portal.name])

    def test_nothing_asked_gives_every_channel_by_reach(self):
        self.assertEqual(
            self.names(channels_reaching()),
            [self.portal.name, self.telegram.name, self.leader.name, self.board.name],
        )

    def test_coverage_of_names_what_each_channel_covers(self):
        ranked = channels_reaching(["georgian", "ukrainian"], ["uk"], ["nadodrze"])
        covered = {c.channel.name: c for c in coverage_of(ranked, ["georgian", "ukrainian"],
                                                          ["uk"], ["nadodrze"])}
        portal = covered[self.portal.name]
        self.assertEqual([c.slug for c in portal.communities], ["ukrainian"])
        self.assertEqual([la.code for la in portal.languages], ["uk"])
        self.assertTrue(portal.citywide)
        leader = covered[self.leader.name]
        self.assertEqual([d.slug for d in leader.districts], ["nadodrze"])
        self.assertFalse(leader.citywide)
        self.assertEqual(leader.languages, [])


class CoverageGapsTestCase(ReachTestCase):
    def test_it_names_the_communities_and_languages_no_channel_reaches(self):
        gaps = coverage_gaps(["georgian", "vietnamese", "roma"], ["ka", "uk", "vi", "rom"])
        self.assertEqual([c.slug for c in gaps["communities"]], ["vietnamese", "roma"])
        self.assertEqual([la.code for la in gaps["languages"]], ["vi", "rom"])
        self.assertEqual(set(gaps), {"communities", "languages"})

    def test_no_gaps_when_everything_is_reached(self):
        self.assertEqual(
            coverage_gaps(["georgian", "ukrainian"], ["uk", "ka"]),
            {"communities": [], "languages": []},
        )

    def test_a_channel_that_stops_being_active_opens_a_gap(self):
        self.leader.active = False
        self.leader.save()
        gaps = coverage_gaps(["georgian"], ["ka"])
        self.assertEqual([c.slug for c in gaps["communities"]], ["georgian"])
        self.assertEqual([la.code for la in gaps["languages"]], ["ka"])

    def test_a_language_not_in_the_vocabulary_is_a_gap(self):
        gaps = coverage_gaps([], ["tr"])
        self.assertEqual([la.code for la in gaps["languages"]], ["tr"])
        self.assertEqual(gaps["communities"], [])

    def test_a_community_reached_only_in_other_districts_is_a_gap_there(self):
        gaps = coverage_gaps(["georgian"], ["ka"], ["gaj"])
        self.assertEqual([c.slug for c in gaps["communities"]], ["georgian"])
        self.assertEqual([la.code for la in gaps["languages"]], ["ka"])
        self.assertEqual(coverage_gaps(["georgian"], ["ka"], ["nadodrze"]),
                         {"communities": [], "languages": []})

    def test_district_gaps_only_without_a_citywide_channel(self):
        self.assertEqual(district_gaps(["gaj"]), [])
        Channel.objects.filter(citywide=True).update(active=False)
        self.assertEqual([d.slug for d in district_gaps(["gaj", "nadodrze"])], ["gaj"])


class QuerySetTestCase(ReachTestCase):
    def test_reaches_filters_within_each_dimension_with_or_and_across_with_and(self):
        self.assertEqual(
            set(Channel.objects.reaches(languages=["ka", "ru"])), {self.telegram, self.leader}
        )
        self.assertEqual(
            set(Channel.objects.reaches(languages=["uk"], districts=["kozanow"])),
            {self.portal, self.telegram, self.board},
        )
        self.assertEqual(
            list(Channel.objects.reaches(communities=["georgian"], languages=["uk"])), []
        )

    def test_mode_comes_from_the_kind_unless_overridden(self):
        self.assertEqual(self.portal.mode, "online")
        self.assertEqual(self.board.mode, "offline")
        self.assertEqual(self.leader.mode, "offline")
        self.assertEqual(
            set(Channel.objects.with_mode("offline")), {self.leader, self.board}
        )
        self.portal.mode_override = "both"
        self.portal.save()
        self.telegram.mode_override = "offline"
        self.telegram.save()
        self.assertEqual(
            set(Channel.objects.with_mode("offline")),
            {self.leader, self.board, self.portal, self.telegram},
        )
        self.assertEqual(set(Channel.objects.with_mode("online")), {self.portal})

    def test_submission_deadline_follows_the_lead_time(self):
        import datetime

        self.portal.submission_lead_days = 14
        self.assertEqual(
            self.portal.submission_deadline(datetime.date(2026, 3, 20)), datetime.date(2026, 3, 6)
        )
        self.portal.submission_lead_days = None
        self.assertIsNone(self.portal.submission_deadline(datetime.date(2026, 3, 20)))
