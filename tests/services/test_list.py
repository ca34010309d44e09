"""The public list of all services, with filters."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.organisations.models import Organisation
from wspolnie.search import index

from .helpers import make_service, make_vocabulary


class ServiceListTestCase(BaseTestCase):
    url = "/services/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)
        cls.legal_ka = make_service(
            cls.org, "Porady prawne po gruzińsku", topics=[cls.legal], languages=[cls.ka],
            communities=[cls.georgian],
        )
        cls.course = make_service(
            cls.other_org, "Kurs polskiego", topics=[cls.education],
            languages=[cls.pl, cls.uk], communities=[cls.ukrainian],
            cost="paid", fees_description={"pl": "50 zł"},
        )
        cls.hidden = make_service(cls.org, "Usługa wstrzymana", status="inactive")

    def names(self, response) -> list[str]:
        return [service.name["pl"] for service in response.context["page"]]

    def test_it_is_public_and_lists_active_services(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            sorted(self.names(response)), ["Kurs polskiego", "Porady prawne po gruzińsku"]
        )
        self.assertNotContains(response, "Usługa wstrzymana")

    def test_services_of_organisations_that_are_not_approved_are_hidden(self):
        Organisation.objects.filter(pk=self.other_org.pk).update(status="pending")
        self.login(self.charlie)  # even for its own admin: the list is the public one
        self.assertEqual(self.names(self.client.get(self.url)), ["Porady prawne po gruzińsku"])

    def test_filters(self):
        cases = [
            ({"topic": "education"}, ["Kurs polskiego"]),
            ({"community": "georgian"}, ["Porady prawne po gruzińsku"]),
            ({"language": "uk"}, ["Kurs polskiego"]),
            ({"free": "on"}, ["Porady prawne po gruzińsku"]),
            ({"topic": "education", "free": "on"}, []),
        ]
        for query, expected in cases:
            self.assertEqual(self.names(self.client.get(self.url, query)), expected, query)

    def test_an_unknown_filter_value_of_an_old_link_is_dropped_not_a_crash(self):
        response = self.client.get(self.url, {"topic": "no-such-topic", "language": "uk",
                                              "cost": "priceless"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["query"].filters, {"language": ["uk"]})
        self.assertEqual(self.names(response), ["Kurs polskiego"])

    def test_facets_with_counts_and_the_text_box_through_the_search(self):
        index.rebuild()
        response = self.client.get(self.url, {"q": "gruzi"})  # "gruzińsku", a prefix
        self.assertEqual(self.names(response), ["Porady prawne po gruzińsku"])
        facets = {facet.param: facet for facet in response.context["facets"]}
        self.assertEqual({v.value: v.count for v in facets["topic"].values}, {"legal-aid": 1})
        self.assertEqual({v.value: v.count for v in facets["cost"].values}, {"free": 1})
        response = self.client.get(self.url, {"cost": ["free", "paid"]})
        self.assertEqual(len(self.names(response)), 2)
        self.assertContains(response, 'aria-current="true"', count=2)
        api = self.client.get("/api/services/", {"q": "kurs polskiego"}).json()
        self.assertEqual([item["name"]["pl"] for item in api["items"]], ["Kurs polskiego"])

    def test_pages_keep_the_filters(self):
        for i in range(25):
            make_service(self.org, f"Dyżur {i:02}", topics=[self.legal])
        response = self.client.get(self.url, {"topic": "legal-aid"})
        self.assertEqual(response.context["page"].paginator.count, 26)
        self.assertContains(response, "?topic=legal-aid&amp;page=2")
        response = self.client.get(self.url, {"topic": "legal-aid", "page": "2"})
        self.assertEqual(len(response.context["page"]), 6)

    def test_an_empty_result_says_so(self):
        response = self.client.get(self.url, {"topic": "education", "free": "on"})
        self.assertContains(response, html_tr("pl", "No services match these filters."))
