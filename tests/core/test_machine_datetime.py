"""`machine_datetime`: the `<time datetime>` value, valid HTML (no microseconds), local offset."""

from __future__ import annotations

import datetime

from django.template import Context, Template
from django.test import SimpleTestCase, override_settings
from django.utils import timezone


def render(value) -> str:
    # A built-in: no {% load %} needed.
    return Template('<time datetime="{{ value|machine_datetime }}">').render(
        Context({"value": value})
    )


@override_settings(TIME_ZONE="Europe/Warsaw")
class MachineDatetimeTestCase(SimpleTestCase):
    def test_a_moment_is_written_in_whole_seconds_with_the_local_offset(self):
        moment = datetime.datetime(2026, 5, 14, 16, 0, 5, 123456, tzinfo=datetime.UTC)
        with timezone.override("Europe/Warsaw"):
            self.assertEqual(render(moment), '<time datetime="2026-05-14T18:00:05+02:00">')

    def test_a_day_is_written_as_a_date(self):
        self.assertEqual(render(datetime.date(2026, 5, 14)), '<time datetime="2026-05-14">')

    def test_nothing_is_written_as_nothing(self):
        self.assertEqual(render(None), '<time datetime="">')
