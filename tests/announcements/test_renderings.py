"""Renderings of one approved version per channel kind: web, newsletter e-mail, feed item, short
posts within each platform's limit (link always whole), and the A4 poster's QR code."""

from __future__ import annotations

import re

import segno
from django.test import SimpleTestCase, TestCase

from tests.base import make_personas
from tests.meetings.factories import make_event
from wspolnie.announcements import renderings
from wspolnie.announcements.models import Announcement, Version

UK_BODY = (
    "Запрошуємо батьків на зустріч про запис дітей до польських шкіл. "
    "Ми розкажемо, які документи потрібні, як заповнити заяву та куди звернутися по допомогу. "
    "Будуть перекладачі, консультанти з міської ради та представники шкіл з різних районів. "
    "Приходьте з дітьми: для них буде окрема кімната з іграми. " * 3
)


def announcement(pk: int = 42, **values) -> Announcement:
    values.setdefault("title", "Zapisy do szkół")
    values.setdefault("slug", "zapisy-do-szkol")
    return Announcement(pk=pk, **values)


class WebEmailFeedTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.announcement = announcement(links=[
            {"url": "https://example.org/formularz", "label": "Formularz"},
            {"url": "javascript:alert(1)", "label": "Zły link"},
        ])
        self.version = Version("uk", "Запис до шкіл", "**Важливо**: документи.\n\n"
                               "<script>alert('x')</script>")

    def test_the_public_address_is_absolute_and_in_the_version_language(self):
        with self.settings(SITE_URL="https://wspolnie.example"):
            self.assertEqual(
                renderings.public_url(self.announcement, "uk"),
                "https://wspolnie.example/news/42/zapisy-do-szkol/?language=uk",
            )

    def test_web_is_sanitised_html_with_safe_links_only(self):
        page = renderings.web(self.announcement, self.version)
        self.assertEqual(page.title, "Запис до шкіл")
        self.assertIn("<strong>Важливо</strong>", page.html)
        self.assertNotIn("<script", page.html)
        self.assertIn("&lt;script&gt;", page.html)
        self.assertEqual(page.links, [{"url": "https://example.org/formularz",
                                       "label": "Formularz"}])

    def test_email_has_subject_inline_styled_html_and_plain_text(self):
        mail = renderings.email(self.announcement, self.version)
        url = renderings.public_url(self.announcement, "uk")
        self.assertEqual(mail.subject, "Запис до шкіл")
        self.assertIn('lang="uk"', mail.html)
        self.assertRegex(mail.html, r'<h2 style="[^"]+">Запис до шкіл</h2>')
        self.assertIn(f'href="{url}"', mail.html)
        self.assertNotIn("<script", mail.html)
        self.assertNotIn("javascript:", mail.html)
        self.assertTrue(mail.text.startswith("Запис до шкіл\n"))
        self.assertIn("Важливо: документи.", mail.text)
        self.assertIn("• Formularz: https://example.org/formularz", mail.text)
        self.assertTrue(mail.text.endswith(url))
        self.assertNotIn("<strong>", mail.text)

    def test_feed_item(self):
        item = renderings.feed_item(self.announcement, self.version)
        self.assertEqual(item.title, "Запис до шкіл")
        self.assertEqual(item.link, renderings.public_url(self.announcement, "uk"))
        self.assertIn("<strong>Важливо</strong>", item.description)
        self.assertNotIn("<script", item.description)


class ShortPostTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.announcement = announcement()
        self.link = renderings.public_url(self.announcement, "uk")

    def assert_good_post(self, post: str, platform: str, full_text: str) -> str:
        """Within the limit, ends with the whole link, text cut at a word boundary."""
        self.assertLessEqual(renderings.post_length(post, platform),
                             renderings.post_limit(post, platform), platform)
        self.assertTrue(post.endswith("\n\n" + self.link) or post == self.link, platform)
        kept = post.removesuffix(self.link).removesuffix("\n\n")
        if kept.endswith("…"):
            prefix = kept.removesuffix("…")
            self.assertTrue(full_text.startswith(prefix), platform)
            # The next character of the full text is a space: no word was cut.
            self.assertIn(full_text[len(prefix)], " \n,.:;", platform)
        else:
            self.assertEqual(kept, full_text, platform)
        return kept

    def test_every_platform_keeps_its_limit_and_the_link(self):
        version = Version("uk", "Запис до шкіл", UK_BODY)
        full = "Запис до шкіл\n\n" + UK_BODY.strip()
        for platform, spec in renderings.PLATFORMS.items():
            post = renderings.short_post(self.announcement, version, platform)
            kept = self.assert_good_post(post, platform, full)
            if spec.limit < len(full):
                self.assertTrue(kept.endswith("…"), platform)
            else:
                self.assertEqual(kept, full, platform)

    def test_limits_table(self):
        limits = {slug: spec.limit for slug, spec in renderings.PLATFORMS.items()}
        self.assertEqual(limits, {
            "x": 280, "twitter": 280, "mastodon": 500, "bluesky": 300, "facebook": 2000,
            "telegram": 4096, "whatsapp": 1000, "viber": 1000, "sms": 160,
        })

    def test_a_short_announcement_is_not_cut(self):
        version = Version("en", "Picnic", "On Saturday in the park.")
        post = renderings.short_post(self.announcement, version, "sms")
        link = renderings.public_url(self.announcement, "en")
        self.assertEqual(post, f"Picnic\n\nOn Saturday in the park.\n\n{link}")

    def test_x_counts_every_link_as_23_characters(self):
        version = Version("uk", "Запис до шкіл", UK_BODY)
        with self.settings(SITE_URL="https://a-very-long-address-of-the-hub.example.org"):
            self.link = renderings.public_url(self.announcement, "uk")
            post = renderings.short_post(self.announcement, version, "x")
        self.assertGreater(len(self.link), 23)
        self.assertLessEqual(renderings.post_length(post, "x"), 280)
        self.assertEqual(renderings.post_length(post, "x"), len(post) - len(self.link) + 23)
        # Bluesky counts the real length: less text fits next to the same link.
        with self.settings(SITE_URL="https://a-very-long-address-of-the-hub.example.org"):
            bluesky = renderings.short_post(self.announcement, version, "bluesky")
        self.assertLessEqual(len(bluesky), 300)

    def test_sms_in_cyrillic_or_with_polish_letters_holds_70_characters(self):
        for version in (Version("uk", "Запис до шкіл", UK_BODY),
                        Version("pl", "Zapisy", "Zapraszamy rodziców na spotkanie " * 5)):
            self.link = renderings.public_url(self.announcement, version.language)
            post = renderings.short_post(self.announcement, version, "sms")
            self.assertEqual(renderings.post_limit(post, "sms"), 70)
            self.assertLessEqual(len(post), 70)
            self.assertTrue(post.endswith(self.link))
        plain = Version("en", "Enrolment", "Parents are invited to a meeting " * 5)
        self.link = renderings.public_url(self.announcement, "en")
        post = renderings.short_post(self.announcement, plain, "sms")
        self.assertGreater(len(post), 70)
        self.assertLessEqual(len(post), 160)

    def test_the_link_is_kept_whole_even_when_nothing_else_fits(self):
        version = Version("uk", "Запис до шкіл", UK_BODY)
        with self.settings(SITE_URL="https://" + "x" * 100 + ".example.org"):
            link = renderings.public_url(self.announcement, "uk")
            post = renderings.short_post(self.announcement, version, "sms")
        self.assertEqual(post, link)

    def test_links_inside_the_text_are_never_cut(self):
        body = ("słowo " * 30
                + "[formularz](https://example.org/bardzo/dlugi/adres/formularza) "
                + "dalej " * 30)
        version = Version("en", "Title", body)
        self.link = renderings.public_url(self.announcement, "en")
        for platform in ("x", "bluesky", "sms"):
            post = renderings.short_post(self.announcement, version, platform)
            for url in re.findall(r"https?://[^\s)]+", post):
                self.assertIn(url, {self.link, "https://example.org/bardzo/dlugi/adres/formularza"})


class PosterTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_personas(cls)

    def test_qr_code_encodes_the_public_address(self):
        item = Announcement.objects.create(organisation=self.org, title="Zapisy", body="Tekst")
        version = item.version("pl")
        poster = renderings.poster(item, version)
        url = renderings.public_url(item, "pl")
        self.assertEqual(poster["url"], url)
        # The same matrix segno makes for the URL: compare the drawn path.
        expected = segno.make(url, error="m").svg_inline(scale=1, omitsize=True)
        path = re.search(r' d="([^"]+)"', expected).group(1)
        self.assertIn(f' d="{path}"', poster["qr"])
        self.assertTrue(poster["qr"].startswith('<svg role="img" aria-label="'))
        self.assertIn("<title>", poster["qr"])
        other = segno.make(url + "x", error="m").svg_inline(scale=1, omitsize=True)
        self.assertNotIn(re.search(r' d="([^"]+)"', other).group(1), poster["qr"])
        self.assertEqual(poster["publisher"], "Fundacja Testowa")

    def test_event_date_and_place(self):
        event = make_event(self.org, venue_name="Sala na Rynku", venue_address="Rynek 1")
        item = Announcement.objects.create(organisation=None, title="Spotkanie", body="x",
                                           event=event)
        poster = renderings.poster(item, item.version("pl"))
        labels = dict(poster["facts"])
        self.assertEqual(len(labels), 2)
        self.assertIn("Sala na Rynku, Rynek 1", labels.values())
        self.assertEqual(poster["publisher"], "")
        event.status = event.Status.DRAFT
        event.save()
        item.refresh_from_db()
        self.assertEqual(renderings.poster(item, item.version("pl"))["facts"], [])

    def test_long_text_is_shortened(self):
        item = Announcement.objects.create(organisation=self.org, title="T",
                                           body="słowo " * 500)
        text = renderings.poster(item, item.version("pl"))["text"]
        self.assertLessEqual(len(text), 600)
        self.assertTrue(text.endswith("słowo…"))
