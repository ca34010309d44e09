"""/announcements/from-event/<slug>/ and the "Announce this event" button on the meeting page."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.meetings.factories import make_event
from wspolnie.announcements.models import Announcement


class FromEventTests(BaseTestCase):
    def setUp(self) -> None:
        self.event = make_event(self.org, languages=["pl", "uk", "en"])
        self.url = reverse("announcements:from_event", kwargs={"slug": self.event.slug})

    def test_it_requires_login(self):
        self.assertEqual(self.client.post(self.url).status_code, 302)
        self.assertFalse(Announcement.objects.exists())

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 403)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertFalse(Announcement.objects.exists())

    def test_a_missing_meeting_is_404(self):
        self.login(self.staff)
        url = reverse("announcements:from_event", kwargs={"slug": "no-such-meeting"})
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_one_click_from_the_meeting_page(self):
        self.login(self.alice)
        page = self.client.get(self.event.get_absolute_url())
        self.assertContains(page, f'action="{self.url}"')
        response = self.client.post(self.url)
        announcement = Announcement.objects.get()
        self.assertRedirects(response, announcement.get_manage_url())
        self.assertEqual(announcement.event, self.event)
        self.assertEqual(sorted(t.language for t in announcement.translations.all()),
                         ["en", "uk"])

    def test_the_button_is_only_for_the_organisers(self):
        for user in (None, self.bob, self.charlie):
            self.client.logout()
            if user:
                self.login(user)
            self.assertNotContains(self.client.get(self.event.get_absolute_url()), self.url)
