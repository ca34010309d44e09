"""The search box's suggestions (/search/suggestions/, an htmx fragment): the one search."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase

from .helpers import make_org, rebuild

SCRIPT = "<script>alert(1)</script>"


class SuggestionsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # self.org: "Fundacja Testowa", "Pomagamy rodzinom z Gruzji w zapisach do szkół."
        make_org("Fundacja Oczekująca", status="pending", short_description="Rodziny z Gruzji.")
        make_org(SCRIPT + " Klub Skrypt", short_description="Gruzja i skrypty.")
        rebuild()

    def suggest(self, text: str, language: str = "pl") -> str:
        response = self.client.get(reverse("search:suggestions"), {"q": text},
                                   HTTP_ACCEPT_LANGUAGE=language, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("<!DOCTYPE", response.content.decode())  # a fragment
        return response.content.decode()

    def test_it_suggests_the_first_hits_as_links(self):
        html = self.suggest("gruzj")
        self.assertIn(f'href="{self.org.get_absolute_url()}"', html)
        self.assertIn("Fundacja Testowa", html)
        self.assertIn(f'{reverse("search:search")}?q=gruzj', html)

    def test_it_suggests_only_public_things(self):
        self.assertNotIn("Oczekująca", self.suggest("gruzji"))

    def test_user_text_is_escaped(self):
        html = self.suggest("klub")
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; <mark>Klub</mark> Skrypt", html)
        self.assertNotIn(SCRIPT, html)

    def test_nothing_typed_gives_nothing(self):
        self.assertEqual(self.suggest("").strip(), "")
        self.assertEqual(self.suggest("   ").strip(), "")

    def test_no_hits_say_so_in_the_visitors_language(self):
        self.assertIn("Nothing found for “zzzxq”", self.suggest("zzzxq", "en"))
        self.assertIn("Нічого не знайдено", self.suggest("zzzxq", "uk"))

    def test_bad_input_is_not_an_error(self):
        for text in ("a" * 5000, "x\x00y", "'; DROP TABLE --", 'x OR y AND (z', "*"):
            response = self.client.get(reverse("search:suggestions"), {"q": text},
                                       HTTP_HX_REQUEST="true")
            self.assertEqual(response.status_code, 200, text[:20])

    def test_the_count_is_translated(self):
        self.assertIn("1 result", self.suggest("testowa", "en"))
        self.assertIn("1 wynik", self.suggest("testowa", "pl"))

    def test_opened_as_a_page_it_leads_to_the_search_page(self):
        response = self.client.get(reverse("search:suggestions"), {"q": "gruzja"})
        self.assertRedirects(response, reverse("search:search") + "?q=gruzja")
        response = self.client.get(reverse("search:suggestions"))
        self.assertRedirects(response, reverse("search:search"))
