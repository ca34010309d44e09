from __future__ import annotations

from django.test import Client

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.accounts import services


class MeApiTestCase(BaseTestCase):
    url = "/api/accounts/me"

    def setUp(self) -> None:
        super().setUp()
        self.api_client = Client(enforce_csrf_checks=True)

    def get(self, token: str | None = None, **extra):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.api_client.get(self.url, headers=headers, **extra)

    def test_it_works_with_a_token(self):
        token = services.do_create_api_token(self.alice, "script")[1]
        response = self.get(token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "email": "alice@example.org",
                "name": "Alice Admin",
                "preferred_language": "pl",
                "is_staff": False,
                "organisations": [
                    {"slug": "fundacja-testowa", "name": "Fundacja Testowa", "role": "admin"}
                ],
            },
        )

    def test_it_works_with_the_session(self):
        self.api_client.force_login(self.bob)
        response = self.get()
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertEqual(doc["email"], "bob@example.org")
        self.assertEqual(doc["organisations"][0]["role"], "member")

    def test_it_tells_staff_apart(self):
        token = services.do_create_api_token(self.staff, "script")[1]
        doc = self.get(token).json()
        self.assertTrue(doc["is_staff"])
        self.assertEqual(doc["organisations"], [])

    def test_the_token_wins_over_the_session(self):
        self.api_client.force_login(self.bob)
        token = services.do_create_api_token(self.charlie, "script")[1]
        self.assertEqual(self.get(token).json()["email"], "charlie@example.org")

    def test_it_requires_authentication(self):
        response = self.get()
        self.assertEqual(response.status_code, 401)
        self.assertEqual(
            response.json(),
            {"detail": tr("pl", "Authentication required: a valid API token or session.")},
        )

    def test_the_401_is_in_the_callers_language(self):
        response = self.get(HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(
            response.json(),
            {"detail": tr("uk", "Authentication required: a valid API token or session.")},
        )

    def test_it_rejects_a_bad_token(self):
        response = self.get("wsp_not-a-real-token")
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_it_rejects_the_token_of_an_inactive_account(self):
        token = services.do_create_api_token(self.bob, "script")[1]
        self.bob.is_active = False
        self.bob.save()
        self.assertEqual(self.get(token).status_code, 401)

    def test_a_bad_token_does_not_fall_back_to_someone_else(self):
        # A wrong token with nobody logged in is a 401, never some other account.
        response = self.get("wsp_" + "a" * 43)
        self.assertEqual(response.status_code, 401)
