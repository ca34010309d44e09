from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from django.urls import reverse
from PIL import Image

from wspolnie.directory.models import Community
from wspolnie.lib.charts import PNG_SCALE

from .helpers import PEOPLE, PERIOD, DashboardDataTestCase


def url(chart: str, extension: str) -> str:
    return reverse("dashboard:download", args=[chart, extension])


class DownloadPermissionTests(DashboardDataTestCase):
    def test_it_requires_login(self):
        response = self.client.get(url("meetings-held", "csv"))
        self.assertEqual(response.status_code, 302)

    def test_it_rejects_members_and_org_admins(self):
        for persona in (self.bob, self.alice, self.charlie):
            self.login(persona)
            self.assertEqual(self.client.get(url("meetings-held", "png")).status_code, 403)


class DownloadTests(DashboardDataTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # A community name a spreadsheet would run as a formula.
        Community.objects.create(slug="formula", names={"pl": "=HYPERLINK(\"x\")"})

    def setUp(self) -> None:
        self.login(self.staff)

    def test_csv_has_the_numbers_and_escapes_formulas(self):
        response = self.client.get(url("attendance-rate", "csv"), PERIOD)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('filename="attendance-rate-2025-01-01-2025-06-30.csv"',
                      response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["Okres", "Frekwencja"])
        self.assertIn(["Marzec 2025", "67"], rows)
        self.assertIn(["Styczeń 2025", ""], rows)  # no rate, not 0
        communities = self.client.get(url("organisations-by-community", "csv")).content
        self.assertIn(b"'=HYPERLINK", communities)

    def test_svg_is_a_well_formed_image_with_a_title(self):
        response = self.client.get(url("registrations", "svg"), PERIOD)
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        root = ET.fromstring(response.content)  # noqa: S314 (our own file)
        self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")
        self.assertEqual(root.find("{http://www.w3.org/2000/svg}title").text,
                         "Zgłoszenia i obecność")

    def test_png_is_an_image_of_the_charts_size(self):
        response = self.client.get(url("organisations-attending", "png"), PERIOD)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertTrue(response.content.startswith(b"\x89PNG\r\n\x1a\n"))
        image = Image.open(io.BytesIO(response.content))
        # 6 months × 2 series: 28 + 6 × 38 + 4 units high, 630 wide.
        self.assertEqual(image.size, (630 * PNG_SCALE, 260 * PNG_SCALE))
        # Not blank: the bars are drawn in their colours.
        self.assertIn((11, 83, 148), {colour for _n, colour in image.getcolors(100000)})

    def test_unknown_charts_and_formats_are_404_and_bad_dates_400(self):
        self.assertEqual(self.client.get(url("no-such-chart", "csv")).status_code, 404)
        self.assertEqual(self.client.get(url("meetings-held", "pdf")).status_code, 404)
        response = self.client.get(url("meetings-held", "csv"), {"start": "2025-02-30"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Wpisz poprawną datę.", status_code=400)

    def test_no_registrant_appears_in_any_file(self):
        for chart in ("registrations", "organisations-attending", "attendance-rate"):
            for extension in ("csv", "svg"):
                body = self.client.get(url(chart, extension), PERIOD).content.decode("utf-8")
                for personal in PEOPLE:
                    self.assertNotIn(personal, body)
