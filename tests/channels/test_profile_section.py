"""The "Information channels" block on the organisation profile (channels/profile.py)."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr

from .helpers import make_channel, make_vocabulary


class ProfileSectionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()
        cls.telegram = make_channel(cls.org, "Telegram UA", kind="telegram", languages=["uk"])
        cls.old = make_channel(cls.org, "Stary newsletter", kind="newsletter", active=False)

    def url(self, organisation=None) -> str:
        return f"/organisations/{(organisation or self.org).slug}/"

    def test_visitors_see_the_active_channels(self):
        response = self.client.get(self.url())
        self.assertContains(response, html_tr("pl", "Information channels"))
        self.assertContains(response, f'href="/channels/{self.telegram.pk}/"')
        self.assertNotContains(response, "Stary newsletter")
        self.assertNotContains(response, "/channels/new/")

    def test_members_and_other_orgs_admins_cannot_add(self):
        for user in (self.bob, self.charlie):
            self.login(user)
            response = self.client.get(self.url())
            self.assertNotContains(response, "/channels/new/")
            self.assertNotContains(response, "Stary newsletter")

    def test_org_admins_and_staff_see_inactive_ones_and_can_add(self):
        for user in (self.alice, self.staff):
            self.login(user)
            response = self.client.get(self.url())
            self.assertContains(response, "Stary newsletter")
            self.assertContains(response, f"/channels/new/?organisation={self.org.slug}")

    def test_no_block_for_an_organisation_without_channels(self):
        response = self.client.get(self.url(self.other_org))
        self.assertNotContains(response, 'id="channels-heading"')
        self.login(self.charlie)
        response = self.client.get(self.url(self.other_org))
        self.assertContains(response, 'id="channels-heading"')
        self.assertContains(response, html_tr("pl", "No information channels yet."))
