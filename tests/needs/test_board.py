"""The public board of needs and offers."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.needs.models import NeedOffer
from wspolnie.organisations.models import Organisation
from wspolnie.search import index

from .helpers import days, make_item, make_vocabulary


class BoardTestCase(BaseTestCase):
    url = "/needs/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)
        cls.interpreters = make_item(
            cls.org, "Tłumacze ukraińsko-polscy", category="interpreting",
            languages=[cls.uk, cls.pl], districts=[cls.nadodrze],
        )
        cls.room = make_item(
            cls.other_org, "Sala na spotkania", kind="offer", category="space",
            districts=[cls.krzyki],
        )
        cls.expired = make_item(cls.org, "Już nieaktualne", expires_on=days(-1))
        cls.closed = make_item(cls.org, "Zamknięte", closed_at=timezone.now())
        # Newest first, whatever the insertion order.
        NeedOffer.objects.filter(pk=cls.room.pk).update(
            created=timezone.now() + datetime.timedelta(minutes=1)
        )

    def titles(self, response) -> list[str]:
        return [item.title for item in response.context["page"]]

    def test_it_is_public_newest_first_without_expired_and_closed(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.titles(response), ["Sala na spotkania", "Tłumacze ukraińsko-polscy"])
        self.assertNotContains(response, "Już nieaktualne")
        self.assertNotContains(response, "Zamknięte")

    def test_an_item_expiring_today_is_still_shown(self):
        NeedOffer.objects.filter(pk=self.interpreters.pk).update(expires_on=days(0))
        self.assertIn("Tłumacze ukraińsko-polscy", self.titles(self.client.get(self.url)))

    def test_items_of_organisations_that_are_not_approved_are_hidden(self):
        Organisation.objects.filter(pk=self.other_org.pk).update(status="pending")
        self.login(self.charlie)
        self.assertEqual(self.titles(self.client.get(self.url)), ["Tłumacze ukraińsko-polscy"])

    def test_filters(self):
        cases = [
            ({"kind": "offer"}, ["Sala na spotkania"]),
            ({"kind": "need"}, ["Tłumacze ukraińsko-polscy"]),
            ({"category": "interpreting"}, ["Tłumacze ukraińsko-polscy"]),
            ({"category": "volunteers"}, []),
            ({"district": "krzyki"}, ["Sala na spotkania"]),
            ({"language": "uk"}, ["Tłumacze ukraińsko-polscy"]),
            ({"kind": "offer", "language": "uk"}, []),
        ]
        for query, expected in cases:
            self.assertEqual(self.titles(self.client.get(self.url, query)), expected, query)

    def test_unknown_filter_values_of_an_old_link_are_dropped_not_a_crash(self):
        response = self.client.get(self.url, {"category": "castle", "district": "atlantis",
                                              "kind": ["offer", "<x>"], "language": "x" * 300})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.titles(response), ["Sala na spotkania"])
        self.assertEqual(response.context["query"].filters, {"kind": ["offer"]})

    def test_facets_are_links_with_counts_and_values_of_one_facet_widen(self):
        response = self.client.get(self.url, {"kind": "offer"})
        facets = {facet.param: facet for facet in response.context["facets"]}
        # Counted against the other facets: both kinds stay offered, with their counts.
        self.assertEqual({v.value: v.count for v in facets["kind"].values},
                         {"need": 1, "offer": 1})
        self.assertEqual({v.value: v.count for v in facets["district"].values}, {"krzyki": 1})
        self.assertContains(response, 'href="?kind=offer&amp;kind=need"')
        self.assertContains(response, html_tr("pl", "Clear all filters"))
        both = self.client.get(self.url, {"kind": ["offer", "need"]})
        self.assertEqual(len(self.titles(both)), 2)

    def test_the_text_box_goes_through_the_search(self):
        index.rebuild()
        make_item(self.org, "Tłumacz gruzińskiego", category="interpreting",
                  description="Rodziny z Gruzji szukają tłumacza na wizyty w urzędzie.")
        make_item(self.org, "Sala dla rodzin", kind="offer", category="space",
                  description="Także dla grup gruzińskich.")
        index.rebuild()
        # Diacritics ignored, a prefix matches; the title match first.
        response = self.client.get(self.url, {"q": "gruzi"})
        self.assertEqual(self.titles(response), ["Tłumacz gruzińskiego", "Sala dla rodzin"])
        # Counts on the matching set.
        facets = {facet.param: facet for facet in response.context["facets"]}
        self.assertEqual({v.value: v.count for v in facets["kind"].values},
                         {"need": 1, "offer": 1})
        self.assertEqual({v.value: v.count for v in facets["category"].values},
                         {"interpreting": 1, "space": 1})
        response = self.client.get(self.url, {"q": "gruzi", "kind": "offer"})
        self.assertEqual(self.titles(response), ["Sala dla rodzin"])
        self.assertContains(response, 'value="gruzi"')
        api = self.client.get("/api/needs/", {"q": "tlumacz gruzinskiego"}).json()
        self.assertEqual([item["title"] for item in api["items"]], ["Tłumacz gruzińskiego"])

    def test_an_expired_or_closed_item_is_not_found_by_text(self):
        index.rebuild()
        self.assertEqual(self.titles(self.client.get(self.url, {"q": "nieaktualne"})), [])
        self.assertEqual(self.titles(self.client.get(self.url, {"q": "zamkniete"})), [])

    def test_the_description_is_plain_text(self):
        make_item(self.org, "Z HTML-em", description="<script>alert(1)</script> i <b>więcej</b>")
        response = self.client.get(self.url)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")

    def test_pages_keep_the_filters(self):
        for i in range(21):
            make_item(self.org, f"Wolontariusze {i:02}", category="volunteers")
        response = self.client.get(self.url, {"category": "volunteers"})
        self.assertEqual(len(response.context["page"]), 20)
        self.assertContains(response, "?category=volunteers&amp;page=2")
        response = self.client.get(self.url, {"category": "volunteers", "page": 2})
        self.assertEqual(len(response.context["page"]), 1)
        self.assertEqual(self.client.get(self.url, {"page": "abc"}).status_code, 200)

    def test_an_empty_board_says_so(self):
        response = self.client.get(self.url, {"category": "equipment"})
        self.assertContains(
            response, html_tr("pl", "Nothing on the board matches these filters.")
        )

    def test_it_speaks_ukrainian(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, f"<h1>{html_tr('uk', 'Needs and offers')}</h1>", html=True)
        self.assertContains(response, html_tr("uk", "Interpreting and translation"))
        self.assertNotEqual(html_tr("uk", "Needs and offers"), "Needs and offers")
