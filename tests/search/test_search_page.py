"""The search page /search/ and the search box in the header."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.directory.models import Topic
from wspolnie.search import index
from wspolnie.search.types import SearchDocument

from .helpers import NASTY, make_org, rebuild


class SearchPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # self.org: "Fundacja Testowa", "Pomagamy rodzinom z Gruzji w zapisach do szkół."
        cls.pending = make_org(
            "Fundacja Oczekująca", status="pending", short_description="Rodziny z Gruzji.")
        cls.nasty = make_org(
            "<script>alert(1)</script> Klub Skrypt", short_description="<i>Kursiwa</i> skrypt")
        rebuild()

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("search:search")

    def test_it_shows_the_form(self):
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "Search for"))
        self.assertContains(response, 'name="q"')
        self.assertNotContains(response, 'class="search-results"')

    def test_it_finds_without_diacritics_and_marks_the_words(self):
        response = self.client.get(self.url, {"q": "szkol gruzji"})
        self.assertContains(response, "<mark>Gruzji</mark>")
        self.assertContains(response, "<mark>szkół</mark>")
        self.assertContains(response, f'href="{self.org.get_absolute_url()}"')
        self.assertContains(response, html_tr("pl", "Organisation"))
        self.assertNotContains(response, "Fundacja Oczekująca")

    def test_it_looks_the_same_for_every_persona(self):
        for user in (self.alice, self.bob, self.charlie, self.staff):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url, {"q": "gruzji"})
                self.assertContains(response, self.org.name)
                # Not even staff find an organisation that is waiting for approval.
                self.assertNotContains(response, "Fundacja Oczekująca")

    def test_user_text_is_escaped(self):
        response = self.client.get(self.url, {"q": "skrypt"})
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertContains(response, "Kursiwa")  # (PostgreSQL's snippets leave tags out)
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "<i>Kursiwa")

    def test_matched_keywords_are_shown_as_plain_words(self):
        topic = Topic.objects.create(slug="x", names={"pl": "<b>Szachy</b> & warcaby"})
        self.other_org.topics.add(topic)
        rebuild()
        response = self.client.get(self.url, {"q": "szachy"})
        self.assertContains(response, self.other_org.name)
        self.assertContains(response, f'{html_tr("pl", "Matches:")} Szachy</p>')
        self.assertNotContains(response, "<b>Szachy")

    def test_the_query_is_escaped_too(self):
        response = self.client.get(self.url, {"q": "<b>gruzji</b>"})
        self.assertContains(response, "&lt;b&gt;gruzji&lt;/b&gt;")
        self.assertNotContains(response, "<b>gruzji")

    def test_kind_filter(self):
        index.replace(None, [SearchDocument(
            key="services.service:1", kind="service", title="Zapisy do szkół",
            body="Pomoc w zapisach dzieci z Gruzji.", url="/services/1/",
            organisation_id=self.org.pk)])
        response = self.client.get(self.url, {"q": "gruzji", "kind": "service"})
        self.assertContains(response, "Zapisy do szkół")
        self.assertNotContains(response, f'href="{self.org.get_absolute_url()}"')
        response = self.client.get(self.url, {"q": "gruzji"})
        self.assertContains(response, "Zapisy do szkół")
        self.assertContains(response, f'href="{self.org.get_absolute_url()}"')
        self.assertContains(response, html_tr("pl", "Service"))

    def test_an_unknown_kind_is_a_form_error(self):
        response = self.client.get(self.url, {"q": "gruzji", "kind": "nonsense"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "field-invalid")
        self.assertNotContains(response, 'class="search-results"')

    def test_no_results_help(self):
        response = self.client.get(self.url, {"q": "żyrafa"})
        self.assertContains(response, html_tr("pl", "Some ideas:"))
        self.assertContains(response, reverse("organisations:list"))

    def test_some_of_the_words(self):
        response = self.client.get(self.url, {"q": "gruzji żyrafa"})
        self.assertContains(response, self.org.name)
        self.assertContains(response, html_tr(
            "pl", "Nothing contains all of your words, so these results contain some of them "
                  "— the most matching first."))

    def test_pages(self):
        for i in range(23):
            make_org(f"Szkoła numer {i:02}", short_description="Szkoła podstawowa.")
        rebuild()
        response = self.client.get(self.url, {"q": "podstawowa"})
        self.assertContains(response, 'rel="next"')
        self.assertContains(response, "q=podstawowa&amp;page=2")
        self.assertEqual(len(response.context["results"].hits), 10)

        response = self.client.get(self.url, {"q": "podstawowa", "page": "3"})
        self.assertEqual(len(response.context["results"].hits), 3)
        self.assertContains(response, 'start="21"')
        for page in ("999", "abc", "-1", "0", "1e9"):
            with self.subTest(page=page):
                response = self.client.get(self.url, {"q": "podstawowa", "page": page})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["results"].hits)

    def test_it_speaks_the_visitors_language(self):
        response = self.client.get(self.url, {"q": "żyrafa"}, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, '<html lang="uk">')
        self.assertContains(response, html_tr("uk", "Some ideas:"))
        self.assertContains(response, html_tr("uk", "Search for"))

    def test_nasty_queries_never_fail(self):
        for text in [*NASTY, "x" * 600]:
            if "\ud800" in text:
                continue
            with self.subTest(text=text[:20]):
                response = self.client.get(self.url, {"q": text, "kind": "organisation"})
                self.assertEqual(response.status_code, 200)
        for raw in ("%ED%A0%80", "%FF%FE", "%00", "%", "q%3D"):
            with self.subTest(raw=raw):
                response = self.client.get(f"{self.url}?q={raw}&kind={raw}&page={raw}")
                self.assertEqual(response.status_code, 200)

    def test_the_header_has_a_search_box_on_every_page(self):
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, 'role="search"')
        self.assertContains(response, f'action="{self.url}"')
        self.assertContains(response, html_tr("pl", "Search the directory"))
