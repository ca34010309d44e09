"""The HSDS 3 export validates against the Open Referral schemas (local files, no network), has
only approved organisations, and contact data only as far as the requester may see it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from wspolnie.contacts.models import ContactPerson
from wspolnie.imports.hsds import hsds_document, hsds_id
from wspolnie.organisations.models import Location, Organisation
from wspolnie.services.models import Service

from .base import ImportTestCase
from .helpers import VALID_NIP

HSDS = Path("/work/shared/reference/hsds-3")
SCHEMAS = HSDS / "schema"


def load(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


def registry() -> Registry:
    """Every table schema under its file name: their "$ref"s ("contact.json") resolve to
    these files."""
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()),
                                           default_specification=DRAFT202012))
        for path in SCHEMAS.glob("*.json") if path.name != "openapi.json"
    ]
    return Registry().with_resources(resources)


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load(name), registry=REGISTRY, format_checker=FormatChecker())


def problems(validator_: Draft202012Validator, instance) -> list[str]:
    return [f"{list(error.absolute_path)}: {error.message}"
            for error in validator_.iter_errors(instance)]


REGISTRY = registry()
COMPILED = validator("compiled-organization.json")
ORGANIZATION = validator("organization.json")
SERVICE = validator("service.json")
LOCATION = validator("location.json")
CONTACT = validator("contact.json")


def page_validator() -> Draft202012Validator:
    page = load("openapi.json")["components"]["schemas"]["Page"]
    schema = {**page, "required": ["total_items", "contents"],
              "properties": {**page["properties"], "contents": {"type": "array"}}}
    return Draft202012Validator(schema)


class HsdsExportTestCase(ImportTestCase):
    def setUp(self) -> None:
        super().setUp()
        org = self.org
        org.description = {"pl": "Opis po polsku", "uk": "Опис українською"}
        org.nip, org.krs = VALID_NIP, "0000123456"
        org.email, org.website, org.phone = "biuro@example.org", "https://fundacja.example/", \
            "+48 71 123 45 67"
        org.founding_year = 2012
        org.save()
        org.languages.set(["pl", "uk"])
        from wspolnie.directory.models import Community, Topic

        org.topics.set(Topic.objects.filter(slug="education"))
        org.communities.set(Community.objects.filter(slug="georgian"))
        self.location = Location.objects.create(
            organisation=org, name="Biuro", street_address="ul. Jedności Narodowej 1",
            postal_code="50-001", latitude=Decimal("51.1"), longitude=Decimal("17.03"),
            opening_hours={"pl": "pn–pt 9–17", "uk": "пн–пт 9–17"},
            accessibility={"pl": "Wejście bez schodów"},
        )
        self.service = Service.objects.create(
            organisation=org, name={"pl": "Porady prawne", "uk": "Юридичні консультації"},
            description={"pl": "Bezpłatne porady."}, email="porady@example.org",
            url="https://porady.example/",
        )
        self.service.languages.set(["uk"])
        self.service.locations.set([self.location])
        self.inactive = Service.objects.create(
            organisation=org, name={"pl": "Zawieszona"}, status="inactive"
        )
        self.pending = Organisation.objects.create(
            name="Czekająca", slug="czekajaca", kind="ngo", status="pending",
            short_description={"pl": "Jeszcze nie zatwierdzona"},
        )
        Service.objects.create(organisation=self.pending, name={"pl": "Usługa czekającej"})
        self.contact = ContactPerson.objects.create(
            organisation=org, name="Olena Kowalenko", role={"pl": "Koordynatorka"},
            email="olena@example.org", phone="+48600100200",
            name_visibility="public", role_visibility="public",
            email_visibility="members", phone_visibility="staff",
        )
        self.hidden_contact = ContactPerson.objects.create(
            organisation=org, name="Ukryta Osoba", name_visibility="staff",
            role_visibility="staff", email="ukryta@example.org", email_visibility="staff",
        )

    def export(self, user=None, language="pl") -> dict:
        if user is None:
            self.client.logout()
        else:
            self.login(user)
        response = self.client.get(reverse("imports:export_hsds"),
                                   HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        return response.json()

    def organisation(self, doc: dict, org: Organisation) -> dict:
        return next(item for item in doc["contents"] if item["id"] == hsds_id("organisation",
                                                                                org.pk))

    def test_every_organisation_validates_against_the_compiled_schema(self):
        for user in (None, self.bob, self.alice, self.staff):
            doc = self.export(user)
            self.assertEqual(problems(page_validator(), doc), [])
            self.assertEqual(doc["total_items"], 2)
            for item in doc["contents"]:
                self.assertEqual(problems(COMPILED, item), [], item["name"])

    def test_the_parts_validate_against_the_table_schemas(self):
        item = self.organisation(self.export(self.staff), self.org)
        self.assertEqual(problems(ORGANIZATION, {k: v for k, v in item.items()
                                                 if k != "services"}), [])
        for service in item["services"]:
            self.assertEqual(problems(SERVICE, service), [])
        for location in item["locations"]:
            self.assertEqual(problems(LOCATION, location), [])
        for contact in item["contacts"]:
            self.assertEqual(problems(CONTACT, contact), [])

    def test_the_validator_does_catch_a_broken_record(self):
        broken = {"id": "not-a-uuid", "name": "X"}
        self.assertTrue(problems(COMPILED, broken))

    def test_only_approved_organisations_even_for_staff(self):
        for user in (None, self.staff):
            doc = self.export(user)
            names = {item["name"] for item in doc["contents"]}
            self.assertEqual(names, {"Fundacja Testowa", "Stowarzyszenie Inne"})
            self.assertNotIn("czekaj", json.dumps(doc, ensure_ascii=False).lower())

    def test_the_organisation_in_hsds_terms(self):
        item = self.organisation(self.export(), self.org)
        self.assertEqual(item["description"], "Opis po polsku")
        self.assertEqual(item["year_incorporated"], 2012)
        self.assertEqual(item["website"], "https://fundacja.example/")
        self.assertEqual(item["uri"].rsplit("/organisations/", 1)[1], "fundacja-testowa/")
        self.assertEqual(
            {(i["identifier_scheme"], i["identifier"]) for i in item["organization_identifiers"]},
            {("PL-NIP", VALID_NIP), ("PL-KRS", "0000123456")},
        )
        location = item["locations"][0]
        self.assertEqual(location["addresses"][0]["address_1"], "ul. Jedności Narodowej 1")
        self.assertEqual(location["addresses"][0]["country"], "PL")
        self.assertEqual(location["latitude"], 51.1)
        self.assertEqual({lang["code"] for lang in location["languages"]}, {"pl", "uk"})
        self.assertEqual(location["schedules"][0]["description"], "pn–pt 9–17")
        self.assertEqual({a["value"] for a in item["attributes"]}, {"education", "georgian"})

    def test_services_with_their_languages_and_places(self):
        item = self.organisation(self.export(), self.org)
        self.assertEqual([s["name"] for s in item["services"]], ["Porady prawne"])
        service = item["services"][0]
        self.assertEqual(service["status"], "active")
        self.assertEqual([lang["code"] for lang in service["languages"]], ["uk"])
        self.assertEqual(service["service_at_locations"][0]["location_id"],
                         item["locations"][0]["id"])

    def test_texts_are_in_the_requested_language(self):
        item = self.organisation(self.export(language="uk"), self.org)
        self.assertEqual(item["description"], "Опис українською")
        self.assertEqual(item["services"][0]["name"], "Юридичні консультації")
        location = item["locations"][0]
        self.assertEqual(location["schedules"][0]["description"], "пн–пт 9–17")
        # Not written in Ukrainian: the Polish text, as on the profile.
        self.assertEqual(location["accessibility"][0]["description"], "Wejście bez schodów")

    def test_without_a_description_the_short_one_in_the_language_asked(self):
        self.org.description = {}
        self.org.short_description = {"pl": "Krótko po polsku", "uk": "Коротко українською"}
        self.org.save()
        for language, text in (("uk", "Коротко українською"), ("pl", "Krótko po polsku"),
                               ("en", "Krótko po polsku")):
            item = self.organisation(self.export(language=language), self.org)
            self.assertEqual(item["description"], text)

    def test_members_see_their_inactive_services(self):
        names = [s["name"] for s in self.organisation(self.export(self.bob), self.org)["services"]]
        self.assertIn("Zawieszona", names)
        names = [s["name"] for s in
                 self.organisation(self.export(self.charlie), self.org)["services"]]
        self.assertNotIn("Zawieszona", names)

    def test_anonymous_export_has_only_public_contact_fields(self):
        doc = self.export()
        contacts = self.organisation(doc, self.org)["contacts"]
        self.assertEqual(contacts, [{
            "id": hsds_id("contact", self.contact.pk),
            "organization_id": hsds_id("organisation", self.org.pk),
            "name": "Olena Kowalenko",
            "title": "Koordynatorka",
        }])
        text = json.dumps(doc, ensure_ascii=False)
        for secret in ("olena@example.org", "600", "Ukryta", "ukryta@example.org"):
            self.assertNotIn(secret, text)

    def test_members_see_member_fields_but_not_staff_ones(self):
        for user in (self.bob, self.charlie):
            contacts = self.organisation(self.export(user), self.org)["contacts"]
            self.assertEqual([c.get("email") for c in contacts], ["olena@example.org"])
            self.assertNotIn("phones", contacts[0])

    def test_staff_and_the_organisations_admins_see_everything(self):
        for user in (self.staff, self.alice):
            contacts = self.organisation(self.export(user), self.org)["contacts"]
            self.assertEqual([c["name"] for c in contacts], ["Olena Kowalenko", "Ukryta Osoba"])
            self.assertEqual(contacts[0]["phones"][0]["number"], "+48 600 100 200")

    def test_the_document_is_stable(self):
        self.assertEqual(hsds_document(None, "pl"), hsds_document(None, "pl"))
