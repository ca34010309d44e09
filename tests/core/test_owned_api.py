"""The API endpoints the organisation-owned base gives (wspolnie.core.owned.api), on the test
capability of tests/core/owned_capability.py: 401 without a caller, 403 for those who may not,
404 for what does not exist or cannot be seen, 422 with the errors by field."""

from __future__ import annotations

from ninja.testing import TestClient

from tests.base import BaseTestCase
from tests.needs.helpers import days, make_item, make_vocabulary
from wspolnie.accounts.services import do_create_api_token
from wspolnie.core.models import AuditEntry
from wspolnie.needs.models import NeedOffer
from wspolnie.organisations.models import Organisation

from .owned_capability import SHOUTING, closing_router, router

CLIENT = TestClient(router)
CLOSING_CLIENT = TestClient(closing_router)


class OwnedApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)
        cls.item = make_item(cls.org, title="Sala na 30 osób", districts=[cls.nadodrze])
        cls.tokens = {
            user.email: do_create_api_token(user, "test")[1]
            for user in (cls.alice, cls.bob, cls.charlie, cls.staff)
        }

    def auth(self, user) -> dict:
        return {"headers": {"Authorization": f"Bearer {self.tokens[user.email]}"}}

    def payload(self, **overrides) -> dict:
        return {
            "organisation": self.org.slug, "kind": "offer", "category": "space",
            "title": "Sala na zebrania", "description": "W soboty.",
            "expires_on": days(20).isoformat(), "districts": ["nadodrze"], **overrides,
        }

    def test_reading_one_is_public_and_unknown_ones_are_404(self):
        response = CLIENT.get(f"/{self.item.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], "Sala na 30 osób")
        self.assertEqual(response.json()["organisation"], self.org.slug)
        self.assertEqual(response.json()["districts"], ["nadodrze"])
        self.assertEqual(CLIENT.get("/999999").status_code, 404)

    def test_an_unapproved_organisations_object_is_404_for_the_public(self):
        pending = Organisation.objects.create(
            name="Nowa", slug="nowa", kind=Organisation.Kind.FOUNDATION,
            status=Organisation.Status.PENDING,
        )
        hidden = make_item(pending, title="Ukryte")
        self.assertEqual(CLIENT.get(f"/{hidden.pk}").status_code, 404)

    def test_the_permission_matrix_of_the_changes(self):
        for persona, may in (("alice", True), ("bob", False), ("charlie", False), ("staff", True)):
            user = getattr(self, persona)
            with self.subTest(persona=persona, change="create"):
                response = CLIENT.post("/", json=self.payload(), **self.auth(user))
                self.assertEqual(response.status_code, 201 if may else 403, response.json())
                if not may:
                    self.assertEqual(response.json(), {"detail": "You may not post here."})
            with self.subTest(persona=persona, change="update"):
                response = CLIENT.patch(
                    f"/{self.item.pk}", json={"title": f"Sala ({persona})"}, **self.auth(user)
                )
                self.assertEqual(response.status_code, 200 if may else 403)
                if not may:
                    self.assertEqual(response.json(), {"detail": "You may not change this."})
            with self.subTest(persona=persona, change="close"):
                response = CLOSING_CLIENT.post(f"/{self.item.pk}/close", **self.auth(user))
                self.assertEqual(response.status_code, 200 if may else 403)
                if may:
                    self.assertFalse(response.json()["is_open"])
            with self.subTest(persona=persona, change="delete"):
                response = CLIENT.delete(f"/{self.item.pk}", **self.auth(user))
                self.assertEqual(response.status_code, 204 if may else 403)
                self.assertEqual(NeedOffer.objects.filter(pk=self.item.pk).exists(), not may)
            if may:
                self.item = make_item(self.org, title="Sala na 30 osób")
        self.assertEqual(NeedOffer.objects.filter(title="Sala na zebrania").count(), 2)

    def test_anonymous_callers_get_401(self):
        self.assertEqual(CLIENT.post("/", json=self.payload()).status_code, 401)
        self.assertEqual(CLIENT.patch(f"/{self.item.pk}", json={}).status_code, 401)
        self.assertEqual(CLIENT.delete(f"/{self.item.pk}").status_code, 401)
        self.assertEqual(CLOSING_CLIENT.post(f"/{self.item.pk}/close").status_code, 401)
        self.assertTrue(NeedOffer.objects.filter(pk=self.item.pk, closed_at=None).exists())

    def test_a_created_object_is_answered_and_audited(self):
        response = CLIENT.post("/", json=self.payload(languages=["UK"]), **self.auth(self.alice))
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual((body["title"], body["languages"]), ("Sala na zebrania", ["uk"]))
        entry = AuditEntry.objects.get(action="test_post.created", object_id=str(body["id"]))
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.changes["districts"], [None, ["nadodrze"]])

    def test_invalid_values_are_422_with_every_field_named(self):
        response = CLIENT.post(
            "/", json=self.payload(title="SALA", districts=["nowhere"], languages=["not a code"]),
            **self.auth(self.alice),
        )
        self.assertEqual(response.status_code, 422)
        errors = response.json()["errors"]
        self.assertEqual(set(errors), {"districts", "languages"})
        response = CLIENT.post("/", json=self.payload(title="SALA"), **self.auth(self.alice))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"title": [SHOUTING]})
        self.assertIn("detail", response.json())
        self.assertFalse(NeedOffer.objects.filter(title="SALA").exists())

    def test_an_unknown_organisation_is_422(self):
        response = CLIENT.post("/", json=self.payload(organisation="nope"), **self.auth(self.staff))
        self.assertEqual(response.status_code, 422)
        self.assertIn("organisation", response.json()["errors"])

    def test_changing_an_unknown_object_is_404(self):
        for call in (
            lambda: CLIENT.patch("/999999", json={"title": "x"}, **self.auth(self.staff)),
            lambda: CLIENT.delete("/999999", **self.auth(self.staff)),
            lambda: CLOSING_CLIENT.post("/999999/close", **self.auth(self.staff)),
        ):
            self.assertEqual(call().status_code, 404)

    def test_null_leaves_a_value_as_it_is(self):
        response = CLIENT.patch(
            f"/{self.item.pk}", json={"title": None, "description": "Nowy opis."},
            **self.auth(self.alice),
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            (response.json()["title"], response.json()["description"]),
            ("Sala na 30 osób", "Nowy opis."),
        )
