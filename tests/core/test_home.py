"""The home page: what is happening in the network (issue #16), for each persona."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.announcements.factories import approve, make_announcement, write
from tests.base import BaseTestCase
from tests.channels.helpers import make_channel
from tests.meetings.factories import make_event, make_series, register
from tests.needs.helpers import days, make_item
from wspolnie.announcements.models import AnnouncementTranslation
from wspolnie.directory.models import Community, Language
from wspolnie.distribution.models import PlanItem
from wspolnie.meetings.models import Event, Registration
from wspolnie.organisations.models import Organisation

T = AnnouncementTranslation.Status


class HomeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.pending = Organisation.objects.create(
            name="Fundacja Czekająca", slug="czekajaca", status=Organisation.Status.PENDING)
        soon = timezone.now() + dt.timedelta(days=3)
        cls.open_event = make_event(cls.org, starts_at=soon, title={
            "pl": "Kawa językowa", "en": "Language café", "uk": "Мовне кафе"})
        cls.agenda_event = make_event(cls.other_org, status=Event.Status.AGENDA, title={
            "pl": "Warsztat z prawa pracy", "en": "Labour law workshop"})
        make_event(cls.org, status=Event.Status.DRAFT, title={"pl": "Szkic spotkania"})
        make_event(cls.pending, title={"pl": "Spotkanie czekającej"})
        make_event(cls.org, status=Event.Status.CANCELLED, title={"pl": "Odwołane spotkanie"})
        make_event(cls.org, starts_at=timezone.now() - dt.timedelta(days=3),
                   status=Event.Status.HELD, title={"pl": "Dawne spotkanie"})
        series = make_series(cls.org, title={"pl": "Cykl sąsiedzki", "en": "Neighbours' cycle"})
        cls.series_event = make_event(
            cls.org, series=series, number=2, status=Event.Status.SAVE_THE_DATE,
            starts_at=timezone.now() + dt.timedelta(days=40),
            title={"pl": "Drugie spotkanie cyklu", "en": "Second meeting of the cycle"})

        cls.news = make_announcement(cls.org, published=True, title="Nabór wolontariuszy")
        approve(cls.news, "uk", "Набір волонтерів")
        make_announcement(cls.org, title="Szkic ogłoszenia")  # a draft
        make_announcement(cls.pending, published=True, title="Ogłoszenie czekającej")

        make_item(cls.org, "Szukamy tłumaczy ukraińskiego")
        make_item(cls.other_org, "Oddamy krzesła", kind="offer", category="equipment")
        make_item(cls.org, "Wygasła potrzeba", expires_on=days(-1))
        make_item(cls.pending, "Potrzeba czekającej")

        cls.org.communities.set([Community.objects.create(slug="gruzinska", names={"pl": "G"})])
        cls.org.languages.set(Language.for_codes(["pl", "ka"]))
        cls.other_org.languages.set(Language.for_codes(["pl", "uk"]))

        # Alice's organisation's to-dos; charlie's organisation has its own.
        cls.alice_news = make_announcement(cls.org, title="Dzień otwarty fundacji")
        channel = make_channel(cls.other_org, "Portal Razem")
        PlanItem.objects.create(announcement=cls.alice_news, channel=channel,
                                deadline=timezone.localdate() - dt.timedelta(days=1))
        write(cls.alice_news, "uk", "День відкритих дверей", status=T.NEEDS_REVIEW)
        cls.charlie_news = make_announcement(cls.other_org, title="Tajny plan Innego")
        PlanItem.objects.create(announcement=cls.charlie_news, channel=channel)
        write(cls.charlie_news, "uk", "Таємний план", status=T.NEEDS_REVIEW)
        # Bob translates one of charlie's organisation's announcements into English.
        write(cls.charlie_news, "en", "", status=T.DRAFT, translator=cls.bob)

        cls.bob_registration = register(cls.open_event, cls.bob.email, "Bob", user=cls.bob)
        register(cls.agenda_event, cls.charlie.email, "Charlie", user=cls.charlie)

    def home(self, language: str = "pl") -> str:
        response = self.client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    # -- anonymous visitors: only public things ---------------------------------------------

    def test_it_lists_organisations_for_anonymous_visitors(self):
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, "Fundacja Testowa")
        self.assertContains(response, 'lang="pl"')
        self.assertNotContains(response, "Fundacja Czekająca")

    def test_it_shows_coming_public_meetings_with_a_register_button(self):
        html = self.home()
        self.assertIn("Kawa językowa", html)
        self.assertIn("Warsztat z prawa pracy", html)
        self.assertIn(reverse("meetings:register", args=[self.open_event.slug]), html)
        self.assertNotIn(reverse("meetings:register", args=[self.agenda_event.slug]), html)
        self.assertIn("Zapisy otwarte", html)
        for hidden in ("Szkic spotkania", "Spotkanie czekającej", "Odwołane spotkanie",
                       "Dawne spotkanie"):
            self.assertNotIn(hidden, html)

    def test_it_shows_the_next_date_of_each_series(self):
        html = self.home("en")
        self.assertIn("Save the date", html)
        self.assertIn("Neighbours&#x27; cycle", html)
        self.assertIn("Second meeting of the cycle", html)

    def test_it_shows_published_news_in_the_visitors_language(self):
        self.assertIn("Nabór wolontariuszy", self.home("pl"))
        html = self.home("uk")
        self.assertIn("Набір волонтерів", html)
        self.assertIn('lang="uk"', html)
        for hidden in ("Szkic ogłoszenia", "Ogłoszenie czekającej"):
            self.assertNotIn(hidden, html)

    def test_it_shows_fresh_open_needs_and_offers(self):
        html = self.home()
        self.assertIn("Szukamy tłumaczy ukraińskiego", html)
        self.assertIn("Oddamy krzesła", html)
        self.assertNotIn("Wygasła potrzeba", html)
        self.assertNotIn("Potrzeba czekającej", html)

    def test_it_counts_the_network(self):
        html = self.home("en")
        self.assertIn("2 organisations in the network", html)
        self.assertIn("1 community served", html)
        self.assertIn("3 languages of work", html)  # pl, ka, uk: the pending one's don't count

    def test_anonymous_visitors_see_no_personal_corner(self):
        html = self.home("en")
        self.assertNotIn("For you", html)
        self.assertNotIn("Tajny plan", html)
        self.assertNotIn("Dzień otwarty fundacji", html)
        self.assertIn("Create an account", html)

    def test_it_has_a_search_box_with_suggestions(self):
        html = self.home()
        self.assertIn(f'action="{reverse("search:search")}"', html)
        self.assertIn(f'data-hx-get="{reverse("search:suggestions")}"', html)

    # -- signed in: their registrations and their organisation's to-dos ---------------------

    def test_a_member_sees_their_registrations(self):
        self.login(self.bob)
        html = self.home("en")
        self.assertIn("Your registrations", html)
        self.assertIn(self.bob_registration.get_absolute_url(), html)
        self.assertNotIn("Labour law workshop</a>\n          <span", html)  # charlie's

    def test_a_cancelled_registration_is_not_listed(self):
        Registration.objects.filter(pk=self.bob_registration.pk).update(
            status=Registration.Status.CANCELLED)
        self.login(self.bob)
        html = self.home("en")
        self.assertNotIn(self.bob_registration.get_absolute_url(), html)
        self.assertIn("You are not registered for any coming meeting.", html)

    def test_a_member_sees_the_translations_assigned_to_them(self):
        self.login(self.bob)
        html = self.home("en")
        self.assertIn(reverse("announcements:translation", args=[self.charlie_news.pk, "en"]),
                      html)
        # Bob is not an admin: the plans and reviews of his organisation are alice's work.
        self.assertNotIn(reverse("distribution:plan", args=[self.alice_news.pk]), html)

    def test_an_org_admin_sees_their_organisations_todos(self):
        self.login(self.alice)
        html = self.home("en")
        self.assertIn("Your organisation's to-dos", html)
        self.assertIn(reverse("distribution:plan", args=[self.alice_news.pk]), html)
        self.assertIn("Send to Portal Razem", html)
        self.assertIn("overdue", html)
        self.assertIn("Review the translation into", html)
        self.assertIn(reverse("announcements:detail", args=[self.alice_news.pk]), html)

    def test_it_rejects_other_orgs_admin(self):
        """Charlie (admin of the other organisation) sees his to-dos, never alice's."""
        self.login(self.charlie)
        html = self.home("en")
        self.assertIn(reverse("distribution:plan", args=[self.charlie_news.pk]), html)
        self.assertNotIn(reverse("distribution:plan", args=[self.alice_news.pk]), html)
        self.assertNotIn("Dzień otwarty fundacji", html)
        self.assertNotIn(self.bob_registration.get_absolute_url(), html)

    def test_an_admin_does_not_see_other_organisations_todos(self):
        self.login(self.alice)
        html = self.home("en")
        self.assertNotIn("Tajny plan Innego", html)
        self.assertNotIn(reverse("distribution:plan", args=[self.charlie_news.pk]), html)

    def test_staff_see_no_organisations_todos_but_the_hubs_own(self):
        hub_news = make_announcement(None, title="Ogłoszenie huba")
        write(hub_news, "uk", "Оголошення хабу", status=T.NEEDS_REVIEW)
        self.login(self.staff)
        html = self.home("en")
        self.assertIn(reverse("announcements:detail", args=[hub_news.pk]), html)
        self.assertNotIn("Tajny plan Innego", html)
        self.assertNotIn("Dzień otwarty fundacji", html)

    # -- languages --------------------------------------------------------------------------

    def test_it_speaks_ukrainian_when_the_browser_asks(self):
        html = self.home("uk")
        self.assertIn('lang="uk"', html)
        for label in ("Найближчі зустрічі", "Останні новини", "Нові потреби та пропозиції",
                      "Збережіть дату", "Календар зустрічей"):
            self.assertIn(label, html)

    def test_its_sections_are_translated(self):
        for language, labels in {
            "pl": ("Nadchodzące spotkania", "Najnowsze aktualności", "Nowe potrzeby i oferty",
                   "Zarezerwuj datę", "Zapisz się"),
            "en": ("Coming meetings", "Latest news", "Fresh needs and offers", "Save the date",
                   "Register"),
        }.items():
            html = self.home(language)
            for label in labels:
                self.assertIn(label, html, (language, label))

    def test_unknown_url_gives_translated_404(self):
        response = self.client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="pl")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "<h1>", status_code=404)

    def test_the_number_of_queries_does_not_grow_with_the_content(self):
        self.login(self.alice)
        before = self._queries()
        for index in range(4):
            make_event(self.other_org, title={"pl": f"Kolejne {index}"})
            make_item(self.other_org, f"Kolejna potrzeba {index}")
            make_announcement(self.other_org, published=True, title=f"Kolejne {index}")
        self.assertEqual(self._queries(), before)

    def _queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            self.client.get(reverse("core:home"))
        return len(context.captured_queries)
