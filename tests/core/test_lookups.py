"""Ids no database column can hold, in `in` queries (wspolnie.core.lookups)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from tests.base import BaseTestCase
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation

HUGE = 2**64 + 2  # past a signed 64-bit column: SQLite raised OverflowError, a 500


class IntegerInLookupTestCase(BaseTestCase):
    def test_values_out_of_range_match_nothing_and_the_rest_still_match(self):
        found = Organisation.objects.filter(pk__in=[HUGE, -HUGE, self.org.pk])
        self.assertEqual(list(found), [self.org])
        self.assertFalse(Organisation.objects.filter(pk__in=[HUGE]).exists())
        self.assertEqual(Organisation.objects.exclude(pk__in=[HUGE]).count(),
                         Organisation.objects.count())

    def test_a_multiple_choice_of_a_huge_id_is_an_invalid_choice(self):
        field = forms.ModelMultipleChoiceField(queryset=Organisation.objects.all())
        with self.assertRaises(forms.ValidationError) as caught:
            field.clean([str(HUGE)])
        self.assertEqual(caught.exception.code, "invalid_choice")
        self.assertEqual(list(field.clean([str(self.org.pk)])), [self.org])

    def test_the_new_meeting_form_shows_an_error_for_a_huge_organiser_id(self):
        """Found by the long form fuzz (tests/fuzz, 280 examples a form): a 500."""
        self.login(self.alice)
        starts = (timezone.localtime() + timedelta(days=20)).replace(
            hour=17, minute=0, second=0, microsecond=0)
        response = self.client.post("/meetings/organise/new/", {
            "title_pl": "Spotkanie sieci", "slug": "spotkanie-sieci", "venue_name": "Sala",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "languages": "pl", "format": "in_person", "timezone": "Europe/Warsaw",
            "reminder_hours": "24", "organisers": str(HUGE),
        })
        self.assertContains(response, 'id="id_organisers_error"', status_code=422)
        self.assertContains(response, "Spotkanie sieci", status_code=422)  # nothing lost
        self.assertFalse(Event.objects.filter(slug="spotkanie-sieci").exists())
