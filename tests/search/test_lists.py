"""The text boxes of the lists go through the search index (issue #9): the directory page and
GET /api/organisations/?q= find what the site search finds, best match first, with facet
counts on the matching set."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from wspolnie.directory.facets import DirectoryQuery
from wspolnie.organisations.models import Organisation

from .helpers import NASTY, make_org, rebuild, vocabulary


class DirectoryTextTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.terms = vocabulary()
        cls.centrum = make_org(
            "Wrocławskie Centrum Rozwoju Społecznego", kind="public_institution",
            short_description="Miejskie centrum wsparcia organizacji.",
            communities=[cls.terms["georgian"]],
        )
        cls.klub = make_org(
            "Klub Gruziński", kind="informal_group",
            short_description="Spotkania rodzin z Gruzji; współpraca z centrum kultury.",
            communities=[cls.terms["georgian"]],
        )
        cls.dom = make_org(
            "Dom Ukraiński", short_description="Pomoc dla rodzin z Ukrainy.",
            communities=[cls.terms["ukrainian"]],
        )
        cls.hidden = make_org(
            "Centrum Oczekujące", status="pending", short_description="Wrocławskie centrum.")
        rebuild()

    def names(self, response) -> list[str]:
        return [organisation.name for organisation in response.context["page"]]

    def test_the_issue_example_on_the_page(self):
        response = self.client.get(reverse("organisations:list"), {"q": "wroclawskie centrum"})
        self.assertEqual(self.names(response), ["Wrocławskie Centrum Rozwoju Społecznego"])

    def test_the_issue_example_in_the_api(self):
        response = self.client.get("/api/organisations/", {"q": "wroclawskie centrum"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [item["name"] for item in response.json()["items"]],
            ["Wrocławskie Centrum Rozwoju Społecznego"],
        )

    def test_prefixes_and_diacritics(self):
        response = self.client.get(reverse("organisations:list"), {"q": "gruzi"})
        self.assertIn("Klub Gruziński", self.names(response))
        self.assertNotIn("Dom Ukraiński", self.names(response))

    def test_best_match_first(self):
        # "centrum" is in the name of one (title weight) and in the text of the other.
        response = self.client.get(reverse("organisations:list"), {"q": "centrum"})
        self.assertEqual(
            self.names(response), ["Wrocławskie Centrum Rozwoju Społecznego", "Klub Gruziński"]
        )
        api = self.client.get("/api/organisations/", {"q": "centrum"}).json()
        self.assertEqual(
            [item["name"] for item in api["items"]],
            ["Wrocławskie Centrum Rozwoju Społecznego", "Klub Gruziński"],
        )

    def test_facet_counts_are_computed_on_the_matching_set(self):
        query = DirectoryQuery.from_params({"q": "centrum"})
        facets = {facet.param: facet for facet in query.facets(Organisation.objects.public())}
        kinds = {value.value: value.count for value in facets["kind"].values}
        self.assertEqual(kinds, {"public_institution": 1, "informal_group": 1})
        communities = {value.value: value.count for value in facets["community"].values}
        self.assertEqual(communities, {"georgian": 2})
        api = self.client.get(
            "/api/organisations/", {"q": "centrum", "kind": "informal_group"}).json()
        self.assertEqual(api["count"], 1)
        kind_facet = next(facet for facet in api["facets"] if facet["param"] == "kind")
        self.assertEqual({v["value"]: v["count"] for v in kind_facet["values"]},
                         {"public_institution": 1, "informal_group": 1})

    def test_a_pending_organisation_is_not_found(self):
        self.login(self.staff)
        response = self.client.get(reverse("organisations:list"), {"q": "oczekujace"})
        self.assertEqual(self.names(response), [])

    def test_similar_forms_when_nothing_has_every_word(self):
        # "rodzinami" is in no text; without its ending it finds "rodzin".
        response = self.client.get(reverse("organisations:list"), {"q": "rodzinami"})
        self.assertEqual(sorted(self.names(response)),
                         ["Dom Ukraiński", "Fundacja Testowa", "Klub Gruziński"])

    def test_nasty_text_never_breaks_the_page_or_the_api(self):
        for text in NASTY:
            if text == "\ud800":  # (the test client cannot even encode it)
                continue
            with self.subTest(text=text[:20]):
                page = self.client.get(reverse("organisations:list"), {"q": text[:200]})
                self.assertEqual(page.status_code, 200)
                api = self.client.get("/api/organisations/", {"q": text[:200]})
                self.assertIn(api.status_code, (200, 422))
