"""/api/services/: public reading, writing for organisation admins and staff."""

from __future__ import annotations

import json

from django.test import Client

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.accounts import services as account_services
from wspolnie.core.models import AuditEntry
from wspolnie.organisations.models import Organisation
from wspolnie.services.models import Service

from .helpers import make_service, make_vocabulary


class ApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.api_client = Client(enforce_csrf_checks=True)

    def token_for(self, user) -> str:
        return account_services.do_create_api_token(user, "test")[1]

    def send(self, method: str, url: str, body=None, user=None):
        headers = {"Authorization": f"Bearer {self.token_for(user)}"} if user else {}
        data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
        return getattr(self.api_client, method)(
            url, data, content_type="application/json", headers=headers
        )


class ServiceReadApiTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.legal = make_service(
            self.org, "Porady prawne", topics=[self.legal], languages=[self.pl, self.ka],
            communities=[self.georgian], locations=[self.office],
        )
        self.course = make_service(
            self.other_org, "Kurs", cost="paid", fees_description={"pl": "50 zł"},
            languages=[self.uk],
        )
        self.inactive = make_service(self.org, "Wstrzymana", status="inactive")

    def test_the_list_is_public(self):
        response = self.client.get("/api/services/")
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertEqual(doc["count"], 2)
        item = next(i for i in doc["items"] if i["id"] == self.legal.pk)
        self.assertEqual(item["organisation"], self.org.slug)
        self.assertEqual(item["name"], {"pl": "Porady prawne"})
        self.assertEqual(item["cost"], "free")
        self.assertEqual(item["status"], "active")
        self.assertEqual(sorted(item["languages"]), ["ka", "pl"])
        self.assertEqual(item["topics"], ["legal-aid"])
        self.assertEqual(item["communities"], ["georgian"])
        self.assertEqual(item["locations"][0]["street_address"], "ul. Testowa 1")
        self.assertEqual(item["html_url"], f"/services/{self.legal.pk}/")
        self.assertIn("last_modified", item)

    def test_a_service_is_listed_once_whatever_the_filters(self):
        # The list has no DISTINCT (issue #15): a service with several languages, filtered by
        # one of them and its topic, is one item, counted once; members see theirs once too.
        for user in (None, self.alice, self.staff):
            if user:
                self.client.force_login(user)
            for query in ({}, {"language": "ka"}, {"language": "pl", "topic": "legal-aid",
                                                   "community": "georgian"}):
                doc = self.client.get("/api/services/", query).json()
                ids = [item["id"] for item in doc["items"]]
                self.assertEqual(len(ids), len(set(ids)), (user, query))
                self.assertEqual(doc["count"], len(ids), (user, query))
                self.assertIn(self.legal.pk, ids)

    def test_filters(self):
        cases = [
            ({"topic": "legal-aid"}, [self.legal.pk]),
            ({"community": "georgian"}, [self.legal.pk]),
            ({"language": "uk"}, [self.course.pk]),
            ({"free": "true"}, [self.legal.pk]),
            ({"free": "false"}, [self.course.pk]),
            ({"organisation": self.other_org.slug}, [self.course.pk]),
            ({"topic": "no-such-topic"}, []),
        ]
        for query, expected in cases:
            doc = self.client.get("/api/services/", query).json()
            self.assertEqual([item["id"] for item in doc["items"]], expected, query)

    def test_a_bad_filter_value_is_422(self):
        for query in ({"free": "maybe"}, {"page": "abc"}):
            response = self.client.get("/api/services/", query)
            self.assertEqual(response.status_code, 422, query)
            self.assertIn("detail", response.json())

    def test_one_service(self):
        response = self.client.get(f"/api/services/{self.legal.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["name"], {"pl": "Porady prawne"})

    def test_inactive_and_unknown_services_are_404_json(self):
        for pk in (self.inactive.pk, 999999):
            response = self.client.get(f"/api/services/{pk}")
            self.assertEqual(response.status_code, 404)
            self.assertEqual(response.json(), {"detail": tr("pl", "Not found.")})

    def test_a_non_numeric_id_is_not_a_server_error(self):
        response = self.client.get("/api/services/abc")
        self.assertLess(response.status_code, 500)
        self.assertIn("detail", response.json())

    def test_services_of_pending_organisations_are_hidden(self):
        Organisation.objects.filter(pk=self.org.pk).update(status="pending")
        doc = self.client.get("/api/services/").json()
        self.assertEqual([item["id"] for item in doc["items"]], [self.course.pk])


class ServiceCreateApiTestCase(ApiTestCase):
    url = "/api/services/"

    def body(self, **overrides) -> dict:
        body = {
            "organisation": self.org.slug,
            "name": {"pl": "Porady prawne", "uk": "Юридичні консультації"},
            "description": {"pl": "Raz w tygodniu."},
            "languages": ["pl", "ka"],
            "topics": ["legal-aid"],
            "communities": ["georgian"],
            "locations": [self.office.pk],
            "cost": "paid",
            "fees_description": {"pl": "20 zł"},
            "url": "https://example.org/porady",
        }
        body.update(overrides)
        return body

    def assert_nothing_created(self) -> None:
        self.assertFalse(Service.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action="service.created").exists())

    def test_org_admin_creates(self):
        response = self.send("post", self.url, self.body(), self.alice)
        self.assertEqual(response.status_code, 201)
        doc = response.json()
        service = Service.objects.get()
        self.assertEqual(doc["id"], service.pk)
        self.assertEqual(doc["name"]["uk"], "Юридичні консультації")
        self.assertEqual(sorted(doc["languages"]), ["ka", "pl"])
        self.assertEqual(service.organisation, self.org)
        self.assertEqual(AuditEntry.objects.get(action="service.created").actor, self.alice)

    def test_staff_creates(self):
        response = self.send("post", self.url, self.body(), self.staff)
        self.assertEqual(response.status_code, 201)

    def test_it_requires_authentication(self):
        response = self.send("post", self.url, self.body())
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())
        self.assert_nothing_created()

    def test_it_rejects_members(self):
        response = self.send("post", self.url, self.body(), self.bob)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            response.json(),
            {"detail": tr("pl", "Only this organisation's admins and staff may manage its "
                                "services.")},
        )
        self.assert_nothing_created()

    def test_it_rejects_other_orgs_admin(self):
        response = self.send("post", self.url, self.body(), self.charlie)
        self.assertEqual(response.status_code, 403)
        self.assert_nothing_created()

    def assert_422(self, body, field: str | None = None) -> None:
        response = self.send("post", self.url, body, self.alice)
        self.assertEqual(response.status_code, 422, body)
        doc = response.json()
        self.assertEqual(doc["detail"], tr("pl", "The request is not valid."))
        if field:
            self.assertIn(field, doc["errors"], doc)
        self.assert_nothing_created()

    def test_an_empty_multilingual_name_is_422(self):
        self.assert_422(self.body(name={}), "name")
        self.assert_422(self.body(name={"pl": "  "}), "name")

    def test_a_location_of_another_organisation_is_422(self):
        self.assert_422(self.body(locations=[self.other_office.pk]), "locations")
        self.assert_422(self.body(locations=[999999]), "locations")

    def test_a_bad_language_is_422(self):
        self.assert_422(self.body(languages=["pl", "not-a-language"]), "languages")
        self.assert_422(self.body(name={"xx-nonsense": "X"}), "name")

    def test_unknown_vocabulary_is_422(self):
        self.assert_422(self.body(topics=["no-such-topic"]), "topics")
        self.assert_422(self.body(communities=["atlantean"]), "communities")

    def test_an_unknown_organisation_is_422(self):
        self.assert_422(self.body(organisation="no-such-org"), "organisation")

    def test_bad_values_are_422(self):
        self.assert_422(self.body(cost="cheap"))
        self.assert_422(self.body(status="defunct"))
        self.assert_422(self.body(url="not a url"), "url")
        self.assert_422(self.body(email="nobody"), "email")
        self.assert_422(self.body(cost="paid", fees_description={}), "fees_description")

    def test_wrong_shapes_are_422(self):
        for body in ([], "null", {"organisation": self.org.slug}, self.body(name="Porady"),
                     self.body(name={"pl": 5}), self.body(languages="pl")):
            self.assert_422(json.dumps(body) if body == "null" else body)

    def test_malformed_json_is_a_client_error(self):
        response = self.send("post", self.url, "{not json", self.alice)
        self.assertIn(response.status_code, (400, 422))
        self.assertIn("detail", response.json())
        self.assert_nothing_created()


class ServiceChangeApiTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.service = make_service(self.org, "Porady prawne", languages=[self.pl])
        self.url = f"/api/services/{self.service.pk}"

    def test_org_admin_updates(self):
        response = self.send(
            "patch", self.url, {"name": {"pl": "Porady", "en": "Advice"}, "languages": ["uk"],
                                "status": "inactive"}, self.alice,
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "inactive")
        self.service.refresh_from_db()
        self.assertEqual(self.service.name, {"pl": "Porady", "en": "Advice"})
        self.assertEqual([lang.code for lang in self.service.languages.all()], ["uk"])
        entry = AuditEntry.objects.get(action="service.updated")
        self.assertEqual(entry.actor, self.alice)

    def test_an_empty_patch_changes_nothing(self):
        response = self.send("patch", self.url, {}, self.staff)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AuditEntry.objects.filter(action="service.updated").exists())

    def test_it_requires_authentication(self):
        self.assertEqual(self.send("patch", self.url, {"name": {"pl": "X"}}).status_code, 401)
        self.assertEqual(self.send("delete", self.url).status_code, 401)

    def test_it_rejects_members_and_other_orgs_admins(self):
        for user in (self.bob, self.charlie):
            response = self.send("patch", self.url, {"name": {"pl": "Przejęta"}}, user)
            self.assertEqual(response.status_code, 403)
            self.assertIn("detail", response.json())
            response = self.send("delete", self.url, None, user)
            self.assertEqual(response.status_code, 403)
        self.service.refresh_from_db()
        self.assertEqual(self.service.name, {"pl": "Porady prawne"})

    def test_bad_input_is_422(self):
        for body in ({"name": {}}, {"locations": [self.other_office.pk]},
                     {"languages": ["??"]}, {"status": "defunct"}, []):
            response = self.send("patch", self.url, body, self.alice)
            self.assertEqual(response.status_code, 422, body)
        self.service.refresh_from_db()
        self.assertEqual(self.service.name, {"pl": "Porady prawne"})

    def test_an_unknown_service_is_404(self):
        response = self.send("patch", "/api/services/999999", {"name": {"pl": "X"}}, self.staff)
        self.assertEqual(response.status_code, 404)
        response = self.send("delete", "/api/services/999999", None, self.staff)
        self.assertEqual(response.status_code, 404)
        self.assertIn("detail", response.json())

    def test_org_admin_deletes(self):
        response = self.send("delete", self.url, None, self.alice)
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Service.objects.exists())
        self.assertEqual(AuditEntry.objects.get(action="service.deleted").actor, self.alice)

    def test_the_session_needs_a_csrf_token(self):
        self.api_client.force_login(self.alice)
        response = self.api_client.delete(self.url)
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Service.objects.exists())
