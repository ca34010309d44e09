"""The demo needs and offers load, and loading twice changes nothing."""

from __future__ import annotations

from io import StringIO

from django.test import TestCase

from wspolnie.core.demo import load_demo_data
from wspolnie.needs.models import NeedOffer


class NeedsDemoTestCase(TestCase):
    def test_it_loads_open_items_idempotently(self):
        load_demo_data(StringIO())
        items = list(NeedOffer.objects.all())
        self.assertGreaterEqual(len(items), 5)
        self.assertEqual(NeedOffer.objects.public().count(), len(items))
        cal = NeedOffer.objects.get(organisation__slug="siec-cal", category="interpreting")
        self.assertEqual({lang.code for lang in cal.languages.all()}, {"uk", "pl"})
        self.assertTrue(
            NeedOffer.objects.filter(organisation__slug="fundacja-umbrella", kind="offer",
                                     category="space").exists()
        )
        load_demo_data(StringIO())
        self.assertEqual(NeedOffer.objects.count(), len(items))
        for item in NeedOffer.objects.all():
            item.full_clean()
