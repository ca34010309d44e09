from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from django.test import SimpleTestCase
from PIL import Image

from wspolnie.lib.charts import PNG_SCALE, Chart, Series, bar_chart


class BarChartTests(SimpleTestCase):
    def chart(self, rows):
        return str(bar_chart("c", "Kanały", "Opis <wykresu>", [Series("Opublikowane"),
                                                              Series("Planowane")], rows))

    def test_it_is_an_accessible_image_with_the_numbers(self):
        svg = self.chart([("Ukraińska", [3, 1]), ("Gruzińska", [0, 2])])
        self.assertIn('role="img"', svg)
        self.assertIn('aria-labelledby="c-title c-desc"', svg)
        self.assertIn('<title id="c-title">Kanały</title>', svg)
        for number in ("3", "1", "0", "2"):
            self.assertIn(f">{number}</text>", svg)
        self.assertIn(">Ukraińska</text>", svg)
        self.assertIn(">Opublikowane</text>", svg)

    def test_bars_are_proportional(self):
        svg = self.chart([("A", [4, 2])])
        self.assertIn('width="380"', svg)  # the largest value fills the bar area
        self.assertIn('width="190"', svg)

    def test_labels_are_escaped_and_shortened(self):
        svg = self.chart([("<script>alert(1)</script>" + "x" * 40, [1, 0])])
        self.assertNotIn("<script>", svg)
        self.assertIn("&lt;script&gt;", svg)
        self.assertIn("…</text>", svg)
        self.assertIn("Opis &lt;wykresu&gt;", svg)

    def test_no_rows_and_zeros_do_not_break_it(self):
        self.assertIn("<svg", self.chart([]))
        self.assertIn('width="0"', self.chart([("A", [0, 0])]))


class ChartFilesTests(SimpleTestCase):
    def chart(self, rows, unit=""):
        return Chart("rate", "Frekwencja", "Opis", [Series("Obecni")], rows, unit=unit,
                     first_column="Miesiąc")

    def test_a_missing_value_is_a_dash_without_a_bar(self):
        svg = str(self.chart([("Styczeń", [None]), ("Luty", [50])], unit="%").svg())
        self.assertIn(">—</text>", svg)
        self.assertIn(">50%</text>", svg)
        self.assertIn('width="0"', svg)

    def test_the_svg_file_is_well_formed_xml(self):
        data = self.chart([("Гру́зія & <Polska>", [3])]).svg_file()
        root = ET.fromstring(data)  # noqa: S314 (our own output)
        self.assertEqual(root.find("{http://www.w3.org/2000/svg}desc").text, "Opis")

    def test_the_png_has_the_svgs_size_and_its_colours(self):
        chart = self.chart([("Ukraińska", [3]), ("Грузинська", [1])])
        image = Image.open(io.BytesIO(chart.png()))
        self.assertEqual(image.format, "PNG")
        self.assertEqual(image.size, (chart.width * PNG_SCALE, chart.height * PNG_SCALE))
        colours = {colour for _count, colour in image.getcolors(1_000_000)}
        self.assertIn((29, 107, 44), colours)  # the first series' green

    def test_the_dataset_has_a_header_and_empty_cells_for_missing_values(self):
        data = self.chart([("Styczeń", [None]), ("Luty", [50])]).dataset()
        self.assertEqual(data.headers, ["Miesiąc", "Obecni"])
        self.assertEqual(list(data), [("Styczeń", ""), ("Luty", 50)])
