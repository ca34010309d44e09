from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.organisations.models import Organisation


class OrganisationEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:edit", args=[self.org.slug])
        self.valid = {
            "name": "Fundacja Testowa Wrocław",
            "kind": "association",
            "short_description": "Kursy polskiego dla dorosłych.",
        }

    def assert_unchanged(self) -> None:
        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(org.name, "Fundacja Testowa")
        self.assertEqual(org.kind, "foundation")
        self.assertEqual(org.short_description, self.org.short_description)
        self.assertFalse(AuditEntry.objects.filter(action="organisation.updated").exists())

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_post_requires_login(self):
        response = self.client.post(self.url, self.valid)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)
        self.assert_unchanged()

    def test_it_rejects_members(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "Access denied"), status_code=403)

    def test_it_rejects_members_post(self):
        self.login(self.bob)
        response = self.client.post(self.url, self.valid)
        self.assertEqual(response.status_code, 403)
        self.assert_unchanged()

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        response = self.client.post(self.url, self.valid)
        self.assertEqual(response.status_code, 403)
        self.assert_unchanged()

    def test_it_allows_org_admin(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="Fundacja Testowa"')
        self.assertContains(response, 'name="kind"')

    def test_it_allows_staff(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)

    def test_it_gives_404_for_an_unknown_slug(self):
        self.login(self.staff)
        response = self.client.get(reverse("organisations:edit", args=["no-such-org"]))
        self.assertEqual(response.status_code, 404)

    def test_it_saves_and_records_the_change(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.valid, follow=True)
        self.assertRedirects(response, self.org.get_absolute_url())
        self.assertContains(response, html_tr("pl", "The organisation profile is saved."))

        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(org.name, "Fundacja Testowa Wrocław")
        self.assertEqual(org.kind, "association")
        self.assertEqual(org.short_description, "Kursy polskiego dla dorosłych.")

        entry = AuditEntry.objects.get(action="organisation.updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.object_type, "organisations.organisation")
        self.assertEqual(entry.object_id, str(self.org.pk))
        self.assertEqual(
            entry.changes,
            {
                "name": ["Fundacja Testowa", "Fundacja Testowa Wrocław"],
                "kind": ["foundation", "association"],
                "short_description": [
                    "Pomagamy rodzinom z Gruzji w zapisach do szkół.",
                    "Kursy polskiego dla dorosłych.",
                ],
            },
        )

    def test_it_records_only_the_changed_fields(self):
        self.login(self.staff)
        self.client.post(
            self.url,
            {"name": "Nowa nazwa", "kind": "foundation",
             "short_description": self.org.short_description},
        )
        entry = AuditEntry.objects.get(action="organisation.updated")
        self.assertEqual(entry.actor, self.staff)
        self.assertEqual(entry.changes, {"name": ["Fundacja Testowa", "Nowa nazwa"]})

    def test_an_unchanged_form_writes_no_audit_entry(self):
        self.login(self.alice)
        response = self.client.post(
            self.url,
            {"name": self.org.name, "kind": self.org.kind,
             "short_description": self.org.short_description},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AuditEntry.objects.exists())

    def test_it_rejects_an_empty_name(self):
        self.login(self.alice)
        response = self.client.post(self.url, {**self.valid, "name": ""})
        self.assertEqual(response.status_code, 200)
        self.assertIn("name", response.context["form"].errors)
        self.assertContains(response, 'class="error"')
        self.assert_unchanged()
        # The page still names the organisation as it is saved, not as typed.
        self.assertContains(response, "Fundacja Testowa")

    def test_it_rejects_an_unknown_kind(self):
        self.login(self.alice)
        response = self.client.post(self.url, {**self.valid, "kind": "castle"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("kind", response.context["form"].errors)
        self.assert_unchanged()

    def test_it_rejects_a_too_long_description(self):
        self.login(self.alice)
        response = self.client.post(self.url, {**self.valid, "short_description": "x" * 1001})
        self.assertIn("short_description", response.context["form"].errors)
        self.assert_unchanged()

    def test_it_ignores_fields_that_are_not_editable(self):
        self.login(self.alice)
        self.client.post(self.url, {**self.valid, "slug": "hijacked"})
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).slug, "fundacja-testowa")

    def test_org_admin_cannot_edit_another_org(self):
        self.login(self.alice)
        url = reverse("organisations:edit", args=[self.other_org.slug])
        response = self.client.post(url, self.valid)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            Organisation.objects.get(pk=self.other_org.pk).name, "Stowarzyszenie Inne"
        )
