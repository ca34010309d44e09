from __future__ import annotations

import datetime
from unittest.mock import patch

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.base import BaseTestCase
from tests.distribution.helpers import PUBLISH_AT, make_channel, make_scenario
from wspolnie.channels.models import Channel
from wspolnie.core.models import AuditEntry
from wspolnie.distribution import services
from wspolnie.distribution.models import PlanItem
from wspolnie.meetings.models import Event


def names(announcement) -> list[str]:
    return [item.channel.name for item in announcement.plan_items.select_related("channel")]


class ProposeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)

    def test_it_ranks_by_fit_then_reach_and_leaves_out_inactive_channels(self):
        services.do_propose_plan(self.alice, self.announcement)
        self.assertEqual(
            names(self.announcement),
            ["Portal Razem", "Telegram Wrocław UA", "Liderka społeczności gruzińskiej",
             "Portal miejski", "Tablica CAL Nadodrze"],
        )
        items = list(self.announcement.plan_items.all())
        self.assertEqual([item.position for item in items], [1, 2, 3, 4, 5])
        self.assertEqual([item.fit for item in items], [4, 3, 3, 2, 2])
        self.assertTrue(all(item.status == PlanItem.Status.TODO for item in items))

    def test_it_includes_offline_channels_and_opinion_leaders(self):
        services.do_propose_plan(self.alice, self.announcement)
        kinds = {item.channel.kind for item in self.announcement.plan_items.all()}
        self.assertIn(Channel.Kind.OPINION_LEADER, kinds)
        self.assertIn(Channel.Kind.NOTICE_BOARD, kinds)

    def test_offline_channels_beyond_the_cut_off_are_still_proposed(self):
        # Only the two best fits fit in; the notice board and the leader rank lower, but an
        # offline-first announcement must not end up online-only.
        with patch.object(services, "PROPOSAL_SIZE", 2):
            services.do_propose_plan(self.alice, self.announcement)
        self.assertEqual(
            names(self.announcement),
            ["Portal Razem", "Telegram Wrocław UA", "Liderka społeczności gruzińskiej",
             "Tablica CAL Nadodrze"],
        )

    def test_deadline_is_the_publication_day_minus_the_lead_time(self):
        services.do_propose_plan(self.alice, self.announcement)
        day = timezone.localdate(PUBLISH_AT)
        deadlines = {i.channel_id: i.deadline for i in self.announcement.plan_items.all()}
        self.assertEqual(deadlines[self.portal.pk], day - datetime.timedelta(days=7))
        self.assertEqual(deadlines[self.telegram.pk], day - datetime.timedelta(days=2))
        self.assertIsNone(deadlines[self.leader.pk])  # no lead time stated

    def test_without_a_publication_date_the_event_start_counts(self):
        starts = timezone.now() + datetime.timedelta(days=50)
        event = Event.objects.create(title="Spotkanie sieciujące", slug="spotkanie",
                                     starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
        self.announcement.publish_at = None
        self.announcement.event = event
        self.announcement.save()
        services.do_propose_plan(self.alice, self.announcement)
        item = self.announcement.plan_items.get(channel=self.portal)
        self.assertEqual(item.deadline, timezone.localdate(starts) - datetime.timedelta(days=7))

    def test_proposing_again_keeps_statuses_and_adds_new_matches(self):
        services.do_propose_plan(self.alice, self.announcement)
        item = self.announcement.plan_items.get(channel=self.telegram)
        services.do_set_status(self.alice, item, PlanItem.Status.PUBLISHED, "https://t.me/p/1")
        newcomer = make_channel(self.org, "Grupa rodziców", kind=Channel.Kind.FACEBOOK_GROUP,
                                languages=["uk"], communities=["ukrainian"])

        added = services.do_propose_plan(self.staff, self.announcement)

        self.assertEqual([i.channel for i in added], [newcomer])
        self.assertEqual(self.announcement.plan_items.count(), 6)
        item.refresh_from_db()
        self.assertEqual(item.status, PlanItem.Status.PUBLISHED)
        self.assertEqual(item.published_url, "https://t.me/p/1")
        self.assertEqual(item.done_by, self.alice)

    def test_proposing_again_follows_a_new_publication_date(self):
        services.do_propose_plan(self.alice, self.announcement)
        hand = services.do_add_channel(self.alice, self.announcement, self.inactive_now_active())
        self.announcement.publish_at = PUBLISH_AT + datetime.timedelta(days=10)
        self.announcement.save()
        services.do_propose_plan(self.alice, self.announcement)
        day = timezone.localdate(self.announcement.publish_at)
        item = self.announcement.plan_items.get(channel=self.portal)
        self.assertEqual(item.deadline, day - datetime.timedelta(days=7))
        hand.refresh_from_db()
        self.assertEqual(hand.deadline, day - datetime.timedelta(days=1))
        self.assertEqual(hand.position, 6)  # stays where it was put

    def inactive_now_active(self) -> Channel:
        Channel.objects.filter(pk=self.inactive.pk).update(active=True, submission_lead_days=1)
        return Channel.objects.get(pk=self.inactive.pk)

    def test_proposing_twice_changes_nothing(self):
        services.do_propose_plan(self.alice, self.announcement)
        before = list(self.announcement.plan_items.values_list("channel", "position", "fit"))
        self.assertEqual(services.do_propose_plan(self.alice, self.announcement), [])
        after = list(self.announcement.plan_items.values_list("channel", "position", "fit"))
        self.assertEqual(before, after)

    def test_it_is_for_managers_only(self):
        for user in (self.bob, self.charlie):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.do_propose_plan(user, self.announcement)
        self.assertFalse(self.announcement.plan_items.exists())
        services.do_propose_plan(self.staff, self.announcement)
        self.assertTrue(self.announcement.plan_items.exists())

    def test_it_writes_the_audit_log(self):
        services.do_propose_plan(self.alice, self.announcement)
        entry = AuditEntry.objects.get(action="distribution.proposed")
        self.assertEqual(entry.actor, self.alice)
        self.assertIn("Portal Razem", entry.changes["added"])


class AddRemoveTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)

    def test_a_channel_added_by_hand_goes_last_with_its_deadline(self):
        services.do_propose_plan(self.alice, self.announcement)
        self.announcement.plan_items.get(channel=self.portal).delete()
        item = services.do_add_channel(self.alice, self.announcement, self.portal)
        self.assertTrue(item.added_by_hand)
        self.assertEqual(item.position, 6)
        self.assertEqual(item.fit, 4)
        self.assertEqual(item.deadline, timezone.localdate(PUBLISH_AT) - datetime.timedelta(7))
        # Adding it again does not duplicate it.
        self.assertEqual(services.do_add_channel(self.alice, self.announcement, self.portal), item)
        self.assertEqual(self.announcement.plan_items.filter(channel=self.portal).count(), 1)

    def test_an_inactive_channel_cannot_be_added(self):
        with self.assertRaises(ValidationError):
            services.do_add_channel(self.alice, self.announcement, self.inactive)

    def test_removing_is_for_managers_and_audited(self):
        services.do_propose_plan(self.alice, self.announcement)
        item = self.announcement.plan_items.get(channel=self.city)
        with self.assertRaises(PermissionDenied):
            services.do_remove_item(self.charlie, item)
        services.do_remove_item(self.alice, item)
        self.assertFalse(PlanItem.objects.filter(pk=item.pk).exists())
        self.assertTrue(AuditEntry.objects.filter(action="distribution.item_removed").exists())


class StatusTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)
        services.do_propose_plan(cls.alice, cls.announcement)

    def item(self, channel) -> PlanItem:
        return self.announcement.plan_items.select_related("channel").get(channel=channel)

    def test_marking_published_records_who_and_when(self):
        item = services.do_set_status(
            self.alice, self.item(self.telegram), PlanItem.Status.PUBLISHED,
            " https://t.me/example/15 ", "Pinned for a week",
        )
        item.refresh_from_db()
        self.assertEqual(item.status, PlanItem.Status.PUBLISHED)
        self.assertEqual(item.published_url, "https://t.me/example/15")
        self.assertEqual(item.note, "Pinned for a week")
        self.assertEqual(item.done_by, self.alice)
        self.assertLess(timezone.now() - item.done_at, datetime.timedelta(minutes=1))
        entry = AuditEntry.objects.get(action="distribution.status_set")
        self.assertEqual(entry.changes["status"], ["todo", "published"])

    def test_an_online_channel_needs_the_link_when_published(self):
        with self.assertRaises(ValidationError) as raised:
            services.do_set_status(self.alice, self.item(self.telegram), "published", "")
        self.assertIn("published_url", raised.exception.message_dict)
        self.assertEqual(self.item(self.telegram).status, PlanItem.Status.TODO)

    def test_an_offline_channel_needs_no_link(self):
        services.do_set_status(self.alice, self.item(self.board), "published", "", "Powieszone")
        self.assertEqual(self.item(self.board).status, PlanItem.Status.PUBLISHED)

    def test_the_link_must_be_http_or_https(self):
        for bad in ("javascript:alert(1)", "ftp://example.org/x", "not a link"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError) as raised:
                services.do_set_status(self.alice, self.item(self.board), "published", bad)
            self.assertIn("published_url", raised.exception.message_dict)

    def test_unknown_status_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            services.do_set_status(self.alice, self.item(self.board), "done")
        self.assertIn("status", raised.exception.message_dict)

    def test_back_to_do_clears_who_and_when(self):
        item = services.do_set_status(self.alice, self.item(self.board), "submitted")
        self.assertEqual(item.done_by, self.alice)
        item = services.do_set_status(self.staff, item, "todo")
        self.assertIsNone(item.done_by)
        self.assertIsNone(item.done_at)

    def test_only_managers_change_statuses(self):
        for user in (self.bob, self.charlie):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.do_set_status(user, self.item(self.board), "submitted")
        self.assertEqual(self.item(self.board).status, PlanItem.Status.TODO)
