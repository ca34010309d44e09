"""The calendar page: a month grid and a list of the public meetings, with the meetings list's
filters; month navigation across year ends; bad months are a 400, never a 500."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.meetings.factories import make_event
from wspolnie.directory.models import Community, Topic
from wspolnie.meetings.models import Event
from wspolnie.meetings.views_calendar import parse_month, shift_month
from wspolnie.organisations.models import Organisation

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
URL = reverse("meetings:calendar")


def at(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WARSAW)


class MonthsTestCase(SimpleTestCase):
    def test_it_reads_a_year_and_a_month(self):
        today = dt.date(2026, 12, 3)
        self.assertEqual(parse_month("2027-01", today), dt.date(2027, 1, 1))
        self.assertEqual(parse_month(None, today), dt.date(2026, 12, 1))
        self.assertEqual(parse_month("", today), dt.date(2026, 12, 1))
        for bad in ("13", "2026-13", "2026-00", "2026-1", "1999-12", "2101-01", "abc",
                    "2026-12-01", "２０２６-１２"):
            self.assertIsNone(parse_month(bad, today), bad)

    def test_it_steps_across_year_ends(self):
        self.assertEqual(shift_month(dt.date(2026, 12, 1), 1), dt.date(2027, 1, 1))
        self.assertEqual(shift_month(dt.date(2027, 1, 1), -1), dt.date(2026, 12, 1))
        self.assertIsNone(shift_month(dt.date(2000, 1, 1), -1))
        self.assertIsNone(shift_month(dt.date(2100, 12, 1), 1))


class CalendarPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.topic = Topic.objects.create(slug="praca", names={"pl": "Praca", "en": "Work",
                                                               "uk": "Робота"})
        cls.community = Community.objects.create(
            slug="gruzinska", names={"pl": "Gruzińska", "en": "Georgian", "uk": "Грузинська"})
        cls.org.topics.set([cls.topic])
        cls.other_org.communities.set([cls.community])
        cls.pending = Organisation.objects.create(
            name="Czekająca", slug="czekajaca", status=Organisation.Status.PENDING)
        # December 2026 and January 2027, in Wrocław's time.
        cls.cafe = make_event(cls.org, starts_at=at(2026, 12, 14, 17), languages=["pl", "uk"],
                              title={"pl": "Kawa językowa", "en": "Language café"})
        cls.webinar = make_event(
            cls.other_org, starts_at=at(2026, 12, 31, 23, 30), ends_at=at(2027, 1, 1, 1),
            format=Event.Format.ONLINE, languages=["en"], status=Event.Status.AGENDA,
            title={"pl": "Sylwestrowy webinar", "en": "New Year's Eve webinar"})
        cls.january = make_event(cls.org, starts_at=at(2027, 1, 12, 10), format=Event.Format.HYBRID,
                                 title={"pl": "Styczniowe spotkanie", "en": "January meeting"})
        cls.cancelled = make_event(cls.org, starts_at=at(2026, 12, 15, 10),
                                   status=Event.Status.CANCELLED,
                                   title={"pl": "Odwołane spotkanie", "en": "Called off"})
        make_event(cls.org, starts_at=at(2026, 12, 16, 10), status=Event.Status.DRAFT,
                   title={"pl": "Szkic spotkania"})
        make_event(cls.pending, starts_at=at(2026, 12, 17, 10),
                   title={"pl": "Spotkanie czekającej"})

    def page(self, ui_language: str = "pl", **params):
        response = self.client.get(URL, params, HTTP_ACCEPT_LANGUAGE=ui_language)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.content.decode()

    # -- the month grid ---------------------------------------------------------------------

    def test_it_shows_a_month_grid_with_each_days_meetings(self):
        html = self.page("en", month="2026-12")
        self.assertIn('<table class="month-grid">', html)
        self.assertIn("<caption>December 2026</caption>", html)
        self.assertEqual(html.count('<th scope="col">'), 7)
        self.assertIn('<time datetime="2026-12-14">', html)
        self.assertIn(f'href="{self.cafe.get_absolute_url()}"', html)
        self.assertIn("17:00", html)  # Wrocław's time
        self.assertIn("New Year&#x27;s Eve webinar", html)
        self.assertNotIn("January meeting", html)
        self.assertIn("3 meetings in December 2026", html)

    def test_it_shows_only_public_meetings(self):
        html = self.page(month="2026-12")
        self.assertIn("Kawa językowa", html)
        self.assertNotIn("Szkic spotkania", html)
        self.assertNotIn("Spotkanie czekającej", html)

    def test_a_cancelled_meeting_says_so(self):
        html = self.page("en", month="2026-12")
        self.assertIn("Called off", html)
        self.assertIn('class="is-cancelled"', html)

    def test_a_meeting_over_midnight_is_on_both_days(self):
        html = self.page("en", month="2027-01")
        self.assertIn("New Year&#x27;s Eve webinar", html)
        self.assertIn("January meeting", html)

    def test_today_is_marked(self):
        today = timezone.localtime(timezone.now(), WARSAW).date()
        html = self.page("en")
        self.assertIn(f"<caption>{today:%B %Y}</caption>", html)
        self.assertEqual(html.count('aria-current="date"'), 1)
        self.assertIn('class="today-label">today<', html)

    def test_it_links_the_previous_and_next_months_across_year_ends(self):
        html = self.page(month="2026-12")
        self.assertIn('href="?view=month&amp;month=2026-11" rel="prev"', html)
        self.assertIn('href="?view=month&amp;month=2027-01" rel="next"', html)
        html = self.page(month="2027-01")
        self.assertIn('href="?view=month&amp;month=2026-12" rel="prev"', html)
        self.assertIn('href="?view=month&amp;month=2027-02" rel="next"', html)

    def test_a_bad_month_is_a_400_page_not_a_500(self):
        for bad in ("13", "2026-13", "0000-01", "2026-1x", "9999-99", "x" * 500):
            response = self.client.get(URL, {"month": bad}, HTTP_ACCEPT_LANGUAGE="en")
            self.assertEqual(response.status_code, 400, bad)
            self.assertContains(response, "There is no such month", status_code=400)
            self.assertContains(response, f'href="{URL}"', status_code=400)

    def test_an_unknown_view_falls_back_to_the_month(self):
        html = self.page(month="2026-12", view="year")
        self.assertIn('<table class="month-grid">', html)

    # -- the list ---------------------------------------------------------------------------

    def test_the_list_view_groups_the_meetings_by_day(self):
        html = self.page("en", month="2026-12", view="list")
        self.assertNotIn('<table class="month-grid">', html)
        self.assertIn('id="day-2026-12-14"', html)
        self.assertIn("Monday, 14 December", html)
        self.assertIn(reverse("meetings:register", args=[self.cafe.slug]), html)
        self.assertLess(html.index("Language café"), html.index("New Year&#x27;s Eve webinar"))

    def test_an_empty_month_says_so(self):
        html = self.page("en", month="2027-06", view="list")
        self.assertIn("No meetings in this month.", html)

    # -- filters (the meetings list's facets) -----------------------------------------------

    def test_it_filters_by_format(self):
        html = self.page("en", month="2026-12", format="online")
        self.assertIn("New Year&#x27;s Eve webinar", html)
        self.assertNotIn("Language café", html)

    def test_it_filters_by_language(self):
        html = self.page("en", month="2026-12", language="uk")
        self.assertIn("Language café", html)
        self.assertNotIn("New Year&#x27;s Eve webinar", html)

    def test_it_filters_by_topic_and_community_of_the_organisers(self):
        html = self.page("en", month="2026-12", topic="praca")
        self.assertIn("Language café", html)
        self.assertNotIn("New Year&#x27;s Eve webinar", html)
        html = self.page("en", month="2026-12", community="gruzinska")
        self.assertIn("New Year&#x27;s Eve webinar", html)
        self.assertNotIn("Language café", html)

    def test_filters_survive_the_month_navigation(self):
        html = self.page(month="2026-12", format="online")
        self.assertIn('href="?format=online&amp;view=month&amp;month=2027-01" rel="next"', html)
        self.assertIn('href="?format=online&amp;month=2026-12&amp;view=list"', html)

    def test_unknown_filter_values_are_dropped(self):
        html = self.page("en", month="2026-12", format="teleport", topic="nope")
        self.assertIn("3 meetings in December 2026", html)

    def test_it_offers_the_matching_calendar_feed(self):
        html = self.page(month="2026-12", format="online")
        feed = reverse("meetings:feed_ics")
        self.assertIn(f'href="{feed}?format=online"', html)
        response = self.client.get(feed, {"format": "online"})
        body = response.content.decode()
        self.assertIn("webinar", body)
        self.assertNotIn("Kawa", body)
        self.assertNotIn("Szkic", self.client.get(feed).content.decode())

    # -- personas and languages -------------------------------------------------------------

    def test_it_is_public(self):
        self.assertIn("Kawa językowa", self.page(month="2026-12"))

    def test_members_see_no_more_than_the_public(self):
        for user in (self.bob, self.alice, self.charlie, self.staff):
            self.login(user)
            html = self.page(month="2026-12")
            self.assertNotIn("Szkic spotkania", html, user)
            self.assertNotIn("Spotkanie czekającej", html, user)

    def test_it_speaks_polish_english_and_ukrainian(self):
        for language, texts in {
            "pl": ("Kalendarz spotkań", "Następny miesiąc", "Forma", "Temat"),
            "en": ("Calendar of meetings", "Next month", "Format", "Topic"),
            "uk": ("Календар зустрічей", "Наступний місяць", "Тема", "Спільнота"),
        }.items():
            html = self.page(language, month="2026-12")
            self.assertIn(f'lang="{language}"', html)
            for text in texts:
                self.assertIn(text, html, (language, text))
