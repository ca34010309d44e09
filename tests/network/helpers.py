"""A small network for the tests: the personas' two organisations and three more, tied by one
meeting (organisers, presenters, registrants), a board, a distribution plan item."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.base import BaseTestCase
from tests.channels.helpers import make_channel
from tests.distribution.helpers import make_announcement
from tests.meetings.factories import make_event
from wspolnie.boards.models import Board, Card, Column
from wspolnie.distribution.models import PlanItem
from wspolnie.meetings.models import AgendaItem, Event, Registration
from wspolnie.network.services import rebuild_network
from wspolnie.organisations.models import Organisation

#: A registrant: never to appear in any graph data, page or export.
REGISTRANT_NAME = "Zofia Registrantka-Prywatna"
REGISTRANT_EMAIL = "zofia.prywatna@example.org"
MEETING_DAY = dt.datetime(2023, 9, 14, 10, tzinfo=dt.UTC)


def make_organisation(slug: str, name: str, status=Organisation.Status.APPROVED) -> Organisation:
    return Organisation.objects.create(name=name, slug=slug, kind=Organisation.Kind.NGO,
                                       status=status)


def register(event: Event, organisation_name: str, email: str, name: str = "Jan Kowalski",
             status=Registration.Status.ATTENDED) -> Registration:
    return Registration.objects.create(
        event=event, name=name, email=email, organisation_name=organisation_name,
        status=status, consent_given_at=timezone.now())


class NetworkTestCase(BaseTestCase):
    """org (alice, bob) and other_org (charlie) organised a meeting in 2023 where `presenter`
    and `speaker` presented; people from org and `guest` came. `poster` wrote on org's board;
    other_org's channel published `guest`'s announcement. `loner` has no tie; `pending` is
    not approved (never in the graph)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.presenter = make_organisation("prezenterzy", "Fundacja Prezenterzy")
        cls.speaker = make_organisation("mowcy", "Stowarzyszenie Mówcy")
        cls.guest = make_organisation("goscie", "Klub Goście")
        cls.poster = make_organisation("piszacy", "Grupa Pisząca")
        cls.loner = make_organisation("samotnia", "Dom Samotnia")
        cls.pending = make_organisation("oczekujaca", "Fundacja Oczekująca",
                                        status=Organisation.Status.PENDING)
        cls.event = make_event([cls.org, cls.other_org], starts_at=MEETING_DAY,
                               status=Event.Status.HELD)
        item = AgendaItem.objects.create(event=cls.event, title={"pl": "Panel"})
        item.speaker_organisations.set([cls.presenter, cls.speaker])
        register(cls.event, "  fundacja   testowa ", REGISTRANT_EMAIL, REGISTRANT_NAME)
        register(cls.event, "Klub Goście", "gosc@example.org")
        register(cls.event, "Fundacja Oczekująca", "czeka@example.org")
        register(cls.event, "Nieznana Organizacja", "ktos@example.org")
        register(cls.event, "Dom Samotnia", "odwolal@example.org",
                 status=Registration.Status.CANCELLED)
        board = Board.objects.create(organisation=cls.org, title="Stoliki")
        column = Column.objects.create(board=board, title="Pomysły")
        Card.objects.create(board=board, column=column, text="Wspólny kalendarz",
                            author_organisation=cls.poster, author_name=REGISTRANT_NAME)
        cls.board = board
        channel = make_channel(cls.other_org, "Portal Inne")
        announcement = make_announcement(cls.guest)
        PlanItem.objects.create(announcement=announcement, channel=channel,
                                status=PlanItem.Status.PUBLISHED,
                                done_at=dt.datetime(2023, 10, 2, 12, tzinfo=dt.UTC))
        rebuild_network()
