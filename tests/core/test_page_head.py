"""Every public page says what it is: a description in the page's language and a title of its own.

Public pages: what the anonymous visitor of the demo gets (200, HTML) on the walk, in Polish,
English and Ukrainian. Django's admin login and the API documentation (django-ninja's page) are
not ours to describe.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

from django.conf import settings
from django.template import Context, Template
from django.test import SimpleTestCase

from tests.core.page_walk import DemoPagesTestCase, Page

NOT_OURS = ("admin/", "api/docs")
#: Pages whose text comes in versions of its own: their alternates are those versions.
OWN_ALTERNATES = {"news/<int:pk>/<str:slug>/"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def head_text(page: Page, pattern: str) -> str | None:
    match = re.search(pattern, page.html, re.S)
    return html.unescape(match.group(1)).strip() if match else None


def title(page: Page) -> str | None:
    return head_text(page, r"<title>(.*?)</title>")


def description(page: Page) -> str | None:
    return head_text(page, r'<meta name="description" content="([^"]*)">')


def alternates(page_html: str) -> dict[str, str]:
    """hreflang -> address of the page's <link rel="alternate" hreflang> links."""
    return {
        language: html.unescape(href)
        for language, href in re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page_html
        )
    }


class PageHeadTestCase(DemoPagesTestCase):
    def public_pages(self, language: str) -> list[Page]:
        return [
            page for page in self.html_pages(None, language)
            if page.status == 200 and not page.route.startswith(NOT_OURS)
        ]

    def test_every_public_page_has_a_description_and_a_title_of_its_own(self):
        descriptions = defaultdict(dict)  # route -> language -> description
        for language in LANGUAGES:
            pages = self.public_pages(language)
            self.assertGreater(len(pages), 30)
            by_title = defaultdict(list)
            for page in pages:
                where = f"{page.url} ({language})"
                self.assertTrue(description(page), f"{where} has no meta description")
                self.assertTrue(title(page), f"{where} has no title")
                self.assertTrue(title(page).endswith(" – Wspólnie"), f"{where}: {title(page)}")
                by_title[title(page)].append(page.url)
                descriptions[page.route][language] = description(page)
            shared = {text: urls for text, urls in by_title.items() if len(urls) > 1}
            self.assertFalse(shared, f"pages share a title in {language}")
        # Pages of the site itself (not of one organisation's, event's … content) describe
        # themselves in the page's language: the three differ.
        for route, texts in descriptions.items():
            if "<" not in route:
                self.assertEqual(len(set(texts.values())), len(LANGUAGES), (route, texts))

    def test_a_title_names_the_page_then_the_section(self):
        pages = {page.route: page for page in self.public_pages("en")}
        self.assertEqual(title(pages["organisations/"]), "Organisations – Wspólnie")
        self.assertEqual(
            title(pages["organisations/<slug:slug>/"]),
            "Wrocławskie Centrum Rozwoju Społecznego – Organisations – Wspólnie",
        )
        self.assertEqual(title(pages["needs/"]), "Needs and offers – Wspólnie")
        self.assertEqual(title(pages["accounts/login/"]), "Log in – Account – Wspólnie")
        self.assertEqual(title(pages[""]), "Home – Wspólnie")

    def test_an_organisation_is_described_by_its_short_description_in_the_page_language(self):
        for language, start in [
            ("pl", "Miejska jednostka rozwoju społecznego"),
            ("en", "A municipal social development unit"),
            ("uk", "Міська установа соціального розвитку"),
        ]:
            pages = {page.route: page for page in self.public_pages(language)}
            self.assertTrue(
                description(pages["organisations/<slug:slug>/"]).startswith(start), language
            )


    def test_every_public_page_offers_its_translations_as_alternates(self):
        for page in self.public_pages("en"):
            links = alternates(page.html)
            if page.route in OWN_ALTERNATES:
                self.assertNotIn("x-default", links, page.url)
                continue
            self.assertEqual(set(links), {*LANGUAGES, "x-default"}, page.url)
            path, _, query = page.url.partition("?")
            self.assertEqual(links["x-default"], settings.SITE_URL + page.url, page.url)
            for language in LANGUAGES:
                self.assertEqual(
                    links[language],
                    settings.SITE_URL + path + "?" + (f"{query}&" if query else "")
                    + f"lang={language}",
                    page.url,
                )

    def test_an_alternate_address_shows_the_page_in_its_language_and_keeps_it(self):
        page = self.client.get("/organisations/?lang=en")
        links = alternates(page.content.decode())
        for language, start in [("pl", "Organizacje"), ("en", "Organisations"),
                                ("uk", "Організації")]:
            response = self.client.get(links[language].removeprefix(settings.SITE_URL))
            self.assertContains(response, f'<html lang="{language}">')
            self.assertContains(response, f"<title>{start} – Wspólnie</title>")
            # The choice sticks: the next page without ?lang= is in the same language.
            self.assertEqual(self.client.cookies[settings.LANGUAGE_COOKIE_NAME].value, language)
            self.assertContains(self.client.get("/services/"), f'<html lang="{language}">')
        # The language switcher returns to the page without ?lang=, which would overrule it.
        response = self.client.get("/organisations/?q=fundacja&lang=uk")
        self.assertContains(
            response, '<input type="hidden" name="next" value="/organisations/?q=fundacja">'
        )
        # An unknown language is ignored.
        self.assertContains(self.client.get("/services/?lang=xx"), '<html lang="uk">')


class PageHeadFiltersTestCase(SimpleTestCase):
    def render(self, source: str, **context) -> str:
        return Template(source).render(Context(context))

    def test_a_title_drops_empty_and_repeated_parts_but_keeps_dashes_in_words(self):
        source = "{% filter page_title %}{{ page }} – {{ section }} – Wspólnie{% endfilter %}"
        self.assertEqual(self.render(source, page="News", section="News"), "News – Wspólnie")
        self.assertEqual(self.render(source, page="", section=""), "Wspólnie")
        self.assertEqual(
            self.render(source, page="Ages 10–12 & <up>", section="Services"),
            "Ages 10–12 &amp; &lt;up&gt; – Services – Wspólnie",
        )

    def test_a_description_is_one_line_of_text_shortened_or_nothing(self):
        source = "{% filter meta_description %}{{ text }}{% endfilter %}"
        self.assertEqual(self.render(source, text="  "), "")
        self.assertEqual(
            self.render(source, text='We "help"\n\n<b>families</b>'),
            '<meta name="description" content="We &quot;help&quot; &lt;b&gt;families&lt;/b&gt;">',
        )
        long = self.render(source, text="word " * 200)
        self.assertLess(len(long), 350)
        self.assertTrue(long.endswith('…">'))
