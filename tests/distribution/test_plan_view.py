"""/announcements/<pk>/plan/: the distribution plan checklist."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.base import BaseTestCase
from tests.distribution.helpers import make_announcement, make_scenario
from tests.helpers import html_tr, tr
from wspolnie.announcements.models import Announcement
from wspolnie.channels.models import Channel
from wspolnie.distribution import services
from wspolnie.distribution.models import PlanItem

STAFF_ONLY_NOTE = "Liderka: tel. 600 000 000 (tylko dla zespołu)"


class PlanViewTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)
        services.do_propose_plan(cls.alice, cls.announcement)
        cls.published = make_announcement(
            cls.org, title="Już opublikowane", status=Announcement.Status.PUBLISHED,
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )

    def url(self, announcement=None) -> str:
        return f"/announcements/{(announcement or self.announcement).pk}/plan/"

    def item(self, channel) -> PlanItem:
        return self.announcement.plan_items.get(channel=channel)

    # Who may see it ---------------------------------------------------------------------

    def test_it_requires_login(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_shows_the_plan_to_the_org_admin(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        names = ["Portal Razem", "Telegram Wrocław UA", "Liderka społeczności gruzińskiej",
                 "Portal miejski", "Tablica CAL Nadodrze"]
        self.assertEqual(sorted(names, key=body.index), names)  # in rank order
        self.assertContains(response, "Wyślij tekst i zdjęcie.")  # submission instructions
        self.assertContains(response, "mailto:redakcja@example.org")

    def test_staff_may_manage_it(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.url()).status_code, 200)

    def test_it_rejects_a_member_who_is_not_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url(self.published)).status_code, 403)
        # A draft is not even shown to exist.
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.published)).status_code, 403)
        response = self.client.post(self.url(self.published), {"action": "propose"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.published.plan_items.exists())

    def test_an_unknown_announcement_is_404(self):
        self.login(self.staff)
        self.assertEqual(self.client.get("/announcements/999999/plan/").status_code, 404)

    # Privacy ----------------------------------------------------------------------------

    def test_an_org_admin_does_not_see_a_staff_only_contact_of_another_org(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertNotContains(response, "600 000 000")
        self.assertContains(response, "Animatorka CAL, wtorki")  # members may see this one
        self.login(self.staff)
        self.assertContains(self.client.get(self.url()), "600 000 000")

    # Gaps and offline channels ----------------------------------------------------------

    def test_it_shows_the_gaps_with_a_way_to_fill_them(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertContains(response, 'id="directory-gaps"')
        self.assertContains(response, "Romska")
        self.assertContains(response, 'href="/channels/new/"')
        self.assertNotContains(response, 'id="plan-gaps"')
        self.assertContains(response, 'id="offline-included"')

    def test_removing_channels_shows_what_the_plan_no_longer_reaches(self):
        self.login(self.alice)
        for channel in (self.leader, self.board):
            self.client.post(self.url(), {"action": "remove", "item": self.item(channel).pk})
        response = self.client.get(self.url())
        self.assertContains(response, 'id="plan-gaps"')
        self.assertContains(response, "Gruzińska")
        self.assertContains(response, "/channels/reach/?communities=ukrainian")
        self.assertContains(response, 'id="offline-warning"')
        self.assertContains(response, html_tr("pl", "The plan is online only."))

    # Actions ----------------------------------------------------------------------------

    def test_proposing_from_the_page(self):
        self.login(self.alice)
        response = self.client.post(self.url(self.published), {"action": "propose"},
                                    follow=True)
        self.assertEqual(response.status_code, 200)
        # Nothing targeted: every channel speaking the source language is a match.
        self.assertEqual(self.published.plan_items.count(), 3)

    def test_marking_published_with_a_link(self):
        self.login(self.alice)
        item = self.item(self.telegram)
        response = self.client.post(self.url(), {
            "action": "status", "item": item.pk, f"item-{item.pk}-status": "published",
            f"item-{item.pk}-published_url": "https://t.me/example/15",
            f"item-{item.pk}-note": "Przypięte",
        })
        self.assertRedirects(response, f"{self.url()}#item-{item.pk}",
                             fetch_redirect_response=False)
        item.refresh_from_db()
        self.assertEqual((item.status, item.done_by), ("published", self.alice))
        response = self.client.get(self.url())
        self.assertContains(response, 'href="https://t.me/example/15"')
        self.assertContains(response, "Alice Admin")

    def test_an_online_channel_without_a_link_re_renders_with_the_message(self):
        self.login(self.alice)
        item = self.item(self.telegram)
        response = self.client.post(self.url(), {
            "action": "status", "item": item.pk, f"item-{item.pk}-status": "published",
        })
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, html_tr("pl", "Give the link to the published post: this channel is online.")
        )
        self.assertEqual(self.item(self.telegram).status, "todo")

    def test_a_malformed_link_is_refused(self):
        self.login(self.alice)
        item = self.item(self.board)
        response = self.client.post(self.url(), {
            "action": "status", "item": item.pk, f"item-{item.pk}-status": "published",
            f"item-{item.pk}-published_url": "javascript:alert(1)",
        })
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="field field-invalid"')
        self.assertEqual(self.item(self.board).status, "todo")

    def test_an_item_of_another_plan_is_404(self):
        services.do_propose_plan(self.staff, self.published)
        other_item = self.published.plan_items.first()
        self.login(self.alice)
        response = self.client.post(self.url(), {"action": "remove", "item": other_item.pk})
        self.assertEqual(response.status_code, 404)
        response = self.client.post(self.url(), {"action": "remove", "item": "abc"})
        self.assertEqual(response.status_code, 404)
        self.assertTrue(PlanItem.objects.filter(pk=other_item.pk).exists())

    def test_adding_a_channel_by_hand(self):
        self.login(self.alice)
        self.client.post(self.url(), {"action": "remove", "item": self.item(self.city).pk})
        response = self.client.post(self.url(), {"action": "add", "channel": self.city.pk})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.item(self.city).added_by_hand)

    def test_adding_an_inactive_channel_is_refused(self):
        self.login(self.alice)
        response = self.client.post(self.url(), {"action": "add", "channel": self.inactive.pk})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="field field-invalid"')
        self.assertFalse(self.announcement.plan_items.filter(channel=self.inactive).exists())

    def test_overdue_items_are_flagged_and_can_be_sorted_by_deadline(self):
        PlanItem.objects.filter(pk=self.item(self.board).pk).update(
            deadline=timezone.localdate() - datetime.timedelta(days=2)
        )
        self.login(self.alice)
        response = self.client.get(self.url() + "?sort=deadline")
        body = response.content.decode()
        self.assertLess(body.index("Tablica CAL Nadodrze"), body.index("Portal Razem"))
        self.assertContains(response, html_tr("pl", "Overdue"))

    def test_the_page_is_translated(self):
        self.login(self.alice)
        response = self.client.get(self.url(), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertNotEqual(tr("uk", "Checklist"), "Checklist")
        self.assertContains(response, html_tr("uk", "Checklist"))

    def test_a_channel_kind_label_is_shown(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertContains(response, html_tr("pl", str(Channel.Kind.OPINION_LEADER.label)))
