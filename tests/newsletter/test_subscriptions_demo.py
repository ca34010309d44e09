"""The newsletter's part of the demo data."""

from __future__ import annotations

import io

from django.test import TestCase

from wspolnie.directory.demo import load as load_directory
from wspolnie.newsletter import demo, subscriptions
from wspolnie.newsletter.models import ConsentRecord, Subscriber


class DemoSubscribersTestCase(TestCase):
    def test_confirmed_example_org_subscribers_loaded_idempotently(self):
        load_directory(io.StringIO())
        demo.load(io.StringIO())
        demo.load(io.StringIO())
        subscribers = list(subscriptions.confirmed_subscribers())
        self.assertEqual(len(subscribers), len(demo.DEMO_SUBSCRIBERS))
        self.assertEqual(Subscriber.objects.count(), len(demo.DEMO_SUBSCRIBERS))
        self.assertTrue(all(s.email.endswith("@example.org") for s in subscribers))
        self.assertEqual({code for s in subscribers for code in s.languages}, {"pl", "en", "uk"})
        olena = Subscriber.objects.get(email="olena.k@example.org")
        self.assertEqual({t.slug for t in olena.topics.all()},
                         {"legal-aid", "work", "children-youth"})
        self.assertEqual(ConsentRecord.objects.filter(subscriber=olena).count(), 2)
