"""Importing members' calendar feeds from a real HTTP server on loopback (issue #13): a valid
feed with a recurring event and a broken one, conditional requests, and the feeds that must be
refused (private addresses, huge, slow, redirect loops)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.test import override_settings

from tests.helpers import subject_of, tr
from tests.smtp import body_text
from wspolnie.calendars.models import Feed, ImportedEvent
from wspolnie.calendars.services import import_feed
from wspolnie.directory.models import Topic

from .feedserver import Route
from .helpers import FeedServerTestCase, next_monday, recurring_ics

R = Feed.Reason


class TwoMembersFeedsTestCase(FeedServerTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.education = Topic.objects.create(slug="edukacja", names={
            "pl": "Edukacja", "en": "Education", "uk": "Освіта"})
        self.start = next_monday()
        self.server.routes["/fundacja.ics"] = Route(body=recurring_ics(self.start),
                                                    etag='"v1"')
        self.server.routes["/inne.ics"] = Route(body=b"BEGIN:VCALENDAR\r\nthis is not it")
        self.good = Feed.objects.create(organisation=self.org,
                                        url=self.server.url("/fundacja.ics"))
        self.broken = Feed.objects.create(organisation=self.other_org,
                                          url=self.server.url("/inne.ics"))

    def run_command(self) -> str:
        out = io.StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("import_calendars", stdout=out)
        return out.getvalue()

    def test_the_valid_feed_is_imported_and_the_broken_one_reported_to_its_admins(self):
        output = self.run_command()
        self.assertIn("2 feeds, 1 failed", output)
        self.good.refresh_from_db()
        self.broken.refresh_from_db()
        self.assertEqual(self.good.last_status, Feed.Status.OK)
        self.assertEqual(self.broken.last_status, Feed.Status.FAILED)
        self.assertEqual(self.broken.last_error, R.MALFORMED)
        cafe = list(self.good.events.filter(title="Мовне кафе").order_by("starts_at"))
        # Four Mondays, the third excepted, at 18:00 in Wrocław (whatever the DST).
        self.assertEqual([event.starts_at for event in cafe], [
            self.start, self.start + dt.timedelta(weeks=1), self.start + dt.timedelta(weeks=3)])
        self.assertEqual(cafe[0].ends_at - cafe[0].starts_at, dt.timedelta(hours=2))
        self.assertEqual(cafe[0].languages, ["uk"])
        self.assertEqual(cafe[0].location, "ul. Ruska 46, Wrocław")
        self.assertNotIn("<script", cafe[0].description)
        self.assertIn("Rozmowy po polsku", cafe[0].description)
        workshop = self.good.events.get(title="Warsztat: CV po polsku")
        self.assertEqual(list(workshop.topics.all()), [self.education])
        self.assertEqual(self.good.imported_count, 4)
        self.assertFalse(self.broken.events.exists())
        # One mail, to the broken feed's organisation's admin only, saying why.
        messages = self.smtp.wait_for(1)
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages[0]["To"], "charlie@example.org")
        self.assertIn(self.other_org.name, subject_of(messages[0]))
        self.assertIn(tr("pl", str(R.MALFORMED.label)), body_text(messages[0]))
        self.assertIn(self.broken.url, body_text(messages[0]))

    def test_a_failure_is_reported_once_and_again_after_a_recovery(self):
        self.run_command()
        self.run_command()
        self.assertEqual(len(self.smtp.wait_for(2, timeout=0.5)), 1)
        self.server.routes["/inne.ics"] = Route(body=recurring_ics(self.start + dt.timedelta(
            hours=1)))
        self.run_command()
        self.broken.refresh_from_db()
        self.assertEqual(self.broken.last_status, Feed.Status.OK)
        # The workshop is the other feed's (same UID, an earlier feed): left out.
        self.assertEqual((self.broken.imported_count, self.broken.duplicate_count), (3, 1))
        self.server.routes["/inne.ics"] = Route(status=500)
        self.run_command()
        messages = self.smtp.wait_for(2)
        self.assertEqual(len(messages), 2)
        self.broken.refresh_from_db()
        self.assertEqual((self.broken.last_error, self.broken.last_error_detail),
                         (R.HTTP_ERROR, "HTTP 500"))
        # The events imported before the failure stay.
        self.assertEqual(self.broken.events.count(), 3)

    def test_the_second_import_asks_conditionally_and_changes_nothing(self):
        self.run_command()
        before = {event.pk: event.updated for event in self.good.events.all()}
        self.run_command()
        path, headers = [request for request in self.server.requests
                         if request[0] == "/fundacja.ics"][-1]
        self.assertEqual(headers.get("If-None-Match"), '"v1"')
        self.good.refresh_from_db()
        self.assertEqual(self.good.last_status, Feed.Status.NOT_MODIFIED)
        self.assertEqual({event.pk: event.updated for event in self.good.events.all()}, before)
        self.assertEqual(self.good.imported_count, 4)

    def test_a_changed_feed_updates_and_removes_events_and_keeps_what_staff_hid(self):
        self.run_command()
        hidden = self.good.events.get(title="Warsztat: CV po polsku")
        ImportedEvent.objects.filter(pk=hidden.pk).update(hidden_by_staff=True)
        body = recurring_ics(self.start).replace(b"COUNT=4", b"COUNT=2").replace(
            b"Rynek 1", b"Rynek 2")
        self.server.routes["/fundacja.ics"] = Route(body=body, etag='"v2"')
        self.run_command()
        self.assertEqual(self.good.events.filter(title="Мовне кафе").count(), 2)
        hidden.refresh_from_db()
        self.assertEqual((hidden.location, hidden.hidden_by_staff), ("Rynek 2", True))


class RefusedFeedsTestCase(FeedServerTestCase):
    def refused(self, path: str, route: Route | None = None, url: str = "") -> Feed:
        if route is not None:
            self.server.routes[path] = route
        feed = Feed.objects.create(organisation=self.org, url=url or self.server.url(path))
        with self.captureOnCommitCallbacks(execute=True):
            feed = import_feed(feed.pk)
        self.assertEqual(feed.last_status, Feed.Status.FAILED)
        self.assertFalse(feed.events.exists())
        return feed

    def test_private_and_loopback_addresses_are_refused_without_the_setting(self):
        self.server.routes["/ok.ics"] = Route(body=recurring_ics())
        with override_settings(CALENDAR_FEEDS_ALLOW_HOSTS=[]):
            for url in [self.server.url("/ok.ics"), "http://localhost:9/x.ics",
                        "http://10.1.2.3/x.ics", "http://169.254.169.254/latest/meta-data/",
                        "http://[::1]:9/x.ics", "http://[::ffff:127.0.0.1]:9/x.ics",
                        "http://0.0.0.0:9/x.ics"]:
                with self.subTest(url=url):
                    feed = self.refused("", url=url)
                    self.assertEqual(feed.last_error, R.PRIVATE_ADDRESS)
                    feed.delete()
        self.assertEqual(self.server.requests, [])

    def test_a_redirect_to_a_private_address_is_refused(self):
        feed = self.refused("/moved.ics", Route(status=302, location="http://10.0.0.1/x.ics"))
        self.assertEqual(feed.last_error, R.PRIVATE_ADDRESS)

    def test_a_redirect_loop_is_refused(self):
        self.server.routes["/b.ics"] = Route(status=301, location="/a.ics")
        feed = self.refused("/a.ics", Route(status=302, location=self.server.url("/b.ics")))
        self.assertEqual(feed.last_error, R.REDIRECT_LOOP)

    @override_settings(CALENDAR_FEEDS_MAX_REDIRECTS=2)
    def test_too_many_redirects_are_refused(self):
        for number in range(4):
            self.server.routes[f"/r{number}"] = Route(status=307, location=f"/r{number + 1}")
        feed = self.refused("/r0")
        self.assertEqual(feed.last_error, R.TOO_MANY_REDIRECTS)

    @override_settings(CALENDAR_FEEDS_MAX_BYTES=100_000)
    def test_a_huge_feed_is_refused_with_or_without_its_length(self):
        feed = self.refused("/huge.ics", Route(body=b"BEGIN:VCALENDAR\r\n" + b"X" * 200_000))
        self.assertEqual(feed.last_error, R.TOO_LARGE)
        feed = self.refused("/endless.ics", Route(endless=10_000_000))
        self.assertEqual(feed.last_error, R.TOO_LARGE)

    @override_settings(CALENDAR_FEEDS_TIMEOUT=0.3)
    def test_a_slow_feed_is_given_up(self):
        feed = self.refused("/slow.ics", Route(hang=True))
        self.assertEqual(feed.last_error, R.TIMEOUT)

    def test_malformed_feeds_are_refused(self):
        cases = {
            "/html.ics": Route(body=b"<html><body>Not found</body></html>"),
            "/broken-rss": Route(body=b"<rss><channel><item>", content_type="text/xml"),
        }
        for path, route in cases.items():
            with self.subTest(path=path):
                self.server.routes[path] = route
                feed = Feed.objects.create(organisation=self.org, url=self.server.url(path),
                                           kind=Feed.Kind.FEED if "rss" in path else "ics")
                feed = import_feed(feed.pk)
                self.assertEqual((feed.last_status, feed.last_error),
                                 (Feed.Status.FAILED, R.MALFORMED))

    def test_only_web_addresses_are_fetched(self):
        feed = self.refused("", url="file:///etc/passwd")
        self.assertEqual(feed.last_error, R.BAD_URL)
