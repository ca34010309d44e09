"""GET /api/search/ — the search as JSON."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.search import index
from wspolnie.search.types import SearchDocument

from .helpers import NASTY, make_org, rebuild


class SearchApiTestCase(BaseTestCase):
    url = "/api/search/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # self.org: "Fundacja Testowa", "Pomagamy rodzinom z Gruzji w zapisach do szkół."
        make_org("Fundacja Oczekująca", status="pending", short_description="Gruzja.")
        make_org("<b>Klub</b> Gruziński", short_description="Spotkania <script>x</script>.")
        rebuild()
        index.replace(None, [SearchDocument(
            key="services.service:1", kind="service", title="Zapisy do szkół",
            body="Pomoc w zapisach dzieci z Gruzji.", url="/services/1/",
            organisation_id=cls.org.pk)])

    def test_it_is_public_and_answers_with_hits(self):
        response = self.client.get(self.url, {"q": "gruzji"})
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertEqual(doc["query"], "gruzji")
        self.assertEqual(doc["match"], "all")
        self.assertEqual(doc["total"], 2)
        by_key = {hit["key"]: hit for hit in doc["hits"]}
        org_hit = by_key[f"organisations.organisation:{self.org.pk}"]
        self.assertEqual(org_hit["kind"], "organisation")
        self.assertEqual(org_hit["kind_label"], tr("pl", "Organisation"))
        self.assertEqual(org_hit["title"], "Fundacja Testowa")
        self.assertEqual(org_hit["url"], self.org.get_absolute_url())
        self.assertEqual(
            org_hit["absolute_url"], f"http://testserver{self.org.get_absolute_url()}")
        self.assertEqual(org_hit["organisation_id"], self.org.pk)
        self.assertIn("<mark>Gruzji</mark>", org_hit["snippet_html"])
        self.assertIsInstance(org_hit["rank"], float)
        self.assertEqual(org_hit["matched_keywords"], [])

    def test_labels_in_the_language_asked_for(self):
        response = self.client.get(self.url, {"q": "gruzji"}, HTTP_ACCEPT_LANGUAGE="uk")
        labels = {hit["kind_label"] for hit in response.json()["hits"]}
        self.assertEqual(labels, {tr("uk", "Organisation"), tr("uk", "Service")})

    def test_kind_limit_and_offset(self):
        doc = self.client.get(self.url, {"q": "gruzji", "kind": "service"}).json()
        self.assertEqual([hit["title"] for hit in doc["hits"]], ["Zapisy do szkół"])
        doc = self.client.get(self.url, {"q": "gruzji", "limit": 1, "offset": 1}).json()
        self.assertEqual((doc["total"], len(doc["hits"]), doc["offset"]), (2, 1, 1))

    def test_pending_organisations_are_not_found(self):
        doc = self.client.get(self.url, {"q": "oczekująca"}).json()
        self.assertEqual(doc["total"], 0)

    def test_html_in_user_text_is_escaped(self):
        doc = self.client.get(self.url, {"q": "gruzinski"}).json()
        [hit] = doc["hits"]
        self.assertEqual(hit["title"], "<b>Klub</b> Gruziński")  # plain text, as written
        self.assertEqual(hit["title_html"], "&lt;b&gt;Klub&lt;/b&gt; <mark>Gruziński</mark>")
        self.assertNotIn("<script>", hit["snippet_html"])

    def test_bad_input_is_a_json_4xx(self):
        cases = [
            ({}, 422), ({"q": ""}, 400), ({"q": "   "}, 400), ({"q": "*"}, 400),
            ({"q": '"'}, 400), ({"q": "x" * 501}, 422), ({"q": "gruzji", "kind": "x"}, 400),
            ({"q": "gruzji", "limit": 0}, 422), ({"q": "gruzji", "limit": 101}, 422),
            ({"q": "gruzji", "offset": -1}, 422), ({"q": "gruzji", "limit": "many"}, 422),
        ]
        for params, status in cases:
            with self.subTest(params=params):
                response = self.client.get(self.url, params)
                self.assertEqual(response.status_code, status)
                self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
                self.assertIn("detail", response.json())

    def test_nasty_queries_never_fail(self):
        for text in NASTY:
            if "\ud800" in text:
                continue
            with self.subTest(text=text[:20]):
                response = self.client.get(self.url, {"q": text[:500]})
                # 422: the API refuses a NUL character anywhere (api/middleware.py).
                self.assertIn(response.status_code, (200, 400, 422))
                self.assertIn("hits" if response.status_code == 200 else "detail",
                              response.json())
        for raw in ("%ED%A0%80", "%FF%FE", "%00", "%", "AND%20("):
            with self.subTest(raw=raw):
                response = self.client.get(f"{self.url}?q={raw}&kind={raw}")
                self.assertLess(response.status_code, 500)
                response.json()
