"""Request bodies are capped in settings, and whoever hits a cap reads why in their language
(a page with the site's layout, or JSON from the API), never a 500 or a bare 400."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.base import BaseTestCase
from tests.helpers import html_tr, tr

MESSAGE = "This upload is too large: at most %(max)s can be sent at once."


def too_large(language: str, limit: int) -> str:
    with translation.override(language):
        return tr(language, MESSAGE) % {"max": filesizeformat(limit)}


@override_settings(MAX_REQUEST_BYTES=1024 * 1024)
class RequestSizeLimitTestCase(BaseTestCase):
    def test_a_logo_larger_than_any_request_may_be_gets_a_translated_page(self):
        self.login(self.alice)
        url = reverse("organisations:edit", args=[self.org.slug])
        upload = SimpleUploadedFile("logo.png", b"\x89PNG" + b"\0" * (1536 * 1024), "image/png")
        for language in ["pl", "en", "uk"]:
            with self.subTest(language=language):
                upload.seek(0)
                response = self.client.post(
                    url, {"name": self.org.name, "kind": self.org.kind, "logo": upload},
                    HTTP_ACCEPT_LANGUAGE=language,
                )
                self.assertEqual(response.status_code, 413)
                self.assertContains(response, html_tr(language, "Too large to send"),
                                    status_code=413)
                self.assertContains(response, too_large(language, 1024 * 1024),
                                    status_code=413)
        self.org.refresh_from_db()
        self.assertEqual(self.org.logo.name, "")

    def test_the_api_answers_413_in_json(self):
        response = self.client.post(
            "/api/newsletter/subscriptions", b"{" + b" " * (1100 * 1024) + b"}",
            content_type="application/json", HTTP_ACCEPT_LANGUAGE="uk",
        )
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json(), {"detail": too_large("uk", 1024 * 1024)})

    def test_a_request_within_the_limit_goes_through(self):
        response = self.client.get(reverse("newsletter:signup"))
        self.assertEqual(response.status_code, 200)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000, MAX_REQUEST_BYTES=10 * 1024 * 1024)
class FormDataLimitTestCase(BaseTestCase):
    def test_too_much_form_data_is_explained_not_a_bare_bad_request(self):
        response = self.client.post(
            reverse("newsletter:signup"), {"email": "a@example.org", "website": "x" * 5000},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        self.assertEqual(response.status_code, 413)
        self.assertContains(response, html_tr("en", "Too large to send"), status_code=413)


class UploadSettingsTestCase(BaseTestCase):
    def test_the_limits_are_set_and_leave_room_for_imports(self):
        from django.conf import settings

        self.assertGreaterEqual(settings.MAX_REQUEST_BYTES, settings.IMPORT_MAX_UPLOAD_BYTES)
        self.assertEqual(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 2_621_440)
        self.assertEqual(settings.FILE_UPLOAD_MAX_MEMORY_SIZE, 2_621_440)
