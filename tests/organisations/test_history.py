from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core import audit
from wspolnie.organisations import services


class OrganisationHistoryTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:history", args=[self.org.slug])

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_it_rejects_members(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "Access denied"), status_code=403)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_allows_org_admin(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_allows_staff(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_gives_404_for_an_unknown_slug(self):
        self.login(self.staff)
        response = self.client.get(reverse("organisations:history", args=["no-such-org"]))
        self.assertEqual(response.status_code, 404)

    def test_it_says_so_when_nothing_changed_yet(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "No changes recorded yet."))

    def test_it_shows_who_changed_what(self):
        services.do_update_organisation(self.alice, self.org, name="Fundacja Nowa")
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "Organisation profile changed"))
        self.assertContains(response, "Alice Admin")
        self.assertContains(response, "Fundacja Testowa")
        self.assertContains(response, "Fundacja Nowa")

    def test_it_shows_only_this_organisations_history(self):
        services.do_update_organisation(self.charlie, self.other_org, name="Inne Nowe")
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertNotContains(response, "Inne Nowe")
        self.assertContains(response, html_tr("pl", "No changes recorded yet."))

    def test_it_shows_system_entries_without_an_actor(self):
        audit.record(None, "organisation.checked_by_a_robot", self.org)
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "organisation.checked_by_a_robot")
        self.assertContains(response, html_tr("pl", "system"))

    def test_it_paginates(self):
        for i in range(55):
            audit.record(self.staff, f"organisation.test_{i:02}", self.org)
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "organisation.test_54")
        self.assertNotContains(response, "organisation.test_04")
        self.assertContains(response, 'rel="next"')

        response = self.client.get(self.url, {"page": 2})
        self.assertContains(response, "organisation.test_04")
        self.assertEqual(self.client.get(self.url, {"page": "x"}).status_code, 200)
