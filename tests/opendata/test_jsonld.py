"""schema.org JSON-LD on meeting and organisation pages: public data only, for everybody."""

from __future__ import annotations

import json
import re

from django.urls import reverse

from tests.base import BaseTestCase
from tests.contacts.base import EMAIL, NAME, PHONE_FORMS, add_contact
from tests.meetings.factories import make_event
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Location, Organisation

SITE = "http://127.0.0.1:8000"


def json_ld(response) -> list[dict]:
    html = response.content.decode()
    return [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


class EventJsonLdTestCase(BaseTestCase):
    def test_an_in_person_meeting_with_open_registration(self):
        event = make_event(self.org, venue_address="Rynek 1, Wrocław", languages=["pl", "uk"],
                           description={"pl": "Opis </script><b>spotkania</b>"})
        [document] = json_ld(self.client.get(event.get_absolute_url()))
        self.assertEqual(document["@context"], "https://schema.org")
        self.assertEqual(document["@type"], "Event")
        self.assertEqual(document["name"], event.title_text)
        self.assertEqual(document["startDate"], event.local_start.isoformat())
        self.assertEqual(document["eventAttendanceMode"],
                         "https://schema.org/OfflineEventAttendanceMode")
        self.assertEqual(document["eventStatus"], "https://schema.org/EventScheduled")
        self.assertEqual(document["location"], [{
            "@type": "Place", "name": "Sala na Rynku", "address": "Rynek 1, Wrocław"}])
        self.assertEqual(document["organizer"], [{
            "@type": "NGO", "name": "Fundacja Testowa",
            "url": f"{SITE}/organisations/fundacja-testowa/"}])
        self.assertEqual(document["offers"]["url"],
                         SITE + reverse("meetings:register", args=[event.slug]))
        self.assertEqual(document["inLanguage"], ["pl", "uk"])
        # The text cannot end the data block early.
        self.assertEqual(document["description"], "Opis </script><b>spotkania</b>")

    def test_an_online_meeting_never_shows_its_call_link(self):
        event = make_event(self.org, format=Event.Format.ONLINE, venue_name="",
                           online_link="https://meet.example.org/secret-room")
        for who in [None, self.alice, self.staff]:
            self.client.logout()
            if who:
                self.login(who)
            response = self.client.get(event.get_absolute_url())
            [document] = json_ld(response)
            self.assertEqual(document["eventAttendanceMode"],
                             "https://schema.org/OnlineEventAttendanceMode")
            self.assertEqual(document["location"], [
                {"@type": "VirtualLocation", "url": SITE + event.get_absolute_url()}])
            self.assertNotIn("secret-room", json.dumps(document))

    def test_a_cancelled_meeting_says_so_and_a_draft_has_none(self):
        cancelled = make_event(self.org, status=Event.Status.CANCELLED)
        [document] = json_ld(self.client.get(cancelled.get_absolute_url()))
        self.assertEqual(document["eventStatus"], "https://schema.org/EventCancelled")
        self.assertNotIn("offers", document)
        draft = make_event(self.org, status=Event.Status.DRAFT)
        self.login(self.alice)  # its organiser sees the page, the public does not
        response = self.client.get(draft.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json_ld(response), [])


class OrganisationJsonLdTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org.email = "biuro@fundacja.example.org"
        cls.org.website = "https://fundacja.example.org"
        cls.org.save()
        Location.objects.create(organisation=cls.org, street_address="ul. Roosevelta 5",
                                postal_code="50-236")
        # Name and role public, e-mail for members, phone for staff (the defaults).
        add_contact(cls.alice, cls.org)
        # Everything hidden from the public.
        add_contact(cls.alice, cls.org, name="Ukryta Osoba", email="ukryta@example.org",
                    name_visibility="members", role_visibility="staff")

    def test_public_details_and_public_contact_fields_only_whoever_looks(self):
        url = reverse("organisations:detail", args=[self.org.slug])
        for who in [None, self.bob, self.alice, self.staff]:
            with self.subTest(who=who):
                self.client.logout()
                if who:
                    self.login(who)
                [document] = json_ld(self.client.get(url))
                self.assertEqual(document["@type"], "NGO")
                self.assertEqual(document["name"], "Fundacja Testowa")
                self.assertEqual(document["url"], f"{SITE}{url}")
                self.assertEqual(document["email"], "biuro@fundacja.example.org")
                self.assertEqual(document["sameAs"], ["https://fundacja.example.org"])
                self.assertEqual(document["address"], [{
                    "@type": "PostalAddress", "streetAddress": "ul. Roosevelta 5",
                    "postalCode": "50-236", "addressLocality": "Wrocław",
                    "addressCountry": "PL"}])
                self.assertEqual(document["contactPoint"], [{
                    "@type": "ContactPoint", "name": NAME,
                    "contactType": "Koordynacja zapisów do szkół",
                    "availableLanguage": ["pl", "uk"]}])
                text = json.dumps(document, ensure_ascii=False)
                for hidden in [EMAIL, "Ukryta Osoba", "ukryta@example.org", *PHONE_FORMS]:
                    self.assertNotIn(hidden, text)

    def test_an_organisation_waiting_for_approval_has_none(self):
        pending = Organisation.objects.create(name="Grupa Oczekująca", slug="grupa-oczekujaca",
                                              kind=Organisation.Kind.INFORMAL_GROUP)
        pending.memberships.create(user=self.bob, role="admin")
        self.login(self.bob)
        response = self.client.get(reverse("organisations:detail", args=[pending.slug]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json_ld(response), [])
