"""The demo network shows the directory's features."""

from __future__ import annotations

import io
import shutil
import tempfile

from django.test import TestCase
from django.urls import reverse

from wspolnie.core.demo import load_demo_data
from wspolnie.directory.models import Topic
from wspolnie.organisations.models import Location, Organisation, OutdatedReport


class DirectoryDemoTestCase(TestCase):
    def setUp(self) -> None:
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        override = self.settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)

    def test_the_demo_fills_the_directory_and_is_idempotent(self):
        load_demo_data(io.StringIO())
        load_demo_data(io.StringIO())
        self.assertEqual(Topic.objects.filter(slug="education").count(), 1)

        example = Organisation.objects.get(slug="fundacja-przykladowa-demo")
        self.assertTrue(example.is_public)
        self.assertTrue(example.logo)
        example.full_clean()  # every field valid, registry numbers included
        self.assertEqual(Location.objects.filter(organisation=example).count(), 3)
        self.assertEqual(OutdatedReport.objects.count(), 1)

        pending = Organisation.objects.get(slug="grupa-sasiedzka-demo")
        self.assertEqual(pending.status, "pending")
        self.assertTrue(pending.memberships.filter(role="admin").exists())

        response = self.client.get(reverse("organisations:list"), {"topic": "legal-aid"})
        self.assertContains(response, "Fundacja Przykładowa (demo)")
        self.assertNotContains(response, "Grupa Sąsiedzka Przykład (demo)")
        # The map: the example's places in three districts, the pending group's place not.
        response = self.client.get(reverse("organisations:list"), {"view": "map"})
        self.assertContains(response, "Punkt porad (demo)")
        self.assertContains(response, "pl. Grunwaldzki 22")
        self.assertNotContains(response, "Świetlica osiedlowa (demo)")
        response = self.client.get(example.get_absolute_url())
        self.assertContains(response, "5260250274")
        self.assertContains(response, example.get_logo_url())
        response = self.client.get(example.get_logo_url())
        self.assertEqual(response.status_code, 200)
        b"".join(response.streaming_content)
