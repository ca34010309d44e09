"""/channels/<pk>/: one channel, its contact shown per visibility."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.organisations.models import Organisation

from .helpers import MEMBERS_NOTE, PUBLIC_NOTE, STAFF_NOTE, make_channel, make_vocabulary


class ChannelDetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()
        cls.leader = make_channel(
            cls.org, "Liderka społeczności gruzińskiej (Nadodrze)", kind="opinion_leader",
            languages=["ka", "pl"], communities=["georgian"], districts=["nadodrze"],
            estimated_reach=150, submission_lead_days=7, accepted_formats=["text", "poster"],
            description={"pl": "Przekazuje informacje rodzinom gruzińskim.",
                         "en": "Passes news on to Georgian families."},
            contact_note=STAFF_NOTE,
        )
        cls.telegram = make_channel(
            cls.org, "Telegram UA", kind="telegram", languages=["uk"],
            contact_note=MEMBERS_NOTE, contact_visibility="members",
        )
        cls.portal = make_channel(
            cls.other_org, "Portal", languages=["pl"], url="https://www.wroclaw.pl/",
            contact_note=PUBLIC_NOTE, contact_visibility="public", cost="paid",
            cost_note="200 zł za post sponsorowany",
        )

    def url(self, channel) -> str:
        return f"/channels/{channel.pk}/"

    def test_it_is_public(self):
        response = self.client.get(self.url(self.leader))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Liderka społeczności gruzińskiej (Nadodrze)</h1>",
                            html=True)
        self.assertContains(response, "Przekazuje informacje rodzinom gruzińskim.")
        self.assertContains(response, html_tr("pl", "Community opinion leader"))
        self.assertContains(response, html_tr("pl", "Offline"))
        self.assertContains(response, "Nadodrze")
        self.assertContains(response, 'lang="ka"')
        self.assertContains(response, self.org.name)

    def test_the_description_follows_the_page_language(self):
        response = self.client.get(self.url(self.leader), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Passes news on to Georgian families.")

    def test_an_opinion_leaders_contact_defaults_to_staff_only(self):
        self.assertEqual(self.leader.contact_visibility, "staff")

    def test_staff_only_contact_is_hidden_from_everyone_but_staff_and_the_owner(self):
        seen = {}
        for label, user in [("anonymous", None), ("bob", self.bob), ("charlie", self.charlie),
                            ("alice", self.alice), ("staff", self.staff)]:
            self.client.logout()
            if user:
                self.login(user)
            seen[label] = STAFF_NOTE in self.client.get(self.url(self.leader)).content.decode()
        # alice (admin of the owner) edits the note, so she sees it too.
        self.assertEqual(
            seen,
            {"anonymous": False, "bob": False, "charlie": False, "alice": True, "staff": True},
        )

    def test_members_contact_is_for_members_of_the_hub(self):
        self.assertNotContains(self.client.get(self.url(self.telegram)), MEMBERS_NOTE)
        self.login(self.charlie)  # a member of another organisation: still a hub member
        self.assertContains(self.client.get(self.url(self.telegram)), MEMBERS_NOTE)

    def test_public_contact_and_cost_are_for_everyone(self):
        response = self.client.get(self.url(self.portal))
        self.assertContains(response, PUBLIC_NOTE)
        self.assertContains(response, "200 zł za post sponsorowany")
        self.assertContains(response, 'href="https://www.wroclaw.pl/"')

    def test_manage_buttons_only_for_the_owners_admins_and_staff(self):
        edit = f'href="/channels/{self.leader.pk}/edit/"'
        for user in (None, self.bob, self.charlie):
            self.client.logout()
            if user:
                self.login(user)
            self.assertNotContains(self.client.get(self.url(self.leader)), edit)
        for user in (self.alice, self.staff):
            self.login(user)
            self.assertContains(self.client.get(self.url(self.leader)), edit)

    def test_an_inactive_channel_is_only_for_its_organisation_and_staff(self):
        self.leader.active = False
        self.leader.save()
        self.assertEqual(self.client.get(self.url(self.leader)).status_code, 404)
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url(self.leader)).status_code, 404)
        self.login(self.bob)
        response = self.client.get(self.url(self.leader))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "Inactive"))
        self.assertNotContains(response, STAFF_NOTE)
        self.login(self.staff)
        self.assertEqual(self.client.get(self.url(self.leader)).status_code, 200)

    def test_a_channel_of_an_unapproved_organisation_is_not_public(self):
        Organisation.objects.filter(pk=self.other_org.pk).update(status="pending")
        self.assertEqual(self.client.get(self.url(self.portal)).status_code, 404)
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url(self.portal)).status_code, 200)

    def test_an_unknown_channel_gives_404(self):
        self.assertEqual(self.client.get("/channels/999999/").status_code, 404)
