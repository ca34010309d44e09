"""An in-person meeting's venue on a small map: only when the venue has coordinates and its
details are published; the organisers give the coordinates in the meeting's form; the API
tells them with the details."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation

from .factories import make_event

S, F = Event.Status, Event.Format
HERE = {"latitude": Decimal("51.119600"), "longitude": Decimal("17.001000")}


def venue_map(response) -> dict | None:
    found = re.search(
        r'<script id="venue-map-data" type="application/json">(.*?)</script>',
        response.content.decode(), re.S,
    )
    return json.loads(found.group(1)) if found else None


class EventMapTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.live = make_event(cls.org, slug="na-zywo", venue_name="Sektor 3",
                              venue_address="ul. Legnicka 65, Wrocław", **HERE)

    def test_an_in_person_meeting_shows_its_venue_on_a_map(self):
        response = self.client.get(self.live.get_absolute_url())
        [place] = venue_map(response)["places"]
        self.assertEqual((place["lat"], place["lng"]), (51.1196, 17.001))
        self.assertEqual(place["title"], "Sektor 3")
        self.assertEqual(place["address"], "ul. Legnicka 65, Wrocław")
        self.assertContains(response, "directory/map.js")
        # The text of the address stays on the page: the map's stand-in without script.
        self.assertContains(response, "Sektor 3, ul. Legnicka 65, Wrocław")

    def test_it_looks_the_same_for_every_persona(self):
        for user in (self.bob, self.alice, self.charlie, self.staff):
            self.login(user)
            self.assertIsNotNone(venue_map(self.client.get(self.live.get_absolute_url())))

    def test_no_map_without_coordinates_online_or_before_the_details_are_out(self):
        cases = {
            "no coordinates": make_event(self.org, slug="bez-wspolrzednych"),
            "online": make_event(self.org, slug="online", format=F.ONLINE, **HERE),
            "save the date": make_event(self.org, slug="zapisz-date", status=S.SAVE_THE_DATE,
                                        **HERE),
        }
        for case, event in cases.items():
            response = self.client.get(event.get_absolute_url())
            self.assertEqual(response.status_code, 200, case)
            self.assertIsNone(venue_map(response), case)
            self.assertNotContains(response, "directory/map.js")

    def test_a_hybrid_meeting_has_its_map(self):
        event = make_event(self.org, slug="hybryda", format=F.HYBRID, **HERE)
        self.assertIsNotNone(venue_map(self.client.get(event.get_absolute_url())))

    def test_a_draft_is_on_no_map(self):
        draft = make_event(self.org, slug="szkic", status=S.DRAFT, **HERE)
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 404)
        self.login(self.charlie)
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 404)
        self.login(self.alice)  # its organiser sees the page, not yet the details
        response = self.client.get(draft.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(venue_map(response))

    def test_no_map_for_a_meeting_of_an_unapproved_organisation_to_the_public(self):
        pending = Organisation.objects.create(name="Nowa", slug="nowa", kind="ngo")
        event = make_event(pending, slug="nowej", **HERE)
        self.assertEqual(self.client.get(event.get_absolute_url()).status_code, 404)

    @override_settings(MAP_TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    def test_the_page_lets_in_the_tile_server(self):
        policy = self.client.get(self.live.get_absolute_url())["Content-Security-Policy"]
        self.assertIn("img-src 'self' https://tile.openstreetmap.org", policy)
        online = make_event(self.org, slug="online-2", format=F.ONLINE)
        policy = self.client.get(online.get_absolute_url())["Content-Security-Policy"]
        # (django-csp writes the directives in set order: img-src may come last, with no ";")
        self.assertRegex(policy, r"img-src 'self'(;|$)")

    def test_the_api_gives_the_venues_position_with_the_details(self):
        data = self.client.get(f"/api/meetings/events/{self.live.slug}").json()
        self.assertEqual((data["latitude"], data["longitude"]), (51.1196, 17.001))
        event = make_event(self.org, slug="zapisz-date-api", status=S.SAVE_THE_DATE, **HERE)
        data = self.client.get(f"/api/meetings/events/{event.slug}").json()
        self.assertEqual((data["latitude"], data["longitude"]), (None, None))


class EventFormCoordinatesTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org, slug="forma")
        self.url = reverse("meetings:edit", kwargs={"slug": self.event.slug})

    def form_data(self, **values) -> dict:
        local = timezone.localtime(self.event.starts_at, self.event.zone)
        return {
            "title_pl": "Spotkanie", "format": F.IN_PERSON, "venue_name": "Sektor 3",
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "timezone": "Europe/Warsaw", "waitlist": "on", "reminder_hours": "24", **values,
        }

    def test_the_organisers_give_the_coordinates(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(latitude="51.1196",
                                                             longitude="17.001"))
        self.assertEqual(response.status_code, 302)
        self.event.refresh_from_db()
        self.assertEqual((self.event.latitude, self.event.longitude), tuple(HERE.values()))

    def test_only_one_coordinate_or_one_off_the_earth_is_refused(self):
        self.login(self.alice)
        for language in ("pl", "en", "uk"):
            response = self.client.post(self.url, self.form_data(latitude="51.1196"),
                                        HTTP_ACCEPT_LANGUAGE=language)
            message = html_tr(language, "Give both the latitude and the longitude, or neither.")
            self.assertContains(response, message, status_code=422)
        response = self.client.post(self.url, self.form_data(latitude="95", longitude="17"))
        self.assertEqual(response.status_code, 422)
        self.event.refresh_from_db()
        self.assertIsNone(self.event.latitude)

    def test_other_organisations_admins_cannot_move_the_venue(self):
        self.login(self.charlie)
        response = self.client.post(self.url, self.form_data(latitude="51.1", longitude="17.0"))
        self.assertEqual(response.status_code, 403)
        self.event.refresh_from_db()
        self.assertIsNone(self.event.latitude)
