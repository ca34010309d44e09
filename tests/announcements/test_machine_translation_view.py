"""The "Machine pre-translation" button (renderings:pretranslate) and its API endpoint, against
the real HTTP client and a translation server started by the test."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.directory.models import Language

from .test_machine_translation import closed_port_url, make_announcement, translation_server

__all__ = ["translation_server"]  # the fixture, used by name

T = AnnouncementTranslation.Status


class PretranslateSetup(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _server(self, translation_server):
        self.server = translation_server

    def setUp(self) -> None:
        super().setUp()
        # Messages are compared in English (the site's default language is Polish).
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.announcement = make_announcement(self.org)
        self.announcement.languages.set(Language.for_codes(["uk", "en"]))
        self.uk = AnnouncementTranslation.objects.create(
            announcement=self.announcement, language="uk", translator=self.bob
        )

    def url(self, language: str = "uk", pk: int | None = None) -> str:
        return reverse("renderings:pretranslate",
                       kwargs={"pk": pk or self.announcement.pk, "language": language})

    def publish(self) -> None:
        Announcement.objects.filter(pk=self.announcement.pk).update(
            status=Announcement.Status.PUBLISHED, publish_at=timezone.now())


class PretranslateViewTestCase(PretranslateSetup):
    def messages_of(self, response) -> list[str]:
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_it_fills_the_translation_and_goes_back_with_a_message(self):
        self.login(self.alice)
        response = self.client.post(self.url(), follow=True)
        self.uk.refresh_from_db()
        self.assertEqual(self.uk.title, "[uk] Spotkanie o szkołach")
        self.assertEqual(self.uk.status, T.DRAFT)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Machine pre-translation done", response.content.decode())

    def test_a_target_language_without_a_translation_yet_gets_one(self):
        self.login(self.alice)
        self.client.post(self.url("en"))
        self.assertEqual(self.announcement.translations.get(language="en").title,
                         "[en] Spotkanie o szkołach")

    def test_the_assigned_translator_may_use_it(self):
        self.login(self.bob)
        self.client.post(self.url())
        self.uk.refresh_from_db()
        self.assertTrue(self.uk.machine_translated)

    def test_it_requires_login(self):
        response = self.client.post(self.url())
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url()}",
                             fetch_redirect_response=False)
        self.assertEqual(self.server.requests, [])

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.post(self.url()).status_code, 404)  # a draft: not seen
        self.publish()
        self.assertEqual(self.client.post(self.url()).status_code, 403)
        self.uk.refresh_from_db()
        self.assertEqual(self.uk.title, "")
        self.assertEqual(self.server.requests, [])

    def test_a_member_who_is_not_the_translator_cannot(self):
        self.login(self.bob)
        self.assertEqual(self.client.post(self.url("en")).status_code, 403)
        self.assertFalse(self.announcement.translations.filter(language="en").exists())

    def test_it_is_post_only(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url()).status_code, 405)

    def test_unknown_announcement_or_language_is_404(self):
        self.login(self.staff)
        self.assertEqual(self.client.post(self.url(pk=999999)).status_code, 404)
        self.assertEqual(self.client.post(self.url("pl")).status_code, 404)  # the source
        self.assertEqual(self.client.post(self.url("ka")).status_code, 404)  # not a target

    def test_server_down_keeps_everything_and_says_so(self):
        self.uk.body = ""
        self.login(self.alice)
        with self.settings(MACHINE_TRANSLATION_URL=closed_port_url()):
            response = self.client.post(self.url(), follow=True)
        self.assertIn("cannot be reached", response.content.decode())
        self.uk.refresh_from_db()
        self.assertEqual((self.uk.title, self.uk.status), ("", T.MISSING))

    def test_human_text_is_kept_with_a_warning(self):
        AnnouncementTranslation.objects.filter(pk=self.uk.pk).update(title="Зустріч")
        self.login(self.alice)
        response = self.client.post(self.url(), follow=True)
        self.assertIn("already has text written by a person", response.content.decode())
        self.uk.refresh_from_db()
        self.assertEqual(self.uk.title, "Зустріч")

    def test_provider_off_says_so(self):
        self.login(self.alice)
        with self.settings(MACHINE_TRANSLATION_URL=""):
            response = self.client.post(self.url(), follow=True)
        self.assertIn("not set up on this site", response.content.decode())


class PretranslateApiTestCase(PretranslateSetup):
    def api(self, language: str = "uk", pk: int | None = None) -> str:
        return (f"/api/announcements/{pk or self.announcement.pk}/translations/"
                f"{language}/pretranslate")

    def test_it_returns_the_machine_draft(self):
        self.login(self.alice)
        response = self.client.post(self.api())
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json(), {
            "language": "uk", "title": "[uk] Spotkanie o szkołach",
            "body": response.json()["body"], "status": "draft", "machine_translated": True,
            "source_revision": 1,
        })
        self.assertIn("[uk] Zapraszamy", response.json()["body"])

    def test_it_requires_authentication(self):
        self.assertEqual(self.client.post(self.api()).status_code, 401)

    def test_permissions(self):
        self.login(self.charlie)
        self.assertEqual(self.client.post(self.api()).status_code, 404)  # a draft: not seen
        self.publish()
        response = self.client.post(self.api())
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())
        self.login(self.bob)
        self.assertEqual(self.client.post(self.api("en")).status_code, 403)
        self.assertEqual(self.client.post(self.api("uk")).status_code, 200)

    def test_errors_are_json(self):
        self.login(self.alice)
        with self.settings(MACHINE_TRANSLATION_URL=""):
            off = self.client.post(self.api())
        self.assertEqual(off.status_code, 404)
        self.assertIn("not set up", off.json()["detail"])
        with self.settings(MACHINE_TRANSLATION_URL=closed_port_url()):
            down = self.client.post(self.api())
        self.assertEqual(down.status_code, 502)
        self.assertIn("cannot be reached", down.json()["detail"])
        AnnouncementTranslation.objects.filter(pk=self.uk.pk).update(title="Зустріч")
        self.assertEqual(self.client.post(self.api()).status_code, 409)
        self.assertEqual(self.client.post(self.api("pl")).status_code, 404)
        self.assertEqual(self.client.post(self.api(pk=999999)).status_code, 404)
