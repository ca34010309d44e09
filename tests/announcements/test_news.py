"""The public news: news:list (filters, language shown) and news:detail (language switcher,
hreflang alternates, event box, links). Drafts, withdrawn, future-dated and unapproved
publishers' announcements never appear."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.meetings.factories import make_event
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.directory.models import Community, Topic
from wspolnie.organisations.models import Organisation
from wspolnie.search import index

T = AnnouncementTranslation.Status
A = Announcement.Status


class NewsSetup(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        now = timezone.now()
        cls.education = Topic.objects.create(slug="edukacja", names={"pl": "Edukacja",
                                                                    "en": "Education"})
        cls.health = Topic.objects.create(slug="zdrowie", names={"pl": "Zdrowie"})
        cls.ukrainian = Community.objects.create(slug="ukrainska", names={"pl": "Ukraińska"})
        pending = Organisation.objects.create(name="Czeka", slug="czeka", kind="foundation",
                                              status=Organisation.Status.PENDING)

        def make(title, org=None, **values):
            values.setdefault("status", A.PUBLISHED)
            values.setdefault("publish_at", now - dt.timedelta(days=1))
            return Announcement.objects.create(organisation=org, title=title,
                                               source_language="pl", body=f"Treść: {title}",
                                               **values)

        cls.school = make("Zapisy do szkół", cls.org, publish_at=now - dt.timedelta(hours=2),
                          links=[{"url": "https://example.org/form", "label": "Formularz"},
                                 {"url": "javascript:alert(1)", "label": "Zły"}])
        cls.school.topics.add(cls.education)
        cls.school.communities.add(cls.ukrainian)
        AnnouncementTranslation.objects.create(
            announcement=cls.school, language="uk", title="Запис до шкіл",
            body="Текст українською", status=T.APPROVED)
        AnnouncementTranslation.objects.create(
            announcement=cls.school, language="en", title="School enrolment (draft)",
            body="Not approved yet", status=T.NEEDS_REVIEW)
        cls.hub = make("Dzień zdrowia", kind=Announcement.Kind.SAVE_THE_DATE,
                       publish_at=now - dt.timedelta(days=3))
        cls.hub.topics.add(cls.health)
        cls.hidden = [
            make("Szkic", cls.org, status=A.DRAFT),
            make("Wycofane", cls.org, status=A.WITHDRAWN),
            make("Przyszłe", cls.org, publish_at=now + dt.timedelta(days=1)),
            make("Bez daty", cls.org, publish_at=None),
            make("Niezatwierdzona organizacja", pending),
        ]

    def detail_url(self, item: Announcement) -> str:
        return reverse("news:detail", kwargs={"pk": item.pk, "slug": item.slug})


class NewsListTestCase(NewsSetup):
    url = reverse("news:list")

    def titles(self, response) -> list[str]:
        return [item.version.title for item in response.context["page"]]

    def test_published_ones_newest_first_for_everybody(self):
        for user in (None, self.bob, self.alice, self.charlie, self.staff):
            if user:
                self.login(user)
            response = self.client.get(self.url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(self.titles(response), ["Zapisy do szkół", "Dzień zdrowia"])
        page = response.content.decode()
        for hidden in self.hidden:
            self.assertNotIn(hidden.title, page)

    def test_language_filter_shows_that_version_or_says_which_is_shown(self):
        response = self.client.get(self.url, {"language": "uk"})
        self.assertEqual(self.titles(response), ["Запис до шкіл", "Dzień zdrowia"])
        page = response.content.decode()
        self.assertIn('<li class="news-item" lang="uk">', page)
        self.assertIn('<li class="news-item" lang="pl">', page)
        self.assertIn("news-fallback", page)  # Dzień zdrowia: not in Ukrainian
        # An unapproved translation is never shown.
        english = self.client.get(self.url, {"language": "en"})
        self.assertEqual(self.titles(english), ["Zapisy do szkół", "Dzień zdrowia"])

    def test_without_a_filter_the_ui_language_is_used(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(self.titles(response), ["Запис до шкіл", "Dzień zdrowia"])

    def test_topic_community_and_kind_filters(self):
        for query, expected in [
            ({"topic": "edukacja"}, ["Zapisy do szkół"]),
            ({"topic": "zdrowie"}, ["Dzień zdrowia"]),
            ({"community": "ukrainska"}, ["Zapisy do szkół"]),
            ({"kind": "save_the_date"}, ["Dzień zdrowia"]),
            ({"kind": "news", "topic": "zdrowie"}, []),
        ]:
            self.assertEqual(self.titles(self.client.get(self.url, query)), expected, query)

    def test_bad_filters_of_an_old_link_are_dropped_not_a_500(self):
        response = self.client.get(self.url, {"topic": "no-such", "kind": "bogus",
                                              "language": "xx-evil"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["query"].filters, {})
        self.assertEqual(response.context["wanted_language"], "")
        self.assertEqual(len(self.titles(response)), 2)

    def test_facets_with_counts_and_the_text_box_through_the_search(self):
        index.rebuild()
        response = self.client.get(self.url)
        counts = {facet.param: {value.value: value.count for value in facet.values}
                  for facet in response.context["facets"]}
        self.assertEqual(counts["topic"], {"edukacja": 1, "zdrowie": 1})
        self.assertEqual(counts["kind"], {"news": 1, "save_the_date": 1})
        # Without Polish letters, a prefix, and in an approved translation.
        for text in ("zapisy szkol", "szko", "шкіл"):
            with self.subTest(text=text):
                response = self.client.get(self.url, {"q": text})
                self.assertEqual(self.titles(response), ["Zapisy do szkół"])
        response = self.client.get(self.url, {"q": "zdrowia", "topic": "zdrowie"})
        self.assertEqual(self.titles(response), ["Dzień zdrowia"])
        # Unapproved translations, drafts, future and unapproved publishers: not findable.
        for text in ("approved yet", "szkic", "przyszle", "niezatwierdzona"):
            with self.subTest(text=text):
                self.assertEqual(self.titles(self.client.get(self.url, {"q": text})), [])
        # The language to show them in survives a facet click.
        response = self.client.get(self.url, {"language": "uk"})
        self.assertContains(response, 'href="?topic=edukacja&amp;language=uk"')

    def test_feeds_are_linked(self):
        page = self.client.get(self.url, {"language": "uk", "topic": "edukacja"}).content.decode()
        rss = reverse("news:feed_rss", kwargs={"language": "uk"})
        self.assertIn(f'href="{rss}?topic=edukacja"', page)
        self.assertIn('type="application/atom+xml"', page)


class NewsDetailTestCase(NewsSetup):
    def test_it_shows_the_approved_version_asked_for(self):
        response = self.client.get(self.detail_url(self.school), {"language": "uk"})
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn('<h1 lang="uk">Запис до шкіл</h1>', page)
        self.assertIn("Текст українською", page)
        self.assertIn("Fundacja Testowa", page)

    def test_language_switcher_and_hreflang_alternates(self):
        page = self.client.get(self.detail_url(self.school)).content.decode()
        self.assertIn('<h1 lang="pl">Zapisy do szkół</h1>', page)
        self.assertIn('href="?language=uk" hreflang="uk"', page)
        self.assertNotIn("?language=en", page)  # not approved
        self.assertNotIn("School enrolment", page)
        self.assertIn(f'<link rel="alternate" hreflang="uk" href="{settings.SITE_URL}'
                      f'{self.detail_url(self.school)}?language=uk">', page)
        self.assertIn('<link rel="alternate" hreflang="pl"', page)

    def test_a_missing_version_falls_back_and_says_so(self):
        response = self.client.get(self.detail_url(self.school), {"language": "en"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["not_in_wanted"])
        self.assertContains(response, 'class="message message-info"')
        self.assertEqual(response.context["version"].language, "pl")

    def test_unknown_language_is_404(self):
        response = self.client.get(self.detail_url(self.school), {"language": "xx-nonsense"})
        self.assertEqual(response.status_code, 404)

    def test_only_safe_links(self):
        page = self.client.get(self.detail_url(self.school)).content.decode()
        self.assertIn('href="https://example.org/form"', page)
        self.assertNotIn("javascript:", page)

    def test_hidden_ones_are_404_for_everybody(self):
        for user in (None, self.alice, self.staff):
            if user:
                self.login(user)
            for item in self.hidden:
                self.assertEqual(self.client.get(self.detail_url(item)).status_code, 404,
                                 item.title)
        self.assertEqual(self.client.get("/news/999999/x/").status_code, 404)

    def test_a_wrong_slug_redirects_to_the_address(self):
        response = self.client.get(f"/news/{self.school.pk}/old-name/", {"language": "uk"})
        self.assertRedirects(response, self.detail_url(self.school) + "?language=uk",
                             status_code=301)

    def test_script_in_the_body_is_inert(self):
        Announcement.objects.filter(pk=self.hub.pk).update(
            body="<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>",
            title="<b>Tytuł</b>")
        page = self.client.get(self.detail_url(self.hub)).content.decode()
        self.assertNotIn("<script>alert", page)
        # The site's header draws its logo; the article itself has no image.
        self.assertNotIn("<img", page.split("<main", 1)[1])
        self.assertIn("&lt;b&gt;Tytuł&lt;/b&gt;", page)

    def test_event_box(self):
        event = make_event(self.org, venue_name="Sala na Rynku")
        Announcement.objects.filter(pk=self.school.pk).update(event=event)
        page = self.client.get(self.detail_url(self.school)).content.decode()
        self.assertIn('class="event-box"', page)
        self.assertIn(event.get_absolute_url(), page)
        self.assertIn("Sala na Rynku", page)
        event.status = event.Status.DRAFT
        event.save()
        page = self.client.get(self.detail_url(self.school)).content.decode()
        self.assertNotIn('class="event-box"', page)


class NewsApiTextTestCase(NewsSetup):
    def test_the_api_list_searches_like_the_news_page(self):
        index.rebuild()
        found = self.client.get("/api/announcements/", {"q": "szkol"}).json()
        self.assertEqual([item["title"] for item in found["items"]], ["Zapisy do szkół"])
        self.assertEqual(self.client.get("/api/announcements/", {"q": "szkic"}).json()["count"],
                         0)
