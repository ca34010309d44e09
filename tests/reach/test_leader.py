"""Opinion leaders' private pages: made, renewed and closed by the leader channel's managers;
opened by the leader without an account; their links, texts to forward, QR codes, counts."""

from __future__ import annotations

from django.test import Client

from tests.base import BaseTestCase
from tests.reach.helpers import make_reach_scenario
from wspolnie.announcements.models import AnnouncementTranslation
from wspolnie.core.models import AuditEntry
from wspolnie.reach.models import LeaderPage
from wspolnie.reach.services import add


class LeaderPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_reach_scenario(cls)
        # The leader reads Georgian and Russian: a Georgian version exists.
        AnnouncementTranslation.objects.create(
            announcement=cls.announcement, language="ka", title="ღია კარის დღე",
            body="გეპატიჟებით.", status=AnnouncementTranslation.Status.APPROVED,
        )
        cls.link = cls.links[cls.leader.pk]
        add(cls.link.pk, "visit", "ka", by=7)
        add(cls.link.pk, "registration", "ka", by=2)

    def access_url(self, channel=None) -> str:
        return f"/reach/channels/{(channel or self.leader).pk}/leader/"

    def test_who_may_manage_the_private_page(self):
        response = Client().get(self.access_url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        # The leader channel belongs to other_org: charlie is its admin.
        for user, status in [(self.bob, 403), (self.alice, 403), (self.charlie, 200),
                             (self.staff, 200)]:
            self.login(user)
            with self.subTest(user=user.email):
                self.assertEqual(self.client.get(self.access_url()).status_code, status)
                response = self.client.post(self.access_url(), {"action": "issue"})
                self.assertEqual(response.status_code, 302 if status == 200 else 403)
        self.login(self.staff)
        self.assertEqual(self.client.get(self.access_url(self.portal)).status_code, 404)
        self.assertEqual(self.client.get("/reach/channels/999999/leader/").status_code, 404)

    def test_the_leader_sees_links_texts_qr_codes_and_counts_without_an_account(self):
        self.login(self.charlie)
        self.client.post(self.access_url(), {"action": "issue"})
        page = LeaderPage.objects.get(channel=self.leader)
        self.assertTrue(AuditEntry.objects.filter(action="reach.leader_page_issued").exists())
        response = self.client.get(self.access_url())
        self.assertContains(response, page.get_absolute_url())

        leader = Client()
        response = leader.get(page.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        html = response.content.decode()
        self.assertIn('id="leader-visits">7<', html)
        # The text in the leader's language, with the tracked link, ready to copy.
        self.assertIn("ღია კარის დღე", html)
        self.assertIn(self.link.public_url("ka"), html)
        self.assertNotIn(self.announcement.get_absolute_url(), html)
        self.assertIn('class="reach-qr"', html)
        self.assertIn(f"/r/{self.link.code}/qr.png", html)
        self.assertIn('<meta name="robots" content="noindex, nofollow">', html)
        # The staff-only contact of the leader is not on the leader's page.
        self.assertNotIn("600 000 000", html)
        # Other plans' links are not there.
        self.assertNotIn(self.links[self.portal.pk].code, html)

    def test_a_new_address_replaces_the_old_and_closing_ends_it(self):
        self.login(self.staff)
        self.client.post(self.access_url(), {"action": "issue"})
        old = LeaderPage.objects.get(channel=self.leader).get_absolute_url()
        self.client.post(self.access_url(), {"action": "issue"})
        new = LeaderPage.objects.get(channel=self.leader).get_absolute_url()
        self.assertNotEqual(old, new)
        self.assertEqual(Client().get(old).status_code, 404)
        self.assertEqual(Client().get(new).status_code, 200)
        self.client.post(self.access_url(), {"action": "revoke"})
        self.assertEqual(Client().get(new).status_code, 404)
        response = self.client.post(self.access_url(), {"action": "bogus"}, follow=True)
        self.assertContains(response, "Nieznana czynność.")

    def test_the_leaders_page_speaks_the_ui_languages(self):
        page = LeaderPage.objects.create(channel=self.leader)
        for language, words in (("pl", "Twoje linki"), ("en", "Your links"),
                                ("uk", "Ваші посилання")):
            response = Client(HTTP_ACCEPT_LANGUAGE=language).get(page.get_absolute_url())
            self.assertContains(response, words)

    def test_an_unknown_token_is_not_found(self):
        self.assertEqual(Client().get("/reach/leader/nope/").status_code, 404)

    def test_an_inactive_leader_channel_has_no_page(self):
        page = LeaderPage.objects.create(channel=self.leader)
        self.leader.active = False
        self.leader.save()
        self.assertEqual(Client().get(page.get_absolute_url()).status_code, 404)

    def test_the_channel_page_links_to_the_private_page_for_its_managers(self):
        self.login(self.charlie)
        self.assertContains(self.client.get(f"/channels/{self.leader.pk}/"), self.access_url())
        self.login(self.bob)
        self.assertNotContains(self.client.get(f"/channels/{self.leader.pk}/"),
                               self.access_url())
