"""The "Practices and tools we use" block on an organisation's profile."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr

from .helpers import make_entry


class ProfileBlockTestCase(BaseTestCase):
    def test_it_lists_what_the_organisation_added_and_uses(self):
        make_entry(self.org, "Nasz newsletter")
        make_entry(self.other_org, "Cudzy portal", users=[self.org])
        make_entry(self.other_org, "Nie nasze")
        response = self.client.get(f"/organisations/{self.org.slug}/")
        self.assertContains(response, html_tr("pl", "Practices and tools we use"))
        self.assertContains(response, "Nasz newsletter")
        self.assertContains(response, "Cudzy portal")
        self.assertNotContains(response, "Nie nasze")
        self.assertNotContains(response, f"/library/organisation/{self.org.slug}/new/")

    def test_members_get_the_add_link_and_an_empty_block_is_hidden_from_others(self):
        self.login(self.bob)
        response = self.client.get(f"/organisations/{self.org.slug}/")
        self.assertContains(response, f"/library/organisation/{self.org.slug}/new/")
        self.login(self.charlie)
        response = self.client.get(f"/organisations/{self.org.slug}/")
        self.assertNotContains(response, html_tr("pl", "Practices and tools we use"))
