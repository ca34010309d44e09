"""`wspolnie synth`: city-scale synthetic data, deterministic, refusing to run twice."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.test import TestCase

from wspolnie.boards.models import Board, Card
from wspolnie.channels.models import Channel
from wspolnie.contacts.models import ContactPerson
from wspolnie.core.synthetic import SLUG_PREFIX
from wspolnie.meetings.models import Event, Registration
from wspolnie.meetings.synth import EVENT_PREFIX
from wspolnie.needs.models import NeedOffer
from wspolnie.newsletter.models import Subscriber
from wspolnie.newsletter.synth import EMAIL_DOMAIN
from wspolnie.organisations.models import Organisation
from wspolnie.search.models import SearchEntry
from wspolnie.search.query import search
from wspolnie.services.models import Service


def synth(organisations: int, seed: int = 7) -> str:
    out = io.StringIO()
    call_command("synth", organisations=organisations, seed=seed, no_progress=True,
                 stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fingerprint() -> list:
    synthetic = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
    return [
        list(synthetic.values_list("slug", "name", "kind", "status", "short_description",
                                   "description")),
        [sorted(org.topics.values_list("slug", flat=True)) for org in synthetic],
        list(Service.objects.filter(organisation__in=synthetic)
             .order_by("organisation__slug", "name").values_list("name", "description")),
        list(ContactPerson.objects.filter(organisation__in=synthetic)
             .order_by("organisation__slug", "name").values_list("name", "role")),
        list(Event.objects.filter(slug__startswith=EVENT_PREFIX).order_by("slug")
             .values_list("slug", "title", "capacity", "status")),
        list(Registration.objects.filter(event__slug__startswith=EVENT_PREFIX)
             .order_by("event__slug", "email").values_list("email", "status", "language")),
        list(Card.objects.filter(board__organisation__in=synthetic)
             .order_by("position").values_list("text", "language", "tags", "column__title")),
        list(Subscriber.objects.filter(email__endswith=EMAIL_DOMAIN).order_by("email")
             .values_list("email", "languages", "status", "token")),
    ]


def remove_synthetic() -> None:
    Organisation.objects.filter(slug__startswith=SLUG_PREFIX).delete()


class SynthTests(TestCase):
    def test_makes_organisations_with_their_services_contacts_channels_and_needs(self):
        output = synth(12)
        organisations = Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
        self.assertEqual(organisations.count(), 12)
        self.assertIn("Search index built", output)
        for model in (Service, ContactPerson, Channel):
            self.assertGreaterEqual(
                model.objects.filter(organisation__in=organisations).count(), 12, model)
        self.assertTrue(NeedOffer.objects.filter(organisation__in=organisations).exists())
        self.assertTrue(organisations.filter(status=Organisation.Status.APPROVED).exists())
        # Every organisation has vocabularies and a place, as real profiles do.
        for organisation in organisations:
            self.assertTrue(organisation.topics.exists())
            self.assertTrue(organisation.languages.exists())
            self.assertTrue(organisation.locations.exists())

    def test_makes_meetings_with_registrations_boards_with_cards_and_subscribers(self):
        synth(10)
        organisations = Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
        events = Event.objects.filter(slug__startswith=EVENT_PREFIX)
        self.assertEqual(events.count(), 4)  # one for every 5 organisations, at least 4
        registrations = Registration.objects.filter(event__in=events)
        self.assertGreaterEqual(registrations.count(), 4 * 20)  # 20-80 each
        self.assertTrue(registrations.filter(status=Registration.Status.ATTENDED).exists())
        boards = Board.objects.filter(organisation__in=organisations)
        self.assertEqual(boards.count(), 2)  # one for every 5 organisations
        self.assertTrue(boards.filter(event__in=events).exists())
        cards = Card.objects.filter(board__in=boards)
        self.assertEqual(cards.count(), 100)  # 10 per organisation
        self.assertEqual(set(cards.values_list("language", flat=True)), {"pl", "uk", "en"})
        # Every card sits in a column of its own board.
        self.assertFalse(cards.exclude(column__board=models.F("board")).exists())
        subscribers = Subscriber.objects.filter(email__endswith=EMAIL_DOMAIN)
        self.assertEqual(subscribers.count(), 50)  # 5 per organisation
        self.assertTrue(subscribers.filter(status=Subscriber.Status.CONFIRMED).exists())
        self.assertTrue(subscribers.filter(topics__isnull=False).exists())
        # The cards of public boards are searchable, as the organisations are.
        self.assertTrue(SearchEntry.objects.filter(kind="card").exists())

    def test_texts_are_multilingual(self):
        synth(5)
        organisation = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).first()
        self.assertEqual(set(organisation.description), {"pl", "en", "uk"})
        every_text = " ".join(
            text for org in Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
            for text in org.description.values()
        )
        self.assertRegex(every_text, "[ąćęłńóśźż]")  # Polish with its letters
        self.assertRegex(every_text, "[а-яіїєґ]")  # Ukrainian in Cyrillic
        cards = " ".join(Card.objects.values_list("text", flat=True))
        self.assertRegex(cards, "[ąćęłńóśźż]")
        self.assertRegex(cards, "[а-яіїєґ]")
        event = Event.objects.filter(slug__startswith=EVENT_PREFIX).first()
        self.assertEqual(set(event.title), {"pl", "en", "uk"})

    def test_the_same_seed_makes_the_same_data(self):
        synth(6, seed=3)
        first = fingerprint()
        remove_synthetic()
        synth(6, seed=3)
        self.assertEqual(fingerprint(), first)
        remove_synthetic()
        synth(6, seed=4)
        self.assertNotEqual(fingerprint(), first)

    def test_the_synthetic_organisations_are_searchable(self):
        synth(8)
        approved = Organisation.objects.filter(
            slug__startswith=SLUG_PREFIX, status=Organisation.Status.APPROVED).first()
        self.assertTrue(SearchEntry.objects.filter(organisation_id=approved.pk).exists())
        found = search(approved.name)
        self.assertIn(approved.get_absolute_url(), [hit.url for hit in found.hits])

    def test_refuses_a_database_that_already_has_synthetic_data(self):
        synth(3)
        with self.assertRaisesMessage(CommandError, "already holds synthetic data"):
            synth(3)
        self.assertEqual(Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count(), 3)

    def test_refuses_a_size_out_of_range(self):
        with self.assertRaisesMessage(CommandError, "--organisations"):
            synth(0)
