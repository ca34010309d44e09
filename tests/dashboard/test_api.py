from __future__ import annotations

from wspolnie.accounts.services import do_create_api_token

from .helpers import PEOPLE, PERIOD, DashboardDataTestCase

FIGURES = "/api/dashboard/figures"
COVERAGE = "/api/dashboard/coverage"


class FiguresApiTests(DashboardDataTestCase):
    def get(self, user, path=FIGURES, **params):
        headers = {}
        if user is not None:
            headers["Authorization"] = "Bearer " + do_create_api_token(user, "t")[1]
        return self.client.get(path, params, headers=headers)

    def test_it_requires_a_token(self):
        response = self.get(None)
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_it_rejects_members_and_org_admins(self):
        for persona in (self.bob, self.alice, self.charlie):
            response = self.get(persona)
            self.assertEqual(response.status_code, 403)
            self.assertIn("detail", response.json())

    def test_staff_get_every_chart_of_the_period(self):
        response = self.get(self.staff, **PERIOD, step="quarter")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["period"], {"start": "2025-01-01", "end": "2025-06-30",
                                          "step": "quarter"})
        figures = {figure["key"]: figure for figure in data["figures"]}
        self.assertEqual(len(figures), 11)
        attendance = figures["attendance-rate"]
        self.assertEqual(attendance["unit"], "%")
        self.assertEqual([(r["key"], r["values"]) for r in attendance["rows"]],
                         [("2025-Q1", [67]), ("2025-Q2", [100])])
        self.assertEqual(data["totals"]["attendance_rate"], 80)
        self.assertIsNone(data["network"])  # nothing computed yet
        body = response.content.decode()
        for personal in PEOPLE:
            self.assertNotIn(personal, body)

    def test_a_bad_period_is_a_422(self):
        for params in ({"start": "2025-13-01"}, {"start": "2025-06-01", "end": "2025-01-01"},
                       {"step": "day"}, {"start": "0001-01-01"}):
            response = self.get(self.staff, **params)
            self.assertEqual(response.status_code, 422, params)
            self.assertIn("detail", response.json())


class CoverageApiTests(DashboardDataTestCase):
    def test_anyone_gets_the_aggregate_counts(self):
        response = self.client.get(COVERAGE)
        self.assertEqual(response.status_code, 200)
        data = response.json()
        communities = {line["key"]: line for line in data["communities"]}
        self.assertEqual(communities["gruzinska"]["organisations"], 1)
        self.assertTrue(communities["bialoruska"]["white_spot"])
        self.assertEqual(data["citywide_channels"], 1)
        self.assertEqual(data["grid_districts"], ["krzyki", "nadodrze"])
        self.assertIn({"community": "gruzinska", "organisations": [1, 0]}, data["grid"])
        self.assertNotIn("Grupa Czekająca", response.content.decode())
