"""/imports/: the upload form and the list of one's imports."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.helpers import html_tr, tr
from wspolnie.imports.models import ImportJob
from wspolnie.organisations.models import Organisation

from .base import ImportTestCase
from .helpers import csv_bytes, org_row, xlsx_bytes


class UploadViewTestCase(ImportTestCase):
    url = reverse("imports:list")

    def post(self, data: bytes, name: str = "plik.csv", **fields):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {
                "file": SimpleUploadedFile(name, data), "entity": "organisations", **fields,
            })

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ImportJob.objects.exists())

    def test_it_rejects_members(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        response = self.post(csv_bytes([org_row("x")]))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ImportJob.objects.exists())

    def test_it_allows_org_admins_without_the_approval_option(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "Upload a file"))
        self.assertNotContains(response, 'name="approve_new"')

    def test_it_allows_other_orgs_admin_too(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_staff_see_the_approval_option(self):
        self.login(self.staff)
        self.assertContains(self.client.get(self.url), 'name="approve_new"')

    def test_upload_checks_the_file_in_the_background_and_saves_no_organisation(self):
        job = self.upload(self.staff)
        self.assertEqual(job.status, ImportJob.Status.VALIDATED)
        self.assertEqual(job.original_name, "organizacje.csv")
        self.assertEqual(job.file_format, "csv")
        self.assertEqual((job.total_rows, job.processed_rows), (3, 3))
        self.assertEqual((job.to_create, job.invalid_rows), (2, 1))
        self.assertEqual([error["row"] for error in job.errors], [3])
        self.assertEqual(job.errors[0]["column"], "nip")
        self.assertFalse(Organisation.objects.filter(slug__startswith="dobra").exists())

    def test_xlsx_upload(self):
        job = self.upload(self.staff, xlsx_bytes([org_row("z-xlsx")]), name="dane.xlsx")
        self.assertEqual((job.file_format, job.to_create, job.invalid_rows), ("xlsx", 1, 0))

    def test_errors_are_written_in_the_uploaders_language(self):
        self.login(self.staff)
        self.client.cookies["wspolnie_language"] = "uk"
        job = self.upload(self.staff, csv_bytes([org_row("bez-nazwy", name="")]))
        self.assertEqual(job.language, "uk")
        self.assertEqual(job.errors[0]["message"], tr("uk", "This field cannot be blank."))

    def test_a_file_of_the_wrong_type_is_refused_by_the_form(self):
        self.login(self.staff)
        response = self.post(b"%PDF-1.4 ...", name="skan.pdf")
        self.assertContains(response, html_tr("pl", "Only CSV and XLSX files can be imported."))
        self.assertFalse(ImportJob.objects.exists())

    def test_a_too_big_file_is_refused(self):
        self.login(self.staff)
        with self.settings(IMPORT_MAX_UPLOAD_BYTES=100):
            response = self.post(csv_bytes([org_row("a"), org_row("b")]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["file"])
        self.assertFalse(ImportJob.objects.exists())

    def test_a_file_without_the_key_column_fails_with_a_reason(self):
        job = self.upload(self.staff, b"name,kind\nA,ngo\n")
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertIn("slug", job.failure)
        response = self.client.get(job.get_absolute_url())
        self.assertContains(response, html_tr("pl", "The file could not be imported."))

    def test_a_member_cannot_ask_for_approval(self):
        self.login(self.alice)
        job = self.upload(self.alice, csv_bytes([{"slug": self.org.slug, "name": "X"}]),
                          approve_new="on")
        self.assertFalse(job.approve_new)

    def test_the_list_shows_only_ones_own_imports(self):
        mine = self.upload(self.alice, csv_bytes([{"slug": self.org.slug, "name": "A"}]),
                           name="moje.csv")
        self.upload(self.charlie, csv_bytes([{"slug": self.other_org.slug, "name": "B"}]),
                    name="cudze.csv")
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, mine.get_absolute_url())
        self.assertContains(response, "moje.csv")
        self.assertNotContains(response, "cudze.csv")
