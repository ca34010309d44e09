"""Text fields say their length limit and refuse longer text with a message, in every form.

Browsers cut text pasted into an input with `maxlength` at that length without a word, so the
inputs carry the limit as data-maxlength (for directory/limits.js) and the page says it."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from tests.base import BaseTestCase
from tests.meetings.factories import make_event
from wspolnie.announcements.models import Announcement
from wspolnie.meetings.models import Registration

HINT = {"pl": "Najwyżej 200 znaków.", "en": "At most 200 characters.",
        "uk": "Щонайбільше 200 символів."}


def input_tag(html: str, name: str) -> str:
    tags = re.findall(rf'<(?:input|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert tags, name
    return tags[0]


class LimitsShownTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org)

    def page(self, url: str, language: str = "pl") -> str:
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_no_input_lets_the_browser_cut_the_text(self):
        self.login(self.alice)
        pages = {
            reverse("announcements:create"): ["title", "other_languages"],
            reverse("meetings:register", kwargs={"slug": self.event.slug}):
                ["name", "organisation_name"],
            reverse("meetings:create"): ["title_pl", "venue_name"],
            reverse("organisations:edit", args=[self.org.slug]): ["name", "description_pl"],
            reverse("accounts:profile"): ["name"],
        }
        for url, names in pages.items():
            html = self.page(url)
            self.assertNotRegex(html, r"\smaxlength=", url)
            for name in names:
                self.assertRegex(input_tag(html, name), r'data-maxlength="\d+"', (url, name))

    def test_the_limit_is_said_under_the_label_in_each_language(self):
        url = reverse("meetings:register", kwargs={"slug": self.event.slug})
        for language in ("pl", "en", "uk"):
            html = self.page(url, language)
            # "Organisation" (200) — the name field has 150.
            self.assertIn(HINT[language], html, language)
            tag = input_tag(html, "organisation_name")
            self.assertIn('aria-describedby="id_organisation_name_helptext"', tag)
            help_text = re.search(
                r'id="id_organisation_name_helptext">(.*?)</(?:p|div)>', html
            ).group(1)
            self.assertIn(HINT[language], help_text)

    def test_the_announcement_form_says_the_limits_of_title_and_text(self):
        self.login(self.alice)
        html = self.page(reverse("announcements:create"), "en")
        self.assertIn("At most 200 characters.", html)
        self.assertIn("At most 20000 characters.", html)

    def test_multilingual_fields_say_the_limit_is_per_language(self):
        self.login(self.alice)
        html = self.page(reverse("organisations:edit", args=[self.org.slug]), "en")
        self.assertIn("At most 5000 characters in each language.", html)

    def test_texts_kept_without_a_model_limit_get_one(self):
        # A meeting's description, consent and accessibility notes, a place's opening hours.
        self.login(self.alice)
        html = self.page(reverse("meetings:create"), "en")
        self.assertIn("At most 20000 characters in each language.", html)
        self.assertIn("At most 2000 characters in each language.", html)
        self.assertRegex(input_tag(html, "accessibility_notes"), 'data-maxlength="2000"')
        html = self.page(reverse("organisations:locations", kwargs={"slug": self.org.slug}), "en")
        self.assertRegex(input_tag(html, "locations-0-opening_hours_pl"), 'data-maxlength="1000"')
        response = self.client.post(reverse("meetings:create"), {
            "title_pl": "Spotkanie", "format": "in_person", "timezone": "Europe/Warsaw",
            "starts_at": "2030-01-10T10:00", "ends_at": "2030-01-10T12:00",
            "accessibility_notes": "x" * 2001, "description_uk": "y" * 20001,
        }, HTTP_ACCEPT_LANGUAGE="en")
        errors = response.context["form"].errors
        self.assertIn("at most 2000 characters (it has 2001)", errors["accessibility_notes"][0])
        self.assertEqual(errors["description"],
                         ["Українська: at most 20000 characters, this text has 20001."])

    def test_an_email_address_or_a_search_box_gets_no_hint(self):
        html = self.page(reverse("newsletter:signup"), "en")
        self.assertNotIn("At most 254", html)
        self.assertNotRegex(html, r"\smaxlength=")
        html = self.page(reverse("search:search"), "en")
        self.assertNotIn("At most 500", html)


class TooLongTextIsRefusedTests(BaseTestCase):
    def test_a_too_long_announcement_title_is_refused_and_kept_in_the_form(self):
        self.login(self.alice)
        title = "Zapisy " + "x" * 9993
        response = self.client.post(reverse("announcements:create"), {
            "organisation": self.org.pk, "kind": "news", "source_language": "pl",
            "title": title, "body": "Tekst.",
        }, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Announcement.objects.exists())
        errors = response.context["form"].errors["title"]
        self.assertIn("at most 200 characters (it has 10000)", errors[0])
        self.assertIn(title, response.content.decode())

    def test_a_too_long_registration_name_is_refused_in_polish_and_ukrainian(self):
        event = make_event(self.org)
        url = reverse("meetings:register", kwargs={"slug": event.slug})
        for language, expected in (("pl", "co najwyżej 150"), ("uk", "не більше ніж 150")):
            response = self.client.post(url, {
                "name": "O" * 151, "email": "olena@example.org", "language": "uk",
                "organisation_name": "F" * 201,
            }, HTTP_ACCEPT_LANGUAGE=language)
            self.assertEqual(response.status_code, 422)
            form = response.context["form"]
            self.assertIn(expected, form.errors["name"][0])
            self.assertIn("organisation_name", form.errors)
        self.assertFalse(Registration.objects.exists())

    def test_a_text_too_long_in_one_language_names_that_language(self):
        self.login(self.alice)
        url = reverse("organisations:edit", args=[self.org.slug])
        data = {"name": self.org.name, "kind": self.org.kind,
                "short_description_pl": "Krótko.",
                "description_pl": "Opis.", "description_uk": "І" * 5001}
        response = self.client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        [message] = response.context["form"].errors["description"]
        with translation.override("en"):
            self.assertEqual(message, "Українська: at most 5000 characters, this text has 5001.")
        self.assertIn("Українська: at most 5000 characters", response.content.decode())
