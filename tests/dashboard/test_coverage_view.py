from __future__ import annotations

import csv
import io

from django.urls import reverse

from .helpers import PEOPLE, DashboardDataTestCase

URL = reverse("dashboard:coverage")


class CoveragePageTests(DashboardDataTestCase):
    def test_anyone_sees_the_counts_and_the_white_spots(self):
        for persona in (None, self.bob, self.charlie, self.staff):
            if persona:
                self.login(persona)
            response = self.client.get(URL)
            self.assertEqual(response.status_code, 200)
        page = self.client.get(URL).content.decode()
        self.assertIn('<ul id="white-spots"><li>Białoruska</li></ul>', page)
        self.assertIn('class="white-spot"', page)
        # Counts only: no pending organisation, no person.
        self.assertNotIn("Grupa Czekająca", page)
        for personal in PEOPLE:
            self.assertNotIn(personal, page)

    def test_only_staff_get_the_link_to_the_dashboard(self):
        dashboard = f'href="{reverse("dashboard:index")}"'
        self.login(self.alice)
        self.assertNotContains(self.client.get(URL), dashboard)
        self.login(self.staff)
        self.assertContains(self.client.get(URL), dashboard)

    def test_it_speaks_english_and_ukrainian(self):
        for language, heading in [("en", "Coverage map of the community"),
                                  ("uk", "Карта охоплення громади")]:
            self.assertContains(self.client.get(URL, HTTP_ACCEPT_LANGUAGE=language),
                                f"<h1>{heading}</h1>")

    def test_the_csv_file(self):
        response = self.client.get(reverse("dashboard:coverage_csv"))
        self.assertEqual(response.status_code, 200)
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["Wymiar", "Nazwa", "Organizacje", "Usługi", "Kanały"])
        self.assertIn(["Społeczność", "Gruzińska", "1", "1", "1"], rows)
        self.assertIn(["Dzielnica", "Nadodrze", "0", "0", "1"], rows)
