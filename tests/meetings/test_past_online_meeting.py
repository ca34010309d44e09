"""The video-call line of a meeting page says what is true now: before the meeting the link
goes to registered participants; after it (or once cancelled) no link is sent any more."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from wspolnie.meetings.models import Event

from .factories import make_event

S = Event.Status

SAYS = {
    "upcoming": {
        "pl": "Link otrzymają zapisani uczestnicy.",
        "en": "The link is sent to registered participants.",
        "uk": "Посилання надсилається зареєстрованим учасникам.",
    },
    "past": {
        "pl": "Spotkanie już się odbyło: link nie jest już wysyłany.",
        "en": "The meeting has ended: the link is no longer sent.",
        "uk": "Зустріч уже відбулася: посилання більше не надсилається.",
    },
    "cancelled": {
        "pl": "Spotkanie zostało odwołane: link nie zostanie wysłany.",
        "en": "The meeting is cancelled: no link will be sent.",
        "uk": "Зустріч скасовано: посилання не надсилатиметься.",
    },
}


class VideoCallLineTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        now = timezone.now()
        self.events = {
            "upcoming": make_event(self.org, slug="online-soon", format=Event.Format.ONLINE),
            "past": make_event(self.org, slug="online-past", format=Event.Format.ONLINE,
                               status=S.HELD, starts_at=now - dt.timedelta(days=3)),
            "cancelled": make_event(self.org, slug="online-off", format=Event.Format.HYBRID,
                                    status=S.CANCELLED),
        }

    def page(self, which: str, language: str) -> str:
        url = reverse("meetings:event", kwargs={"slug": self.events[which].slug})
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_each_state_says_what_is_true_in_every_language(self):
        for which, texts in SAYS.items():
            for language, text in texts.items():
                with self.subTest(which=which, language=language):
                    html = self.page(which, language)
                    self.assertIn(text, html)
                    for other, other_texts in SAYS.items():
                        if other != which:
                            self.assertNotIn(other_texts[language], html)

    def test_a_past_meeting_never_promises_the_link(self):
        for language in ("pl", "en", "uk"):
            self.assertNotIn(SAYS["upcoming"][language], self.page("past", language))

