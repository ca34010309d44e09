from __future__ import annotations

from django.urls import reverse

from .helpers import PEOPLE, PERIOD, DashboardDataTestCase

URL = reverse("dashboard:index")


class DashboardPermissionTests(DashboardDataTestCase):
    def test_it_requires_login(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_rejects_members_and_org_admins(self):
        for persona in (self.bob, self.alice, self.charlie):
            self.login(persona)
            self.assertEqual(self.client.get(URL).status_code, 403, persona)

    def test_staff_see_it_and_the_navigation_links_it(self):
        self.login(self.staff)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'href="{URL}"')
        self.login(self.alice)
        self.assertNotContains(self.client.get("/"), f'href="{URL}"')


class DashboardPageTests(DashboardDataTestCase):
    def setUp(self) -> None:
        self.login(self.staff)

    def test_it_shows_the_period_numbers_as_charts_and_tables(self):
        response = self.client.get(URL, PERIOD)
        # Every chart has numbers in this data set.
        self.assertContains(response, '<svg class="bar-chart" role="img"', count=11)
        page = response.content.decode()
        # The attendance table: 67% in March, 100% in May, "—" where nobody was expected.
        self.assertIn("<td>67%</td>", page)
        self.assertIn("<td>100%</td>", page)
        self.assertIn("<td>—</td>", page)
        self.assertIn(f'{reverse("dashboard:download", args=["attendance-rate", "png"])}'
                      "?start=2025-01-01&amp;end=2025-06-30", page)
        self.assertEqual(response.context["board"].totals["attendance_rate"], 80)

    def test_bad_dates_are_a_form_error_not_a_crash(self):
        for asked, message in [
            ({"start": "2025-13-45"}, "Wpisz poprawną datę."),
            ({"start": "2025-06-01", "end": "2025-01-01"},
             "Koniec okresu nie może być przed jego początkiem."),
            ({"start": "1990-01-01"}, "Podaj datę między 2000-01-01 a 2100-12-31."),
            ({"start": "2000-01-01", "end": "2025-01-01"},
             "Wybierz okres najwyżej 120 miesięcy."),
            ({"step": "day"}, "Wybierz poprawną wartość."),
        ]:
            response = self.client.get(URL, asked)
            self.assertEqual(response.status_code, 200, asked)
            self.assertContains(response, message)
            # …and the default period's figures below it.
            self.assertEqual(len(response.context["board"].meetings.meetings.rows), 12)

    def test_it_speaks_polish_english_and_ukrainian(self):
        for language, heading in [("pl", "Panel koordynatora"), ("en", "Coordinator dashboard"),
                                  ("uk", "Панель координатора")]:
            response = self.client.get(URL, PERIOD, HTTP_ACCEPT_LANGUAGE=language)
            self.assertContains(response, f"<h1>{heading}</h1>")

    def test_no_registrant_appears(self):
        page = self.client.get(URL, PERIOD).content.decode()
        for personal in PEOPLE:
            self.assertNotIn(personal, page)
