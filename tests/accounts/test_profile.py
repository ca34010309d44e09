from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry


class ProfileTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("accounts:profile")

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_it_shows_the_own_account(self):
        for user in (self.alice, self.bob, self.charlie, self.staff):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, user.email)
            self.assertContains(response, f'value="{user.name}"')

    def test_it_lists_the_own_memberships_with_roles(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, self.org.name)
        self.assertContains(response, html_tr("pl", "Organisation admin"))
        self.assertNotContains(response, self.other_org.name)

        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertContains(response, self.org.name)
        self.assertNotContains(response, html_tr("pl", "Organisation admin"))

    def test_it_says_so_when_there_are_no_memberships(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(
            response,
            html_tr(
                "pl",
                "You are not a member of any organisation yet. Ask an organisation admin or "
                "the hub staff to add you.",
            ),
        )

    def test_it_saves_name_and_language(self):
        self.login(self.bob)
        response = self.client.post(self.url, {"name": "Robert M.", "preferred_language": "uk"})
        self.assertRedirects(response, self.url)

        self.bob.refresh_from_db()
        self.assertEqual(self.bob.name, "Robert M.")
        self.assertEqual(self.bob.preferred_language, "uk")

        entry = AuditEntry.objects.get(action="account.updated_profile")
        self.assertEqual(entry.actor, self.bob)
        self.assertEqual(entry.object_id, str(self.bob.pk))
        # The name is personal data: the log says that it changed, not what it was.
        self.assertEqual(
            entry.changes,
            {"name": ["•••", "•••"], "preferred_language": ["pl", "uk"]},
        )
        self.assertEqual(entry.object_repr, f"user #{self.bob.pk}")

    def test_it_switches_the_site_to_the_new_language(self):
        self.login(self.bob)
        response = self.client.post(
            self.url, {"name": "Bob Member", "preferred_language": "uk"}, follow=True
        )
        self.assertEqual(self.client.cookies["wspolnie_language"].value, "uk")
        self.assertContains(response, 'lang="uk"')
        self.assertContains(response, html_tr("uk", "Your profile is saved."))

    def test_it_writes_no_audit_entry_when_nothing_changes(self):
        self.login(self.bob)
        self.client.post(self.url, {"name": "Bob Member", "preferred_language": "pl"})
        self.assertFalse(AuditEntry.objects.filter(action="account.updated_profile").exists())

    def test_it_rejects_an_empty_name(self):
        self.login(self.bob)
        response = self.client.post(self.url, {"name": "", "preferred_language": "en"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("name", response.context["form"].errors)
        self.assertContains(response, 'class="error"')
        self.bob.refresh_from_db()
        self.assertEqual(self.bob.preferred_language, "pl")
        self.assertFalse(AuditEntry.objects.filter(action="account.updated_profile").exists())

    def test_it_rejects_an_unknown_language(self):
        self.login(self.bob)
        response = self.client.post(self.url, {"name": "Bob", "preferred_language": "xx"})
        self.assertIn("preferred_language", response.context["form"].errors)
        self.bob.refresh_from_db()
        self.assertEqual(self.bob.name, "Bob Member")

    def test_post_requires_login(self):
        response = self.client.post(self.url, {"name": "Mallory", "preferred_language": "en"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AuditEntry.objects.exists())
