"""Editing a need or an offer."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.needs.models import NeedOffer

from .helpers import days, make_item


class EditTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.item = make_item(self.org, "Tłumacze", created_by=self.alice)
        self.url = f"/needs/{self.item.pk}/edit/"

    def form_data(self, **overrides) -> dict:
        data = {
            "kind": "need", "category": "interpreting", "title": "Tłumacze na czwartki",
            "description": "Na dyżury.", "contact_note": "",
            "expires_on": self.item.expires_on.isoformat(),
        }
        data.update(overrides)
        return data

    def test_it_requires_login(self):
        self.assertRedirects(self.client.get(self.url), f"/accounts/login/?next={self.url}")

    def test_it_requires_org_admin_or_the_poster(self):
        self.login(self.bob)  # a member, but not the one who posted it
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 403)
        self.assertEqual(NeedOffer.objects.get(pk=self.item.pk).title, "Tłumacze")

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 403)
        self.assertEqual(NeedOffer.objects.get(pk=self.item.pk).title, "Tłumacze")

    def test_the_member_who_posted_it_may_edit(self):
        own = make_item(self.org, "Post Boba", created_by=self.bob)
        self.login(self.bob)
        response = self.client.post(f"/needs/{own.pk}/edit/", self.form_data(
            expires_on=own.expires_on.isoformat()))
        self.assertRedirects(response, f"/needs/{own.pk}/")

    def test_org_admin_edits(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="Tłumacze"')
        response = self.client.post(self.url, self.form_data(), follow=True)
        self.assertContains(response, html_tr("pl", "The changes are saved."))
        self.assertEqual(NeedOffer.objects.get(pk=self.item.pk).title, "Tłumacze na czwartki")
        entry = AuditEntry.objects.get(action="need_offer.updated")
        self.assertEqual(entry.changes["title"], ["Tłumacze", "Tłumacze na czwartki"])

    def test_staff_extends_an_expired_item(self):
        NeedOffer.objects.filter(pk=self.item.pk).update(expires_on=days(-3))
        self.login(self.staff)
        self.client.post(self.url, self.form_data(expires_on=days(20).isoformat()))
        self.assertTrue(NeedOffer.objects.get(pk=self.item.pk).is_open)

    def test_an_expired_item_can_be_corrected_but_not_moved_into_the_past(self):
        NeedOffer.objects.filter(pk=self.item.pk).update(expires_on=days(-3))
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(expires_on=days(-3).isoformat()))
        self.assertEqual(response.status_code, 302)
        response = self.client.post(self.url, self.form_data(expires_on=days(-2).isoformat()))
        self.assertContains(response, html_tr("pl", "The expiry date cannot be in the past."))
        self.assertEqual(NeedOffer.objects.get(pk=self.item.pk).expires_on, days(-3))
