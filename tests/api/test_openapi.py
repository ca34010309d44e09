"""The OpenAPI document describes what the endpoints answer (tests/api/test_fuzz.py checks the
answers against it; these name the cases that were wrong)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from ninja import Router, Schema

from tests.base import BaseTestCase
from wspolnie.api.openapi import HonestNinjaAPI
from wspolnie.api.urls import api


class OpenApiDocumentTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = api.get_openapi_schema()
        cls.schemas = cls.document["components"]["schemas"]

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema or "allOf" in schema:
            if "allOf" in schema:
                schema = schema["allOf"][0]
            else:
                schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def property_of(self, schema: dict, name: str) -> dict:
        value = self.resolve(schema)["properties"][name]
        if "anyOf" in value:  # X | None
            value = next(item for item in value["anyOf"] if item.get("type") != "null")
        return self.resolve(value)

    def answer(self, path: str, method: str, status: int) -> dict:
        return self.document["paths"][path][method]["responses"][status]

    def json_schema(self, path: str, method: str, status: int) -> dict:
        return self.answer(path, method, status)["content"]["application/json"]["schema"]

    def test_a_channels_submission_how_is_an_object_by_language(self):
        channel = self.json_schema("/api/channels/{pk}", "get", 200)
        how = self.property_of(self.property_of(channel, "submission"), "how")
        self.assertEqual(how["type"], "object")
        self.assertEqual(how["additionalProperties"], {"type": "string"})

    def test_an_organisations_terms_have_a_slug_and_languages_a_code(self):
        organisation = self.json_schema("/api/organisations/{slug}", "get", 200)
        topic = self.resolve(self.property_of(organisation, "topics")["items"])
        self.assertEqual(set(topic["required"]), {"slug", "name"})
        language = self.resolve(self.property_of(organisation, "languages")["items"])
        self.assertIn("code", language["required"])

    def test_the_channel_gaps_have_a_key(self):
        reaching = self.json_schema("/api/channels/reaching", "get", 200)
        gaps = self.property_of(reaching, "gaps")
        term = self.resolve(self.property_of(gaps, "communities")["items"])
        self.assertEqual(set(term["required"]), {"key", "name"})

    def test_each_kind_lists_its_own_choices(self):
        need = self.json_schema("/api/needs/{pk}", "patch", 200)
        self.assertIn("kind", self.resolve(need)["properties"])
        self.assertEqual(set(self.schemas["NeedOfferKind"]["enum"]), {"need", "offer"})
        self.assertIn("ngo", self.schemas["OrganisationKind"]["enum"])
        self.assertNotIn("ngo", self.schemas["Kind"]["enum"])  # channels.models.Kind

    def test_errors_are_declared_with_their_json_schema(self):
        for status in (400, 401, 403, 404):
            with self.subTest(status=status):
                schema = self.resolve(self.json_schema("/api/services/{pk}", "patch", status))
                self.assertEqual(schema["required"], ["detail"])
        invalid = self.resolve(self.json_schema("/api/services/{pk}", "patch", 422))
        self.assertEqual(set(invalid["properties"]), {"detail", "errors"})

    def test_a_public_endpoint_declares_no_authentication_error(self):
        responses = self.document["paths"]["/api/meetings/series"]["get"]["responses"]
        self.assertNotIn(401, responses)
        self.assertIn(422, self.document["paths"]["/api/services/"]["get"]["responses"])

    def test_the_exports_declare_their_media_types(self):
        csv = self.answer("/api/imports/exports/services.csv", "get", 200)["content"]
        self.assertEqual(list(csv), ["text/csv"])
        xlsx = self.answer("/api/imports/exports/channels.xlsx", "get", 200)["content"]
        self.assertEqual(
            list(xlsx), ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
        )
        hsds = self.json_schema("/api/imports/exports/hsds", "get", 200)
        self.assertIn("contents", hsds["properties"])

    def test_ids_and_pages_are_bounded(self):
        parameters = self.document["paths"]["/api/services/{pk}"]["get"]["parameters"]
        pk = next(p for p in parameters if p["name"] == "pk")["schema"]
        self.assertEqual((pk["minimum"], pk["maximum"]), (1, 2**63 - 1))
        parameters = self.document["paths"]["/api/needs/"]["get"]["parameters"]
        page = next(p for p in parameters if p["name"] == "page")["schema"]
        self.assertEqual(page["maximum"], 1_000_000)


def test_two_schemas_of_one_name_are_refused():
    first, second = Router(), Router()

    class ThingOut(Schema):
        key: str

    @first.get("/a", response=ThingOut)
    def a(request):
        return {"key": "a"}

    class ThingOut(Schema):  # noqa: F811 (the point: another class of the same name)
        slug: str

    @second.get("/b", response=ThingOut)
    def b(request):
        return {"slug": "b"}

    test_api = HonestNinjaAPI(urls_namespace="two-schemas")
    test_api.add_router("/first", first)
    test_api.add_router("/second", second)
    with pytest.raises(ImproperlyConfigured, match="ThingOut"):
        test_api.get_openapi_schema(path_prefix="")
