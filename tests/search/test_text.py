"""The pure text helpers: folding, query parsing, safe snippets."""

from __future__ import annotations

from django.test import SimpleTestCase

from wspolnie.search.text import (
    MARK_END,
    MARK_START,
    MAX_TERMS,
    clean_text,
    extra_terms,
    fold,
    marked_html,
    parse_query,
    stem,
)

M, E = MARK_START, MARK_END


class FoldTestCase(SimpleTestCase):
    def test_fold(self):
        self.assertEqual(fold("Międzykulturowość"), "miedzykulturowosc")
        self.assertEqual(fold("Wrocław ŁÓDŹ"), "wroclaw lodz")
        self.assertEqual(fold("Straße"), "strasse")
        self.assertEqual(fold("Їжак"), "іжак")

    def test_extra_terms_only_for_letters_unicode_cannot_decompose(self):
        self.assertEqual(extra_terms("Wrocław, Łódź i Kraków"), "wroclaw lodz")
        self.assertEqual(extra_terms("Kraków", "Gdańsk"), "")

    def test_clean_text_removes_control_and_marker_characters(self):
        self.assertEqual(clean_text(f"a\x00b{M}c{E}d\x1fe"), "a b c d e")
        self.assertEqual(clean_text("zwykły\ttekst\nz liniami"), "zwykły\ttekst\nz liniami")


class ParseQueryTestCase(SimpleTestCase):
    def test_words_only(self):
        self.assertEqual(parse_query('"gruzi" AND (szkoła*)').terms, ("gruzi", "szkoła"))
        self.assertEqual(parse_query("title:x NEAR(a b)").terms, ("title", "x", "near", "b"))

    def test_stopwords_are_dropped_unless_nothing_else_is_left(self):
        self.assertEqual(parse_query("dom w lesie").terms, ("dom", "lesie"))
        self.assertEqual(parse_query("w i z").terms, ("w", "i", "z"))

    def test_request_words_are_dropped_from_the_fallback(self):
        parsed = parse_query("we need someone who speaks Russian")
        self.assertIn("someone", parsed.terms)
        self.assertEqual(parsed.any_terms, ("russian",))

    def test_limits(self):
        parsed = parse_query(" ".join(f"słowo{i}" for i in range(100)))
        self.assertEqual(len(parsed.terms), MAX_TERMS)
        self.assertEqual(len(parse_query("a" * 10_000).terms[0]), 48)

    def test_nothing_to_search_for(self):
        for text in ("", " ", "*", '"', "()", "🙂", "\x00", "\ud800", None):
            self.assertFalse(parse_query(text))

    def test_stem(self):
        for word, expected in [("szkoły", "szkoł"), ("gruzińskim", "gruzińsk"),
                               ("rodzinom", "rodzin"), ("zapisach", "zapis"),
                               ("families", "famil"), ("родинам", "родин"), ("dom", "dom"),
                               ("kota", "kota")]:
            with self.subTest(word=word):
                self.assertEqual(stem(word), expected)


class MarkedHtmlTestCase(SimpleTestCase):
    def test_escape_then_mark(self):
        html = marked_html(f"<b>{M}Tak{E}</b> & \"nie\"")
        self.assertEqual(html, "&lt;b&gt;<mark>Tak</mark>&lt;/b&gt; &amp; &quot;nie&quot;")

    def test_marks_are_always_balanced(self):
        self.assertEqual(marked_html(f"{M}a{M}b"), "<mark>ab</mark>")
        self.assertEqual(marked_html(f"a{E}b{E}"), "ab")
        self.assertEqual(marked_html(f"{M}a{E}{M}b{E}"), "<mark>ab</mark>")

    def test_supplementary_marks_for_folded_matches(self):
        self.assertEqual(
            marked_html(f"We Wrocławiu i {M}okolicach{E}.", ("wroclaw", "okolic")),
            "We <mark>Wrocławiu</mark> i <mark>okolicach</mark>.",
        )
        self.assertEqual(marked_html("Łódź, łodzie, lody", ("lod",)),
                         "<mark>Łódź</mark>, <mark>łodzie</mark>, lody")
        self.assertEqual(marked_html("Łódź i Łomża", ("l",)), "Łódź i Łomża")
