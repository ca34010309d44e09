"""The work of a search or list request is bounded by the page it shows (issue #15): the same
number of queries for 8 and for 40 organisations, and a search with more matches than
backends.CANDIDATES ranks only the newest of them."""

from __future__ import annotations

import io
from contextlib import contextmanager
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from wspolnie.core.synthetic import SLUG_PREFIX
from wspolnie.organisations.models import Organisation
from wspolnie.search import backends
from wspolnie.search.query import search, text_filter

PAGES = [
    "/search/?q=pomoc",
    "/search/?q=pomoc+prawna&kind=organisation",
    "/search/?q=pomoc&page=2",
    "/organisations/",
    "/organisations/?topic=education&district=nadodrze",
    "/organisations/?q=pomoc",
    "/organisations/?q=pomoc&language=pl",
    "/organisations/?q=pomoc&topic=education&district=nadodrze",
    "/api/organisations/",
    "/api/organisations/?q=pomoc&topic=education",
    "/api/organisations/?q=pomoc&topic=education&district=nadodrze",
    "/api/search/?q=pomoc",
    "/services/?q=pomoc",
    "/needs/?q=pomoc",
]


@contextmanager
def counting():
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield queries


def synth(organisations: int) -> None:
    Organisation.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    call_command("synth", organisations=organisations, seed=11, no_progress=True,
                 stdout=io.StringIO(), stderr=io.StringIO())


class QueriesPerRequestTests(TestCase):
    maxDiff = None

    def queries_per_page(self) -> dict[str, int]:
        counts = {}
        for path in PAGES:
            self.client.get(path)  # the first request may fill per-process caches
            with counting() as queries:
                response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            counts[path] = len(queries)
        return counts

    def test_the_same_number_of_queries_for_8_and_for_40_organisations(self):
        # (The same seed: the first 8 organisations of the 40 are the 8, so every page that
        # shows something at 8 shows something at 40.)
        synth(8)
        small = self.queries_per_page()
        synth(40)
        self.assertEqual(self.queries_per_page(), small)


class CandidatesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("synth", organisations=30, seed=5, no_progress=True,
                     stdout=io.StringIO(), stderr=io.StringIO())

    def test_a_search_with_few_matches_ranks_them_all(self):
        everything = search("pomoc", limit=100)
        self.assertFalse(everything.more)
        self.assertLessEqual(everything.total, backends.CANDIDATES)
        self.assertEqual(len(everything.hits), min(everything.total, 100))

    def test_more_matches_than_the_candidates_are_counted_as_more(self):
        everything = search("pomoc", limit=100)
        self.assertGreater(everything.total, 6)
        with mock.patch.object(backends, "CANDIDATES", 6):
            capped = search("pomoc", limit=100)
            self.assertTrue(capped.more)
            self.assertEqual(capped.total, 6)
            self.assertEqual(len(capped.hits), 6)
            # Pages go through the same six, best first, without repeating one.
            pages = [search("pomoc", limit=4, offset=offset).hits for offset in (0, 4)]
        keys = [hit.key for page in pages for hit in page]
        self.assertEqual(sorted(keys), sorted(hit.key for hit in capped.hits))
        self.assertEqual(keys, [hit.key for hit in capped.hits])
        ranks = [hit.rank for hit in capped.hits]
        self.assertEqual(ranks, sorted(ranks, reverse=True))

    def test_the_newest_candidates_whether_the_window_holds_them_or_not(self):
        # PostgreSQL scans the newest WINDOW entries when the terms are common among the
        # newest PROBE, the GIN index for the rest: the same candidates either way.
        def candidates():
            with mock.patch.object(backends, "CANDIDATES", 6):
                found = search("pomoc", limit=100)
            return found.total, found.more, [hit.key for hit in found.hits]

        expected = candidates()
        self.assertEqual(expected[:2], (6, True))
        for window, probe in [(3, 2), (5000, 2), (40, 1000)]:
            with self.subTest(window=window, probe=probe), mock.patch.multiple(
                    backends.PostgreSQLBackend, WINDOW=window, PROBE=probe, DENSE=0.0):
                self.assertEqual(candidates(), expected)
        with mock.patch.multiple(backends.PostgreSQLBackend, DENSE=2.0):  # never dense
            self.assertEqual(candidates(), expected)

    def test_the_search_page_says_there_are_more(self):
        with mock.patch.object(backends, "CANDIDATES", 6):
            response = self.client.get("/search/", {"q": "pomoc"}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "More than 6 results for “pomoc”")

    def test_the_api_says_there_are_more(self):
        with mock.patch.object(backends, "CANDIDATES", 6):
            data = self.client.get("/api/search/", {"q": "pomoc"}).json()
        self.assertEqual((data["total"], data["more"]), (6, True))
        self.assertFalse(self.client.get("/api/search/", {"q": "pomoc"}).json()["more"])

    def test_a_list_keeps_every_match_and_ranks_the_newest_first(self):
        public = Organisation.objects.public()
        found = text_filter("pomoc", ["organisation"])
        matching = set(public.filter(found.condition()).values_list("pk", flat=True))
        with mock.patch.object(backends, "CANDIDATES", 4):
            capped = text_filter("pomoc", ["organisation"])
            ordered = list(public.filter(capped.condition())
                           .annotate(r=capped.rank(Organisation)).order_by("-r", "name", "pk")
                           .values_list("pk", "r"))
        # Every matching organisation is still listed (and counted) …
        self.assertEqual({pk for pk, _rank in ordered}, matching)
        # … the ranked ones first, the others after them.
        ranked = [pk for pk, rank in ordered if rank > 0]
        self.assertTrue(ranked)
        self.assertLessEqual(len(ranked), 4)
        self.assertEqual([pk for pk, _rank in ordered[:len(ranked)]], ranked)
