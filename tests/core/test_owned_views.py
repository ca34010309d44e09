"""The pages the organisation-owned base gives (wspolnie.core.owned.views), on the test
capability of tests/core/owned_capability.py: who may open them, a form that the service
rejects comes back with the messages and what was typed, success messages and redirects."""

from __future__ import annotations

from django.test import override_settings
from django.utils.html import escape

from tests.base import BaseTestCase
from tests.needs.helpers import days, make_item, make_vocabulary
from wspolnie.core.models import AuditEntry
from wspolnie.needs.models import NeedOffer

from .owned_capability import SHOUTING


@override_settings(ROOT_URLCONF="tests.core.owned_capability")
class OwnedViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)
        cls.item = make_item(cls.org, title="Sala na 30 osób")

    def form_data(self, **overrides) -> dict:
        return {
            "kind": "offer", "category": "space", "title": "Sala na zebrania",
            "description": "W soboty.", "districts": [self.nadodrze.pk],
            "expires_on": days(20).isoformat(), **overrides,
        }

    def pages(self) -> dict[str, str]:
        return {
            "create": f"/test-owned/organisation/{self.org.slug}/new/",
            "organisation": f"/test-owned/organisation/{self.org.slug}/",
            "edit": f"/test-owned/{self.item.pk}/edit/",
            "close": f"/test-owned/{self.item.pk}/close/",
            "delete": f"/test-owned/{self.item.pk}/delete/",
        }

    def test_anonymous_visitors_are_sent_to_the_login(self):
        for name, url in self.pages().items():
            with self.subTest(page=name):
                self.assertRedirects(
                    self.client.get(url), f"/accounts/login/?next={url}",
                    fetch_redirect_response=False,
                )

    def test_the_permission_matrix(self):
        allowed = {"alice": True, "bob": False, "charlie": False, "staff": True}
        for persona, may in allowed.items():
            self.login(getattr(self, persona))
            for name, url in self.pages().items():
                with self.subTest(persona=persona, page=name):
                    self.assertEqual(self.client.get(url).status_code, 200 if may else 403)
            with self.subTest(persona=persona, page="create (POST)"):
                response = self.client.post(self.pages()["create"], self.form_data())
                self.assertEqual(response.status_code, 302 if may else 403)
            with self.subTest(persona=persona, page="delete (POST)"):
                response = self.client.post(self.pages()["delete"])
                self.assertEqual(response.status_code, 302 if may else 403)
                self.assertEqual(NeedOffer.objects.filter(pk=self.item.pk).exists(), not may)
            if may:
                self.item = make_item(self.org, title="Sala na 30 osób")
        self.assertEqual(NeedOffer.objects.filter(title="Sala na zebrania").count(), 2)

    def test_an_unknown_object_or_organisation_is_404(self):
        self.login(self.staff)
        self.assertEqual(self.client.get("/test-owned/999999/edit/").status_code, 404)
        self.assertEqual(self.client.get("/test-owned/organisation/nope/new/").status_code, 404)

    def test_creating_redirects_to_the_new_object_with_a_message(self):
        self.login(self.alice)
        response = self.client.post(self.pages()["create"], self.form_data(), follow=True)
        item = NeedOffer.objects.get(title="Sala na zebrania")
        self.assertRedirects(response, item.get_absolute_url())
        self.assertContains(response, "Posted.")
        self.assertEqual(list(item.districts.all()), [self.nadodrze])

    def test_a_form_the_service_rejects_comes_back_with_the_message_and_the_input(self):
        self.login(self.alice)
        response = self.client.post(self.pages()["create"], self.form_data(title="SALA"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, escape(SHOUTING))
        self.assertContains(response, 'value="SALA"')
        self.assertContains(response, "W soboty.")
        self.assertFalse(NeedOffer.objects.filter(title="SALA").exists())

    def test_a_rejected_edit_keeps_the_stored_object_and_the_input(self):
        self.login(self.alice)
        response = self.client.post(self.pages()["edit"], self.form_data(title="SALA"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, escape(SHOUTING))
        self.assertContains(response, 'value="SALA"')
        self.assertEqual(NeedOffer.objects.get(pk=self.item.pk).title, "Sala na 30 osób")
        self.assertFalse(AuditEntry.objects.filter(action="test_post.updated").exists())

    def test_editing_saves_audits_and_names_the_object(self):
        self.login(self.alice)
        response = self.client.post(
            self.pages()["edit"], self.form_data(title="Sala duża"), follow=True
        )
        self.assertRedirects(response, self.item.get_absolute_url())
        self.assertContains(response, escape("Saved “Sala duża”."))
        entry = AuditEntry.objects.get(action="test_post.updated")
        self.assertEqual(entry.changes["title"], ["Sala na 30 osób", "Sala duża"])

    def test_closing_asks_first_then_closes(self):
        self.login(self.staff)
        self.assertContains(self.client.get(self.pages()["close"]), "Sala na 30 osób")
        self.assertIsNone(NeedOffer.objects.get(pk=self.item.pk).closed_at)
        response = self.client.post(self.pages()["close"], follow=True)
        self.assertRedirects(response, self.item.get_absolute_url())
        self.assertContains(response, "Closed.")
        self.assertIsNotNone(NeedOffer.objects.get(pk=self.item.pk).closed_at)

    def test_deleting_leads_to_the_organisation(self):
        self.login(self.alice)
        response = self.client.post(self.pages()["delete"], follow=True)
        self.assertRedirects(response, self.org.get_absolute_url())
        self.assertContains(response, escape("Deleted “Sala na 30 osób”."))

    def test_the_organisations_list_shows_its_objects_in_any_state(self):
        closed = make_item(self.org, title="Zamknięte ogłoszenie")
        closed.closed_at = closed.created
        closed.save()
        make_item(self.other_org, title="Cudze ogłoszenie")
        self.login(self.alice)
        response = self.client.get(self.pages()["organisation"])
        self.assertContains(response, "Sala na 30 osób")
        self.assertContains(response, "Zamknięte ogłoszenie")
        self.assertNotContains(response, "Cudze ogłoszenie")

    def test_the_objects_page_is_public_and_says_who_may_manage_it(self):
        response = self.client.get(f"/test-owned/{self.item.pk}/")
        self.assertContains(response, "Sala na 30 osób")
        self.login(self.charlie)
        self.assertFalse(self.client.get(f"/test-owned/{self.item.pk}/").context["can_manage"])
        self.login(self.alice)
        self.assertTrue(self.client.get(f"/test-owned/{self.item.pk}/").context["can_manage"])
