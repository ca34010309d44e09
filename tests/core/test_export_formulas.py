"""Every spreadsheet export of the hub (pages and API) writes values a spreadsheet would run as a
formula as plain text: escaped with an apostrophe in CSV, a text cell (never a formula) in XLSX.
The values come from people (an organisation's name, a registrant's organisation, a
subscriber's address), so anybody could plant `=HYPERLINK(…)` for an organiser to open."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.urls import reverse

from tests.base import BaseTestCase
from tests.meetings.factories import make_event, register
from wspolnie.channels.models import Channel
from wspolnie.imports.mappings import MAPPINGS
from wspolnie.newsletter.models import Subscriber
from wspolnie.organisations.models import Organisation
from wspolnie.services.models import Service

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)", "\t=1+1", "\r=1+1"]


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
            for cell in row]


def xlsx_cells(data: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


class FormulaEscapingTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org)
        for number, payload in enumerate(PAYLOADS):
            Organisation.objects.create(name=payload, slug=f"formula-{number}", kind="ngo",
                                        status=Organisation.Status.APPROVED)
            Service.objects.create(organisation=self.org, name={"pl": payload})
            Channel.objects.create(organisation=self.org, name=payload, kind="portal")
            register(self.event, f"person-{number}@example.org", name=payload,
                     organisation_name=payload, share_contact=True)
            Subscriber.objects.create(email=payload, languages=["pl"], status="confirmed")

    def endpoints(self) -> list[tuple[str, object, str]]:
        """(address, who asks, format) of every CSV/XLSX download."""
        found = []
        for extension in ("csv", "xlsx"):
            found.append((reverse(f"meetings:export_{extension}", args=[self.event.slug]),
                          self.alice, extension))
            found.append((reverse("newsletter:subscriber_export") + f"?format={extension}",
                          self.staff, extension))
            for entity in MAPPINGS:
                found.append((reverse("imports:export_file", kwargs={
                    "entity": entity, "file_format": extension}), self.staff, extension))
                found.append((f"/api/imports/exports/{entity}.{extension}", None, extension))
        return found

    def download(self, url: str, user) -> bytes:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content

    def test_csv_exports_escape_every_formula(self):
        for url, user, extension in self.endpoints():
            if extension != "csv":
                continue
            with self.subTest(url=url):
                cells = csv_cells(self.download(url, user))
                for payload in PAYLOADS:
                    self.assertIn("'" + payload, cells)
                    self.assertNotIn(payload, cells)

    def test_xlsx_exports_keep_every_formula_as_text(self):
        for url, user, extension in self.endpoints():
            if extension != "xlsx":
                continue
            with self.subTest(url=url):
                cells = xlsx_cells(self.download(url, user))
                self.assertEqual([cell.coordinate for cell in cells if cell.data_type == "f"],
                                 [])
                by_value = {cell.value: cell.data_type for cell in cells}
                for payload in PAYLOADS:
                    # XML reads a carriage return as a line break: still text, not a formula.
                    self.assertEqual(by_value.get(payload.replace("\r", "\n")), "s", payload)
