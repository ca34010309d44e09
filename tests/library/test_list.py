"""The library page: entries of approved organisations, facets with counts, the site's search."""

from __future__ import annotations

from django.test import override_settings

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.library import services
from wspolnie.search import index

from .helpers import make_entry, make_vocabulary


class LibraryListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        index.RAISE_ERRORS = True
        self.addCleanup(setattr, index, "RAISE_ERRORS", False)
        with self.captureOnCommitCallbacks(execute=True):
            self.newsletter = services.do_create_entry(
                self.alice, self.org, kind="tool", title="Newsletter dzielnicy",
                description="Raz w miesiącu, po polsku i ukraińsku.", cost="free",
                languages=[self.pl, self.uk], topics=[self.culture], users=[self.org],
            )
            self.leaders = services.do_create_entry(
                self.charlie, self.other_org, kind="practice",
                title="Docieranie przez liderów społeczności",
                description="Zaproszenia przekazują osoby zaufane.", cost="paid",
                languages=[self.uk], topics=[self.education], users=[self.other_org, self.org],
            )
        make_entry(self.pending, "Ukryty portal")

    def titles(self, query: str = "") -> list[str]:
        response = self.client.get(f"/library/{query}")
        self.assertEqual(response.status_code, 200)
        return [entry.title for entry in response.context["page"]]

    def test_anyone_sees_the_entries_of_approved_organisations(self):
        self.assertEqual(self.titles(), ["Docieranie przez liderów społeczności",
                                         "Newsletter dzielnicy"])
        response = self.client.get("/library/")
        self.assertContains(response, html_tr("pl", "Library of practices and tools"), count=2)
        self.assertNotContains(response, "Ukryty portal")

    # It reads the context of a page it asked for before: a cached page has none.
    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_facets_narrow_and_count(self):
        self.assertEqual(self.titles("?kind=tool"), ["Newsletter dzielnicy"])
        self.assertEqual(self.titles("?language=uk"), ["Docieranie przez liderów społeczności",
                                                       "Newsletter dzielnicy"])
        self.assertEqual(self.titles("?language=pl"), ["Newsletter dzielnicy"])
        self.assertEqual(self.titles("?tag=education"), ["Docieranie przez liderów społeczności"])
        self.assertEqual(self.titles("?cost=free"), ["Newsletter dzielnicy"])
        self.assertEqual(self.titles(f"?used_by={self.other_org.slug}"),
                         ["Docieranie przez liderów społeczności"])
        self.assertEqual(self.titles(f"?used_by={self.org.slug}"),
                         ["Docieranie przez liderów społeczności", "Newsletter dzielnicy"])
        response = self.client.get("/library/?kind=tool")
        kinds = next(f for f in response.context["facets"] if f.param == "kind")
        self.assertEqual({v.value: v.count for v in kinds.values}, {"practice": 1, "tool": 1})

    def test_the_text_box_uses_the_site_search(self):
        self.assertEqual(self.titles("?q=liderow"), ["Docieranie przez liderów społeczności"])
        self.assertEqual(self.titles("?q=ukraińsku"), ["Newsletter dzielnicy"])
        # An organisation that uses it is found by its name.
        self.assertEqual(self.titles("?q=Stowarzyszenie+Inne"),
                         ["Docieranie przez liderów społeczności"])

    def test_unknown_filter_values_are_dropped(self):
        self.assertEqual(len(self.titles("?kind=nope&language=xx-!!&tag=nope&used_by=nope")), 2)

    def test_the_site_search_finds_entries_with_their_kind(self):
        response = self.client.get("/search/?q=newsletter")
        self.assertContains(response, self.newsletter.get_absolute_url())
        self.assertContains(response, html_tr("pl", "Tool"))
