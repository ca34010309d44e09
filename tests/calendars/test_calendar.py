"""Imported events in the hub's calendar (month, week, list), its filters and ICS feed, the
event's own page, staff hiding an event, and the API."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.base import BaseTestCase
from tests.meetings.factories import make_event
from wspolnie.accounts import services as account_services
from wspolnie.calendars.models import Feed, ImportedEvent, match_key, uid_hash
from wspolnie.directory.models import Topic
from wspolnie.meetings.models import Event
from wspolnie.meetings.views_calendar import week_code as week_of

from .helpers import next_monday


def imported(feed: Feed, title: str, starts_at: dt.datetime, **values) -> ImportedEvent:
    uid = values.pop("uid", title)
    return ImportedEvent.objects.create(
        feed=feed, uid=uid, uid_hash=uid_hash(uid), title=title, starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        match_key=match_key(title, starts_at, values.get("location", "")), **values)


class ImportedInCalendarTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.start = next_monday()
        self.feed = Feed.objects.create(organisation=self.org, url="https://f.example/a.ics",
                                        last_status=Feed.Status.OK)
        self.cafe = imported(self.feed, "Мовне кафе", self.start, languages=["uk"],
                             location="ul. Ruska 46", description="<p>Rozmowy</p>")
        self.meeting = make_event(self.org, starts_at=self.start + dt.timedelta(days=1))
        self.calendar = reverse("meetings:calendar")
        self.week = {"view": "week", "week": week_of(self.start.date())}

    def test_the_week_view_shows_meetings_and_imported_events_marked_with_their_source(self):
        response = self.client.get(self.calendar, self.week, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Мовне кафе")
        self.assertContains(response, self.cafe.get_absolute_url())
        self.assertContains(response, f"From the calendar of {self.org.name}")
        self.assertContains(response, self.meeting.title_text)
        self.assertContains(response, "2 events this week")
        self.assertContains(response, "Nothing on this day.")
        following = self.client.get(self.calendar, {**self.week, "week": week_of(
            self.start.date() + dt.timedelta(days=7))})
        self.assertNotContains(following, "Мовне кафе")

    def test_month_and_list_views_show_them_too(self):
        month = self.start.strftime("%Y-%m")
        for view in ["month", "list"]:
            with self.subTest(view=view):
                response = self.client.get(self.calendar, {"view": view, "month": month})
                self.assertContains(response, "Мовне кафе")
                self.assertContains(response, self.org.name)

    def test_bad_weeks_are_a_400_page(self):
        for value in ["2026-W60", "soon", "1999-W01"]:
            with self.subTest(week=value):
                response = self.client.get(self.calendar, {"view": "week", "week": value})
                self.assertEqual(response.status_code, 400)

    def test_filters_apply_to_imported_events(self):
        topic = Topic.objects.create(slug="edukacja", names={"pl": "Edukacja"})
        self.cafe.topics.add(topic)
        cases = {
            (("language", "uk"),): True, (("language", "en"),): False,
            (("organiser", self.org.slug),): True, (("organiser", self.other_org.slug),): False,
            (("topic", "edukacja"),): True, (("format", "online"),): False,
            (("q", "кафе"),): True, (("q", "nothing-like-it"),): False,
        }
        self.other_org.topics.add(topic)  # the facet lists it (only known values are kept)
        make_event(self.other_org, starts_at=self.start, format=Event.Format.ONLINE)
        for params, shown in cases.items():
            with self.subTest(params=params):
                response = self.client.get(self.calendar, {**self.week, **dict(params)})
                (self.assertContains if shown else self.assertNotContains)(
                    response, "Мовне кафе")

    def test_the_ics_feeds_carry_imported_events(self):
        body = self.client.get(reverse("meetings:feed_ics")).content.decode()
        self.assertIn("Мовне кафе", body)
        self.assertIn(self.cafe.calendar_uid, body)
        self.assertIn(self.meeting.uid, body)
        body = self.client.get(reverse("meetings:feed_ics"), {"format": "online"}).content
        self.assertNotIn("Мовне кафе", body.decode())
        body = self.client.get(reverse("meetings:organisation_feed_ics",
                                       args=[self.org.slug])).content.decode()
        self.assertIn("Мовне кафе", body)

    def test_the_event_page_is_public_and_sanitised(self):
        ImportedEvent.objects.filter(pk=self.cafe.pk).update(
            description='<p>Rozmowy</p><script>alert(1)</script><a href="javascript:x">x</a>')
        response = self.client.get(self.cafe.get_absolute_url())
        self.assertContains(response, "Мовне кафе")
        self.assertContains(response, "ul. Ruska 46")
        self.assertContains(response, "<p>Rozmowy</p>")
        self.assertNotContains(response, "alert(1)")
        self.assertNotContains(response, "javascript:")
        self.assertNotContains(response, "Hide from the calendar")

    def test_events_of_unapproved_organisations_or_paused_feeds_are_not_public(self):
        Feed.objects.filter(pk=self.feed.pk).update(enabled=False)
        self.assertEqual(self.client.get(self.cafe.get_absolute_url()).status_code, 404)
        self.assertNotContains(self.client.get(self.calendar, self.week), "Мовне кафе")

    def test_staff_hide_an_event_and_show_it_again(self):
        hide = reverse("calendars:event_hide", args=[self.cafe.pk])
        self.login(self.staff)
        self.assertContains(self.client.get(self.cafe.get_absolute_url(),
                                            HTTP_ACCEPT_LANGUAGE="en"), "Hide from the calendar")
        self.assertRedirects(self.client.post(hide, {"hidden": "1"}),
                             self.cafe.get_absolute_url())
        self.client.logout()
        self.assertEqual(self.client.get(self.cafe.get_absolute_url()).status_code, 404)
        self.assertNotContains(self.client.get(self.calendar, self.week), "Мовне кафе")
        self.assertNotIn("Мовне кафе",
                         self.client.get(reverse("meetings:feed_ics")).content.decode())
        self.assertEqual(self.client.get("/api/calendars/events").json()["count"], 0)
        self.login(self.staff)
        self.assertContains(self.client.get(self.cafe.get_absolute_url(),
                                            HTTP_ACCEPT_LANGUAGE="en"), "Hidden by staff")
        self.client.post(hide, {"hidden": "0"})
        self.client.logout()
        self.assertEqual(self.client.get(self.cafe.get_absolute_url()).status_code, 200)

    def test_only_staff_may_hide(self):
        hide = reverse("calendars:event_hide", args=[self.cafe.pk])
        self.assertEqual(self.client.post(hide).status_code, 302)  # to the login
        for user in [self.alice, self.bob, self.charlie]:
            self.login(user)
            self.assertEqual(self.client.post(hide, {"hidden": "1"}).status_code, 403)
            self.assertEqual(self.client.get(hide).status_code, 405)
        self.cafe.refresh_from_db()
        self.assertFalse(self.cafe.hidden_by_staff)


class CalendarsApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.feed = Feed.objects.create(organisation=self.org, url="https://f.example/a.ics",
                                        last_status=Feed.Status.FAILED,
                                        last_error=Feed.Reason.TOO_LARGE)
        self.cafe = imported(self.feed, "Мовне кафе", next_monday(), languages=["uk"])
        self.url = f"/api/calendars/organisations/{self.org.slug}/feeds"

    def test_the_public_list_of_imported_events(self):
        data = self.client.get("/api/calendars/events", {"language": "uk"}).json()
        self.assertEqual(data["count"], 1)
        item = data["items"][0]
        self.assertEqual((item["title"], item["organisation"]), ("Мовне кафе", self.org.slug))
        self.assertEqual(self.client.get("/api/calendars/events", {
            "organisation": self.other_org.slug}).json()["count"], 0)
        self.assertEqual(self.client.get("/api/calendars/events", {
            "starts_after": "2000-01-01T00:00"}).json()["count"], 1)
        self.assertEqual(self.client.get("/api/calendars/events", {
            "starts_after": "tomorrow"}).status_code, 422)

    def test_offsets_beyond_what_postgresql_takes_and_the_ends_of_time_are_no_error(self):
        # ISO 8601 allows "+19:59"; PostgreSQL refuses offsets beyond ±15:59 (schemathesis).
        for starts_after, starts_before, expected in [
            ("2000-01-01T00:00+19:59", "5798-12-23T16:08:45+19:59", 1),
            ("0001-01-01T00:30+01:00", "9999-12-31T23:30-01:00", 1),
            ("5798-12-23T16:08:45+19:59", "", 0),
        ]:
            query = {"starts_after": starts_after}
            if starts_before:
                query["starts_before"] = starts_before
            response = self.client.get("/api/calendars/events", query)
            self.assertEqual(response.status_code, 200, query)
            self.assertEqual(response.json()["count"], expected, query)

    def test_an_organisations_feeds_for_its_admins_and_staff(self):
        self.assertEqual(self.client.get(self.url).status_code, 401)
        for user in [self.bob, self.charlie]:
            token = account_services.do_create_api_token(user, "t")[1]
            response = self.client.get(self.url, HTTP_AUTHORIZATION=f"Bearer {token}")
            self.assertEqual(response.status_code, 403)
            self.assertIn("detail", response.json())
        for user in [self.alice, self.staff]:
            token = account_services.do_create_api_token(user, "t")[1]
            response = self.client.get(self.url, HTTP_AUTHORIZATION=f"Bearer {token}")
            self.assertEqual(response.status_code, 200)
            [feed] = response.json()
            self.assertEqual((feed["url"], feed["status"], feed["error"]),
                             (self.feed.url, "failed", "too_large"))
        token = account_services.do_create_api_token(self.staff, "t")[1]
        self.assertEqual(self.client.get("/api/calendars/organisations/nobody/feeds",
                                         HTTP_AUTHORIZATION=f"Bearer {token}").status_code, 404)
