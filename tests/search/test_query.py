"""wspolnie.search.query.search(): what a person typing into the search box gets back."""

from __future__ import annotations

import re
from html import unescape

from django.test import TestCase

from wspolnie.search import index
from wspolnie.search.query import matching_organisation_ids, search
from wspolnie.search.text import MARK_END, MARK_START
from wspolnie.search.types import SearchDocument

from .helpers import NASTY, add_location, make_org, rebuild, text_of, vocabulary


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


class DiacriticsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.accented = make_org(
            "Fundacja Dialogu", short_description="Spotkania o międzykulturowości we Wrocławiu.")
        cls.plain = make_org(
            "Klub Bez Ogonkow", short_description="Warsztaty: zrodla i zrodelka, miedzy nami.")
        cls.ukrainian = make_org(
            "Громада", short_description="Міжкультурність і підтримка родин з України.")
        rebuild()

    def test_a_query_without_diacritics_finds_text_with_them(self):
        results = search("miedzykulturowosci")
        self.assertEqual(titles(results), ["Fundacja Dialogu"])

    def test_a_query_with_diacritics_finds_text_without_them(self):
        self.assertEqual(titles(search("źródła")), ["Klub Bez Ogonkow"])
        self.assertEqual(titles(search("źródełka")), ["Klub Bez Ogonkow"])

    def test_polish_l_is_folded_both_ways(self):
        # "ł" has no Unicode decomposition: it needs its own folding.
        self.assertEqual(titles(search("wroclawiu")), ["Fundacja Dialogu"])
        self.assertEqual(titles(search("Wrocławiu")), ["Fundacja Dialogu"])
        self.assertEqual(titles(search("ogonków")), ["Klub Bez Ogonkow"])

    def test_case_does_not_matter(self):
        self.assertEqual(titles(search("FUNDACJA dialogu")), ["Fundacja Dialogu"])

    def test_cyrillic_text_is_found(self):
        self.assertEqual(titles(search("міжкультурність")), ["Громада"])
        self.assertEqual(titles(search("РОДИН")), ["Громада"])


class PrefixAndRankingTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.words = vocabulary()
        cls.in_title = make_org("Gruzińska Wspólnota", short_description="Kultura i język.")
        cls.in_body = make_org(
            "Stowarzyszenie Sąsiedzi",
            short_description="Spotkania sąsiedzkie; także rodziny gruzińskie i czeczeńskie.",
        )
        cls.in_keywords = make_org(
            "Dom Kultury Nadodrze", short_description="Zajęcia dla dzieci.",
            communities=[cls.words["georgian"]],
        )
        cls.unrelated = make_org("Fundacja Zielona", short_description="Ogrody miejskie.")
        rebuild()

    def test_the_beginning_of_a_word_finds_the_whole_word(self):
        results = search("gruzi")
        self.assertEqual(results.match, "all")
        self.assertEqual(
            set(titles(results)),
            {"Gruzińska Wspólnota", "Stowarzyszenie Sąsiedzi", "Dom Kultury Nadodrze"},
        )

    def test_a_match_in_the_title_ranks_above_one_in_the_text(self):
        results = search("gruzińska")
        self.assertEqual(titles(results)[0], "Gruzińska Wspólnota")
        ranks = [hit.rank for hit in results.hits]
        self.assertEqual(ranks, sorted(ranks, reverse=True))

    def test_keywords_are_searched_in_every_language(self):
        # Community names in Polish, English and Ukrainian are keywords of the organisation.
        for word in ("Georgian", "Грузинська", "gruzinska"):
            with self.subTest(word=word):
                self.assertIn("Dom Kultury Nadodrze", titles(search(word)))

    def test_the_keywords_that_matched_are_named(self):
        hit = search("georgian").hits[0]
        self.assertEqual(hit.title, "Dom Kultury Nadodrze")
        self.assertEqual(hit.matched_keywords, ("Georgian",))
        hit = search("gruzinska dzieci").hits[0]
        self.assertEqual(hit.matched_keywords, ("Gruzińska",))
        self.assertIn("<mark>dzieci</mark>", hit.snippet_html)

    def test_every_word_must_be_there(self):
        self.assertEqual(titles(search("gruzi czeczen")), ["Stowarzyszenie Sąsiedzi"])
        self.assertEqual(titles(search("dzieci gruzi")), ["Dom Kultury Nadodrze"])

    def test_other_forms_of_the_words_when_nothing_matches_exactly(self):
        # "ogrodów" (genitive) is not in the text, "ogrody" is: the search tries the stem.
        results = search("ogrodów miejskich")
        self.assertEqual(results.match, "similar")
        self.assertEqual(titles(results), ["Fundacja Zielona"])

    def test_some_of_the_words_when_nothing_has_all_of_them(self):
        results = search("gruzińska ogrody")
        self.assertEqual(results.match, "any")
        self.assertIn("Fundacja Zielona", titles(results))
        self.assertIn("Gruzińska Wspólnota", titles(results))

    def test_no_words_no_results(self):
        for text in ("", "   ", "***", "„”", "🙂🙂"):
            with self.subTest(text=text):
                results = search(text)
                self.assertEqual((results.total, results.hits), (0, []))

    def test_pages(self):
        for i in range(25):
            make_org(f"Ogród numer {i:02}", short_description="Ogrody społeczne.")
        rebuild()
        first = search("ogrody", limit=10)
        third = search("ogrody", limit=10, offset=20)
        self.assertEqual(first.total, 26)
        self.assertEqual(len(first.hits), 10)
        self.assertEqual(len(third.hits), 6)
        self.assertFalse({h.key for h in first.hits} & {h.key for h in third.hits})

    def test_silly_limits_are_clamped(self):
        self.assertEqual(len(search("gruzi", limit=0).hits), 1)
        self.assertEqual(len(search("gruzi", limit=10**9).hits), 3)
        self.assertEqual(search("gruzi", offset=-5).total, 3)


class SnippetTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.org = make_org(
            "Fundacja Międzykulturowa",
            short_description=(
                "Od lat prowadzimy w mieście warsztaty, kursy językowe i spotkania. "
                "Nasz temat to międzykulturowość w szkole i w pracy."
            ),
        )
        cls.nasty = make_org(
            "<script>alert('x')</script> Fundacja Skrypt",
            short_description='Opis z <b>tagami</b> & <img src=x onerror="alert(1)"> skrypt.',
        )
        rebuild()

    def test_the_matched_words_are_marked(self):
        hit = search("miedzykulturowosc").hits[0]
        self.assertIn("<mark>międzykulturowość</mark>", hit.snippet_html)
        hit = search("miedzykulturow").hits[0]
        self.assertIn("<mark>Międzykulturowa</mark>", hit.title_html)

    def test_prefix_matches_are_marked(self):
        hit = search("warszt").hits[0]
        self.assertIn("<mark>warsztaty</mark>", hit.snippet_html)

    def test_words_found_through_their_folded_form_are_marked(self):
        org = make_org("Teatr", short_description="Scena we Wrocławiu i okolicach.")
        rebuild()
        hit = search("wroclawiu").hits[0]
        self.assertEqual(hit.key, f"organisations.organisation:{org.pk}")
        self.assertIn("<mark>Wrocławiu</mark>", hit.snippet_html)

    def test_user_text_cannot_inject_html(self):
        # (PostgreSQL's parser does not index HTML tags themselves, so no "script" query.)
        for query in ("skrypt", "fundacja skrypt", "tagami", "opis"):
            with self.subTest(query=query):
                hit = search(query).hits[0]
                self.assertEqual(hit.title, self.nasty.name)
                for html in (hit.title_html, hit.snippet_html):
                    without_marks = re.sub(r"</?mark>", "", html)
                    self.assertNotIn("<", without_marks)
                    self.assertNotIn(">", without_marks)
                # Escaped, not lost: unescaped, the title is the name as written (a snippet
                # is a part of the text, words only on PostgreSQL).
                self.assertEqual(unescape(re.sub(r"</?mark>", "", hit.title_html)),
                                 self.nasty.name)
                snippet_words = unescape(re.sub(r"</?mark>", "", hit.snippet_html)).split()
                self.assertTrue(snippet_words)
                for word in snippet_words:
                    self.assertIn(word.strip(".…"), self.nasty.short_description["pl"])
        hit = search("skrypt").hits[0]
        self.assertIn("<mark>Skrypt</mark>", hit.title_html)
        self.assertIn("<mark>skrypt</mark>", hit.snippet_html)

    def test_marker_characters_in_user_text_cannot_fake_a_highlight(self):
        make_org(
            f"Klub {MARK_START}Fałszywy{MARK_END}",
            short_description=f"Tekst {MARK_START}udający{MARK_END} zaznaczenie. Szachy.",
        )
        rebuild()
        hit = search("szachy").hits[0]
        self.assertNotIn("<mark>Fałszywy", hit.title_html)
        self.assertNotIn("<mark>udający", hit.snippet_html)
        self.assertIn("<mark>Szachy</mark>", hit.snippet_html)
        self.assertNotIn(MARK_START, text_of(hit.snippet_html) + text_of(hit.title_html))

    def test_marks_are_balanced(self):
        for query in ("miedzykulturowosc szkole", "w", "fundacja"):
            for hit in search(query).hits:
                for html in (hit.title_html, hit.snippet_html):
                    self.assertEqual(html.count("<mark>"), html.count("</mark>"))


class VisibilityTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.approved = make_org("Widoczna Fundacja Ziołowa", short_description="Zioła.")
        cls.pending = make_org(
            "Oczekująca Fundacja Ziołowa", status="pending", short_description="Zioła.")
        cls.rejected = make_org(
            "Odrzucona Fundacja Ziołowa", status="rejected", short_description="Zioła.")
        rebuild()

    def test_pending_and_rejected_organisations_are_never_found(self):
        for text in ("ziołowa", "oczekująca", "odrzucona", "zioła"):
            with self.subTest(text=text):
                self.assertNotIn("Oczekująca Fundacja Ziołowa", titles(search(text)))
                self.assertNotIn("Odrzucona Fundacja Ziołowa", titles(search(text)))
        self.assertEqual(titles(search("ziołowa")), ["Widoczna Fundacja Ziołowa"])
        self.assertEqual(matching_organisation_ids("ziołowa"), {self.approved.pk})

    def test_a_stale_entry_of_an_unapproved_organisation_is_not_shown(self):
        # Whatever an app's search_index module gets wrong, the search itself checks.
        index.replace(None, [SearchDocument(
            key="services.service:999", kind="service", title="Usługa ziołowa",
            body="Zioła", url="/services/999/", organisation_id=self.pending.pk,
        )])
        self.assertNotIn("Usługa ziołowa", titles(search("ziołowa")))
        self.assertEqual(matching_organisation_ids("usługa ziołowa"), set())

    def test_documents_of_no_organisation_are_shown(self):
        index.replace(None, [SearchDocument(
            key="channels.channel:1", kind="channel", title="Kanał ziołowy",
            body="Wiadomości", url="/channels/1/",
        )])
        self.assertIn("Kanał ziołowy", titles(search("ziołow")))


class FiltersTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.org = make_org("Fundacja Rowerowa", short_description="Rowery dla wszystkich.")
        cls.other = make_org("Klub Rowerowy", short_description="Wycieczki rowerowe.")
        rebuild()
        index.replace(None, [
            SearchDocument(key="services.service:1", kind="service", title="Naprawa rowerów",
                           body="Warsztat rowerowy", url="/s/1/", organisation_id=cls.org.pk),
            SearchDocument(key="needs.need:1", kind="need", title="Potrzebne rowery",
                           body="Szukamy rowerów", url="/n/1/", organisation_id=cls.other.pk),
        ])

    def test_kinds(self):
        self.assertEqual(titles(search("rower", kinds=["service"])), ["Naprawa rowerów"])
        self.assertEqual(titles(search("rower", kinds="need")), ["Potrzebne rowery"])
        self.assertEqual(search("rower", kinds=["service", "need"]).total, 2)
        self.assertEqual(search("rower").total, 4)

    def test_organisations(self):
        results = search("rower", organisation_ids=[self.org.pk])
        self.assertEqual(set(titles(results)), {"Fundacja Rowerowa", "Naprawa rowerów"})
        self.assertEqual(search("rower", organisation_ids=[]).total, 0)

    def test_matching_organisation_ids_include_matches_of_their_documents(self):
        self.assertEqual(matching_organisation_ids("naprawa"), {self.org.pk})
        self.assertEqual(matching_organisation_ids("rower"), {self.org.pk, self.other.pk})
        self.assertEqual(matching_organisation_ids("szukamy rowerów"), {self.other.pk})
        self.assertEqual(matching_organisation_ids("***"), set())


