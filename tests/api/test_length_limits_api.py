"""Too-long text through the API, the services and imports: refused with the field and the
limit (422 JSON keeping the {"detail", "errors"} shape, a row error), never cut or stored."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tests.announcements.factories import make_announcement
from tests.base import BaseTestCase
from tests.imports.helpers import csv_bytes, make_vocabularies, org_row
from tests.meetings.factories import make_event
from wspolnie.accounts import services as account_services
from wspolnie.imports.mappings import Options
from wspolnie.imports.parsing import read_table
from wspolnie.imports.services import check_table
from wspolnie.meetings.models import Registration
from wspolnie.newsletter import issues
from wspolnie.newsletter.models import Issue
from wspolnie.organisations.models import Organisation

TOO_LONG_NAME = {"pl": "name: najwyżej 150 znaków.", "en": "name: at most 150 characters.",
                 "uk": "name: щонайбільше 150 символів."}


class ApiLimitTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client = Client(enforce_csrf_checks=True)

    def token_for(self, user) -> dict:
        return {"Authorization": f"Bearer {account_services.do_create_api_token(user, 't')[1]}"}

    def send(self, method: str, url: str, body: dict, headers=None, language: str = "pl"):
        return getattr(self.client, method)(
            url, json.dumps(body), content_type="application/json", headers=headers or {},
            HTTP_ACCEPT_LANGUAGE=language,
        )

    def test_a_too_long_registration_name_is_a_422_naming_field_and_limit(self):
        event = make_event(self.org)
        url = f"/api/meetings/events/{event.slug}/registrations"
        for language, message in TOO_LONG_NAME.items():
            response = self.send("post", url, {"name": "O" * 151, "email": "o@example.org"},
                                 language=language)
            self.assertEqual(response.status_code, 422)
            doc = response.json()
            self.assertIn(message, doc["detail"])
            [error] = doc["errors"]
            self.assertEqual(error["loc"][-1], "name")
            self.assertEqual(error["ctx"], {"max_length": 150})
        self.assertFalse(Registration.objects.exists())

    def test_a_description_too_long_in_one_language_is_refused(self):
        url = f"/api/organisations/{self.org.slug}"
        response = self.send("patch", url, {"description": {"pl": "Opis", "uk": "І" * 5001}},
                             self.token_for(self.alice), language="en")
        self.assertEqual(response.status_code, 422)
        self.assertIn("description.uk: at most 5000 characters.", response.json()["detail"])
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).description, {})

    def test_a_too_long_newsletter_subject_is_refused(self):
        announcement = make_announcement(self.org, published=True)
        response = self.send("post", "/api/newsletter/issues", {
            "announcements": [announcement.pk], "subject": {"uk": "Н" * 201},
        }, self.token_for(self.staff), language="en")
        self.assertEqual(response.status_code, 422)
        self.assertIn("subject.uk: at most 200 characters.", response.json()["detail"])
        self.assertFalse(Issue.objects.exists())


class ServiceAndImportLimitTests(BaseTestCase):
    def test_the_newsletter_service_refuses_a_too_long_introduction(self):
        announcement = make_announcement(self.org, published=True)
        with self.assertRaises(ValidationError) as caught, translation.override("en"):
            issues.do_create_issue(self.staff, [announcement], intro={"en": "x" * 2001})
        with translation.override("en"):
            self.assertEqual(caught.exception.message_dict, {
                "intro": ["English: at most 2000 characters, this text has 2001."]})
        self.assertFalse(Issue.objects.exists())

    def test_an_announcement_link_address_too_long_is_refused_with_its_own_message(self):
        from wspolnie.announcements import services as announcement_services

        url = "https://example.org/" + "a" * 1990
        with self.assertRaises(ValidationError) as caught, translation.override("en"):
            announcement_services.clean_links([{"url": url, "label": "Zapisy"}])
        with translation.override("en"):
            self.assertEqual(caught.exception.messages, [
                "Link 1: the address may be at most 2000 characters long."])

    def test_the_account_services_refuse_a_too_long_name(self):
        from django.contrib.auth import get_user_model

        with self.assertRaises(ValidationError) as caught, translation.override("uk"):
            account_services.do_sign_up(email="olena@example.org", name="О" * 151,
                                        password="correct horse 42", preferred_language="uk")
        self.assertIn("150", caught.exception.message_dict["name"][0])
        self.assertFalse(get_user_model().objects.filter(email="olena@example.org").exists())
        with self.assertRaises(ValidationError):
            account_services.do_update_profile(self.bob, name="B" * 151, preferred_language="pl")
        self.bob.refresh_from_db()
        self.assertEqual(self.bob.name, "Bob Member")

    def test_an_imported_row_with_a_too_long_value_is_a_row_error_not_cut(self):
        make_vocabularies()
        rows = [org_row("za-dluga", name="N" * 201), org_row("opis", description_en="x" * 5001),
                org_row("dobra")]
        with translation.override("en"):
            report = check_table(self.staff, "organisations",
                                 read_table(csv_bytes(rows), "organisations.csv"), Options())
            errors = {(e["row"], e["column"]): str(e["message"]) for e in report.errors}
        self.assertEqual(report.invalid, 2, errors)
        self.assertIn("200", errors[(2, "name")])
        self.assertEqual(errors[(3, "description_en")],
                         "English: at most 5000 characters, this text has 5001.")
