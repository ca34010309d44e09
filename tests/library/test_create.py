"""Adding an entry, also prefilled from a board card ("promote to library")."""

from __future__ import annotations

from urllib.parse import urlencode

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.library.models import Entry

from .helpers import make_vocabulary


class CreateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.url = f"/library/organisation/{self.org.slug}/new/"

    def form_data(self, **overrides) -> dict:
        data = {
            "kind": "tool", "title": "Grupa w komunikatorze", "description": "Dla rodziców.",
            "good_for": "Szybka informacja.", "users": [self.org.pk, self.other_org.pk],
            "languages": [self.uk.pk], "topics": [self.education.pk], "cost": "free",
            "cost_note": "", "links": "Zasady | https://example.org/zasady", "source_url": "",
        }
        data.update(overrides)
        return data

    def test_an_id_too_large_for_the_database_is_an_invalid_choice(self):
        """Found by tests/fuzz: the id went into the query (SQLite: OverflowError, a 500)."""
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(users=["9" * 23]))
        self.assertContains(response, 'id="id_users_error"', status_code=response.status_code)
        self.assertLess(response.status_code, 500)
        self.assertFalse(Entry.objects.exists())

    def test_it_requires_login(self):
        self.assertRedirects(self.client.get(self.url), f"/accounts/login/?next={self.url}")

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 403)
        self.assertFalse(Entry.objects.exists())

    def test_a_member_adds_an_entry(self):
        self.login(self.bob)
        response = self.client.post(self.url, self.form_data(), follow=True)
        entry = Entry.objects.get()
        self.assertRedirects(response, entry.get_absolute_url())
        self.assertContains(response, html_tr("pl", "The entry is in the library now."))
        self.assertEqual(entry.created_by, self.bob)
        self.assertEqual(entry.links, [{"url": "https://example.org/zasady", "label": "Zasady"}])
        self.assertEqual(set(entry.users.all()), {self.org, self.other_org})
        self.assertEqual(AuditEntry.objects.get(action="library_entry.created").actor, self.bob)

    def test_bad_input_re_renders_with_messages(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(
            title="", links="to nie adres", description="x" * 20001))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, "Szybka informacja.")  # what was typed stays
        self.assertFalse(Entry.objects.exists())

    def test_a_board_card_prefills_the_form_by_get(self):
        self.login(self.alice)
        query = urlencode([
            ("title", "Karta z tablicy"), ("description", "Treść **karty**."),
            ("link", "https://example.org/karta"), ("language", "uk"), ("tag", "culture"),
            ("source_url", "/boards/1/#card-7"), ("kind", "practice"),
        ])
        response = self.client.get(f"{self.url}?{query}")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="Karta z tablicy"')
        self.assertContains(response, "Treść **karty**.")
        self.assertContains(response, "https://example.org/karta")
        self.assertContains(response, 'value="/boards/1/#card-7"')
        form = response.context["form"]
        self.assertEqual(form.initial["languages"], [self.uk])
        self.assertEqual(form.initial["topics"], [self.culture])
        self.assertEqual(form.initial["users"], [self.org])
        self.assertFalse(Entry.objects.exists())  # nothing saved until the form is sent

    def test_a_post_with_prefill_only_fills_the_form(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"prefill": "1", "title": "Z karty",
                                               "description": "Długi tekst karty."})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="Z karty"')
        self.assertNotContains(response, 'aria-invalid="true"')
        self.assertFalse(Entry.objects.exists())

    def test_the_chooser_sends_a_single_member_on_with_the_values(self):
        self.login(self.bob)
        response = self.client.get("/library/new/?title=Z+karty")
        self.assertRedirects(response, f"{self.url}?title=Z+karty")
        self.login(self.staff)
        response = self.client.get("/library/new/?title=Z+karty")
        self.assertContains(response, f"{self.url}?title=Z+karty")
        self.assertContains(response, self.other_org.name)

    def test_the_chooser_requires_login(self):
        self.assertEqual(self.client.get("/library/new/").status_code, 302)
