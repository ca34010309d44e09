"""The embeddable widgets, the snippet builder and the open data page."""

from __future__ import annotations

import re

from django.test import override_settings
from django.urls import reverse

from tests.base import BaseTestCase
from tests.core.test_security_headers import directives
from tests.meetings.factories import make_event
from wspolnie.directory.models import Topic
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation

PERSONAS = ("alice", "bob", "charlie", "staff", None)


class EmbedTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.topic = Topic.objects.create(slug="praca", names={"pl": "Praca", "en": "Work",
                                                              "uk": "Робота"})
        cls.org.topics.set([cls.topic])
        cls.ours = make_event(cls.org, title={"pl": "Nasze spotkanie", "en": "Our meeting",
                                              "uk": "Наша зустріч"}, languages=["uk"])
        cls.theirs = make_event(cls.other_org, title={"pl": "Ich spotkanie"}, languages=["pl"])
        cls.draft = make_event(cls.org, title={"pl": "Szkic"}, status=Event.Status.DRAFT)

    def as_(self, who):
        self.client.logout()
        if who is not None:
            self.login(getattr(self, who))

    def test_every_persona_sees_the_same_public_widget(self):
        for who in PERSONAS:
            with self.subTest(who=who):
                self.as_(who)
                response = self.client.get(reverse("opendata:embed_events"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Nasze spotkanie")
                self.assertContains(response, "Ich spotkanie")
                self.assertNotContains(response, "Szkic")

    def test_the_widget_filters_by_organisation_topic_and_language(self):
        url = reverse("opendata:embed_events")
        for params in [{"organisation": self.org.slug}, {"topic": "praca"}, {"language": "uk"}]:
            with self.subTest(params=params):
                response = self.client.get(url, params)
                self.assertContains(response, "Nasze spotkanie")
                self.assertNotContains(response, "Ich spotkanie")
        response = self.client.get(url, {"organisation": self.org.slug})
        self.assertContains(response, "Fundacja Testowa")

    def test_bad_filters_are_ignored_never_an_error(self):
        url = reverse("opendata:embed_events")
        for params in [{"organisation": "no-such"}, {"topic": "x" * 500}, {"language": "??"},
                       {"limit": "abc"}, {"limit": "100000"}, {"limit": "-1"}]:
            with self.subTest(params=params):
                self.assertEqual(self.client.get(url, params).status_code, 200)
        pending = Organisation.objects.create(name="Grupa Oczekująca", slug="grupa-oczekujaca",
                                              kind=Organisation.Kind.INFORMAL_GROUP)
        make_event(pending, title={"pl": "Niezatwierdzone"})
        response = self.client.get(url, {"organisation": pending.slug})
        self.assertNotContains(response, "Niezatwierdzone")
        self.assertNotContains(response, "Grupa Oczekująca")

    def test_only_the_widgets_may_be_framed_by_other_sites(self):
        for name in ["opendata:embed_events", "opendata:embed_directory"]:
            with self.subTest(name=name):
                response = self.client.get(reverse(name))
                self.assertNotIn("X-Frame-Options", response)
                policy = directives(response)
                self.assertEqual(policy["frame-ancestors"], ["*"])
                self.assertEqual(policy["script-src"], ["'self'"])
                self.assertEqual(policy["default-src"], ["'self'"])
        for url in [reverse("opendata:index"), reverse("opendata:embed_builder"),
                    self.ours.get_absolute_url()]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response["X-Frame-Options"], "DENY")
                self.assertEqual(directives(response)["frame-ancestors"], ["'none'"])

    @override_settings(EMBED_FRAME_ANCESTORS=["https://fundacja.example.org"])
    def test_the_framing_sites_can_be_limited(self):
        response = self.client.get(reverse("opendata:embed_events"))
        self.assertEqual(directives(response)["frame-ancestors"],
                         ["https://fundacja.example.org"])

    def test_the_widget_speaks_the_language_asked_for_and_links_open_the_hub(self):
        response = self.client.get(reverse("opendata:embed_events"), {"lang": "uk"})
        self.assertContains(response, '<html lang="uk">')
        self.assertContains(response, "Наша зустріч")
        self.assertContains(response, '<base target="_blank">')
        self.assertContains(response,
                            f"http://127.0.0.1:8000{self.ours.get_absolute_url()}?lang=uk")
        self.assertNotContains(response, "https://", msg_prefix="nothing from other servers")

    def test_the_directory_box_searches_the_hub_in_a_new_tab(self):
        response = self.client.get(reverse("opendata:embed_directory"), {"lang": "en"})
        html = response.content.decode()
        self.assertIn('<html lang="en">', html)
        form = re.search(r"<form[^>]*>", html).group(0)
        self.assertIn('target="_blank"', form)
        self.assertIn(f'action="http://127.0.0.1:8000{reverse("organisations:list")}"', form)
        self.assertIn('name="q"', html)
        self.assertIn('<input type="hidden" name="lang" value="en">', html)

    def test_the_script_has_a_stable_address(self):
        response = self.client.get(reverse("opendata:widget_js"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/javascript"))
        self.assertIn(b"wspolnie-embed-height", response.content)


class BuilderTestCase(BaseTestCase):
    def test_everybody_may_get_a_snippet(self):
        for who in PERSONAS:
            with self.subTest(who=who):
                self.client.logout()
                if who:
                    self.login(getattr(self, who))
                response = self.client.get(reverse("opendata:embed_builder"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "/embed/widget.js")

    def test_the_snippet_follows_the_choice(self):
        response = self.client.get(reverse("opendata:embed_builder"), {
            "organisation": self.org.slug, "language": "uk", "widget_language": "en"})
        # The snippets are the text of a <textarea>.
        self.assertContains(response, f'&lt;div data-wspolnie-embed="events" data-organisation='
                                      f'"{self.org.slug}" data-language="uk" data-lang="en"&gt;')
        self.assertContains(response, f"/embed/events/?organisation={self.org.slug}"
                                      "&amp;language=uk&amp;lang=en")

    def test_a_bad_choice_is_said_in_the_page_language(self):
        response = self.client.get(reverse("opendata:embed_builder"),
                                   {"organisation": "no-such", "lang": "en"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "That organisation is not in the directory.")

    def test_the_organisation_is_picked_by_name_not_from_the_whole_directory(self):
        from tests.search.helpers import rebuild

        rebuild()
        response = self.client.get(reverse("opendata:embed_builder"),
                                   {"organisation_name": "fundacja testowa"})
        self.assertContains(response, f"/embed/events/?organisation={self.org.slug}")
        # Anonymous visitors have no shortlist: the other organisation is not listed.
        self.assertNotContains(response, f'<option value="{self.other_org.slug}"')

    def test_the_profile_offers_the_builder_to_those_who_run_it(self):
        url = reverse("organisations:detail", args=[self.org.slug])
        builder = reverse("opendata:embed_builder") + f"?organisation={self.org.slug}"
        for who, shown in [("alice", True), ("staff", True), ("bob", False),
                           ("charlie", False), (None, False)]:
            with self.subTest(who=who):
                self.client.logout()
                if who:
                    self.login(getattr(self, who))
                response = self.client.get(url)
                (self.assertContains if shown else self.assertNotContains)(response, builder)


class OpenDataPageTestCase(BaseTestCase):
    def test_the_stable_addresses_and_the_licence_in_every_language(self):
        for language, heading in [("pl", "Otwarte dane"), ("en", "Open data"),
                                  ("uk", "Відкриті дані")]:
            with self.subTest(language=language):
                response = self.client.get(reverse("opendata:index"), {"lang": language})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, f"<h1>{heading}</h1>")
                for path in [reverse("imports:export_hsds"), reverse("meetings:feed_ics"),
                             reverse("meetings:feed_rss"), reverse("meetings:feed_atom"),
                             f"/news/feeds/{language}/rss.xml", "/api/openapi.json"]:
                    self.assertContains(response, f"http://127.0.0.1:8000{path}")
                self.assertContains(response, "CC BY 4.0")
                self.assertContains(response, 'href="https://creativecommons.org/licenses/by/4.0/"')

    @override_settings(OPEN_DATA_LICENCE="ODbL 1.0",
                       OPEN_DATA_LICENCE_URL="https://opendatacommons.org/licenses/odbl/1-0/")
    def test_the_licence_is_a_setting(self):
        response = self.client.get(reverse("opendata:index"))
        self.assertContains(response, "ODbL 1.0")
        self.assertNotContains(response, "CC BY 4.0")

    def test_every_persona_may_read_it_and_the_footer_links_to_it(self):
        for who in PERSONAS:
            with self.subTest(who=who):
                self.client.logout()
                if who:
                    self.login(getattr(self, who))
                self.assertEqual(self.client.get(reverse("opendata:index")).status_code, 200)
        self.assertContains(self.client.get("/"), f'href="{reverse("opendata:index")}"')
