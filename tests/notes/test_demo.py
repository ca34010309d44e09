"""The demo note of the meeting of 11 October 2023."""

from __future__ import annotations

import io

from django.test import TestCase

from wspolnie.core.demo import load_demo_data
from wspolnie.notes.models import Note


class DemoTestCase(TestCase):
    def test_the_11_october_2023_meeting_has_its_note_in_three_languages(self):
        load_demo_data(io.StringIO())
        load_demo_data(io.StringIO())
        note = Note.objects.get()
        self.assertEqual(note.event.starts_at.date().isoformat(), "2023-10-11")
        self.assertEqual(note.version_languages(), ["pl", "en", "uk"])
        self.assertTrue(note.is_public)
        self.assertEqual(note.contacts.count(), 3)
        self.assertTrue(all(item["organisation"] for item in note.presentations))
        page = self.client.get(note.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "+44 20 7946 0103")  # a staff-only demo phone
        event_page = self.client.get(note.event.get_absolute_url())
        self.assertContains(event_page, note.get_absolute_url())
