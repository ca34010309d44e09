"""Meetings and news are in the site search (issue #18 point 10), with only public text."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation

from tests.announcements.factories import make_announcement, write
from tests.base import BaseTestCase
from tests.meetings.factories import make_event
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.meetings.models import AgendaItem, Event
from wspolnie.search.models import SearchEntry
from wspolnie.search.query import search

from .helpers import make_org, rebuild

SECRET_LINK = "https://meet.example.org/tajny-pokoj-xq7"


def keys(text: str, kind=None) -> list[str]:
    return [hit.key for hit in search(text, kinds=kind).hits]


class MeetingsInSearchTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.pending = make_org("Grupa Oczekująca", status="pending")
        cls.event = make_event(
            cls.org, title={"pl": "Inauguracja cyklu", "en": "Opening of the series"},
            description={"pl": "Rozmowa o międzykulturowości we Wrocławiu."},
            format=Event.Format.HYBRID, venue_name="Sala Kominkowa",
            venue_address="ul. Świdnicka 1", online_link=SECRET_LINK,
        )
        AgendaItem.objects.create(event=cls.event, title={"pl": "Powitanie gości"},
                                  speakers="Anna Kowalczyk")
        cls.draft = make_event(cls.org, title={"pl": "Inauguracja robocza"},
                               status=Event.Status.DRAFT)
        cls.of_pending = make_event(cls.pending, title={"pl": "Inauguracja oczekująca"})
        cls.save_the_date = make_event(
            cls.org, title={"pl": "Zjazd jesienny"}, status=Event.Status.SAVE_THE_DATE,
            description={"pl": "Szczegóły tajemnicze"})
        rebuild()

    def test_inauguracja_finds_the_public_meeting_only(self):
        self.assertEqual(keys("Inauguracja"), [f"meetings.event:{self.event.pk}"])
        response = self.client.get(reverse("search:search"), {"q": "inauguracja"})
        self.assertContains(response, self.event.get_absolute_url())
        self.assertNotContains(response, self.draft.get_absolute_url())
        self.assertNotContains(response, self.of_pending.get_absolute_url())

    def test_description_agenda_place_and_other_languages_are_found(self):
        for text in ("miedzykulturowosci", "powitanie", "kowalczyk", "kominkowa",
                     "swidnicka", "opening"):
            with self.subTest(text=text):
                self.assertEqual(keys(text, "meeting"), [f"meetings.event:{self.event.pk}"])

    def test_the_video_link_is_never_indexed_or_found(self):
        self.assertFalse(SearchEntry.objects.filter(body__contains="tajny").exists())
        self.assertEqual(keys("tajny pokoj xq7"), [])
        self.assertEqual(keys("meet.example.org"), [])

    def test_save_the_date_shows_no_details(self):
        self.assertEqual(keys("zjazd"), [f"meetings.event:{self.save_the_date.pk}"])
        self.assertEqual(keys("tajemnicze"), [])

    def test_the_kind_filter_and_label(self):
        [hit] = search("inauguracja", kinds="meeting").hits
        self.assertEqual(hit.kind, "meeting")
        with translation.override("en"):
            self.assertEqual(str(hit.kind_label), "Meeting")
        response = self.client.get("/api/search/", {"q": "inauguracja", "kind": "meeting"})
        self.assertEqual(response.json()["total"], 1)

    def test_status_and_organiser_changes_reindex(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.draft.status = Event.Status.AGENDA
            self.draft.save()
        self.assertIn(f"meetings.event:{self.draft.pk}", keys("robocza"))
        with self.captureOnCommitCallbacks(execute=True):
            self.draft.status = Event.Status.DRAFT
            self.draft.save()
        self.assertEqual(keys("robocza"), [])
        with self.captureOnCommitCallbacks(execute=True):
            self.pending.status = "approved"
            self.pending.save()
        self.assertIn(f"meetings.event:{self.of_pending.pk}", keys("oczekujaca", "meeting"))
        with self.captureOnCommitCallbacks(execute=True):
            AgendaItem.objects.create(event=self.event, title={"pl": "Podsumowanie"})
        self.assertEqual(keys("podsumowanie"), [f"meetings.event:{self.event.pk}"])


class NewsInSearchTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.pending = make_org("Grupa Oczekująca", status="pending")
        cls.news = make_announcement(cls.org, published=True, title="Inauguracja sezonu",
                                     body="Zapraszamy na **otwarcie** świetlicy.")
        write(cls.news, "uk", title="Відкриття сезону", body="Запрошуємо",
              status=AnnouncementTranslation.Status.APPROVED)
        write(cls.news, "en", title="Season opening unreviewed", body="Machine text",
              status=AnnouncementTranslation.Status.DRAFT)
        cls.draft = make_announcement(cls.org, title="Inauguracja szkic")
        cls.withdrawn = make_announcement(cls.org, published=True, title="Inauguracja wycofana",
                                          status=Announcement.Status.WITHDRAWN)
        cls.future = make_announcement(
            cls.org, published=True, title="Inauguracja przyszła",
            publish_at=timezone.now() + dt.timedelta(hours=2))
        cls.of_pending = make_announcement(cls.pending, published=True,
                                           title="Inauguracja oczekująca")
        rebuild()

    def test_inauguracja_finds_the_published_news_only(self):
        self.assertEqual(keys("Inauguracja"), [f"announcements.announcement:{self.news.pk}"])
        [hit] = search("inauguracja").hits
        with translation.override("en"):
            self.assertEqual((hit.kind, str(hit.kind_label)), ("news", "News"))
        self.assertEqual(hit.url, self.news.get_absolute_url())

    def test_approved_translations_are_found_unreviewed_ones_are_not(self):
        self.assertEqual(keys("відкриття"), [f"announcements.announcement:{self.news.pk}"])
        self.assertEqual(keys("unreviewed"), [])
        self.assertEqual(keys("otwarcie swietlicy"),
                         [f"announcements.announcement:{self.news.pk}"])

    def test_a_future_publication_is_found_from_its_date_without_a_reindex(self):
        self.assertEqual(keys("przyszla"), [])
        Announcement.objects.filter(pk=self.future.pk).update(
            publish_at=timezone.now() - dt.timedelta(minutes=1))
        # The index still holds the old date: time passing is simulated by moving it.
        SearchEntry.objects.filter(key=f"announcements.announcement:{self.future.pk}").update(
            visible_from=timezone.now() - dt.timedelta(minutes=1))
        self.assertEqual(keys("przyszla"), [f"announcements.announcement:{self.future.pk}"])

    def test_withdrawing_takes_it_out(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.news.status = Announcement.Status.WITHDRAWN
            self.news.save()
        self.assertEqual(keys("inauguracja"), [])

    def test_approving_a_translation_adds_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            row = self.news.translations.get(language="en")
            row.status = AnnouncementTranslation.Status.APPROVED
            row.save()
        self.assertEqual(keys("unreviewed"), [f"announcements.announcement:{self.news.pk}"])
