"""The announcements section on an organisation's profile."""

from __future__ import annotations

from tests.base import BaseTestCase

from .factories import make_announcement


class AnnouncementsProfileSectionTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/organisations/{self.org.slug}/"
        make_announcement(self.org, published=True, title="Dzień otwarty w świetlicy")
        make_announcement(self.org, title="Szkic, jeszcze nie dla wszystkich")
        make_announcement(self.other_org, published=True, title="Cudze ogłoszenie")

    def test_visitors_see_the_published_announcements_only(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'id="announcements-heading"')
        self.assertContains(response, "Dzień otwarty w świetlicy")
        self.assertNotContains(response, "Szkic, jeszcze nie dla wszystkich")
        self.assertNotContains(response, "Cudze ogłoszenie")
        self.assertNotContains(response, 'href="/announcements/new/"')

    def test_the_organisations_admins_and_staff_may_write_one_from_there(self):
        for user in (self.alice, self.staff):
            self.login(user)
            self.assertContains(self.client.get(self.url), 'href="/announcements/new/"')

    def test_members_and_other_orgs_admins_may_not(self):
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertNotContains(self.client.get(self.url), 'href="/announcements/new/"')

    def test_no_section_without_announcements_for_visitors(self):
        self.org.announcements.all().delete()
        self.assertNotContains(self.client.get(self.url), 'id="announcements-heading"')
