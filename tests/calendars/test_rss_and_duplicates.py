"""RSS/Atom feeds, de-duplication (against the hub's own meetings and earlier feeds) and the
worker's sweep that imports the feeds that are due."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.meetings.factories import make_event
from wspolnie.calendars import sweeps
from wspolnie.calendars.models import Feed
from wspolnie.calendars.services import import_feed

from .feedserver import Route
from .helpers import FeedServerTestCase, next_monday, recurring_ics, rss_feed


class RssAndDuplicatesTestCase(FeedServerTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.start = next_monday()

    def feed(self, organisation, path: str, body: bytes, kind=Feed.Kind.FEED) -> Feed:
        self.server.routes[path] = Route(body=body, content_type="application/rss+xml")
        return Feed.objects.create(organisation=organisation, url=self.server.url(path),
                                   kind=kind)

    def test_an_rss_feed_with_event_dates_is_imported(self):
        feed = self.feed(self.other_org, "/inne.rss", rss_feed([
            ("g1", "Wieczór poezji", self.start, "Klub Proza"),
            ("g2", "Stary wieczór", self.start - dt.timedelta(days=400), "Klub"),
        ]))
        feed = import_feed(feed.pk)
        self.assertEqual(feed.last_status, Feed.Status.OK)
        [event] = feed.events.all()
        self.assertEqual((event.title, event.starts_at, event.location, event.languages),
                         ("Wieczór poezji", self.start, "Klub Proza", ["uk"]))
        self.assertEqual(event.url, "https://inne.example/g1")
        self.assertEqual(event.description, "<p>Zapraszamy</p>")

    def test_the_hubs_own_meetings_and_earlier_feeds_are_not_repeated(self):
        meeting = make_event(self.org, starts_at=self.start + dt.timedelta(days=1),
                             title={"pl": "Spotkanie sieci", "en": "Network meeting"})
        first = self.feed(self.org, "/first.ics", recurring_ics(self.start), Feed.Kind.ICS)
        import_feed(first.pk)
        second = self.feed(self.other_org, "/second.rss", rss_feed([
            ("other-id", "Мовне  КАФЕ", self.start, "ul. Ruska 46, Wrocław"),  # same event
            ("m1", "Network meeting", meeting.starts_at, "Sala"),  # the hub's meeting
            ("own", "Coś nowego", self.start + dt.timedelta(days=2), "Rynek"),
        ]))
        second = import_feed(second.pk)
        self.assertEqual(list(second.events.values_list("title", flat=True)), ["Coś nowego"])
        self.assertEqual((second.imported_count, second.duplicate_count), (1, 2))

    def test_the_sweep_imports_the_feeds_that_are_due_once(self):
        self.server.routes["/a.ics"] = Route(body=recurring_ics(self.start))
        due = Feed.objects.create(organisation=self.org, url=self.server.url("/a.ics"))
        fresh = Feed.objects.create(organisation=self.other_org, url=self.server.url("/b.ics"),
                                    last_checked=timezone.now())
        paused = Feed.objects.create(organisation=self.other_org, enabled=False,
                                     url=self.server.url("/c.ics"))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(sweeps.sweep(), 1)
        due.refresh_from_db()
        self.assertEqual((due.last_status, due.imported_count), (Feed.Status.OK, 4))
        self.assertIsNone(due.enqueued_at)
        self.assertEqual(sweeps.sweep(), 0)  # checked just now
        for feed in (fresh, paused):
            feed.refresh_from_db()
            self.assertEqual(feed.last_status, Feed.Status.NEW)
