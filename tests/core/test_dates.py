"""One date format per language: a date looks the same on every page, whichever of Django's
named formats a template asks for (docs/GLOSSARY.md)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import formats, translation

from tests.base import BaseTestCase
from wspolnie.accounts.models import ApiToken
from wspolnie.accounts.services import do_create_api_token
from wspolnie.organisations.models import Organisation

# 16:30 UTC is 17:30 in Wrocław in winter.
WHEN = dt.datetime(2026, 12, 3, 16, 30, tzinfo=dt.UTC)
EXPECTED = {
    "pl": ("3 grudnia 2026", "3 grudnia 2026, 17:30"),
    "uk": ("3 грудня 2026 р.", "3 грудня 2026 р., 17:30"),
    "en": ("3 December 2026", "3 December 2026, 17:30"),
}


class DatesTestCase(BaseTestCase):
    def test_every_named_format_gives_the_same_date(self):
        local = WHEN.astimezone(dt.timezone(dt.timedelta(hours=1)))
        for language, (date_text, datetime_text) in EXPECTED.items():
            with self.subTest(language=language), translation.override(language):
                for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT"):
                    self.assertEqual(formats.date_format(local, name), date_text, name)
                for name in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"):
                    self.assertEqual(formats.date_format(local, name), datetime_text, name)
                self.assertEqual(formats.time_format(local, "TIME_FORMAT"), "17:30")

    def test_pages_using_different_formats_show_the_same_text(self):
        # The profile's token table asks for SHORT_DATETIME_FORMAT, the organisation page for
        # DATETIME_FORMAT: a user sees one way of writing a date.
        token, _secret = do_create_api_token(self.alice, "Laptop")
        ApiToken.objects.filter(pk=token.pk).update(created=WHEN)
        Organisation.objects.filter(pk=self.org.pk).update(updated=WHEN)
        self.login(self.alice)
        for language, (_date_text, datetime_text) in EXPECTED.items():
            with self.subTest(language=language):
                profile = self.client.get(reverse("accounts:profile"),
                                          HTTP_ACCEPT_LANGUAGE=language)
                organisation = self.client.get(self.org.get_absolute_url(),
                                               HTTP_ACCEPT_LANGUAGE=language)
                self.assertContains(profile, datetime_text)
                self.assertContains(organisation, datetime_text)
