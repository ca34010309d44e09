"""The follow-up mail after a meeting: sent once per participant by the worker's sweep, in
their language, through real SMTP on loopback, with links that work."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import links_in, site_path, subject_of, tr
from tests.smtp import body_text
from wspolnie.boards.models import Board
from wspolnie.meetings import exchange, sweeps
from wspolnie.meetings.models import Event, Registration
from wspolnie.notes.models import Note

from .factories import make_event, make_series, register

R = Registration.Status


class FollowupTest(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        series = make_series(cls.org)
        start = timezone.now() - dt.timedelta(hours=3)
        cls.event = make_event(cls.org, series=series, starts_at=start, status=Event.Status.HELD)
        cls.next_event = make_event(cls.org, series=series)
        cls.note = Note.objects.create(event=cls.event, organisation=cls.org,
                                       status=Note.Status.PUBLISHED,
                                       summary={"pl": "Podsumowanie"})
        cls.board = Board.objects.create(organisation=cls.org, event=cls.event,
                                         title="Pomysły na wiosnę")
        cls.olena = register(cls.event, "olena@example.org", "Olena", language="uk",
                             status=R.ATTENDED)
        cls.piotr = register(cls.event, "piotr@example.org", "Piotr", language="en")
        register(cls.event, "gone@example.org", "Gone", status=R.CANCELLED)
        register(cls.event, "waiting@example.org", "Waiting", status=R.WAITLISTED)

    def run_sweep(self):
        with self.captureOnCommitCallbacks(execute=True):
            sweeps.sweep()

    def test_each_participant_gets_one_follow_up_in_their_language(self):
        self.run_sweep()
        self.run_sweep()  # the next sweep finds nothing left to send

        messages = self.smtp.wait_for(2)
        self.assertEqual(sorted(m["To"] for m in messages),
                         ["olena@example.org", "piotr@example.org"])
        olena = next(m for m in messages if m["To"] == "olena@example.org")
        title = self.event.title["uk"]
        self.assertEqual(subject_of(olena),
                         tr("uk", "After the meeting: %(title)s") % {"title": title})
        self.assertIn(tr("uk", "The next meetings of the series:"), body_text(olena))
        self.assertIn(self.next_event.title["uk"], body_text(olena))
        self.assertEqual(len(self.smtp.messages), 2)

    def test_the_links_of_the_mail_work(self):
        exchange.do_set_sharing(None, self.olena, exchange.SharingChoice(on_list=True),
                                token=self.olena.token)
        self.run_sweep()
        olena = next(m for m in self.smtp.wait_for(2) if m["To"] == "olena@example.org")

        paths = [site_path(link) for link in links_in(olena)]

        self.assertIn(self.note.get_absolute_url(), paths)
        self.assertIn(self.board.get_absolute_url(), paths)
        self.assertIn(self.next_event.get_absolute_url(), paths)
        for path in paths:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 200)
        feedback = next(path for path in paths if path.endswith("/feedback/"))
        self.client.post(feedback, {"usefulness": "5", "next_topics": "Praca"})
        self.assertEqual(exchange.feedback_summary(self.event).average, 5)

    def test_no_follow_up_for_cancelled_old_or_unfinished_meetings(self):
        Event.objects.filter(pk=self.event.pk).update(status=Event.Status.CANCELLED)
        old = make_event(self.org, starts_at=timezone.now() - dt.timedelta(days=9),
                         status=Event.Status.HELD)
        register(old, "old@example.org")
        register(self.next_event, "future@example.org")

        self.assertEqual(exchange.send_followups(), 0)
