"""Everything an organisation posted (open, expired, closed), for its members."""

from __future__ import annotations

from django.utils import timezone

from tests.base import BaseTestCase

from .helpers import days, make_item


class OrganisationItemsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/needs/organisation/{self.org.slug}/"
        self.open = make_item(self.org, "Otwarte", created_by=self.bob)
        self.expired = make_item(self.org, "Wygasłe", expires_on=days(-1))
        self.closed = make_item(self.org, "Zamknięte", closed_at=timezone.now())
        make_item(self.other_org, "Cudze")

    def test_it_requires_login(self):
        self.assertRedirects(self.client.get(self.url), f"/accounts/login/?next={self.url}")

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_org_admin_sees_everything_with_edit_links(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        for title in ("Otwarte", "Wygasłe", "Zamknięte"):
            self.assertContains(response, title)
        self.assertNotContains(response, "Cudze")
        self.assertContains(response, f"/needs/{self.expired.pk}/edit/")

    def test_a_member_sees_everything_but_edits_only_their_own(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertContains(response, "Wygasłe")
        self.assertContains(response, f"/needs/{self.open.pk}/edit/")
        self.assertNotContains(response, f"/needs/{self.expired.pk}/edit/")

    def test_staff_sees_it(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 200)
