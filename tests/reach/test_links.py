"""/r/<code>: a tracked link per plan item, counted once per session, per language, and
redirecting to the public page; its QR codes."""

from __future__ import annotations

import re

from django.test import Client

from tests.base import BaseTestCase
from tests.reach.helpers import counts, make_reach_scenario
from wspolnie.announcements.models import Announcement
from wspolnie.distribution import services as plans
from wspolnie.reach.models import Count, TrackedLink
from wspolnie.reach.services import add, issue_links
from wspolnie.reach.tracking import SESSION_KEY


class TrackedLinkTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_reach_scenario(cls)

    def url(self, channel) -> str:
        return f"/r/{self.links[channel.pk].code}"

    def test_every_plan_item_gets_an_unguessable_unique_code(self):
        codes = [link.code for link in self.links.values()]
        self.assertEqual(len(codes), self.announcement.plan_items.count())
        self.assertEqual(len(set(codes)), len(codes))
        for code in codes:
            self.assertRegex(code, r"^[A-Za-z0-9_-]{12,}$")
        # Issuing again is idempotent.
        again = issue_links(list(self.announcement.plan_items.all()))
        self.assertEqual(sorted(link.code for link in again.values()), sorted(codes))

    def test_a_visit_redirects_to_the_public_page_and_is_counted_in_its_language(self):
        response = self.client.get(self.url(self.portal) + "?lang=uk")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"],
                         f"{self.announcement.get_absolute_url()}?language=uk")
        self.assertEqual(counts(self.links[self.portal.pk]), {"uk": 1})
        self.assertEqual(self.client.session[SESSION_KEY]["link"], self.links[self.portal.pk].pk)

    def test_the_browser_language_chooses_the_version_and_an_untranslated_one_falls_back(self):
        Client(HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9").get(self.url(self.telegram))
        # Georgian has no version: the source (Polish) is served and counted.
        Client(HTTP_ACCEPT_LANGUAGE="ka").get(self.url(self.telegram))
        self.assertEqual(counts(self.links[self.telegram.pk]), {"uk": 1, "pl": 1})

    def test_a_second_click_in_the_same_session_is_the_same_visit(self):
        self.client.get(self.url(self.portal))
        self.client.get(self.url(self.portal))
        self.client.get(self.url(self.city))
        self.assertEqual(counts(self.links[self.portal.pk]), {"pl": 1})
        self.assertEqual(counts(self.links[self.city.pk]), {"pl": 1})
        # The last link is the one that brought the visitor.
        self.assertEqual(self.client.session[SESSION_KEY]["link"], self.links[self.city.pk].pk)

    def test_robots_and_head_requests_are_not_counted(self):
        preview = Client(HTTP_USER_AGENT="WhatsApp/2.23.20.0 A")
        self.assertEqual(preview.get(self.url(self.portal)).status_code, 302)
        Client(HTTP_USER_AGENT="facebookexternalhit/1.1").get(self.url(self.portal))
        Client(HTTP_USER_AGENT="TelegramBot (like TwitterBot)").get(self.url(self.portal))
        self.assertEqual(Client().head(self.url(self.portal)).status_code, 302)
        self.assertFalse(Count.objects.exists())

    def test_no_personal_data_is_kept(self):
        Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox").get(self.url(self.portal))
        row = Count.objects.get()
        self.assertEqual({f.name for f in Count._meta.fields},
                         {"id", "link", "day", "language", "kind", "count"})
        self.assertNotIn("203.0.113.7", str(list(Count.objects.values())))
        self.assertEqual(row.count, 1)

    def test_an_invitation_to_a_public_meeting_leads_to_the_meeting(self):
        from tests.meetings.factories import make_event

        event = make_event(self.org)
        Announcement.objects.filter(pk=self.announcement.pk).update(
            event=event, kind=Announcement.Kind.EVENT_INVITATION)
        response = self.client.get(self.url(self.portal) + "?lang=en")
        self.assertEqual(response["Location"], f"{event.get_absolute_url()}?lang=en")
        # A link in a target language beyond the page languages counts in it; a language
        # the announcement is not meant for counts as the page's.
        response = Client().get(self.url(self.portal) + "?lang=ka")
        self.assertEqual(response["Location"], f"{event.get_absolute_url()}?lang=pl")
        Client().get(self.url(self.portal) + "?lang=tlh")
        self.assertEqual(counts(self.links[self.portal.pk]), {"en": 1, "ka": 1, "pl": 1})

    def test_a_withdrawn_announcement_answers_gone_and_counts_nothing(self):
        Announcement.objects.filter(pk=self.announcement.pk).update(
            status=Announcement.Status.WITHDRAWN)
        response = self.client.get(self.url(self.portal))
        self.assertContains(response, "nie prowadzi", status_code=404)
        self.assertFalse(Count.objects.exists())

    def test_unknown_codes_and_other_methods(self):
        self.assertEqual(self.client.get("/r/AAAAAAAAAAAA").status_code, 404)
        self.assertEqual(self.client.get("/r/" + "x" * 40).status_code, 404)
        self.assertEqual(self.client.post(self.url(self.portal)).status_code, 405)

    def test_qr_codes_for_print(self):
        code = self.links[self.portal.pk].code
        png = self.client.get(f"/r/{code}/qr.png")
        self.assertEqual(png["Content-Type"], "image/png")
        self.assertTrue(png.content.startswith(b"\x89PNG"))
        svg = self.client.get(f"/r/{code}/qr.svg")
        self.assertEqual(svg["Content-Type"], "image/svg+xml")
        self.assertIn(b"<svg", svg.content)
        self.assertEqual(self.client.get("/r/nope/qr.png").status_code, 404)

    def test_the_plan_page_shows_each_items_link_and_qr_downloads(self):
        self.login(self.alice)
        response = self.client.get(f"/announcements/{self.announcement.pk}/plan/")
        html = response.content.decode()
        for link in self.links.values():
            self.assertIn(link.public_url(), html)
            self.assertIn(f"/r/{link.code}/qr.png", html)
        # The leader's private page is offered to the leader channel's managers only.
        self.assertNotIn(f"/reach/channels/{self.leader.pk}/leader/", html)
        self.login(self.staff)
        response = self.client.get(f"/announcements/{self.announcement.pk}/plan/")
        self.assertContains(response, f"/reach/channels/{self.leader.pk}/leader/")

    def test_an_item_added_later_gets_its_link_on_the_plan_page(self):
        plans.do_add_channel(self.alice, self.announcement, self.board)
        self.login(self.alice)
        self.client.get(f"/announcements/{self.announcement.pk}/plan/")
        self.assertTrue(TrackedLink.objects.filter(item__channel=self.board).exists())

    def test_a_removed_items_link_stops_and_its_counts_go(self):
        link = self.links[self.portal.pk]
        add(link.pk, "visit", "pl")
        plans.do_remove_item(self.alice, link.item)
        self.assertEqual(self.client.get(f"/r/{link.code}").status_code, 404)
        self.assertFalse(Count.objects.exists())

    def test_codes_are_not_in_public_pages(self):
        page = self.client.get(self.announcement.get_absolute_url()).content.decode()
        for link in self.links.values():
            self.assertIsNone(re.search(re.escape(link.code), page))
