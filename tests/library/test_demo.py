"""The demo library."""

from __future__ import annotations

import io

from django.test import TestCase

from wspolnie.core.demo import load_demo_data
from wspolnie.library.models import Entry


class DemoTestCase(TestCase):
    def test_the_demo_has_practices_and_tools_and_loads_twice(self):
        load_demo_data(io.StringIO())
        load_demo_data(io.StringIO())
        self.assertEqual(Entry.objects.count(), 6)
        self.assertEqual(set(Entry.objects.values_list("kind", flat=True)), {"practice", "tool"})
        leaders = Entry.objects.get(title__startswith="Docieranie przez liderów")
        self.assertGreater(leaders.users.count(), 1)
        response = self.client.get("/library/?kind=practice")
        self.assertContains(response, "Docieranie przez liderów")
