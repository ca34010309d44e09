"""Edits made in Django admin are in the audit log, like those made on the staff pages: added,
changed (with each changed field's old and new value, inlines too) and deleted — and so they
show on the organisation's history page."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse

from tests.base import BaseTestCase, make_user
from tests.forms import form_data
from tests.helpers import html_tr
from wspolnie.core.admin import AuditedAdminMixin
from wspolnie.core.models import AuditEntry
from wspolnie.directory.models import Topic
from wspolnie.organisations.models import Organisation


class AdminAuditTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.admin_user = make_user("root@example.org", "Rita Root", is_staff=True,
                                    is_superuser=True)
        self.login(self.admin_user)

    def _change(self, obj, **changes):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change",
                      args=[obj.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        response = self.client.post(url, form_data(page.content.decode(), **changes))
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        return response

    def test_a_change_in_the_admin_shows_on_the_organisations_history(self):
        self._change(self.org, name="Fundacja Po Zmianie", legal_form="fundacja rodzinna")

        entry = AuditEntry.objects.get(action="admin.changed")
        self.assertEqual(entry.actor, self.admin_user)
        self.assertEqual(entry.changes, {
            "name": ["Fundacja Testowa", "Fundacja Po Zmianie"],
            "legal_form": ["", "fundacja rodzinna"],
        })
        history = self.client.get(reverse("organisations:history", args=[self.org.slug]))
        self.assertContains(history, html_tr("pl", "Changed in the admin"))
        self.assertContains(history, "Rita Root")
        self.assertContains(history, "Fundacja Testowa → Fundacja Po Zmianie")

    def test_a_membership_changed_through_the_inline_is_logged_on_the_organisation(self):
        self._change(self.org, **{"memberships-1-DELETE": "on"})  # bob, the member

        entry = AuditEntry.objects.get(action="admin.changed")
        self.assertEqual(entry.object_id, str(self.org.pk))
        [summary] = [new for _old, new in entry.changes.values()]
        self.assertIn("Bob Member", summary)
        self.assertFalse(self.org.memberships.filter(user=self.bob).exists())

    def test_saving_without_a_change_writes_nothing(self):
        self._change(self.org)
        self.assertFalse(AuditEntry.objects.filter(action="admin.changed").exists())

    def test_adding_in_the_admin_is_logged_with_its_values(self):
        url = reverse("admin:directory_topic_add")
        page = self.client.get(url)
        response = self.client.post(url, form_data(
            page.content.decode(), slug="sasiedztwo", names_pl="Sąsiedztwo", position="5"))
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        topic = Topic.objects.get(slug="sasiedztwo")
        entry = AuditEntry.objects.get(action="admin.added")
        self.assertEqual((entry.object_type, entry.object_id), ("directory.topic", str(topic.pk)))
        self.assertEqual(entry.changes["slug"], [None, "sasiedztwo"])

    def test_deleting_in_the_admin_is_logged_with_what_was_there(self):
        doomed = Organisation.objects.create(name="Do Usunięcia", slug="do-usuniecia",
                                             kind=Organisation.Kind.FOUNDATION)
        url = reverse("admin:organisations_organisation_delete", args=[doomed.pk])
        response = self.client.post(url, {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        entry = AuditEntry.objects.get(action="admin.deleted")
        self.assertEqual(entry.object_id, str(doomed.pk))
        self.assertEqual(entry.changes["name"], ["Do Usunięcia", None])

    def test_the_bulk_delete_action_logs_each_object(self):
        topics = [Topic.objects.create(slug=f"t{n}", names={"pl": f"Temat {n}"})
                  for n in range(2)]
        response = self.client.post(reverse("admin:directory_topic_changelist"), {
            "action": "delete_selected", "_selected_action": [t.pk for t in topics],
            "post": "yes",
        })
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            sorted(AuditEntry.objects.filter(action="admin.deleted")
                   .values_list("object_repr", flat=True)),
            ["Temat 0", "Temat 1"])

    def test_a_password_is_never_written_to_the_log(self):
        self._change(self.bob, name="Bob Renamed")
        entry = AuditEntry.objects.get(action="admin.changed", object_type="accounts.user")
        # A person's name is personal data: the log says it changed, not from what to what,
        # and names the account by id.
        self.assertEqual(entry.changes, {"name": ["•••", "•••"]})
        self.assertEqual(entry.object_repr, f"user #{self.bob.pk}")
        self.assertNotIn(self.bob.password, str(AuditEntry.objects.values_list("changes")))

    def test_a_password_set_in_the_admin_is_logged_without_its_value(self):
        url = reverse("admin:auth_user_password_change", args=[self.bob.pk])
        page = self.client.get(url)
        response = self.client.post(url, form_data(
            page.content.decode(), password1="Nowe hasło 2026!", password2="Nowe hasło 2026!"))
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        entry = AuditEntry.objects.get(action="admin.changed", object_type="accounts.user")
        self.assertEqual(entry.changes, {"password": ["•••", "•••"]})

    def test_every_model_admin_of_the_project_is_audited(self):
        unaudited = [
            f"{model._meta.label}: {type(model_admin).__name__}"
            for model, model_admin in admin.site._registry.items()
            if model.__module__.startswith("wspolnie.")
            and not isinstance(model_admin, AuditedAdminMixin)
        ]
        self.assertEqual(unaudited, [])
