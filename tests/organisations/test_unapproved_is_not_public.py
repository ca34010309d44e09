"""Nothing of an organisation that is not approved is public (issue #17 point 1).

An admin of a pending organisation writes a meeting with registration open, a series, a
published announcement, a service, a need and a channel. Anonymous visitors and other
organisations find none of it: not on the pages, in the API, the feeds, the site search, the
lists' text search or the exports; the meeting takes no registrations (page and API). Its members
and the staff see their own things, with a notice that they are not public yet. Once the staff
approve the organisation it all appears (search included); once it is rejected it disappears.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.announcements.factories import make_announcement
from tests.base import BaseTestCase, make_user
from tests.channels.helpers import make_channel
from tests.helpers import html_tr
from tests.meetings.factories import make_event, make_series
from tests.needs.helpers import make_item
from tests.services.helpers import make_service
from wspolnie.meetings.models import Event, Registration
from wspolnie.organisations import services as organisation_services
from wspolnie.organisations.models import Membership, Organisation
from wspolnie.search import index

NOTICE_MSGID = "Not public yet."


def notice() -> str:
    return html_tr("pl", NOTICE_MSGID)

REFUSAL_MSGID = ("This meeting takes no registrations yet: its organiser is waiting for approval "
                 "by the hub's staff.")
WORD = "Zielonodrzewo"  # in every title: what the searches look for
#: The titles of the pending organisation's things (the searches' text boxes echo WORD alone).
TITLES = [f"{kind} {WORD}" for kind in
          ("Spotkanie", "Cykl", "Ogloszenie", "Porady", "Szukamy", "Kanal", "Dawne")]


class UnapprovedOrganisationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.pending = Organisation.objects.create(
            name="Grupa Oczekująca", slug="grupa-oczekujaca", kind=Organisation.Kind.INFORMAL_GROUP,
            status=Organisation.Status.PENDING,
        )
        cls.dana = make_user("dana@example.org", "Dana Pending")   # admin of the pending one
        cls.ewa = make_user("ewa@example.org", "Ewa Pending")      # member of the pending one
        Membership.objects.create(user=cls.dana, organisation=cls.pending, role="admin")
        Membership.objects.create(user=cls.ewa, organisation=cls.pending, role="member")
        cls.series = make_series(cls.pending, slug="cykl-oczekujacy",
                                 title={"pl": f"Cykl {WORD}"})
        cls.event = make_event(cls.pending, slug="spotkanie-oczekujace", series=cls.series,
                               title={"pl": f"Spotkanie {WORD}"})
        cls.announcement = make_announcement(cls.pending, published=True,
                                             title=f"Ogloszenie {WORD}", languages=())
        cls.service = make_service(cls.pending, name=f"Porady {WORD}")
        cls.need = make_item(cls.pending, title=f"Szukamy {WORD}")
        cls.channel = make_channel(cls.pending, f"Kanal {WORD}")
        # The same kinds of thing from an approved organisation: the lists are not just empty.
        cls.visible_event = make_event(cls.org, title={"pl": "Spotkanie jawne"})
        index.rebuild()

    def pages(self) -> dict[str, str]:
        """Every page an owned object of the pending organisation is on, by name."""
        return {
            "meeting": self.event.get_absolute_url(),
            "meeting calendar": reverse("meetings:event_ics", args=[self.event.slug]),
            "series": self.series.get_absolute_url(),
            "series calendar": reverse("meetings:series_feed_ics", args=[self.series.slug]),
            "service": self.service.get_absolute_url(),
            "need": self.need.get_absolute_url(),
            "channel": self.channel.get_absolute_url(),
            "news": self.announcement.get_absolute_url(),
        }

    def lists(self) -> dict[str, str]:
        """Pages, feeds, API lists and exports that list things of every organisation."""
        return {
            "meetings": reverse("meetings:list"),
            "meetings text search": reverse("meetings:list") + f"?q={WORD}",
            "calendar.ics": reverse("meetings:feed_ics"),
            "feed.rss": reverse("meetings:feed_rss"),
            "feed.atom": reverse("meetings:feed_atom"),
            "api meetings": "/api/meetings/events",
            "api meetings text search": f"/api/meetings/events?q={WORD}",
            "api series": "/api/meetings/series",
            "news": reverse("news:list"),
            "news feed": reverse("news:feed_rss", args=["pl"]),
            "api announcements": "/api/announcements/",
            "services": reverse("services:list"),
            "services text search": reverse("services:list") + f"?q={WORD}",
            "api services": "/api/services/",
            "needs": reverse("needs:board"),
            "api needs": "/api/needs/",
            "channels": reverse("channels:list"),
            "api channels": "/api/channels/",
            "site search": reverse("search:search") + f"?q={WORD}",
            "api search": f"/api/search/?q={WORD}",
            "services export": reverse("imports:export_file", kwargs={
                "entity": "services", "file_format": "csv"}),
            "channels export": reverse("imports:export_file", kwargs={
                "entity": "channels", "file_format": "csv"}),
        }

    def api_details(self) -> dict[str, str]:
        return {
            "meeting": f"/api/meetings/events/{self.event.slug}",
            "series": f"/api/meetings/series/{self.series.slug}",
            "announcement": f"/api/announcements/{self.announcement.pk}",
            "service": f"/api/services/{self.service.pk}",
            "need": f"/api/needs/{self.need.pk}",
            "channel": f"/api/channels/{self.channel.pk}",
        }

    def assert_hidden(self) -> None:
        for name, url in self.pages().items():
            with self.subTest(page=name):
                self.assertEqual(self.client.get(url).status_code, 404)
        for name, url in self.api_details().items():
            with self.subTest(api=name):
                self.assertEqual(self.client.get(url).status_code, 404)
        for name, url in self.lists().items():
            with self.subTest(list=name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assert_no_title(response.content.decode())

    def assert_no_title(self, text: str) -> None:
        for title in TITLES:
            self.assertNotIn(title, text)

    def test_anonymous_visitors_see_nothing_of_it(self):
        self.assert_hidden()
        self.assertContains(self.client.get(reverse("meetings:list")), "Spotkanie jawne")

    def test_other_organisations_see_nothing_of_it(self):
        for persona in (self.charlie, self.alice, self.bob):
            with self.subTest(persona=persona.name):
                self.login(persona)
                self.assert_hidden()

    def test_its_members_and_staff_see_their_own_things_with_a_notice(self):
        for persona in (self.dana, self.ewa, self.staff):
            self.login(persona)
            for name, url in self.pages().items():
                if name in ("meeting calendar", "series calendar", "news"):
                    continue  # files; the news page is the public one (its page is below)
                with self.subTest(persona=persona.name, page=name):
                    self.assertContains(self.client.get(url), notice())
            if persona == self.ewa:
                continue  # announcements are their organisation admins' work
            with self.subTest(persona=persona.name, page="announcement"):
                url = reverse("announcements:detail", args=[self.announcement.pk])
                self.assertContains(self.client.get(url), notice())

    def test_the_notice_is_not_on_an_approved_organisations_pages(self):
        self.login(self.alice)
        self.assertNotContains(self.client.get(self.visible_event.get_absolute_url()), notice())

    def test_the_meeting_takes_no_registrations_on_the_page(self):
        url = reverse("meetings:register", args=[self.event.slug])
        data = {"name": "Olena", "email": "olena@example.org", "language": "pl"}
        self.assertEqual(self.client.post(url, data).status_code, 404)
        self.login(self.dana)
        response = self.client.post(url, data)
        self.assertContains(response, html_tr("pl", REFUSAL_MSGID), status_code=409)
        self.assertContains(self.client.get(url), html_tr("pl", REFUSAL_MSGID))
        self.assertNotContains(self.client.get(self.event.get_absolute_url()), url)
        self.assertFalse(Registration.objects.filter(event=self.event).exists())

    def test_the_meeting_takes_no_registrations_in_the_api(self):
        url = f"/api/meetings/events/{self.event.slug}/registrations"
        data = {"name": "Olena", "email": "olena@example.org", "language": "uk"}
        response = self.client.post(url, data, content_type="application/json")
        self.assertEqual(response.status_code, 404)
        self.login(self.ewa)
        response = self.client.post(url, data, content_type="application/json",
                                    headers={"accept-language": "uk"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "not_approved")
        self.assertIn("схвалення", response.json()["detail"])
        self.assertFalse(Registration.objects.filter(event=self.event).exists())

    def test_the_refusal_is_translated(self):
        self.login(self.dana)
        url = reverse("meetings:register", args=[self.event.slug])
        response = self.client.get(url, headers={"accept-language": "pl"})
        self.assertContains(response, "zatwierdzenie")

    def test_approval_makes_it_public_and_rejection_hides_it_again(self):
        with self.captureOnCommitCallbacks(execute=True):
            organisation_services.do_approve_organisation(self.staff, self.pending)
        for name, url in self.pages().items():
            with self.subTest(page=name):
                self.assertEqual(self.client.get(url).status_code, 200)
        for name in ("meetings", "calendar.ics", "feed.rss", "api meetings", "news",
                     "services", "needs", "channels", "site search", "api search",
                     "services export"):
            with self.subTest(list=name):
                text = self.client.get(self.lists()[name]).content.decode()
                urls = [self.event.get_absolute_url(), self.service.get_absolute_url(),
                        self.announcement.get_absolute_url()]
                self.assertTrue(any(title in text or url in text
                                    for title in TITLES for url in urls))
        self.assertNotContains(self.client.get(self.event.get_absolute_url()), notice())
        with self.captureOnCommitCallbacks(execute=True):
            organisation_services.do_reject_organisation(self.staff, self.pending, "Spam.")
        self.assert_hidden()

    def test_a_co_organiser_that_is_approved_makes_a_meeting_public_with_its_name_only(self):
        both = make_event([self.pending, self.org], title={"pl": f"Wspólne {WORD}"})
        response = self.client.get(both.get_absolute_url())
        self.assertContains(response, self.org.name)
        self.assertNotContains(response, self.pending.name)
        self.assertEqual(
            self.client.get("/api/meetings/events/" + both.slug).json()["organisers"],
            [self.org.slug])

    def test_a_past_meeting_of_a_pending_organisation_is_not_public_either(self):
        past = make_event(self.pending, title={"pl": f"Dawne {WORD}"}, status=Event.Status.HELD,
                          starts_at=timezone.now() - dt.timedelta(days=20))
        self.assert_no_title(self.client.get(reverse("meetings:past")).content.decode())
        self.assertEqual(self.client.get(past.get_absolute_url()).status_code, 404)
        self.assert_no_title(self.client.get("/api/meetings/events?past=true").content.decode())

    def test_the_organisation_calendar_of_a_pending_organisation_is_not_found(self):
        url = reverse("meetings:organisation_feed_ics", args=[self.pending.slug])
        self.assertEqual(self.client.get(url).status_code, 404)
