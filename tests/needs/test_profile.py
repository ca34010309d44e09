"""The needs and offers section on an organisation's profile."""

from __future__ import annotations

from tests.base import BaseTestCase

from .helpers import days, make_item


class NeedsProfileSectionTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/organisations/{self.org.slug}/"
        make_item(self.org, "Szukamy tłumaczy")
        make_item(self.org, "Wygasła prośba", expires_on=days(-1))
        make_item(self.other_org, "Cudza oferta", kind="offer")

    def test_visitors_see_the_open_items(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Szukamy tłumaczy")
        self.assertNotContains(response, "Wygasła prośba")
        self.assertNotContains(response, "Cudza oferta")
        self.assertNotContains(response, "/needs/organisation/")

    def test_members_can_post_from_the_profile(self):
        for user in (self.bob, self.alice, self.staff):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, f"/needs/organisation/{self.org.slug}/new/")

    def test_other_orgs_admin_cannot(self):
        self.login(self.charlie)
        self.assertNotContains(self.client.get(self.url), "/needs/organisation/")

    def test_no_section_without_open_items(self):
        self.org.needs_offers.all().delete()
        self.assertNotContains(self.client.get(self.url), 'id="needs-heading"')
