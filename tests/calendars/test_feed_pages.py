"""The pages where an organisation's admins register their calendar feeds: who may use them,
bad input, and the block on the organisation's profile."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.calendars.models import Feed
from wspolnie.core.models import AuditEntry


class FeedPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.feed = Feed.objects.create(organisation=self.org,
                                        url="https://fundacja.example/kalendarz.ics")
        self.list_url = reverse("calendars:feeds", args=[self.org.slug])
        self.edit_url = reverse("calendars:feed_edit", args=[self.feed.pk])
        self.delete_url = reverse("calendars:feed_delete", args=[self.feed.pk])
        self.import_url = reverse("calendars:feed_import", args=[self.feed.pk])

    def test_anonymous_visitors_are_sent_to_the_login(self):
        for url in [self.list_url, self.edit_url, self.delete_url]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])
        response = self.client.post(self.import_url)
        self.assertEqual(response.status_code, 302)

    def test_members_and_other_organisations_admins_are_refused(self):
        for user in [self.bob, self.charlie]:
            self.login(user)
            for url in [self.list_url, self.edit_url, self.delete_url]:
                with self.subTest(user=user.email, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)
            self.assertEqual(self.client.post(self.list_url, {
                "url": "https://evil.example/x.ics", "kind": "ics", "enabled": "on"},
            ).status_code, 403)
            self.assertEqual(self.client.post(self.delete_url).status_code, 403)
            self.assertEqual(self.client.post(self.import_url).status_code, 403)
        self.assertEqual(Feed.objects.count(), 1)

    def test_the_admin_and_staff_see_the_feeds_with_their_status(self):
        Feed.objects.filter(pk=self.feed.pk).update(
            last_status=Feed.Status.FAILED, last_error=Feed.Reason.TIMEOUT)
        for user in [self.alice, self.staff]:
            self.login(user)
            response = self.client.get(self.list_url, HTTP_ACCEPT_LANGUAGE="en")
            self.assertContains(response, self.feed.url)
            self.assertContains(response, html_tr("en", str(Feed.Reason.TIMEOUT.label)))

    def test_the_admin_adds_a_feed(self):
        self.login(self.alice)
        response = self.client.post(self.list_url, {
            "url": "https://fundacja.example/wydarzenia.rss", "kind": "feed", "enabled": "on"})
        self.assertRedirects(response, self.list_url)
        feed = Feed.objects.get(url="https://fundacja.example/wydarzenia.rss")
        self.assertEqual((feed.organisation, feed.kind, feed.enabled), (self.org, "feed", True))
        self.assertTrue(AuditEntry.objects.filter(action="calendar_feed.created").exists())

    def test_bad_addresses_are_refused_with_a_translated_message(self):
        self.login(self.alice)
        for url in ["ftp://fundacja.example/x.ics", "not an address",
                    "https://user:secret@fundacja.example/x.ics", self.feed.url]:
            with self.subTest(url=url):
                response = self.client.post(self.list_url, {"url": url, "kind": "ics"},
                                            HTTP_ACCEPT_LANGUAGE="uk")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'class="error"')
        self.assertEqual(Feed.objects.count(), 1)

    def test_the_admin_edits_pauses_and_removes_a_feed(self):
        self.login(self.alice)
        response = self.client.post(self.edit_url, {
            "url": "https://fundacja.example/nowy.ics", "kind": "ics"})
        self.assertRedirects(response, self.list_url)
        self.feed.refresh_from_db()
        self.assertEqual((self.feed.url, self.feed.enabled),
                         ("https://fundacja.example/nowy.ics", False))
        response = self.client.get(self.delete_url)
        self.assertContains(response, self.feed.url)
        self.assertRedirects(self.client.post(self.delete_url), self.list_url)
        self.assertFalse(Feed.objects.exists())

    def test_import_now_records_the_result(self):
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.import_url)
        self.assertRedirects(response, self.list_url)
        self.feed.refresh_from_db()
        # example domains are not reachable from the tests: a recorded failure, not an error.
        self.assertEqual(self.feed.last_status, Feed.Status.FAILED)
        self.assertIsNotNone(self.feed.last_checked)

    def test_the_profile_shows_the_block_to_its_admins_only(self):
        profile = self.org.get_absolute_url()
        self.login(self.alice)
        self.assertContains(self.client.get(profile), self.list_url)
        for user in [self.bob, self.charlie]:
            self.login(user)
            self.assertNotContains(self.client.get(profile), self.list_url)
        self.client.logout()
        self.assertNotContains(self.client.get(profile), self.list_url)
