"""The directory page's bounded listing (issue #15, wspolnie.directory.listing): the order,
the pages and the count are those of the full query, whether a text's matches are all
ranked or only the newest backends.CANDIDATES of them."""

from __future__ import annotations

from unittest import mock

from django.test import override_settings
from django.urls import reverse

from tests.base import BaseTestCase
from tests.search.helpers import make_org, rebuild, vocabulary
from wspolnie.directory.facets import DirectoryQuery
from wspolnie.organisations import views
from wspolnie.organisations.models import Organisation
from wspolnie.search import backends


# The page itself each time (not core.page_cache's copy): these tests change PAGE_SIZE and
# CANDIDATES between requests of one URL and read the response's context.
@override_settings(PAGE_CACHE_SECONDS=0)
class BoundedListingTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.terms = vocabulary()
        culture, education = cls.terms["culture"], cls.terms["education"]
        # "kultura" in the name (the title weighs most), in the short description, or both;
        # some with a topic, one pending (never listed).
        for number, (name, text, topics) in enumerate([
            ("Dom Kultury Ukraińskiej", "Kultura i sztuka.", [culture]),
            ("Fundacja Alfa", "Kultura, kultura i jeszcze raz kultura.", [education]),
            ("Fundacja Beta", "Warsztaty: kultura gruzińska.", [culture, education]),
            ("Kultura bez granic", "Spotkania.", []),
            ("Stowarzyszenie Gamma", "Centrum: kultura dla dzieci.", [education]),
            ("Klub Delta", "Muzyka i kultura.", [culture]),
            ("Fundacja Epsilon", "Nauka języka, kultura, historia.", [education]),
            ("Zespół Kultura", "Kultura ludowa.", [education, culture]),
        ]):
            make_org(name, slug=f"kultura-{number}", short_description=text, topics=topics)
        make_org("Kultura Oczekująca", status="pending", short_description="Kultura.")
        make_org("Fundacja Omega", short_description="Pomoc prawna.")
        rebuild()

    def listed(self, params: dict, page_size: int = 3) -> list[str]:
        """The names on every page of the list, in order."""
        names, page = [], 1
        with mock.patch.object(views, "PAGE_SIZE", page_size):
            while True:
                response = self.client.get(reverse("organisations:list"),
                                           {**params, "page": page})
                self.assertEqual(response.status_code, 200)
                names += [card.name for card in response.context["page"]]
                if not response.context["page"].has_next():
                    return names
                page += 1

    def expected(self, params: dict) -> list[str]:
        """The full query's order: DirectoryQuery.ordered over every match (one CASE)."""
        query = DirectoryQuery.from_params(params)
        found = query.ordered(query.apply(Organisation.objects.public()))
        return list(found.values_list("name", flat=True))

    def test_every_match_in_the_order_of_the_full_query(self):
        for params in ({"q": "kultura"}, {"q": "kultura", "topic": "education"},
                       {"q": "fundacja kultura"}, {"topic": "culture"}, {}):
            with self.subTest(params=params):
                expected = self.expected(params)
                self.assertTrue(expected)
                self.assertEqual(self.listed(params), expected)

    def test_only_the_newest_candidates_ranked_the_others_after_them_by_name(self):
        with mock.patch.object(backends, "CANDIDATES", 3):
            for params in ({"q": "kultura"}, {"q": "kultura", "topic": "education"}):
                with self.subTest(params=params):
                    expected = self.expected(params)
                    names = self.listed(params, page_size=2)
                    self.assertEqual(names, expected)
                    # Every match once, the pending one never.
                    self.assertEqual(len(names), len(set(names)))
                    self.assertNotIn("Kultura Oczekująca", names)
                    # After the ranked ones (at most 3), the rest in name order.
                    rest = names[3:]
                    self.assertEqual(rest, sorted(rest))
        self.assertEqual(len(self.listed({"q": "kultura"})), 8)

    def test_the_best_match_comes_first(self):
        names = self.listed({"q": "kultura"})
        # The word in the name and thrice in the text, before one in the text only.
        self.assertLess(names.index("Zespół Kultura"), names.index("Fundacja Epsilon"))

    def test_the_count_follows_a_change(self):
        url = reverse("organisations:list")
        response = self.client.get(url, {"q": "kultura"}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.context["total"], 8)
        self.assertContains(response, "8 organisations")
        make_org("Kultura Nowa", short_description="Kultura.")
        rebuild()
        response = self.client.get(url, {"q": "kultura"}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.context["total"], 9)
        self.assertIn("Kultura Nowa", [card.name for card in response.context["page"]])
        Organisation.objects.filter(name="Fundacja Alfa").update(status="rejected")
        Organisation.objects.get(name="Klub Delta").delete()
        response = self.client.get(url, {"q": "kultura"}, HTTP_ACCEPT_LANGUAGE="en")
        # (The update() bumps nothing: the delete does; the index is not rebuilt, and the
        # rejected organisation is still left out by the approval check.)
        self.assertEqual(response.context["total"], 7)
        names = [card.name for card in response.context["page"]]
        self.assertNotIn("Fundacja Alfa", names)
        self.assertNotIn("Klub Delta", names)

    def test_a_card_shows_what_the_organisation_says(self):
        response = self.client.get(reverse("organisations:list"), {"q": "zespol kultura"},
                                   HTTP_ACCEPT_LANGUAGE="en")
        organisation = Organisation.objects.get(name="Zespół Kultura")
        [card] = response.context["page"]
        self.assertEqual(card.name, "Zespół Kultura")
        self.assertEqual(card.url, organisation.get_absolute_url())
        self.assertEqual(card.kind, organisation.get_kind_display())
        self.assertEqual(card.short, "Kultura ludowa.")
        self.assertEqual(card.short_language, "pl")
        # In the vocabulary's order (position, then slug), in the page's language.
        self.assertEqual(card.topics, ["Culture", "Education"])
        self.assertContains(response, f'href="{organisation.get_absolute_url()}"')

    def test_the_cards_escape_what_organisations_wrote(self):
        make_org('<b>Kultura & "Sztuka"</b>', slug="nasty",
                 short_description="<script>kultura</script>", languages=["uk"])
        rebuild()
        for view in ("grid", "list"):
            response = self.client.get(reverse("organisations:list"),
                                       {"q": "sztuka", "view": view})
            self.assertContains(response, "&lt;b&gt;Kultura &amp; &quot;Sztuka&quot;&lt;/b&gt;")
            self.assertContains(response, "&lt;script&gt;kultura&lt;/script&gt;")
            self.assertNotContains(response, "<script>kultura")
            self.assertContains(response, '<span lang="uk">Українська</span>')
            self.assertContains(response, 'class="card"' if view == "grid" else 'class="org-list"')
