from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import translation

from tests.helpers import tr
from wspolnie.contacts.phones import display_phone, normalise_phone, validate_e164

from .base import INVALID, NOT_A_NUMBER


class NormalisePhoneTestCase(SimpleTestCase):
    def test_polish_numbers_without_country_code(self):
        for written in ("600 100 200", "600-100-200", "600100200", "(71) 799 00 00"):
            self.assertTrue(normalise_phone(written).startswith("+48"), written)
        self.assertEqual(normalise_phone("600 100 200"), "+48600100200")

    def test_numbers_with_country_code(self):
        self.assertEqual(normalise_phone("+48 71 123 45 67"), "+48711234567")
        self.assertEqual(normalise_phone("+380 44 123 4567"), "+380441234567")
        self.assertEqual(normalise_phone("0048 600 100 200"), "+48600100200")

    def test_empty_stays_empty(self):
        self.assertEqual(normalise_phone(""), "")
        self.assertEqual(normalise_phone("   "), "")

    def test_display_is_international(self):
        self.assertEqual(display_phone("+48711234567"), "+48 71 123 45 67")
        self.assertEqual(display_phone("+380441234567"), "+380 44 123 4567")
        self.assertEqual(display_phone(""), "")

    def assert_message(self, value: str, msgid: str, language: str) -> None:
        with translation.override(language):
            with self.assertRaises(ValidationError) as caught:
                normalise_phone(value)
            self.assertEqual(caught.exception.messages, [tr(language, msgid) % {"value": value}])

    def test_messages_in_polish_and_ukrainian(self):
        for language in ("pl", "uk", "en"):
            self.assert_message("abc", NOT_A_NUMBER, language)
            self.assert_message("12", INVALID, language)
            self.assert_message("+48 600 100 20", INVALID, language)
        # Really translated, not the English text:
        self.assertIn("numer", tr("pl", INVALID))
        self.assertIn("номер", tr("uk", INVALID))
        self.assertIn("номер", tr("uk", NOT_A_NUMBER))

    def test_the_model_validator_wants_e164(self):
        validate_e164("+48711234567")
        validate_e164("")
        for value in ("600100200", "+48 71 123 45 67", "+4860010020"):
            with self.assertRaises(ValidationError):
                validate_e164(value)
