from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.organisations.models import OutdatedReport


class ReportListTestCase(BaseTestCase):
    """Staff see the reports of outdated information and mark them resolved."""

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:reports")
        self.report = OutdatedReport.objects.create(
            organisation=self.org, message="Nieaktualny adres.", email="ktos@example.org"
        )
        self.resolve_url = reverse("organisations:report_resolve", args=[self.report.pk])

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_it_rejects_everyone_but_staff(self):
        for user in (self.bob, self.alice, self.charlie):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, html_tr("pl", "Access denied"), status_code=403)

    def test_staff_see_the_open_reports(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, "Nieaktualny adres.")
        self.assertContains(response, self.org.name)
        self.assertContains(response, "mailto:ktos@example.org")
        self.assertContains(response, self.resolve_url)

    def test_resolving_requires_staff_and_a_post(self):
        for user in (self.bob, self.alice, self.charlie):
            self.login(user)
            self.assertEqual(self.client.post(self.resolve_url).status_code, 403)
        self.login(self.staff)
        self.assertEqual(self.client.get(self.resolve_url).status_code, 405)
        self.assertIsNone(OutdatedReport.objects.get().resolved_at)

    def test_staff_mark_a_report_resolved(self):
        self.login(self.staff)
        response = self.client.post(self.resolve_url, follow=True)
        self.assertRedirects(response, self.url)
        self.assertContains(response, html_tr("pl", "The report is marked as resolved."))
        self.assertContains(response, html_tr("pl", "No reports."))
        report = OutdatedReport.objects.get()
        self.assertEqual(report.resolved_by, self.staff)
        self.assertIsNotNone(report.resolved_at)
        self.assertTrue(
            AuditEntry.objects.filter(action="organisation.outdated_report_resolved").exists()
        )
        response = self.client.get(self.url, {"show": "all"})
        self.assertContains(response, "Nieaktualny adres.")
        self.assertNotContains(response, self.resolve_url)

    def test_an_unknown_report_gives_404(self):
        self.login(self.staff)
        url = reverse("organisations:report_resolve", args=[self.report.pk + 100])
        self.assertEqual(self.client.post(url).status_code, 404)
