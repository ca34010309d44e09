"""The demo services load, and loading twice changes nothing."""

from __future__ import annotations

from io import StringIO

from django.test import TestCase

from wspolnie.core.demo import load_demo_data
from wspolnie.services.models import Service


class ServicesDemoTestCase(TestCase):
    def test_it_loads_realistic_services_idempotently(self):
        load_demo_data(StringIO())
        first = {(s.organisation.slug, s.name["pl"]) for s in Service.objects.all()}
        self.assertIn(("wromigrant", "Konsultacje w sprawie legalizacji pobytu"), first)
        self.assertIn(("nomada", "Poradnictwo antydyskryminacyjne"), first)
        wromigrant = Service.objects.get(name__pl="Konsultacje w sprawie legalizacji pobytu")
        self.assertEqual(
            {lang.code for lang in wromigrant.languages.all()}, {"pl", "uk", "en", "ru"}
        )
        self.assertTrue(Service.objects.filter(cost="paid").exists())
        self.assertTrue(Service.objects.filter(locations__isnull=False).exists())

        load_demo_data(StringIO())
        self.assertEqual(Service.objects.count(), len(first))
        for service in Service.objects.all():
            service.full_clean()
