"""What a visitor brought by a tracked link does next in the same session — register for a
meeting, sign up for the newsletter, post on a board — counts as the link's conversion, in
the visit's language; without the link, or a day later, nothing is counted."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from tests.base import BaseTestCase
from tests.meetings.factories import make_event
from tests.reach.helpers import counts, make_reach_scenario
from wspolnie.boards.services import do_create_board
from wspolnie.reach.models import Count
from wspolnie.reach.tracking import CONVERSION_HOURS, SESSION_KEY


class ConversionTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_reach_scenario(cls)
        cls.event = make_event(cls.org)
        cls.board = do_create_board(cls.alice, cls.org, title="Pomysły", columns=["A"])
        cls.link = cls.links[cls.leader.pk]

    def visit(self, client: Client, language: str = "uk") -> None:
        self.assertEqual(client.get(f"/r/{self.link.code}?lang={language}").status_code, 302)

    def register(self, client: Client, email: str = "olena@example.org"):
        with self.captureOnCommitCallbacks(execute=True):
            return client.post(f"/meetings/{self.event.slug}/register/",
                               {"name": "Olena", "email": email, "language": "uk"})

    def test_a_registration_after_the_visit_is_a_conversion_in_the_visits_language(self):
        self.visit(self.client)
        response = self.register(self.client)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(counts(self.link, "registration"), {"uk": 1})
        self.assertEqual(counts(self.link), {"uk": 1})

    def test_a_registration_through_the_api_in_the_same_session_counts_too(self):
        self.visit(self.client, "pl")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/api/meetings/events/{self.event.slug}/registrations",
                {"name": "Olena", "email": "o@example.org", "language": "pl"},
                content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(counts(self.link, "registration"), {"pl": 1})

    def test_a_newsletter_sign_up_counts_as_a_subscription(self):
        self.visit(self.client)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/newsletter/", {
                "email": "olena@example.org", "languages": ["uk"], "consent": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(counts(self.link, "subscription"), {"uk": 1})

    def test_a_board_card_counts_as_a_board_post(self):
        self.visit(self.client)
        column = self.board.columns.get()
        response = self.client.post(f"/boards/{self.board.pk}/post/",
                                    {"column": column.pk, "text": "Dobry pomysł"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(counts(self.link, "board_post"), {"uk": 1})

    def test_without_a_tracked_link_nothing_is_counted(self):
        self.register(Client())
        self.assertFalse(Count.objects.exists())

    def test_a_day_after_the_visit_nothing_more_is_counted(self):
        self.visit(self.client)
        session = self.client.session
        session[SESSION_KEY] = {**session[SESSION_KEY],
                                "at": int(time.time()) - CONVERSION_HOURS * 3600 - 1}
        session.save()
        self.register(self.client)
        self.assertEqual(counts(self.link, "registration"), {})

    def test_a_link_removed_since_does_not_break_the_registration(self):
        self.visit(self.client)
        self.link.item.delete()
        response = self.register(self.client)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.event.registrations.count(), 1)
        self.assertFalse(Count.objects.exists())
