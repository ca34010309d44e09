from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.base import BaseTestCase
from wspolnie.imports.models import ImportJob

from .helpers import BAD_NIP, csv_bytes, make_vocabularies, org_row


class ImportTestCase(BaseTestCase):
    """Personas + vocabularies, and uploading through the page as a person does (the
    background tasks run at once: tests/conftest.py)."""

    def setUp(self) -> None:
        super().setUp()
        make_vocabularies()

    @staticmethod
    def good_and_bad_rows() -> list[dict[str, str]]:
        return [org_row("dobra-1"), org_row("zla", nip=BAD_NIP), org_row("dobra-2")]

    def upload(self, user, data: bytes | None = None, name: str = "organizacje.csv",
               **fields) -> ImportJob:
        self.login(user)
        data = csv_bytes(self.good_and_bad_rows()) if data is None else data
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("imports:list"), {
                "file": SimpleUploadedFile(name, data), "entity": "organisations", **fields,
            })
        self.assertEqual(response.status_code, 302, getattr(response, "context", None)
                         and response.context.get("form") and response.context["form"].errors)
        return ImportJob.objects.get(created_by=user, pk=response.url.strip("/").split("/")[-1])

    def confirm(self, job: ImportJob, **data):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse("imports:confirm", args=[job.pk]), data)
