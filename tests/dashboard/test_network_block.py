"""The network block: shown only with the network app's stored figures (not installed in this
branch, so the page leaves it out; its template is checked with figures as the app will give)."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.utils import timezone, translation

from wspolnie.dashboard.selectors import NetworkFigures, network_figures


class NetworkBlockTests(SimpleTestCase):
    def test_without_the_network_app_there_is_no_block(self):
        self.assertIsNone(network_figures())

    def test_the_block_shows_density_and_isolated_organisations(self):
        figures = NetworkFigures(
            computed_at=datetime.datetime(2026, 11, 2, 3, 0, tzinfo=datetime.UTC),
            organisations=40, ties=61, density=0.0782, isolated_count=3,
            isolated=[("Klub <Sąsiadów>", "/organisations/klub/"), ("Dom", "/organisations/dom/")],
        )
        with timezone.override("Europe/Warsaw"), translation.override("en"):
            html = render_to_string("dashboard/_network.html", {"network": figures})
        self.assertIn("<dd>0.078</dd>", html)
        self.assertIn('<a href="/organisations/klub/">Klub &lt;Sąsiadów&gt;</a>', html)
        self.assertIn('<time datetime="2026-11-02T04:00:00+01:00">', html)
        self.assertIn("The first 2 of 3.", html)
