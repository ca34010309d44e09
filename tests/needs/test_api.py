"""/api/needs/: the board for scripts; posting, changing and closing for permitted users."""

from __future__ import annotations

import json

from django.test import Client
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.accounts import services as account_services
from wspolnie.core.models import AuditEntry
from wspolnie.needs.models import NeedOffer

from .helpers import days, make_item, make_vocabulary


class ApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.api_client = Client(enforce_csrf_checks=True)

    def send(self, method: str, url: str, body=None, user=None):
        headers = {}
        if user is not None:
            token = account_services.do_create_api_token(user, "test")[1]
            headers["Authorization"] = f"Bearer {token}"
        data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
        return getattr(self.api_client, method)(
            url, data, content_type="application/json", headers=headers
        )


class NeedsReadApiTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.need = make_item(
            self.org, "Tłumacze", languages=[self.uk], districts=[self.nadodrze]
        )
        self.offer = make_item(self.other_org, "Sala", kind="offer", category="space")
        self.expired = make_item(self.org, "Wygasłe", expires_on=days(-1))
        self.closed = make_item(self.org, "Zamknięte", closed_at=timezone.now())

    def ids(self, query=None) -> list[int]:
        response = self.client.get("/api/needs/", query or {})
        self.assertEqual(response.status_code, 200)
        return sorted(item["id"] for item in response.json()["items"])

    def test_the_list_is_the_board(self):
        self.assertEqual(self.ids(), sorted([self.need.pk, self.offer.pk]))
        doc = self.client.get("/api/needs/").json()
        item = next(i for i in doc["items"] if i["id"] == self.need.pk)
        self.assertEqual(item["organisation"], self.org.slug)
        self.assertEqual(item["kind"], "need")
        self.assertEqual(item["kind_label"], tr("pl", "Need"))
        self.assertEqual(item["category"], "interpreting")
        self.assertEqual(item["languages"], ["uk"])
        self.assertEqual(item["districts"], ["nadodrze"])
        self.assertEqual(item["expires_on"], self.need.expires_on.isoformat())
        self.assertTrue(item["is_open"])
        self.assertEqual(item["html_url"], f"/needs/{self.need.pk}/")

    def test_filters(self):
        self.assertEqual(self.ids({"kind": "offer"}), [self.offer.pk])
        self.assertEqual(self.ids({"category": "interpreting"}), [self.need.pk])
        self.assertEqual(self.ids({"district": "nadodrze"}), [self.need.pk])
        self.assertEqual(self.ids({"language": "uk"}), [self.need.pk])
        self.assertEqual(self.ids({"organisation": self.other_org.slug}), [self.offer.pk])
        self.assertEqual(self.ids({"district": "atlantis"}), [])

    def test_bad_filter_values_are_422(self):
        for query in ({"kind": "gift"}, {"category": "castle"}, {"page": "0"}):
            response = self.client.get("/api/needs/", query)
            self.assertEqual(response.status_code, 422, query)
            self.assertIn("detail", response.json())

    def test_one_item_also_when_expired_or_closed(self):
        doc = self.client.get(f"/api/needs/{self.expired.pk}").json()
        self.assertFalse(doc["is_open"])
        doc = self.client.get(f"/api/needs/{self.closed.pk}").json()
        self.assertIsNotNone(doc["closed_at"])

    def test_an_unknown_item_is_404_json(self):
        response = self.client.get("/api/needs/999999")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": tr("pl", "Not found.")})


