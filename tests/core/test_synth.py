"""`wspolnie synth`: city-scale synthetic data, deterministic, refusing to run twice."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from wspolnie.channels.models import Channel
from wspolnie.contacts.models import ContactPerson
from wspolnie.core.synthetic import SLUG_PREFIX
from wspolnie.needs.models import NeedOffer
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
