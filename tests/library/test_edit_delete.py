"""Changing and deleting an entry."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.core.models import AuditEntry
from wspolnie.library.models import Entry

from .helpers import make_entry


class EditDeleteTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.entry = make_entry(self.org, created_by=self.bob)
        self.edit = f"/library/{self.entry.pk}/edit/"
        self.delete = f"/library/{self.entry.pk}/delete/"

    def data(self, **overrides) -> dict:
        return {"kind": "tool", "title": "Nowy tytuł", "description": "Opis.", "cost": "free",
                "links": "", **overrides}

    def test_permissions(self):
        self.assertEqual(self.client.get(self.edit).status_code, 302)
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.edit).status_code, 403)
        self.assertEqual(self.client.post(self.delete).status_code, 403)
        self.assertTrue(Entry.objects.filter(pk=self.entry.pk).exists())

    def test_the_member_who_added_it_and_admins_change_it(self):
        for user in (self.bob, self.alice, self.staff):
            self.login(user)
            self.assertEqual(self.client.post(self.edit, self.data()).status_code, 302)
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.title, "Nowy tytuł")
        self.assertEqual(AuditEntry.objects.filter(action="library_entry.updated").count(), 1)

    def test_another_member_may_not_change_it(self):
        make_entry(self.org, "Cudze")
        other = Entry.objects.get(title="Cudze")
        self.login(self.bob)
        self.assertEqual(self.client.get(f"/library/{other.pk}/edit/").status_code, 403)

    def test_an_admin_deletes_it(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.delete).status_code, 200)
        response = self.client.post(self.delete)
        self.assertRedirects(response, "/library/")
        self.assertFalse(Entry.objects.exists())
        self.assertTrue(AuditEntry.objects.filter(action="library_entry.deleted").exists())
