"""/api/distribution/: plans (/plans/<pk>, <pk> = the announcement), their items (/items/<pk>)
and coverage, for the announcement's managers."""

from __future__ import annotations

import datetime
import json

from django.test import Client
from django.utils import timezone

from tests.base import BaseTestCase
from tests.distribution.helpers import PUBLISH_AT, make_announcement, make_scenario
from wspolnie.accounts import services as account_services
from wspolnie.announcements.models import Announcement
from wspolnie.distribution import services
from wspolnie.distribution.models import PlanItem


class PlanApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_scenario(cls)
        services.do_propose_plan(cls.alice, cls.announcement)
        cls.published = make_announcement(
            cls.org, title="Opublikowane", status=Announcement.Status.PUBLISHED,
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )
        cls.tokens = {
            user.pk: account_services.do_create_api_token(user, "test")[1]
            for user in (cls.alice, cls.bob, cls.charlie, cls.staff)
        }

    def setUp(self) -> None:
        super().setUp()
        self.api = Client(enforce_csrf_checks=True)

    def call(self, method: str, path: str, user=None, payload=None):
        headers = {"Authorization": f"Bearer {self.tokens[user.pk]}"} if user else {}
        kwargs = {"headers": headers}
        if payload is not None:
            kwargs.update(data=json.dumps(payload), content_type="application/json")
        return getattr(self.api, method)(f"/api/distribution{path}", **kwargs)

    def assert_error(self, response, status: int) -> dict:
        self.assertEqual(response.status_code, status, response.content)
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        self.assertIn("detail", response.json())
        return response.json()

    def item(self, channel) -> PlanItem:
        return self.announcement.plan_items.get(channel=channel)

    # Reading ----------------------------------------------------------------------------

    def test_the_plan_with_items_deadlines_and_gaps(self):
        doc = self.call("get", f"/plans/{self.announcement.pk}", self.alice).json()
        self.assertEqual(doc["announcement_id"], self.announcement.pk)
        names = [item["channel"]["name"] for item in doc["items"]]
        self.assertEqual(names[:2], ["Portal Razem", "Telegram Wrocław UA"])
        portal = doc["items"][0]
        self.assertEqual(portal["status"], "todo")
        self.assertEqual(portal["fit"], 4)
        self.assertEqual(
            portal["deadline"],
            (timezone.localdate(PUBLISH_AT) - datetime.timedelta(days=7)).isoformat(),
        )
        self.assertFalse(portal["overdue"])
        self.assertEqual(portal["submission"]["email"], "redakcja@example.org")
        self.assertEqual(doc["gaps"]["directory"]["communities"], ["roma"])
        self.assertEqual(doc["gaps"]["plan"]["communities"], [])
        self.assertEqual(doc["gaps"]["offline_in_plan"], 2)

    def test_a_staff_only_contact_is_hidden_from_an_org_admin(self):
        doc = self.call("get", f"/plans/{self.announcement.pk}", self.alice).json()
        leader = next(i for i in doc["items"] if i["channel"]["id"] == self.leader.pk)
        self.assertIsNone(leader["contact_note"])
        doc = self.call("get", f"/plans/{self.announcement.pk}", self.staff).json()
        leader = next(i for i in doc["items"] if i["channel"]["id"] == self.leader.pk)
        self.assertIn("600 000 000", leader["contact_note"])

    def test_anonymous_callers_get_401(self):
        for method, path in [("get", f"/plans/{self.announcement.pk}"),
                             ("post", f"/plans/{self.announcement.pk}/propose"),
                             ("get", f"/plans/{self.announcement.pk}/coverage")]:
            with self.subTest(path=path):
                self.assert_error(self.call(method, path), 401)

    def test_non_managers_get_404_for_a_draft_and_403_for_a_published_one(self):
        for user in (self.bob, self.charlie):
            with self.subTest(user=user.email):
                self.assert_error(self.call("get", f"/plans/{self.announcement.pk}", user), 404)
                self.assert_error(self.call("get", f"/plans/{self.published.pk}", user), 403)
                self.assert_error(
                    self.call("get", f"/plans/{self.announcement.pk}/coverage", user), 404
                )
                self.assert_error(
                    self.call("post", f"/plans/{self.published.pk}/propose", user), 403
                )
                self.assert_error(self.call(
                    "patch", f"/items/{self.item(self.board).pk}", user, {"status": "submitted"},
                ), 404)
                self.assert_error(self.call("delete", f"/items/{self.item(self.board).pk}", user),
                                  404)
        self.assertFalse(self.published.plan_items.exists())
        self.assertEqual(self.item(self.board).status, "todo")

    def test_staff_may_read_any_plan(self):
        self.assertEqual(self.call("get", f"/plans/{self.announcement.pk}", self.staff)
                         .status_code, 200)

    def test_unknown_announcement_is_404(self):
        self.assert_error(self.call("get", "/plans/999999", self.staff), 404)

    # Changing ---------------------------------------------------------------------------

    def test_propose_is_idempotent(self):
        path = f"/plans/{self.published.pk}/propose"
        first = self.call("post", path, self.alice).json()
        second = self.call("post", path, self.alice).json()
        self.assertEqual(len(first["items"]), 3)
        self.assertEqual(first["items"], second["items"])

    def test_patch_status_link_and_note(self):
        item = self.item(self.telegram)
        response = self.call("patch", f"/items/{item.pk}", self.alice, {"status": "published",
                                          "published_url": "https://t.me/example/1"})
        self.assertEqual(response.status_code, 200, response.content)
        doc = response.json()
        self.assertEqual(doc["status"], "published")
        self.assertEqual(doc["done_by"], "Alice Admin")
        self.assertEqual(doc["published_url"], "https://t.me/example/1")
        # Only the note: the status and the link stay.
        doc = self.call("patch", f"/items/{item.pk}", self.alice, {"note": "Przypięte"}).json()
        self.assertEqual((doc["status"], doc["note"]), ("published", "Przypięte"))
        self.assertEqual(doc["published_url"], "https://t.me/example/1")

    def test_bad_input_is_4xx_json(self):
        item = self.item(self.telegram)
        path = f"/items/{item.pk}"
        doc = self.assert_error(self.call("patch", path, self.alice, {"status": "published"}),
                                422)
        self.assertIn("published_url", doc["errors"])
        doc = self.assert_error(self.call("patch", path, self.alice,
                                          {"status": "published",
                                           "published_url": "javascript:alert(1)"}), 422)
        self.assertIn("published_url", doc["errors"])
        self.assert_error(self.call("patch", path, self.alice, {"status": "done"}), 422)
        self.assert_error(self.call("patch", path, self.alice, {"colour": "red"}), 422)
        self.assert_error(self.call("patch", path, self.alice, {"note": "x" * 501}), 422)
        self.assert_error(self.call("patch", "/items/999999", self.alice, {"status": "todo"}),
                          404)
        self.assertEqual(self.item(self.telegram).status, "todo")

    def test_an_item_of_a_published_announcement_is_403_for_others(self):
        services.do_propose_plan(self.staff, self.published)
        item = self.published.plan_items.first()
        self.assert_error(self.call("patch", f"/items/{item.pk}", self.charlie,
                                    {"status": "submitted"}), 403)
        self.assert_error(self.call("delete", f"/items/{item.pk}", self.bob), 403)
        self.assertEqual(self.call("patch", f"/items/{item.pk}", self.staff,
                                   {"status": "submitted"}).status_code, 200)

    def test_add_and_remove_items(self):
        path = f"/plans/{self.announcement.pk}/items"
        response = self.call("delete", f"/items/{self.item(self.city).pk}", self.alice)
        self.assertEqual(response.status_code, 204)
        self.assertFalse(self.announcement.plan_items.filter(channel=self.city).exists())
        response = self.call("post", path, self.alice, {"channel_id": self.city.pk})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertTrue(response.json()["added_by_hand"])
        self.assert_error(self.call("post", path, self.alice, {"channel_id": self.inactive.pk}),
                          404)
        self.assert_error(self.call("post", path, self.charlie, {"channel_id": self.city.pk}),
                          404)

    # Coverage ---------------------------------------------------------------------------

    def test_coverage(self):
        services.do_set_status(self.alice, self.item(self.portal), "published",
                               "https://p.example/1")
        services.do_set_status(self.alice, self.item(self.leader), "submitted")
        doc = self.call("get", f"/plans/{self.announcement.pk}/coverage", self.alice).json()
        rows = {row["key"]: (row["published"], row["planned"], row["state"])
                for row in doc["communities"]}
        self.assertEqual(rows, {"ukrainian": (1, 1, "reached"), "georgian": (0, 1, "planned"),
                                "roma": (0, 0, "missed")})
        self.assertEqual(doc["reach_published"], 5000)
        self.assertEqual(doc["published_channels"], 1)
