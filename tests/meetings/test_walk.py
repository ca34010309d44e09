"""Every meetings URL, with real objects behind it, as every persona, in every language, by
GET and by an empty POST: nothing may answer with a 5xx (the project-wide walk only reaches
them with made-up parameters)."""

from __future__ import annotations

import re
import traceback

from django.conf import settings
from django.test import Client
from django.urls import get_resolver

from tests.base import BaseTestCase
from tests.core.test_url_walk import PARAMETER, walk

from .factories import add_questions, make_event, make_series, register


class MeetingsWalkTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.series = make_series(self.org)
        self.event = make_event(self.org, series=self.series, capacity=1)
        add_questions(self.event)
        self.registration = register(self.event, "olena@example.org", "Olena")

    def urls(self) -> list[str]:
        params = {"slug": self.event.slug, "token": self.registration.token,
                  "pk": str(self.registration.pk)}
        urls = []
        for route, _name in walk(get_resolver()):
            if not (route.startswith("meetings/") or route.startswith("api/meetings/")):
                continue
            url = "/" + re.sub(PARAMETER, lambda m: params.get(m.group(1), "x"), route)
            url = url.replace("series/" + self.event.slug, "series/" + self.series.slug)
            url = url.replace("organisations/" + self.event.slug, "organisations/" + self.org.slug)
            urls.append(url)
        assert len(urls) > 20, urls
        return urls

    def walk_as(self, persona: str) -> None:
        """GET every meetings URL (in every language for the anonymous visitor and staff, the
        others in Polish, as the project-wide walk does) and POST it empty (in Polish)."""
        who = getattr(self, persona) if persona else None
        languages = [code for code, _name in settings.LANGUAGES]
        if persona not in ("", "staff"):
            languages = [settings.LANGUAGE_CODE]
        urls = self.urls()
        failures = []
        for language in languages:
            for method in ("get", "post") if language == "pl" else ("get",):
                client = Client()
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                if who is not None:
                    client.force_login(who)
                for url in urls:
                    try:
                        status = getattr(client, method)(url).status_code
                    except Exception:
                        failures.append(f"{method} {url} {who} {language}: "
                                        + traceback.format_exc(limit=-2))
                        continue
                    if status >= 500:
                        failures.append(f"{method} {url} {who} {language}: {status}")
        self.assertFalse(failures, "\n".join(failures))

    # One test per persona, so that the parallel runner spreads the walk.
    def test_nothing_fails_for_the_anonymous_visitor(self):
        self.walk_as("")

    def test_nothing_fails_for_a_member(self):
        self.walk_as("bob")

    def test_nothing_fails_for_the_org_admin(self):
        self.walk_as("alice")

    def test_nothing_fails_for_another_orgs_admin(self):
        self.walk_as("charlie")

    def test_nothing_fails_for_staff(self):
        self.walk_as("staff")
