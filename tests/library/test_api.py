"""/api/library/: the list with filters and text, one entry, adding, changing, deleting."""

from __future__ import annotations

import json

from django.test import Client

from tests.base import BaseTestCase
from wspolnie.accounts import services as account_services
from wspolnie.library.models import Entry
from wspolnie.search import index

from .helpers import make_entry, make_vocabulary


class LibraryApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.api_client = Client(enforce_csrf_checks=True)
        index.RAISE_ERRORS = True
        self.addCleanup(setattr, index, "RAISE_ERRORS", False)

    def send(self, method: str, url: str, body=None, user=None):
        headers = {}
        if user is not None:
            headers["Authorization"] = "Bearer " + account_services.do_create_api_token(
                user, "test")[1]
        return getattr(self.api_client, method)(
            url, json.dumps(body or {}), content_type="application/json", headers=headers
        )

    def payload(self, **overrides) -> dict:
        return {
            "organisation": self.org.slug, "kind": "practice", "title": "Liderzy społeczności",
            "description": "Zaproszenia przez osoby zaufane.", "used_by": [self.other_org.slug],
            "languages": ["uk"], "tags": ["culture"], "cost": "free",
            "links": [{"url": "https://example.org/l", "label": "Opis"}],
            "source_url": "/boards/3/", **overrides,
        }

    def test_the_list_filters_and_searches(self):
        with self.captureOnCommitCallbacks(execute=True):
            tool = make_entry(self.org, "Portal kultury", languages=[self.pl],
                              topics=[self.culture], users=[self.other_org], cost="free")
            make_entry(self.org, "Pula tłumaczy", kind="practice", cost="paid")
            make_entry(self.pending, "Ukryte")
        def titles(query=""):
            response = self.client.get(f"/api/library/{query}")
            self.assertEqual(response.status_code, 200)
            return [item["title"] for item in response.json()["items"]]
        self.assertEqual(titles(), ["Portal kultury", "Pula tłumaczy"])
        self.assertEqual(titles("?kind=tool"), ["Portal kultury"])
        self.assertEqual(titles("?tag=culture&language=pl&cost=free"), ["Portal kultury"])
        self.assertEqual(titles(f"?used_by={self.other_org.slug}"), ["Portal kultury"])
        self.assertEqual(titles("?q=tlumaczy"), ["Pula tłumaczy"])
        item = self.client.get(f"/api/library/{tool.pk}").json()
        self.assertEqual(item["used_by"], [self.other_org.slug])
        self.assertEqual(item["tags"], ["culture"])
        self.assertEqual(item["html_url"], tool.get_absolute_url())
        self.assertEqual(self.client.get("/api/library/?kind=nope").status_code, 422)

    def test_a_member_adds_one_and_others_may_not(self):
        response = self.send("post", "/api/library/", self.payload())
        self.assertEqual(response.status_code, 401)
        response = self.send("post", "/api/library/", self.payload(), user=self.charlie)
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())
        response = self.send("post", "/api/library/", self.payload(), user=self.bob)
        self.assertEqual(response.status_code, 201, response.content)
        entry = Entry.objects.get()
        self.assertEqual(response.json()["used_by"], [self.other_org.slug])
        self.assertEqual(entry.source_url, "/boards/3/")
        self.assertEqual(entry.created_by, self.bob)

    def test_bad_values_are_422_with_the_fields(self):
        response = self.send("post", "/api/library/", self.payload(
            used_by=["nope", self.pending.slug], tags=["nope"], languages=["!!"],
            links=[{"url": "javascript:alert(1)"}], title="x" * 201), user=self.alice)
        self.assertEqual(response.status_code, 422)
        errors = response.json()["errors"]
        self.assertTrue({"used_by", "tags", "languages"} <= set(errors), errors)
        response = self.send("post", "/api/library/", self.payload(
            used_by=[self.pending.slug], links=[{"url": "javascript:alert(1)"}]), user=self.alice)
        self.assertEqual(response.status_code, 422)
        self.assertTrue({"used_by", "links"} <= set(response.json()["errors"]))
        self.assertFalse(Entry.objects.exists())

    def test_change_and_delete(self):
        entry = make_entry(self.org, created_by=self.alice)
        response = self.send("patch", f"/api/library/{entry.pk}", {"title": "Nowy"},
                             user=self.charlie)
        self.assertEqual(response.status_code, 403)
        response = self.send("patch", f"/api/library/{entry.pk}", {"title": "Nowy"},
                             user=self.alice)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], "Nowy")
        self.assertEqual(self.send("delete", f"/api/library/{entry.pk}", user=self.bob
                                   ).status_code, 403)
        self.assertEqual(self.send("delete", f"/api/library/{entry.pk}", user=self.staff
                                   ).status_code, 204)
        self.assertEqual(self.client.get(f"/api/library/{entry.pk}").status_code, 404)
