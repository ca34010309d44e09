"""The dashboard reads aggregates: the same number of SQL queries for 6 and for 24 synthetic
organisations (with their meetings, registrations, services and channels)."""

from __future__ import annotations

import io

from django.core.management import call_command

from tests.base import BaseTestCase
from tests.search.test_bounded_work import counting
from wspolnie.accounts.services import do_create_api_token
from wspolnie.core.synthetic import SLUG_PREFIX
from wspolnie.meetings.models import Registration
from wspolnie.organisations.models import Organisation

PAGES = [
    "/dashboard/",
    "/dashboard/?start=2024-01-01&end=2026-12-31&step=quarter",
    "/dashboard/charts/organisations-attending.png",
    "/dashboard/charts/organisations-by-language.csv",
    "/dashboard/coverage/",
    "/api/dashboard/figures",
    "/api/dashboard/coverage",
]


def synth(organisations: int) -> None:
    Organisation.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    call_command("synth", organisations=organisations, seed=11, no_progress=True,
                 stdout=io.StringIO(), stderr=io.StringIO())


class QueriesPerRequestTests(BaseTestCase):
    maxDiff = None

    def queries_per_page(self, warm_up: bool = False) -> dict[str, int]:
        counts = {}
        for path in PAGES:
            if warm_up:
                self.client.get(path)  # the first request may fill per-process caches
            with counting() as queries:
                response = self.client.get(path, headers=self.headers)
            self.assertEqual(response.status_code, 200, path)
            counts[path] = len(queries)
        return counts

    def test_the_same_number_of_queries_for_6_and_for_24_organisations(self):
        self.login(self.staff)
        self.headers = {}
        synth(6)
        small = self.queries_per_page(warm_up=True)
        synth(24)
        self.assertGreater(Registration.objects.filter(status="attended").count(), 20)
        self.assertEqual(self.queries_per_page(), small)
        # The API with a token as well as with the session.
        self.client.logout()
        self.headers = {"Authorization": "Bearer " + do_create_api_token(self.staff, "t")[1]}
        with counting() as queries:
            self.assertEqual(self.client.get("/api/dashboard/figures",
                                             headers=self.headers).status_code, 200)
        self.assertLessEqual(len(queries), small["/api/dashboard/figures"] + 3)