class NeedsCreateApiTestCase(ApiTestCase):
    url = "/api/needs/"

    def body(self, **overrides) -> dict:
        body = {
            "organisation": self.org.slug,
            "kind": "need",
            "category": "interpreting",
            "title": "Tłumacze ukraińsko-polscy",
            "description": "Na dyżury.",
            "languages": ["uk", "pl"],
            "districts": ["nadodrze"],
            "expires_on": days(30).isoformat(),
        }
        body.update(overrides)
        return body

    def assert_nothing_created(self) -> None:
        self.assertFalse(NeedOffer.objects.exists())

    def test_org_admin_posts(self):
        response = self.send("post", self.url, self.body(), self.alice)
        self.assertEqual(response.status_code, 201)
        item = NeedOffer.objects.get()
        self.assertEqual(response.json()["id"], item.pk)
        self.assertEqual(item.created_by, self.alice)
        self.assertEqual(sorted(response.json()["languages"]), ["pl", "uk"])
        self.assertEqual(AuditEntry.objects.get(action="need_offer.created").actor, self.alice)

    def test_members_and_staff_post(self):
        for user in (self.bob, self.staff):
            self.assertEqual(self.send("post", self.url, self.body(), user).status_code, 201)

    def test_it_requires_authentication(self):
        response = self.send("post", self.url, self.body())
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())
        self.assert_nothing_created()

    def test_it_rejects_other_orgs_admin(self):
        response = self.send("post", self.url, self.body(), self.charlie)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            response.json(),
            {"detail": tr("pl", "Only members of this organisation and staff may post for it.")},
        )
        self.assert_nothing_created()

    def assert_422(self, body, field: str | None = None) -> None:
        response = self.send("post", self.url, body, self.alice)
        self.assertEqual(response.status_code, 422, body)
        doc = response.json()
        self.assertEqual(doc["detail"], tr("pl", "The request is not valid."))
        if field:
            self.assertIn(field, doc["errors"], doc)
        self.assert_nothing_created()

    def test_an_expiry_date_in_the_past_is_422(self):
        self.assert_422(self.body(expires_on=days(-1).isoformat()), "expires_on")
        self.assert_422(self.body(expires_on=days(400).isoformat()), "expires_on")

    def test_a_bad_language_is_422(self):
        self.assert_422(self.body(languages=["uk", "elvish-nonsense"]), "languages")

    def test_an_unknown_district_or_organisation_is_422(self):
        self.assert_422(self.body(districts=["atlantis"]), "districts")
        self.assert_422(self.body(organisation="no-such-org"), "organisation")

    def test_bad_values_are_422(self):
        self.assert_422(self.body(title=""), "title")
        self.assert_422(self.body(title="x" * 201), "title")
        self.assert_422(self.body(kind="gift"))
        self.assert_422(self.body(expires_on="2025-02-31"))
        self.assert_422(self.body(expires_on=None))

    def test_wrong_shapes_are_422(self):
        body_without_date = self.body()
        del body_without_date["expires_on"]
        for body in ([], "null", body_without_date, self.body(title=["x"]),
                     self.body(languages="uk")):
            self.assert_422(json.dumps(body) if body == "null" else body)

    def test_malformed_json_is_a_client_error(self):
        response = self.send("post", self.url, "{not json", self.alice)
        self.assertIn(response.status_code, (400, 422))
        self.assertIn("detail", response.json())


class NeedsChangeApiTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.item = make_item(self.org, "Tłumacze", created_by=self.bob)
        self.url = f"/api/needs/{self.item.pk}"

    def test_the_poster_updates(self):
        response = self.send("patch", self.url, {"title": "Tłumacze na czwartki",
                                                 "districts": ["krzyki"]}, self.bob)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["districts"], ["krzyki"])
        self.assertEqual(NeedOffer.objects.get(pk=self.item.pk).title, "Tłumacze na czwartki")
        self.assertEqual(AuditEntry.objects.get(action="need_offer.updated").actor, self.bob)

    def test_org_admin_closes(self):
        response = self.send("post", f"{self.url}/close", None, self.alice)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["is_open"])
        self.assertEqual(self.client.get("/api/needs/").json()["count"], 0)

    def test_it_requires_authentication(self):
        self.assertEqual(self.send("patch", self.url, {"title": "X"}).status_code, 401)
        self.assertEqual(self.send("post", f"{self.url}/close").status_code, 401)

    def test_it_rejects_other_orgs_admin_and_other_members(self):
        other_member_item = make_item(self.org, "Post Alicji", created_by=self.alice)
        cases = [(self.charlie, self.url), (self.bob, f"/api/needs/{other_member_item.pk}")]
        for user, url in cases:
            response = self.send("patch", url, {"title": "Przejęte"}, user)
            self.assertEqual(response.status_code, 403)
            self.assertIn("detail", response.json())
            self.assertEqual(self.send("post", f"{url}/close", None, user).status_code, 403)
        self.assertFalse(NeedOffer.objects.filter(closed_at__isnull=False).exists())

    def test_bad_input_is_422(self):
        for body in ({"expires_on": days(-1).isoformat()}, {"title": ""}, {"kind": "gift"},
                     {"languages": ["??"]}, []):
            response = self.send("patch", self.url, body, self.alice)
            self.assertEqual(response.status_code, 422, body)
        self.assertEqual(NeedOffer.objects.get(pk=self.item.pk).title, "Tłumacze")

    def test_an_unknown_item_is_404(self):
        self.assertEqual(self.send("patch", "/api/needs/999999", {}, self.staff).status_code, 404)
        response = self.send("post", "/api/needs/999999/close", None, self.staff)
        self.assertEqual(response.status_code, 404)
        self.assertIn("detail", response.json())
