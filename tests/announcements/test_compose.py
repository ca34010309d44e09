"""/announcements/new/ and /announcements/<pk>/edit/: the compose form."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation as django_translation

from tests.base import BaseTestCase
from wspolnie.announcements.models import Announcement, AnnouncementTranslation

from .factories import make_announcement, make_terms, write

CREATE = reverse("announcements:create")
T = AnnouncementTranslation.Status


def form_data(org, **overrides) -> dict:
    data = {
        "organisation": str(org.pk), "kind": "news", "source_language": "pl",
        "title": "Dyżur prawny po ukraińsku", "body": "Co **wtorek** od 16:00.",
        "languages": ["uk", "en"], "other_languages": "ka",
        "topics": ["education"], "communities": ["ukrainian", "georgian"],
        "districts": ["nadodrze"],
        "links": "Zapisy | https://example.org/zapisy\nhttps://example.org/info",
        "event": "", "publish_at": "",
    }
    data.update(overrides)
    return data


class CreateTests(BaseTestCase):
    def setUp(self) -> None:
        make_terms()

    def test_it_requires_login(self):
        response = self.client.get(CREATE)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(CREATE).status_code, 403)
        self.assertEqual(self.client.post(CREATE, form_data(self.org)).status_code, 403)
        self.assertFalse(Announcement.objects.exists())

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        response = self.client.get(CREATE)
        # Only their own organisation is offered …
        self.assertEqual(list(response.context["form"].fields["organisation"].queryset),
                         [self.other_org])
        # … and a forged choice is refused.
        response = self.client.post(CREATE, form_data(self.org))
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Announcement.objects.exists())

    def test_an_org_admin_writes_an_announcement(self):
        self.login(self.alice)
        response = self.client.get(CREATE)
        self.assertContains(response, 'type="checkbox"')
        response = self.client.post(CREATE, form_data(self.org))
        announcement = Announcement.objects.get()
        self.assertRedirects(response, announcement.get_manage_url())
        self.assertEqual(announcement.links, [
            {"url": "https://example.org/zapisy", "label": "Zapisy"},
            {"url": "https://example.org/info", "label": ""},
        ])
        self.assertEqual(sorted(announcement.communities.values_list("slug", flat=True)),
                         ["georgian", "ukrainian"])
        self.assertEqual(sorted(t.language for t in announcement.translations.all()),
                         ["en", "ka", "uk"])

    def test_bad_lines_are_named_and_the_form_comes_back_translated(self):
        self.login(self.alice)
        data = form_data(self.org, title="", other_languages="xx-nope-1",
                         links="Zapisy | https://example.org\nZły | ftp://example.org\n"
                               "javascript:alert(1)")
        with django_translation.override("pl"):
            response = self.client.post(CREATE, data, HTTP_ACCEPT_LANGUAGE="pl")
        self.assertEqual(response.status_code, 422)
        errors = response.context["form"].errors
        self.assertEqual(len(errors["links"]), 2)
        self.assertIn("2", errors["links"][0])
        self.assertIn("3", errors["links"][1])
        self.assertIn("title", errors)
        self.assertIn("other_languages", errors)
        self.assertFalse(Announcement.objects.exists())

    def test_staff_may_write_for_the_hub(self):
        self.login(self.staff)
        response = self.client.post(CREATE, form_data(self.org, organisation=""))
        announcement = Announcement.objects.get()
        self.assertRedirects(response, announcement.get_manage_url())
        self.assertIsNone(announcement.organisation)


class EditTests(BaseTestCase):
    def setUp(self) -> None:
        make_terms()
        self.announcement = make_announcement(self.org, title="Stary tytuł")
        self.url = reverse("announcements:edit", args=[self.announcement.pk])

    def test_it_requires_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, form_data(self.other_org)).status_code, 404)
        self.announcement.refresh_from_db()
        self.assertEqual(self.announcement.title, "Stary tytuł")

    def test_a_translator_may_not_edit_the_source(self):
        write(self.announcement, "uk", translator=self.bob)
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_editing_the_text_flags_translations(self):
        uk = write(self.announcement, "uk", status=T.APPROVED)
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="Stary tytuł"')
        response = self.client.post(self.url, form_data(self.org, title="Nowy tytuł",
                                                        other_languages=""))
        self.assertRedirects(response, self.announcement.get_manage_url())
        uk.refresh_from_db()
        self.assertTrue(uk.source_changed)
        response = self.client.get(self.announcement.get_manage_url())
        self.assertContains(response, "ann-badge-warning")

    def test_a_missing_announcement_is_404(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(reverse("announcements:edit", args=[999999]))
                         .status_code, 404)
