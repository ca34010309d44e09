"""/api/meetings/ of the contact exchange: the participant list (by token, signed in), the
choice, the feedback aggregates."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.meetings import exchange
from wspolnie.meetings.exchange import SharingChoice
from wspolnie.meetings.models import Event, EventFeedback, Registration, ShareAudience

from .factories import make_event, register


def share(registration, *fields, **values):
    return exchange.do_set_sharing(
        None, registration, SharingChoice(on_list=True, fields=list(fields), **values),
        token=registration.token)


class ExchangeApiTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.event = make_event(cls.org)
        cls.olena = register(cls.event, "olena@example.org", "Olena Kowalenko")
        cls.piotr = register(cls.event, "piotr@example.org", "Piotr Nowak")

    def participants(self, registration, **params):
        return self.client.get(f"/api/meetings/registrations/{registration.token}/participants",
                               params)

    def test_the_list_gives_only_the_shared_fields(self):
        share(self.olena, "email", "can_help_with", can_help_with="Granty", role="Tajna")
        share(self.piotr)

        response = self.participants(self.piotr)

        self.assertEqual(response.status_code, 200)
        [item] = response.json()["items"]
        self.assertEqual({key: value for key, value in item.items() if value is not None},
                         {"id": self.olena.pk, "label": tr("pl", "A participant (name not shared)"),
                          "email": "olena@example.org", "can_help_with": "Granty"})
        self.assertEqual(self.participants(self.piotr, q="tajna").json()["items"], [])

    def test_not_on_the_list_is_403_and_a_wrong_token_404(self):
        share(self.olena, "name")
        self.assertEqual(self.participants(self.piotr).status_code, 403)
        self.assertEqual(self.client.get("/api/meetings/registrations/x/participants")
                         .status_code, 404)

    def test_an_expired_share_is_gone_from_the_api(self):
        share(self.olena, "name")
        share(self.piotr, "name")
        Registration.objects.filter(pk=self.olena.pk).update(
            share_until=timezone.now() - dt.timedelta(seconds=1))
        self.assertEqual(self.participants(self.piotr).json()["items"], [])

    def test_the_signed_in_list_personas(self):
        share(self.olena, "name", audience=ShareAudience.MEMBERS)
        url = f"/api/meetings/events/{self.event.slug}/participants"
        self.assertEqual(self.client.get(url).status_code, 401)
        for persona in (self.alice, self.bob, self.charlie, self.staff):
            with self.subTest(persona=persona.name):
                self.login(persona)
                names = [item["name"] for item in self.client.get(url).json()["items"]]
                self.assertEqual(names, ["Olena Kowalenko"])

    def test_the_choice_through_the_api(self):
        url = f"/api/meetings/registrations/{self.olena.token}/sharing"
        response = self.client.put(url, {"on_participant_list": True,
                                         "shared_fields": ["name", "phone"],
                                         "phone": "+48 600", "months": 1},
                                   content_type="application/json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["shared_fields"], ["name", "phone"])

        bad = self.client.put(url, {"on_participant_list": True, "phone": "call me"},
                              content_type="application/json")
        self.assertEqual(bad.status_code, 422)
        self.assertIn("phone", bad.json()["errors"])
        unknown = self.client.put(url, {"on_participant_list": True,
                                        "shared_fields": ["answers"]},
                                  content_type="application/json")
        self.assertEqual(unknown.status_code, 422)

        withdrawn = self.client.put(url, {"on_participant_list": False},
                                    content_type="application/json")
        self.assertEqual(withdrawn.json()["on_participant_list"], False)
        self.assertEqual(self.olena.sharing_consents.count(), 2)

    def test_feedback_aggregates_for_the_organisers_only(self):
        Event.objects.filter(pk=self.event.pk).update(
            starts_at=timezone.now() - dt.timedelta(hours=2))
        EventFeedback.objects.create(registration=self.olena, event=self.event, usefulness=3,
                                     next_topics="Praca")
        url = f"/api/meetings/events/{self.event.slug}/feedback"
        for persona in (self.bob, self.charlie):
            self.login(persona)
            self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.alice)
        self.assertEqual(self.client.get(url).json(), {
            "count": 1, "average": 3.0,
            "distribution": {"5": 0, "4": 0, "3": 1, "2": 0, "1": 0},
            "next_topics": ["Praca"]})
