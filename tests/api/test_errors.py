from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import tr


class ApiErrorsTestCase(BaseTestCase):
    def assert_json_404(self, response, language: str = "pl") -> None:
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json(), {"detail": tr(language, "No such API endpoint.")})

    def test_an_unknown_path_gives_404_json(self):
        self.assert_json_404(self.client.get("/api/no-such-thing"))
        self.assert_json_404(self.client.get("/api/organisations/a/b/c"))
        self.assert_json_404(self.client.get("/api/"))

    def test_an_unknown_path_gives_404_json_for_any_method(self):
        self.assert_json_404(self.client.post("/api/no-such-thing"))
        self.assert_json_404(self.client.delete("/api/no-such-thing"))

    def test_the_404_is_in_the_callers_language(self):
        self.assert_json_404(
            self.client.get("/api/no-such-thing", HTTP_ACCEPT_LANGUAGE="uk"), "uk"
        )

    def test_an_unsupported_method_is_not_a_server_error(self):
        response = self.client.post("/api/organisations/fundacja-testowa")
        self.assertEqual(response.status_code, 405)
        response = self.client.delete("/api/accounts/me")
        self.assertEqual(response.status_code, 405)

    def test_docs_load(self):
        response = self.client.get("/api/docs")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "openapi.json")

    def test_openapi_schema_loads(self):
        response = self.client.get("/api/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertEqual(schema["info"]["title"], "Wspólnie API")
        self.assertIn("/api/organisations/", schema["paths"])
        self.assertIn("/api/organisations/{slug}", schema["paths"])
        self.assertIn("patch", schema["paths"]["/api/organisations/{slug}"])
        self.assertIn("/api/accounts/me", schema["paths"])

    def test_openapi_schema_documents_both_ways_to_authenticate(self):
        schemes = self.client.get("/api/openapi.json").json()["components"]["securitySchemes"]
        kinds = {scheme["type"] for scheme in schemes.values()}
        self.assertEqual(kinds, {"http", "apiKey"})


class NinjaOwnErrorsTestCase(BaseTestCase):
    def test_wrong_method_gives_json_405_with_allow_header(self):
        response = self.client.delete("/api/organisations/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response.json(), {"detail": "This HTTP method is not allowed here."})
        self.assertIn("GET", response["Allow"])

    def test_malformed_json_body_gives_translated_400(self):
        self.client.force_login(self.alice)
        response = self.client.patch(
            f"/api/organisations/{self.org.slug}",
            data="{not json",
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"detail": "The request body is not valid JSON."})
