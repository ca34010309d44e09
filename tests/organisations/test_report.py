from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.organisations.models import Organisation, OutdatedReport


class ReportOutdatedTestCase(BaseTestCase):
    """"Report outdated information": anyone who can see the profile."""

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:report", args=[self.org.slug])

    def test_anyone_may_open_the_form(self):
        for user in (None, self.bob, self.alice, self.charlie, self.staff):
            if user:
                self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, html_tr("pl", "Report outdated information"))
            self.assertContains(response, 'name="message"')

    def test_signed_in_people_get_their_address_filled_in(self):
        self.login(self.bob)
        self.assertContains(self.client.get(self.url), 'value="bob@example.org"')

    def test_an_anonymous_report_is_saved_and_staff_are_told(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url, {"message": "Adres się zmienił.", "email": "ktos@example.org"},
                follow=True,
            )
        self.assertRedirects(response, self.org.get_absolute_url())
        self.assertContains(
            response, html_tr("pl", "Thank you! The staff will check the profile and update it.")
        )
        report = OutdatedReport.objects.get()
        self.assertEqual(report.organisation, self.org)
        self.assertEqual(report.message, "Adres się zmienił.")
        self.assertEqual(report.email, "ktos@example.org")
        self.assertIsNone(report.reporter)
        self.assertTrue(AuditEntry.objects.filter(action="organisation.outdated_reported")
                        .exists())
        self.assertEqual([m.to for m in mail.outbox], [[self.staff.email]])
        self.assertIn("Adres się zmienił.", mail.outbox[0].body)

    def test_a_members_report_names_them(self):
        self.login(self.charlie)
        self.client.post(self.url, {"message": "Telefon nie działa."})
        self.assertEqual(OutdatedReport.objects.get().reporter, self.charlie)

    def test_it_needs_a_message_and_a_valid_address(self):
        response = self.client.post(self.url, {"message": "   ", "email": "nie-adres"},
                                    HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn("message", errors)
        self.assertIn("email", errors)
        self.assertFalse(OutdatedReport.objects.exists())

    def test_it_is_protected_against_csrf(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(self.url, {"message": "Spam"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(OutdatedReport.objects.exists())

    def test_a_pending_organisation_cannot_be_reported_by_outsiders(self):
        pending = Organisation.objects.create(name="Grupa", slug="grupa", kind="ngo")
        url = reverse("organisations:report", args=[pending.slug])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"message": "x"}).status_code, 404)
        self.assertFalse(OutdatedReport.objects.exists())

    def test_a_too_long_message_is_refused(self):
        response = self.client.post(self.url, {"message": "x" * 2001})
        self.assertIn("message", response.context["form"].errors)
        self.assertFalse(OutdatedReport.objects.exists())
