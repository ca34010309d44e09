"""Meeting registrations per client address and hour (MEETING_REGISTRATIONS_PER_HOUR): the
public form and the API refuse more with 429 and a translated message, and create nothing."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr, tr
from wspolnie.meetings import services
from wspolnie.meetings.models import Registration

from .factories import make_event

MESSAGE = ("Many registrations have come from your network in a short time. Please wait a "
           "while and try again.")


@override_settings(MEETING_REGISTRATIONS_PER_HOUR=2)
class RegistrationRateLimitTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org, capacity=50)
        self.url = reverse("meetings:register", kwargs={"slug": self.event.slug})
        self.api_url = f"/api/meetings/events/{self.event.slug}/registrations"

    def form(self, number: int, **extra):
        return self.client.post(self.url, {
            "name": f"Osoba {number}", "email": f"osoba{number}@example.org", "language": "pl",
        }, **extra)

    def api(self, number: int, **extra):
        return self.client.post(self.api_url, {
            "name": f"Osoba {number}", "email": f"osoba{number}@example.org", "language": "pl",
        }, content_type="application/json", **extra)

    def test_the_form_refuses_a_client_over_the_limit(self):
        self.assertEqual(self.form(1).status_code, 302)
        self.assertEqual(self.form(2).status_code, 302)
        response = self.form(3)
        self.assertContains(response, html_tr("pl", MESSAGE), status_code=429)
        self.assertEqual(Registration.objects.filter(event=self.event).count(), 2)

    def test_the_api_answers_429_in_json(self):
        self.api(1)
        self.api(2)
        response = self.api(3, headers={"Accept-Language": "uk"})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["code"], "rate_limited")
        self.assertEqual(Registration.objects.filter(event=self.event).count(), 2)

    def test_the_form_and_the_api_share_the_count_and_other_clients_go_on(self):
        self.form(1)
        self.api(2)
        self.assertEqual(self.api(3).status_code, 429)
        self.assertEqual(self.form(4, REMOTE_ADDR="192.0.2.7").status_code, 302)

    def test_the_message_is_translated(self):
        for language in ("en", "uk"):
            self.assertNotEqual(tr(language, MESSAGE), tr("pl", MESSAGE))

    @override_settings(MEETING_REGISTRATIONS_PER_HOUR=0)
    def test_zero_means_no_limit(self):
        for _attempt in range(4):
            services.check_registration_rate("127.0.0.1")
        self.assertEqual(self.form(9).status_code, 302)
