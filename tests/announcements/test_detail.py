"""/announcements/<pk>/: the working page of one announcement."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from tests.base import BaseTestCase
from wspolnie.announcements.models import AnnouncementTranslation

from .factories import make_announcement, write

T = AnnouncementTranslation.Status


class DetailTests(BaseTestCase):
    def setUp(self) -> None:
        self.announcement = make_announcement(
            self.org, title="Dyżur prawny",
            body="Tekst z <script>alert(1)</script> i [linkiem](javascript:alert(2)).",
        )
        self.url = reverse("announcements:detail", args=[self.announcement.pk])

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)

    def test_it_requires_org_admin(self):
        # A plain member does not even learn that the draft exists.
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.announcement.status = "published"
        self.announcement.publish_at = self.announcement.created
        self.announcement.save()
        # Published: public, but this page is for the people working on it.
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_a_missing_one_is_404(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(reverse("announcements:detail", args=[987654]))
                         .status_code, 404)

    def test_the_manager_sees_every_language_with_its_status_and_buttons(self):
        write(self.announcement, "uk", status=T.NEEDS_REVIEW, translator=self.bob)
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Dyżur prawny")
        self.assertContains(response, "ann-badge-needs_review")
        self.assertContains(response, "ann-badge-missing")
        self.assertContains(response, "Bob Member")
        for name, args in [("publish", [self.announcement.pk]),
                           ("approve", [self.announcement.pk, "uk"]),
                           ("reject", [self.announcement.pk, "uk"]),
                           ("assign", [self.announcement.pk, "en"]),
                           ("edit", [self.announcement.pk])]:
            self.assertContains(response, reverse(f"announcements:{name}", args=args))
        # The body is sanitised Markdown.
        self.assertNotContains(response, "<script>alert(1)")
        self.assertNotContains(response, 'href="javascript:')

    def test_a_translator_sees_their_language_but_no_manager_buttons(self):
        write(self.announcement, "uk", translator=self.bob)
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, reverse("announcements:translation",
                                              args=[self.announcement.pk, "uk"]))
        self.assertNotContains(response, reverse("announcements:translation",
                                                 args=[self.announcement.pk, "en"]))
        self.assertNotContains(response, reverse("announcements:publish",
                                                 args=[self.announcement.pk]))
        self.assertNotContains(response, reverse("announcements:assign",
                                                 args=[self.announcement.pk, "uk"]))

    def test_links_to_the_other_outreach_pages_appear_when_they_exist(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        for key in ("renderings_url", "plan_url", "coverage_url"):
            url = response.context[key]
            if url is not None:
                self.assertContains(response, url)

    @override_settings(MACHINE_TRANSLATION_URL="")
    def test_a_stale_translation_is_flagged(self):
        write(self.announcement, "uk", status=T.APPROVED)
        self.announcement.source_revision = 2
        self.announcement.save()
        self.login(self.alice)
        self.assertContains(self.client.get(self.url), "ann-badge-warning")
