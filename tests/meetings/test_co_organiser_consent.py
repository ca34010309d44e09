"""A series names co-organisers, who confirm first (issue #17 point 10).

alice (admin of `org`) names `other_org`; until charlie (its admin) confirms, `other_org` is not
shown as co-organiser on the series page or in the API and charlie cannot add meetings to the
series. charlie gets a mail and answers on a page or in the API; bob, alice, staff and
anonymous visitors cannot answer for `other_org`.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import tr
from tests.smtp import body_text
from wspolnie.core.models import AuditEntry
from wspolnie.meetings import services
from wspolnie.meetings.models import Series, SeriesCoOrganiser

L = SeriesCoOrganiser.Status


class CoOrganiserConsentTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("meetings:series_create"), {
                "slug": "wspolnie-2025", "title_pl": "Wspólnie 2025", "title_en": "Together 2025",
                "organiser": self.org.pk, "co_organisers": [self.other_org.pk],
                "languages": ["pl"], "themes": "",
            })
        self.client.logout()
        self.series = Series.objects.get(slug="wspolnie-2025")
        self.link = SeriesCoOrganiser.objects.get(series=self.series)
        self.page = reverse("meetings:co_organising")
        self.answer_url = reverse("meetings:co_organising_answer", args=[self.link.pk])
        self.api_url = f"/api/meetings/co-organising/{self.link.pk}"

    def confirm(self, persona):
        self.login(persona)
        return self.client.post(self.answer_url, {"answer": "confirm"})

    def test_a_named_organisation_waits_and_is_not_shown(self):
        self.assertEqual(self.link.status, L.PENDING)
        page = self.client.get(self.series.get_absolute_url())
        self.assertNotContains(page, self.other_org.get_absolute_url())
        api = self.client.get(f"/api/meetings/series/{self.series.slug}").json()
        self.assertEqual(api["co_organisers"], [])

    def test_its_admins_get_a_mail_with_the_page_to_answer(self):
        [message] = self.smtp.wait_for(1)
        self.assertEqual(message["To"], self.charlie.email)
        self.assertIn(self.other_org.name, message["Subject"])
        self.assertIn(self.page, body_text(message))
        self.assertIn("Wspólnie 2025", body_text(message))

    def test_the_organiser_sees_who_has_not_confirmed_yet(self):
        self.login(self.alice)
        page = self.client.get(self.series.get_absolute_url())
        self.assertContains(page, self.other_org.name)
        self.assertContains(page, tr("pl", "Waiting for confirmation").lower())

    def test_until_confirmed_the_named_organisation_cannot_add_meetings_to_the_series(self):
        self.login(self.charlie)
        form = self.client.get(reverse("meetings:create")).context["form"]
        self.assertNotIn(self.series, form.fields["series"].queryset)
        self.confirm(self.charlie)
        form = self.client.get(reverse("meetings:create")).context["form"]
        self.assertIn(self.series, form.fields["series"].queryset)

    def test_charlie_confirms_on_the_page(self):
        self.login(self.charlie)
        page = self.client.get(self.page)
        self.assertContains(page, "Wspólnie 2025")
        self.assertContains(page, self.answer_url)
        response = self.confirm(self.charlie)
        self.assertRedirects(response, self.page)
        self.link.refresh_from_db()
        self.assertEqual(self.link.status, L.CONFIRMED)
        self.assertIsNotNone(self.link.answered_at)
        self.assertContains(self.client.get(self.series.get_absolute_url()),
                            self.other_org.get_absolute_url())
        api = self.client.get(f"/api/meetings/series/{self.series.slug}").json()
        self.assertEqual(api["co_organisers"], [self.other_org.slug])
        self.assertTrue(AuditEntry.objects.filter(action="meetings.co_organiser_confirmed",
                                                  actor=self.charlie).exists())

    def test_charlie_declines_and_is_not_asked_again_when_the_series_is_saved(self):
        self.login(self.charlie)
        self.client.post(self.answer_url, {"answer": "decline"})
        self.link.refresh_from_db()
        self.assertEqual(self.link.status, L.DECLINED)
        services.do_save_series(self.alice, self.series, title=self.series.title,
                                description={}, organiser=self.org,
                                co_organisers=[self.other_org], languages=[], theme_lines=[])
        self.link.refresh_from_db()
        self.assertEqual(self.link.status, L.DECLINED)
        self.assertNotContains(self.client.get(self.series.get_absolute_url()),
                               self.other_org.get_absolute_url())

    def test_a_confirmed_co_organiser_may_withdraw(self):
        self.confirm(self.charlie)
        self.client.post(self.answer_url, {"answer": "decline"})
        self.link.refresh_from_db()
        self.assertEqual(self.link.status, L.DECLINED)

    def test_nobody_else_answers_for_the_named_organisation(self):
        for persona in (self.alice, self.bob, self.staff):
            with self.subTest(persona=persona.name):
                self.assertEqual(self.confirm(persona).status_code, 403)
        self.client.logout()
        response = self.client.post(self.answer_url, {"answer": "confirm"})
        self.assertEqual(response.status_code, 302)  # to the login page
        self.link.refresh_from_db()
        self.assertEqual(self.link.status, L.PENDING)

    def test_the_page_is_for_organisation_admins(self):
        self.assertEqual(self.client.get(self.page).status_code, 302)
        self.login(self.bob)
        self.assertEqual(self.client.get(self.page).status_code, 403)
        self.login(self.alice)  # an admin, but her organisation is not named anywhere
        page = self.client.get(self.page)
        self.assertNotContains(page, self.answer_url)

    def test_a_bad_answer_is_a_message(self):
        self.login(self.charlie)
        response = self.client.post(self.answer_url, {"answer": "maybe"}, follow=True)
        self.assertContains(response, tr("pl", "Please choose to confirm or to decline."))
        self.link.refresh_from_db()
        self.assertEqual(self.link.status, L.PENDING)

    def test_charlie_answers_in_the_api(self):
        self.login(self.charlie)
        listing = self.client.get("/api/meetings/co-organising").json()
        self.assertEqual([(row["series"], row["organisation"], row["status"]) for row in listing],
                         [("wspolnie-2025", self.other_org.slug, "pending")])
        response = self.client.post(self.api_url, {"answer": "confirm"},
                                    content_type="application/json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "confirmed")
        self.link.refresh_from_db()
        self.assertEqual(self.link.status, L.CONFIRMED)

    def test_the_api_refuses_everybody_else(self):
        response = self.client.post(self.api_url, {"answer": "confirm"},
                                    content_type="application/json")
        self.assertEqual(response.status_code, 401)
        for persona in (self.alice, self.bob, self.staff):
            with self.subTest(persona=persona.name):
                self.login(persona)
                response = self.client.post(self.api_url, {"answer": "confirm"},
                                            content_type="application/json")
                self.assertEqual(response.status_code, 403)
                self.assertIn("detail", response.json())
                self.assertEqual(self.client.get("/api/meetings/co-organising").json(), [])
        self.login(self.charlie)
        response = self.client.post(self.api_url, {"answer": "perhaps"},
                                    content_type="application/json")
        self.assertEqual(response.status_code, 422)
        response = self.client.post("/api/meetings/co-organising/999999",
                                    {"answer": "confirm"}, content_type="application/json")
        self.assertEqual(response.status_code, 404)
        self.link.refresh_from_db()
        self.assertEqual(self.link.status, L.PENDING)

    def test_removing_a_co_organiser_drops_its_answer(self):
        self.confirm(self.charlie)
        services.do_save_series(self.alice, self.series, title=self.series.title,
                                description={}, organiser=self.org, co_organisers=[],
                                languages=[], theme_lines=[])
        self.assertFalse(SeriesCoOrganiser.objects.exists())

    def test_the_organiser_cannot_name_itself(self):
        services.do_save_series(self.alice, self.series, title=self.series.title,
                                description={}, organiser=self.org,
                                co_organisers=[self.org, self.other_org], languages=[],
                                theme_lines=[])
        self.assertEqual(list(self.series.co_organisers.all()), [self.other_org])
