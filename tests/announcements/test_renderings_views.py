"""renderings:index (previews for managers and translators), renderings:poster (public once
published) and GET /api/announcements/{pk}/renderings/{language}."""

from __future__ import annotations

import datetime as dt
import re

import segno
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from wspolnie.announcements import renderings
from wspolnie.announcements.models import Announcement, AnnouncementTranslation

T = AnnouncementTranslation.Status


class RenderingsSetup(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.announcement = Announcement.objects.create(
            organisation=self.org, title="Zapisy do szkół", source_language="pl",
            body="Zapraszamy **rodziców**.\n\n<script>alert(1)</script>",
        )
        self.uk = AnnouncementTranslation.objects.create(
            announcement=self.announcement, language="uk", title="Запис до шкіл",
            body="Запрошуємо батьків.", status=T.APPROVED,
        )
        self.en = AnnouncementTranslation.objects.create(
            announcement=self.announcement, language="en", title="Enrolment",
            body="Draft text", status=T.NEEDS_REVIEW, translator=self.bob,
        )

    def publish(self, **values) -> None:
        values.setdefault("publish_at", timezone.now() - dt.timedelta(hours=1))
        Announcement.objects.filter(pk=self.announcement.pk).update(
            status=Announcement.Status.PUBLISHED, **values)
        self.announcement.refresh_from_db()


class IndexTestCase(RenderingsSetup):
    def url(self, pk: int | None = None) -> str:
        return reverse("renderings:index", kwargs={"pk": pk or self.announcement.pk})

    def test_it_shows_every_rendering_of_the_chosen_approved_version(self):
        self.login(self.alice)
        response = self.client.get(self.url(), {"language": "uk"})
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("Запис до шкіл", page)
        for platform in ("x", "mastodon", "bluesky", "facebook", "telegram", "whatsapp",
                         "viber", "sms"):
            self.assertIn(f'id="post-{platform}"', page)
            self.assertIn(f'data-copy-target="post-{platform}"', page)
        self.assertIn('data-copy-target="email-html"', page)
        self.assertIn("renderings.js", page)
        self.assertNotIn("onclick", page)
        poster = reverse("renderings:poster", kwargs={"pk": self.announcement.pk,
                                                      "language": "uk"})
        self.assertIn(f'href="{poster}"', page)
        # Language tabs: the source and the approved translation; not the unapproved one.
        self.assertIn('aria-current="page" lang="uk"', page)
        self.assertIn('href="?language=pl"', page)
        self.assertNotIn('href="?language=en"', page)

    def test_script_in_the_body_is_inert(self):
        self.login(self.alice)
        page = self.client.get(self.url(), {"language": "pl"}).content.decode()
        self.assertIn("<strong>rodziców</strong>", page)
        self.assertNotIn("<script>alert(1)", page)

    def test_an_unapproved_or_unknown_language_is_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url(), {"language": "en"}).status_code, 404)
        self.assertEqual(self.client.get(self.url(), {"language": "xx"}).status_code, 404)
        self.assertEqual(self.client.get(self.url(pk=999999)).status_code, 404)

    def test_it_requires_login(self):
        response = self.client.get(self.url())
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url()}",
                             fetch_redirect_response=False)

    def test_draft_for_managers_and_translators_only(self):
        for user, status in ((self.alice, 200), (self.staff, 200), (self.bob, 200),
                             (self.charlie, 404)):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, status, user)
        AnnouncementTranslation.objects.filter(pk=self.en.pk).update(translator=None)
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_it_rejects_other_orgs_admin_once_published(self):
        self.publish()
        for user, status in ((self.alice, 200), (self.staff, 200), (self.bob, 403),
                             (self.charlie, 403)):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, status, user)


class PosterViewTestCase(RenderingsSetup):
    def url(self, language: str = "uk", pk: int | None = None) -> str:
        return reverse("renderings:poster",
                       kwargs={"pk": pk or self.announcement.pk, "language": language})

    def test_a_published_poster_is_public_and_printable(self):
        self.publish()
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn('<h1 class="poster-title">Запис до шкіл</h1>', page)
        self.assertIn("poster.css", page)
        self.assertIn("Fundacja Testowa", page)
        url = renderings.public_url(self.announcement, "uk")
        self.assertIn(url, page)
        drawn = re.search(r' d="([^"]+)"', segno.make(url, error="m").svg_inline()).group(1)
        self.assertIn(drawn, page)

    def test_the_poster_stylesheet_is_a4(self):
        from pathlib import Path

        from django.contrib.staticfiles import finders

        css = Path(finders.find("announcements/poster.css")).read_text(encoding="utf-8")
        self.assertIn("size: A4", css)

    def test_a_draft_poster_only_for_managers_and_translators(self):
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        for user, status in ((self.charlie, 404), (self.alice, 200), (self.bob, 200),
                             (self.staff, 200)):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, status, user)

    def test_unapproved_language_withdrawn_or_future_is_404(self):
        self.publish()
        self.assertEqual(self.client.get(self.url("en")).status_code, 404)
        self.assertEqual(self.client.get(self.url("xx")).status_code, 404)
        self.assertEqual(self.client.get(self.url(pk=999999)).status_code, 404)
        self.publish(publish_at=timezone.now() + dt.timedelta(days=1))
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        Announcement.objects.filter(pk=self.announcement.pk).update(status="withdrawn")
        self.assertEqual(self.client.get(self.url()).status_code, 404)


class RenderingsApiTestCase(RenderingsSetup):
    def api(self, language: str = "uk", pk: int | None = None) -> str:
        return f"/api/announcements/{pk or self.announcement.pk}/renderings/{language}"

    def test_it_returns_every_text_rendering(self):
        self.login(self.alice)
        response = self.client.get(self.api())
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        url = renderings.public_url(self.announcement, "uk")
        self.assertEqual(data["language"], "uk")
        self.assertEqual(data["web"]["title"], "Запис до шкіл")
        self.assertEqual(data["email"]["subject"], "Запис до шкіл")
        self.assertTrue(data["email"]["text"].endswith(url))
        self.assertEqual(data["feed_item"]["link"], url)
        self.assertEqual(set(data["posts"]), set(renderings.PLATFORMS) - {"twitter"})
        for post in data["posts"].values():
            self.assertTrue(post["text"].endswith(url))
            self.assertLessEqual(post["length"], post["limit"])
        self.assertTrue(data["poster_url"].endswith(f"/announcements/{self.announcement.pk}"
                                                    "/poster/uk/"))

    def test_permissions(self):
        self.assertEqual(self.client.get(self.api()).status_code, 401)
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.api()).status_code, 404)
        self.publish()
        response = self.client.get(self.api())
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())
        self.login(self.staff)
        self.assertEqual(self.client.get(self.api()).status_code, 200)

    def test_unapproved_language_is_404_json(self):
        self.login(self.alice)
        for url in (self.api("en"), self.api("xx"), self.api(pk=999999)):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404)
            self.assertIn("detail", response.json())
