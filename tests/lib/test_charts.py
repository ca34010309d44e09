from __future__ import annotations

from django.test import SimpleTestCase

from wspolnie.lib.charts import Series, bar_chart


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
