"""The meetings list: the shared facets with counts and a text box through the search."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.meetings.models import Event
from wspolnie.search import index

from .factories import make_event, make_series

SECRET = "https://meet.example.org/pokoj-tajny-q9"


class MeetingListFacetsTestCase(BaseTestCase):
    url = "/meetings/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.series = make_series(cls.org, slug="wspolnie")
        cls.opening = make_event(
            [cls.org], title={"pl": "Inauguracja cyklu"}, series=cls.series,
            format=Event.Format.ONLINE, online_link=SECRET, languages=["pl", "uk"])
        cls.workshop = make_event(
            [cls.other_org], title={"pl": "Warsztaty gruzińskiej kuchni"},
            description={"pl": "Gotujemy razem."}, languages=["pl"])
        cls.draft = make_event([cls.org], title={"pl": "Inauguracja robocza"},
                               status=Event.Status.DRAFT)
        index.rebuild()

    def titles(self, response) -> list[str]:
        return [event.title_text for event in response.context["page"]]

    def counts(self, response) -> dict[str, dict[str, int]]:
        return {facet.param: {value.value: value.count for value in facet.values}
                for facet in response.context["facets"]}

    def test_facets_are_counted_and_combine(self):
        response = self.client.get(self.url)
        counts = self.counts(response)
        self.assertEqual(counts["format"], {"online": 1, "in_person": 1})
        self.assertEqual(counts["series"], {"wspolnie": 1})
        self.assertEqual(counts["language"], {"pl": 2, "uk": 1})
        self.assertEqual(counts["organiser"], {self.org.slug: 1, self.other_org.slug: 1})
        response = self.client.get(self.url, {"format": ["online", "in_person"]})
        self.assertEqual(len(self.titles(response)), 2)
        response = self.client.get(self.url, {"format": "in_person", "language": "uk"})
        self.assertEqual(self.titles(response), [])

    def test_the_text_box_finds_without_polish_letters_and_counts_on_the_matches(self):
        response = self.client.get(self.url, {"q": "gruzinsk"})
        self.assertEqual(self.titles(response), ["Warsztaty gruzińskiej kuchni"])
        self.assertEqual(self.counts(response)["format"], {"in_person": 1})
        response = self.client.get(self.url, {"q": "inauguracja"})
        self.assertEqual(self.titles(response), ["Inauguracja cyklu"])  # not the draft
        api = self.client.get("/api/meetings/events", {"q": "inauguracja"}).json()
        self.assertEqual([item["slug"] for item in api["items"]], [self.opening.slug])

    def test_the_video_link_is_not_findable(self):
        for text in ("pokoj tajny", "q9", "meet.example.org"):
            with self.subTest(text=text):
                self.assertEqual(self.titles(self.client.get(self.url, {"q": text})), [])

    def test_unknown_values_are_dropped_not_a_500(self):
        for params in ({"series": "nope"}, {"theme": "abc"}, {"theme": "999"},
                       {"format": "telepathy"}, {"organiser": "x" * 300}, {"language": "??"},
                       {"q": "\x00"}):
            with self.subTest(params=params):
                response = self.client.get(self.url, params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(self.titles(response)), 2)
