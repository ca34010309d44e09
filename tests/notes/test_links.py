"""The meeting's link list: every link of its note, with titles."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.notes.content import markdown_links

from .helpers import make_event, make_note


class LinkListTestCase(BaseTestCase):
    def test_links_are_collected_from_the_sections_with_their_titles(self):
        event = make_event([self.org])
        note = make_note(
            event, self.org,
            summary={"pl": "Zob. [portal kultury](https://example.org/kultura) i "
                           "[to samo](https://example.org/materialy).",
                     "en": "See [the culture portal](https://example.org/kultura)."},
            presentations=[{"title": {"pl": "P"}, "speaker": "", "organisation": None,
                            "summary": {"pl": "<https://example.org/slajdy>"}}],
            useful_links=[{"url": "https://example.org/materialy", "label": "Materiały"}],
        )
        response = self.client.get(f"/notes/{note.pk}/links/")
        self.assertEqual(response.status_code, 200)
        links = response.context["links"]
        self.assertEqual([(link.url, link.label) for link in links], [
            ("https://example.org/materialy", "Materiały"),  # the useful link's own label
            ("https://example.org/kultura", "portal kultury"),  # in the page's language
            ("https://example.org/slajdy", ""),
        ])
        self.assertEqual(links[0].sections, ["useful_links", "summary"])
        response = self.client.get(f"/notes/{note.pk}/links/?version=en")
        self.assertIn(("https://example.org/kultura", "the culture portal"),
                      [(link.url, link.label) for link in response.context["links"]])

    def test_only_web_links_are_collected(self):
        self.assertEqual(markdown_links(
            "[a](javascript:alert(1)) [b](mailto:x@example.org) [c](/library/) "
            "[d](https://example.org/d)"), [("https://example.org/d", "d")])

    def test_a_draft_list_is_404_for_others(self):
        note = make_note(make_event([self.org]), self.org, published=False)
        self.assertEqual(self.client.get(f"/notes/{note.pk}/links/").status_code, 404)
        self.login(self.charlie)
        self.assertEqual(self.client.get(f"/notes/{note.pk}/links/").status_code, 404)
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/notes/{note.pk}/links/").status_code, 200)
