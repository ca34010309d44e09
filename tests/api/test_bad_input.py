"""Out-of-range numbers and wrong types are 4xx JSON answers, and every error under /api/ is
JSON, whoever answers it (ninja, Django's error pages, the CSRF check), with DEBUG off."""

from __future__ import annotations

from django.test import Client, override_settings

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.accounts.services import do_create_api_token
from wspolnie.api.schemas import ID_MAX, PAGE_MAX

HUGE = "99999999999999999999999"
LISTS = [
    "/api/services/", "/api/needs/", "/api/meetings/events", "/api/announcements/",
    "/api/organisations/", "/api/channels/",
]


class OutOfRangeNumbersTestCase(BaseTestCase):
    def assert_unprocessable(self, response) -> dict:
        self.assertEqual(response.status_code, 422, response.content[:300])
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        body = response.json()
        self.assertEqual(body["detail"], tr("pl", "The request is not valid."))
        return body

    def test_a_huge_page_number_is_422_on_every_list(self):
        for path in LISTS:
            with self.subTest(path=path):
                body = self.assert_unprocessable(self.client.get(path, {"page": HUGE}))
                self.assertEqual(body["errors"][0]["loc"][-1], "page")

    def test_a_page_past_the_limit_is_422_and_the_last_allowed_one_is_empty(self):
        for path in ["/api/services/", "/api/needs/", "/api/organisations/"]:
            with self.subTest(path=path):
                self.assert_unprocessable(self.client.get(path, {"page": PAGE_MAX + 1}))
                response = self.client.get(path, {"page": PAGE_MAX})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["items"], [])

    def test_a_huge_id_in_a_path_is_422(self):
        for path in [
            f"/api/services/{HUGE}", f"/api/needs/{HUGE}", f"/api/announcements/{HUGE}",
            f"/api/channels/{HUGE}", f"/api/services/{ID_MAX + 1}",
        ]:
            with self.subTest(path=path):
                self.assert_unprocessable(self.client.get(path))

    def test_the_largest_id_is_simply_not_found(self):
        response = self.client.get(f"/api/services/{ID_MAX}")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": tr("pl", "Not found.")})


class NulCharactersTestCase(BaseTestCase):
    """PostgreSQL keeps no NUL in text: schemathesis found 500s on both lists and bodies."""

    def assert_refused(self, response, field: str) -> None:
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {
            field: [tr("en", "Text may not contain the NUL character (U+0000).")]
        })

    def test_a_nul_in_a_query_is_422(self):
        for path, query in [
            ("/api/organisations/", {"community": "Z\x00"}),
            ("/api/channels/reaching", {"communities": "a\x00b"}),
            ("/api/services/", {"q": "\x00"}),
        ]:
            with self.subTest(path=path):
                response = self.client.get(path, query, HTTP_ACCEPT_LANGUAGE="en")
                self.assert_refused(response, next(iter(query)))

    def test_a_nul_in_a_json_body_or_a_path_is_422(self):
        token = do_create_api_token(self.alice, "script")[1]
        response = self.client.post(
            "/api/channels/", {"name": "Radio", "kind": "portal", "organisation": "a\x00"},
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        self.assert_refused(response, "body")
        response = self.client.get("/api/organisations/a%00b", HTTP_ACCEPT_LANGUAGE="en")
        self.assert_refused(response, "path")


class NewsletterIssueBodiesTestCase(BaseTestCase):
    def post(self, body):
        token = do_create_api_token(self.staff, "script")[1]
        return self.client.post(
            "/api/newsletter/issues", body, content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    def test_huge_ids_and_wrong_types_are_422_json(self):
        for announcements in [
            [int(HUGE)], [ID_MAX + 1], [-1], [0], ["x"], [1.5], [{"id": 1}], "1", None, {},
        ]:
            with self.subTest(announcements=announcements):
                response = self.post({"announcements": announcements})
                self.assertEqual(response.status_code, 422, response.content[:300])
                self.assertEqual(response.json()["detail"], tr("pl", "The request is not valid."))

    def test_wrong_types_elsewhere_in_the_body_are_4xx_json(self):
        for body in [{"announcements": [1], "subject": "text"}, {"announcements": [1],
                     "intro": {"pl": 5}}, [], "x", 5]:
            with self.subTest(body=body):
                response = self.post(body)
                self.assertIn(response.status_code, (400, 422))
                self.assertIn("detail", response.json())


@override_settings(ROOT_URLCONF="tests.api.fuzz_control_urls", DEBUG=False)
class DjangoErrorsUnderApiAreJsonTestCase(BaseTestCase):
    def test_a_server_error_is_json(self):
        client = Client(raise_request_exception=False)
        with self.assertLogs("django.request", "ERROR"):
            response = client.get("/api/control/crash", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 500)
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        self.assertEqual(response.json(), {"detail": tr(
            "en", "Something went wrong on the server; it has been recorded. Try again later."
        )})

    def test_the_csrf_failure_of_a_django_view_is_json(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        with self.assertLogs("django.security.csrf", "WARNING"):
            response = client.post("/api/control/plain", HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": tr("uk", "You may not do this.")})

    def test_a_permission_denied_page_is_json(self):
        response = self.client.get("/api/control/plain")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": tr("pl", "You may not do this.")})

    def test_a_bad_host_is_json(self):
        with self.assertLogs("django.security.DisallowedHost", "ERROR"):
            response = Client(raise_request_exception=False).get(
                "/api/services/", HTTP_HOST="evil.example"
            )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"detail": tr("pl", "The request is not valid.")})

    def test_pages_outside_the_api_keep_their_html(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(response["Content-Type"].startswith("text/html"))


class UnknownApiPathsTestCase(BaseTestCase):
    def test_a_post_with_a_session_to_an_unknown_path_is_a_json_404_not_a_csrf_page(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post("/api/no-such-thing", {"a": 1})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": tr("pl", "No such API endpoint.")})
