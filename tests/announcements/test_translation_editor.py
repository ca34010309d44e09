"""/announcements/<pk>/translations/<language>/: the side-by-side editor."""

from __future__ import annotations

from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from tests.base import BaseTestCase
from wspolnie.announcements.models import AnnouncementTranslation

from .factories import make_announcement, translation, write

T = AnnouncementTranslation.Status


class EditorTests(BaseTestCase):
    def setUp(self) -> None:
        self.announcement = make_announcement(self.org, title="Źródłowy tytuł",
                                              body="Źródłowy **tekst**.")
        self.uk = translation(self.announcement, "uk")
        self.uk.translator = self.bob
        self.uk.save()
        self.url = reverse("announcements:translation", args=[self.announcement.pk, "uk"])

    def test_it_requires_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_it_requires_the_translator_or_a_manager(self):
        self.uk.translator = None
        self.uk.save()
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, {"title": "x", "body": "y"}).status_code,
                         404)
        self.uk.refresh_from_db()
        self.assertEqual(self.uk.title, "")

    def test_another_language_than_assigned_is_forbidden_to_the_translator(self):
        self.login(self.bob)
        url = reverse("announcements:translation", args=[self.announcement.pk, "en"])
        self.assertEqual(self.client.get(url).status_code, 403)
        url = reverse("announcements:translation", args=[self.announcement.pk, "de"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_translator_sees_the_source_beside_the_form_and_hands_in(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertContains(response, "Źródłowy tytuł")
        self.assertContains(response, "<strong>tekst</strong>", html=True)  # rendered
        self.assertContains(response, "Źródłowy **tekst**.")  # raw
        self.assertContains(response, 'lang="uk"')
        response = self.client.post(self.url, {"title": "Заголовок", "body": "Текст",
                                               "submit": "1"})
        self.assertRedirects(response, self.url)
        self.uk.refresh_from_db()
        self.assertEqual((self.uk.title, self.uk.status), ("Заголовок", T.NEEDS_REVIEW))
        self.client.post(self.url, {"title": "Заголовок 2", "body": "Текст", "save": "1"})
        self.uk.refresh_from_db()
        self.assertEqual((self.uk.title, self.uk.status), ("Заголовок 2", T.DRAFT))

    def test_an_empty_title_comes_back_with_an_error(self):
        self.login(self.bob)
        response = self.client.post(self.url, {"title": "", "body": "Текст"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("title", response.context["form"].errors)
        self.assertContains(response, "Текст", status_code=422)

    def test_a_changed_source_is_announced_with_the_current_text(self):
        write(self.announcement, "uk", "Старий", "Старий текст", translator=self.bob)
        self.announcement.title = "Zmieniony tytuł"
        self.announcement.source_revision = 2
        self.announcement.save()
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertTrue(response.context["translation"].source_changed)
        self.assertContains(response, "ann-warning")
        self.assertContains(response, "Zmieniony tytuł")

    @override_settings(MACHINE_TRANSLATION_URL="")
    def test_no_pre_translate_button_when_no_provider_is_configured(self):
        self.login(self.alice)
        self.assertIsNone(self.client.get(self.url).context["pretranslate_url"])

    @override_settings(MACHINE_TRANSLATION_URL="http://127.0.0.1:9")
    def test_the_pre_translate_button_posts_to_the_renderings_page(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        try:
            expected = reverse("renderings:pretranslate", args=[self.announcement.pk, "uk"])
        except NoReverseMatch:
            expected = None
        self.assertEqual(response.context["pretranslate_url"], expected)
        if expected:
            self.assertContains(response, f'action="{expected}"')
