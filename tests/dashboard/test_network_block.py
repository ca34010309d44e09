"""The network block: the network app's stored figures, never a computation of the graph."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.test import SimpleTestCase, TestCase
from django.utils import timezone, translation

from wspolnie.dashboard.selectors import NetworkFigures, network_figures
from wspolnie.network.models import GraphSnapshot, OrganisationMetrics
from wspolnie.organisations.models import Organisation


class NetworkBlockTests(SimpleTestCase):

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


class StoredNetworkTests(TestCase):
    def test_before_the_first_computation_there_is_no_block(self):
        self.assertIsNone(network_figures())

    def test_the_stored_computation_gives_density_and_the_isolated_organisations(self):
        lonely = Organisation.objects.create(name="Samotna Fundacja", slug="samotna",
                                             status=Organisation.Status.APPROVED)
        pending = Organisation.objects.create(name="Czekająca Grupa", slug="czekajaca",
                                              status=Organisation.Status.PENDING)
        now = timezone.now()
        GraphSnapshot.objects.create(computed_at=now, organisations=12, ties=20, density=0.303,
                                     isolated=2)
        for organisation in (lonely, pending):
            OrganisationMetrics.objects.create(organisation=organisation, is_isolated=True,
                                               computed_at=now)
        figures = network_figures()
        self.assertEqual((figures.organisations, figures.ties, figures.density),
                         (12, 20, 0.303))
        # Only approved organisations are named, even to staff on the dashboard.
        self.assertEqual(figures.isolated, [("Samotna Fundacja", "/organisations/samotna/")])
        self.assertEqual(figures.isolated_count, 1)