class PlainLanguageRequestTestCase(TestCase):
    """The example of the issue: answerable in seconds, in English or Polish."""

    @classmethod
    def setUpTestData(cls) -> None:
        w = vocabulary()
        cls.right = make_org(
            "Fundacja Nomada", kind="foundation",
            short_description="Integracja cudzoziemców i przeciwdziałanie wykluczeniu.",
            description={
                "pl": "Pomagamy rodzinom migranckim w zapisach dzieci do szkół; "
                      "dyżury na Nadodrzu.",
                "en": "We help migrant families with school enrolment and with the offices.",
            },
            topics=[w["education"]], communities=[w["georgian"], w["chechen"]],
            languages=["pl", "ru", "ka"], districts=[w["nadodrze"]],
        )
        add_location(cls.right, "ul. Jedności Narodowej 1", w["nadodrze"])
        # Near misses: each has some of what was asked for.
        make_org(
            "Gruzińskie Centrum Kultury", short_description="Taniec, muzyka i kuchnia.",
            communities=[w["georgian"]], languages=["pl", "ka"], topics=[w["culture"]],
            districts=[w["stare-miasto"]],
        )
        make_org(
            "Poradnia Prawna Nadodrze", short_description="Porady prawne dla migrantów.",
            communities=[w["ukrainian"]], languages=["pl", "uk", "ru"],
            topics=[w["legal-aid"]], districts=[w["nadodrze"]],
        )
        make_org(
            "Punkt Informacyjny", short_description="Informacje o edukacji i szkołach.",
            communities=[w["georgian"], w["ukrainian"]], languages=["pl", "en", "ru"],
            topics=[w["education"]], districts=[w["stare-miasto"]],
        )
        rebuild()

    def test_the_english_request_finds_the_right_organisation_first(self):
        results = search(
            "we need someone who helps Georgian families with school enrolment, "
            "speaks Russian, works in Nadodrze"
        )
        self.assertGreater(results.total, 0)
        self.assertEqual(results.hits[0].title, "Fundacja Nomada")

    def test_the_polish_request_finds_it_too(self):
        results = search(
            "szukamy kogoś, kto pomaga gruzińskim rodzinom w zapisach do szkoły, "
            "mówi po rosyjsku, działa na Nadodrzu"
        )
        self.assertEqual(results.hits[0].title, "Fundacja Nomada")

    def test_the_ukrainian_request_finds_it_too(self):
        results = search("грузинська російська Nadodrze")
        self.assertEqual(titles(results), ["Fundacja Nomada"])

    def test_the_key_words_alone_find_only_it(self):
        self.assertEqual(titles(search("georgian russian nadodrze")), ["Fundacja Nomada"])
        self.assertEqual(titles(search("gruzińska rosyjski nadodrze")), ["Fundacja Nomada"])


class NastyInputTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_org("Fundacja Testowa", short_description="Pomagamy rodzinom z Gruzji.")
        rebuild()

    def test_nothing_raises(self):
        for text in NASTY:
            with self.subTest(text=text[:20]):
                results = search(text)
                self.assertGreaterEqual(results.total, 0)
                matching_organisation_ids(text)

    def test_operators_are_just_words(self):
        self.assertEqual(search("gruzji OR zzzz").match, "any")
        self.assertEqual(search("NOT gruzji").total, 1)
        self.assertEqual(search('"gruzji').total, 1)
