"""The directory's map view (?view=map): markers and an address list of the public
organisations' located places, the same facets as the list, district labels that pick the
district facet, and a Content-Security-Policy that lets in the tile server and nothing else."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.test import override_settings
from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr, tr
from wspolnie.directory.models import District, Topic
from wspolnie.organisations.models import Location, Organisation


def map_json(response) -> dict:
    found = re.search(
        r'<script id="directory-map-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "no map data on the page"
    return json.loads(found.group(1))


def img_sources(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directive = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    return directive.split()[1:]


class DirectoryMapTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.nadodrze = District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
        cls.krzyki = District.objects.create(slug="krzyki", names={"pl": "Krzyki"})
        cls.culture = Topic.objects.create(slug="culture", names={"pl": "Kultura"})
        cls.org.districts.set([cls.nadodrze])
        cls.org.topics.set([cls.culture])
        cls.other_org.districts.set([cls.krzyki])
        cls.club = Location.objects.create(
            organisation=cls.org, name="Klub na Nadodrzu", street_address="ul. Roosevelta 5",
            postal_code="50-236", district=cls.nadodrze,
            latitude=Decimal("51.120000"), longitude=Decimal("17.030000"),
        )
        cls.office = Location.objects.create(
            organisation=cls.other_org, name="Biuro", street_address="ul. Powstańców Śląskich 95",
            district=cls.krzyki, latitude=Decimal("51.088600"), longitude=Decimal("17.013900"),
        )
        # A place with no coordinates: in the count of organisations off the map, no marker.
        Location.objects.create(organisation=cls.org, name="Magazyn", street_address="ul. Bez 1")
        cls.pending = Organisation.objects.create(
            name="Grupa Oczekująca", slug="grupa-oczekujaca", kind=Organisation.Kind.INFORMAL_GROUP,
            status=Organisation.Status.PENDING,
        )
        cls.pending.districts.set([cls.nadodrze])
        Location.objects.create(
            organisation=cls.pending, name="Tajny adres", street_address="ul. Ukryta 7",
            district=cls.nadodrze, latitude=Decimal("51.121000"), longitude=Decimal("17.031000"),
        )
        cls.url = reverse("organisations:list")

    def get_map(self, **params):
        return self.client.get(self.url, {"view": "map", **params})

    def test_it_shows_the_public_places_as_markers_and_addresses(self):
        response = self.get_map()
        self.assertEqual(response.status_code, 200)
        titles = sorted(place["title"] for place in map_json(response)["places"])
        self.assertEqual(titles, [self.org.name, self.other_org.name])
        self.assertContains(response, "ul. Roosevelta 5, 50-236 Wrocław")
        self.assertContains(response, "Klub na Nadodrzu")
        self.assertContains(response, html_tr("pl", "Addresses"))
        # The map is drawn by the page's script, with its own style sheet; hidden without it.
        self.assertContains(response, "directory/map.js")
        self.assertContains(response, "directory/vendor/leaflet/leaflet.js")
        self.assertContains(response, 'data-map="directory-map-data"')

    def test_it_keeps_unapproved_organisations_off_the_map_for_every_persona(self):
        for user in (None, self.bob, self.alice, self.charlie, self.staff):
            if user is not None:
                self.login(user)
            response = self.get_map()
            self.assertNotContains(response, "Tajny adres")
            self.assertNotContains(response, "ul. Ukryta 7")
            self.assertNotContains(response, self.pending.name)
            self.assertEqual(len(map_json(response)["places"]), 2)

    def test_the_facets_filter_the_map(self):
        response = self.get_map(topic="culture")
        self.assertEqual([p["title"] for p in map_json(response)["places"]], [self.org.name])
        self.assertNotContains(response, "Biuro")

        response = self.get_map(district="krzyki")
        self.assertEqual([p["title"] for p in map_json(response)["places"]],
                         [self.other_org.name])

    def test_the_facet_links_stay_on_the_map(self):
        response = self.get_map(topic="culture")
        self.assertContains(response, "?topic=culture&amp;view=map")
        self.assertContains(response, "?topic=culture&amp;district=nadodrze&amp;view=map")

    def test_a_district_label_at_the_mean_of_its_places_picks_the_district_facet(self):
        areas = {area["label"]: area for area in map_json(self.get_map())["areas"]}
        self.assertEqual(set(areas), {"Nadodrze", "Krzyki"})
        self.assertEqual((areas["Krzyki"]["lat"], areas["Krzyki"]["lng"]), (51.0886, 17.0139))
        self.assertEqual(areas["Krzyki"]["url"], "?district=krzyki&view=map")
        self.assertEqual(areas["Krzyki"]["count"], 1)
        self.assertFalse(areas["Krzyki"]["selected"])
        # The pending organisation's place does not move the label.
        self.assertEqual((areas["Nadodrze"]["lat"], areas["Nadodrze"]["lng"]), (51.12, 17.03))

        chosen = {
            area["label"]: area for area in map_json(self.get_map(district="krzyki"))["areas"]
        }
        self.assertTrue(chosen["Krzyki"]["selected"])
        self.assertEqual(chosen["Krzyki"]["url"], "?view=map")  # a second click removes it

    def test_it_counts_the_organisations_that_have_no_place_on_the_map(self):
        Organisation.objects.create(name="Bez Adresu", slug="bez-adresu", kind="ngo",
                                    status=Organisation.Status.APPROVED)
        response = self.get_map()
        self.assertContains(response, html_tr("pl", "see the list"))
        self.assertContains(response, "?view=list")

    def test_the_view_switcher_offers_the_map_with_the_current_filters(self):
        response = self.client.get(self.url, {"topic": "culture"})
        self.assertContains(response, html_tr("pl", "Map"))
        self.assertContains(response, 'href="?topic=culture&amp;view=map"')
        self.assertNotContains(response, "directory-map-data")

    def test_it_says_so_when_nothing_matches(self):
        response = self.get_map(q="nieistniejącetakiegonie")
        self.assertEqual(map_json(response)["places"], [])
        self.assertContains(response, html_tr("pl", "No organisation matches these filters."))

    def test_without_a_tile_server_the_map_has_no_tile_layer(self):
        # tests/settings.py: MAP_TILE_URL is empty.
        response = self.get_map()
        data = map_json(response)
        self.assertEqual(data["tiles"], "")
        self.assertEqual(data["attribution"], "")
        self.assertEqual(img_sources(response), ["'self'"])

    @override_settings(MAP_TILE_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    def test_the_tile_server_is_let_in_by_the_map_page_only(self):
        response = self.get_map()
        self.assertEqual(map_json(response)["tiles"],
                         "https://{s}.tiles.example.org/{z}/{x}/{y}.png")
        self.assertEqual(img_sources(response), ["'self'", "https://*.tiles.example.org"])
        self.assertEqual(img_sources(self.client.get(self.url)), ["'self'"])

    def test_it_speaks_english_and_ukrainian(self):
        for language in ("en", "uk"):
            response = self.client.get(self.url, {"view": "map"}, HTTP_ACCEPT_LANGUAGE=language)
            self.assertContains(response, html_tr(language, "Addresses"))
            self.assertEqual(map_json(response)["texts"]["zoomIn"], tr(language, "Zoom in"))
