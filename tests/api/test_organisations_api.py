from __future__ import annotations

import json

from django.test import Client

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.accounts import services as account_services
from wspolnie.accounts.models import ApiToken
from wspolnie.core.models import AuditEntry
from wspolnie.organisations.models import Organisation


class OrganisationListApiTestCase(BaseTestCase):
    url = "/api/organisations/"

    def test_it_is_public(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertEqual(doc["count"], 2)
        self.assertEqual(
            [item["slug"] for item in doc["items"]], ["fundacja-testowa", "stowarzyszenie-inne"]
        )
        first = doc["items"][0]
        self.assertEqual(first["name"], "Fundacja Testowa")
        self.assertEqual(first["kind"], "foundation")
        self.assertEqual(first["kind_label"], tr("pl", "Foundation"))
        self.assertEqual(first["short_description"], self.org.short_description)
        self.assertIn("updated", first)

    def test_it_paginates(self):
        Organisation.objects.bulk_create(
            Organisation(name=f"Zespół {i:02}", slug=f"zespol-{i:02}", kind="ngo",
                         status="approved")
            for i in range(55)
        )
        doc = self.client.get(self.url).json()
        self.assertEqual(doc["count"], 57)
        self.assertEqual(len(doc["items"]), 50)

        doc = self.client.get(self.url, {"page": 2}).json()
        self.assertEqual(len(doc["items"]), 7)

    def test_a_page_past_the_end_is_empty(self):
        response = self.client.get(self.url, {"page": 99})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["items"], [])

    def test_a_bad_page_number_gives_422(self):
        for page in ("abc", "0", "-1"):
            response = self.client.get(self.url, {"page": page})
            self.assertEqual(response.status_code, 422, page)
            self.assertIn("detail", response.json())


