"""/api/imports/: upload, status, confirm and exports, for every persona; bad input is 4xx JSON."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.helpers import tr
from wspolnie.accounts import services as account_services
from wspolnie.imports.models import ImportJob
from wspolnie.organisations.models import Organisation

from .base import ImportTestCase
from .helpers import csv_bytes, org_row

BASE = "/api/imports"


class ImportApiTestCase(ImportTestCase):
    def setUp(self) -> None:
        super().setUp()
        # API clients send no CSRF token: check like a real one.
        self.api = Client(enforce_csrf_checks=True)

    def token_for(self, user) -> str:
        return account_services.do_create_api_token(user, "import tests")[1]

    def headers(self, user) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token_for(user)}"}

    def post_file(self, user, data: bytes, name="dane.csv", entity="organisations", **extra):
        headers = self.headers(user) if user else {}
        with self.captureOnCommitCallbacks(execute=True):
            return self.api.post(
                f"{BASE}/jobs",
                {"file": SimpleUploadedFile(name, data), "entity": entity, **extra},
                **headers,
            )

    def confirm(self, user, job_id: int, body: dict | None = None):
        with self.captureOnCommitCallbacks(execute=True):
            return self.api.post(
                f"{BASE}/jobs/{job_id}/confirm",
                data=json.dumps(body) if body is not None else "",
                content_type="application/json", **self.headers(user),
            )

    def alices_job(self) -> int:
        response = self.post_file(self.alice, csv_bytes([
            {"slug": self.org.slug, "name": "Nowa nazwa"},
            {"slug": self.other_org.slug, "name": "Nie moja"},
        ]))
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()["id"]

    # -- upload ------------------------------------------------------------------------------

    def test_upload_requires_authentication(self):
        response = self.post_file(None, csv_bytes([org_row("a")]))
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())
        self.assertFalse(ImportJob.objects.exists())

    def test_upload_rejects_members(self):
        response = self.post_file(self.bob, csv_bytes([org_row("a")]))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["detail"], tr(
            "pl", "Only staff and the admins of an organisation may import data."))

    def test_upload_checks_the_file(self):
        response = self.post_file(self.staff, csv_bytes(self.good_and_bad_rows()))
        self.assertEqual(response.status_code, 201)
        # Answered at once; the check runs in the background.
        self.assertEqual(response.json()["status"], "uploaded")
        doc = self.api.get(f"{BASE}/jobs/{response.json()['id']}",
                           **self.headers(self.staff)).json()
        self.assertEqual(doc["status"], "validated")
        self.assertEqual((doc["to_create"], doc["invalid_rows"]), (2, 1))
        self.assertEqual([(e["row"], e["column"]) for e in doc["errors"]], [(3, "nip")])
        self.assertFalse(Organisation.objects.filter(slug__startswith="dobra").exists())

    def test_a_bad_file_is_400(self):
        response = self.post_file(self.staff, b"%PDF", name="skan.pdf")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["detail"],
                         tr("pl", "Only CSV and XLSX files can be imported."))

    def test_a_wrong_entity_is_400(self):
        response = self.post_file(self.staff, csv_bytes([org_row("a")]), entity="cats")
        self.assertEqual(response.status_code, 400)
        self.assertIn("cats", response.json()["detail"])

    def test_a_missing_file_is_4xx_json(self):
        response = self.api.post(f"{BASE}/jobs", {"entity": "organisations"},
                                 **self.headers(self.staff))
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())

    def test_a_too_big_file_is_413(self):
        with self.settings(IMPORT_MAX_UPLOAD_BYTES=10):
            response = self.post_file(self.staff, csv_bytes([org_row("a")]))
        self.assertEqual(response.status_code, 413)

    def test_org_admins_cannot_ask_for_approval(self):
        response = self.post_file(self.alice, csv_bytes([org_row("a")]), approve_new="true")
        self.assertEqual(response.status_code, 403)

    def test_a_session_without_csrf_token_is_refused(self):
        self.api.force_login(self.staff)
        response = self.api.post(f"{BASE}/jobs", {
            "file": SimpleUploadedFile("a.csv", csv_bytes([org_row("a")])),
        })
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ImportJob.objects.exists())

    # -- status ------------------------------------------------------------------------------

    def test_status_is_for_the_uploader_only(self):
        job_id = self.alices_job()
        response = self.api.get(f"{BASE}/jobs/{job_id}", **self.headers(self.alice))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["invalid_rows"], 1)
        for user in (self.bob, self.charlie, self.staff):
            response = self.api.get(f"{BASE}/jobs/{job_id}", **self.headers(user))
            self.assertEqual(response.status_code, 404, user)
            self.assertEqual(response.json(), {"detail": tr("pl", "Not found.")})
        self.assertEqual(self.api.get(f"{BASE}/jobs/{job_id}").status_code, 401)

    def test_list_of_own_jobs(self):
        job_id = self.alices_job()
        response = self.api.get(f"{BASE}/jobs", **self.headers(self.alice))
        self.assertEqual([job["id"] for job in response.json()], [job_id])
        response = self.api.get(f"{BASE}/jobs", **self.headers(self.charlie))
        self.assertEqual(response.json(), [])

    # -- confirm -----------------------------------------------------------------------------

    def test_confirm_with_errors_needs_accept_valid(self):
        job_id = self.alices_job()
        for body in (None, {}, {"accept_valid": False}):
            response = self.confirm(self.alice, job_id, body)
            self.assertEqual(response.status_code, 400, body)
            self.assertIn("detail", response.json())
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).name, "Fundacja Testowa")

    def test_confirm_with_accept_valid_imports_the_valid_rows(self):
        job_id = self.alices_job()
        response = self.confirm(self.alice, job_id, {"accept_valid": True})
        self.assertEqual(response.status_code, 202)
        doc = self.api.get(f"{BASE}/jobs/{job_id}", **self.headers(self.alice)).json()
        self.assertEqual(doc["status"], "done")
        self.assertEqual(doc["summary"]["updated"], 1)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).name, "Nowa nazwa")
        self.assertEqual(Organisation.objects.get(pk=self.other_org.pk).name,
                         "Stowarzyszenie Inne")
        # Again: the job is not waiting any more.
        self.assertEqual(self.confirm(self.alice, job_id, {"accept_valid": True}).status_code,
                         409)

    def test_someone_elses_job_cannot_be_confirmed(self):
        job_id = self.alices_job()
        for user in (self.bob, self.charlie, self.staff):
            response = self.confirm(user, job_id, {"accept_valid": True})
            self.assertEqual(response.status_code, 404)
        self.assertEqual(ImportJob.objects.get(pk=job_id).status, "validated")

    def test_a_bad_confirm_body_is_422(self):
        job_id = self.alices_job()
        response = self.confirm(self.alice, job_id, {"accept_valid": "maybe"})
        self.assertEqual(response.status_code, 422)
        response = self.api.post(f"{BASE}/jobs/{job_id}/confirm", data="{not json",
                                 content_type="application/json", **self.headers(self.alice))
        self.assertIn(response.status_code, (400, 422))
        self.assertIn("detail", response.json())

    def test_an_unknown_job_is_404(self):
        response = self.api.get(f"{BASE}/jobs/999999", **self.headers(self.staff))
        self.assertEqual(response.status_code, 404)
        response = self.api.get(f"{BASE}/jobs/abc", **self.headers(self.staff))
        self.assertEqual(response.status_code, 422)


class ExportApiTestCase(ImportTestCase):
    def setUp(self) -> None:
        super().setUp()
        Organisation.objects.create(name="Czeka", slug="czeka", kind="ngo", status="pending")

    def test_csv_export_is_public_and_has_only_approved_organisations(self):
        response = self.client.get(f"{BASE}/exports/organisations.csv")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        text = response.content.decode("utf-8-sig")
        self.assertIn("fundacja-testowa", text)
        self.assertNotIn("czeka", text)

    def test_xlsx_export(self):
        response = self.client.get(f"{BASE}/exports/services.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))

    def test_hsds_export(self):
        response = self.client.get(f"{BASE}/exports/hsds")
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertEqual(doc["total_items"], 2)
        self.assertEqual({item["name"] for item in doc["contents"]},
                         {"Fundacja Testowa", "Stowarzyszenie Inne"})

    def test_hsds_language_must_be_a_site_language(self):
        self.assertEqual(self.client.get(f"{BASE}/exports/hsds?language=uk").json()["language"],
                         "uk")
        response = self.client.get(f"{BASE}/exports/hsds?language=xx")
        self.assertEqual(response.status_code, 400)

    def test_unknown_entity_or_format_is_404_json(self):
        for path in ("exports/cats.csv", "exports/organisations.pdf"):
            response = self.client.get(f"{BASE}/{path}")
            self.assertEqual(response.status_code, 404)
            self.assertIn("detail", response.json())

    def test_a_bad_token_is_401(self):
        response = self.client.get(f"{BASE}/exports/organisations.csv",
                                   HTTP_AUTHORIZATION="Bearer wsp_nonsense")
        self.assertEqual(response.status_code, 401)

    def test_a_token_sees_what_its_user_sees(self):
        token = account_services.do_create_api_token(self.staff, "export")[1]
        response = self.client.get(f"{BASE}/exports/organisations.csv",
                                   HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertIn("czeka", response.content.decode("utf-8-sig"))
