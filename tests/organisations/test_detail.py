from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr


class OrganisationDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:detail", args=[self.org.slug])
        self.edit_url = reverse("organisations:edit", args=[self.org.slug])
        self.history_url = reverse("organisations:history", args=[self.org.slug])

    def test_it_is_public(self):
        response = self.client.get(self.url)
        self.assertContains(response, f"<h1>{self.org.name}</h1>", html=True)
        self.assertContains(response, self.org.short_description)
        self.assertContains(response, html_tr("pl", "Foundation"))

    def test_it_hides_the_edit_links_from_anonymous_visitors(self):
        response = self.client.get(self.url)
        self.assertNotContains(response, self.edit_url)
        self.assertNotContains(response, self.history_url)

    def test_it_hides_the_edit_links_from_members(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertNotContains(response, self.edit_url)
        self.assertNotContains(response, self.history_url)

    def test_it_hides_the_edit_links_from_other_orgs_admin(self):
        self.login(self.charlie)
        response = self.client.get(self.url)
        self.assertNotContains(response, self.edit_url)

    def test_it_shows_the_edit_links_to_org_admin(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, self.edit_url)
        self.assertContains(response, self.history_url)

    def test_it_shows_the_edit_links_to_staff(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, self.edit_url)
        self.assertContains(response, self.history_url)

    def test_it_gives_404_for_an_unknown_slug(self):
        response = self.client.get(reverse("organisations:detail", args=["no-such-org"]))
        self.assertContains(response, html_tr("pl", "Page not found"), status_code=404)

    def test_it_escapes_the_description(self):
        self.org.short_description = "<script>alert(1)</script>"
        self.org.save()
        response = self.client.get(self.url)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")
