"""/imports/<id>/ (preview, summary), /progress/ (the polled fragment) and /confirm/."""

from __future__ import annotations

from django.urls import reverse

from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.imports.models import ImportJob
from wspolnie.organisations.models import Organisation

from .base import ImportTestCase
from .helpers import csv_bytes, org_row


class JobViewsTestCase(ImportTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.job = self.upload(self.alice, csv_bytes([
            {"slug": self.org.slug, "name": "Fundacja Testowa po zmianie"},
            {"slug": self.other_org.slug, "name": "Nie moja"},
        ]))
        self.client.logout()
        self.urls = [
            reverse("imports:detail", args=[self.job.pk]),
            reverse("imports:progress", args=[self.job.pk]),
        ]
        self.confirm_url = reverse("imports:confirm", args=[self.job.pk])

    def assert_not_imported(self) -> None:
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).name, "Fundacja Testowa")
        self.assertFalse(AuditEntry.objects.filter(action__startswith="organisation.").exists())
        self.assertEqual(ImportJob.objects.get(pk=self.job.pk).status, "validated")

    def test_it_requires_login(self):
        for url in self.urls:
            response = self.client.get(url)
            self.assertRedirects(response, reverse("accounts:login") + "?next=" + url)
        self.client.post(self.confirm_url, {"accept_valid": "1"})
        self.assert_not_imported()

    def test_it_is_404_for_members(self):
        self.login(self.bob)
        for url in self.urls:
            self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(self.confirm_url, {"accept_valid": "1"}).status_code,
                         404)
        self.assert_not_imported()

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        for url in self.urls:
            self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(self.confirm_url, {"accept_valid": "1"}).status_code,
                         404)
        self.assert_not_imported()

    def test_staff_do_not_see_other_peoples_imports_either(self):
        self.login(self.staff)
        for url in self.urls:
            self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(self.confirm_url, {"accept_valid": "1"}).status_code,
                         404)
        self.assert_not_imported()

    def test_the_preview_lists_the_row_errors_and_counts(self):
        self.login(self.alice)
        response = self.client.get(self.urls[0])
        self.assertContains(response, html_tr("pl", "Preview"))
        self.assertContains(response, html_tr("pl", "Nothing has been saved yet."))
        self.assertContains(
            response, html_tr("pl", "You can only change the organisations you administer.")
        )
        self.assertContains(response, "<td>3</td><td>slug</td>", html=False)
        self.assertContains(response, 'name="accept_valid" value="1"')

    def test_confirming_without_accepting_the_errors_saves_nothing(self):
        self.login(self.alice)
        response = self.confirm(self.job)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'role="alert"')
        self.assert_not_imported()

    def test_accepting_the_valid_rows_imports_them(self):
        self.login(self.alice)
        response = self.confirm(self.job, accept_valid="1")
        self.assertRedirects(response, self.urls[0])
        job = ImportJob.objects.get(pk=self.job.pk)
        self.assertEqual(job.status, ImportJob.Status.DONE)
        self.assertTrue(job.accept_valid)
        self.assertEqual(job.summary["updated"], 1)
        self.assertEqual(job.summary["skipped"], 1)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).name,
                         "Fundacja Testowa po zmianie")
        self.assertEqual(Organisation.objects.get(pk=self.other_org.pk).name,
                         "Stowarzyszenie Inne")
        self.assertTrue(AuditEntry.objects.filter(action="import.confirmed",
                                                  actor=self.alice).exists())
        response = self.client.get(self.urls[0])
        self.assertContains(response, html_tr("pl", "Summary of the import"))

    def test_confirming_twice_does_not_import_twice(self):
        self.login(self.alice)
        self.confirm(self.job, accept_valid="1")
        response = self.confirm(self.job, accept_valid="1")
        self.assertRedirects(response, self.urls[0], fetch_redirect_response=False)
        self.assertEqual(
            AuditEntry.objects.filter(action="organisation.import_updated").count(), 1
        )

    def test_a_clean_file_has_a_plain_import_button(self):
        job = self.upload(self.staff, csv_bytes([org_row("czysta")]))
        response = self.client.get(job.get_absolute_url())
        self.assertContains(response, f'<button type="submit">{html_tr("pl", "Import")}</button>',
                            html=True)
        self.assertNotContains(response, 'name="accept_valid"')
        self.confirm(job)
        self.assertTrue(Organisation.objects.filter(slug="czysta").exists())

    def test_progress_fragment_polls_while_running(self):
        ImportJob.objects.filter(pk=self.job.pk).update(
            status=ImportJob.Status.IMPORTING, total_rows=2, processed_rows=1
        )
        self.login(self.alice)
        response = self.client.get(self.urls[1], HTTP_HX_REQUEST="true")
        self.assertContains(response, 'data-hx-trigger="every 1s"')
        self.assertContains(response, 'value="1"')
        self.assertNotIn("HX-Refresh", response)
        page = self.client.get(self.urls[0])
        self.assertContains(page, 'data-hx-trigger="every 1s"')

    def test_progress_fragment_reloads_the_page_when_the_work_is_over(self):
        self.login(self.alice)
        response = self.client.get(self.urls[1], HTTP_HX_REQUEST="true")
        self.assertEqual(response["HX-Refresh"], "true")
        self.assertNotContains(response, "data-hx-trigger")
