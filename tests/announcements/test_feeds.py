"""news:feed_rss / news:feed_atom: one feed per language (and per topic), items only from
approved versions in that language, nothing unpublished, bodies sanitised."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.conf import settings
from django.urls import reverse

from wspolnie.announcements.models import Announcement

from .test_news import NewsSetup

ATOM = "{http://www.w3.org/2005/Atom}"


class FeedsTestCase(NewsSetup):
    def rss(self, language: str, **query) -> ET.Element:
        response = self.client.get(reverse("news:feed_rss", kwargs={"language": language}),
                                   query)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/rss+xml"))
        return ET.fromstring(response.content)  # noqa: S314 (our own feed)

    def atom(self, language: str, **query) -> ET.Element:
        response = self.client.get(reverse("news:feed_atom", kwargs={"language": language}),
                                   query)
        self.assertEqual(response.status_code, 200)
        return ET.fromstring(response.content)  # noqa: S314 (our own feed)

    def rss_titles(self, feed: ET.Element) -> list[str]:
        return [item.findtext("title") for item in feed.iter("item")]

    def test_polish_feed_has_the_published_source_versions(self):
        feed = self.rss("pl")
        self.assertEqual(feed.find("channel").findtext("language"), "pl")
        self.assertEqual(self.rss_titles(feed), ["Zapisy do szkół", "Dzień zdrowia"])
        item = next(feed.iter("item"))
        self.assertEqual(
            item.findtext("link"),
            f"{settings.SITE_URL}{self.detail_url(self.school)}?language=pl",
        )
        self.assertIn("Treść: Zapisy do szkół", item.findtext("description"))

    def test_ukrainian_feed_has_only_approved_ukrainian_versions(self):
        feed = self.rss("uk")
        self.assertEqual(self.rss_titles(feed), ["Запис до шкіл"])
        self.assertIn("Текст українською", next(feed.iter("item")).findtext("description"))

    def test_an_unapproved_translation_gives_an_empty_feed(self):
        self.assertEqual(self.rss_titles(self.rss("en")), [])

    def test_per_topic(self):
        self.assertEqual(self.rss_titles(self.rss("pl", topic="zdrowie")), ["Dzień zdrowia"])
        self.assertEqual(self.rss_titles(self.rss("uk", topic="zdrowie")), [])
        self.assertEqual(self.rss_titles(self.rss("uk", topic="edukacja")), ["Запис до шкіл"])
        self.assertIn("Zdrowie", self.rss("pl", topic="zdrowie").find("channel").findtext(
            "title"))

    def test_unknown_language_or_topic_is_404(self):
        for url in (reverse("news:feed_rss", kwargs={"language": "xx-nonsense"}),
                    reverse("news:feed_atom", kwargs={"language": "klingon"}),
                    reverse("news:feed_rss", kwargs={"language": "pl"}) + "?topic=no-such"):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_hidden_announcements_never_appear(self):
        for language in ("pl", "uk", "en"):
            rss = self.client.get(reverse("news:feed_rss", kwargs={"language": language}))
            atom = self.client.get(reverse("news:feed_atom", kwargs={"language": language}))
            for hidden in self.hidden:
                self.assertNotIn(hidden.title.encode(), rss.content)
                self.assertNotIn(hidden.title.encode(), atom.content)

    def test_atom(self):
        feed = self.atom("uk", topic="edukacja")
        entries = feed.findall(f"{ATOM}entry")
        self.assertEqual([e.findtext(f"{ATOM}title") for e in entries], ["Запис до шкіл"])
        self.assertEqual(entries[0].find(f"{ATOM}link").get("href"),
                         f"{settings.SITE_URL}{self.detail_url(self.school)}?language=uk")
        self.assertEqual(entries[0].findtext(f"{ATOM}author/{ATOM}name"), "Fundacja Testowa")

    def test_script_in_the_body_is_inert(self):
        Announcement.objects.filter(pk=self.hub.pk).update(
            body="<script>alert('x')</script> [klik](javascript:alert(1))")
        for feed, find in ((self.rss("pl"), "item/description"),):
            descriptions = [d.text for d in feed.find("channel").findall(find)]
            joined = " ".join(descriptions)
            self.assertNotIn("<script", joined)
            self.assertNotIn('href="javascript:', joined)
            self.assertIn("&lt;script&gt;", joined)  # shown as text in a feed reader
        atom = self.atom("pl")
        content = " ".join(e.findtext(f"{ATOM}summary") or "" for e in
                           atom.findall(f"{ATOM}entry"))
        self.assertNotIn("<script", content)
