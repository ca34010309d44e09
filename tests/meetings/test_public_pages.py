"""Public pages: upcoming and past lists with filters, series page, event page, feeds."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.meetings.models import AgendaItem, Event, Theme
from wspolnie.organisations.models import Organisation

from .calendars import read_both
from .factories import make_event, make_series, register

S = Event.Status


class PublicPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.series = make_series(self.org, slug="wspolnie-2023",
                                  title={"pl": "Wspólnie o międzykulturowości",
                                         "en": "Together on interculturality"})
        self.support = Theme.objects.create(series=self.series, slug="support",
                                            names={"pl": "Wsparcie", "en": "Support"})
        self.online = make_event(self.org, slug="online", series=self.series, number=2,
                                 theme=self.support, format=Event.Format.ONLINE,
                                 languages=["pl", "uk"],
                                 online_link="https://meet.example.org/never-public")
        self.live = make_event(self.other_org, slug="na-zywo", status=S.AGENDA,
                               title={"pl": "Na żywo", "en": "Live"}, languages=["en"],
                               starts_at=timezone.now() + dt.timedelta(days=20))
        self.save_the_date = make_event(self.org, slug="zapisz-date", status=S.SAVE_THE_DATE,
                                        description={"pl": "Tajny opis"},
                                        venue_name="Tajna sala",
                                        starts_at=timezone.now() + dt.timedelta(days=60))
        self.past = make_event(self.org, slug="dawne", series=self.series, number=1,
                               status=S.REPORT_PUBLISHED, report={"en": "It went well."},
                               starts_at=timezone.now() - dt.timedelta(days=40))
        self.draft = make_event(self.org, slug="szkic", status=S.DRAFT,
                                title={"pl": "Szkic spotkania"})
        AgendaItem.objects.create(event=self.live, time=dt.time(17, 30),
                                  title={"pl": "Rozmowy", "en": "Talks"}, speakers="Ola")
        register(self.online, "olena@example.org", "Olena Kowalenko")

    def slugs(self, response) -> list[str]:
        return [event.slug for event in response.context["page"]]

    def test_upcoming_lists_public_meetings_soonest_first(self):
        response = self.client.get(reverse("meetings:list"))
        self.assertEqual(self.slugs(response), ["online", "na-zywo", "zapisz-date"])
        self.assertNotContains(response, "Szkic spotkania")

    def test_past_lists_held_meetings(self):
        self.assertEqual(self.slugs(self.client.get(reverse("meetings:past"))), ["dawne"])

    def test_filters(self):
        url = reverse("meetings:list")
        for query, expected in [
            ({"series": "wspolnie-2023"}, ["online"]),
            ({"theme": self.support.pk}, ["online"]),
            ({"format": "online"}, ["online"]),
            ({"organiser": self.other_org.slug}, ["na-zywo"]),
            ({"language": "en"}, ["na-zywo"]),
            ({"language": "uk", "format": "in_person"}, []),
        ]:
            self.assertEqual(self.slugs(self.client.get(url, query)), expected, query)

    def test_a_nonsense_filter_is_ignored_with_a_message(self):
        response = self.client.get(reverse("meetings:list"), {"format": "teleport"})
        self.assertEqual(response.status_code, 200)

    def test_series_page_lists_upcoming_and_past_editions(self):
        response = self.client.get(self.series.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Together on interculturality")
        self.assertEqual([e.slug for e in response.context["upcoming"]], ["online"])
        self.assertEqual([e.slug for e in response.context["past"]], ["dawne"])

    def test_event_page_shows_the_agenda_and_remaining_seats(self):
        Event.objects.filter(pk=self.live.pk).update(status=S.REGISTRATION_OPEN, capacity=5)
        response = self.client.get(self.live.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Talks")
        self.assertContains(response, "17:30")
        self.assertContains(response, "5 seats left.")
        self.assertContains(response, reverse("meetings:event_ics", args=["na-zywo"]))

    def test_save_the_date_shows_the_date_but_not_the_details(self):
        response = self.client.get(self.save_the_date.get_absolute_url(),
                                   HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Save the date: the agenda and the registration form "
                                      "will follow.")
        self.assertNotContains(response, "Tajny opis")
        self.assertNotContains(response, "Tajna sala")

    def test_after_the_report_the_page_shows_it(self):
        response = self.client.get(self.past.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "It went well.")

    def test_the_online_link_and_the_people_are_never_on_public_pages(self):
        for persona in (None, self.bob, self.charlie):
            if persona:
                self.login(persona)
            for url in [reverse("meetings:list"), self.online.get_absolute_url(),
                        reverse("meetings:register", args=["online"]),
                        self.series.get_absolute_url(), reverse("meetings:feed_ics"),
                        reverse("meetings:feed_rss"), reverse("meetings:feed_atom"),
                        reverse("meetings:event_ics", args=["online"]),
                        reverse("meetings:series_feed_ics", args=["wspolnie-2023"]),
                        f"/api/meetings/events/{self.online.slug}", "/api/meetings/events"]:
                content = self.client.get(url).content.decode()
                self.assertNotIn("never-public", content, url)
                self.assertNotIn("olena@example.org", content, url)
                self.assertNotIn("Olena Kowalenko", content, url)

    def test_the_pages_speak_ukrainian(self):
        response = self.client.get(reverse("meetings:list"), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, html_tr("uk", "Upcoming meetings"))


class FeedsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.series = make_series(self.org, slug="cykl")
        self.first = make_event(self.org, slug="pierwsze", series=self.series,
                                starts_at=timezone.now() - dt.timedelta(days=30),
                                status=S.HELD)
        self.second = make_event([self.org, self.other_org], slug="drugie",
                                 series=self.series, description={"pl": "<b>Opis</b> & więcej"})
        self.other = make_event(self.other_org, slug="inne",
                                title={"pl": "Cancel & <script>", "en": "Other"},
                                status=S.CANCELLED)
        self.draft = make_event(self.org, slug="szkic", status=S.DRAFT)

    def uids(self, url: str) -> set[str]:
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        parsed, second = read_both(response.content)
        uids = {str(event["UID"]) for event in parsed.walk("VEVENT")}
        self.assertEqual(uids, {event.uid.value for event in
                                getattr(second, "vevent_list", [])})
        return uids

    def test_the_feed_for_everything_holds_all_public_meetings(self):
        self.assertEqual(self.uids(reverse("meetings:feed_ics")),
                         {self.first.uid, self.second.uid, self.other.uid})

    def test_the_series_feed(self):
        self.assertEqual(self.uids(reverse("meetings:series_feed_ics", args=["cykl"])),
                         {self.first.uid, self.second.uid})

    def test_the_organisation_feed(self):
        self.assertEqual(
            self.uids(reverse("meetings:organisation_feed_ics", args=[self.other_org.slug])),
            {self.second.uid, self.other.uid})

    def test_a_pending_organisation_has_no_feed(self):
        Organisation.objects.filter(pk=self.other_org.pk).update(status="pending")
        self.assertEqual(self.client.get(
            reverse("meetings:organisation_feed_ics", args=[self.other_org.slug])).status_code,
            404)

    def test_cancelled_meetings_stay_in_the_feed_marked_cancelled(self):
        parsed, _ = read_both(self.client.get(reverse("meetings:feed_ics")).content)
        statuses = {str(e["UID"]): str(e["STATUS"]) for e in parsed.walk("VEVENT")}
        self.assertEqual(statuses[self.other.uid], "CANCELLED")

    def test_rss_and_atom_list_upcoming_meetings_escaped(self):
        rss = ET.fromstring(self.client.get(reverse("meetings:feed_rss")).content)  # noqa: S314
        titles = [item.findtext("title") for item in rss.iter("item")]
        self.assertEqual(len(titles), 1)
        self.assertTrue(titles[0].startswith("Spotkanie"))
        description = next(rss.iter("item")).findtext("description")
        self.assertIn("&lt;b&gt;Opis&lt;/b&gt;", description)
        atom = ET.fromstring(self.client.get(reverse("meetings:feed_atom")).content)  # noqa: S314
        entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
        self.assertEqual(len(entries), 1)


class ProfileSectionTestCase(BaseTestCase):
    def test_the_organisation_page_lists_its_meetings_and_feed(self):
        make_event(self.org, slug="na-profilu", title={"pl": "Spotkanie na profilu"})
        make_event(self.org, slug="ukryte", status=S.DRAFT, title={"pl": "Ukryty szkic"})
        response = self.client.get(self.org.get_absolute_url())
        self.assertContains(response, "Spotkanie na profilu")
        self.assertNotContains(response, "Ukryty szkic")
        self.assertContains(response, reverse("meetings:organisation_feed_ics",
                                              args=[self.org.slug]))
        self.assertNotContains(response, reverse("meetings:create"))
        self.login(self.alice)
        self.assertContains(self.client.get(self.org.get_absolute_url()),
                            reverse("meetings:create"))

    def test_an_organisation_without_meetings_shows_no_block(self):
        response = self.client.get(self.other_org.get_absolute_url())
        self.assertNotContains(response, 'id="meetings-heading"')
