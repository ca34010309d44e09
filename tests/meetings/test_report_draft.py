"""The post-meeting report, drafted from the meeting's data: on the report page (filled in,
not saved), over the API, and published as an announcement with its languages."""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.test import TestCase
from django.utils import timezone

from tests.base import BaseTestCase
from tests.meetings.factories import make_event, make_series
from wspolnie.accounts.services import do_create_api_token
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.core.demo import load_demo_data
from wspolnie.meetings.models import AgendaItem, Event, Registration
from wspolnie.meetings.report_draft import draft_report
from wspolnie.organisations.models import Organisation


class DemoReportTestCase(TestCase):
    """The report of the 11 October 2023 meeting reads like the one organisers write."""

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo_data(io.StringIO())
        cls.event = Event.objects.get(slug="wspolnie-2023-02-wymiana-wiedzy")

    def test_it_is_drafted_in_each_language_with_what_the_meeting_was(self):
        draft = draft_report(self.event)
        self.assertEqual(list(draft.texts), ["pl", "en", "uk"])
        polish = draft.texts["pl"]
        self.assertIn("11 października 2023, 10:00–12:00 odbyło się spotkanie nr 2 z cyklu "
                      "„Wspólnie o międzykulturowości 2023”: „Wymiana wiedzy i informacji”.",
                      polish)
        self.assertIn("Spotkanie odbyło się online.", polish)
        self.assertIn("Organizatorzy: Wrocławskie Centrum Rozwoju Społecznego.", polish)
        # Who presented what, from the note of the meeting.
        self.assertIn("- Fundacja Ukraina: Grupy rodziców w komunikatorach", polish)
        self.assertIn("Dziękujemy współorganizatorom: Dolnośląska Federacja", polish)
        self.assertIn("Kolejne terminy cyklu:", polish)
        self.assertIn("Wsparcie", polish)
        english = draft.texts["en"]
        self.assertIn("On 11 October 2023, 10:00–12:00, the meeting no. 2 of the series "
                      "“Together on interculturality 2023” took place", english)
        self.assertIn("- Fundacja Ukraina: Parents' groups in messengers", english)
        self.assertIn("Обмін знаннями та інформацією", draft.texts["uk"])
        self.assertIn("Дякуємо", draft.texts["uk"])

    def test_the_links_are_the_note_the_board_and_the_notes_links(self):
        draft = draft_report(self.event)
        note_url = self.event.note.get_absolute_url()
        self.assertTrue(draft.links[0].endswith(note_url), draft.links)
        self.assertTrue(any("/boards/" in link for link in draft.links), draft.links)
        self.assertIn("https://example.org/materialy/2023-10-11.pdf", draft.links)
        for link in draft.links:
            self.assertIn(link, draft.texts["pl"])


class ReportPageTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        past = (timezone.now() - dt.timedelta(days=3)).replace(second=0, microsecond=0)
        self.series = make_series(self.org)
        self.event = make_event(self.org, series=self.series, number=1, starts_at=past,
                                status=Event.Status.HELD, moderators="Anna Moderatorka",
                                languages=["pl", "uk"])
        self.next_event = make_event(self.org, series=self.series, number=2)
        self.presenter = Organisation.objects.create(
            name="Fundacja Prezentująca", slug="prezentujaca",
            status=Organisation.Status.APPROVED)
        item = AgendaItem.objects.create(event=self.event, title={"pl": "O tłumaczach",
                                                                  "en": "On interpreters"})
        item.speaker_organisations.set([self.presenter])
        for number, organisation in enumerate(["Fundacja A", "fundacja a ", "Stowarzyszenie B"]):
            Registration.objects.create(
                event=self.event, name=f"Osoba Prywatna {number}",
                email=f"prywatna{number}@example.org", organisation_name=organisation,
                status=Registration.Status.CONFIRMED, language="pl")
        self.url = f"/meetings/{self.event.slug}/manage/report/"

    def test_it_requires_login(self):
        response = self.client.post(self.url, {"draft": "1"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_rejects_other_orgs_admin(self):
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.post(self.url, {"draft": "1"}).status_code, 403)

    def test_it_rejects_a_member(self):
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, {"draft": "1"}).status_code, 403)

    def test_the_draft_fills_the_form_and_saves_nothing(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.url, {"draft": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Szkic wypełniono danymi spotkania")
        self.assertContains(response, "Fundacja Prezentująca: O tłumaczach")
        self.assertContains(response, "prowadzącym: Anna Moderatorka")
        # Counted, never named: three people from two organisations.
        self.assertContains(response, "Wzięły udział 3 osoby z 2 organizacji.")
        self.assertNotContains(response, "Osoba Prywatna")
        self.assertNotContains(response, "prywatna0@example.org")
        # The next date, with its registration link.
        self.assertContains(response, f"/meetings/{self.next_event.slug}/register/")
        self.event.refresh_from_db()
        self.assertEqual(self.event.report, {})

    def test_the_draft_speaks_the_organisers_language(self):
        self.client.force_login(self.alice)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
        response = self.client.post(self.url, {"draft": "1"})
        self.assertContains(response, "Чернетку заповнено даними зустрічі")
        # Each language of the meeting's title gets its own text, whatever the page's language.
        self.assertContains(response, "odbyło się spotkanie nr 1")
        self.assertContains(response, "відбулася зустріч № 1")

    def test_the_report_becomes_an_announcement_with_approved_translations(self):
        self.client.force_login(self.alice)
        self.client.post(self.url, {"report_pl": "Relacja po polsku.", "report_en": "",
                                    "report_uk": "Звіт українською.", "links": "",
                                    "publish": "1"})
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.Status.REPORT_PUBLISHED)
        page = self.client.get(self.url)
        self.assertContains(page, "Opublikuj relację jako ogłoszenie")
        response = self.client.post(f"/announcements/from-report/{self.event.slug}/")
        announcement = Announcement.objects.get(kind=Announcement.Kind.MEETING_REPORT)
        self.assertRedirects(response, announcement.get_manage_url(), fetch_redirect_response=False)
        self.assertEqual((announcement.source_language, announcement.body),
                         ("pl", "Relacja po polsku."))
        self.assertTrue(announcement.title.startswith("Relacja: "))
        ukrainian = announcement.translations.get(language="uk")
        self.assertEqual(ukrainian.status, AnnouncementTranslation.Status.APPROVED)
        self.assertEqual(ukrainian.body, "Звіт українською.")
        self.assertTrue(ukrainian.title.startswith("Звіт: "))
        # Again: the same draft, not a second announcement.
        self.client.post(f"/announcements/from-report/{self.event.slug}/")
        self.assertEqual(Announcement.objects.filter(event=self.event).count(), 1)

    def test_no_report_yet_is_a_message_not_an_announcement(self):
        self.client.force_login(self.alice)
        response = self.client.post(f"/announcements/from-report/{self.event.slug}/",
                                    follow=True)
        self.assertContains(response, "Najpierw napisz i zapisz relację.")
        self.assertFalse(Announcement.objects.exists())

    def test_the_announcement_rejects_other_orgs_admin(self):
        self.client.force_login(self.charlie)
        response = self.client.post(f"/announcements/from-report/{self.event.slug}/")
        self.assertEqual(response.status_code, 403)

    def test_the_api_drafts_for_organisers_only(self):
        url = f"/api/meetings/events/{self.event.slug}/report-draft"
        token = do_create_api_token(self.alice, "report")[1]
        response = self.client.get(url, headers={"authorization": f"Bearer {token}"})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(list(body["texts"]), ["pl", "en", "uk"])
        self.assertIn("Fundacja Prezentująca", body["texts"]["pl"])
        self.assertNotIn("prywatna0@example.org", response.content.decode())
        other = do_create_api_token(self.charlie, "report")[1]
        refused = self.client.get(url, headers={"authorization": f"Bearer {other}"})
        self.assertEqual(refused.status_code, 403)
        self.assertIn("detail", refused.json())
        self.assertEqual(self.client.get(url).status_code, 401)

    def test_the_api_makes_the_announcement(self):
        self.event.report = {"pl": "Relacja."}
        self.event.save()
        url = f"/api/meetings/events/{self.event.slug}/report-announcement"
        token = do_create_api_token(self.alice, "report")[1]
        response = self.client.post(url, headers={"authorization": f"Bearer {token}"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "draft")
        self.assertEqual(Announcement.objects.get(pk=response.json()["id"]).body, "Relacja.")