class OrganisationDetailApiTestCase(BaseTestCase):
    def test_it_is_public(self):
        response = self.client.get(f"/api/organisations/{self.org.slug}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["name"], "Fundacja Testowa")

    def test_an_unknown_slug_gives_404_json(self):
        response = self.client.get("/api/organisations/no-such-org")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(response.json(), {"detail": tr("pl", "Not found.")})

    def test_the_404_is_in_the_callers_language(self):
        response = self.client.get("/api/organisations/no-such-org", HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(response.json(), {"detail": tr("uk", "Not found.")})


class OrganisationPatchApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/api/organisations/{self.org.slug}"
        # API clients send no CSRF token: check like a real one.
        self.api_client = Client(enforce_csrf_checks=True)

    def token_for(self, user) -> str:
        return account_services.do_create_api_token(user, "test")[1]

    def patch(self, body, token: str | None = None, client: Client | None = None, **extra):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = body if isinstance(body, str) else json.dumps(body)
        return (client or self.api_client).patch(
            self.url, data, content_type="application/json", headers=headers, **extra
        )

    def assert_unchanged(self) -> None:
        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(org.name, "Fundacja Testowa")
        self.assertEqual(org.kind, "foundation")
        self.assertFalse(AuditEntry.objects.filter(action="organisation.updated").exists())

    def test_org_admin_can_update(self):
        response = self.patch({"name": "Fundacja API", "kind": "ngo"}, self.token_for(self.alice))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["name"], "Fundacja API")
        self.assertEqual(response.json()["kind"], "ngo")

        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(org.name, "Fundacja API")
        self.assertEqual(org.kind, "ngo")
        self.assertEqual(org.short_description, self.org.short_description)

        entry = AuditEntry.objects.get(action="organisation.updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(
            entry.changes,
            {"name": ["Fundacja Testowa", "Fundacja API"], "kind": ["foundation", "ngo"]},
        )

    def test_staff_can_update(self):
        response = self.patch({"short_description": ""}, self.token_for(self.staff))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).short_description, {})
        self.assertEqual(AuditEntry.objects.get(action="organisation.updated").actor, self.staff)

    def test_it_records_the_token_use(self):
        token = self.token_for(self.alice)
        self.patch({"name": "Fundacja API"}, token)
        self.assertIsNotNone(ApiToken.objects.get(user=self.alice).last_used_at)

    def test_it_accepts_the_session_with_a_csrf_token(self):
        self.api_client.force_login(self.alice)
        self.api_client.get("/")  # sets the CSRF cookie, as a page load does
        csrf = self.api_client.cookies["csrftoken"].value
        response = self.patch({"name": "Fundacja Sesja"}, HTTP_X_CSRFTOKEN=csrf)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).name, "Fundacja Sesja")

    def test_it_rejects_the_session_without_a_csrf_token(self):
        self.api_client.force_login(self.alice)
        response = self.patch({"name": "Fundacja Sesja"})
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())
        self.assert_unchanged()

    def test_it_rejects_other_orgs_admin(self):
        response = self.patch({"name": "Przejęta"}, self.token_for(self.charlie))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            response.json(),
            {"detail": tr("pl", "Only this organisation's admins and staff may change it.")},
        )
        self.assert_unchanged()

    def test_it_rejects_members(self):
        response = self.patch({"name": "Przejęta"}, self.token_for(self.bob))
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())
        self.assert_unchanged()

    def test_it_requires_authentication(self):
        response = self.patch({"name": "Przejęta"})
        self.assertEqual(response.status_code, 401)
        self.assertEqual(
            response.json(),
            {"detail": tr("pl", "Authentication required: a valid API token or session.")},
        )
        self.assert_unchanged()

    def test_it_rejects_a_bad_token(self):
        for token in ("wsp_not-a-real-token", "x", "Bearer"):
            response = self.patch({"name": "Przejęta"}, token)
            self.assertEqual(response.status_code, 401, token)
            self.assertIn("detail", response.json())
        self.assert_unchanged()

    def test_it_rejects_other_authorization_schemes(self):
        token = self.token_for(self.alice)
        response = self.api_client.patch(
            self.url, json.dumps({"name": "X"}), content_type="application/json",
            headers={"Authorization": f"Basic {token}"},
        )
        self.assertEqual(response.status_code, 401)
        self.assert_unchanged()

    def test_it_rejects_the_token_of_an_inactive_account(self):
        token = self.token_for(self.alice)
        self.alice.is_active = False
        self.alice.save()
        response = self.patch({"name": "Przejęta"}, token)
        self.assertEqual(response.status_code, 401)
        self.assert_unchanged()

    def test_an_unknown_slug_gives_404_json(self):
        self.url = "/api/organisations/no-such-org"
        response = self.patch({"name": "X"}, self.token_for(self.staff))
        self.assertEqual(response.status_code, 404)
        self.assertIn("detail", response.json())

    def test_an_empty_name_gives_422(self):
        response = self.patch({"name": ""}, self.token_for(self.alice))
        self.assertEqual(response.status_code, 422)
        doc = response.json()
        self.assertEqual(doc["detail"], tr("pl", "The request is not valid."))
        self.assertTrue(doc["errors"])
        self.assert_unchanged()

    def test_an_unknown_kind_gives_422(self):
        response = self.patch({"kind": "castle"}, self.token_for(self.alice))
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())
        self.assert_unchanged()

    def test_a_too_long_description_gives_422(self):
        response = self.patch({"short_description": "x" * 1001}, self.token_for(self.alice))
        self.assertEqual(response.status_code, 422)
        self.assert_unchanged()
        response = self.patch({"short_description": {"pl": "Krótko.", "uk": "x" * 1001}},
                              self.token_for(self.alice))
        self.assertEqual(response.status_code, 422)
        self.assertIn("short_description", response.json()["errors"])
        self.assert_unchanged()

    def test_the_short_description_in_several_languages(self):
        token = self.token_for(self.alice)
        response = self.patch({"short_description": {"pl": "Po polsku.", "uk": "Українською."}},
                              token)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["short_description"],
                         {"pl": "Po polsku.", "uk": "Українською."})
        # A plain string, as the API took before: the Polish text; the others stay.
        response = self.patch({"short_description": "Nowy opis po polsku."}, token)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).short_description,
                         {"pl": "Nowy opis po polsku.", "uk": "Українською."})
        doc = self.client.get(f"/api/organisations/{self.org.slug}",
                              HTTP_ACCEPT_LANGUAGE="uk").json()
        self.assertEqual(doc["short_description_text"], "Українською.")
        response = self.patch({"short_description": {"xx-!": "?"}}, token)
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())
        response = self.patch({"short_description": ["not", "text"]}, token)
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())

    def test_a_too_long_name_gives_422(self):
        response = self.patch({"name": "x" * 201}, self.token_for(self.alice))
        self.assertEqual(response.status_code, 422)
        self.assert_unchanged()

    def test_wrong_types_give_422(self):
        token = self.token_for(self.alice)
        for body in ([], ["name"], "null", {"name": 5}, {"name": {"pl": "X"}}):
            response = self.patch(json.dumps(body) if body == "null" else body, token)
            self.assertEqual(response.status_code, 422, body)
            self.assertIn("detail", response.json())
        self.assert_unchanged()

    def test_malformed_json_is_a_client_error(self):
        response = self.patch("{not json", self.token_for(self.alice))
        self.assertIn(response.status_code, (400, 422))
        self.assertIn("detail", response.json())
        self.assert_unchanged()

    def test_an_empty_body_changes_nothing(self):
        response = self.patch({}, self.token_for(self.alice))
        self.assertEqual(response.status_code, 200)
        self.assert_unchanged()

    def test_it_ignores_fields_that_are_not_editable(self):
        response = self.patch({"slug": "hijacked"}, self.token_for(self.alice))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).slug, "fundacja-testowa")
